"""An operation's life: removal before its sunset date, `x-sunset` values that are no dates,
`x-stability-level` (draft < alpha < beta < stable) and deprecated parameters and properties.

Every function judges one matched pair (BACKWARD view: old clients, new service), as in
`checks`; removals are judged where `checks` finds them.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from stele.compat.apidocs import child
from stele.compat.handlers import handles
from stele.compat.model import Direction, Finding
from stele.compat.openapi import rules_lifecycle as lr
from stele.compat.openapi.context import Context
from stele.compat.openapi.pairing import Operation, Parameter
from stele.compat.openapi.schemas import told
from stele.diagnostics import Severity

B = Direction.BACKWARD
LEVELS = ("draft", "alpha", "beta", "stable")
FREE = ("draft", "alpha")  # oasdiff: operations at these levels may change freely


def date(raw: Any) -> datetime.date | None:
    """An `x-sunset` value as a date (YAML may have read it as one already)."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    if isinstance(raw, str):
        try:
            return datetime.date.fromisoformat(raw[:10])
        except ValueError:
            return None
    return None


@handles(lr.OPERATION_REMOVED_BEFORE_SUNSET)
def removed_before_sunset(ctx: Context, op: Operation, finding: Finding) -> Finding:
    """A removal finding, told as `openapi-operation-removed-before-sunset` when the old
    operation was deprecated with a sunset date still to come."""
    sunset = date(op.node.get("x-sunset"))
    if ctx.swapped or not op.deprecated or sunset is None or sunset <= ctx.today:
        return finding
    return lr.OPERATION_REMOVED_BEFORE_SUNSET.report(
        B,
        finding.subject,
        finding.old,
        finding.new,
        operation=op.label,
        sunset=sunset.isoformat(),
    )


def free_to_change(op: Operation) -> bool:
    """Whether the old operation's stability level lets it change freely (draft, alpha)."""
    return op.node.get("x-stability-level") in FREE


def relaxed(op: Operation, findings: Iterable[Finding]) -> list[Finding]:
    """The findings of an operation at level draft or alpha, as info (oasdiff's levels)."""
    if not free_to_change(op):
        return list(findings)
    level = op.node.get("x-stability-level")
    return [
        dataclasses.replace(f.framed(after=f" (x-stability-level {level})"), severity=Severity.INFO)
        for f in findings
    ]


def operation_life(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    yield from _sunset_invalid(ctx, old, new)
    yield from _stability(ctx, old, new)


@handles(lr.SUNSET_INVALID)
def _sunset_invalid(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    raw = new.node.get("x-sunset")
    if raw is None or date(raw) is not None or raw == old.node.get("x-sunset"):
        return
    yield lr.SUNSET_INVALID.report(
        B,
        f"{old.label} sunset",
        ctx.old.locate(old.pointer),
        ctx.new.locate(child(new.pointer, "x-sunset")),
        operation=old.label,
        value=repr(raw),
    )


@handles(lr.STABILITY_DECREASED, lr.STABILITY_INVALID)
def _stability(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    before, after = old.node.get("x-stability-level"), new.node.get("x-stability-level")
    if after is None or after == before:
        return
    at = ctx.new.locate(child(new.pointer, "x-stability-level"))
    if after not in LEVELS:
        yield lr.STABILITY_INVALID.report(
            B,
            f"{old.label} stability",
            ctx.old.locate(old.pointer),
            at,
            operation=old.label,
            value=repr(after),
            levels=", ".join(LEVELS),
        )
    elif before in LEVELS and LEVELS.index(after) < LEVELS.index(before):
        yield lr.STABILITY_DECREASED.report(
            B,
            f"{old.label} stability",
            ctx.old.locate(child(old.pointer, "x-stability-level")),
            at,
            operation=old.label,
            old=str(before),
            new=str(after),
        )


@handles(lr.PARAMETER_DEPRECATED)
def parameter_deprecated(
    ctx: Context, op: Operation, old_p: Parameter, new_p: Parameter, subject: str
) -> Iterator[Finding]:
    if new_p.node.get("deprecated") is True and old_p.node.get("deprecated") is not True:
        yield told(
            lr.PARAMETER_DEPRECATED,
            op.pointer,
            old_p.pointer,
            op.label,
            subject,
            ctx.old.locate(old_p.pointer),
            ctx.new.locate(child(new_p.pointer, "deprecated")),
            parameter=old_p.label,
        )
