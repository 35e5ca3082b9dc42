"""Rules over the members of one matched message or enum: removals, moves, reservations."""

from __future__ import annotations

from collections.abc import Iterator

from stele.compat.handlers import handles
from stele.compat.model import Finding
from stele.compat.protobuf._context import Context
from stele.compat.protobuf._decls import (
    VALUE_NUMBER,
    EnumValueDecl,
    FieldDecl,
    Reservations,
)
from stele.compat.protobuf._pairing import EnumPair, MessagePair, Pair
from stele.compat.protobuf.rules import by_id
from stele.diagnostics import Severity
from stele.span import Span


@handles(*by_id("proto-field-removed"))
def fields_removed(ctx: Context, pair: MessagePair) -> Iterator[Finding]:
    for field in pair.fields.removed:
        reasons = _removal_reasons(ctx, field, pair.new.reserved)
        if field.presence == "required" and not ctx.backward:
            reasons.append("old readers require it")
        if reasons:
            where = field.full_name, field.location, pair.new.location
            member = {"name": field.name, "number": str(field.number), "why": "; ".join(reasons)}
            yield from ctx.report("proto-field-removed", *where, **member)


@handles(*by_id("proto-enum-value-removed"))
def enum_values_removed(ctx: Context, pair: EnumPair) -> Iterator[Finding]:
    for value in pair.values.removed:
        reasons = _removal_reasons(ctx, value, pair.new.reserved)
        if reasons:
            where = value.full_name, value.location, pair.new.location
            member = {"name": value.name, "number": str(value.number), "why": "; ".join(reasons)}
            yield from ctx.report("proto-enum-value-removed", *where, **member)


def _removal_reasons(
    ctx: Context, member: FieldDecl | EnumValueDecl, reserved: Reservations
) -> list[str]:
    reasons = []
    if not reserved.has_number(member.number):
        reasons.append(f"number {member.number} is not reserved")
    if ctx.at_least("wire_json") and member.name not in reserved.names:
        reasons.append(f"name '{member.name}' is not reserved")
    if ctx.code and ctx.backward:
        reasons.append("generated code loses it")
    return reasons


@handles(*by_id("proto-field-number-changed"))
def fields_number_changed(ctx: Context, pair: MessagePair) -> Iterator[Finding]:
    for moved in pair.fields.number_moved:
        yield from _number_changed(ctx, "proto-field-number-changed", "field", moved)


@handles(*by_id("proto-enum-value-number-changed"))
def enum_values_number_changed(ctx: Context, pair: EnumPair) -> Iterator[Finding]:
    for moved in pair.values.number_moved:
        yield from _number_changed(ctx, "proto-enum-value-number-changed", "enum value", moved)


@handles(*by_id("proto-field-number-changed"))
def extensions_number_changed(ctx: Context) -> Iterator[Finding]:
    """An extension that kept its full name under another number (buf pairs extensions by
    number only, so it sees neither a removal nor a change)."""
    new = ctx.pairing.new.extensions
    for name, extension in ctx.pairing.old.extensions.items():
        twin = new.get(name)
        if twin is not None and twin.number != extension.number:
            moved = Pair(extension, twin)
            yield from _number_changed(ctx, "proto-field-number-changed", "extension", moved)


def _number_changed(
    ctx: Context, rule: str, kind: str, moved: Pair[FieldDecl] | Pair[EnumValueDecl]
) -> Iterator[Finding]:
    old, new = moved.old, moved.new
    change = {"kind": kind, "name": old.name, "old": str(old.number), "new": str(new.number)}
    yield from ctx.report(rule, old.full_name, old.location, new.location, **change)


@handles(*by_id("proto-enum-value-renamed"))
def enum_values_renamed(ctx: Context, pair: EnumPair) -> Iterator[Finding]:
    for value in pair.values.same_number:
        old, new = value.old, value.new
        if old.name != new.name:
            where = ctx.pair_at(value, (VALUE_NUMBER,))
            change = {"number": str(old.number), "old": old.name, "new": new.name}
            yield from ctx.report("proto-enum-value-renamed", old.full_name, *where, **change)


