"""AsyncAPI 3.0: one document per service that takes part in asynchronous interactions.

Each document describes its service as an application: the channels it uses, the operations it
performs on them (`send` or `receive`, with a `reply` where a reply comes back) and the messages,
whose payload and headers schemas come from the one mapping in `stele.emit.jsonschema`.
Layout: `asyncapi/<qualified service name>.json`. See `docs/asyncapi.md` for the mapping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from stele.diagnostics import Diagnostic
from stele.emit._asyncapi_check import check_artifacts
from stele.emit.base import EmitContext, header_line
from stele.emit.jsonschema import ComponentRefs, Schema, dump_json, header_schema, named_schema
from stele.ir import (
    Channel,
    Message,
    MessageKind,
    Operation,
    Project,
    Role,
    Service,
    Style,
    Union,
    Value,
)
from stele.mapping.artifacts import Artifacts, component_name
from stele.mapping.json_values import json_value

OUTPUT_DIR = "asyncapi"
ASYNCAPI_VERSION = "3.0.0"
CONTENT_TYPE = "application/json"
CORRELATION_ID = "correlation_id"
CORRELATION_LOCATION = "$message.header#/correlation_id"
REPLY_TO_LOCATION = "$message.header#/reply_to"

# Envelope header values that complete a message example, which declares only its own headers.
# The same values as the JSON Schema check uses, so an example reads alike in every format.
SAMPLE_ENVELOPE: dict[str, Value] = {
    "message_id": "00000000-0000-4000-8000-000000000000",
    "timestamp": "2000-01-01T00:00:00Z",
    "content_type": CONTENT_TYPE,
}


@dataclass(frozen=True)
class Interaction:
    """One AsyncAPI operation of the service: an action on a channel with one message."""

    key: str  # the operation's key in the document
    action: Role
    channel: str  # qualified channel name
    message: str  # qualified message name
    style: Style
    source: Operation  # the declaring operation (for a derived one: the operation that uses it)
    reply: str | None = None
    reply_channel: str | None = None  # None with a reply: the address comes from `reply_to`
    window_ms: int | None = None
    derived: bool = False  # from `uses.sends` / `uses.publishes`
    used_by: tuple[str, ...] = ()  # for a derived one: the operations whose `uses` name it


# ---------------------------------------------------------------------------------------------
# Which interactions a service takes part in
# ---------------------------------------------------------------------------------------------


def channels_carrying(project: Project, message: str) -> list[Channel]:
    return [c for c in project.channels.values() if message in c.messages]


def _operation_channel(project: Project, op: Operation) -> str | None:
    if op.channel is not None:
        return op.channel
    carriers = channels_carrying(project, op.message or "")
    return carriers[0].name if carriers else None


def declared_interactions(project: Project, service: Service) -> Iterator[Interaction]:
    for op in service.operations:
        if op.style is Style.REQUEST_RESPONSE or op.message is None:
            continue
        channel = _operation_channel(project, op)
        if channel is None:
            continue  # an unresolved channel is the loader's error, not an emitter's guess
        yield Interaction(
            key=op.name,
            action=op.role,
            channel=channel,
            message=op.message,
            style=op.style,
            source=op,
            reply=op.reply,
            reply_channel=op.reply_channel if op.reply else None,
            window_ms=op.window_ms,
        )


def _receiver_of(project: Project, message: str) -> Operation | None:
    """The operation, in any service, that receives `message` (it knows channel and reply)."""
    return next(
        (
            op
            for op in project.operations()
            if op.message == message and op.role is Role.RECEIVE and op.channel is not None
        ),
        None,
    )


def _derived_for(project: Project, op: Operation, message: str) -> Iterator[Interaction]:
    """The `send` operations implied by `uses`: on the receiver's channel, expecting its reply."""
    receiver = _receiver_of(project, message)
    if receiver is not None and receiver.channel is not None:
        yield Interaction(
            key=f"send.{message}",
            action=Role.SEND,
            channel=receiver.channel,
            message=message,
            style=receiver.style,
            source=op,
            reply=receiver.reply,
            reply_channel=receiver.reply_channel if receiver.reply else None,
            window_ms=receiver.window_ms,
            derived=True,
            used_by=(op.name,),
        )
        return
    carriers = channels_carrying(project, message)
    kind = project.messages[message].kind if message in project.messages else None
    style = Style.PUBLISH_SUBSCRIBE if kind is MessageKind.EVENT else Style.NOTIFICATION
    for channel in carriers:
        suffix = f".{channel.name}" if len(carriers) > 1 else ""
        key = f"send.{message}{suffix}"
        yield Interaction(
            key, Role.SEND, channel.name, message, style, op, derived=True, used_by=(op.name,)
        )


