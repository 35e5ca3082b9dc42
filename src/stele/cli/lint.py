"""`stele lint`."""

from __future__ import annotations

from pathlib import Path

from stele.config import Config
from stele.lock import apply_lock, read_lock
from stele.report.diagnostics import diagnostics_report
from stele.report.model import Report
from stele.source.loader import load


def lint_report(config: Config, paths: list[Path]) -> Report:
    sources = paths or [config.root / s for s in config.sources]
    result = load(sources, config.root)
    diagnostics = list(result.diagnostics)
    if result.project is not None:
        # Numbering problems (reserved reuse, renumbering against the lock) are lint findings too.
        _, _, numbering = apply_lock(result.project, read_lock(config.lock_path), config.lock)
        diagnostics = sorted([*diagnostics, *numbering])
    return diagnostics_report("lint", diagnostics, result.files)
