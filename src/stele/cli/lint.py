"""`stele lint`."""

from __future__ import annotations

from pathlib import Path

from stele.config import Config
from stele.diagnostics import SteleError
from stele.lock import apply_lock, read_lock
from stele.report.diagnostics import diagnostics_report
from stele.report.model import Report
from stele.source.loader import load

# Diagnostics that mean there is nothing to lint: the input cannot be read at all (exit 2).
UNREADABLE = frozenset({"S030", "S031"})


def lint_report(config: Config, paths: list[Path]) -> Report:
    sources = paths or [config.root / s for s in config.sources]
    result = load(sources, config.root)
    diagnostics = list(result.diagnostics)
    unreadable = [d for d in diagnostics if d.code in UNREADABLE]
    if unreadable:
        raise SteleError(unreadable)
    if result.project is not None:
        # Numbering problems (reserved reuse, renumbering against the lock) are lint findings too.
        _, _, numbering = apply_lock(
            result.project, read_lock(config.lock_path, config.lock), config.lock
        )
        diagnostics = sorted([*diagnostics, *numbering])
    # The loader's order: errors of a file that did not load whole first, then by place.
    return diagnostics_report("lint", diagnostics, result.files, keep_order=True)
