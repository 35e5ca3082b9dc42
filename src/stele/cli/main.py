"""The `stele` command line. Thin: parse options, call the library, render, map to an exit code.

Only click and the standard library are imported at start-up; each command imports what it
needs when it runs, so `stele --version` and `stele lint` start fast.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import click

from stele import __version__
from stele.cli.compat_commands import check, diff, release, rules
from stele.cli.lazy import LazyGroup
from stele.cli.options import EXIT_CODES
from stele.cli.project_commands import generate, init, lint, lock, schema, sizes
from stele.cli.testing_commands import test_group
from stele.diagnostics import SteleError


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Imported when run (or listed by `stele --help`), not by every command's start-up.
    lazy={
        "cache": "stele.cli.cache:cache_group",
        "import": "stele.cli.import_cmd:import_command",
        "docs": "stele.cli.docs_cmd:docs_command",
        "explain": "stele.cli.explain:explain_command",
    },
    epilog=EXIT_CODES,
)
@click.version_option(__version__, "--version", prog_name="stele")
def cli() -> None:
    """stele: one source of message contracts, every artifact, proven compatible."""


# `stele --help` lists the commands by name; the order here does not show.
for _command in (init, lint, lock, generate, sizes, schema, diff, check, rules, release):
    cli.add_command(_command)
cli.add_command(test_group, "test")


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
    except Exception as exc:  # a bug in stele, not bad input, unless an extra is missing
        from stele.extras import as_missing_extra

        missing = as_missing_extra(exc)
        if missing is not None:
            for d in missing.diagnostics:
                click.echo(d.render(), err=True)
            sys.exit(missing.exit_code)
        if os.environ.get("STELE_DEBUG"):
            raise
        click.echo(f"stele: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("  rerun with STELE_DEBUG=1 for a traceback, and report it", err=True)
        sys.exit(3)
    sys.exit(0)
