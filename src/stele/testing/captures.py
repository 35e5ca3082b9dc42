"""Reading capture files into records: JSON lines, Avro object container files, schema-registry
framed records and length-delimited Protobuf streams.

A reader yields `Record`s (decoded, canonical bodies) and `ReadProblem`s (a record that cannot be
read: truncated, unknown schema id, not the format). A file in which not one record can be read
is bad input (SteleError, exit 2), so garbage never passes as "0 messages, 0 errors".

File layouts (docs/testing.md):

- `jsonl`: one JSON object per line, `{"headers": {...}, "payload": {...}}` (`body` is accepted
  for `payload`), optionally `"channel": "<name or address>"`; the message is the
  `message_type` header.
- `avro-ocf`: an Avro object container file; the message is the file metadata
  `stele.message_type`, else `--message-type`, else the one message whose body is the writer
  schema's full name.
- `framed`: records each preceded by their length as an unsigned varint; a record is magic byte
  0, a 4-byte big-endian schema id, then (Protobuf) the message-index array and the payload.
- `proto-delimited`: Protobuf messages each preceded by their length as a varint
  (`writeDelimitedTo`); the message is `--message-type`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from stele.diagnostics import SteleError, error
from stele.encode import Codecs, DecodeError
from stele.ir import Message, Project, Span, Value
from stele.testing.captures_varint import read_varint
from stele.testing.schema_map import SchemaMap

OCF_MESSAGE_KEY = "stele.message_type"
SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".avro": "avro-ocf", ".ocf": "avro-ocf"}


@dataclass(frozen=True)
class Record:
    index: int  # 1-based record number
    line: int  # JSON lines: the line; 0 for binary formats
    offset: int  # byte offset of the record in the file
    message_type: str | None
    body: Value
    headers: dict[str, Value] | None = None  # None: the format carries no envelope
    channel: str | None = None

    @property
    def where(self) -> str:
        if self.line:
            return f"line {self.line}"
        # An Avro container file compresses records in blocks: no byte offset per record.
        return f"record {self.index}" + (f" (byte {self.offset})" if self.offset >= 0 else "")


@dataclass(frozen=True)
class ReadProblem:
    rule: str
    message: str
    index: int
    line: int = 0
    offset: int = 0

    @property
    def where(self) -> str:
        if self.line:
            return f"line {self.line}"
        # An Avro container file compresses records in blocks: no byte offset per record.
        return f"record {self.index}" + (f" (byte {self.offset})" if self.offset >= 0 else "")


@dataclass
class Capture:
    path: str  # as shown in reports
    format: str
    records: list[Record] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)


@dataclass(frozen=True)
class ReadOptions:
    fmt: str
    schema_map: SchemaMap
    message_type: str | None = None
    payload: str = "avro"  # what framed records carry


def detect_format(name: str) -> str | None:
    suffix = name[name.rfind(".") :] if "." in name else ""
    return SUFFIXES.get(suffix.lower())


def bad_input(code: str, message: str, path: str, hint: str = "") -> SteleError:
    return SteleError([error(code, message, Span(path, 1, 1), hint)])


def read_capture(
    data: bytes, shown: str, project: Project, codecs: Codecs, options: ReadOptions
) -> Capture:
    capture = Capture(shown, options.fmt)
    if options.fmt == "jsonl":
        _read_jsonl(data, capture)
    elif options.fmt == "avro-ocf":
        _read_ocf(data, capture, project, codecs, options)
    elif options.fmt == "framed":
        _read_framed(data, capture, project, codecs, options)
    else:
        _read_delimited(data, capture, project, codecs, options)
    if data.strip() and not capture.records and capture.problems and _not_the_format(capture):
        first = capture.problems[0]
        raise bad_input(
            "T002",
            f"no record of {shown} can be read as {options.fmt}: {first.message}",
            shown,
            "check --format (and --payload for framed records)",
        )
    return capture


def _not_the_format(capture: Capture) -> bool:
    """Nothing readable and the first record already fails at the container level: garbage.
    An Avro container file whose header was read is the format, only cut short."""
    first = capture.problems[0].rule
    if first == "capture-invalid-record":
        return True
    return first == "capture-truncated-record" and capture.format != "avro-ocf"


# ---------------------------------------------------------------------------------------------
# JSON lines
# ---------------------------------------------------------------------------------------------


def _read_jsonl(data: bytes, capture: Capture) -> None:
    offset = 0
    index = 0
    for number, raw in enumerate(data.split(b"\n"), 1):
        start, offset = offset, offset + len(raw) + 1
        if not raw.strip():
            continue
        index += 1
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            capture.problems.append(
                ReadProblem("capture-invalid-record", f"not JSON: {exc}", index, number, start)
            )
            continue
        problem = _envelope_shape(doc)
        if problem:
            capture.problems.append(
                ReadProblem("capture-invalid-record", problem, index, number, start)
            )
            continue
        headers = doc["headers"]
        message_type = headers.get("message_type")
        channel = doc.get("channel")
        capture.records.append(
            Record(
                index,
                number,
                start,
                message_type if isinstance(message_type, str) else None,
                doc["payload"] if "payload" in doc else doc["body"],
                headers,
                channel if isinstance(channel, str) else None,
            )
        )


def _envelope_shape(doc: Any) -> str:
    if not isinstance(doc, dict):
        return "a record is a JSON object with `headers` and `payload`"
    if not isinstance(doc.get("headers"), dict):
        return "the record has no `headers` object"
    if "payload" not in doc and "body" not in doc:
        return "the record has no `payload`"
    return ""


# ---------------------------------------------------------------------------------------------
# Avro object container files
# ---------------------------------------------------------------------------------------------


def _ocf_message(
    project: Project, writer_name: str, metadata: dict[str, Any], option: str | None
) -> str | None:
    named = metadata.get(OCF_MESSAGE_KEY) or option
    if named:
        return str(named)
    carrying = [m.name for m in project.messages.values() if m.body.name == writer_name]
    return carrying[0] if len(carrying) == 1 else None


def _read_ocf(
    data: bytes, capture: Capture, project: Project, codecs: Codecs, options: ReadOptions
) -> None:
    import fastavro

    from stele.emit.avro_values import READER_OPTIONS, from_avro_value
    from stele.ir import Ref

    stream = io.BytesIO(data)
    try:
        reader = fastavro.reader(stream, return_record_name=READER_OPTIONS["return_record_name"])
    except (ValueError, EOFError, StopIteration, TypeError) as exc:
        raise bad_input(
            "T002", f"{capture.path} is not an Avro object container file: {exc}", capture.path
        ) from None
    schema = reader.writer_schema
    writer_name = schema.get("name", "") if isinstance(schema, dict) else ""
    metadata = {k: v for k, v in reader.metadata.items() if not k.startswith("avro.")}
    message_type = _ocf_message(project, writer_name, metadata, options.message_type)
    message = project.messages.get(message_type or "")
    if message is not None:
        # Read through the contract's schema: Avro resolves the file's writer schema against it.
        stream.seek(0)
        reader = fastavro.reader(
            stream,
            reader_schema=codecs["avro"].parsed_schema(message.body.name),  # type: ignore[attr-defined]
            return_record_name=READER_OPTIONS["return_record_name"],
        )
    index = 0
    offset = -1
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except Exception as exc:  # fastavro raises EOFError, ValueError, SchemaResolutionError...
            capture.problems.append(
                ReadProblem(
                    _ocf_rule(exc),
                    f"cannot read record {index + 1}: {type(exc).__name__}: {exc}",
                    index + 1,
                    0,
                    offset,
                )
            )
            break
        index += 1
        body: Value = raw  # type: ignore[assignment]  # fastavro's records are JSON-like
        if message is not None:
            body = from_avro_value(
                project, Ref(message.body.name), raw, int64_as_string=codecs.options.int64_as_string
            )
        capture.records.append(Record(index, 0, offset, message_type or writer_name, body))


def _ocf_rule(exc: Exception) -> str:
    if isinstance(exc, EOFError | StopIteration) or "EOF" in str(exc):
        return "capture-truncated-record"
    return "capture-body-invalid"


# ---------------------------------------------------------------------------------------------
# Length-delimited binary records
# ---------------------------------------------------------------------------------------------


def delimited(data: bytes) -> Iterator[tuple[int, int, bytes | None]]:
    """(record number, offset, bytes) of each varint-length-prefixed record; bytes is None for a
    record cut off by the end of the file (the last one yielded)."""
    pos, index = 0, 0
    while pos < len(data):
        index += 1
        header = read_varint(data, pos)
        if header is None or header[1] + header[0] > len(data):
            yield index, pos, None
            return
        length, start = header
        yield index, pos, data[start : start + length]
        pos = start + length


def _truncated(index: int, offset: int) -> ReadProblem:
    return ReadProblem(
        "capture-truncated-record",
        "the file ends before the record's declared length",
        index,
        0,
        offset,
    )


def _decode(
    codecs: Codecs, fmt: str, message: Message, payload: bytes, index: int, offset: int
) -> Record | ReadProblem:
    try:
        body = codecs[fmt].decode(message.body.name, payload)
    except DecodeError as exc:
        text = str(exc)
        rule = "capture-truncated-record" if _cut_off(exc) else "capture-body-invalid"
        return ReadProblem(rule, f"cannot read {message.name} as {fmt}: {text}", index, 0, offset)
    return Record(index, 0, offset, message.name, body)


def _cut_off(exc: DecodeError) -> bool:
    """Whether the reader ran out of bytes: fastavro raises EOFError or IndexError past the end
    of its buffer, the protobuf runtime says "Truncated message" (kept as the context)."""
    cause = exc.__context__
    return isinstance(cause, EOFError | IndexError) or "runcated" in str(cause or exc)


def _read_framed(
    data: bytes, capture: Capture, project: Project, codecs: Codecs, options: ReadOptions
) -> None:
    from stele.encode import unframe_from_registry
    from stele.testing.proto_index import message_indexes

    for index, offset, record in delimited(data):
        if record is None:
            capture.problems.append(_truncated(index, offset))
            break
        try:
            schema_id, payload = unframe_from_registry(record)
        except ValueError as exc:
            capture.problems.append(
                ReadProblem("capture-invalid-record", str(exc), index, 0, offset)
            )
            continue
        message_type = options.schema_map.message_for(schema_id)
        message = project.messages.get(message_type or "")
        if message is None:
            capture.problems.append(
                ReadProblem(
                    "capture-unknown-schema-id",
                    f"schema id {schema_id} maps to no message of the contracts",
                    index,
                    0,
                    offset,
                )
            )
            continue
        if options.payload == "protobuf":
            parsed = message_indexes(payload)
            if parsed is None:
                capture.problems.append(_truncated(index, offset))
                continue
            indexes, payload = parsed
            mismatch = options.schema_map.index_problem(codecs, message, indexes)
            if mismatch:
                capture.problems.append(
                    ReadProblem("capture-message-index-mismatch", mismatch, index, 0, offset)
                )
                continue
        decoded = _decode_or_problem(
            capture, codecs, options.payload, message, payload, index, offset
        )
        if decoded is not None:
            capture.records.append(decoded)


def _decode_or_problem(
    capture: Capture,
    codecs: Codecs,
    fmt: str,
    message: Message,
    payload: bytes,
    index: int,
    offset: int,
) -> Record | None:
    decoded = _decode(codecs, fmt, message, payload, index, offset)
    if isinstance(decoded, ReadProblem):
        capture.problems.append(decoded)
        return None
    return decoded


def _read_delimited(
    data: bytes, capture: Capture, project: Project, codecs: Codecs, options: ReadOptions
) -> None:
    message = project.messages.get(options.message_type or "")
    if message is None:
        raise _no_message_type(project, options.message_type, capture.path)
    for index, offset, record in delimited(data):
        if record is None:
            capture.problems.append(_truncated(index, offset))
            break
        decoded = _decode_or_problem(capture, codecs, "protobuf", message, record, index, offset)
        if decoded is not None:
            capture.records.append(decoded)


def _no_message_type(project: Project, named: str | None, path: str) -> SteleError:
    """T004, with a hint drawn from the project's own messages."""
    from stele.diagnostics import did_you_mean

    example = next(iter(project.messages), "PACKAGE.MESSAGE")
    if named:
        hint = did_you_mean(named, project.messages) or f"use a qualified name, e.g. {example}"
        return bad_input("T004", f"--message-type '{named}' is not a message", path, hint)
    return bad_input(
        "T004",
        "proto-delimited captures need --message-type: the records carry no type",
        path,
        f"e.g. --message-type {example}",
    )
