"""The options every reporting command shares: --output, --fail-on, --exit-zero."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from stele.report import OUTPUTS

SEVERITIES = ("error", "warning", "info")
F = TypeVar("F", bound=Callable[..., Any])


def report_options(command: F) -> F:
    """Adds `output: str | None`, `fail_on: str` and `exit_zero: bool` parameters."""
    command = click.option(
        "--exit-zero",
        is_flag=True,
        help="Exit 0 even when there are findings (still exits 2 on bad input).",
    )(command)
    command = click.option(
        "--fail-on",
        type=click.Choice(SEVERITIES),
        default="error",
        show_default=True,
        help="Exit 1 when a finding has this severity or a higher one.",
    )(command)
    command = click.option(
        "--output",
        "-o",
        type=click.Choice(OUTPUTS),
        default=None,
        help="Output format (default: github under GitHub Actions, else text).",
    )(command)
    return command
