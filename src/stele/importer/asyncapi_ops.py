"""AsyncAPI operations as the operations of the document's service: `send` and `receive` on a
channel, with their replies, mapped onto the interaction styles of the language
(docs/language.md, "Services and operations"; docs/import.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stele.importer import names
from stele.importer.asyncapi_messages import APPROX, DROPPED
from stele.importer.jsonschema_parts import as_dict
from stele.importer.model import IOperation, IService

if TYPE_CHECKING:
    from stele.importer.asyncapi import App, AsyncApiImporter, ChannelInfo

STYLES = ("async-request-response", "notification", "publish-subscribe", "publish-async-responses")
REPLY_STYLES = ("async-request-response", "publish-async-responses")
REPLY_TO = "$message.header#/reply_to"


@dataclass
class OpSpec:
    """An operation of a document, before it is mapped."""

    app: App
    key: str
    node: dict[str, Any]
    action: str
    channel: str | None  # channel id
    messages: list[str] = field(default_factory=list)  # message ids
    reply_channel: str | None = None
    reply_messages: list[str] = field(default_factory=list)
    reply_location: str | None = None
    has_reply: bool = False


def read_spec(importer: AsyncApiImporter, app: App, key: str, raw: Any) -> OpSpec:
    src = app.source
    _, node = src.resolve(raw, key)
    node = as_dict(node)
    channel = _channel(app, node.get("channel"))
    spec = OpSpec(app, key, node, str(node.get("action", "")), channel)
    spec.messages = _messages(importer, app, node.get("messages"), channel, key)
    if "reply" in node:
        spec.has_reply = True
        _, reply = src.resolve(node["reply"], key)
        reply = as_dict(reply)
        spec.reply_channel = _channel(app, reply.get("channel"))
        spec.reply_messages = _messages(
            importer, app, reply.get("messages"), spec.reply_channel, key
        )
        address = as_dict(src.resolve(reply.get("address"), key)[1])
        location = address.get("location")
        spec.reply_location = location if isinstance(location, str) else None
    return spec


def _channel(app: App, ref: Any) -> str | None:
    text = as_dict(ref).get("$ref")
    return app.channels.get(text) if isinstance(text, str) else None


def _messages(
    importer: AsyncApiImporter, app: App, refs: Any, channel: str | None, key: str
) -> list[str]:
    """The messages listed (by `$ref`), else every message of the channel."""
    if isinstance(refs, list):
        found = []
        for ref in refs:
            text = as_dict(ref).get("$ref")
            ident = importer.message_id(app, text, key) if isinstance(text, str) else None
            if ident is not None:
                found.append(ident)
        return found
    return list(importer.channels[channel].messages) if channel in importer.channels else []


def operations(
    importer: AsyncApiImporter,
    specs: list[OpSpec],
    kinds: dict[str, str],
    styles: dict[str, str],
    written: dict[str, str],
) -> None:
    """The operations of every service; a `send` stele derived from another operation's `uses`
    (`x-stele-used-by`) goes back into that operation's `uses`."""
    later: list[OpSpec] = []
    for spec in specs:
        if isinstance(spec.node.get("x-stele-used-by"), list):
            later.append(spec)
        else:
            _declared(importer, spec, kinds, styles, written)
    for spec in later:
        if not _uses(importer, spec, kinds, written):
            _declared(importer, spec, kinds, styles, written)


def _service(importer: AsyncApiImporter, qualified: str) -> IService:
    pkg, _, name = qualified.rpartition(".")
    return importer.result.package(pkg).services.setdefault(name, IService(name))


def _uses(
    importer: AsyncApiImporter, spec: OpSpec, kinds: dict[str, str], written: dict[str, str]
) -> bool:
    """Puts a derived send back into the `uses` of the operations named; False when one of
    them is not in the imported service."""
    targets = []
    for user in spec.node["x-stele-used-by"]:
        owner, _, op_name = str(user).rpartition(".")
        service = _service(importer, owner) if owner == spec.app.service else None
        op = next((o for o in service.operations if o.name == op_name), None) if service else None
        if op is None:
            return False
        targets.append(op)
    msgs = [m for m in spec.messages if m in written]
    package = spec.app.service.rpartition(".")[0]
    for op in targets:
        for ident in msgs:
            named = _relative(written[ident], package)
            (op.publishes if kinds[ident] == "event" else op.sends).append(named)
    return bool(msgs)


