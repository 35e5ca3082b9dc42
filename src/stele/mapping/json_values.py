"""A canonical value as the generated JSON schemas expect it."""

from __future__ import annotations

from stele.config import Options
from stele.ir import ListOf, MapOf, NamedType, Project, Record, Ref, Scalar, TypeExpr, Union, Value


def json_value(project: Project, options: Options, expr: TypeExpr, value: Value) -> Value:
    """Only `int64_as_string` changes anything (int64 integers become decimal strings)."""
    if not options.int64_as_string:
        return value
    return _int64_to_string(project, expr, value)


def _int64_to_string(project: Project, expr: TypeExpr, value: Value) -> Value:
    if isinstance(expr, Scalar):
        is_int = isinstance(value, int) and not isinstance(value, bool)
        return str(value) if expr.name == "int64" and is_int else value
    if isinstance(expr, ListOf) and isinstance(value, list):
        return [_int64_to_string(project, expr.item, v) for v in value]
    if isinstance(expr, MapOf) and isinstance(value, dict):
        return {k: _int64_to_string(project, expr.value, v) for k, v in value.items()}
    if isinstance(expr, Ref) and isinstance(value, dict):
        return _record_values(project, project.types.get(expr.name), value)
    return value


def _record_values(project: Project, named: NamedType | None, value: dict[str, Value]) -> Value:
    if isinstance(named, Union):
        tag = value.get(named.discriminator)
        variant = next((v for v in named.variants if v.name == tag), None)
        return value if variant is None else _int64_to_string(project, variant.type, value)
    if not isinstance(named, Record):
        return value
    out: dict[str, Value] = {}
    for key, item in value.items():
        f = named.field(key)
        out[key] = item if f is None else _int64_to_string(project, f.type, item)
    return out
