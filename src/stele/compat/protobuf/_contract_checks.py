"""What stele-generated files say about the contract, beyond what protoc sees.

Contract unions: a message holding only `oneof value`. Every value of a contract union is one of its variants. A variant one side lacks reaches the
other side's readers as a message with no member set: a union without a variant, which no
reader of the contract accepts. Foreign files (without stele's notice) are not judged here: a
oneof there may legitimately be empty.

Message bodies: the record that is a contract message's body says so in a trailing comment
(`message Item { // stele: body of shop.ItemCreated`). A message whose body is replaced by
another record changes what its readers parse, although no field of any message changed.
"""

from __future__ import annotations

from collections.abc import Iterator

from stele.compat.handlers import handles
from stele.compat.model import Finding
from stele.compat.protobuf._context import Context
from stele.compat.protobuf._descriptors import FieldDecl, MessageDecl, ProtoSchema
from stele.compat.protobuf._field_checks import same_message
from stele.compat.protobuf._pairing import MessagePair
from stele.compat.protobuf.rules import by_id

UNION_ONEOF = "value"


@handles(*by_id("proto-union-variant-changed"))
def union_variants_changed(ctx: Context, pair: MessagePair) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    if not (_is_union(ctx.pairing.old, old) and _is_union(ctx.pairing.new, new)):
        return
    # The flow this direction checks: BACKWARD, old writers and new readers. A union that an
    # rpc returns also flows the other way within the same deployment (the server answers).
    both_ways = _returned(ctx.pairing.old, old.full_name) or _returned(
        ctx.pairing.new, new.full_name
    )
    if ctx.backward or both_ways:
        for f in pair.fields.removed:
            yield from _report(ctx, f, new, "removed", "the new schema")
    if not ctx.backward or both_ways:
        for f in pair.fields.added:
            yield from _report(ctx, f, old, "added", "the old schema")


def _report(
    ctx: Context, f: FieldDecl, other: MessageDecl, change: str, lacking: str
) -> Iterator[Finding]:
    old, new = (f.location, other.location) if change == "removed" else (other.location, f.location)
    variant = {"name": f.name, "number": str(f.number), "lacking": lacking}
    yield from ctx.report(
        "proto-union-variant-changed", f.full_name, old, new, None, change, **variant
    )


def _is_union(schema: ProtoSchema, message: MessageDecl) -> bool:
    file = schema.files.get(message.file)
    return (
        file is not None
        and file.generated
        and message.oneofs == (UNION_ONEOF,)
        and all(f.oneof == UNION_ONEOF for f in message.fields)
    )


def _returned(schema: ProtoSchema, message: str) -> bool:
    """Whether an rpc's response holds `message`, at any depth."""
    outputs = [m.output_type for s in schema.services.values() for m in s.methods]
    seen: set[str] = set()
    todo = [o.lstrip(".") for o in outputs]
    while todo:
        name = todo.pop()
        if name == message:
            return True
        if name in seen:
            continue
        seen.add(name)
        decl = schema.messages.get(name)
        if decl is not None:
            todo.extend(f.type_name for f in decl.fields if f.type == "message")
    return False


@handles(*by_id("proto-message-body-changed"))
def message_bodies_changed(ctx: Context) -> Iterator[Finding]:
    old, new = ctx.pairing.old, ctx.pairing.new
    old_bodies, new_bodies = _bodies(old), _bodies(new)
    for name in sorted(old_bodies.keys() & new_bodies.keys()):
        was, now = old_bodies[name], new_bodies[name]
        if was.full_name == now.full_name:
            continue
        if same_message(old, new, was.full_name, now.full_name, set()):
            continue
        where, change = (was.location, now.location), {"old": was.full_name, "new": now.full_name}
        yield from ctx.report("proto-message-body-changed", name, *where, name=name, **change)


def _bodies(schema: ProtoSchema) -> dict[str, MessageDecl]:
    return {name: m for m in schema.messages.values() for name in m.body_of}


UNION_CHECKS = (union_variants_changed,)
CONTRACT_CHECKS = (message_bodies_changed,)
