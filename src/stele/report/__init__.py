"""Reporters: one result model (`model.Report`), one renderer module per output format.

Commands build a `Report` and call `emit(report, output, fail_on, exit_zero)`, which prints it
in the chosen format and returns the exit code.
"""

from __future__ import annotations

import os
import sys

import click

from stele.diagnostics import Severity
from stele.report.model import Report, exit_code

OUTPUTS = ("text", "json", "sarif", "junit", "github")


def resolve_output(requested: str | None) -> str:
    """The output format: as asked, else `github` under GitHub Actions, else `text`."""
    if requested:
        return requested
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def render(
    report: Report, output: str, fail_on: Severity = Severity.ERROR, color: bool = False
) -> str:
    if output == "json":
        from stele.report import json_report  # start-up: the chosen renderer only

        return json_report.render(report)
    if output == "sarif":
        from stele.report import sarif  # start-up: the chosen renderer only

        return sarif.render(report)
    if output == "junit":
        from stele.report import junit  # start-up: the chosen renderer only

        return junit.render(report, fail_on)
    if output == "github":
        from stele.report import github  # start-up: the chosen renderer only

        return github.render(report)
    from stele.report import text  # start-up: the chosen renderer only

    return text.render(report, color)


def emit(
    report: Report, output: str | None, fail_on: Severity = Severity.ERROR, exit_zero: bool = False
) -> int:
    """Print `report` to stdout in the resolved output format; the exit code it calls for."""
    chosen = resolve_output(output)
    click.echo(render(report, chosen, fail_on, color=use_color() and chosen == "text"), nl=False)
    return exit_code(report, fail_on, exit_zero)
