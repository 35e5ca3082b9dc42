"""What every test run shares (docs/testing.md): nothing written into the repository, nothing
shared between two runs or two xdist workers.

- Each process (a serial run, or each xdist worker) gets one private scratch folder, removed when
  it ends. Hypothesis keeps its home (example database, constants cache) there instead of
  `.hypothesis/` in the working directory.
- STELE_NO_CACHE=1 for the whole run, subprocesses included: stele keeps its cache inside the
  project (`.stele-cache/`), and many tests run the CLI on this repository's own example project,
  so with the cache on they would write into the repository and two workers would share it.
  A test about the cache turns it back on for its own project in `tmp_path` with the
  `stele_cache` fixture.
- Hypothesis asserts no wall-clock limit: no deadline and no too-slow health check by default
  (a test's own @settings still wins for the keys it names). Under xdist two workers share the
  cores, and a timing limit would make a slow moment a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from _handler_guard import watch
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from hypothesis.database import DirectoryBasedExampleDatabase

ROOT = Path(__file__).resolve().parent.parent
# What a run must never create in the repository (see `_writes_nothing_into_the_repository`).
UNWRITTEN = (ROOT / ".stele-cache", ROOT / ".hypothesis")
SCRATCH = Path(tempfile.mkdtemp(prefix="stele-tests-"))
os.environ["STELE_NO_CACHE"] = "1"
set_hypothesis_home_dir(SCRATCH / "hypothesis")
settings.register_profile(
    "stele-tests",
    database=DirectoryBasedExampleDatabase(SCRATCH / "hypothesis" / "examples"),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("stele-tests")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(SCRATCH, ignore_errors=True)


@pytest.fixture
def stele_cache() -> Iterator[None]:
    """stele's cache turned on for this test (only for projects in `tmp_path`). It restores the
    variable itself, so a test's own `monkeypatch.undo()` leaves the cache on."""
    saved = os.environ.pop("STELE_NO_CACHE", None)
    yield
    if saved is not None:
        os.environ["STELE_NO_CACHE"] = saved


@pytest.fixture(autouse=True)
def _findings_made_by_their_handlers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every finding stele makes during a test (the case files' above all) is made inside a
    handler that declares its rule (`_handler_guard`, `stele.compat.handlers`)."""
    misplaced = watch(monkeypatch)
    yield
    assert misplaced == [], "findings made outside their rules' handlers"


@pytest.fixture(autouse=True)
def _writes_nothing_into_the_repository(request: pytest.FixtureRequest) -> Iterator[None]:
    """A warning naming the test during which `.stele-cache/` or `.hypothesis/` appeared in the
    repository. A warning, not a failure: someone running stele in the checkout at the same
    time creates them too."""
    before = [p.exists() for p in UNWRITTEN]
    yield
    # The cache off again for the next test, whatever the order in which this test's
    # `stele_cache` and `monkeypatch` were undone (a monkeypatch.setenv of STELE_NO_CACHE made
    # while the cache was on restores "unset" when it is undone after `stele_cache`).
    os.environ["STELE_NO_CACHE"] = "1"
    for path, existed in zip(UNWRITTEN, before, strict=True):
        if not existed and path.exists():
            warnings.warn(
                f"{request.node.nodeid} created {path.name} in the repository", stacklevel=1
            )
