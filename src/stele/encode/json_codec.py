"""Compact JSON: the encoding the generated JSON Schema describes."""

from __future__ import annotations

import json

from stele.encode.codec import Codec, DecodeError
from stele.ir import Project, Ref, Value
from stele.mapping.json_values import canonical_value, has_json_names, renamed


def encode_json(value: Value) -> bytes:
    """The one compact serializer: no spaces, UTF-8 text rather than `\\u` escapes."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class JsonCodec:
    """JSON carries the canonical value as it is: it neither fills defaults nor checks types.
    Only a record's properties are keyed by the fields' JSON names (`json:`) on the wire, when
    the codec knows the project."""

    name = "json"

    def __init__(self, project: Project | None = None) -> None:
        self.project = project if project is not None and has_json_names(project) else None

    def encode(self, type_name: str, value: Value) -> bytes:
        if self.project is not None:
            value = renamed(self.project, Ref(type_name), value, to_json=True)
        return encode_json(value)

    def decode(self, type_name: str, data: bytes, writer: Codec | None = None) -> Value:
        del writer
        try:
            result: Value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DecodeError(f"not JSON: {exc}") from None
        if self.project is not None:
            result = canonical_value(self.project, Ref(type_name), result)
        return result
