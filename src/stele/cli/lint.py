"""`stele lint`."""

from __future__ import annotations

from pathlib import Path

from stele.config import Config
from stele.diagnostics import Severity
from stele.lock import apply_lock, read_lock
from stele.report.diagnostics import exit_code, render_json, render_text
from stele.source.loader import load


def run_lint(
    config: Config, paths: list[Path], output: str, fail_on: Severity, color: bool
) -> tuple[str, int]:
    sources = paths or [config.root / s for s in config.sources]
    result = load(sources, config.root)
    diagnostics = list(result.diagnostics)
    if result.project is not None:
        # Numbering problems (reserved reuse, renumbering against the lock) are lint findings too.
        _, _, numbering = apply_lock(result.project, read_lock(config.lock_path), config.lock)
        diagnostics = sorted([*diagnostics, *numbering])
    files = len(result.files)
    text = (
        render_json(diagnostics, files)
        if output == "json"
        else render_text(diagnostics, files, color)
    )
    return text, exit_code(diagnostics, fail_on)
