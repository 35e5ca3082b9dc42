"""The message-index array of Confluent's Protobuf framing.

After the magic byte and the schema id, a Protobuf record names which message of the schema's
`.proto` file it holds: a count, then that many indexes (the path through top-level and nested
message declarations), each a zigzag varint. A count of 0 (a single `0x00` byte) stands for
`[0]`, the first message of the file.
"""

from __future__ import annotations

from stele.testing.captures_varint import read_varint


def zigzag(n: int) -> int:
    return (n >> 1) ^ -(n & 1)


def message_indexes(payload: bytes) -> tuple[list[int], bytes] | None:
    """The index path and the Protobuf payload after it; None when the array is cut off."""
    header = read_varint(payload, 0)
    if header is None:
        return None
    count, pos = zigzag(header[0]), header[1]
    if count == 0:
        return [0], payload[pos:]
    indexes: list[int] = []
    for _ in range(count):
        item = read_varint(payload, pos)
        if item is None:
            return None
        indexes.append(zigzag(item[0]))
        pos = item[1]
    return indexes, payload[pos:]


def encode_indexes(indexes: list[int]) -> bytes:
    """The array for `indexes` (`[0]` is written as the single byte 0, as Confluent does)."""
    if indexes == [0]:
        return b"\x00"
    return b"".join(_varint(_unzigzag(n)) for n in [len(indexes), *indexes])


def _unzigzag(n: int) -> int:
    return (n << 1) ^ (n >> 63)


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def index_path(descriptor_set: bytes, full_name: str) -> list[int] | None:
    """The index path of message `full_name` within its `.proto` file."""
    from google.protobuf import descriptor_pb2

    files = descriptor_pb2.FileDescriptorSet.FromString(descriptor_set)
    for file_proto in files.file:
        prefix = f"{file_proto.package}." if file_proto.package else ""
        found = _search(list(file_proto.message_type), prefix, full_name)
        if found is not None:
            return found
    return None


def _search(messages: list[object], prefix: str, full_name: str) -> list[int] | None:
    for i, message in enumerate(messages):
        name = f"{prefix}{message.name}"  # type: ignore[attr-defined]
        if name == full_name:
            return [i]
        nested = _search(list(message.nested_type), f"{name}.", full_name)  # type: ignore[attr-defined]
        if nested is not None:
            return [i, *nested]
    return None
