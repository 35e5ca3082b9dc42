"""Hypothesis strategies for pairs of related Avro record schemas, and random values for them.

A schema is drawn as a small spec tree and rendered to JSON; the old and the new schema draw
their fields from the same few names and types, so pairs share most of their structure and
differ the way schemas evolve: fields added or removed (with or without defaults, renamed with
aliases), types promoted or changed, enums and unions widened or narrowed, named types renamed
(with or without aliases), nested and recursive records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

PRIMITIVE_SPECS = [
    "null",
    "boolean",
    "int",
    "long",
    "float",
    "double",
    "string",
    "bytes",
]
LOGICAL_SPECS = {
    "date": {"type": "int", "logicalType": "date"},
    "ts-millis": {"type": "long", "logicalType": "timestamp-millis"},
    "ts-micros": {"type": "long", "logicalType": "timestamp-micros"},
}
SYMBOLS = ("A", "B", "C", "D")
FIELD_NAMES = ("a", "b", "c", "d")

Spec = tuple[Any, ...]


@dataclass(frozen=True)
class _Side:
    old: bool
    namespace: str


_scalar = st.sampled_from(PRIMITIVE_SPECS + list(LOGICAL_SPECS)).map(lambda p: ("prim", p))
_enum = st.tuples(
    st.just("enum"),
    st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=4, unique=True).map(tuple),
    st.booleans(),  # has a default symbol
    st.sampled_from(["same", "renamed", "renamed-aliased"]),
)
_fixed = st.tuples(st.just("fixed"), st.sampled_from([4, 8]))
_self = st.just(("self",))


def _union(element: st.SearchStrategy[Spec]) -> st.SearchStrategy[Spec]:
    primitives = st.lists(st.sampled_from(PRIMITIVE_SPECS), min_size=1, max_size=3, unique=True)
    not_primitive = element.filter(lambda spec: spec[0] != "prim")
    extra = st.one_of(st.none(), not_primitive, _self)
    return st.tuples(primitives, extra).map(
        lambda pe: ("union", tuple(("prim", p) for p in pe[0]) + ((pe[1],) if pe[1] else ()))
    )


def _record(element: st.SearchStrategy[Spec]) -> st.SearchStrategy[Spec]:
    field = st.tuples(st.sampled_from(FIELD_NAMES[:2]), element, st.booleans())
    fields = st.lists(field, min_size=1, max_size=2, unique_by=lambda f: f[0])
    return fields.map(lambda fs: ("record", tuple(fs)))


def _element() -> st.SearchStrategy[Spec]:
    simple = st.one_of(_scalar, _enum, _fixed)
    containers = st.one_of(
        simple.map(lambda s: ("array", s)),
        simple.map(lambda s: ("map", s)),
        _record(_scalar),
    )
    return st.one_of(simple, simple, containers)


ELEMENT = _element()
TYPE = st.one_of(ELEMENT, ELEMENT, _union(ELEMENT))


@st.composite
def schema_specs(draw: st.DrawFn) -> Spec:
    """A top-level record spec: its fields as (name, type, has_default, aliases)."""
    fields = []
    for name in draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=4, unique=True)):
        aliases = tuple(draw(st.lists(st.sampled_from(FIELD_NAMES), max_size=1)))
        aliases = tuple(a for a in aliases if a != name)
        fields.append((name, draw(TYPE), draw(st.booleans()), aliases))
    namespace = draw(st.sampled_from(["ns", "ns", "ns", "other"]))
    return ("top", namespace, tuple(fields))


@st.composite
def schema_pairs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two record schemas: the new one often mutates the old one field by field."""
    old = draw(schema_specs())
    if draw(st.booleans()):
        new = draw(schema_specs())
    else:
        _, namespace, fields = old
        mutated = []
        for field in fields:
            choice = draw(st.sampled_from(["keep", "nudge", "nudge", "type", "default", "drop"]))
            if choice == "type":
                field = (field[0], draw(TYPE), field[2], field[3])
            elif choice == "nudge":
                field = (field[0], draw(_nudged(field[1])), field[2], field[3])
            elif choice == "default":
                field = (field[0], field[1], not field[2], field[3])
            if choice != "drop":
                mutated.append(field)
        new = ("top", namespace, tuple(mutated))
    return render(old, old=True), render(new, old=False)


def _nudged(spec: Spec) -> st.SearchStrategy[Spec]:
    """A small evolution of a type: promotions and narrowings, enum symbols, union branches."""
    kind = spec[0]
    if kind == "prim":
        return st.sampled_from(PRIMITIVE_SPECS[2:] + list(LOGICAL_SPECS)).map(lambda p: ("prim", p))
    if kind == "enum":
        symbols = st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=4, unique=True)
        return st.tuples(st.just("enum"), symbols.map(tuple), st.booleans(), st.just(spec[3]))
    if kind == "union":
        branches = st.lists(st.sampled_from(spec[1]), min_size=1, unique=True)
        primitive = st.sampled_from(PRIMITIVE_SPECS).map(lambda p: ("prim", p))
        widened = primitive.map(lambda b: spec[1] if b in spec[1] else (b, *spec[1]))
        return st.one_of(branches.map(lambda bs: ("union", tuple(bs))), widened.map(_as_union))
    if kind in ("array", "map"):
        return _nudged(spec[1]).map(lambda inner: (kind, inner))
    return st.just(spec)


