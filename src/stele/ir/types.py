"""The types of a contract: type expressions, values, and the named types (records, enums,
unions) with their members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from stele.span import NO_SPAN, Span

SCALARS: tuple[str, ...] = (
    "bool",
    "int32",
    "int64",
    "float32",
    "float64",
    "string",
    "bytes",
    "uuid",
    "date",
    "timestamp",
    "duration",
)


@dataclass(frozen=True)
class Scalar:
    name: str  # one of SCALARS


@dataclass(frozen=True)
class Decimal:
    precision: int
    scale: int


@dataclass(frozen=True)
class ListOf:
    item: TypeExpr


@dataclass(frozen=True)
class MapOf:
    """A map with string keys."""

    value: TypeExpr


@dataclass(frozen=True)
class Ref:
    """A reference to a named type (record, enum or union) by fully qualified name."""

    name: str


TypeExpr: TypeAlias = Scalar | Decimal | ListOf | MapOf | Ref

# A value in canonical form: the JSON data model (what the generated JSON Schema describes).
Value: TypeAlias = bool | int | float | str | list["Value"] | dict[str, "Value"] | None


def named_refs(t: TypeExpr) -> list[str]:
    """The named types a type expression refers to (through lists and maps)."""
    if isinstance(t, ListOf):
        return named_refs(t.item)
    if isinstance(t, MapOf):
        return named_refs(t.value)
    return [t.name] if isinstance(t, Ref) else []


def type_text(t: TypeExpr) -> str:
    """The source spelling of a type expression."""
    if isinstance(t, Scalar):
        return t.name
    if isinstance(t, Decimal):
        return f"decimal({t.precision},{t.scale})"
    if isinstance(t, ListOf):
        return f"list<{type_text(t.item)}>"
    if isinstance(t, MapOf):
        return f"map<string,{type_text(t.value)}>"
    return t.name


# ---------------------------------------------------------------------------------------------
# Named types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """A named example value, type-checked at load time."""

    value: Value
    span: Span
    name: str = ""


@dataclass(frozen=True)
class Reserved:
    numbers: tuple[tuple[int, int], ...] = ()  # inclusive ranges
    names: tuple[str, ...] = ()
    span: Span = NO_SPAN

    def has_number(self, n: int) -> bool:
        return any(lo <= n <= hi for lo, hi in self.numbers)


@dataclass(frozen=True)
class Ack:
    """An intentional breaking change, acknowledged at the element it concerns.

    It silences findings of `rule` located at the element or inside it, until it expires (a
    date, or a release version at which the acknowledgement stops applying).
    """

    rule: str
    reason: str
    span: Span
    expires: str | None = None  # YYYY-MM-DD or a version such as 2.0.0


@dataclass(frozen=True)
class Relation:
    """A field that holds the identity of another record; `expand` can embed that record."""

    target: str  # qualified record name
    name: str  # the relation's name, used by `?expand=`
    span: Span = NO_SPAN


@dataclass(frozen=True)
class Field:
    name: str
    type: TypeExpr
    span: Span
    optional: bool = False
    number: int | None = None  # protobuf field number, from the source or the lock
    doc: str = ""
    default: Value = None
    has_default: bool = False
    deprecated: str | None = None  # reason; "" means deprecated without a reason
    examples: tuple[Example, ...] = ()
    renamed_from: tuple[str, ...] = ()
    relation: Relation | None = None
    type_span: Span = NO_SPAN
    acks: tuple[Ack, ...] = ()
    default_span: Span = NO_SPAN  # where the default value is written
    json: str | None = None  # the property name in every JSON form, when not the field's name

    @property
    def json_name(self) -> str:
        """The field's property name in JSON (JSON Schema, OpenAPI, AsyncAPI, the JSON codec,
        Protobuf's `json_name`); Avro and the other binary formats use `name`."""
        return self.json if self.json is not None else self.name


@dataclass(frozen=True)
class Record:
    name: str  # fully qualified, e.g. food.order.Order or food.order.Order.Line
    package: str
    fields: tuple[Field, ...]
    span: Span
    doc: str = ""
    reserved: Reserved = Reserved()
    deprecated: str | None = None
    examples: tuple[Example, ...] = ()
    renamed_from: tuple[str, ...] = ()
    parent: str | None = None  # the enclosing record when nested
    acks: tuple[Ack, ...] = ()

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class EnumSymbol:
    name: str
    span: Span
    number: int | None = None
    doc: str = ""
    deprecated: str | None = None
    renamed_from: tuple[str, ...] = ()
    acks: tuple[Ack, ...] = ()


@dataclass(frozen=True)
class Enum:
    name: str
    package: str
    symbols: tuple[EnumSymbol, ...]
    span: Span
    doc: str = ""
    default: str | None = None
    reserved: Reserved = Reserved()
    deprecated: str | None = None
    examples: tuple[Example, ...] = ()
    renamed_from: tuple[str, ...] = ()
    parent: str | None = None
    acks: tuple[Ack, ...] = ()

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Variant:
    """One branch of a union: a name (the discriminator value) and a record type."""

    name: str
    type: Ref
    span: Span
    number: int | None = None
    doc: str = ""


@dataclass(frozen=True)
class Union:
    name: str
    package: str
    variants: tuple[Variant, ...]
    span: Span
    doc: str = ""
    discriminator: str = "type"
    reserved: Reserved = Reserved()
    deprecated: str | None = None
    examples: tuple[Example, ...] = ()
    renamed_from: tuple[str, ...] = ()
    parent: str | None = None
    acks: tuple[Ack, ...] = ()

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]


NamedType: TypeAlias = Record | Enum | Union
