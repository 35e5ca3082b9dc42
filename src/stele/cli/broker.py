"""`stele test broker`: contract tests on a running message broker (docs/testing.md, Brokers).

Only click is imported here; pika and the judges load when the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from stele.cli.report_options import report_options
from stele.diagnostics import Severity

MAX_SECONDS = 86_400.0


@click.command("broker")
@click.option(
    "--url", required=True, help="amqp://user:password@host:5672/vhost or kafka://host:9092"
)
@click.option(
    "--channel",
    "channels",
    multiple=True,
    help="Only this channel (name, qualified name or address); repeatable. Default: every "
    "channel with a binding for the broker.",
)
@click.option(
    "--drive",
    is_flag=True,
    help="Send the contracts' examples to their channels and judge the replies, instead of "
    "observing.",
)
@click.option(
    "--max-messages",
    type=click.IntRange(1, 1_000_000),
    default=100,
    show_default=True,
    help="Observe: stop after judging this many messages.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, MAX_SECONDS, min_open=True),
    default=10.0,
    show_default=True,
    help="Observe: seconds to listen. Drive: seconds to wait for each reply (a gathering "
    "waits for its window).",
)
@click.option(
    "--offset",
    default="end",
    show_default=True,
    help="Kafka: where each partition is read from: end, beginning or an offset.",
)
@click.option(
    "--framing",
    type=click.Choice(("auto", "confluent", "none")),
    default="auto",
    show_default=True,
    help="Confluent schema-registry framing of Avro and Protobuf payloads.",
)
@click.option(
    "--max-bytes",
    default="16MiB",
    show_default=True,
    help="Largest payload decoded (bytes, KiB, MiB, GiB); a larger one is a finding.",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Path of stele.yaml (default: the nearest one at or above the current directory).",
)
@report_options
def broker_command(
    url: str,
    channels: tuple[str, ...],
    drive: bool,
    max_messages: int,
    timeout: float,
    offset: str,
    framing: str,
    max_bytes: str,
    config_path: Path | None,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Judge the messages on a running broker against the contracts, or drive its services."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.testrun import _workspace_and_artifacts, parse_size
    from stele.report import emit
    from stele.source.config_reader import load_config
    from stele.testing.broker import BrokerRequest, check_url, run_broker

    try:
        limit = parse_size(max_bytes)
    except click.BadParameter as exc:
        raise click.BadParameter(exc.message, param_hint="'--max-bytes'") from None
    if offset not in ("end", "beginning") and not (offset.isdigit() and len(offset) < 19):
        raise click.BadParameter(
            f"'{offset}' is not end, beginning or an offset", param_hint="'--offset'"
        )
    check_url(url)
    ws, artifacts = _workspace_and_artifacts(load_config(config_path))
    request = BrokerRequest(url, channels, max_messages, timeout, drive, framing, limit, offset)
    sys.exit(emit(run_broker(ws, artifacts, request), output, Severity(fail_on), exit_zero))
