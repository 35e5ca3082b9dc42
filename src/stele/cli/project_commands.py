"""The commands over a contract project: `init`, `lint`, `lock`, `generate`, `sizes`, `schema`.

Each imports what it needs when it runs (docs/performance.md: start-up).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from stele.cli.options import (
    GENERATE_FORMATS,
    SEED_MAX,
    SEED_MIN,
    config_option,
    project_config,
)
from stele.cli.report_options import SEVERITIES, report_options
from stele.diagnostics import Severity, SteleError


@click.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=".")
def init(directory: Path) -> None:
    """Create a new contract project with one example contract."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.init import init_project

    for line in init_project(directory):
        click.echo(line)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@report_options
@click.option(
    "--verbose", "-v", is_flag=True, help="Show every info (text output folds known ones)."
)
def lint(
    paths: tuple[Path, ...],
    config_path: Path | None,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
    verbose: bool,
) -> None:
    """Check contract files: syntax, names, types, values, channels, operations, numbers."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.lint import folded_infos, lint_report, render_text
    from stele.report import emit, resolve_output, use_color
    from stele.report.model import exit_code

    chosen = resolve_output(output)
    try:
        config = project_config(config_path, project_needed=not paths)
        report = lint_report(config, list(paths))
    except SteleError as exc:
        # start-up: imported when the command runs (stele.cli.lazy)
        from stele.cli.compat import echo_stopped

        echo_stopped("lint", exc, chosen, Severity(fail_on))
        raise
    if chosen != "text" or verbose or Severity(fail_on) is Severity.INFO:
        sys.exit(emit(report, output, Severity(fail_on), exit_zero))
    folded = folded_infos(report, config, list(paths))
    click.echo(render_text(report, folded, use_color()), nl=False)
    sys.exit(exit_code(report, Severity(fail_on), exit_zero))


@click.command()
@config_option
@click.option(
    "--check", is_flag=True, help="Exit 1 if the lock file is out of date; write nothing."
)
def lock(config_path: Path | None, check: bool) -> None:
    """Assign Protobuf numbers to new fields and record them in the lock file."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.generate import run_lock

    sys.exit(run_lock(project_config(config_path), check))


@click.command()
@config_option
@click.option("--check", is_flag=True, help="Exit 1 and list stale files; write nothing.")
@click.option(
    "--format",
    "formats",
    multiple=True,
    # An unknown name generated nothing and exited 0.
    type=click.Choice(GENERATE_FORMATS),
    help="Generate only these formats (repeatable); default: the formats in stele.yaml.",
)
@report_options
def generate(
    config_path: Path | None,
    check: bool,
    formats: tuple[str, ...],
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Generate every artifact under the output directory, validated by its real consumer.

    --output, --fail-on and --exit-zero apply to --check.
    """
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.generate import run_generate

    config = project_config(config_path)
    sys.exit(run_generate(config, check, formats, output, Severity(fail_on), exit_zero))


SIZES_OUTPUTS = ("text", "json", "csv", "markdown", "sarif", "junit", "github")


@click.command()
@config_option
@click.option(
    "--output",
    "-o",
    type=click.Choice(SIZES_OUTPUTS),
    default=None,
    help="text, json, csv, markdown: the table and its findings; sarif, junit, github: the "
    "findings (default: text; github for --check under GitHub Actions).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="error",
    show_default=True,
    help="With --check: exit 1 when a finding has this severity or a higher one.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="With --check: exit 0 even when a budget is exceeded (still exits 2 on bad input).",
)
@click.option(
    "--against", metavar="REF", help="Size baseline file, directory, release or git revision."
)
@click.option("--check", is_flag=True, help="Exit 1 when a message is over its budget.")
@click.option("--update-baseline", is_flag=True, help="Write the sizes to compat/sizes.json.")
@click.option("--plot", type=click.Path(path_type=Path, dir_okay=False), help="Write an SVG chart.")
# Options that size the work are bounded (stele.cli.sizes.MAX_*, repeated here so that the
# command line starts without importing the measuring code).
@click.option(
    "--generate",
    type=click.IntRange(0, 1000),
    default=0,
    help="Generated values per message (at most 1000).",
)
@click.option("--seed", type=click.IntRange(SEED_MIN, SEED_MAX), default=0, show_default=True)
@click.option(
    "--list-length",
    default="1-3",
    show_default=True,
    help="Items per generated list or map: N or MIN-MAX, at most 10.",
)
@click.option(
    "--string-length",
    default="4-16",
    show_default=True,
    help="Characters per generated string: N or MIN-MAX, at most 1024.",
)
@click.option("--optional-presence", type=click.FloatRange(0, 1), default=0.5, show_default=True)
@click.option("--types", "include_types", is_flag=True, help="Measure type examples too.")
@click.option("--registry-framing", is_flag=True, help="Add the avro-registry column.")
@click.option("--runs", type=click.IntRange(1, 100), default=5, show_default=True)
@click.option("--no-timing", is_flag=True, help="Measure bytes only.")
@click.option("--no-hints", is_flag=True)
def sizes(config_path: Path | None, **opts: Any) -> None:
    """Encoded bytes and speed of every message in every format, against budgets and a baseline."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.sizes import run_sizes, sizes_request

    sys.exit(run_sizes(project_config(config_path), sizes_request(**opts)))


@click.command()
def schema() -> None:
    """Print the JSON Schema of the contract language (for editors)."""
    from importlib.resources import files

    click.echo(files("stele").joinpath("schemas/contract.schema.json").read_text("utf-8"), nl=False)
