"""`stele test`, `stele test messages`, `stele test http`: command bodies.

Each builds a `Report` of results and renders it through the shared reporters; bad input (an
unreadable capture, garbage bytes, an unreachable URL) is a SteleError, exit code 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stele.config import Config
from stele.diagnostics import Severity
from stele.encode import Codecs
from stele.generate import cached_artifacts
from stele.report import emit
from stele.report.model import Report
from stele.testing.examples import example_cases, run_examples
from stele.testing.http import HttpRequest, run_http
from stele.testing.messages import CaptureRequest, messages_report
from stele.workspace import open_workspace

if TYPE_CHECKING:
    from stele.testing.http_client import HttpLimits

# The formats `stele test` needs: every artifact a value is checked against.
TEST_FORMATS = ("protobuf", "avro", "jsonschema", "openapi", "python-models")


def _workspace_and_artifacts(config: Config):  # type: ignore[no-untyped-def]

    ws = open_workspace(config)
    return ws, cached_artifacts(ws, TEST_FORMATS, validate=False)


def examples_report(config: Config) -> Report:
    ws, artifacts = _workspace_and_artifacts(config)
    codecs = Codecs.from_artifacts(ws.project, artifacts, ws.config.options)
    results = run_examples(ws.project, artifacts, codecs)
    checks = sorted({f"examples {case.owner}" for case in example_cases(ws.project)})
    count = sum(1 for _ in example_cases(ws.project))
    formats = len(codecs.formats)
    subject = f"{count} example{'' if count == 1 else 's'} x {formats} format{'' if formats == 1 else 's'}"
    note = f"formats: {', '.join(codecs.formats)}"
    return Report.of("test", results, checks, notes=[note], subject=subject)


def run_examples_command(
    config: Config, output: str | None, fail_on: Severity, exit_zero: bool
) -> int:
    return emit(examples_report(config), output, fail_on, exit_zero)


MAX_MESSAGE_SIZE = 1 << 30
SIZE_UNITS = {"": 1, "b": 1, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30}


def parse_size(text: str) -> int:
    """`16MiB`, `512KiB`, `1GiB` or a number of bytes; raises click.BadParameter."""
    import re

    import click

    m = re.fullmatch(r"\s*(\d{1,12})\s*([A-Za-z]*)\s*", text)
    unit = m.group(2).lower() if m else ""
    if m is None or unit not in SIZE_UNITS or int(m.group(1)) * SIZE_UNITS[unit] < 1:
        raise click.BadParameter(
            f"'{text}' is not a size: write bytes, or KiB, MiB or GiB, such as 16MiB",
            param_hint="'--max-message-size'",
        )
    size = int(m.group(1)) * SIZE_UNITS[unit]
    if size > MAX_MESSAGE_SIZE:
        # A record up to the limit is held in memory: 999999999999GiB meant no limit at all.
        raise click.BadParameter(
            f"'{text}' goes past the limit of 1GiB", param_hint="'--max-message-size'"
        )
    return size


def run_messages_command(
    config: Config,
    source: Path,
    fmt: str | None,
    schema_map: Path | None,
    message_type: str | None,
    payload: str,
    max_message_size: str,
    output: str | None,
    fail_on: Severity,
    exit_zero: bool,
) -> int:
    limit = parse_size(max_message_size)
    ws, artifacts = _workspace_and_artifacts(config)
    request = CaptureRequest(source, fmt, schema_map, message_type, payload, limit)
    report = messages_report(ws, artifacts, request)
    return emit(report, output, fail_on, exit_zero)


def run_http_command(
    config: Config,
    base_url: str,
    max_examples: int,
    seed: int,
    operations: tuple[str, ...],
    limits: HttpLimits,
    output: str | None,
    fail_on: Severity,
    exit_zero: bool,
) -> int:
    ws, artifacts = _workspace_and_artifacts(config)
    request = HttpRequest(base_url, max_examples, seed, operations, limits)
    return emit(run_http(ws.project, artifacts, request), output, fail_on, exit_zero)
