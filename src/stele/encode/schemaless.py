"""MessagePack and CBOR: the canonical value through a schemaless binary encoding.

They carry the same document as JSON (field names included, bytes as base64 text), which is what
a team swapping its JSON serializer for one of them would send.
"""

from __future__ import annotations

from typing import Any

from stele.encode.codec import Codec, DecodeError
from stele.ir import Value


class MsgpackCodec:
    name = "msgpack"

    def encode(self, type_name: str, value: Value) -> bytes:
        msgpack = _msgpack()
        data: bytes = msgpack.packb(value, use_bin_type=True)
        return data

    def decode(self, type_name: str, data: bytes, writer: Codec | None = None) -> Value:
        msgpack = _msgpack()
        try:
            result: Any = msgpack.unpackb(data, raw=False, strict_map_key=True)
        except (ValueError, msgpack.UnpackException) as exc:
            raise DecodeError(f"not MessagePack: {exc}") from None
        return _value(result)


class CborCodec:
    name = "cbor"

    def encode(self, type_name: str, value: Value) -> bytes:
        import cbor2

        return cbor2.dumps(value)

    def decode(self, type_name: str, data: bytes, writer: Codec | None = None) -> Value:
        import cbor2

        try:
            result: Any = cbor2.loads(data)
        except (ValueError, cbor2.CBORDecodeError) as exc:
            raise DecodeError(f"not CBOR: {exc}") from None
        return _value(result)


def _msgpack() -> Any:
    import msgpack

    return msgpack


def _value(result: Any) -> Value:
    if isinstance(result, bytes | bytearray):
        raise DecodeError("binary data is not a canonical value")
    return result  # type: ignore[no-any-return]


def schemaless_codec(fmt: str) -> Codec:
    return MsgpackCodec() if fmt == "msgpack" else CborCodec()
