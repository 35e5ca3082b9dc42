"""A canonical value as the generated JSON schemas expect it, and back: the JSON form keys a
record's properties by the fields' JSON names (`json:`), and writes int64 integers as decimal
strings under `int64_as_string`."""

from __future__ import annotations

from stele.config import Options
from stele.ir import (
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


def has_json_names(project: Project) -> bool:
    """Whether a field of the project has a JSON name other than its own."""
    return any(
        f.json is not None
        for t in project.types.values()
        if isinstance(t, Record)
        for f in t.fields
    )


def json_value(project: Project, options: Options, expr: TypeExpr, value: Value) -> Value:
    """The JSON form of a canonical value: JSON names, and int64 as strings when asked."""
    if not options.int64_as_string and not has_json_names(project):
        return value
    return _walk(project, expr, value, options.int64_as_string, True)


def canonical_value(project: Project, expr: TypeExpr, value: Value) -> Value:
    """A value read from JSON with its properties keyed by field names again."""
    if not has_json_names(project):
        return value
    return _walk(project, expr, value, False, False)


def renamed(project: Project, expr: TypeExpr, value: Value, to_json: bool) -> Value:
    """A value with its records' properties keyed by JSON names (or back), nothing else."""
    return _walk(project, expr, value, False, to_json)


def _walk(project: Project, expr: TypeExpr, value: Value, int64: bool, to_json: bool) -> Value:
    if isinstance(expr, Scalar):
        is_int = isinstance(value, int) and not isinstance(value, bool)
        return str(value) if int64 and expr.name == "int64" and is_int else value
    if isinstance(expr, ListOf) and isinstance(value, list):
        return [_walk(project, expr.item, v, int64, to_json) for v in value]
    if isinstance(expr, MapOf) and isinstance(value, dict):
        return {k: _walk(project, expr.value, v, int64, to_json) for k, v in value.items()}
    if isinstance(expr, Ref) and isinstance(value, dict):
        return _record_values(project, project.types.get(expr.name), value, int64, to_json)
    return value


def _record_values(
    project: Project, named: NamedType | None, value: dict[str, Value], int64: bool, to_json: bool
) -> Value:
    if isinstance(named, Union):
        tag = value.get(named.discriminator)
        variant = next((v for v in named.variants if v.name == tag), None)
        return value if variant is None else _walk(project, variant.type, value, int64, to_json)
    if not isinstance(named, Record):
        return value
    fields: dict[str, Field] = {(f.name if to_json else f.json_name): f for f in named.fields}
    out: dict[str, Value] = {}
    for key, item in value.items():
        f = fields.get(key)
        if f is None:
            out[key] = item
        else:
            out[f.json_name if to_json else f.name] = _walk(project, f.type, item, int64, to_json)
    return out
