"""Converters of single Protobuf values (scalars, enums, maps), picked once per field.

A writer turns a canonical value into what the message constructor takes for the field; a
reader turns what the runtime hands out into the canonical value (None: it already is). The
checks are those of the Avro codec's writers: a wrong shape or text form raises ValueError
naming the value. uuids, dates and decimals are Protobuf strings, written as given once checked.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any

from stele.encode.codec import DecodeError
from stele.ir import Decimal, Enum, Scalar, Value
from stele.mapping.avro_scalars import (
    CANONICAL_UUID,
    shortest_float32,
    timestamp_from_text,
    timestamp_text,
    uuid_text,
)
from stele.mapping.canonical_text import (
    check_decimal,
    format_duration,
    parse_date,
    parse_duration,
    timestamp_from_micros,
    timestamp_to_micros,
)

Convert = Callable[[Any], Any]

_MICROS = 1_000_000


# -- canonical -> message ---------------------------------------------------------------------


def scalar_writer(t: Scalar | Decimal) -> Convert:
    if isinstance(t, Decimal):
        return _decimal_writer(t.precision, t.scale)
    return _WRITERS[t.name]


def _decimal_writer(precision: int, scale: int) -> Convert:
    return lambda value: check_decimal(text(value), precision, scale)


def enum_writer(enum: Enum) -> Convert:
    numbers = {s.name: s.number for s in enum.symbols if s.number is not None}
    enum_name = enum.name

    def write(value: Value) -> int:
        number = numbers.get(value) if isinstance(value, str) else None
        if number is None:
            raise ValueError(f"{value!r} is not a symbol of {enum_name}")
        return number

    return write


def map_writer(item: Convert, where: str) -> Convert:
    return lambda value: {k: item(v) for k, v in object_(value, where).items()}


def _boolean(value: Value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected a boolean, got {value!r}")
    return value


def _integer(value: Value) -> int:
    if type(value) is int:
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    return value


def _int64(value: Value) -> int:
    # int64 values may be decimal strings (option int64_as_string).
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return _integer(value)


def _number(value: Value) -> float:
    if type(value) is float:
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _uuid(value: Value) -> str:
    if type(value) is str and CANONICAL_UUID.fullmatch(value):
        return value  # the usual spelling, checked without building a UUID
    uuid_text(value)  # raises ValueError naming the value
    assert isinstance(value, str)
    return value


def _date(value: Value) -> str:
    parse_date(text(value))
    return value  # type: ignore[return-value]


def _bytes(value: Value) -> bytes:
    return base64.b64decode(text(value), validate=True)


def _timestamp(value: Value) -> dict[str, int]:
    micros = timestamp_to_micros(timestamp_from_text(text(value)))
    # Timestamp nanos are never negative.
    seconds = micros // _MICROS
    return {"seconds": seconds, "nanos": (micros - seconds * _MICROS) * 1000}


def _duration(value: Value) -> dict[str, int]:
    micros = parse_duration(text(value))
    # Duration nanos take the sign of the seconds.
    seconds = micros // _MICROS if micros >= 0 else -(-micros // _MICROS)
    return {"seconds": seconds, "nanos": (micros - seconds * _MICROS) * 1000}


def text(value: Value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def array(value: Value, where: str) -> list[Value]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected an array, got {value!r}")
    return value


def object_(value: Value, where: str) -> dict[str, Value]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object, got {value!r}")
    return value


_WRITERS: dict[str, Convert] = {
    "bool": _boolean,
    "int32": _integer,
    "int64": _int64,
    "float32": _number,
    "float64": _number,
    "string": text,
    "uuid": _uuid,
    "date": _date,
    "bytes": _bytes,
    "timestamp": _timestamp,
    "duration": _duration,
}


# -- message -> canonical ---------------------------------------------------------------------


def scalar_reader(t: Scalar | Decimal, int64_as_string: bool) -> Convert | None:
    # The runtime hands out bool, int, float, str and bytes objects: strings, decimals,
    # integers and doubles are canonical as they come.
    if isinstance(t, Decimal):
        return None
    if t.name == "int64" and int64_as_string:
        return _int64_text
    return _READERS.get(t.name)


def enum_reader(enum: Enum) -> Convert:
    names = {s.number: s.name for s in enum.symbols if s.number is not None}
    fallback, enum_name = enum.default, enum.name

    def read(raw: int) -> str:
        name = names.get(raw)
        if name is not None:
            return name
        # UNSPECIFIED or a symbol added by a newer writer: proto3 enums keep the number.
        if fallback is not None:
            return fallback
        raise DecodeError(f"{enum_name}: {raw} is not a symbol and the enum has no default")

    return read


def map_reader(item: Convert | None) -> Convert:
    if item is None:
        return lambda raw: {key: raw[key] for key in sorted(raw)}
    return lambda raw: {key: item(raw[key]) for key in sorted(raw)}


def _micros(raw: Any) -> int:
    return int(raw.seconds) * _MICROS + int(raw.nanos) // 1000


def _int64_text(raw: int) -> str:
    return str(raw)


def _bytes_text(raw: bytes) -> str:
    return binascii.b2a_base64(raw, newline=False).decode("ascii")


_READERS: dict[str, Convert] = {
    "float32": shortest_float32,
    "bytes": _bytes_text,
    "timestamp": lambda raw: timestamp_text(timestamp_from_micros(_micros(raw))),
    "duration": lambda raw: format_duration(_micros(raw)),
}
