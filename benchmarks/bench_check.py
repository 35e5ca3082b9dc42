"""Benchmark: `stele check` on the 1,000-type synthetic project against its last release.

    python benchmarks/bench_check.py [--types 1000] [--repeat 3]

Writes `synthetic.py`'s project (records of 10 fields in 20 packages, events and channels),
locks it and releases it as 1.0.0, then applies a few evolutions (an optional field added to
five event bodies, an `int32` widened to `int64`, an enum symbol added, an optional field
removed, a field renamed with `renamed_from`) and times `stele check` against the release:

- with the contract judges (this version: verdicts reported, the artifact checkers and the codecs
  compared with them) and without them (the artifact checkers alone, as the last release
  reported), so the cost of the contract layer shows;
- with and without the verification by codecs (`--no-verify`);
- cold (STELE_NO_CACHE=1: both versions generated, every checker run) and warm (the artifact and
  check caches filled; the contract verdicts and the comparison are computed on every run).

Figures are wall-clock seconds of this process, the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_project

from stele.compat import opinions
from stele.compat.check_run import CheckRun, run_check
from stele.compat.model import Mode
from stele.source.config_reader import load_config


def evolve(root: Path) -> None:
    """A handful of changes, as a release cycle brings them."""
    first = root / "contracts" / "pkg0.yaml"
    text = first.read_text()
    for t in range(5):  # the bodies of pkg0's five events
        text = text.replace(
            f"  Record{t}:\n    doc: Synthetic record {t}.\n    fields:\n",
            f"  Record{t}:\n    doc: Synthetic record {t}.\n    fields:\n      note_{t}: string?\n",
        )
    text = text.replace("enum: [NEW, ACTIVE, CLOSED]", "enum: [NEW, ACTIVE, CLOSED, ARCHIVED]")
    first.write_text(text)
    second = root / "contracts" / "pkg1.yaml"
    text = second.read_text()
    # The second record of pkg1 has no example (every tenth record has one): its fields change.
    records = re.findall(r"\n  (Record\d+):\n", text)
    head, _, rest = text.partition(f"\n  {records[1]}:\n")
    body, sep, tail = rest.partition(f"\n  {records[2]}:\n")
    body = re.sub(r"\n      field_(\d): int32\n", r"\n      field_\1: int64\n", body, count=1)
    body = re.sub(r"\n      field_(\d): (string|bool|bytes)\?\n", "\n", body, count=1)
    body = re.sub(
        r"\n      field_(\d): (int64|float64|string|uuid)\n",
        lambda m: f"\n      renamed_{m[1]}: {{type: {m[2]}, renamed_from: [field_{m[1]}]}}\n",
        body,
        count=1,
    )
    second.write_text(f"{head}\n  {records[1]}:\n{body}{sep}{tail}")


@contextmanager
def environment(no_cache: bool, judges: bool) -> Iterator[None]:
    saved_env = os.environ.get("STELE_NO_CACHE")
    saved_verdicts = opinions.contract_verdicts
    if no_cache:
        os.environ["STELE_NO_CACHE"] = "1"
    else:
        os.environ.pop("STELE_NO_CACHE", None)
    if not judges:
        opinions.contract_verdicts = lambda *args, **kwargs: None  # type: ignore[assignment]
    try:
        yield
    finally:
        opinions.contract_verdicts = saved_verdicts  # type: ignore[assignment]
        if saved_env is None:
            os.environ.pop("STELE_NO_CACHE", None)
        else:
            os.environ["STELE_NO_CACHE"] = saved_env


def timed(fn: Callable[[], CheckRun], repeat: int) -> tuple[float, CheckRun]:
    times = []
    run = None
    for _ in range(repeat):
        start = time.perf_counter()
        run = fn()
        times.append(time.perf_counter() - start)
    assert run is not None
    return statistics.median(times), run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from stele.cli.generate import run_lock
    from stele.compat.release import release

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_project(root, args.types, 10, packages=20)
        config = load_config(root / "stele.yaml")
        run_lock(config, check=False)
        release(config, "1.0.0")
        evolve(root)
        run_lock(config, check=False)
        with environment(True, True):
            run_check(config, None, Mode.BACKWARD, True)  # imports and protoc warmed up
        rows = []
        for judges in (True, False):
            for verify in (False, True):
                for cold in (True, False):
                    with environment(cold, judges):
                        if not cold:
                            run_check(config, None, Mode.BACKWARD, verify)  # fill the caches
                        seconds, run = timed(
                            lambda v=verify: run_check(config, None, Mode.BACKWARD, v),
                            args.repeat,
                        )
                    findings = sum(len(b.findings) for b in run.baselines)
                    changes = sum(len(m.rows) for m in run.matrices)
                    rows.append((judges, verify, cold, seconds, findings, changes))
    print(f"`stele check` against 1.0.0, {args.types} record types, median of {args.repeat}")
    print("| pipeline | codecs | caches | wall s | findings | matrix rows |")
    print("|---|---|---|---|---|---|")
    for judges, verify, cold, seconds, findings, changes in rows:
        pipeline = "contract verdicts + 2 opinions" if judges else "artifact checkers only"
        print(
            f"| {pipeline} | {'verified' if verify else '--no-verify'} "
            f"| {'cold' if cold else 'warm'} | {seconds:.2f} | {findings} | {changes} |"
        )


if __name__ == "__main__":
    main()
