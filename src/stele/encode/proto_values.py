"""Canonical values <-> dynamic Protobuf messages, following docs/mapping.md.

timestamp and duration are `google.protobuf.Timestamp` / `Duration`; decimals, uuids and dates
are strings; bytes are raw; enums are numbers (`<ENUM>_UNSPECIFIED` is 0, symbols carry their
locked numbers); a union is a message with `oneof value` whose field names are the variants;
`optional` scalars have presence; an absent optional list or map reads back as absent.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from stele.config import Options
from stele.emit.avro_values import shortest_float32
from stele.emit.canonical_text import (
    format_duration,
    format_timestamp,
    parse_duration,
    parse_timestamp,
    timestamp_from_micros,
    timestamp_to_micros,
)
from stele.encode.codecs import DecodeError
from stele.ir import (
    Decimal,
    Enum,
    Field,
    ListOf,
    MapOf,
    NamedType,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Union,
    Value,
)

_MICROS = 1_000_000
_WELL_KNOWN = ("timestamp", "duration")


class ProtoValues:
    def __init__(self, project: Project, classes: Callable[[str], Any], options: Options) -> None:
        self.project = project
        self.message_class = classes
        self.int64_as_string = options.int64_as_string

    # -- canonical -> message ---------------------------------------------------------------

    def to_message(self, type_name: str, value: Value) -> Any:
        message = self.message_class(type_name)()
        self._fill(self.project.types[type_name], message, value)
        return message

    def _fill(self, t: NamedType, message: Any, value: Value) -> None:
        obj = _object(value, t.name)
        if isinstance(t, Record):
            for f in t.fields:
                if obj.get(f.name) is not None:
                    self._set_field(message, f, obj[f.name])
                elif f.has_default and not f.optional:
                    self._set_field(message, f, f.default)
                elif not f.optional:
                    raise ValueError(f"{t.name}: required field '{f.name}' is missing")
            return
        if isinstance(t, Union):
            tag = obj.get(t.discriminator)
            variant = next((v for v in t.variants if v.name == tag), None)
            if variant is None:
                raise ValueError(f"{t.name}: {tag!r} is not a variant")
            rest = {k: v for k, v in obj.items() if k != t.discriminator}
            branch = getattr(message, variant.name)
            branch.SetInParent()  # an empty variant record is still the chosen branch
            self._fill(self.project.types[variant.type.name], branch, rest)
            return
        raise ValueError(f"{t.name} is an enum, not a message")

    def _set_field(self, message: Any, f: Field, value: Value) -> None:
        t = f.type
        if isinstance(t, ListOf):
            container = getattr(message, f.name)
            for item in _array(value, f.name):
                if self._is_message(t.item):
                    self._fill_message(container.add(), t.item, item)
                else:
                    container.append(self._scalar(t.item, item))
        elif isinstance(t, MapOf):
            container = getattr(message, f.name)
            for key, item in _object(value, f.name).items():
                if self._is_message(t.value):
                    self._fill_message(container[key], t.value, item)
                else:
                    container[key] = self._scalar(t.value, item)
        elif self._is_message(t):
            self._fill_message(getattr(message, f.name), t, value)
        else:
            setattr(message, f.name, self._scalar(t, value))

    def _fill_message(self, message: Any, t: TypeExpr, value: Value) -> None:
        message.SetInParent()
        if isinstance(t, Scalar):
            micros = (
                timestamp_to_micros(parse_timestamp(_text(value)))
                if t.name == "timestamp"
                else parse_duration(_text(value))
            )
            # Timestamp nanos are never negative; Duration nanos take the sign of the seconds.
            seconds = micros // _MICROS
            if t.name == "duration" and micros < 0:
                seconds = -(-micros // _MICROS)
            message.seconds = seconds
            message.nanos = (micros - seconds * _MICROS) * 1000
        else:
            assert isinstance(t, Ref)
            self._fill(self.project.types[t.name], message, value)

    def _scalar(self, t: TypeExpr, value: Value) -> Any:
        if isinstance(t, Decimal):
            return _text(value)
        if isinstance(t, Ref):
            enum = self.project.types[t.name]
            assert isinstance(enum, Enum)
            symbol = next((s for s in enum.symbols if s.name == value), None)
            if symbol is None or symbol.number is None:
                raise ValueError(f"{value!r} is not a symbol of {enum.name}")
            return symbol.number
        assert isinstance(t, Scalar)
        name = t.name
        if name == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"expected a boolean, got {value!r}")
            return value
        if name in ("int32", "int64"):
            if name == "int64" and isinstance(value, str) and value.lstrip("-").isdigit():
                return int(value)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"expected an integer, got {value!r}")
            return value
        if name in ("float32", "float64"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"expected a number, got {value!r}")
            return float(value)
        if name == "bytes":
            return base64.b64decode(_text(value), validate=True)
        return _text(value)

    def _is_message(self, t: TypeExpr) -> bool:
        if isinstance(t, Scalar):
            return t.name in _WELL_KNOWN
        return isinstance(t, Ref) and not isinstance(self.project.types[t.name], Enum)

    # -- message -> canonical ---------------------------------------------------------------

    def from_message(self, type_name: str, message: Any) -> Value:
        t = self.project.types[type_name]
        if isinstance(t, Record):
            out: dict[str, Value] = {}
            for f in t.fields:
                if not self._absent(message, f):
                    out[f.name] = self._field_value(message, f)
            return out
        if isinstance(t, Union):
            which = message.WhichOneof("value")
            variant = next((v for v in t.variants if v.name == which), None)
            if variant is None:
                raise DecodeError(f"{t.name}: no variant is set (or one this reader lacks)")
            body = self.from_message(variant.type.name, getattr(message, variant.name))
            assert isinstance(body, dict)
            return {t.discriminator: variant.name, **body}
        raise DecodeError(f"{t.name} is an enum, not a message")

    def _absent(self, message: Any, f: Field) -> bool:
        if isinstance(f.type, ListOf | MapOf):
            return f.optional and len(getattr(message, f.name)) == 0
        return f.optional and not message.HasField(f.name)

    def _field_value(self, message: Any, f: Field) -> Value:
        t = f.type
        raw = getattr(message, f.name)
        if isinstance(t, ListOf):
            return [self._value(t.item, item) for item in raw]
        if isinstance(t, MapOf):
            return {key: self._value(t.value, raw[key]) for key in sorted(raw)}
        return self._value(t, raw)

    def _value(self, t: TypeExpr, raw: Any) -> Value:
        if isinstance(t, Decimal):
            return str(raw)
        if isinstance(t, Ref):
            named = self.project.types[t.name]
            if isinstance(named, Enum):
                return _symbol(named, int(raw))
            return self.from_message(t.name, raw)
        assert isinstance(t, Scalar)
        return _SCALAR_READERS[t.name](raw, self.int64_as_string)


def _symbol(enum: Enum, number: int) -> str:
    symbol = next((s for s in enum.symbols if s.number == number), None)
    if symbol is not None:
        return symbol.name
    # UNSPECIFIED or a symbol added by a newer writer: proto3 enums keep the number.
    if enum.default is not None:
        return enum.default
    raise DecodeError(f"{enum.name}: {number} is not a symbol and the enum has no default")


def _micros(raw: Any) -> int:
    return int(raw.seconds) * _MICROS + int(raw.nanos) // 1000


_SCALAR_READERS: dict[str, Callable[[Any, bool], Value]] = {
    "bool": lambda raw, _: bool(raw),
    "int32": lambda raw, _: int(raw),
    "int64": lambda raw, as_text: str(int(raw)) if as_text else int(raw),
    "float32": lambda raw, _: shortest_float32(float(raw)),
    "float64": lambda raw, _: float(raw),
    "string": lambda raw, _: str(raw),
    "uuid": lambda raw, _: str(raw),
    "date": lambda raw, _: str(raw),
    "bytes": lambda raw, _: base64.b64encode(bytes(raw)).decode("ascii"),
    "timestamp": lambda raw, _: format_timestamp(timestamp_from_micros(_micros(raw))),
    "duration": lambda raw, _: format_duration(_micros(raw)),
}


def _text(value: Value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _array(value: Value, where: str) -> list[Value]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected an array, got {value!r}")
    return value


def _object(value: Value, where: str) -> dict[str, Value]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object, got {value!r}")
    return value
