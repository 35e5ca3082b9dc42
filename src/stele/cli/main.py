"""The `stele` command line. Thin: parse options, call the library, render, map to an exit code.

Only click and the standard library are imported at start-up; each command imports what it
needs when it runs, so `stele --version` and `stele lint` start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from stele import __version__
from stele.diagnostics import Severity, SteleError

OUTPUTS = ("text", "json")
SEVERITIES = ("error", "warning", "info")

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Path of stele.yaml (default: the nearest one at or above the current directory).",
)


def _config(config_path: Path | None):  # type: ignore[no-untyped-def]
    from stele.config import load_config

    return load_config(config_path)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="stele")
def cli() -> None:
    """stele: one source of message contracts, every artifact, proven compatible."""


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=".")
def init(directory: Path) -> None:
    """Create a new contract project with one example contract."""
    from stele.cli.init import init_project

    for line in init_project(directory):
        click.echo(line)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@click.option("--output", "-o", type=click.Choice(OUTPUTS), default="text", show_default=True)
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="error", show_default=True)
def lint(paths: tuple[Path, ...], config_path: Path | None, output: str, fail_on: str) -> None:
    """Check contract files: syntax, names, types, values, channels, operations, numbers."""
    from stele.cli.lint import run_lint

    text, code = run_lint(_config(config_path), list(paths), output, Severity(fail_on), _color())
    click.echo(text, nl=False)
    sys.exit(code)


@cli.command()
@config_option
@click.option(
    "--check", is_flag=True, help="Exit 1 if the lock file is out of date; write nothing."
)
def lock(config_path: Path | None, check: bool) -> None:
    """Assign Protobuf numbers to new fields and record them in the lock file."""
    from stele.cli.generate import run_lock

    sys.exit(run_lock(_config(config_path), check))


@cli.command()
@config_option
@click.option("--check", is_flag=True, help="Exit 1 and list stale files; write nothing.")
@click.option(
    "--format",
    "formats",
    multiple=True,
    help="Generate only these formats (repeatable); default: the formats in stele.yaml.",
)
def generate(config_path: Path | None, check: bool, formats: tuple[str, ...]) -> None:
    """Generate every artifact under the output directory, validated by its real consumer."""
    from stele.cli.generate import run_generate

    sys.exit(run_generate(_config(config_path), check, formats))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the contract language (for editors)."""
    from importlib.resources import files

    click.echo(files("stele").joinpath("schemas/contract.schema.json").read_text("utf-8"), nl=False)


def main() -> NoReturn:
    """Entry point: every error becomes a message and an exit code, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except SteleError as exc:
        for d in exc.diagnostics:
            click.echo(d.render(), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug in stele, not bad input
        if os.environ.get("STELE_DEBUG"):
            raise
        click.echo(f"stele: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("  rerun with STELE_DEBUG=1 for a traceback, and report it", err=True)
        sys.exit(3)
    sys.exit(0)
