"""What the capture readers yield (records and read problems), their options, and what a binary
reader needs of the capture it reads (`stele.testing.captures` reads the files)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Protocol

from stele.diagnostics import SteleError, error
from stele.encode import Codecs
from stele.ir import Project, Span, Value
from stele.testing.schema_map import SchemaMap

OCF_MESSAGE_KEY = "stele.message_type"
DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024
TOO_LARGE = "capture-record-too-large"


@dataclass(frozen=True)
class Record:
    index: int  # 1-based record number
    line: int  # JSON lines: the line; 0 for binary formats
    offset: int  # byte offset of the record in the file
    message_type: str | None
    body: Value
    headers: dict[str, Value] | None = None  # None: the format carries no envelope
    channel: str | None = None
    size: int = 0  # bytes of the record as read

    @property
    def where(self) -> str:
        return _where(self.index, self.line, self.offset)


@dataclass(frozen=True)
class ReadProblem:
    rule: str
    message: str
    index: int
    line: int = 0
    offset: int = 0

    @property
    def where(self) -> str:
        return _where(self.index, self.line, self.offset)


def _where(index: int, line: int, offset: int) -> str:
    if line:
        return f"line {line}"
    # An Avro container file compresses records in blocks: no byte offset per record.
    return f"record {index}" + (f" (byte {offset})" if offset >= 0 else "")


Item = Record | ReadProblem


@dataclass(frozen=True)
class ReadOptions:
    fmt: str
    schema_map: SchemaMap
    message_type: str | None = None
    payload: str = "avro"  # what framed records carry
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES


def bad_input(code: str, message: str, path: str, hint: str = "") -> SteleError:
    return SteleError([error(code, message, Span(path, 1, 1), hint)])


def too_large(size: int, limit: int, index: int, line: int, offset: int) -> ReadProblem:
    return ReadProblem(
        TOO_LARGE,
        f"{size} bytes, over the limit of {limit} bytes per message (--max-message-size)",
        index,
        line,
        offset,
    )


class Source(Protocol):
    """A capture being read: what the binary readers use of `captures.CaptureReader`."""

    project: Project
    codecs: Codecs
    options: ReadOptions
    stream: BinaryIO
    shown: str
