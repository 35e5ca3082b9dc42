"""Avro in captures: the object container file read block by block under the message-size limit,
and Avro bodies decoded without trusting the schema's shape.

fastavro's compiled reader recurses in C: a recursive schema (a record that holds itself, as the
writer schema of a hostile file may declare, or an optional self-reference of a contract) lets a
record nest as deep as its bytes allow and overflows the C stack. Such schemas are read with
fastavro's pure-Python reader, whose recursion ends in a RecursionError. An array whose items
encode in zero bytes (`null`, an empty record) lets a count of 2**62 loop without reading a byte:
a writer schema with one is refused.

Container layout (Avro specification, "Object Container Files"): `Obj\\x01`, the metadata as an
Avro map of bytes (`avro.schema`, `avro.codec`), a 16-byte sync marker, then blocks: a record
count, a byte size, the (compressed) records and the sync marker again.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from stele.testing.captures_values import value_problem
from stele.testing.captures_varint import stream_varint

MAGIC = b"Obj\x01"
SYNC_SIZE = 16
CODECS = ("null", "deflate", "bzip2", "xz")
MAX_SCHEMA_DEPTH = 64


class ContainerError(Exception):
    """The file is not a readable container (its header): the whole capture is bad input."""


class BlockTooLarge(Exception):
    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


@dataclass(frozen=True)
class Header:
    schema: Any  # the writer schema, as JSON
    metadata: dict[str, str]  # the non-`avro.` entries
    codec: str
    sync: bytes
    recursive: bool


@dataclass(frozen=True)
class Block:
    offset: int  # of the block in the file
    count: int
    data: bytes | None  # None: over the limit once decompressed (or before), or corrupt
    size: int  # declared (compressed) size, or the decompressed size found over the limit
    corrupt: str = ""  # why the block cannot be decompressed


def _long(stream: BinaryIO) -> tuple[int, int] | None:
    got = stream_varint(stream)
    if not isinstance(got, tuple):
        return None
    raw, used = got
    return (raw >> 1) ^ -(raw & 1), used


def _exact(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the file ends inside the header")
    return data


def read_header(stream: BinaryIO, limit: int) -> Header:
    """The container header, read within `limit` bytes. Raises ContainerError."""
    try:
        if stream.read(4) != MAGIC:
            raise ContainerError("it does not start with the Avro magic bytes 'Obj\\x01'")
        raw: dict[str, bytes] = {}
        budget = limit
        while True:
            count = _long(stream)
            if count is None:
                raise ContainerError("the metadata map is cut off or malformed")
            if count[0] == 0:
                break
            if count[0] < 0:
                _long(stream)  # the block's byte size, unused
            for _ in range(abs(count[0])):  # each entry reads at least 2 bytes: bounded
                key = _bytes(stream, budget, limit)
                value = _bytes(stream, budget - len(key), limit)
                budget -= len(key) + len(value)
                raw[key.decode("utf-8", "replace")] = value
        sync = _exact(stream, SYNC_SIZE)
    except EOFError as exc:
        raise ContainerError(str(exc)) from None
    codec = raw.get("avro.codec", b"null").decode("utf-8", "replace") or "null"
    if codec not in CODECS:
        raise ContainerError(f"codec '{codec}' is not supported (stele reads {', '.join(CODECS)})")
    schema = _schema(raw.get("avro.schema"))
    metadata = {
        k: v.decode("utf-8", "replace") for k, v in raw.items() if not k.startswith("avro.")
    }
    return Header(schema, metadata, codec, sync, schema_risk(schema))


def _bytes(stream: BinaryIO, budget: int, limit: int) -> bytes:
    """Length-prefixed bytes of the header, within what is left of its `limit`."""
    size = _long(stream)
    if size is None or size[0] < 0:
        raise ContainerError("the metadata map is cut off or malformed")
    if size[0] > budget:
        raise ContainerError(f"the header is larger than the limit of {limit} bytes")
    return _exact(stream, size[0])


def _schema(raw: bytes | None) -> Any:
    if raw is None:
        raise ContainerError("the header has no avro.schema")
    try:
        schema = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ContainerError(f"avro.schema is not JSON: {type(exc).__name__}") from None
    problem = value_problem(schema, MAX_SCHEMA_DEPTH)
    if problem is not None:
        raise ContainerError(f"avro.schema {problem[1]}")
    return schema


def blocks(
    stream: BinaryIO, header: Header, start: int, limit: int
) -> Iterator[Block | tuple[str, str]]:
    """Each data block, decompressed within `limit`; a (rule, reason) says why reading stops."""
    offset = start
    while True:
        count = _long(stream)
        if count is None:
            return
        size = _long(stream)
        if size is None:
            yield "capture-truncated-record", f"a block header is cut off (at byte {offset})"
            return
        if count[0] < 0 or size[0] < 0:
            yield "capture-invalid-record", f"the block at byte {offset} has a negative size"
            return
        head = count[1] + size[1]
        if size[0] > limit:
            yield Block(offset, count[0], None, size[0])
            if not _skip(stream, size[0] + SYNC_SIZE):
                return
            offset += head + size[0] + SYNC_SIZE
            continue
        data = stream.read(size[0])
        marker = stream.read(SYNC_SIZE)
        if len(data) < size[0] or len(marker) < SYNC_SIZE:
            yield "capture-truncated-record", f"the file ends inside a block (at byte {offset})"
            return
        if marker != header.sync:
            yield (
                "capture-invalid-record",
                f"the block at byte {offset} does not end with the file's sync marker",
            )
            return
        try:
            plain = decompress(header.codec, data, limit)
        except ValueError as exc:  # corrupt compressed data: the next block is still framed
            yield Block(offset, count[0], None, size[0], f"the block at byte {offset}: {exc}")
        else:
            yield Block(offset, count[0], plain, size[0] if plain is not None else limit + 1)
        offset += head + size[0] + SYNC_SIZE


def _skip(stream: BinaryIO, size: int) -> bool:
    """Skip `size` bytes; False when the stream ends first."""
    if stream.seekable():
        here = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        if here + size > end:
            return False
        stream.seek(here + size)
        return True
    while size > 0:
        chunk = stream.read(min(size, 1 << 16))
        if not chunk:
            return False
        size -= len(chunk)
    return True


def decompress(codec: str, data: bytes, limit: int) -> bytes | None:
    """The block's bytes, or None when they come to more than `limit` (a compression bomb):
    inflated a chunk at a time, so a bomb costs the limit and one chunk, never its full size."""
    if codec == "null":
        return data
    try:
        parts = _inflate(codec, data, limit)
    except _OverLimit:
        return None
    except Exception as exc:  # zlib.error, OSError (bz2), lzma.LZMAError, EOFError
        raise ValueError(f"cannot decompress a {codec} block: {exc}") from None
    return b"".join(parts)


CHUNK = 1 << 16


class _OverLimit(Exception):
    pass


def _inflate(codec: str, data: bytes, limit: int) -> list[bytes]:
    parts: list[bytes] = []
    total = 0

    def keep(out: bytes) -> None:
        nonlocal total
        total += len(out)
        if total > limit:
            raise _OverLimit
        parts.append(out)

    if codec == "deflate":
        import zlib

        inflater = zlib.decompressobj(-15)
        pending = data
        while True:
            out = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            if not out and not pending:
                return parts
            keep(out)
    import bz2
    import lzma

    step = bz2.BZ2Decompressor() if codec == "bzip2" else lzma.LZMADecompressor()
    out = step.decompress(data, max_length=CHUNK)
    while True:
        keep(out)
        if step.eof or step.needs_input:
            return parts
        out = step.decompress(b"", max_length=CHUNK)


# ---------------------------------------------------------------------------------------------
# What a schema lets a hostile record do
# ---------------------------------------------------------------------------------------------

PRIMITIVE_SIZES = {
    "null": 0,
    "boolean": 1,
    "int": 1,
    "long": 1,
    "float": 4,
    "double": 8,
    "bytes": 1,
    "string": 1,
}


def schema_risk(schema: Any) -> bool:
    """Whether the schema is recursive. Raises ContainerError for an array whose items take
    no bytes."""
    walk = _Walk()
    walk.size(schema)
    return walk.recursive


class _Walk:
    def __init__(self) -> None:
        self.named: dict[str, int] = {}  # short and full names -> minimum size
        self.open: set[str] = set()
        self.recursive = False

    def size(self, t: Any) -> int:
        if isinstance(t, str):
            if t in PRIMITIVE_SIZES:
                return PRIMITIVE_SIZES[t]
            if t in self.open or t.rsplit(".", 1)[-1] in self.open:
                self.recursive = True
                return 1
            return self.named.get(t, self.named.get(t.rsplit(".", 1)[-1], 1))
        if isinstance(t, list):
            for branch in t:
                self.size(branch)
            return 1
        if not isinstance(t, dict):
            return 1
        kind = t.get("type")
        if kind == "array":
            if self.size(t.get("items")) == 0:
                raise ContainerError(
                    "its schema has an array of items that take no bytes: a count could make a "
                    "record unbounded"
                )
            return 1
        if kind == "map":
            self.size(t.get("values"))
            return 1
        if kind in ("record", "error"):
            return self._record(t)
        if kind == "fixed":
            size = t.get("size")
            return size if isinstance(size, int) and size >= 0 else 1
        if kind == "enum":
            return 1
        return self.size(kind)

    def _record(self, t: dict[str, Any]) -> int:
        name = str(t.get("name", ""))
        names = {name, name.rsplit(".", 1)[-1]}
        self.open |= names
        fields = t.get("fields")
        total = (
            sum(self.size(f.get("type")) for f in fields if isinstance(f, dict))
            if isinstance(fields, list)
            else 1
        )
        self.open -= names
        for n in names:
            self.named[n] = total
        return total


def avro_reader(recursive: bool) -> Callable[..., Any]:
    """fastavro's schemaless reader: the compiled one, or the Python one for recursive schemas."""
    if recursive:
        from fastavro._read_py import schemaless_reader as python_reader

        return python_reader
    from fastavro import schemaless_reader

    return schemaless_reader
