"""Rules over one matched pair of fields (same message, same number)."""

from __future__ import annotations

from collections.abc import Iterator

from stele.compat.handlers import handles
from stele.compat.model import Finding
from stele.compat.protobuf._context import Context
from stele.compat.protobuf._decls import (
    FIELD_JSON_NAME,
    FIELD_NAME,
    FIELD_TYPE,
    FIELD_TYPE_NAME,
    FieldDecl,
    ProtoSchema,
)
from stele.compat.protobuf._indexer import default_json_name
from stele.compat.protobuf._option_checks import field_options_changed
from stele.compat.protobuf._pairing import MessagePair, Pair
from stele.compat.protobuf._types import cardinality_change, type_change
from stele.compat.protobuf.rules import by_id
from stele.diagnostics import Severity
from stele.span import Span


@handles(*by_id("proto-field-renamed"))
def field_renamed(ctx: Context, _: MessagePair | None, pair: Pair[FieldDecl]) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    before, after = (old.full_name, new.full_name) if old.extendee else (old.name, new.name)
    if before != after:
        kind = "extension" if old.extendee else "field"
        where = ctx.pair_at(pair, (FIELD_NAME,))
        change = {"kind": kind, "number": str(old.number), "old": before, "new": after}
        yield from ctx.report("proto-field-renamed", old.full_name, *where, **change)


@handles(*by_id("proto-field-json-name-changed"))
def field_json_name_changed(
    ctx: Context, _: MessagePair | None, pair: Pair[FieldDecl]
) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    if old.extendee or old.json_name == new.json_name:
        return  # an extension's JSON name is its full name
    where = ctx.pair_at(pair, (FIELD_JSON_NAME,))
    change = {"field": old.name, "old": old.json_name, "new": new.json_name}
    # Say which name a `json_name` option writes and which one protoc derives from the field's
    # name (an option that writes protoc's own name is the same name either way).
    written = (
        old.json_name != default_json_name(old.name),
        new.json_name != default_json_name(new.name),
    )
    variant = {(True, True): "", (False, True): "old-default", (True, False): "new-default"}
    told = variant.get(written, "defaults")
    rule = "proto-field-json-name-changed"
    yield from ctx.report(rule, old.full_name, *where, None, told, **change)


@handles(*by_id("proto-field-type-changed"))
def field_type_changed(
    ctx: Context, _: MessagePair | None, pair: Pair[FieldDecl]
) -> Iterator[Finding]:
    reader, writer = ctx.reader_writer(pair)
    schemas = ctx.reader_writer(Pair(ctx.pairing.old, ctx.pairing.new))
    verdict = type_change(
        reader, writer, ctx.category, schemas[0].all_enums, schemas[1].all_enums, ctx.backward
    )
    if verdict is None:
        verdict = _text_form_change(pair)
    elif _renamedsame_message(ctx, pair):
        verdict = (
            Severity.INFO,
            "the message was renamed and kept its fields: neither the wire nor the JSON "
            "mapping carries message names",
        )
    if verdict is None:
        return
    severity, why = verdict
    old, new = pair.old, pair.new
    where = (_type_at(ctx, "old", old), _type_at(ctx, "new", new))
    change = {"field": old.shown, "old": _type_label(old), "new": _type_label(new), "why": why}
    yield from ctx.report("proto-field-type-changed", old.full_name, *where, severity, **change)


def _type_at(ctx: Context, side: str, field: FieldDecl) -> Span:
    """A field's type, as buf locates it: the type name of a message or enum, else the type."""
    if field.type_name:
        return ctx.at(side, field, (FIELD_TYPE_NAME,), (FIELD_TYPE,))
    return ctx.at(side, field, (FIELD_TYPE,))


def _type_label(field: FieldDecl) -> str:
    return f"{field.type} ({field.text_form})" if field.text_form else field.type_label


def _renamedsame_message(ctx: Context, pair: Pair[FieldDecl]) -> bool:
    """Two message types of other names that encode alike, field for field (a renamed type)."""
    old, new = pair.old, pair.new
    if not (old.type == new.type == "message") or ctx.code:
        return False
    return same_message(ctx.pairing.old, ctx.pairing.new, old.type_name, new.type_name, set())


def same_message(
    old: ProtoSchema, new: ProtoSchema, old_name: str, new_name: str, seen: set[tuple[str, str]]
) -> bool:
    if (old_name, new_name) in seen or old_name == new_name:
        return True  # compared higher up (a recursive type), or the same declaration
    seen.add((old_name, new_name))
    a, b = old.messages.get(old_name), new.messages.get(new_name)
    if a is None or b is None or len(a.fields) != len(b.fields) or a.oneofs != b.oneofs:
        return False
    by_number = {f.number: f for f in b.fields}
    for f in a.fields:
        g = by_number.get(f.number)
        if g is None or _shape(f) != _shape(g):
            return False
        if f.type == "message" and not same_message(old, new, f.type_name, g.type_name, seen):
            return False
        if f.type == "enum" and f.type_name != g.type_name:
            return False
    return True


