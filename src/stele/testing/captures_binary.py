"""The binary capture formats, read as streams: Avro object container files, schema-registry
framed records and length-delimited Protobuf (layouts in `stele.testing.captures`).

A length prefix is read byte by byte (at most 10 bytes); a declared length past the end of the
file is a truncated record and one over the message-size limit is skipped unread, so no prefix
makes the reader allocate what it announces.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO

from stele.diagnostics import did_you_mean
from stele.encode import DecodeError, unframe_from_registry
from stele.ir import Message, Project, Value
from stele.mapping.avro_values import READER_OPTIONS, AvroValues
from stele.testing.capture_records import (
    OCF_MESSAGE_KEY,
    TOO_LARGE,
    Item,
    ReadProblem,
    Record,
    Source,
    bad_input,
    too_large,
)
from stele.testing.captures_avro import (
    ContainerError,
    avro_reader,
    blocks,
    read_header,
    schema_risk,
)
from stele.testing.captures_values import shown, value_problem
from stele.testing.captures_varint import stream_varint
from stele.testing.proto_index import message_indexes


def _size(stream: BinaryIO) -> int:
    here = stream.tell()
    end = stream.seek(0, io.SEEK_END)
    stream.seek(here)
    return end


def frames(stream: BinaryIO, limit: int) -> Iterator[tuple[int, int, bytes] | ReadProblem]:
    """(record number, offset, bytes) of each varint-length-prefixed record, or the problem
    that ends the stream (cut off, a prefix that never ends) or skips a record (too large)."""
    size = _size(stream)
    pos = index = 0
    while True:
        header = stream_varint(stream)
        if header is None:
            return
        index += 1
        if header == "cut off" or (isinstance(header, tuple) and pos + sum(header) > size):
            yield _truncated(index, pos)
            return
        if not isinstance(header, tuple):
            yield ReadProblem(
                "capture-invalid-record",
                "the length prefix does not end within 10 bytes",
                index,
                0,
                pos,
            )
            return
        length, used = header
        if length > limit:
            yield too_large(length, limit, index, 0, pos)
            stream.seek(length, io.SEEK_CUR)
        else:
            yield index, pos, stream.read(length)
        pos += used + length


def _truncated(index: int, offset: int) -> ReadProblem:
    return ReadProblem(
        "capture-truncated-record",
        "the file ends before the record's declared length",
        index,
        0,
        offset,
    )


# ---------------------------------------------------------------------------------------------
# Decoding one body, within the limits
# ---------------------------------------------------------------------------------------------


class Bodies:
    """Decodes bodies of one project's messages; Avro through the reader its schema needs."""

    def __init__(self, reader: Source) -> None:
        self.project: Project = reader.project
        self.codecs = reader.codecs
        self.values = AvroValues(self.project, self.codecs.options.int64_as_string)
        self._avro: dict[str, tuple[Any, bool]] = {}

    def avro_schema(self, type_name: str) -> tuple[Any, bool]:
        """The parsed contract schema, and whether it is recursive."""
        if type_name not in self._avro:
            codec: Any = self.codecs["avro"]
            recursive = schema_risk(codec.schemas[type_name])
            self._avro[type_name] = (codec.parsed_schema(type_name), recursive)
        return self._avro[type_name]

    def from_avro(self, type_name: str, raw: object) -> Value:
        return self.values.named_reader(type_name)(raw)  # type: ignore[no-any-return]

    def decode(self, fmt: str, message: Message, payload: bytes) -> Value:
        """Raises DecodeError (or what a decoder raises on hostile bytes)."""
        name = message.body.name
        if fmt == "protobuf":
            return self.codecs["protobuf"].decode(name, payload)

        schema, recursive = self.avro_schema(name)
        try:
            raw = avro_reader(recursive)(io.BytesIO(payload), schema, None, **READER_OPTIONS)
        except RecursionError:
            raise
        except Exception as exc:  # fastavro's errors on hostile bytes, as the Avro codec words them
            raise DecodeError(f"cannot read {name} as Avro: {exc}") from exc
        return self.from_avro(name, raw)

    def record(
        self, fmt: str, message: Message, payload: bytes, index: int, offset: int
    ) -> Record | ReadProblem:
        try:
            body = self.decode(fmt, message, payload)
        except RecursionError:
            return ReadProblem(
                "capture-record-too-deep", "the record nests too deeply to read", index, 0, offset
            )
        except Exception as exc:  # a decoder's own errors on hostile bytes: the record's finding
            rule = "capture-truncated-record" if _cut_off(exc) else "capture-body-invalid"
            text = str(exc) if isinstance(exc, DecodeError) else f"{type(exc).__name__}: {exc}"
            return ReadProblem(
                rule, f"cannot read {message.name} as {fmt}: {text}", index, 0, offset
            )
        limit = value_problem(body)
        if limit is not None:
            return ReadProblem(limit[0], f"the record {limit[1]}", index, 0, offset)
        return Record(index, 0, offset, message.name, body, size=len(payload))


