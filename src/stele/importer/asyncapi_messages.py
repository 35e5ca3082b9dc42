"""AsyncAPI messages and channel bindings as contract messages and channel `bindings:`: the
payload (a record, through the JSON Schema importer), the declared headers (scalars), the
envelope headers stele adds, the correlation id, the content type, the kind and the examples."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stele.importer import names
from stele.importer.asyncapi_refs import SchemaSet, Source
from stele.importer.jsonschema_parts import as_dict, as_list
from stele.importer.model import IHeader, IMessage, Imported, IRecord
from stele.ir import ENVELOPE_HEADERS, SCALARS
from stele.source.reader import SNAKE

APPROX = "I019"  # a messaging construct imported approximately
DROPPED = "I012"
KINDS = ("command", "event", "document", "reply")
JSON_TYPES = ("application/json",)
CORRELATION = "$message.header#/correlation_id"
ENVELOPE = {name: (type_, required) for name, type_, required, _ in ENVELOPE_HEADERS}
JSON_SCHEMA_FORMATS = ("application/schema+", "application/vnd.aai.asyncapi")


@dataclass
class MessageInfo:
    """A message of a document, before it is mapped: where it is and what it is named."""

    source: Source
    package: str
    name: str  # PascalCase
    original: str  # the name the checker pairs it by (`name`, else its key)
    node: dict[str, Any]
    needle: str  # where diagnostics about it are located
    body_key: str | None = None  # the component schema of its payload
    kind: str | None = None  # said by the document (x-stele-kind, a `kind:` tag)
    notes: list[str] = field(default_factory=list)

    @property
    def qualified(self) -> str:
        return f"{self.package}.{self.name}"


def said_kind(node: dict[str, Any]) -> str | None:
    """The kind the document states: `x-stele-kind`, else a tag `kind:<kind>`."""
    kind = node.get("x-stele-kind")
    if kind in KINDS:
        return str(kind)
    for tag in as_list(node.get("tags")):
        text = str(as_dict(tag).get("name", ""))
        if text.startswith("kind:") and text[5:] in KINDS:
            return text[5:]
    return None


def payload_key(info: MessageInfo, schemas: SchemaSet, result: Imported) -> str | None:
    """The component key of the message's payload; an inline payload becomes a component of
    its own (`<Message>Payload`). None, reported, for a payload stele cannot read."""
    src, node = info.source, info.node
    payload = node.get("payload")
    if isinstance(payload, dict) and "schemaFormat" in payload:
        fmt = str(payload.get("schemaFormat"))
        if not fmt.startswith(JSON_SCHEMA_FORMATS):
            result.note(
                DROPPED,
                f"message '{info.original}': a payload of schema format {fmt} is not imported,"
                " nor the message",
                src.span(info.needle),
                "convert the payload schema to JSON Schema first",
            )
            return None
        payload = payload.get("schema")
    ref, target = src.resolve(payload, info.needle)
    if ref is not None and ref.startswith("#/components/schemas/") and ref.count("/") == 3:
        return ref.rpartition("/")[2]
    if not isinstance(target, dict) or not target:
        result.note(
            DROPPED,
            f"message '{info.original}' has no payload schema: it is not imported",
            src.span(info.needle),
            "give the message a payload (an object)",
        )
        return None
    key = f"{info.package}.{info.name}Payload"
    schemas.add(src, key, target, info.package)
    return key


def message(info: MessageInfo, kind: str, schemas: SchemaSet, result: Imported) -> IMessage | None:
    src, node = info.source, info.node
    found = schemas.type_of(info.body_key) if info.body_key else None
    body = result.packages.get(found[0]) if found else None
    record = body.types.get(found[1].partition(".")[0]) if body and found else None
    if found and "." in found[1] and isinstance(record, IRecord):
        record = record.nested.get(found[1].partition(".")[2])
    if found is None or not isinstance(record, IRecord):
        result.note(
            DROPPED,
            f"message '{info.original}': its payload is not an object, so not a record: the"
            " message is not imported",
            src.span(info.needle),
            "a message body is a record",
        )
        return None
    package, path = found
    m = IMessage(info.name, kind, path if package == info.package else f"{package}.{path}")
    m.notes = info.notes
    m.doc = str(node.get("description") or node.get("summary") or "")
    reason = node.get("x-stele-deprecated")
    m.deprecated = str(reason) if isinstance(reason, str) else node.get("deprecated") is True
    _content_type(info, result)
    _correlation(info, result)
    for dropped in ("traits", "bindings"):
        if node.get(dropped):
            result.note(
                DROPPED,
                f"message '{info.original}': {dropped} are not imported",
                src.span(info.needle),
                notes=m.notes,
            )
    m.headers = headers(info, schemas, result, m)
    m.examples = examples(info, m, record)
    return m


def _content_type(info: MessageInfo, result: Imported) -> None:
    default = info.source.root.get("defaultContentType", "application/json")
    content = str(info.node.get("contentType", default))
    if content not in JSON_TYPES:
        result.note(
            APPROX,
            f"message '{info.original}': content type {content} becomes application/json"
            " (stele's messages are JSON; its codecs choose the encoding at run time)",
            info.source.span(info.needle),
            notes=info.notes,
        )


def _correlation(info: MessageInfo, result: Imported) -> None:
    if "correlationId" not in info.node:
        result.note(
            APPROX,
            f"message '{info.original}' has no correlation id: stele declares one on every"
            f" message ({CORRELATION})",
            info.source.span(info.needle),
            "receivers that check for one may now expect it",
            info.notes,
        )
        return
    _, target = info.source.resolve(info.node["correlationId"], info.needle)
    location = as_dict(target).get("location")
    if location != CORRELATION:
        result.note(
            APPROX,
            f"message '{info.original}': the correlation id at {location} moves to the"
            f" envelope header ({CORRELATION})",
            info.source.span(info.needle),
            "every stele message carries correlation_id in its headers",
            info.notes,
        )


def headers(info: MessageInfo, schemas: SchemaSet, result: Imported, m: IMessage) -> list[IHeader]:
    """The declared headers: the headers schema's properties but the envelope headers."""
    src = info.source
    if "headers" not in info.node:
        return []
    _, schema = src.resolve(info.node["headers"], info.needle)
    props = as_dict(as_dict(schema).get("properties"))
    required = {r for r in as_list(as_dict(schema).get("required")) if isinstance(r, str)}
    missing = [n for n, (_, req) in ENVELOPE.items() if req and (n not in props)]
    if missing:
        result.note(
            APPROX,
            f"message '{info.original}': stele adds the required envelope headers"
            f" {', '.join(missing)} the document does not declare",
            src.span(info.needle),
            "senders of the original may not set them: declare them, or accept the break",
            m.notes,
        )
    scratch = IRecord(f"{m.name}Headers")
    doc = schemas.document(src, info.package)
    out: list[IHeader] = []
    for prop, sub in props.items():
        if prop in ENVELOPE:
            continue
        name = names.snake(prop) if not SNAKE.match(prop) else prop
        h = IHeader(name, "string", prop in required)
        if name != prop:
            result.note(
                "I010",
                f"header '{prop}' is imported as '{name}': its name on the wire changes",
                src.span(prop),
                notes=h.notes,
            )
        rewritten = schemas.rewrite(src, sub, 0)
        f = schemas._field(doc, scratch, scratch.name, prop, rewritten, True)
        if f is None or f.type not in SCALARS:
            result.note(
                DROPPED,
                f"message '{info.original}': header '{prop}' is not a scalar: not imported",
                src.span(prop),
                "headers are scalars",
                m.notes,
            )
            continue
        h.type, h.doc = f.type, f.doc
        out.append(h)
    return out


