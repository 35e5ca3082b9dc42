"""AsyncAPI rule functions over matched pairs, in the receivers' view.

The readers of a message are its receivers, whoever they are: the application for the messages
of its `receive` operations and the replies of its `send` operations, its partners for the
others (a reply is read by the requester, modelled or not). `old` is the version the senders
were built against, `new` the receivers' version: in BACKWARD the old document and the new one,
in FORWARD the new document and the old one (`forward` is then true). So every payload and
headers schema compares with BACKWARD semantics (what senders write must be valid for what
receivers read), whichever side of the exchange the application is on.

The application's role still decides two things (docs/compat-asyncapi.md): the JSON policy of a
message (what the application reads is lenient; what it writes follows the project's policy) and
how hard a message the receivers do not declare is (the application handles a fixed set: an
error; partners skip an unknown type: a warning; a requester waits for its reply: an error).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from stele.compat.apidocs import Document, child
from stele.compat.asyncapi import rules as r
from stele.compat.asyncapi.pairing import (
    Message,
    Operation,
    channel_key,
    channels,
    correlation_location,
    message_key,
    operation_key,
    operations,
    pair,
    unoperated_messages,
)
from stele.compat.handlers import handles
from stele.compat.jsonschema.rules import RULES_BY_ID as JSON_RULES
from stele.compat.model import Direction, Finding, Rule
from stele.compat.openapi.schemas import lenient, required_removed
from stele.compat.schema_bridge import Policy, SchemaAt, compare_schema, subject_tail
from stele.diagnostics import Severity

B = Direction.BACKWARD
WARNING = Severity.WARNING


@dataclass(frozen=True)
class Context:
    old: Document
    new: Document
    counterpart: dict[str, str]  # old channel key -> paired new channel key
    policy: Policy = "strict"  # the JSON policy of what the application writes
    forward: bool = False  # old is the new document: senders on it, receivers on the old one

    @property
    def senders(self) -> str:
        return "new" if self.forward else "old"

    @property
    def receivers(self) -> str:
        return "old" if self.forward else "new"


@handles(r.CHANNEL_ADDRESS_CHANGED, r.CHANNEL_REMOVED, r.OPERATION_REMOVED)
def check_documents(
    old: Document, new: Document, policy: Policy = "strict", forward: bool = False
) -> Iterator[Finding]:
    """Findings with `old` the senders' document and `new` the receivers' (see the module)."""
    old_channels, new_channels = channels(old), channels(new)
    channel_pairs = pair(old_channels, new_channels, channel_key)
    ctx = Context(old, new, {o.key: n.key for o, n in channel_pairs if o and n}, policy, forward)
    for old_ch, new_ch in channel_pairs:
        if old_ch is not None and new_ch is None and not forward:
            at = old.locate(old_ch.pointer)
            yield r.CHANNEL_REMOVED.report(B, old_ch.key, at, channel=old_ch.key)
        elif old_ch is None and new_ch is not None and forward:
            # the new version no longer has it: receivers on the old version listen on a channel
            # nobody sends to, which breaks no reader (the operations say what moved where); a
            # channel only the new version has is no FORWARD finding at all
            at = new.locate(new_ch.pointer)
            yield r.CHANNEL_REMOVED.report(
                B, new_ch.key, None, at, WARNING, "forward", channel=new_ch.key
            )
        elif old_ch is not None and new_ch is not None and old_ch.address != new_ch.address:
            yield r.CHANNEL_ADDRESS_CHANGED.report(
                B,
                old_ch.key,
                old.locate(child(old_ch.pointer, "address")),
                new.locate(child(new_ch.pointer, "address")),
                channel=old_ch.key,
                old=str(old_ch.address),
                new=str(new_ch.address),
            )
    old_ops, new_ops = operations(old), operations(new)
    old_free = unoperated_messages(old, old_channels, old_ops)
    new_free = unoperated_messages(new, new_channels, new_ops)
    for old_ch, new_ch in channel_pairs:
        if old_ch is None or new_ch is None:
            continue
        sent, read = old_free.get(old_ch.key, {}), new_free.get(new_ch.key, {})
        for old_m, new_m in pair(sent, read, message_key):
            if old_m is not None and new_m is not None:
                where = f"channel {old_ch.key}/{old_m.key}"
                yield from _message_pair(ctx, where, old_m, new_m, app_reads=False)
    for old_op, new_op in pair(old_ops, new_ops, operation_key):
        if old_op is not None and new_op is None and old_op.action != "send":
            variant = "forward" if forward else ""
            at = old.locate(old_op.pointer)
            yield r.OPERATION_REMOVED.report(
                B, old_op.key, at, None, None, variant, operation=old_op.key
            )
        elif old_op is None and new_op is not None and new_op.action == "send" and forward:
            # the new document no longer sends it: old receivers wait for messages that never
            # come, which breaks no reader (a removed send operation is no BACKWARD finding)
            at = new.locate(new_op.pointer)
            yield r.OPERATION_REMOVED.report(
                B, new_op.key, None, at, WARNING, "send", operation=new_op.key
            )
        elif old_op is not None and new_op is not None:
            yield from _operation(ctx, old_op, new_op)


@handles(r.OPERATION_ACTION_CHANGED, r.OPERATION_CHANNEL_CHANGED)
def _operation(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    if old.action != new.action:
        yield r.OPERATION_ACTION_CHANGED.report(
            B,
            old.key,
            ctx.old.locate(child(old.pointer, "action")),
            ctx.new.locate(child(new.pointer, "action")),
            operation=old.key,
            old=str(old.action),
            new=str(new.action),
        )
    if (
        old.channel is not None
        and new.channel is not None
        and ctx.counterpart.get(old.channel.key) != new.channel.key
        and old.channel.address != new.channel.address
    ):
        yield r.OPERATION_CHANNEL_CHANGED.report(
            B,
            old.key,
            ctx.old.locate(child(old.pointer, "channel")),
            ctx.new.locate(child(new.pointer, "channel")),
            operation=old.key,
            old=str(old.channel.address),
            new=str(new.channel.address),
        )
    receives = old.action == "receive"
    yield from _messages(ctx, old.key, old.messages, new.messages, receives)
    yield from _reply(ctx, old, new, receives)


@handles(r.REPLY_ADDRESS_CHANGED, r.REPLY_REMOVED)
def _reply(ctx: Context, old: Operation, new: Operation, receives: bool) -> Iterator[Finding]:
    """The requester (the receivers' version) reads the reply the replier (the senders')
    sends, whether the application is the requester or the replier."""
    subject = f"{old.key}/reply"
    if new.reply is None:
        return  # a requester that does not wait for a reply ignores one
    if old.reply is None:
        yield r.REPLY_REMOVED.report(
            B,
            subject,
            ctx.old.locate(old.pointer),
            ctx.new.locate(new.reply.pointer),
            operation=old.key,
            change="removed" if ctx.forward else "added",
            senders=ctx.senders,
            receivers=ctx.receivers,
        )
        return
    if old.reply.address != new.reply.address:
        yield r.REPLY_ADDRESS_CHANGED.report(
            B,
            subject,
            ctx.old.locate(old.reply.pointer),
            ctx.new.locate(new.reply.pointer),
            operation=old.key,
            old=str(old.reply.address),
            new=str(new.reply.address),
        )
    yield from _messages(
        ctx, subject, old.reply.messages, new.reply.messages, not receives, reply=True
    )


def _messages(
    ctx: Context,
    where: str,
    old: dict[str, Message],
    new: dict[str, Message],
    app_reads: bool,
    reply: bool = False,
) -> Iterator[Finding]:
    """Messages senders send (`old`) that receivers (`new`) do not declare; a message only
    receivers declare is never sent to them, which breaks no reader."""
    for old_m, new_m in pair(old, new, message_key):
        if old_m is not None and new_m is None:
            yield _unknown(ctx, where, old_m, app_reads, reply)
        elif old_m is not None and new_m is not None:
            yield from _message_pair(ctx, f"{where}/{old_m.key}", old_m, new_m, app_reads)


@handles(r.MESSAGE_ADDED, r.MESSAGE_REMOVED, r.REPLY_MESSAGE_CHANGED)
def _unknown(ctx: Context, where: str, sent: Message, app_reads: bool, reply: bool) -> Finding:
    """A message the senders send and the receivers do not declare."""
    subject, at = f"{where}/{sent.key}", ctx.old.locate(sent.pointer)
    rule = r.REPLY_MESSAGE_CHANGED if reply else r.MESSAGE_REMOVED if app_reads else r.MESSAGE_ADDED
    return rule.report(
        B,
        subject,
        at,
        where=where,
        message=str(sent.name),
        senders=ctx.senders,
        receivers=ctx.receivers,
    )


@handles(r.CORRELATION_ID_CHANGED)
def _message_pair(
    ctx: Context, subject: str, old: Message, new: Message, app_reads: bool
) -> Iterator[Finding]:
    before, after = correlation_location(ctx.old, old), correlation_location(ctx.new, new)
    if before is not None and before != after:
        yield r.CORRELATION_ID_CHANGED.report(
            B,
            subject,
            ctx.old.locate(child(old.pointer, "correlationId")),
            ctx.new.locate(child(new.pointer, "correlationId") if after else new.pointer),
            where=subject,
            old=str(before),
            new=str(after or "nowhere"),
        )
    for part, rule in (("payload", r.PAYLOAD_CHANGED), ("headers", r.HEADERS_CHANGED)):
        yield from _schemas(ctx, subject, old, new, part, rule, app_reads)


@handles(r.HEADERS_CHANGED, r.PAYLOAD_CHANGED)
def _schemas(
    ctx: Context,
    subject: str,
    old: Message,
    new: Message,
    part: str,
    rule: Rule,
    app_reads: bool,
) -> Iterator[Finding]:
    old_ptr, new_ptr = old.part(part), new.part(part)
    if old_ptr is None or new_ptr is None:
        return  # a schema only one side declares is not compared (docs/compat-asyncapi.md)
    prefix = f"{subject}/{part}"
    # What senders write must be valid for what receivers read. In FORWARD the documents are
    # swapped back, so the JSON Schema finding is told in the documents' order (a property
    # made optional reads "no longer required", not "became required").
    sent, read = SchemaAt(ctx.old, old_ptr), SchemaAt(ctx.new, new_ptr)
    semantics = Direction.FORWARD if ctx.forward else Direction.BACKWARD
    found_all = compare_schema(
        *((read, sent) if ctx.forward else (sent, read)),
        semantics,
        prefix,
        "lenient" if app_reads else "strict",
    )
    if not app_reads and ctx.policy == "lenient":
        found_all = lenient(found_all, required_removed(found_all))
    for found in found_all:
        tail = subject_tail(found.subject, prefix)
        yield rule.tell(
            found,
            JSON_RULES[found.rule],
            B,
            prefix + tail,
            *((found.new, found.old) if ctx.forward else (found.old, found.new)),
            found.severity,
            where=subject,
            part=part,
            at=f" at {tail.strip()}" if tail else "",
        )
