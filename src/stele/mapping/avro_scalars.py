"""Converters of single Avro scalar values: canonical JSON form <-> the Python values fastavro
handles (`datetime` for timestamp-micros, `date` for date, `Decimal` for decimal, `bytes`).

Writers check the canonical form and raise ValueError naming the value; readers also accept a
field default as fastavro hands it out (the JSON of the schema, fastavro issue #869).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import re
import struct
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from stele.ir import Value
from stele.mapping.canonical_text import (
    EPOCH_DATE,
    format_date,
    format_decimal,
    format_duration,
    format_timestamp,
    parse_date,
    parse_decimal,
    parse_duration,
    parse_timestamp,
    timestamp_from_micros,
)

Convert = Callable[[Any], Any]

# The canonical spelling of a uuid, which needs no normalising.
CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# The spelling of a timestamp that datetime.fromisoformat reads exactly as parse_timestamp does.
_UTC_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?Z"
)


def text(value: Value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def decimal_writer(precision: int, scale: int) -> Convert:
    return lambda value: parse_decimal(text(value), precision, scale)


def _boolean(value: Value) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected a boolean, got {value!r}")
    return value


def _integer(value: Value, low: int, high: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    # fastavro writes any Python int that fits a C long: an int32 beyond its range would be
    # written silently (and misread by every other Avro reader), an int64 beyond it overflows.
    if not low <= value <= high:
        raise ValueError(f"{value} is out of the {name} range")
    return value


def _int32(value: Value) -> int:
    return _integer(value, -(2**31), 2**31 - 1, "int32")


def _int64(value: Value) -> int:
    # int64 values may be decimal strings (option int64_as_string).
    if isinstance(value, str) and value.lstrip("-").isdigit():
        value = int(value)
    return _integer(value, -(2**63), 2**63 - 1, "int64")


def _number(value: Value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _string(value: Value) -> str:
    return text(value)


def _bytes(value: Value) -> bytes:
    return base64.b64decode(text(value), validate=True)


def uuid_text(value: Value) -> str:
    """The canonical spelling of a uuid value; raises ValueError when it is not a UUID."""
    spelled = text(value)
    # The canonical spelling is what str(UUID(spelled)) gives back: skip the round trip.
    return spelled if CANONICAL_UUID.fullmatch(spelled) else str(uuid.UUID(spelled))


def _date(value: Value) -> dt.date:
    return parse_date(text(value))


def _timestamp(value: Value) -> dt.datetime:
    return timestamp_from_text(text(value))


def _duration(value: Value) -> int:
    return parse_duration(text(value))


def timestamp_from_text(spelled: str) -> dt.datetime:
    """`parse_timestamp`, quicker for the usual spelling (UTC, `Z`, ASCII digits)."""
    if _UTC_TIMESTAMP.fullmatch(spelled):
        try:
            return dt.datetime.fromisoformat(spelled)  # aware, in dt.UTC
        except ValueError:
            pass  # a field out of range: parse_timestamp says which
    return parse_timestamp(spelled)


def decimal_reader(scale: int) -> Convert:
    return lambda value: format_decimal(_decimal_value(value, scale), scale)


def _uuid_from_avro(value: Any) -> str:
    return str(value) if isinstance(value, uuid.UUID) else str(uuid.UUID(str(value)))


def int64_text(value: Any) -> str:
    return str(int(value))


def _raw_bytes(value: bytes | str) -> bytes:
    # fastavro hands out a field default as the JSON of the schema (fastavro issue #869): bytes
    # as a string of ISO-8859-1 characters, dates and timestamps as numbers. Accept both forms.
    return value.encode("iso-8859-1") if isinstance(value, str) else value


def _decimal_value(value: Any, scale: int) -> decimal.Decimal:
    if isinstance(value, decimal.Decimal):
        return value
    unscaled = int.from_bytes(_raw_bytes(value), "big", signed=True)
    return decimal.Decimal(unscaled).scaleb(-scale)


def _date_from_avro(value: Any) -> str:
    if isinstance(value, int):
        value = EPOCH_DATE + dt.timedelta(days=value)
    # date.isoformat prints exactly format_date's YYYY-MM-DD.
    return value.isoformat() if type(value) is dt.date else format_date(value)


def _timestamp_from_avro(value: Any) -> str:
    if isinstance(value, int):
        value = timestamp_from_micros(value)
    return timestamp_text(value)


def timestamp_text(value: dt.datetime) -> str:
    """`format_timestamp`, quicker for a datetime already in dt.UTC (what readers return)."""
    if value.tzinfo is not dt.UTC:
        return format_timestamp(value)
    text = value.isoformat()  # YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00
    micros = value.microsecond
    if micros == 0:
        return text[:19] + "Z"
    return (text[:23] if micros % 1000 == 0 else text[:26]) + "Z"


def shortest_float32(x: float) -> float:
    """The shortest decimal that reads back as the same float32 (as Protobuf's JSON prints it).

    A float32 field holding 0.1 reads back as 0.10000000149011612; the canonical value is 0.1.
    """
    target = struct.pack("<f", x)
    for digits in range(1, 10):
        candidate = float(f"{x:.{digits}g}")
        try:
            if struct.pack("<f", candidate) == target:
                return candidate
        except OverflowError:  # rounding up past the largest float32
            continue
    return x


SCALAR_WRITERS: Mapping[str, Convert] = {
    "bool": _boolean,
    "int32": _int32,
    "int64": _int64,
    "float32": _number,
    "float64": _number,
    "string": _string,
    "bytes": _bytes,
    "uuid": uuid_text,
    "date": _date,
    "timestamp": _timestamp,
    "duration": _duration,
}

SCALAR_READERS: Mapping[str, Convert] = {
    "bool": bool,
    "int32": int,
    "int64": int,
    "float32": lambda value: shortest_float32(float(value)),
    "float64": float,
    "string": str,
    "bytes": lambda b: base64.b64encode(_raw_bytes(b)).decode("ascii"),
    "uuid": _uuid_from_avro,
    "date": _date_from_avro,
    "timestamp": _timestamp_from_avro,
    "duration": lambda micros: format_duration(int(micros)),
}
