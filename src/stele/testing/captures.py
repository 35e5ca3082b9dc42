"""Reading capture files into records, as streams: JSON lines, Avro object container files,
schema-registry framed records and length-delimited Protobuf streams.

A reader yields `Record`s (decoded, canonical bodies) and `ReadProblem`s (a record that cannot be
read: truncated, too large, too deep, unknown schema id, not the format) one at a time, so
memory is bounded by the largest record, not the file. Every record is held to the message-size
limit (`ReadOptions.max_message_bytes`, `--max-message-size`): a longer line or a larger declared
length is a `capture-record-too-large` finding at its position, and reading goes on with the
next record. A file in which not one record can be read is bad input (SteleError, exit 2), so
garbage never passes as "0 messages, 0 errors".

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

import json
from collections.abc import Iterator
from typing import BinaryIO

from stele.encode import Codecs
from stele.ir import Project
from stele.testing.capture_records import (
    Item,
    ReadOptions,
    ReadProblem,
    Record,
    bad_input,
    too_large,
)
from stele.testing.captures_binary import read_delimited, read_framed, read_ocf
from stele.testing.captures_values import MAX_DEPTH, value_problem

SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".avro": "avro-ocf", ".ocf": "avro-ocf"}
MAX_UNREADABLE = 1000  # unreadable records after which the rest of a capture is not read
SKIP_CHUNK = 1 << 16


def detect_format(name: str) -> str | None:
    suffix = name[name.rfind(".") :] if "." in name else ""
    return SUFFIXES.get(suffix.lower())


class CaptureReader:
    """The records of one capture, one at a time; counts what it read for the verdict."""

    def __init__(
        self,
        stream: BinaryIO,
        shown: str,
        project: Project,
        codecs: Codecs,
        options: ReadOptions,
    ) -> None:
        self.stream = stream
        self.shown = shown
        self.project = project
        self.codecs = codecs
        self.options = options
        self.records = 0
        self.problems = 0
        self.first_problem: ReadProblem | None = None

    def items(self) -> Iterator[Item]:
        """Every record and problem, then a SteleError (T002) if not one record was readable
        and the first problem says the file is not the format."""
        for item in self._source():
            if isinstance(item, Record):
                self.records += 1
            else:
                self.problems += 1
                self.first_problem = self.first_problem or item
            yield item
            if self.problems >= MAX_UNREADABLE:
                if self.records:
                    yield ReadProblem(
                        "capture-invalid-record",
                        f"{MAX_UNREADABLE} records could not be read: the rest of the capture "
                        "is not read",
                        item.index,
                        item.line,
                        item.offset,
                    )
                break
        if not self.records and self.first_problem and self._not_the_format():
            why = self.first_problem.message
            raise bad_input(
                "T002",
                f"no record of {self.shown} can be read as {self.options.fmt}: "
                + (why if len(why) <= 300 else why[:280] + "..."),
                self.shown,
                "check --format (and --payload for framed records)",
            )

    def _source(self) -> Iterator[Item]:
        fmt, limit = self.options.fmt, self.options.max_message_bytes
        if fmt == "jsonl":
            return read_jsonl(self.stream, limit)
        if fmt == "avro-ocf":
            return read_ocf(self)
        if fmt == "framed":
            return read_framed(self)
        return read_delimited(self)

    def _not_the_format(self) -> bool:
        """Nothing readable and the first record already fails at the container level: garbage.
        An Avro container file whose header was read is the format, only cut short."""
        assert self.first_problem is not None
        first = self.first_problem.rule
        if first == "capture-invalid-record":
            return True
        return first == "capture-truncated-record" and self.options.fmt != "avro-ocf"


# ---------------------------------------------------------------------------------------------
# JSON lines
# ---------------------------------------------------------------------------------------------


def read_jsonl(stream: BinaryIO, limit: int) -> Iterator[Item]:
    """Lines of at most `limit` bytes are parsed; a longer one is skipped unread."""
    offset = number = index = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        start, offset = offset, offset + len(raw)
        content = raw[:-1] if raw.endswith(b"\n") else raw
        if len(content) > limit:
            skipped, ended = _skip_line(stream)
            offset += skipped
            index += 1
            yield too_large(len(content) + skipped - ended, limit, index, number, start)
            continue
        if not content.strip():
            continue
        index += 1
        yield _jsonl_record(content, index, number, start)


def _skip_line(stream: BinaryIO) -> tuple[int, int]:
    """Read past the rest of a line, a chunk at a time: the bytes consumed, and 1 when the last
    of them is the newline that ends the line (0 at the end of the file)."""
    consumed = 0
    while True:
        chunk = stream.readline(SKIP_CHUNK)
        consumed += len(chunk)
        if not chunk:
            return consumed, 0
        if chunk.endswith(b"\n"):
            return consumed, 1


def _jsonl_record(content: bytes, index: int, number: int, start: int) -> Item:
    def problem(rule: str, message: str) -> ReadProblem:
        return ReadProblem(rule, message, index, number, start)

    try:
        doc = json.loads(content.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError as exc:
        return problem(
            "capture-invalid-record", f"not UTF-8: invalid byte at column {exc.start + 1}"
        )
    except RecursionError:
        return problem(
            "capture-record-too-deep", f"the record nests deeper than {MAX_DEPTH} levels"
        )
    except ValueError as exc:  # json.JSONDecodeError, or an integer of over 4300 digits
        return problem("capture-invalid-record", f"not JSON: {exc}")
    limit = value_problem(doc)
    if limit is not None:
        return problem(limit[0], f"the record {limit[1]}")
    shape = _envelope_shape(doc)
    if shape:
        return problem("capture-invalid-record", shape)
    headers = doc["headers"]
    message_type = headers.get("message_type")
    channel = doc.get("channel")
    return Record(
        index,
        number,
        start,
        message_type if isinstance(message_type, str) else None,
        doc["payload"] if "payload" in doc else doc["body"],
        headers,
        channel if isinstance(channel, str) else None,
        len(content),
    )


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def _envelope_shape(doc: object) -> str:
    if not isinstance(doc, dict):
        return "a record is a JSON object with `headers` and `payload`"
    if not isinstance(doc.get("headers"), dict):
        return "the record has no `headers` object"
    if "payload" not in doc and "body" not in doc:
        return "the record has no `payload`"
    return ""
