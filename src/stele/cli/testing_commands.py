"""The contract-test commands: `stele test` (examples), `stele test messages SOURCE`,
`stele test http`; `stele test broker` is registered lazily."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from stele.cli.lazy import LazyGroup
from stele.cli.options import MAX_SECONDS, SEED_MAX, SEED_MIN, config_option, project_config
from stele.cli.report_options import report_options
from stele.diagnostics import Severity

CAPTURE_FORMATS = ("jsonl", "avro-ocf", "framed", "proto-delimited")


@click.group(
    "test",
    cls=LazyGroup,
    invoke_without_command=True,
    lazy={"broker": "stele.cli.broker:broker_command"},
)
@config_option
@report_options
@click.pass_context
def test_group(
    ctx: click.Context,
    config_path: Path | None,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Validate every example against every artifact and round-trip it through every format.

    Subcommands test captured messages (`messages`) and a live HTTP service (`http`).
    """
    if ctx.invoked_subcommand is not None:
        return
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.testrun import run_examples_command

    sys.exit(
        run_examples_command(project_config(config_path), output, Severity(fail_on), exit_zero)
    )


@test_group.command("messages")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(CAPTURE_FORMATS), help="Default: by suffix.")
@click.option(
    "--schema-map",
    type=click.Path(path_type=Path, dir_okay=False),
    help="YAML file mapping registry schema ids (or subjects) to messages.",
)
@click.option("--message-type", help="The message of every record (proto-delimited, avro-ocf).")
@click.option(
    "--payload",
    type=click.Choice(("avro", "protobuf")),
    default="avro",
    show_default=True,
    help="What framed records carry.",
)
@click.option(
    "--max-message-size",
    default="16MiB",
    show_default=True,
    help="Largest record read (bytes, KiB, MiB, GiB); a larger one is a finding and skipped.",
)
@config_option
@report_options
def test_messages(
    source: Path,
    fmt: str | None,
    schema_map: Path | None,
    message_type: str | None,
    payload: str,
    max_message_size: str,
    config_path: Path | None,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Validate captured messages: bodies, headers and interaction styles."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.testrun import run_messages_command

    code = run_messages_command(
        project_config(config_path),
        source,
        fmt,
        schema_map,
        message_type,
        payload,
        max_message_size,
        output,
        Severity(fail_on),
        exit_zero,
    )
    sys.exit(code)


@test_group.command("http")
@click.option(
    "--base-url", required=True, help="Where the service runs, e.g. http://127.0.0.1:8080"
)
@click.option("--max-examples", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--seed", type=click.IntRange(SEED_MIN, SEED_MAX), default=0, show_default=True)
@click.option(
    "--operation",
    "operations",
    multiple=True,
    help="Only this operation (operationId, Service.Operation or a service); repeatable.",
)
@click.option(
    "--request-timeout",
    type=click.FloatRange(0, MAX_SECONDS, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds for one request, redirects and body included; then a finding.",
)
@click.option(
    "--total-timeout",
    type=click.FloatRange(0, MAX_SECONDS, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds for the whole run; then a finding, and no further request.",
)
@click.option(
    "--max-response-bytes",
    type=click.IntRange(1, 1 << 30),
    default=10 * 1024 * 1024,
    show_default=True,
    help="Largest response body read; a larger one is a finding.",
)
@click.option(
    "--allow-redirects-to",
    "redirect_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Follow redirects to this origin (scheme://host[:port]) too; repeatable. By default "
    "only redirects within the base URL's origin are followed.",
)
@config_option
@report_options
def test_http(
    base_url: str,
    max_examples: int,
    seed: int,
    operations: tuple[str, ...],
    request_timeout: float,
    total_timeout: float,
    max_response_bytes: int,
    redirect_origins: tuple[str, ...],
    config_path: Path | None,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Run schemathesis with the generated OpenAPI against a live service."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.testrun import run_http_command
    from stele.testing.http_client import HttpLimits

    limits = HttpLimits(request_timeout, total_timeout, max_response_bytes, redirect_origins)
    code = run_http_command(
        project_config(config_path),
        base_url,
        max_examples,
        seed,
        operations,
        limits,
        output,
        Severity(fail_on),
        exit_zero,
    )
    sys.exit(code)
