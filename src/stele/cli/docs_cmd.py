"""`stele docs [--out DIR]`: the contract catalogue as a static site (docs/catalogue.md).

Thin, as every command: click and the standard library here; the site builder is loaded when
the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("docs")
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("site"),
    show_default=True,
    help="The folder to write the site to, inside the project; replaced whole.",
)
@click.option("--no-sizes", is_flag=True, help="Leave out the encoded sizes (faster).")
@click.option("--no-history", is_flag=True, help="Leave out the release history (faster).")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Path of stele.yaml (default: the nearest one at or above the current directory).",
)
def docs_command(out: Path, no_sizes: bool, no_history: bool, config_path: Path | None) -> None:
    """Write the contract catalogue: a static site of every package, service, channel, message
    and type, the architecture drawn, the release history and the generated artifacts."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.source.config_reader import load_config

    config = load_config(config_path)
    sys.exit(run_docs(config, out, sizes=not no_sizes, history=not no_history))


def run_docs(config: object, out: Path, *, sizes: bool = True, history: bool = True) -> int:
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.config import Config
    from stele.site.make import make_site
    from stele.site.target import site_target, write_site
    from stele.transaction import project_run
    from stele.write_errors import shown_path

    assert isinstance(config, Config)
    target = site_target(config, out)
    shown = shown_path(config, target)
    with project_run(config, "stele docs"):
        files = make_site(config, sizes=sizes, history=history)
        write_site(target, files, shown)
    pages = sum(name.endswith(".html") for name in files)
    click.echo(f"wrote {pages} pages ({len(files)} files) to {shown}/")
    return 0