def _cut_off(exc: Exception) -> bool:
    """Whether the reader ran out of bytes: fastavro raises EOFError or IndexError past the end
    of its buffer, the protobuf runtime says "Truncated message" (kept as the context)."""
    if isinstance(exc, EOFError | IndexError):
        return True
    cause = exc.__context__
    return isinstance(cause, EOFError | IndexError) or "runcated" in str(cause or exc)


# ---------------------------------------------------------------------------------------------
# Framed and length-delimited records
# ---------------------------------------------------------------------------------------------


def read_framed(reader: Source) -> Iterator[Item]:
    options, bodies = reader.options, Bodies(reader)
    for frame in frames(reader.stream, options.max_message_bytes):
        if isinstance(frame, ReadProblem):
            yield frame
            continue
        index, offset, record = frame
        try:
            schema_id, payload = unframe_from_registry(record)
        except ValueError as exc:
            yield ReadProblem("capture-invalid-record", str(exc), index, 0, offset)
            continue
        message = reader.project.messages.get(options.schema_map.message_for(schema_id) or "")
        if message is None:
            yield ReadProblem(
                "capture-unknown-schema-id",
                f"schema id {schema_id} maps to no message of the contracts",
                index,
                0,
                offset,
            )
            continue
        if options.payload == "protobuf":
            parsed = message_indexes(payload)
            if parsed is None:
                yield _truncated(index, offset)
                continue
            indexes, payload = parsed
            mismatch = options.schema_map.index_problem(reader.codecs, message, indexes)
            if mismatch:
                yield ReadProblem("capture-message-index-mismatch", mismatch, index, 0, offset)
                continue
        yield bodies.record(options.payload, message, payload, index, offset)


def read_delimited(reader: Source) -> Iterator[Item]:
    message = reader.project.messages.get(reader.options.message_type or "")
    if message is None:
        raise _no_message_type(reader.project, reader.options.message_type, reader.shown)
    bodies = Bodies(reader)
    for frame in frames(reader.stream, reader.options.max_message_bytes):
        if isinstance(frame, ReadProblem):
            yield frame
            continue
        index, offset, record = frame
        yield bodies.record("protobuf", message, record, index, offset)


def _no_message_type(project: Project, named: str | None, path: str) -> Exception:
    """T004, with a hint drawn from the project's own messages."""
    example = next(iter(project.messages), "PACKAGE.MESSAGE")
    if named:
        hint = did_you_mean(named, project.messages) or f"use a qualified name, e.g. {example}"
        return bad_input("T004", f"--message-type '{shown(named)}' is not a message", path, hint)
    return bad_input(
        "T004",
        "proto-delimited captures need --message-type: the records carry no type",
        path,
        f"e.g. --message-type {example}",
    )


