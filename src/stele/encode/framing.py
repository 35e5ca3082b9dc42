"""The schema-registry wire framing: magic byte 0, then the schema id as 4 big-endian bytes."""

from __future__ import annotations

MAGIC_BYTE = 0
HEADER_SIZE = 5


def frame_for_registry(schema_id: int, payload: bytes) -> bytes:
    if not 0 <= schema_id < 2**32:
        raise ValueError(f"a schema id is an unsigned 32-bit integer, got {schema_id}")
    return bytes([MAGIC_BYTE]) + schema_id.to_bytes(4, "big") + payload


def unframe_from_registry(data: bytes) -> tuple[int, bytes]:
    """The schema id and the payload of framed data. Raises ValueError on unframed data."""
    if len(data) < HEADER_SIZE or data[0] != MAGIC_BYTE:
        raise ValueError("not schema-registry framed data: expected magic byte 0 and a schema id")
    return int.from_bytes(data[1:HEADER_SIZE], "big"), data[HEADER_SIZE:]