def examples(info: MessageInfo, m: IMessage, record: IRecord) -> list[dict[str, Any]]:
    """The examples whose payload has only the body's properties (a field's name or its
    `json:` name; renamed later, `examples.name_examples_by_fields`) and whose headers are
    declared."""
    fields = {f.name if f.json is None else f.json for f in record.fields}
    declared = {h.name for h in m.headers}
    out: list[dict[str, Any]] = []
    for raw in as_list(info.node.get("examples")):
        example = as_dict(raw)
        payload = example.get("payload")
        if not isinstance(payload, dict) or not set(payload) <= fields:
            continue
        given = {k: v for k, v in as_dict(example.get("headers")).items() if k not in ENVELOPE}
        if not set(given) <= declared:
            continue
        item: dict[str, Any] = {}
        if isinstance(example.get("name"), str):
            item["name"] = example["name"]
        if given:
            item["headers"] = given
        item["body"] = payload
        out.append(item)
    return out


def bindings(
    src: Source, key: str, node: dict[str, Any], address: str, result: Imported, notes: list[str]
) -> dict[str, dict[str, Any]]:
    """A channel's AMQP and Kafka bindings as the contract's `bindings:` (docs/language.md)."""
    _, raw = src.resolve(node.get("bindings"), key)
    out: dict[str, dict[str, Any]] = {}
    for name, binding in as_dict(raw).items():
        b = as_dict(binding)
        if name == "amqp":
            exchange = as_dict(b.get("exchange") or b.get("x-stele-exchange"))
            if not exchange.get("name"):
                result.note(
                    DROPPED,
                    f"channel '{key}': an AMQP binding without an exchange",
                    src.span(key),
                    "name the exchange",
                    notes,
                )
                continue
            amqp: dict[str, Any] = {"exchange": exchange["name"]}
            if exchange.get("type", "direct") != "direct":
                amqp["exchange_type"] = exchange["type"]
            routing = b.get("x-stele-routing-key")
            if isinstance(routing, str) and routing != address:
                amqp["routing_key"] = routing
            if b.get("is") == "queue" and as_dict(b.get("queue")).get("name"):
                amqp["queue"] = as_dict(b.get("queue"))["name"]
            out["amqp"] = amqp
        elif name == "kafka":
            kafka: dict[str, Any] = {}
            if b.get("topic") and b.get("topic") != address:
                kafka["topic"] = b["topic"]
            if isinstance(b.get("partitions"), int):
                kafka["partitions"] = b["partitions"]
            if isinstance(b.get("x-stele-key-field"), str):
                kafka["key"] = b["x-stele-key-field"]
            out["kafka"] = kafka
        else:
            result.note(
                DROPPED,
                f"channel '{key}': the {name} binding is not imported",
                src.span(key),
                "the language has AMQP and Kafka bindings",
                notes,
            )
    return out
