"""Pairing old and new AsyncAPI 3.0 elements, once: channels, operations, messages, replies.

Channels pair by key, then (for keys only one side has) by address, so renaming a channel's key
is no change on the wire. Operations pair by key, then by action and channel address. An
operation's messages pair by their key in the channel, then by message `name`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from stele.compat.apidocs import Document, child, split_pointer

T = TypeVar("T")


@dataclass(frozen=True)
class Channel:
    key: str
    pointer: str
    address: str | None


@dataclass(frozen=True)
class Message:
    key: str  # the key in its channel
    pointer: str  # of the resolved message object
    node: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.node.get("name", self.key))

    def part(self, name: str) -> str | None:
        """Pointer of the payload or headers schema, when the message has one."""
        return child(self.pointer, name) if name in self.node else None


@dataclass(frozen=True)
class Reply:
    pointer: str
    address: str | None  # the reply channel's address, or a runtime expression
    messages: dict[str, Message] = field(default_factory=dict)


@dataclass(frozen=True)
class Operation:
    key: str
    pointer: str
    action: str  # send | receive
    channel: Channel | None
    messages: dict[str, Message]
    reply: Reply | None


def channels(doc: Document) -> dict[str, Channel]:
    raw = doc.data.get("channels")
    found = {}
    for key in raw if isinstance(raw, dict) else {}:
        pointer, node = doc.resolve(child("/channels", key))
        address = node.get("address") if isinstance(node, dict) else None
        found[key] = Channel(key, pointer, address if isinstance(address, str) else None)
    return found


def operations(doc: Document) -> dict[str, Operation]:
    raw = doc.data.get("operations")
    found = {}
    known = channels(doc)  # once per document, not once per operation
    for key in raw if isinstance(raw, dict) else {}:
        pointer, node = doc.resolve(child("/operations", key))
        if isinstance(node, dict):
            found[key] = _operation(doc, key, pointer, node, known)
    return found


def _operation(
    doc: Document, key: str, pointer: str, node: dict[str, Any], known: dict[str, Channel]
) -> Operation:
    channel = _channel_at(doc, child(pointer, "channel"), known)
    messages = _messages(doc, child(pointer, "messages"), channel)
    reply = None
    if isinstance(node.get("reply"), dict):
        reply_pointer, reply_node = doc.resolve(child(pointer, "reply"))
        reply_channel = _channel_at(doc, child(reply_pointer, "channel"), known)
        address = reply_channel.address if reply_channel else None
        reply_address = reply_node.get("address") if isinstance(reply_node, dict) else None
        location = reply_address.get("location") if isinstance(reply_address, dict) else None
        reply = Reply(
            reply_pointer,
            location if isinstance(location, str) else address,
            _messages(doc, child(reply_pointer, "messages"), reply_channel),
        )
    return Operation(key, pointer, str(node.get("action", "")), channel, messages, reply)


def _channel_at(doc: Document, pointer: str, known: dict[str, Channel]) -> Channel | None:
    ref = doc.get(pointer)
    if not isinstance(ref, dict) or not isinstance(ref.get("$ref"), str):
        return None
    tokens = split_pointer(ref["$ref"].lstrip("#"))
    if len(tokens) != 2 or tokens[0] != "channels":
        return None
    return known.get(tokens[1])


def _messages(doc: Document, pointer: str, channel: Channel | None) -> dict[str, Message]:
    """The messages an operation lists, else every message of its channel."""
    refs = doc.get(pointer)
    if isinstance(refs, list):
        return _resolved_messages(doc, [child(pointer, i) for i in range(len(refs))])
    return channel_messages(doc, channel) if channel is not None else {}


def channel_messages(doc: Document, channel: Channel) -> dict[str, Message]:
    """Every message a channel carries."""
    in_channel = doc.get(child(channel.pointer, "messages"))
    keys = in_channel if isinstance(in_channel, dict) else {}
    return _resolved_messages(doc, [child(channel.pointer, "messages", k) for k in keys])


def _resolved_messages(doc: Document, pointers: list[str]) -> dict[str, Message]:
    found = {}
    for item in pointers:
        ref = doc.get(item)
        key = _key_of(ref, item)
        resolved, node = doc.resolve(item)
        if isinstance(node, dict):
            found[key] = Message(key, resolved, node)
    return found


def unoperated_messages(
    doc: Document, known: dict[str, Channel], ops: dict[str, Operation]
) -> dict[str, dict[str, Message]]:
    """Per channel, the messages no operation of the document sends or receives (a channel a
    service owns whose events no operation declares publishing): still sent by someone and read
    by the channel's receivers, so still compared."""
    used = {
        (op.channel.key, key)
        for op in ops.values()
        if op.channel is not None
        for key in op.messages
    }
    # A reply names its messages, not its channel's key: a message a reply carries is compared
    # with the reply, on whichever channel it lies.
    replies = {key for op in ops.values() if op.reply is not None for key in op.reply.messages}
    out: dict[str, dict[str, Message]] = {}
    for channel in known.values():
        free = {
            k: m
            for k, m in channel_messages(doc, channel).items()
            if (channel.key, k) not in used and k not in replies
        }
        if free:
            out[channel.key] = free
    return out


def _key_of(ref: Any, pointer: str) -> str:
    """A channel message's key: the last token of the reference an operation uses, or its own."""
    if isinstance(ref, dict) and isinstance(ref.get("$ref"), str):
        tokens = split_pointer(ref["$ref"].lstrip("#"))
        if tokens:
            return tokens[-1]
    return split_pointer(pointer)[-1]


def pair(
    old: dict[str, T], new: dict[str, T], match_key: Callable[[T], Hashable | None]
) -> list[tuple[T | None, T | None]]:
    """Pairs by key, then the leftovers by `match_key` (None never matches), each old leftover
    with the first new leftover of its match key in key order; unpaired elements face None.

    Leftovers are indexed by match key, so thousands of renamed keys pair in linear time.
    """
    pairs: list[tuple[T | None, T | None]] = [(old[k], new[k]) for k in sorted(old) if k in new]
    new_left = [k for k in sorted(new) if k not in old]
    waiting: dict[Hashable, list[str]] = {}
    for k in reversed(new_left):  # popped from the end: the first in key order comes first
        found = match_key(new[k])
        if found is not None:
            waiting.setdefault(found, []).append(k)
    taken: set[str] = set()
    for key in sorted(old):
        if key in new:
            continue
        found = match_key(old[key])
        queue = waiting.get(found) if found is not None else None
        match = queue.pop() if queue else None
        if match is not None:
            taken.add(match)
        pairs.append((old[key], new[match] if match is not None else None))
    pairs.extend((None, new[k]) for k in new_left if k not in taken)
    return pairs


def channel_key(channel: Channel) -> str | None:
    """Channels whose keys differ pair by address."""
    return channel.address


def operation_key(operation: Operation) -> tuple[str, str] | None:
    """Operations whose keys differ pair by action and channel address."""
    if operation.channel is None or operation.channel.address is None:
        return None
    return operation.action, operation.channel.address


def message_key(message: Message) -> str:
    """Messages whose keys differ pair by name."""
    return message.name


def correlation_location(doc: Document, message: Message) -> str | None:
    if "correlationId" not in message.node:
        return None
    _, node = doc.resolve(child(message.pointer, "correlationId"))
    location = node.get("location") if isinstance(node, dict) else None
    return location if isinstance(location, str) else None