# ---------------------------------------------------------------------------------------------
# Avro object container files
# ---------------------------------------------------------------------------------------------


def _ocf_message(
    project: Project, writer_name: str, metadata: dict[str, str], option: str | None
) -> str | None:
    named = metadata.get(OCF_MESSAGE_KEY) or option
    if named:
        return named
    carrying = [m.name for m in project.messages.values() if m.body.name == writer_name]
    return carrying[0] if len(carrying) == 1 else None


def read_ocf(reader: Source) -> Iterator[Item]:
    import fastavro

    stream, shown, limit = reader.stream, reader.shown, reader.options.max_message_bytes
    try:
        header = read_header(stream, limit)
        writer = fastavro.parse_schema(header.schema, named_schemas={})
    except ContainerError as exc:
        raise _not_a_container(shown, str(exc)) from None
    except Exception as exc:  # fastavro's schema errors on a hostile schema
        raise _not_a_container(shown, f"its schema is not Avro: {type(exc).__name__}") from None
    schema = header.schema
    writer_name = str(schema.get("name", "")) if isinstance(schema, dict) else ""
    message_type = _ocf_message(
        reader.project, writer_name, header.metadata, reader.options.message_type
    )
    message = reader.project.messages.get(message_type or "")
    bodies = Bodies(reader)
    contract, recursive = None, header.recursive
    if message is not None:
        # Read through the contract's schema: Avro resolves the file's writer schema against it.
        contract, contract_recursive = bodies.avro_schema(message.body.name)
        recursive = recursive or contract_recursive
    read = avro_reader(recursive)
    index = 0
    for block in blocks(stream, header, stream.tell(), limit):
        if isinstance(block, tuple):
            yield ReadProblem(
                block[0], f"cannot read record {index + 1}: {block[1]}", index + 1, 0, -1
            )
            return
        first, index = index + 1, index + max(block.count, 1)
        if block.corrupt:
            yield ReadProblem("capture-invalid-record", block.corrupt, first, 0, -1)
            continue
        if block.data is None:
            yield ReadProblem(
                TOO_LARGE,
                f"the block of records {first} to {index} at byte {block.offset} is more than "
                f"{limit} bytes, the limit per message (--max-message-size)",
                first,
                0,
                -1,
            )
            continue
        if block.count > len(block.data):
            yield ReadProblem(
                "capture-invalid-record",
                f"the block at byte {block.offset} declares {block.count} records in "
                f"{len(block.data)} bytes",
                first,
                0,
                -1,
            )
            continue
        data = io.BytesIO(block.data)
        for number in range(first, first + block.count):
            start = data.tell()
            try:
                raw = read(data, writer, contract, **READER_OPTIONS)
                body: Value = raw if message is None else bodies.from_avro(message.body.name, raw)
            except RecursionError:
                yield ReadProblem(
                    "capture-record-too-deep", "the record nests too deeply to read", number, 0, -1
                )
                break
            except Exception as exc:  # fastavro: EOFError, ValueError, SchemaResolutionError...
                yield ReadProblem(
                    _ocf_rule(exc),
                    f"cannot read record {number}: {type(exc).__name__}: {exc}",
                    number,
                    0,
                    -1,
                )
                if type(exc).__name__ == "SchemaResolutionError":
                    return  # every record would fail the same way
                break  # the rest of the block cannot be located; the next block can
            limited = value_problem(body)
            if limited is not None:
                yield ReadProblem(limited[0], f"the record {limited[1]}", number, 0, -1)
                continue
            yield Record(number, 0, -1, message_type or writer_name, body, size=data.tell() - start)


def _not_a_container(shown: str, why: str) -> Exception:
    return bad_input("T002", f"{shown} is not an Avro object container file: {why}", shown)


def _ocf_rule(exc: Exception) -> str:
    if isinstance(exc, EOFError | StopIteration | IndexError) or "EOF" in str(exc):
        return "capture-truncated-record"
    return "capture-body-invalid"
