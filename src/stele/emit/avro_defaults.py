"""Field defaults in Avro's JSON default encoding.

Avro writes a default as JSON, but not as stele's canonical JSON form: bytes and decimals are
strings of ISO-8859-1 characters (one per byte), dates are days since 1970-01-01, timestamps
and durations are longs of microseconds, and a union default is the value of the union's FIRST
branch, without a branch name (the emitter puts the default's variant first).
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from stele.ir import Decimal, ListOf, MapOf, Project, Ref, Scalar, TypeExpr, Union, Value
from stele.mapping.avro_values import avro_full_name, to_avro_value
from stele.mapping.canonical_text import EPOCH_DATE, decimal_unscaled_bytes, timestamp_to_micros


def avro_default(project: Project, type_expr: TypeExpr, value: Value) -> Any:
    """The Avro JSON default for a canonical `value` of `type_expr`."""
    return _json_default(type_expr, to_avro_value(project, type_expr, value), project)


def union_variant_of(project: Project, ref: Ref, value: Value) -> str | None:
    """The variant a union default names, or None when `ref` is not a union."""
    t = project.types[ref.name]
    if not isinstance(t, Union) or not isinstance(value, dict):
        return None
    variant = value.get(t.discriminator)
    return variant if isinstance(variant, str) else None


def _json_default(type_expr: TypeExpr, avro_value: Any, project: Project) -> Any:
    if isinstance(type_expr, Scalar):
        return _scalar_default(avro_value)
    if isinstance(type_expr, Decimal):
        return _latin1(decimal_unscaled_bytes(avro_value, type_expr.scale))
    if isinstance(type_expr, ListOf):
        return [_json_default(type_expr.item, v, project) for v in avro_value]
    if isinstance(type_expr, MapOf):
        return {k: _json_default(type_expr.value, v, project) for k, v in avro_value.items()}
    return _named_default(type_expr, avro_value, project)


def _named_default(ref: Ref, avro_value: Any, project: Project) -> Any:
    if isinstance(avro_value, str):
        return avro_value  # an enum symbol
    if isinstance(avro_value, tuple):
        # A union branch: (full name, record). Avro's default is the record alone.
        t = project.types[ref.name]
        assert isinstance(t, Union)
        full_name, record_value = avro_value
        record = next(
            project.record(v.type.name)
            for v in t.variants
            if avro_full_name(project.types[v.type.name]) == full_name
        )
        return _record_default(record.name, record_value, project)
    return _record_default(ref.name, avro_value, project)


def _record_default(record_name: str, avro_value: dict[str, Any], project: Project) -> Any:
    record = project.record(record_name)
    out: dict[str, Any] = {}
    for f in record.fields:
        v = avro_value[f.name]
        out[f.name] = None if v is None else _json_default(f.type, v, project)
    return out


def _scalar_default(avro_value: Any) -> Any:
    if isinstance(avro_value, bytes):
        return _latin1(avro_value)
    if isinstance(avro_value, dt.datetime):
        return timestamp_to_micros(avro_value)
    if isinstance(avro_value, dt.date):
        return (avro_value - EPOCH_DATE).days
    if isinstance(avro_value, uuid.UUID | decimal.Decimal):
        return str(avro_value)
    return avro_value


def _latin1(data: bytes) -> str:
    return data.decode("iso-8859-1")