@handles(*by_id("proto-enum-value-added"))
def enum_values_added(ctx: Context, pair: EnumPair) -> Iterator[Finding]:
    if ctx.backward:
        return
    for value in pair.values.added:
        if ctx.at_least("wire_json"):
            severity, why = Severity.WARNING, "old JSON readers reject the unknown name"
        elif pair.old.closed:
            severity, why = Severity.WARNING, "old readers of a closed enum drop the value"
        else:
            severity, why = Severity.INFO, "old readers of an open enum keep the number"
        where = value.full_name, pair.old.location, value.location
        member = {"name": value.name, "number": str(value.number), "why": why}
        yield from ctx.report("proto-enum-value-added", *where, severity, **member)


@handles(*by_id("proto-required-field-added"))
def required_fields_added(ctx: Context, pair: MessagePair) -> Iterator[Finding]:
    if not ctx.backward:
        return
    for field in pair.fields.added:
        if field.presence == "required":
            where = field.full_name, pair.old.location, field.location
            member = {"name": field.name, "number": str(field.number)}
            yield from ctx.report("proto-required-field-added", *where, **member)


# The rules of reserved numbers and names, in messages and in enums alike.
RESERVATIONS = by_id(
    "proto-reserved-name-reused", "proto-reserved-number-reused", "proto-reserved-range-removed"
)


@handles(*RESERVATIONS)
def message_reservations(ctx: Context, pair: MessagePair) -> Iterator[Finding]:
    used = {f.number: f.name for f in pair.new.fields}
    yield from _reservations(
        ctx, pair.old.reserved, pair.new.reserved, used, pair.old.full_name,
        (pair.old.location, pair.new.location),
    )  # fmt: skip


@handles(*RESERVATIONS)
def enum_reservations(ctx: Context, pair: EnumPair) -> Iterator[Finding]:
    used = {v.number: v.name for v in pair.new.values}
    yield from _reservations(
        ctx, pair.old.reserved, pair.new.reserved, used, pair.old.full_name,
        (pair.old.location, pair.new.location),
    )  # fmt: skip


def _reservations(
    ctx: Context,
    old: Reservations,
    new: Reservations,
    used: dict[int, str],
    subject: str,
    locations: tuple[Span, Span],
) -> Iterator[Finding]:
    names_used = set(used.values())
    for low, high in old.ranges:
        uncovered = subtract((low, high), new.ranges)
        reused = sorted(n for n in used if any(a <= n <= b for a, b in uncovered))
        if ctx.backward:
            for number in reused:
                reuse = {"number": str(number), "name": used[number]}
                yield from ctx.report("proto-reserved-number-reused", subject, *locations, **reuse)
        if sum(b - a + 1 for a, b in uncovered) > len(reused):
            rule, shown = "proto-reserved-range-removed", _range(low, high)
            yield from ctx.report(rule, subject, *locations, None, "range", range=shown)
    if not ctx.at_least("wire_json"):
        return  # names are not on the binary wire
    for name in sorted(old.names - new.names):
        if name in names_used:
            if ctx.backward:
                yield from ctx.report("proto-reserved-name-reused", subject, *locations, name=name)
        else:
            rule = "proto-reserved-range-removed"
            yield from ctx.report(rule, subject, *locations, None, "name", name=name)


def subtract(span: tuple[int, int], ranges: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The parts of the inclusive `span` not covered by `ranges`."""
    parts = [span]
    for low, high in ranges:
        parts = [
            piece
            for a, b in parts
            for piece in ((a, min(b, low - 1)), (max(a, high + 1), b))
            if piece[0] <= piece[1]
        ]
    return parts


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low} to {high}"


MESSAGE_CHECKS = (
    fields_removed,
    fields_number_changed,
    required_fields_added,
    message_reservations,
)
ENUM_CHECKS = (
    enum_values_removed,
    enum_values_number_changed,
    enum_values_renamed,
    enum_values_added,
    enum_reservations,
)
