"""`stele generate` and `stele lock`."""

from __future__ import annotations

import click

from stele.config import Config
from stele.diagnostics import Severity
from stele.report import emit
from stele.report.model import Report
from stele.workspace import Workspace, open_workspace


def run_lock(config: Config, check: bool) -> int:
    ws = open_workspace(config)
    if not ws.lock_changed:
        click.echo(f"{config.lock} is up to date")
        return 0
    if check:
        click.echo(f"{config.lock} is out of date: run `stele lock`", err=True)
        return 1
    from stele.generate import write_text_atomic

    write_text_atomic(config.lock_path, ws.lock_text)
    click.echo(f"updated {config.lock}")
    return 0


def run_generate(
    config: Config,
    check: bool,
    formats: tuple[str, ...],
    output: str | None = None,
    fail_on: Severity = Severity.ERROR,
    exit_zero: bool = False,
) -> int:
    from stele.cache import cached_artifacts
    from stele.generate import write_text_atomic, write_tree

    ws = open_workspace(config)
    artifacts = cached_artifacts(ws, formats or None)
    if check:
        return emit(check_report(ws, artifacts), output, fail_on, exit_zero)
    output_dir = config.output_path
    if formats:
        # A partial run keeps the other formats' files.
        current = (
            {
                p.relative_to(output_dir).as_posix(): p.read_bytes()
                for p in output_dir.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            }
            if output_dir.is_dir()
            else {}
        )
        artifacts = dict(sorted({**current, **artifacts}.items()))
    write_tree(artifacts, output_dir)
    if ws.lock_changed:
        write_text_atomic(config.lock_path, ws.lock_text)
        click.echo(f"updated {config.lock}")
    click.echo(f"wrote {len(artifacts)} artifacts to {config.output}/")
    return 0


def check_report(ws: Workspace, artifacts: dict[str, bytes]) -> Report:
    """`generate --check`: one result per stale file, one check per generated folder."""
    from stele.report.staleness import ADVICE, lock_result, stale_results

    config = ws.config
    results, checks = stale_results(artifacts, config.output_path, config.output)
    checks.append(f"lock {config.lock}")
    if ws.lock_changed:
        results.append(lock_result(config.lock))
    return Report.of("generate --check", results, checks, files=len(artifacts), advice=ADVICE)
