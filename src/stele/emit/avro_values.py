"""Convert values between stele's canonical JSON form and the Python values fastavro handles.

The canonical form is the one of docs/mapping.md (timestamps as RFC 3339 strings, bytes as
base64, decimals as strings, a union value as the variant's object plus the discriminator).
fastavro writes and reads Python objects: `datetime` for timestamp-micros, `date` for date,
`Decimal` for decimal, `bytes`, and the tuple `(avro full name, record)` for a union branch.

Read Avro data with `READER_OPTIONS` (fastavro's `return_record_name=True`): it is what lets
`from_avro_value` tell the variants of a union apart.

The text forms live in `stele.emit.canonical_text`; this module only walks the types.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import struct
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from stele.emit.canonical_text import (
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
from stele.ir import (
    Decimal,
    ListOf,
    MapOf,
    NamedType,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Value,
)
from stele.ir import Enum as EnumType
from stele.ir import Union as UnionType

# Keyword arguments for fastavro's readers so unions come back as (full name, record) tuples.
READER_OPTIONS: Mapping[str, bool] = {"return_record_name": True}


def avro_full_name(t: NamedType) -> str:
    """The Avro full name of a stele record or enum: nested names are joined with `_`.

    `food.order.Order.Audit` (nested in `Order`) becomes `food.order.Order_Audit`: stele type
    names are PascalCase, so the `_` cannot collide with a top-level name.
    """
    local = t.name[len(t.package) + 1 :] if t.package else t.name
    avro_name = local.replace(".", "_")
    return f"{t.package}.{avro_name}" if t.package else avro_name


# ---------------------------------------------------------------------------------------------
# Canonical -> fastavro
# ---------------------------------------------------------------------------------------------


def to_avro_value(project: Project, type_expr: TypeExpr, value: Value) -> Any:
    """The Python value fastavro writes for a canonical `value` of `type_expr`.

    A record value gets every field: an absent optional field becomes None and an absent field
    with a default gets the default. Raises ValueError for a value that does not fit the type.
    """
    if isinstance(type_expr, Scalar):
        return _scalar_to_avro(type_expr.name, value)
    if isinstance(type_expr, Decimal):
        return parse_decimal(_text(value), type_expr.precision, type_expr.scale)
    if isinstance(type_expr, ListOf):
        return [to_avro_value(project, type_expr.item, v) for v in _array(value)]
    if isinstance(type_expr, MapOf):
        return {k: to_avro_value(project, type_expr.value, v) for k, v in _object(value).items()}
    return _named_to_avro(project, project.types[type_expr.name], value)


def _named_to_avro(project: Project, t: NamedType, value: Value) -> Any:
    if isinstance(t, Record):
        return record_to_avro(project, t, _object(value))
    if isinstance(t, EnumType):
        symbol = _text(value)
        if symbol not in {s.name for s in t.symbols}:
            raise ValueError(f"'{symbol}' is not a symbol of {t.name}")
        return symbol
    return _union_to_avro(project, t, _object(value))


def record_to_avro(project: Project, record: Record, value: Mapping[str, Value]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in record.fields:
        if f.name in value and value[f.name] is not None:
            out[f.name] = to_avro_value(project, f.type, value[f.name])
        elif f.optional:
            out[f.name] = None
        elif f.has_default:
            out[f.name] = to_avro_value(project, f.type, f.default)
        else:
            raise ValueError(f"{record.name}: required field '{f.name}' is missing")
    return out


def _union_to_avro(project: Project, union: UnionType, value: Mapping[str, Value]) -> Any:
    variant_name = value.get(union.discriminator)
    variant = next((v for v in union.variants if v.name == variant_name), None)
    if variant is None:
        raise ValueError(f"{union.name}: '{variant_name}' is not a variant")
    record = project.record(variant.type.name)
    rest = {k: v for k, v in value.items() if k != union.discriminator}
    return (avro_full_name(record), record_to_avro(project, record, rest))


def _scalar_to_avro(name: str, value: Value) -> Any:
    if name == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"expected a boolean, got {value!r}")
        return value
    if name in ("int32", "int64"):
        return _integer(value, name)
    if name in ("float32", "float64"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number, got {value!r}")
        return float(value)
    return _TEXT_TO_AVRO[name](_text(value))


def _integer(value: Value, name: str) -> int:
    # int64 values may be decimal strings (option int64_as_string).
    if name == "int64" and isinstance(value, str) and value.lstrip("-").isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"expected an integer, got {value!r}")
    # fastavro writes any Python int that fits a C long: an int32 beyond its range would be
    # written silently (and misread by every other Avro reader), an int64 beyond it overflows.
    low, high = (-(2**31), 2**31 - 1) if name == "int32" else (-(2**63), 2**63 - 1)
    if not low <= value <= high:
        raise ValueError(f"{value} is out of the {name} range")
    return value


# ---------------------------------------------------------------------------------------------
# fastavro -> canonical
# ---------------------------------------------------------------------------------------------


def from_avro_value(
    project: Project, type_expr: TypeExpr, value: Any, *, int64_as_string: bool = False
) -> Value:
    """The canonical form of a value fastavro read (with READER_OPTIONS) for `type_expr`."""
    if isinstance(type_expr, Scalar):
        return _scalar_from_avro(type_expr.name, value, int64_as_string)
    if isinstance(type_expr, Decimal):
        return format_decimal(_decimal_value(value, type_expr.scale), type_expr.scale)
    if isinstance(type_expr, ListOf):
        return [
            from_avro_value(project, type_expr.item, v, int64_as_string=int64_as_string)
            for v in value
        ]
    if isinstance(type_expr, MapOf):
        return {
            k: from_avro_value(project, type_expr.value, v, int64_as_string=int64_as_string)
            for k, v in value.items()
        }
    t = project.types[type_expr.name]
    if isinstance(t, Record):
        return record_from_avro(project, t, _unwrap_branch(value), int64_as_string)
    if isinstance(t, EnumType):
        return str(value)
    return _union_from_avro(project, t, value, int64_as_string)


def record_from_avro(
    project: Project, record: Record, value: Mapping[str, Any], int64_as_string: bool = False
) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for f in record.fields:
        v = value.get(f.name)
        if v is None and f.optional:
            continue  # an absent optional field: null is not a canonical value
        if f.has_default and not f.optional and isinstance(v, dict):
            v = _default_branch(project, f.type, f.default, v)
        out[f.name] = from_avro_value(project, f.type, v, int64_as_string=int64_as_string)
    return out


def _default_branch(project: Project, type_expr: TypeExpr, default: Value, value: Any) -> Any:
    """Name the branch of a union field's default, which readers return without its name.

    The emitter puts the default's variant first in the field's union, and Avro's default is
    the first branch, so a bare record read for such a field is that variant.
    """
    t = project.types.get(type_expr.name) if isinstance(type_expr, Ref) else None
    if not isinstance(t, UnionType) or not isinstance(default, dict):
        return value
    variant = next(v for v in t.variants if v.name == default.get(t.discriminator))
    return (avro_full_name(project.types[variant.type.name]), value)


def _union_from_avro(
    project: Project, union: UnionType, value: Any, int64_as_string: bool
) -> Value:
    records = [(v.name, project.record(v.type.name)) for v in union.variants]
    if isinstance(value, tuple):
        full_name, body = value
        match = next(((n, r) for n, r in records if avro_full_name(r) == full_name), None)
        if match is None:
            raise ValueError(f"{union.name}: '{full_name}' is not the record of a variant")
    elif len(records) == 1:
        match, body = records[0], value
    else:
        raise ValueError(
            f"{union.name}: a union value needs the branch name; read with READER_OPTIONS"
        )
    variant_name, record = match
    return {
        union.discriminator: variant_name,
        **record_from_avro(project, record, body, int64_as_string),
    }


def _unwrap_branch(value: Any) -> Any:
    # With return_record_name=True, a record inside ["null", Record] comes back as a tuple.
    return value[1] if isinstance(value, tuple) else value


def _scalar_from_avro(name: str, value: Any, int64_as_string: bool) -> Value:
    if name == "int64" and int64_as_string:
        return str(int(value))
    if name == "float32":
        return shortest_float32(float(value))
    return _SCALARS_FROM_AVRO[name](value)


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
    return format_date(value)


def _timestamp_from_avro(value: Any) -> str:
    if isinstance(value, int):
        value = timestamp_from_micros(value)
    return format_timestamp(value)


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


_TEXT_TO_AVRO: Mapping[str, Callable[[str], Any]] = {
    "string": lambda s: s,
    "bytes": lambda s: base64.b64decode(s, validate=True),
    "uuid": lambda s: str(uuid.UUID(s)),
    "date": parse_date,
    "timestamp": parse_timestamp,
    "duration": parse_duration,
}

_SCALARS_FROM_AVRO: Mapping[str, Callable[[Any], Value]] = {
    "bool": bool,
    "int32": int,
    "int64": int,
    "float64": float,
    "string": str,
    "bytes": lambda b: base64.b64encode(_raw_bytes(b)).decode("ascii"),
    "uuid": lambda u: str(uuid.UUID(str(u))),
    "date": _date_from_avro,
    "timestamp": _timestamp_from_avro,
    "duration": lambda micros: format_duration(int(micros)),
}

# ---------------------------------------------------------------------------------------------
# Shape checks
# ---------------------------------------------------------------------------------------------


def _text(value: Value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _array(value: Value) -> list[Value]:
    if not isinstance(value, list):
        raise ValueError(f"expected an array, got {value!r}")
    return value


def _object(value: Value) -> dict[str, Value]:
    if not isinstance(value, dict):
        raise ValueError(f"expected an object, got {value!r}")
    return value


def normal_form(project: Project, type_expr: TypeExpr, value: Value) -> Value:
    """What a canonical value reads back as after an Avro round trip, without the codec:
    defaults filled in, timestamps in UTC, decimals at their scale, float32 shortest."""
    return from_avro_value(project, type_expr, to_avro_value(project, type_expr, value))