def _as_union(branches: tuple[Spec, ...]) -> Spec:
    return ("union", branches)


def render(spec: Spec, old: bool) -> dict[str, Any]:
    _, namespace, fields = spec
    return {
        "type": "record",
        "name": "Top",
        "namespace": namespace,
        "fields": [
            _field(name, t, d, a, f"T_{name}", _Side(old, namespace)) for name, t, d, a in fields
        ],
    }


def _field(
    name: str, spec: Spec, has_default: bool, aliases: tuple[str, ...], path: str, side: _Side
) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": _type(spec, path, side)}
    if aliases:
        field["aliases"] = list(aliases)
    if has_default and spec != ("self",):
        field["default"] = _default(spec, path)
    return field


def _type(spec: Spec, path: str, side: _Side) -> Any:
    kind = spec[0]
    if kind == "prim":
        return LOGICAL_SPECS.get(spec[1], spec[1])
    if kind == "self":
        return "Top"
    if kind == "enum":
        _, symbols, has_default, naming = spec
        enum: dict[str, Any] = {"type": "enum", "name": _enum_name(path, naming, side.old)}
        enum["symbols"] = list(symbols)
        if naming == "renamed-aliased" and not side.old:
            # Fully qualified: the Python checker compares aliases unresolved (see the docs).
            enum["aliases"] = [f"{side.namespace}.{path}_E"]
        if has_default:
            enum["default"] = symbols[0]
        return enum
    if kind == "fixed":
        return {"type": "fixed", "name": f"{path}_F", "size": spec[1]}
    if kind == "array":
        return {"type": "array", "items": _type(spec[1], f"{path}_i", side)}
    if kind == "map":
        return {"type": "map", "values": _type(spec[1], f"{path}_v", side)}
    if kind == "record":
        fields = [_field(n, t, d, (), f"{path}_{n}", side) for n, t, d in spec[1]]
        return {"type": "record", "name": f"{path}_R", "fields": fields}
    assert kind == "union"
    return [_type(branch, f"{path}_{i}", side) for i, branch in enumerate(spec[1])]


def _enum_name(path: str, naming: str, old: bool) -> str:
    return f"{path}_E" if old or naming == "same" else f"{path}_E2"


def _default(spec: Spec, path: str) -> Any:
    kind = spec[0]
    if kind == "prim":
        base = LOGICAL_SPECS[spec[1]]["type"] if spec[1] in LOGICAL_SPECS else spec[1]
        defaults = {"null": None, "boolean": False, "string": "", "bytes": ""}
        return defaults.get(base, 0)
    if kind == "enum":
        return spec[1][0]
    if kind == "fixed":
        return "\u0001" * spec[1]
    if kind == "array":
        return []
    if kind == "map":
        return {}
    if kind == "record":
        return {n: _default(t, f"{path}_{n}") for n, t, _ in spec[1]}
    assert kind == "union"
    return _default(spec[1][0], f"{path}_0") if spec[1][0] != ("self",) else None


def random_value(schema: Any, named: dict[str, Any], rng: random.Random, depth: int = 0) -> Any:
    """A random value of a fastavro-parsed schema (named types looked up in `named`)."""
    if isinstance(schema, str):
        if schema in named:
            return random_value(named[schema], named, rng, depth)
        return _random_primitive(schema, None, rng)
    if isinstance(schema, list):
        branches = [b for b in schema if not (depth > 3 and b != "null")] or schema
        return random_value(rng.choice(branches), named, rng, depth + 1)
    kind = schema["type"]
    if kind == "record":
        return {f["name"]: random_value(f["type"], named, rng, depth + 1) for f in schema["fields"]}
    if kind == "enum":
        return rng.choice(schema["symbols"])
    if kind == "fixed":
        return bytes(rng.randrange(256) for _ in range(schema["size"]))
    if kind == "array":
        return [
            random_value(schema["items"], named, rng, depth + 1) for _ in range(rng.randrange(3))
        ]
    if kind == "map":
        count = rng.randrange(3)
        return {
            f"k{i}": random_value(schema["values"], named, rng, depth + 1) for i in range(count)
        }
    if isinstance(kind, (dict, list)):
        return random_value(kind, named, rng, depth)
    return _random_primitive(kind, schema.get("logicalType"), rng)


def _random_primitive(kind: str, logical: str | None, rng: random.Random) -> Any:
    if logical is not None:
        return rng.randrange(0, 20000)  # in range for every date/time conversion
    values: dict[str, Any] = {
        "null": None,
        "boolean": rng.random() < 0.5,
        "int": rng.randrange(-(2**31), 2**31),
        "long": rng.randrange(-(2**63), 2**63),
        "float": rng.uniform(-1e6, 1e6),
        "double": rng.uniform(-1e12, 1e12),
        "string": "".join(rng.choice("abcé€") for _ in range(rng.randrange(4))),
        "bytes": bytes(rng.randrange(256) for _ in range(rng.randrange(4))),
    }
    return values[kind]
