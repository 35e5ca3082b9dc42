"""`stele test messages`: captured messages checked against their message type and their
interaction style (envelope headers, correlation, reply windows, channels).

The capture is read as a stream: each record's body is checked as it is read and dropped; only
the envelopes of records that carry one (JSON lines) are kept for the interaction checks, which
need the whole capture (a reply may come before its request).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import stat
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from stele.encode import Codecs
from stele.ir import MessageKind, Project, Ref, Value
from stele.mapping.artifacts import Artifacts, message_schema_path, type_schema_path
from stele.mapping.json_values import json_value
from stele.report.model import Report, Result
from stele.span import Span
from stele.testing.capture_records import (
    DEFAULT_MAX_MESSAGE_BYTES,
    ReadOptions,
    ReadProblem,
    Record,
    bad_input,
)
from stele.testing.captures import CaptureReader, detect_format
from stele.testing.captures_values import shown as text
from stele.testing.interactions import Interactions, interactions, is_topic
from stele.testing.rules import result
from stele.testing.schema_map import SchemaMap
from stele.testing.validators import JsonSchemas
from stele.workspace import Workspace


@dataclass(frozen=True)
class CaptureRequest:
    source: Path
    fmt: str | None = None
    schema_map: Path | None = None
    message_type: str | None = None
    payload: str = "avro"
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES


@dataclass
class Capture:
    """What is kept of a capture once read: its name and the envelopes of its records."""

    path: str  # as shown in reports
    format: str
    messages: Collection[str] = ()  # the message types of the contracts
    records: list[Record] = dataclasses.field(default_factory=list)


def shown_path(path: Path) -> str:
    """A path as reports show it: a file name that is not UTF-8 keeps its bytes as escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def open_capture(path: Path, shown: str) -> BinaryIO:
    """The capture opened for reading: a regular file (a FIFO or a device has no end the
    reader can rely on, a directory no records)."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
            raise bad_input("T001", f"cannot read the capture: it is {kind}", shown)
        return open(path, "rb")  # closed by the caller
    except OSError as exc:
        raise bad_input("T001", f"cannot read the capture: {exc.strerror or exc}", shown) from None


def messages_report(ws: Workspace, artifacts: Artifacts, request: CaptureRequest) -> Report:
    shown = shown_path(request.source)
    with open_capture(request.source, shown) as stream:
        fmt = request.fmt or detect_format(request.source.name)
        if fmt is None:
            raise bad_input(
                "T001", f"cannot tell the format of {shown}", shown, "name it with --format"
            )
        project = ws.project
        codecs = Codecs.from_artifacts(project, artifacts, ws.config.options, schemaless=False)
        schema_map = (
            SchemaMap.load(request.schema_map, shown_path(request.schema_map), project)
            if request.schema_map is not None
            else SchemaMap.stand_in(project)
        )
        options = ReadOptions(
            fmt, schema_map, request.message_type, request.payload, request.max_message_bytes
        )
        reader = CaptureReader(stream, shown, project, codecs, options)
        results, seen = check_stream(reader, JsonSchemas(artifacts))
    checks = [f"capture {shown}", *sorted(f"messages {name}" for name in seen)]
    notes = [f"{reader.records + reader.problems} records read as {fmt}"]
    if fmt != "jsonl":
        notes.append(f"{fmt} records carry no headers: envelope and interaction checks skipped")
    return Report.of("test messages", results, checks, files=1, notes=notes)


def check_stream(reader: CaptureReader, schemas: JsonSchemas) -> tuple[list[Result], set[str]]:
    """Every result of one capture: its records as read, then their interactions. Raises
    SteleError for a capture that is bad input."""
    capture = Capture(reader.shown, reader.options.fmt, reader.project.messages.keys())
    results, seen = read_and_check(reader, capture, schemas)
    return results + check_interactions(reader.project, capture), seen


def read_and_check(
    reader: CaptureReader, capture: Capture, schemas: JsonSchemas
) -> tuple[list[Result], set[str]]:
    """Each record checked as it is read; the envelopes kept in `capture`. Returns the results
    and the message types seen."""
    project, codecs = reader.project, reader.codecs
    found: list[Result] = []
    seen: set[str] = set()
    unswept = 0
    for item in reader.items():
        if isinstance(item, ReadProblem):
            where = _place(capture, item.line)
            found.append(
                result(
                    item.rule,
                    f"{item.where}: {_clip(item.message)}",  # a decoder's error may quote data
                    where,
                    f"capture {capture.path}",
                )
            )
            continue
        if item.message_type in project.messages:  # an unknown one may be megabytes long
            seen.add(item.message_type)
        found += check_record(project, codecs, schemas, capture, item)
        unswept += item.size
        if unswept > SWEEP_BYTES:
            unswept = _sweep()
        if item.headers is not None and item.message_type in project.messages:
            capture.records.append(envelope(item))
    return found, seen


SWEEP_BYTES = 4 * 1024 * 1024


def _sweep() -> int:
    """Free the reference cycles the validators leave: a format error keeps its exception, whose
    traceback keeps the frames that hold the value, so each invalid record of megabytes waited
    for the next full collection (30 records of 2 MiB kept 30 MiB). Once per 4 MiB read."""
    import gc

    gc.collect()
    return 0


ENVELOPE_HEADERS = ("message_id", "correlation_id", "reply_to", "timestamp")
KEPT_CHARS = 256


def envelope(record: Record) -> Record:
    """What the interaction checks need of a record: its envelope headers, each a value of at
    most 256 characters or, when longer, a digest of it (equal values keep equal digests), and
    its channel. A header or body of megabytes is not kept for the whole capture."""
    import hashlib

    assert record.headers is not None
    kept: dict[str, Value] = {}
    for name in ENVELOPE_HEADERS:
        if name in record.headers:
            value = record.headers[name]
            text = _key(value)
            long = len(text) > KEPT_CHARS
            kept[name] = {"sha256": hashlib.sha256(text.encode()).hexdigest()} if long else value
    channel = record.channel
    if channel is not None and len(channel) > KEPT_CHARS:
        channel = channel[:77] + "..."  # no channel name holds "...": it matches none
    return dataclasses.replace(record, body=None, headers=kept, channel=channel)


def check_interactions(project: Project, capture: Capture) -> list[Result]:
    known = interactions(project)
    index = _Correlations(capture.records)
    found: list[Result] = []
    for record in capture.records:
        found += check_interaction(project, known, capture, record, index)
    return found


class _Correlations:
    """Records by the ids a reply may correlate with: their message_id and correlation_id."""

    def __init__(self, records: list[Record]) -> None:
        self.by_id: dict[str, list[Record]] = {}
        for r in records:
            assert r.headers is not None
            ids = {_key(r.headers.get("message_id")), _key(r.headers.get("correlation_id"))}
            for key in ids - {_key(None)}:
                self.by_id.setdefault(key, []).append(r)

    def matching(self, correlation: Value) -> list[Record]:
        return self.by_id.get(_key(correlation), [])


MAX_PROBLEM_CHARS = 300


def _clip(problem: str) -> str:
    """A validator's message quotes the value: a 10 MB string made a 10 MB result."""
    if len(problem) <= MAX_PROBLEM_CHARS:
        return problem
    return f"{problem[: MAX_PROBLEM_CHARS - 30]}... ({len(problem)} characters)"


