"""Compact JSON: the encoding the generated JSON Schema describes."""

from __future__ import annotations

import json

from stele.encode.codec import Codec, DecodeError
from stele.ir import Value


def encode_json(value: Value) -> bytes:
    """The one compact serializer: no spaces, UTF-8 text rather than `\\u` escapes."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class JsonCodec:
    """JSON carries the canonical value as it is: it neither fills defaults nor checks types."""

    name = "json"

    def encode(self, type_name: str, value: Value) -> bytes:
        del type_name
        return encode_json(value)

    def decode(self, type_name: str, data: bytes, writer: Codec | None = None) -> Value:
        del type_name, writer
        try:
            result: Value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DecodeError(f"not JSON: {exc}") from None
        return result