def derived_interactions(
    project: Project, service: Service, declared: list[Interaction]
) -> Iterator[Interaction]:
    """Sends implied by `uses`, once per message and channel (naming every operation that uses
    it), unless an operation of the service declares that send itself."""
    declared_sends = {(i.message, i.channel) for i in declared if i.action is Role.SEND}
    found: dict[tuple[str, str], Interaction] = {}
    for op in service.operations:
        for message in (*op.uses.sends, *op.uses.publishes):
            for interaction in _derived_for(project, op, message):
                key = (interaction.message, interaction.channel)
                if key in declared_sends:
                    continue
                if key in found and op.name in found[key].used_by:
                    continue
                if key in found:
                    users = (*found[key].used_by, op.name)
                    interaction = dataclasses.replace(found[key], used_by=users)
                found[key] = interaction
    return iter(found.values())


def interactions(project: Project, service: Service) -> list[Interaction]:
    declared = list(declared_interactions(project, service))
    return declared + list(derived_interactions(project, service, declared))


def dynamic_reply_channel(interaction: Interaction) -> str:
    """Key of the channel of a reply whose address the requester names in `reply_to`."""
    return f"{interaction.key}.reply"


# ---------------------------------------------------------------------------------------------
# Document parts
# ---------------------------------------------------------------------------------------------


def _ref(*parts: str) -> Schema:
    return {"$ref": "#/" + "/".join(parts)}


def _message_ref(channel_key: str, message: str) -> Schema:
    return _ref("channels", channel_key, "messages", component_name(message))


def _tags(*names: str) -> list[Schema]:
    return [{"name": n} for n in names]


def _text(target: Schema, doc: str) -> Schema:
    """`summary` (the first line) and, for a longer doc, `description` (all of it)."""
    text = doc.strip()
    if text:
        target["summary"] = text.splitlines()[0]
    if "\n" in text:
        target["description"] = text
    return target


def channel_object(channel: Channel) -> Schema:
    obj: Schema = {"address": channel.address, "title": channel.short_name}
    _text(obj, channel.doc)
    obj["messages"] = {
        component_name(m): _ref("components", "messages", component_name(m))
        for m in channel.messages
    }
    bindings = channel_bindings(channel)
    if bindings:
        obj["bindings"] = bindings
    obj["tags"] = _tags(f"style:{channel.style}")
    obj["x-stele-channel-style"] = str(channel.style)
    obj["x-stele-owner"] = channel.owner
    return obj


AMQP_BINDING_VERSION = "0.3.0"
KAFKA_BINDING_VERSION = "0.5.0"


def channel_bindings(channel: Channel) -> Schema:
    """The channel's `bindings:` as AsyncAPI channel bindings (docs/language.md)."""
    out: Schema = {}
    amqp, kafka = channel.bindings.amqp, channel.bindings.kafka
    if amqp is not None:
        # A channel with a queue is that queue (the binding allows no exchange beside it: the
        # exchange it is bound to is an extension); else a routing key on the exchange.
        exchange: Schema = {"name": amqp.exchange, "type": str(amqp.exchange_type)}
        obj: Schema = {"is": "queue", "queue": {"name": amqp.queue}, "x-stele-exchange": exchange}
        if not amqp.queue:
            obj = {"is": "routingKey", "exchange": exchange}
        if amqp.routing_key:
            obj["x-stele-routing-key"] = amqp.routing_key
        out["amqp"] = {**obj, "bindingVersion": AMQP_BINDING_VERSION}
    if kafka is not None:
        obj = {"topic": kafka.topic}
        if kafka.partitions is not None:
            obj["partitions"] = kafka.partitions
        if kafka.key:
            obj["x-stele-key-field"] = kafka.key
        out["kafka"] = {**obj, "bindingVersion": KAFKA_BINDING_VERSION}
    return out


def operation_bindings(channel: Channel | None) -> Schema:
    """An operation on an AMQP-bound channel routes with the channel's routing key (`cc`)."""
    amqp = channel.bindings.amqp if channel is not None else None
    if amqp is None or not amqp.routing_key:
        return {}
    return {"amqp": {"cc": [amqp.routing_key], "bindingVersion": AMQP_BINDING_VERSION}}


