"""Helpers of the `stele check` / `diff` / `rules` / `release` tests: run the CLI in process and
copy the example project."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from stele.cli.main import cli
from stele.diagnostics import SteleError

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str]) -> tuple[int, str]:
    """Exit code and stdout of `stele ARGS`, as `stele.cli.main.main` maps them."""
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    if isinstance(result.exception, SteleError):
        return 2, result.output + "\n".join(d.render() for d in result.exception.diagnostics)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def copy_project(target: Path, releases: bool = True) -> Path:
    """A copy of the example project's inputs (config, contracts, lock, released snapshots)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "stele.yaml", target / "stele.yaml")
    shutil.copytree(ROOT / "contracts", target / "contracts")
    (target / "compat").mkdir()
    shutil.copy(ROOT / "compat" / "stele.lock", target / "compat" / "stele.lock")
    if releases:
        shutil.copytree(ROOT / "compat" / "releases", target / "compat" / "releases")
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of `old` in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# The example acknowledges that old OpenAPI clients reject DeliveryState.CANCELLED; tests about
# an unacknowledged break take the acknowledgement away.
CANCELLED_ACK = """        acknowledge:
          - rule: contract-enum-symbol-added
            reason: >-
              The courier app and the order tracking page show an unknown state as "in
              progress" since release 1.1.0; no client validates the state against a list.
            expires: 2.0.0
"""


def drop_cancelled_ack(root: Path) -> None:
    edit(root / "contracts" / "delivery.yaml", CANCELLED_ACK, "")
