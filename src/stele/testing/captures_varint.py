"""Unsigned LEB128 varints, as Protobuf and length-delimited streams write them."""

from __future__ import annotations

from typing import BinaryIO

MAX_VARINT_BYTES = 10  # 64 bits, 7 per byte


def read_varint(data: bytes, pos: int) -> tuple[int, int] | None:
    """An unsigned LEB128 varint at `pos`: (value, next position), or None when it is cut off."""
    value = shift = 0
    while pos < len(data) and shift < 64:
        byte = data[pos]
        value |= (byte & 0x7F) << shift
        pos += 1
        if not byte & 0x80:
            return value, pos
        shift += 7
    return None


def stream_varint(stream: BinaryIO) -> tuple[int, int] | str | None:
    """The next varint of a stream: (value, bytes read); None at a clean end of the stream;
    "cut off" when the stream ends inside it, "too long" past 10 bytes (it never ends)."""
    value = 0
    for count in range(MAX_VARINT_BYTES):
        byte = stream.read(1)
        if not byte:
            return None if count == 0 else "cut off"
        value |= (byte[0] & 0x7F) << (7 * count)
        if not byte[0] & 0x80:
            return value, count + 1
    return "too long"
