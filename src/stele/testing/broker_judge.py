"""Judging one message taken off a broker, whatever the broker: `stele test broker`.

A `Delivery` is what a broker client read: the channel it was read from, the transport's
envelope (AMQP basic properties, Kafka record headers) and the payload bytes. The judge turns it
into a capture `Record` (envelope headers, decoded body) and runs the checks of
`stele test messages` on it (`check_record`, the channel and interaction checks), then relocates
each finding at the message's declaration in the contract YAML, with the channel's declaration as
a related place, so every report format points into the contracts, not into a capture file.

Envelope mapping (docs/testing.md, "Brokers"): the application headers hold the declared
headers and may hold the envelope headers; an envelope header missing there is taken from the
transport's own property of the same meaning (AMQP `message_id`, `type`, `timestamp`,
`content_type`, `correlation_id`, `reply_to`).

Payload encodings, by content type: JSON (`application/json`, `*+json`, or none), Avro
(`application/avro`, `avro/binary`, `*+avro`) and Protobuf (`application/protobuf`,
`application/x-protobuf`, `*+protobuf`). With `--framing auto` (the default) an Avro or Protobuf
payload that starts with the magic byte 0 is read as Confluent-framed first (the 4-byte schema id,
then for Protobuf the message-index array) and, when that fails, as plain bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from dataclasses import dataclass

from stele.diagnostics import Severity
from stele.encode import Codecs
from stele.ir import Channel, Project, Span, Value
from stele.mapping.artifacts import Artifacts
from stele.report.model import Result
from stele.sizes.budgets import Budgets
from stele.testing.capture_records import ReadOptions, ReadProblem, Record
from stele.testing.captures import CaptureReader
from stele.testing.captures_binary import Bodies
from stele.testing.captures_values import value_problem
from stele.testing.interactions import Interactions, interactions
from stele.testing.messages import Capture, _check_channel, check_record
from stele.testing.proto_index import message_indexes
from stele.testing.rules import result
from stele.testing.schema_map import SchemaMap
from stele.testing.validators import JsonSchemas

JSON, AVRO, PROTOBUF = "json", "avro", "protobuf"
FRAMINGS = ("auto", "confluent", "none")


@dataclass(frozen=True)
class Delivery:
    channel: Channel
    number: int  # 1-based, per run
    body: bytes
    headers: dict[str, Value]  # application headers, as JSON values
    transport: dict[str, Value]  # the transport's envelope properties, by envelope name
    content_type: str = ""


@dataclass(frozen=True)
class Unreadable:
    rule: str
    text: str


@dataclass(frozen=True)
class Judged:
    results: list[Result]
    record: Record | None  # None: the body could not be read
    encoding: str


def encoding_of(content_type: str) -> str | None:
    """json, avro, protobuf; None for a content type stele cannot read."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media in ("", "application/json", "text/json") or media.endswith("+json"):
        return JSON
    if media in ("application/avro", "avro/binary", "application/x-avro") or media.endswith(
        "+avro"
    ):
        return AVRO
    if media in (
        "application/protobuf",
        "application/x-protobuf",
        "application/vnd.google.protobuf",
    ) or media.endswith("+protobuf"):
        return PROTOBUF
    return None


def _json_value(value: object) -> Value:
    """A transport value as JSON: bytes as UTF-8 text, times as RFC 3339, nested tables."""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "backslashreplace")
    if isinstance(value, dt.datetime):
        stamp = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return stamp.isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def json_headers(raw: dict[str, object] | None) -> dict[str, Value]:
    return {str(k): _json_value(v) for k, v in (raw or {}).items()}