def reply_channel_object(interaction: Interaction) -> Schema:
    """A channel of unknown address (null): the requester chooses it in the `reply_to` header."""
    reply = interaction.reply or ""
    return {
        "address": None,
        "title": f"{interaction.key} reply",
        "description": "The requester names this channel's address in the `reply_to` header.",
        "messages": {component_name(reply): _ref("components", "messages", component_name(reply))},
        "x-stele-channel-style": "point-to-point",
    }


def window_text(window_ms: int) -> str:
    """The canonical duration form (ISO 8601) of a response window, e.g. `PT30S`."""
    seconds, millis = divmod(window_ms, 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if secs or millis or text == "PT":
        text += f"{secs}.{millis:03d}".rstrip("0").rstrip(".") + "S"
    return text


def reply_object(interaction: Interaction) -> Schema:
    reply = interaction.reply or ""
    if interaction.reply_channel is not None:
        channel_key = interaction.reply_channel
        return {
            "channel": _ref("channels", channel_key),
            "messages": [_message_ref(channel_key, reply)],
        }
    channel_key = dynamic_reply_channel(interaction)
    address = {"description": "The address named by the request.", "location": REPLY_TO_LOCATION}
    return {
        "address": address,
        "channel": _ref("channels", channel_key),
        "messages": [_message_ref(channel_key, reply)],
    }


def operation_object(interaction: Interaction, channel: Channel | None = None) -> Schema:
    source = interaction.source
    obj: Schema = {
        "action": str(interaction.action),
        "channel": _ref("channels", interaction.channel),
    }
    if interaction.derived:
        verb = "published" if interaction.style is Style.PUBLISH_SUBSCRIBE else "sent"
        obj["title"] = f"{interaction.message.rsplit('.', 1)[-1]} ({verb})"
        obj["summary"] = f"{interaction.message}, {verb} by {', '.join(interaction.used_by)}."
    else:
        obj["title"] = source.name
        _text(obj, source.doc)
    obj["messages"] = [_message_ref(interaction.channel, interaction.message)]
    if interaction.reply is not None:
        obj["reply"] = reply_object(interaction)
    bindings = operation_bindings(channel)
    if bindings:
        obj["bindings"] = bindings
    obj["tags"] = _tags(f"style:{interaction.style}")
    obj["x-stele-style"] = str(interaction.style)
    if interaction.derived:
        obj["x-stele-used-by"] = [f"{source.service}.{name}" for name in interaction.used_by]
    else:
        obj["x-stele-operation"] = source.qualified_name
    if interaction.window_ms is not None:
        obj["x-stele-response-window"] = window_text(interaction.window_ms)
    if source.deprecated is not None and not interaction.derived:
        obj["x-stele-deprecated"] = source.deprecated
    return obj


def _example(project: Project, ctx: EmitContext, message: Message, index: int) -> Schema:
    example = message.examples[index]
    headers: dict[str, Value] = {**SAMPLE_ENVELOPE, "message_type": message.name}
    headers.update(example.headers)
    obj: Schema = {"name": example.name} if example.name else {}
    obj["headers"] = headers
    obj["payload"] = json_value(project, ctx.options, message.body, example.body)
    return obj


def message_object(ctx: EmitContext, message: Message) -> Schema:
    project = ctx.project
    obj: Schema = {"name": message.name, "title": message.short_name}
    _text(obj, message.doc)
    obj["contentType"] = CONTENT_TYPE
    obj["headers"] = header_schema(project, ctx.options, message, ComponentRefs())
    obj["payload"] = _ref("components", "schemas", component_name(message.body.name))
    obj["correlationId"] = _ref("components", "correlationIds", CORRELATION_ID)
    obj["tags"] = _tags(f"kind:{message.kind}")
    if message.deprecated is not None:
        obj["deprecated"] = True
        obj["x-stele-deprecated"] = message.deprecated
    if message.examples:
        obj["examples"] = [_example(project, ctx, message, i) for i in range(len(message.examples))]
    obj["x-stele-kind"] = str(message.kind)
    return obj


def schema_component(ctx: EmitContext, qualified: str) -> Schema:
    schema = named_schema(ctx.project, ctx.options, qualified, ComponentRefs())
    named = ctx.project.types[qualified]
    # AsyncAPI's own `discriminator` keyword means allOf inheritance, not a oneOf of variants.
    if isinstance(named, Union):
        schema["x-stele-discriminator"] = named.discriminator
    return schema


# ---------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------


def used_channels(project: Project, service: Service, found: list[Interaction]) -> list[str]:
    """Channels of the interactions, then those the service owns, each once."""
    names: list[str] = []
    for i in found:
        names += [i.channel] + ([i.reply_channel] if i.reply_channel else [])
    names += [c.name for c in project.channels.values() if c.owner == service.name]
    return [n for n in dict.fromkeys(names) if n in project.channels]


def channels_section(project: Project, service: Service, found: list[Interaction]) -> Schema:
    section: Schema = {}
    for name in used_channels(project, service, found):
        section[name] = channel_object(project.channels[name])
    for i in found:
        if i.reply is not None and i.reply_channel is None:
            section[dynamic_reply_channel(i)] = reply_channel_object(i)
    return section


def _document_messages(project: Project, channels: Schema) -> list[str]:
    names = [m for ch in channels.values() for m in ch["messages"]]
    return [m for m in dict.fromkeys(names) if m in project.messages]


SPDX_URL = "https://spdx.org/licenses/{identifier}.html"


def info_object(ctx: EmitContext, service: Service) -> Schema:
    """The service is the application: its name is the title. Version, contact and license are
    the project's (stele.yaml `info:`); the description is the service's doc, the project's
    description and the notice naming the contract file, as paragraphs."""
    info = ctx.options.info
    source = ctx.sources.get(service.package, service.package)
    paragraphs = [service.doc.strip(), info.description, header_line(source)]
    obj: Schema = {
        "title": service.name,
        "version": info.version,
        "description": "\n\n".join(p for p in paragraphs if p),
    }
    if info.contact is not None:
        contact = info.contact
        pairs = (("name", contact.name), ("url", contact.url), ("email", contact.email))
        obj["contact"] = {k: v for k, v in pairs if v}
    if info.license is not None:
        # AsyncAPI 3.0's license has no SPDX identifier: its url is the identifier's SPDX page.
        lic = info.license
        url = lic.url or (SPDX_URL.format(identifier=lic.identifier) if lic.identifier else "")
        obj["license"] = {"name": lic.name, **({"url": url} if url else {})}
    obj["tags"] = _tags(f"package:{service.package}")
    return obj


def servers_section(ctx: EmitContext) -> Schema:
    """The project's broker servers (stele.yaml `info.servers` with a non-HTTP scheme)."""
    section: Schema = {}
    for server in ctx.options.info.broker_servers:
        obj: Schema = {"host": server.host, "protocol": server.protocol}
        if server.pathname:
            obj["pathname"] = server.pathname
        if server.description:
            obj["description"] = server.description
        section[server.name] = obj
    return section


def service_document(ctx: EmitContext, service: Service) -> Schema | None:
    """The AsyncAPI document of a service, or None when it takes no part in messaging."""
    project = ctx.project
    found = interactions(project, service)
    channels = channels_section(project, service, found)
    if not channels:
        return None
    messages = _document_messages(project, channels)
    bodies = [project.messages[m].body.name for m in messages]
    schemas = {component_name(t): schema_component(ctx, t) for t in project.reachable_types(bodies)}
    correlation = {
        "description": "Shared by a request and its replies.",
        "location": CORRELATION_LOCATION,
    }
    servers = servers_section(ctx)
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "id": f"urn:stele:{service.name}",
        "info": info_object(ctx, service),
        **({"servers": servers} if servers else {}),
        "defaultContentType": CONTENT_TYPE,
        "channels": channels,
        "operations": {i.key: operation_object(i, project.channels.get(i.channel)) for i in found},
        "components": {
            "schemas": schemas,
            "messages": {
                component_name(m): message_object(ctx, project.messages[m]) for m in messages
            },
            "correlationIds": {CORRELATION_ID: correlation},
        },
        "x-stele-service": service.name,
        "x-stele-generated": header_line(ctx.sources.get(service.package, service.package)),
    }


def document_path(service: Service) -> str:
    return f"{OUTPUT_DIR}/{service.name}.json"


class AsyncApiEmitter:
    """Writes `asyncapi/<service>.json`; see the module doc."""

    name = "asyncapi"

    def emit(self, ctx: EmitContext) -> Artifacts:
        out: Artifacts = {}
        for service in ctx.project.services.values():
            document = service_document(ctx, service)
            if document is not None:
                out[document_path(service)] = dump_json(document)
        return out

    def validate(self, ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
        return check_artifacts(ctx, artifacts)