def _declared(
    importer: AsyncApiImporter,
    spec: OpSpec,
    kinds: dict[str, str],
    styles: dict[str, str],
    written: dict[str, str],
) -> None:
    result, src = importer.result, spec.app.source
    service = _service(importer, spec.app.service)
    at = src.span(spec.key, "operations")
    notes: list[str] = []
    msgs = [m for m in spec.messages if m in written]
    if spec.channel is None or not msgs or spec.action not in ("send", "receive"):
        why = "no channel" if spec.channel is None else "no message imported"
        if spec.action not in ("send", "receive"):
            why = f"action '{spec.action}'"
        result.note(DROPPED, f"operation '{spec.key}' ({why}) is not imported", at)
        return
    if len(msgs) > 1:
        result.note(
            APPROX,
            f"operation '{spec.key}' has {len(msgs)} messages: one operation per message",
            at,
            "a stele operation carries one message",
            notes,
        )
    for dropped in ("traits", "security"):
        if spec.node.get(dropped):
            result.note(
                DROPPED, f"operation '{spec.key}': {dropped} are not imported", at, notes=notes
            )
    # An AMQP `cc` is the channel's routing key, which stele writes back; nothing else is kept.
    kept = {"amqp": {"cc", "bindingVersion"}}
    for name, binding in as_dict(spec.node.get("bindings")).items():
        lost = sorted(set(as_dict(binding)) - kept.get(name, set()))
        if lost:
            result.note(
                DROPPED,
                f"operation '{spec.key}': the {name} binding's {', '.join(lost)} are not imported",
                at,
                "stele writes operation bindings from the channel's bindings only",
                notes,
            )
    package = spec.app.service.rpartition(".")[0]
    channel = importer.channels[spec.channel]
    reply, reply_channel = _reply(importer, spec, written, notes)
    said = spec.node.get("x-stele-style")
    for i, ident in enumerate(msgs):
        base = names.pascal(spec.key)
        if i:
            base += written[ident].rpartition(".")[2]
        taken = {o.name for o in service.operations}
        name = next(n for n in (base, *(f"{base}{k}" for k in range(2, 999))) if n not in taken)
        style = _style(said, reply is not None, styles[spec.channel], kinds[ident])
        op = IOperation(name, None, None, style=style)
        op.doc = str(spec.node.get("description") or spec.node.get("summary") or "")
        op.notes = list(notes)
        op.role = "send" if spec.action == "send" else None
        op.message = _relative(written[ident], package)
        op.channel = channel.name if channel.package == package else channel.qualified
        if style in REPLY_STYLES and reply is not None and reply_channel is not None:
            op.reply = _relative(reply, package)
            same = reply_channel.package == package
            op.reply_channel = reply_channel.name if same else reply_channel.qualified
        window = spec.node.get("x-stele-response-window")
        if style == "publish-async-responses":
            op.window = str(window) if isinstance(window, str) else "PT30S"
            if not isinstance(window, str):
                result.note(
                    APPROX,
                    f"operation '{spec.key}': replies are gathered for 30s (the document names"
                    " no x-stele-response-window)",
                    at,
                    notes=op.notes,
                )
        reason = spec.node.get("x-stele-deprecated")
        op.deprecated = str(reason) if isinstance(reason, str) else False
        service.operations.append(op)


def _style(said: Any, replies: bool, channel_style: str, kind: str) -> str:
    """`x-stele-style`, else by the reply and the channel (docs/import.md)."""
    if said in STYLES and (said in REPLY_STYLES) == replies:
        return str(said)
    if replies:
        pubsub = channel_style == "publish-subscribe"
        return "publish-async-responses" if pubsub else "async-request-response"
    if channel_style == "publish-subscribe" or kind == "event":
        return "publish-subscribe"
    return "notification"


def _reply(
    importer: AsyncApiImporter, spec: OpSpec, written: dict[str, str], notes: list[str]
) -> tuple[str | None, ChannelInfo | None]:
    """(the reply message, qualified, and its channel); (None, None) without a reply."""
    if not spec.has_reply:
        return None, None
    result, at = importer.result, spec.app.source.span(spec.key, "operations")
    msgs = [m for m in spec.reply_messages if m in written]
    if spec.reply_channel is None or not msgs:
        result.note(
            DROPPED,
            f"operation '{spec.key}': a reply without a channel or message is not imported",
            at,
            "name the reply channel and its message",
            notes,
        )
        return None, None
    if len(msgs) > 1:
        result.note(
            APPROX,
            f"operation '{spec.key}': a reply of {len(msgs)} messages keeps the first",
            at,
            "a stele reply is one message",
            notes,
        )
    if spec.reply_location is not None:
        result.note(
            APPROX,
            f"operation '{spec.key}': the reply address chosen at run time"
            f" ({spec.reply_location}) becomes the fixed reply channel",
            at,
            f"stele names a reply channel; requesters may still set {REPLY_TO}",
            notes,
        )
    return written[msgs[0]], importer.channels[spec.reply_channel]


def _relative(qualified: str, package: str) -> str:
    owner, _, name = qualified.rpartition(".")
    return name if owner == package else qualified
