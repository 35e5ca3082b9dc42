"""`stele cache info` and `stele cache clean`: the project's `.stele-cache/` folder."""

from __future__ import annotations

from pathlib import Path

import click


def _root(config_path: Path | None) -> Path:
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.source.config_reader import load_config

    return Path(load_config(config_path).root)


@click.group("cache")
def cache_group() -> None:
    """The generation cache under .stele-cache/ (docs/performance.md)."""


_config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Path of stele.yaml (default: the nearest one at or above the current directory).",
)


@cache_group.command("info")
@_config_option
def cache_info(config_path: Path | None) -> None:
    """Where the cache is, its entries and bytes per folder, and its bound."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cache import CACHE_DIR, MAX_BYTES_ENV, max_bytes, usage

    root = _root(config_path)
    folders = usage(root)
    click.echo(f"location: {root / CACHE_DIR}")
    for u in folders:
        click.echo(f"{u.folder}: {u.entries} entries, {u.bytes:,} bytes")
    entries = sum(u.entries for u in folders)
    total = sum(u.bytes for u in folders)
    click.echo(f"total: {entries} entries, {total:,} bytes")
    click.echo(f"bound of artifacts: {max_bytes():,} bytes ({MAX_BYTES_ENV})")


@cache_group.command("clean")
@_config_option
def cache_clean(config_path: Path | None) -> None:
    """Remove the project's cache folder; the next run rebuilds what it needs."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cache import CACHE_DIR, clear, usage

    root = _root(config_path)
    total = sum(u.bytes for u in usage(root))
    clear(root)
    click.echo(f"removed {root / CACHE_DIR} ({total:,} bytes)")