def _key(value: Value) -> str:
    return json.dumps(value, sort_keys=True)


def _place(capture: Capture, line: int) -> Span:
    return Span(capture.path, line, 1 if line else 0)


def _finding(capture: Capture, record: Record, rule: str, message: str, hint: str = "") -> Result:
    # An unknown message type is not a check of its own: it may be megabytes long.
    known = record.message_type in capture.messages
    check = f"messages {record.message_type}" if known else f"capture {capture.path}"
    place = _place(capture, record.line)
    return result(rule, f"{record.where}: {message}", place, check, hint=hint)


def _qualified_hint(project: Project, name: str | None) -> str:
    """The messages whose short name is `name`: message_type is the qualified name."""
    if not name or len(name) > 200 or "." in name:
        return ""
    hits = sorted(q for q in project.messages if q.rpartition(".")[2] == name)
    shown = " or ".join(f"'{q}'" for q in hits[:3])
    return f"message_type is the qualified name: {shown}" if hits else ""


def check_record(
    project: Project, codecs: Codecs, schemas: JsonSchemas, capture: Capture, record: Record
) -> list[Result]:
    message = project.messages.get(record.message_type or "")
    if message is None:
        named = (
            f"'{text(record.message_type)}'" if record.message_type else "no message_type header"
        )
        return [
            _finding(
                capture,
                record,
                "capture-unknown-message-type",
                f"{named} is not a message of the contracts",
                _qualified_hint(project, record.message_type),
            )
        ]
    found: list[Result] = []
    body = json_value(project, codecs.options, Ref(message.body.name), record.body)
    problem = schemas.first_error(type_schema_path(project, message.body.name), body)
    if problem:
        found.append(
            _finding(
                capture, record, "capture-body-invalid", f"{message.name} body {_clip(problem)}"
            )
        )
    if record.headers is not None:
        problem = schemas.first_error(
            message_schema_path(message), record.headers, "/properties/headers"
        )
        if problem:
            found.append(
                _finding(
                    capture,
                    record,
                    "capture-headers-invalid",
                    f"{message.name} headers {_clip(problem)}",
                )
            )
    return found


