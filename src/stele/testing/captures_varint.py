"""Unsigned LEB128 varints, as Protobuf and length-delimited streams write them."""

from __future__ import annotations


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
