"""`stele generate` and `stele lock`."""

from __future__ import annotations

import os
from pathlib import Path

import click

from stele.config import Config
from stele.diagnostics import Diagnostic, Severity
from stele.generate import cached_artifacts
from stele.report import emit
from stele.report.model import Report
from stele.report.staleness import ADVICE, lock_result, stale_results
from stele.transaction import MARKER, MARKER_TEXT, Change, check_replaceable, commit, project_run
from stele.workspace import Workspace, open_workspace
from stele.write_errors import setting_span


def run_lock(config: Config, check: bool) -> int:
    if check:
        ws = open_workspace(config)
        if ws.lock_changed:
            click.echo(f"{config.lock} is out of date: run `stele lock`", err=True)
            return 1
        click.echo(f"{config.lock} is up to date")
        return 0

    with project_run(config, "stele lock"):
        ws = open_workspace(config)
        if not ws.lock_changed:
            click.echo(f"{config.lock} is up to date")
            return 0
        _warn(commit(config, Change(lock=config.lock_path, lock_text=ws.lock_text), "stele lock"))
    click.echo(f"updated {config.lock}")
    return 0


def _warn(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        click.echo(d.render(), err=True)


def run_generate(
    config: Config,
    check: bool,
    formats: tuple[str, ...],
    output: str | None = None,
    fail_on: Severity = Severity.ERROR,
    exit_zero: bool = False,
) -> int:
    if check:
        ws = open_workspace(config)
        artifacts = with_marker(cached_artifacts(ws, formats or None))
        return emit(check_report(ws, artifacts), output, fail_on, exit_zero)
    with project_run(config, "stele generate"):
        ws = open_workspace(config)
        artifacts = with_marker(cached_artifacts(ws, formats or None))
        artifacts = _write(config, ws, artifacts, bool(formats))
    if ws.lock_changed:
        click.echo(f"updated {config.lock}")
    click.echo(f"wrote {len(artifacts)} artifacts to {config.output}/")
    return 0


def with_marker(artifacts: dict[str, bytes]) -> dict[str, bytes]:
    """The artifacts and the marker file that tells stele the output folder is its own."""
    return dict(sorted({**artifacts, MARKER: MARKER_TEXT}.items()))


def _write(
    config: Config, ws: Workspace, artifacts: dict[str, bytes], partial: bool
) -> dict[str, bytes]:
    """Write the tree and the lock as one transaction; returns the tree written."""
    output_dir = config.output_path
    if partial:
        # A partial run keeps the other formats' files, of a folder stele may replace.
        span = setting_span(config, "output")
        check_replaceable(output_dir, span, config.output, planned=tuple(artifacts))
        artifacts = dict(sorted({**_kept_files(output_dir), **artifacts}.items()))
    change = Change(
        tree=output_dir,
        files=artifacts,
        lock=config.lock_path if ws.lock_changed else None,
        lock_text=ws.lock_text,
    )
    _warn(commit(config, change, "stele generate"))
    return artifacts


def _kept_files(output_dir: Path) -> dict[str, bytes]:
    """The files of the output folder, links not followed (a link could lead out of it)."""
    kept: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(output_dir, followlinks=False):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink() and path.is_file():
                kept[path.relative_to(output_dir).as_posix()] = path.read_bytes()
    return kept


def check_report(ws: Workspace, artifacts: dict[str, bytes]) -> Report:
    """`generate --check`: one result per stale file, one check per generated folder."""
    config = ws.config
    results, checks = stale_results(artifacts, config.output_path, config.output)
    checks.append(f"lock {config.lock}")
    if ws.lock_changed:
        results.append(lock_result(config.lock))
    return Report.of("generate --check", results, checks, files=len(artifacts), advice=ADVICE)
