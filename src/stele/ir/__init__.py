"""The neutral intermediate representation of a contract project.

Frozen dataclasses, no I/O and no knowledge of any output format. Every node keeps the span of
the YAML that declared it, so that lint diagnostics and compatibility findings can point at the
source. Collections are tuples (ordered as declared) so nodes are hashable and immutable.

The model is written in three modules: `types` (type expressions, values, records, enums,
unions), `services` (messages, channels, services, operations) and `project` (the whole
project). Every name is imported from here, `stele.ir`, as the whole code base does.
"""

from __future__ import annotations

from stele.ir.project import Package, Project
from stele.ir.services import (
    ENVELOPE_HEADERS,
    AmqpBinding,
    Channel,
    ChannelBindings,
    ChannelStyle,
    ExchangeType,
    Expansion,
    Header,
    HttpBinding,
    KafkaBinding,
    Message,
    MessageExample,
    MessageKind,
    Operation,
    Role,
    Service,
    Style,
    Uses,
)
from stele.ir.types import (
    SCALARS,
    Ack,
    Decimal,
    Enum,
    EnumSymbol,
    Example,
    Field,
    ListOf,
    MapOf,
    NamedType,
    Record,
    Ref,
    Relation,
    Reserved,
    Scalar,
    TypeExpr,
    Union,
    Value,
    Variant,
    named_refs,
    type_text,
)

# Re-exported: a position has its own module, which reporting imports without the IR.
from stele.span import NO_SPAN, Span

__all__ = [
    "ENVELOPE_HEADERS",
    "NO_SPAN",
    "SCALARS",
    "Ack",
    "AmqpBinding",
    "Channel",
    "ChannelBindings",
    "ChannelStyle",
    "Decimal",
    "Enum",
    "EnumSymbol",
    "Example",
    "ExchangeType",
    "Expansion",
    "Field",
    "Header",
    "HttpBinding",
    "KafkaBinding",
    "ListOf",
    "MapOf",
    "Message",
    "MessageExample",
    "MessageKind",
    "NamedType",
    "Operation",
    "Package",
    "Project",
    "Record",
    "Ref",
    "Relation",
    "Reserved",
    "Role",
    "Scalar",
    "Service",
    "Span",
    "Style",
    "TypeExpr",
    "Union",
    "Uses",
    "Value",
    "Variant",
    "named_refs",
    "type_text",
]
