"""The neutral intermediate representation of a contract project.

Frozen dataclasses, no I/O and no knowledge of any output format. Every node keeps the span of
the YAML that declared it, so that lint diagnostics and compatibility findings can point at the
source. Collections are tuples (ordered as declared) so nodes are hashable and immutable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

# Re-exported: a position has its own module, which reporting imports without the IR.
from stele.span import NO_SPAN as NO_SPAN
from stele.span import Span as Span

# ---------------------------------------------------------------------------------------------
# Type expressions
# ---------------------------------------------------------------------------------------------

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

# ---------------------------------------------------------------------------------------------
# Messages, channels, services
# ---------------------------------------------------------------------------------------------


class MessageKind(StrEnum):
    COMMAND = "command"
    EVENT = "event"
    DOCUMENT = "document"
    REPLY = "reply"


@dataclass(frozen=True)
class Header:
    name: str
    type: TypeExpr
    span: Span
    required: bool = False
    doc: str = ""
    standard: bool = False  # one of the envelope headers every message carries


# The envelope headers every message carries, in this order (name, type, required, doc).
ENVELOPE_HEADERS: tuple[tuple[str, str, bool, str], ...] = (
    ("message_id", "uuid", True, "Unique id of this message."),
    ("message_type", "string", True, "Fully qualified name of the message."),
    ("timestamp", "timestamp", True, "When the message was created."),
    ("content_type", "string", True, "Media type of the body encoding."),
    ("correlation_id", "uuid", False, "Id shared by a request and its replies."),
    ("causation_id", "uuid", False, "Id of the message that caused this one."),
    ("reply_to", "string", False, "Address of the channel the reply goes to."),
)


@dataclass(frozen=True)
class MessageExample:
    body: Value
    span: Span
    name: str = ""
    headers: dict[str, Value] = field(default_factory=dict, hash=False, compare=True)


@dataclass(frozen=True)
class Message:
    name: str
    package: str
    kind: MessageKind
    body: Ref
    span: Span
    headers: tuple[Header, ...] = ()  # declared headers only; see ENVELOPE_HEADERS
    doc: str = ""
    examples: tuple[MessageExample, ...] = ()
    deprecated: str | None = None
    acks: tuple[Ack, ...] = ()

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]


class ChannelStyle(StrEnum):
    POINT_TO_POINT = "point-to-point"
    PUBLISH_SUBSCRIBE = "publish-subscribe"


class ExchangeType(StrEnum):
    DIRECT = "direct"
    TOPIC = "topic"
    FANOUT = "fanout"
    HEADERS = "headers"


@dataclass(frozen=True)
class AmqpBinding:
    """Where a channel's messages travel on an AMQP 0-9-1 broker (RabbitMQ)."""

    exchange: str
    exchange_type: ExchangeType = ExchangeType.DIRECT
    routing_key: str = ""  # "" on a fanout or headers exchange
    queue: str = ""  # the owner's queue, when it is part of the contract
    span: Span = NO_SPAN


@dataclass(frozen=True)
class KafkaBinding:
    """Where a channel's messages travel on a Kafka broker."""

    topic: str
    partitions: int | None = None
    key: str = ""  # the body field whose value is the record key
    span: Span = NO_SPAN


@dataclass(frozen=True)
class ChannelBindings:
    amqp: AmqpBinding | None = None
    kafka: KafkaBinding | None = None


@dataclass(frozen=True)
class Channel:
    name: str  # qualified
    package: str
    address: str
    style: ChannelStyle
    owner: str  # qualified service name
    messages: tuple[str, ...]  # qualified message names
    span: Span
    doc: str = ""
    acks: tuple[Ack, ...] = ()
    bindings: ChannelBindings = ChannelBindings()

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]


class Style(StrEnum):
    REQUEST_RESPONSE = "request-response"
    ASYNC_REQUEST_RESPONSE = "async-request-response"
    NOTIFICATION = "notification"
    PUBLISH_SUBSCRIBE = "publish-subscribe"
    PUBLISH_ASYNC_RESPONSES = "publish-async-responses"


class Role(StrEnum):
    """Which side of an asynchronous operation the owning service plays."""

    SEND = "send"  # the service sends the request / publishes the event
    RECEIVE = "receive"  # the service receives the request / subscribes to the event


@dataclass(frozen=True)
class Expansion:
    """A related resource that `?expand=NAME` embeds into the response."""

    name: str
    field: str  # the response field holding the related record's id
    target: str  # qualified record name
    span: Span


@dataclass(frozen=True)
class HttpBinding:
    method: str
    path: str
    span: Span
    path_params: tuple[str, ...] = ()
    query_params: tuple[str, ...] = ()
    body: bool = False  # whether the remaining request fields travel as a JSON body
    status: int = 200
    expand: tuple[Expansion, ...] = ()


@dataclass(frozen=True)
class Uses:
    """What an operation depends on while it runs."""

    calls: tuple[str, ...] = ()  # qualified operations, Service.Operation, called synchronously
    sends: tuple[str, ...] = ()  # qualified command messages
    publishes: tuple[str, ...] = ()  # qualified event messages


@dataclass(frozen=True)
class Operation:
    name: str
    service: str  # qualified service name
    style: Style
    span: Span
    doc: str = ""
    # request-response: request and response are record types.
    request: str | None = None
    response: str | None = None
    errors: tuple[int, ...] = ()
    http: HttpBinding | None = None
    grpc: bool = True  # request-response: also a gRPC method (`grpc: false` makes it HTTP only)
    # asynchronous styles: messages and channels by qualified name.
    role: Role = Role.RECEIVE
    message: str | None = None
    channel: str | None = None
    reply: str | None = None
    reply_channel: str | None = None
    window_ms: int | None = None  # publish/async responses: how long replies are gathered
    uses: Uses = Uses()
    deprecated: str | None = None
    acks: tuple[Ack, ...] = ()

    @property
    def qualified_name(self) -> str:
        return f"{self.service}.{self.name}"


@dataclass(frozen=True)
class Service:
    name: str
    package: str
    operations: tuple[Operation, ...]
    span: Span
    doc: str = ""
    availability: float | None = None  # e.g. 0.995, used by the dependency analysis
    acks: tuple[Ack, ...] = ()

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]


@dataclass(frozen=True)
class Package:
    name: str
    file: str
    span: Span
    doc: str = ""


@dataclass(frozen=True)
class Project:
    """Everything loaded from a contract project, keyed by qualified name, in declaration order."""

    packages: dict[str, Package]
    types: dict[str, NamedType]
    messages: dict[str, Message]
    channels: dict[str, Channel]
    services: dict[str, Service]

    def record(self, name: str) -> Record:
        t = self.types[name]
        assert isinstance(t, Record), name
        return t

    def in_package(self, package: str) -> list[NamedType]:
        return [t for t in self.types.values() if t.package == package]

    def operations(self) -> list[Operation]:
        return [op for s in self.services.values() for op in s.operations]

    def reachable_types(self, roots: list[str]) -> list[str]:
        """The named types reachable from `roots` (themselves included), in declaration order."""
        seen: set[str] = set()
        pending = list(roots)
        while pending:
            name = pending.pop()
            if name in seen or name not in self.types:
                continue
            seen.add(name)
            named = self.types[name]
            if isinstance(named, Record):
                pending += [n for f in named.fields for n in named_refs(f.type)]
            elif isinstance(named, Union):
                pending += [v.type.name for v in named.variants]
        return [name for name in self.types if name in seen]
