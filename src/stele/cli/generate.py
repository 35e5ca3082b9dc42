"""`stele generate` and `stele lock`."""

from __future__ import annotations

import click

from stele.config import Config
from stele.workspace import open_workspace


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


def run_generate(config: Config, check: bool, formats: tuple[str, ...]) -> int:
    from stele.generate import build_artifacts, compare, write_text_atomic, write_tree

    ws = open_workspace(config)
    artifacts = build_artifacts(ws, formats or None)
    output = config.output_path
    if check:
        stale = compare(artifacts, output, config.output)
        lines = stale.lines()
        if ws.lock_changed:
            lines.insert(0, f"changed: {config.lock}")
        if lines:
            click.echo("generated artifacts are stale; run `stele generate`:", err=True)
            for line in lines:
                click.echo(f"  {line}", err=True)
            return 1
        click.echo(f"{len(artifacts)} artifacts in {config.output}/ are up to date")
        return 0
    if formats:
        # A partial run keeps the other formats' files.
        current = (
            {
                p.relative_to(output).as_posix(): p.read_bytes()
                for p in output.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            }
            if output.is_dir()
            else {}
        )
        artifacts = dict(sorted({**current, **artifacts}.items()))
    write_tree(artifacts, output)
    if ws.lock_changed:
        write_text_atomic(config.lock_path, ws.lock_text)
        click.echo(f"updated {config.lock}")
    click.echo(f"wrote {len(artifacts)} artifacts to {config.output}/")
    return 0