def check_interaction(
    project: Project,
    known: Interactions,
    capture: Capture,
    record: Record,
    index: _Correlations,
) -> list[Result]:
    assert record.headers is not None and record.message_type is not None
    name, headers = record.message_type, record.headers
    found: list[Result] = []
    if name in known.async_requests and not headers.get("reply_to"):
        found.append(
            _finding(
                capture,
                record,
                "capture-missing-reply-to",
                f"{name} is an asynchronous request and carries no reply_to",
            )
        )
    if name in known.replies:
        found += _check_reply(known, capture, record, index)
    if record.channel is not None:
        found += _check_channel(project, known, capture, record)
    return found


def _check_reply(
    known: Interactions, capture: Capture, reply: Record, index: _Correlations
) -> list[Result]:
    assert reply.headers is not None and reply.message_type is not None
    correlation = reply.headers.get("correlation_id")
    if not correlation:
        return [
            _finding(
                capture,
                reply,
                "capture-missing-correlation-id",
                f"{reply.message_type} is a reply and carries no correlation_id",
            )
        ]
    requests = known.requests_of.get(reply.message_type, set())
    matching = [
        r
        for r in index.matching(correlation)
        if (not requests or r.message_type in requests) and r is not reply
    ]
    if not matching:
        expected = " or ".join(sorted(requests)) or "a request"
        return [
            _finding(
                capture,
                reply,
                "capture-reply-without-request",
                f"correlation_id {text(str(correlation))} matches no {expected} in the capture",
            )
        ]
    request = matching[0]
    window = known.window_ms.get((request.message_type or "", reply.message_type))
    if window is None:
        return []
    sent, answered = _time(request.headers), _time(reply.headers)
    if sent is None or answered is None:
        return []
    elapsed = (answered - sent) / dt.timedelta(milliseconds=1)
    if 0 <= elapsed <= window:
        return []
    return [
        _finding(
            capture,
            reply,
            "capture-reply-outside-window",
            f"arrived {elapsed:g} ms after its request ({request.where}); the window is {window} ms",
        )
    ]


def _time(headers: dict[str, Value] | None) -> dt.datetime | None:
    stamp = (headers or {}).get("timestamp")
    if not isinstance(stamp, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=dt.UTC)


def _check_channel(
    project: Project, known: Interactions, capture: Capture, record: Record
) -> list[Result]:
    assert record.channel is not None and record.message_type is not None
    channel = known.channels.get(record.channel)
    if channel is None:
        return [
            _finding(
                capture,
                record,
                "capture-wrong-channel",
                f"channel '{text(record.channel)}' is not in the contracts",
            )
        ]
    not_event = check_event_kind(project, known, capture, record)
    if not_event:
        return not_event
    if record.message_type not in channel.messages:
        return [
            _finding(
                capture,
                record,
                "capture-wrong-channel",
                f"{record.message_type} is not carried by channel {channel.name}",
            )
        ]
    return []


def check_event_kind(
    project: Project, known: Interactions, capture: Capture, record: Record
) -> list[Result]:
    """An event on a publish-subscribe channel must be an event kind."""
    assert record.message_type is not None
    channel = known.channels.get(record.channel or "")
    message = project.messages[record.message_type]
    if channel is None or not is_topic(channel) or message.kind is MessageKind.EVENT:
        return []
    if known.is_topic_request(message.name):
        return []
    return [
        _finding(
            capture,
            record,
            "capture-not-an-event",
            f"{message.name} is a {message.kind} on publish-subscribe channel {channel.name}",
        )
    ]
