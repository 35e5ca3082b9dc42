"""What carries the types: messages and their headers, channels and their broker bindings,
services and their operations with their HTTP bindings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from stele.ir.types import Ack, Ref, TypeExpr, Value
from stele.span import NO_SPAN, Span


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