def _shape(f: FieldDecl) -> tuple[str, ...]:
    return (f.name, f.json_name, f.type, f.cardinality, f.presence, f.oneof, f.text_form)


def _text_form_change(pair: Pair[FieldDecl]) -> tuple[Severity, str] | None:
    """Same Protobuf type, another contract type held as text (stele's `// stele: T`)."""
    old, new = pair.old, pair.new
    if old.text_form == new.text_form or old.type != new.type:
        return None
    return Severity.ERROR, "the text forms differ: readers reject or misread the other's values"


@handles(*by_id("proto-field-cardinality-changed"))
def field_cardinality_changed(
    ctx: Context, messages: MessagePair | None, pair: Pair[FieldDecl]
) -> Iterator[Finding]:
    if _in_map_entry(messages):
        return
    reader, writer = ctx.reader_writer(pair)
    verdict = cardinality_change(reader, writer, ctx.category)
    if verdict is None:
        return
    severity, why = verdict
    old, new = pair.old, pair.new
    where = old.location, new.location
    change = {"field": old.shown, "old": _label(old), "new": _label(new), "why": why}
    yield from ctx.report(
        "proto-field-cardinality-changed", old.full_name, *where, severity, **change
    )


def _in_map_entry(messages: MessagePair | None) -> bool:
    """A map's generated entry: its key and value are judged through the map field."""
    return messages is not None and messages.old.map_entry and messages.new.map_entry


def _label(field: FieldDecl) -> str:
    return field.presence if field.cardinality == "singular" else field.cardinality


@handles(*by_id("proto-field-presence-changed"))
def field_presence_changed(
    ctx: Context, messages: MessagePair | None, pair: Pair[FieldDecl]
) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    presences = {old.presence, new.presence}
    if _in_map_entry(messages):
        return  # a map's key and value seem to follow the file's presence, but never track it
    if ctx.backward and presences == {"implicit", "explicit"}:
        where = old.location, new.location
        change = {"field": old.shown, "old": old.presence, "new": new.presence}
        yield from ctx.report("proto-field-presence-changed", old.full_name, *where, **change)


@handles(*by_id("proto-field-moved-into-oneof", "proto-field-moved-out-of-oneof"))
def field_oneof_changed(
    ctx: Context, messages: MessagePair | None, pair: Pair[FieldDecl]
) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    if old.oneof == new.oneof or messages is None:
        return
    if new.oneof:
        severity, why = _moved_into(ctx, messages, pair)
        rule, variant = "proto-field-moved-into-oneof", "from-oneof" if old.oneof else ""
        oneofs = {"old": old.oneof, "new": new.oneof} if old.oneof else {"new": new.oneof}
    else:
        severity, why = _moved_out(ctx, messages, pair)
        rule, variant, oneofs = "proto-field-moved-out-of-oneof", "", {"old": old.oneof}
    if severity is None:
        return
    where = old.full_name, old.location, new.location
    yield from ctx.report(rule, *where, severity, variant, field=old.shown, why=why, **oneofs)


def _existing_members(messages: MessagePair, oneof: str) -> int:
    """How many fields that existed before are members of the new `oneof`."""
    return sum(p.new.oneof == oneof for p in messages.fields.same_number)


def _moved_into(
    ctx: Context, messages: MessagePair, pair: Pair[FieldDecl]
) -> tuple[Severity | None, str]:
    if ctx.code:
        return Severity.ERROR, "generated code changes"
    if pair.old.oneof or pair.new.oneof in messages.old.oneofs:
        if not ctx.backward and not pair.old.oneof:
            return None, ""
        return Severity.ERROR, "old writers may set it together with another member"
    if _existing_members(messages, pair.new.oneof) == 1:
        return Severity.INFO, "a single field moved into a new oneof keeps its encoding"
    if not ctx.backward:
        return None, ""
    return Severity.WARNING, "old writers may set several members; readers keep the last"


def _moved_out(
    ctx: Context, messages: MessagePair, pair: Pair[FieldDecl]
) -> tuple[Severity | None, str]:
    if ctx.code:
        return Severity.ERROR, "generated code changes"
    if sum(f.oneof == pair.old.oneof for f in messages.old.fields) == 1:
        return Severity.INFO, "a single-field oneof became a field with explicit presence"
    if ctx.backward:
        return None, ""
    return Severity.WARNING, "new writers may set several former members; old readers keep the last"


EXTENSION_CHECKS = (
    field_renamed,
    field_type_changed,
    field_cardinality_changed,
    field_presence_changed,
    field_options_changed,
)
FIELD_CHECKS = (
    field_options_changed,
    field_renamed,
    field_json_name_changed,
    field_type_changed,
    field_cardinality_changed,
    field_presence_changed,
    field_oneof_changed,
)
