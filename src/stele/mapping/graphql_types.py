"""How contract types become GraphQL types: names, custom scalars, type references and the
value a resolver returns for a contract value (unions carry `__typename`)."""

from __future__ import annotations

from dataclasses import dataclass

from stele.ir import (
    Decimal,
    Enum,
    Field,
    ListOf,
    MapOf,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Value,
)
from stele.ir import Union as UnionType

# Contract scalar -> GraphQL type. The custom scalars carry the JSON form of the contract value
# (docs/graphql.md) and name its specification with @specifiedBy where one exists.
BUILTIN = {
    "bool": "Boolean",
    "int32": "Int",
    "float32": "Float",
    "float64": "Float",
    "string": "String",
}
CUSTOM = {
    "int64": "Int64",
    "bytes": "Bytes",
    "uuid": "UUID",
    "date": "Date",
    "timestamp": "Timestamp",
    "duration": "Duration",
}
DECIMAL = "Decimal"
MAP = "Map"
# Scalar name -> (description, specification URL or "").
SCALAR_DOCS: dict[str, tuple[str, str]] = {
    "Int64": (
        "A signed 64-bit integer, serialised as a string of decimal digits (JavaScript numbers "
        "hold 53 bits); read from a string or an integer.",
        "",
    ),
    "Decimal": (
        'An exact decimal number, serialised as a string such as "12.50" (the contract gives '
        "precision and scale in the field's description).",
        "",
    ),
    "UUID": ("A UUID in its canonical textual form.", "https://www.rfc-editor.org/rfc/rfc9562"),
    "Date": ("A calendar date, YYYY-MM-DD.", "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"),
    "Timestamp": (
        "An instant, an RFC 3339 date-time with an offset (Z for UTC).",
        "https://www.rfc-editor.org/rfc/rfc3339#section-5.6",
    ),
    "Duration": ("A duration in ISO 8601 form, such as PT1H30M.", ""),
    "Bytes": ("Bytes, standard base64 with padding.", "https://www.rfc-editor.org/rfc/rfc4648"),
    "Map": (
        "A JSON object with string keys; its values have the JSON form of the type the field's "
        "description names.",
        "",
    ),
}
SCALAR_ORDER = ("Int64", "Decimal", "UUID", "Date", "Timestamp", "Duration", "Bytes", "Map")


def graphql_names(project: Project) -> dict[str, str]:
    """Qualified contract name -> GraphQL type name. The name inside its package with dots made
    underscores (Order.Cancellation -> Order_Cancellation); prefixed with the package in
    PascalCase where two packages share it (FoodOrder_Order)."""
    local = {q: q[len(t.package) + 1 :].replace(".", "_") for q, t in project.types.items()}
    count: dict[str, int] = {}
    for name in local.values():
        count[name] = count.get(name, 0) + 1
    taken = set(CUSTOM.values()) | set(BUILTIN.values()) | {DECIMAL, MAP, "Query", "Mutation"}
    taken |= {"Subscription"}
    out: dict[str, str] = {}
    for q, name in local.items():
        if count[name] > 1 or name in taken:
            prefix = "".join(p[:1].upper() + p[1:] for p in project.types[q].package.split("."))
            name = f"{prefix}_{name}"
        out[q] = name
    return out


def input_name(name: str) -> str:
    return f"{name}Input"


@dataclass(frozen=True)
class TypeMapper:
    project: Project
    names: dict[str, str]

    def named(self, t: TypeExpr, as_input: bool) -> str:
        """The GraphQL named type of a type expression (lists excluded)."""
        if isinstance(t, Scalar):
            return BUILTIN.get(t.name) or CUSTOM[t.name]
        if isinstance(t, Decimal):
            return DECIMAL
        if isinstance(t, MapOf):
            return MAP
        assert isinstance(t, Ref)
        name = self.names[t.name]
        target = self.project.types[t.name]
        return input_name(name) if as_input and not isinstance(target, Enum) else name

    def ref(self, t: TypeExpr, required: bool, as_input: bool) -> str:
        """A GraphQL type reference: `[Item!]!`, `String`, ..."""
        if isinstance(t, ListOf):
            text = f"[{self.ref(t.item, True, as_input)}]"
        else:
            text = self.named(t, as_input)
        return text + "!" if required else text

    def field_ref(self, f: Field, as_input: bool) -> str:
        return self.ref(f.type, field_required(f), as_input)


def field_required(f: Field) -> bool:
    """Non-null in GraphQL when the JSON form always holds it: neither optional nor defaulted."""
    return not f.optional and not f.has_default


def scalars_of(t: TypeExpr) -> list[str]:
    if isinstance(t, ListOf):
        return scalars_of(t.item)
    if isinstance(t, MapOf):
        return [MAP]
    if isinstance(t, Decimal):
        return [DECIMAL]
    if isinstance(t, Scalar) and t.name in CUSTOM:
        return [CUSTOM[t.name]]
    return []


def result_value(project: Project, names: dict[str, str], t: TypeExpr, value: Value) -> Value:
    """A contract value (its JSON form) as a GraphQL resolver returns it: every union value
    gains `__typename`, the GraphQL type its discriminator names; the discriminator member is
    kept (it is not a field of the variant's type, so no query can select it)."""
    if value is None:
        return None
    if isinstance(t, ListOf) and isinstance(value, list):
        return [result_value(project, names, t.item, v) for v in value]
    if not isinstance(t, Ref) or not isinstance(value, dict):
        return value
    named = project.types[t.name]
    if isinstance(named, UnionType):
        tag = value.get(named.discriminator)
        variant = next((v for v in named.variants if v.name == tag), None)
        if variant is None:
            return value
        inner = result_value(project, names, variant.type, value)
        assert isinstance(inner, dict)
        return {**inner, "__typename": names[variant.type.name]}
    if isinstance(named, Record):
        out = dict(value)
        for f in named.fields:
            if f.name in out:
                out[f.name] = result_value(project, names, f.type, out[f.name])
        return out
    return value