class Judge:
    """Judges deliveries against one project; holds the decoders and validators once."""

    def __init__(
        self,
        project: Project,
        artifacts: Artifacts,
        codecs: Codecs,
        budgets: Budgets,
        *,
        framing: str = "auto",
        max_bytes: int = 16 * 1024 * 1024,
    ) -> None:
        self.project = project
        self.codecs = codecs
        self.schemas = JsonSchemas(artifacts)
        self.budgets = budgets
        self.framing = framing
        self.max_bytes = max_bytes
        self.known: Interactions = interactions(project)
        self.schema_map = SchemaMap.stand_in(project)
        options = ReadOptions("framed", self.schema_map, max_message_bytes=max_bytes)
        reader = CaptureReader(io.BytesIO(), "broker", project, codecs, options)
        self.bodies = Bodies(reader)

    # -- one delivery --------------------------------------------------------------------------

    def judge(self, delivery: Delivery) -> Judged:
        where = f"message {delivery.number} on {delivery.channel.short_name}"
        capture = Capture(where, "broker", self.project.messages.keys())
        headers = dict(delivery.headers)
        for name, value in delivery.transport.items():
            if value not in (None, "") and name not in headers:
                headers[name] = value
        content_type = delivery.content_type or str(headers.get("content_type") or "")
        named = headers.get("message_type")
        message_type = named if isinstance(named, str) else None
        message = self.project.messages.get(message_type or "")
        encoding = encoding_of(content_type) or "unknown"
        found: list[Result] = []

        def finding(rule: str, text: str) -> None:
            found.append(self.locate(result(rule, text, Span(""), ""), delivery, message_type))

        if len(delivery.body) > self.max_bytes:
            finding(
                "capture-record-too-large",
                f"{where}: {len(delivery.body)} bytes, over the limit of {self.max_bytes} bytes "
                "(--max-bytes); not read",
            )
            return Judged(found, None, encoding)
        if encoding == "unknown":
            finding(
                "broker-unknown-content-type",
                f"{where}: content type '{content_type[:100]}' is none of JSON, Avro or Protobuf",
            )
            return Judged(found, None, encoding)
        body: Value = None
        if message is not None:
            decoded = self.decode(encoding, message.name, delivery.body)
            if isinstance(decoded, Unreadable):
                finding(decoded.rule, f"{where}: {decoded.text}")
                return Judged(found, None, encoding)
            body = decoded
            found += self.over_budget(delivery, message.name, encoding, where)
        record = Record(
            delivery.number,
            0,
            -1,
            message_type,
            body,
            headers,
            delivery.channel.name,
            len(delivery.body),
        )
        checked = check_record(self.project, self.codecs, self.schemas, capture, record)
        if message is not None:
            checked += self.interaction(capture, record)
        found += [self.locate(r, delivery, message_type, where) for r in checked]
        return Judged(found, record, encoding)

    def decode(self, encoding: str, message: str, payload: bytes) -> Value | Unreadable:
        """The body as a canonical value, or why it cannot be read."""
        if encoding == JSON:
            return _json_body(payload)
        msg = self.project.messages[message]
        if self.framing != "none" and payload[:1] == b"\x00" and len(payload) >= 5:
            framed = self._framed(encoding, msg.name, payload)
            if not isinstance(framed, Unreadable) or self.framing == "confluent":
                return framed
            plain = self._plain(encoding, msg.name, payload)
            return plain if not isinstance(plain, Unreadable) else framed
        if self.framing == "confluent":
            return Unreadable(
                "capture-invalid-record",
                f"{message}: expected Confluent framing (magic byte 0 and a schema id)",
            )
        return self._plain(encoding, msg.name, payload)

    def _framed(self, encoding: str, message: str, payload: bytes) -> Value | Unreadable:
        rest = payload[5:]
        if encoding == PROTOBUF:
            parsed = message_indexes(rest)
            if parsed is None:
                return Unreadable(
                    "capture-truncated-record",
                    f"{message}: the Protobuf message-index array is cut off",
                )
            indexes, rest = parsed
            msg = self.project.messages[message]
            mismatch = self.schema_map.index_problem(self.codecs, msg, indexes)
            if mismatch:
                return Unreadable("capture-message-index-mismatch", mismatch)
        return self._plain(encoding, message, rest)

    def _plain(self, encoding: str, message: str, payload: bytes) -> Value | Unreadable:
        item = self.bodies.record(encoding, self.project.messages[message], payload, 0, 0)
        if isinstance(item, ReadProblem):
            return Unreadable(item.rule, item.message)
        return item.body

    def over_budget(
        self, delivery: Delivery, message: str, encoding: str, where: str
    ) -> list[Result]:
        limit = self.budgets.limits(message).bytes_for(encoding)
        size = len(delivery.body)
        if limit is None or size <= limit:
            return []
        text = f"{where}: {message} is {size} bytes as {encoding}, over its budget of {limit:g}"
        return [self.locate(result("broker-over-budget", text, Span(""), ""), delivery, message)]

    def interaction(self, capture: Capture, record: Record) -> list[Result]:
        """Envelope needs of the interaction style, and whether the channel carries it."""
        assert record.headers is not None and record.message_type is not None
        name, headers = record.message_type, record.headers
        found: list[Result] = []
        if name in self.known.async_requests and not headers.get("reply_to"):
            text = f"{capture.path}: {name} is an asynchronous request and carries no reply_to"
            found.append(result("capture-missing-reply-to", text, Span(""), ""))
        if name in self.known.replies and not headers.get("correlation_id"):
            text = f"{capture.path}: {name} is a reply and carries no correlation_id"
            found.append(result("capture-missing-correlation-id", text, Span(""), ""))
        return found + _check_channel(self.project, self.known, capture, record)

    # -- where a finding points ------------------------------------------------------------------

    def locate(
        self, found: Result, delivery: Delivery, message_type: str | None, where: str = ""
    ) -> Result:
        """At the message's declaration (the channel's when the message is unknown), with the
        channel as a related place; the check is the channel."""
        channel = delivery.channel
        message = self.project.messages.get(message_type or "")
        span: Span = message.span if message is not None else channel.span
        text = found.message
        if where and text.startswith("record "):
            text = where + text[text.index(":") :]
        elif where and not text.startswith("message "):
            text = f"{where}: {text}"
        return dataclasses.replace(
            found,
            message=text,
            location=span,
            related=(("channel " + channel.short_name, _place(channel.span)),),
            check=f"broker {channel.name}",
            fingerprint="",
            severity=found.severity or Severity.ERROR,
        )


def _place(span: Span) -> Span:
    return span


def _json_body(payload: bytes) -> Value | Unreadable:
    try:
        doc = json.loads(payload.decode("utf-8"))
    except UnicodeDecodeError as exc:
        text = f"the payload is not UTF-8 JSON: invalid byte at {exc.start}"
        return Unreadable("capture-invalid-record", text)
    except RecursionError:
        return Unreadable("capture-record-too-deep", "the payload nests too deeply to read")
    except ValueError as exc:
        return Unreadable("capture-invalid-record", f"the payload is not JSON: {exc}")
    problem = value_problem(doc)
    if problem is not None:
        return Unreadable(problem[0], f"the payload {problem[1]}")
    return doc  # type: ignore[no-any-return]
