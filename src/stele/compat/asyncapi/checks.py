"""AsyncAPI rule functions over matched pairs (BACKWARD view: new application, old partners).

Which way a message's schemas are compared depends on who reads it:

| element                            | the application | writer          | reader          |
|------------------------------------|-----------------|-----------------|-----------------|
| message of a `receive` operation   | reads           | old partners    | new application |
| message of a `send` operation      | writes          | new application | old partners    |
| reply of a `receive` operation     | writes          | new application | old partners    |
| reply of a `send` operation        | reads           | old partners    | new application |

Read by the application: every old instance must be valid under the new schema (BACKWARD
semantics, lenient: the application ignores properties it does not declare). Written by it:
every new instance must be valid under the old schema (FORWARD semantics, under the project's
JSON policy: strict unless `policies: json: lenient`).
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
)
from stele.compat.model import Direction, Finding, Rule
from stele.compat.schema_bridge import Policy, SchemaAt, compare_schema, subject_tail

B = Direction.BACKWARD


@dataclass(frozen=True)
class Context:
    old: Document
    new: Document
    counterpart: dict[str, str]  # old channel key -> paired new channel key
    policy: Policy = "strict"  # the JSON policy of what the application writes


def check_documents(old: Document, new: Document, policy: Policy = "strict") -> Iterator[Finding]:
    channel_pairs = pair(channels(old), channels(new), channel_key)
    ctx = Context(old, new, {o.key: n.key for o, n in channel_pairs if o and n}, policy)
    for old_ch, new_ch in channel_pairs:
        if old_ch is not None and new_ch is None:
            yield r.CHANNEL_REMOVED.finding(
                B, f"channel {old_ch.key} removed", old_ch.key, old.locate(old_ch.pointer)
            )
        elif old_ch is not None and new_ch is not None and old_ch.address != new_ch.address:
            yield r.CHANNEL_ADDRESS_CHANGED.finding(
                B,
                f"channel {old_ch.key}: address changed from {old_ch.address} to {new_ch.address}",
                old_ch.key,
                old.locate(child(old_ch.pointer, "address")),
                new.locate(child(new_ch.pointer, "address")),
            )
    for old_op, new_op in pair(operations(old), operations(new), operation_key):
        if old_op is not None and new_op is None:
            yield r.OPERATION_REMOVED.finding(
                B, f"operation {old_op.key} removed", old_op.key, old.locate(old_op.pointer)
            )
        elif old_op is not None and new_op is not None:
            yield from _operation(ctx, old_op, new_op)


def _operation(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    if old.action != new.action:
        yield r.OPERATION_ACTION_CHANGED.finding(
            B,
            f"operation {old.key}: action changed from {old.action} to {new.action}",
            old.key,
            ctx.old.locate(child(old.pointer, "action")),
            ctx.new.locate(child(new.pointer, "action")),
        )
        return
    if (
        old.channel is not None
        and new.channel is not None
        and ctx.counterpart.get(old.channel.key) != new.channel.key
        and old.channel.address != new.channel.address
    ):
        yield r.OPERATION_CHANNEL_CHANGED.finding(
            B,
            f"operation {old.key}: channel changed from {old.channel.address} "
            f"to {new.channel.address}",
            old.key,
            ctx.old.locate(child(old.pointer, "channel")),
            ctx.new.locate(child(new.pointer, "channel")),
        )
    receives = old.action == "receive"
    yield from _messages(ctx, old.key, old.messages, new.messages, receives)
    yield from _reply(ctx, old, new, receives)


def _reply(ctx: Context, old: Operation, new: Operation, receives: bool) -> Iterator[Finding]:
    subject = f"{old.key}/reply"
    if old.reply is None:
        return
    if new.reply is None:
        if receives:  # requesters wait for it; a requester that stops waiting breaks no one
            yield r.REPLY_REMOVED.finding(
                B,
                f"operation {old.key}: reply removed",
                subject,
                ctx.old.locate(old.reply.pointer),
                ctx.new.locate(new.pointer),
            )
        return
    if old.reply.address != new.reply.address:
        yield r.REPLY_ADDRESS_CHANGED.finding(
            B,
            f"operation {old.key}: reply address changed from {old.reply.address} "
            f"to {new.reply.address}",
            subject,
            ctx.old.locate(old.reply.pointer),
            ctx.new.locate(new.reply.pointer),
        )
    yield from _messages(ctx, subject, old.reply.messages, new.reply.messages, not receives)


def _messages(
    ctx: Context,
    where: str,
    old: dict[str, Message],
    new: dict[str, Message],
    app_reads: bool,
) -> Iterator[Finding]:
    for old_m, new_m in pair(old, new, message_key):
        if old_m is not None and new_m is None and app_reads:
            yield r.MESSAGE_REMOVED.finding(
                B,
                f"{where}: message {old_m.name} no longer received",
                f"{where}/{old_m.key}",
                ctx.old.locate(old_m.pointer),
            )
        elif new_m is not None and old_m is None and not app_reads:
            yield r.MESSAGE_ADDED.finding(
                B,
                f"{where}: message {new_m.name} now sent",
                f"{where}/{new_m.key}",
                None,
                ctx.new.locate(new_m.pointer),
            )
        elif old_m is not None and new_m is not None:
            yield from _message_pair(ctx, f"{where}/{old_m.key}", old_m, new_m, app_reads)


def _message_pair(
    ctx: Context, subject: str, old: Message, new: Message, app_reads: bool
) -> Iterator[Finding]:
    before, after = correlation_location(ctx.old, old), correlation_location(ctx.new, new)
    if before is not None and before != after:
        yield r.CORRELATION_ID_CHANGED.finding(
            B,
            f"{subject}: correlation id moved from {before} to {after or 'nowhere'}",
            subject,
            ctx.old.locate(child(old.pointer, "correlationId")),
            ctx.new.locate(child(new.pointer, "correlationId") if after else new.pointer),
        )
    for part, rule in (("payload", r.PAYLOAD_CHANGED), ("headers", r.HEADERS_CHANGED)):
        yield from _schemas(ctx, subject, old, new, part, rule, app_reads)


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
    semantics = Direction.BACKWARD if app_reads else Direction.FORWARD
    prefix = f"{subject}/{part}"
    found_all = compare_schema(
        SchemaAt(ctx.old, old_ptr),
        SchemaAt(ctx.new, new_ptr),
        semantics,
        prefix,
        "lenient" if app_reads else "strict",
    )
    if not app_reads and ctx.policy == "lenient":
        from stele.compat.openapi.schemas import lenient, required_removed

        found_all = lenient(found_all, required_removed(found_all))
    for found in found_all:
        tail = subject_tail(found.subject, prefix)
        yield rule.finding(
            B,
            f"{subject} {part}: {found.message}" + (f" at {tail.strip()}" if tail else ""),
            prefix + tail,
            found.old,
            found.new,
            found.severity,
        )
