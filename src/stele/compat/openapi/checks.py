"""OpenAPI rule functions: each judges one matched pair (BACKWARD view: old clients, new service).

The pairing module matches paths, operations, parameters, bodies and responses; every function
here looks at one pair and yields findings. `check_documents` walks the pairs.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Iterator

from stele.compat.apidocs import Document, child, matched
from stele.compat.handlers import handles
from stele.compat.jsonschema.values import constraints
from stele.compat.model import Direction, Finding
from stele.compat.openapi import exchange, lifecycle
from stele.compat.openapi import rules as r
from stele.compat.openapi.context import Context
from stele.compat.openapi.pairing import (
    Body,
    Operation,
    Parameter,
    operations,
    parameters,
    paths,
    request_body,
    responses,
    security,
)
from stele.compat.openapi.schemas import Side, compare, told
from stele.compat.schema_bridge import Policy, SchemaAt
from stele.diagnostics import Severity

B = Direction.BACKWARD


def check_documents(
    old: Document,
    new: Document,
    today: datetime.date,
    policy: Policy = "strict",
    swapped: bool = False,
) -> Iterator[Finding]:
    """The BACKWARD view of two documents; with `swapped`, the FORWARD check (new clients, old
    service) given the new document as `old` and the old one as `new`."""
    yield from merge_shared(_check(Context(old, new, today, policy=policy, swapped=swapped)))


def merge_shared(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per change to a shared definition, naming every operation it reaches.

    The same change seen from several operations (a component schema, a shared response) comes
    once per operation, each with its operation in `reached_by`: they are joined, at the highest
    severity any of them had. Findings are the same change when their rule, subject, places and
    detail are (the detail, not the message text: every OpenAPI rule renders from templates)."""
    out: list[Finding] = []
    groups: dict[tuple[object, ...], Finding] = {}
    for f in findings:
        if not f.reached_by:
            out.append(f)
            continue
        key = (f.rule, f.subject, f.detail, f.old, f.new)
        seen = groups.get(key)
        if seen is None:
            groups[key] = f
            continue
        severity = max(seen.severity, f.severity, key=lambda s: s.rank)
        groups[key] = dataclasses.replace(
            seen, severity=severity, reached_by=seen.reached_by + f.reached_by
        )
    out += [
        dataclasses.replace(f, reached_by=tuple(sorted(set(f.reached_by)))) for f in groups.values()
    ]
    return out


def _check(ctx: Context) -> Iterator[Finding]:
    old, new = ctx.old, ctx.new
    new_paths = paths(new)
    old_ops, new_ops = operations(old), operations(new)
    for key, (path, pointer) in sorted(paths(old).items()):
        if key not in new_paths:
            ops = [o for k, o in old_ops.items() if k[0] == key]
            found = _path_removed(ctx, path, pointer, ops)
            sunset = [lifecycle.removed_before_sunset(ctx, op, found) for op in ops]
            yield next((f for f in sunset if f is not found), found)
    for (path_key, _), old_op, new_op in matched(old_ops, new_ops):
        if old_op is not None and new_op is None and path_key in new_paths:
            found = _operation_removed(ctx, old_op, new_paths[path_key][1])
            yield lifecycle.removed_before_sunset(ctx, old_op, found)
        elif old_op is not None and new_op is not None:
            yield from operation_findings(ctx, old_op, new_op)


@handles(r.PATH_REMOVED)
def _path_removed(ctx: Context, path: str, pointer: str, ops: list[Operation]) -> Finding:
    deprecated = bool(ops) and all(op.deprecated for op in ops)
    free = bool(ops) and all(lifecycle.free_to_change(op) for op in ops)
    added = ctx.swapped and not any(_moved(ctx, op) for op in ops)
    variant = "added" if added else "deprecated" if deprecated else ""
    return r.PATH_REMOVED.report(
        B,
        path,
        ctx.old.locate(pointer),
        None,
        Severity.INFO if deprecated or added or free else None,
        variant,
        path=path,
    )


@handles(r.OPERATION_REMOVED)
def _operation_removed(ctx: Context, op: Operation, new_path_pointer: str) -> Finding:
    added = ctx.swapped and not _moved(ctx, op)
    variant = "added" if added else "deprecated" if op.deprecated else ""
    return r.OPERATION_REMOVED.report(
        B,
        op.label,
        ctx.old.locate(op.pointer),
        ctx.new.locate(new_path_pointer),
        Severity.INFO if op.deprecated or added or lifecycle.free_to_change(op) else None,
        variant,
        operation=op.label,
    )


def _moved(ctx: Context, op: Operation) -> bool:
    """FORWARD: whether an operation the old document lacks (by method and path) is one it
    has elsewhere (the same `operationId`): new clients call it where the old service is not.
    An operation without an `operationId` cannot be told apart from a moved one: it counts as
    moved."""
    op_id = op.node.get("operationId")
    if not isinstance(op_id, str):
        return True
    return op_id in ctx.new_ids()


def operation_findings(ctx: Context, old: Operation, new: Operation) -> list[Finding]:
    """Everything about one matched operation; info when its old stability level is draft or
    alpha (`lifecycle.relaxed`)."""
    return lifecycle.relaxed(old, _operation(ctx, old, new))


def _operation(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    yield from _parameters(ctx, old, new)
    yield from _request_body(ctx, old, new)
    yield from _responses(ctx, old, new)
    yield from _security(ctx, old, new)
    yield from _deprecated(ctx, old, new)
    yield from _sunset(ctx, old, new)
    yield from lifecycle.operation_life(ctx, old, new)
    yield from exchange.callbacks(ctx, old, new, operation_findings)


@handles(r.REQUIRED_PARAMETER_ADDED)
def _parameters(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    old_params, new_params = parameters(old), parameters(new)
    old_only = {p.name: p for k, p in old_params.items() if k not in new_params}
    new_only = {p.name: p for k, p in new_params.items() if k not in old_params}
    for _, old_p, new_p in matched(old_params, new_params):
        either = old_p or new_p
        assert either is not None
        subject = f"{old.label} {either.location}:{either.name}"
        if old_p is None:
            assert new_p is not None
            if new_p.name not in old_only and new_p.required:
                yield r.REQUIRED_PARAMETER_ADDED.report(
                    B,
                    subject,
                    ctx.old.locate(old.pointer),
                    ctx.new.locate(new_p.pointer),
                    operation=new.label,
                    parameter=new_p.label,
                )
        elif new_p is None:
            yield _parameter_gone(ctx, old, old_p, new_only.get(old_p.name), subject)
        else:
            yield from _parameter_pair(ctx, old, old_p, new_p, subject)


@handles(r.PARAMETER_LOCATION_CHANGED, r.PARAMETER_REMOVED)
def _parameter_gone(
    ctx: Context, op: Operation, old_p: Parameter, moved: Parameter | None, subject: str
) -> Finding:
    if moved is not None:
        return r.PARAMETER_LOCATION_CHANGED.report(
            B,
            subject,
            ctx.old.locate(old_p.pointer),
            ctx.new.locate(moved.pointer),
            operation=op.label,
            name=old_p.name,
            old=str(old_p.location),
            new=str(moved.location),
        )
    at = ctx.old.locate(old_p.pointer)
    return r.PARAMETER_REMOVED.report(B, subject, at, operation=op.label, parameter=old_p.label)


@handles(
    r.PARAMETER_BECAME_REQUIRED,
    r.PARAMETER_ENUM_VALUE_REMOVED,
    r.PARAMETER_SCHEMA_CHANGED,
    r.PARAMETER_TYPE_CHANGED,
)
def _parameter_pair(
    ctx: Context, op: Operation, old_p: Parameter, new_p: Parameter, subject: str
) -> Iterator[Finding]:
    if new_p.required and not old_p.required:
        yield told(
            r.PARAMETER_BECAME_REQUIRED,
            op.pointer,
            old_p.pointer,
            op.label,
            subject,
            ctx.old.locate(old_p.pointer),
            ctx.new.locate(child(new_p.pointer, "required")),
            parameter=old_p.label,
        )
    yield from lifecycle.parameter_deprecated(ctx, op, old_p, new_p, subject)
    yield from exchange.parameter_default(ctx, op, old_p, new_p, subject)
    old_schema, new_schema = old_p.schema_pointer, new_p.schema_pointer
    if old_schema and new_schema and not _reads_any_text(ctx, old_schema, new_schema):
        yield from compare(
            ctx.views,
            Side.PARAMETER,
            SchemaAt(ctx.old, old_schema),
            SchemaAt(ctx.new, new_schema),
            subject,
            f"{op.label} {old_p.label}",
            ctx.policy,
            op.pointer,
        )


_SCALARS = frozenset({"string", "integer", "number", "boolean"})


def _reads_any_text(ctx: Context, sent: str, read: str) -> bool:
    """A parameter travels as text: a service whose parameter is a plain string (no format,
    pattern, enum or length) reads any scalar a client sends, whatever its schema's type."""
    _, reader = ctx.new.resolve(read)
    _, writer = ctx.old.resolve(sent)
    if not isinstance(reader, dict) or constraints(reader) != {"type": "string"}:
        return False
    kinds = writer.get("type") if isinstance(writer, dict) else None
    kinds = [kinds] if isinstance(kinds, str) else kinds
    return isinstance(kinds, list) and bool(kinds) and set(kinds) <= _SCALARS


@handles(r.REQUEST_BODY_BECAME_REQUIRED)
def _request_body(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    old_body, new_body = request_body(old), request_body(new)
    if new_body is None:
        return
    if new_body.node.get("required") is True and not (
        old_body is not None and old_body.node.get("required") is True
    ):
        yield r.REQUEST_BODY_BECAME_REQUIRED.report(
            B,
            f"{old.label} request",
            ctx.old.locate(old_body.pointer if old_body else old.pointer),
            ctx.new.locate(new_body.pointer),
            operation=old.label,
        )
    if old_body is not None:
        yield from _media_types(ctx, old, old_body, new_body, Side.REQUEST, "request")


@handles(r.RESPONSE_STATUS_REMOVED)
def _responses(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    for status, old_r, new_r in matched(responses(old), responses(new)):
        if old_r is None:
            continue
        if new_r is None:
            success = status.startswith("2")
            yield r.RESPONSE_STATUS_REMOVED.report(
                B,
                f"{old.label} {status}",
                ctx.old.locate(old_r.pointer),
                ctx.new.locate(child(new.pointer, "responses")),
                None if success else Severity.INFO,
                operation=old.label,
                status=status,
            )
        else:
            yield from _media_types(ctx, old, old_r, new_r, Side.RESPONSE, status)
            yield from exchange.response_parts(ctx, old, status, old_r, new_r)


@handles(
    r.REQUEST_ENUM_VALUE_REMOVED,
    r.REQUEST_MEDIA_TYPE_REMOVED,
    r.REQUEST_PROPERTY_BECAME_REQUIRED,
    r.REQUEST_PROPERTY_TYPE_CHANGED,
    r.REQUEST_SCHEMA_CHANGED,
    r.RESPONSE_ENUM_VALUE_ADDED,
    r.RESPONSE_MEDIA_TYPE_REMOVED,
    r.RESPONSE_PROPERTY_BECAME_OPTIONAL,
    r.RESPONSE_PROPERTY_REMOVED,
    r.RESPONSE_PROPERTY_TYPE_CHANGED,
    r.RESPONSE_SCHEMA_CHANGED,
)
def _media_types(
    ctx: Context, op: Operation, old: Body, new: Body, side: Side, part: str
) -> Iterator[Finding]:
    rule = r.REQUEST_MEDIA_TYPE_REMOVED if side is Side.REQUEST else r.RESPONSE_MEDIA_TYPE_REMOVED
    what = "request body" if side is Side.REQUEST else f"response {part}"
    for media, old_ptr, new_ptr in matched(old.media_types, new.media_types):
        subject = f"{op.label} {part} {media}"
        if old_ptr is None:
            continue
        if new_ptr is None:
            yield told(
                rule,
                op.pointer,
                old_ptr,
                f"{op.label} {part}" if side is Side.RESPONSE else op.label,
                subject,
                ctx.old.locate(old_ptr),
                ctx.new.locate(new.pointer),
                media=media,
                what=what,
            )
        elif old_ptr.endswith("/schema") and new_ptr.endswith("/schema"):
            yield from compare(
                ctx.views,
                side,
                SchemaAt(ctx.old, old_ptr),
                SchemaAt(ctx.new, new_ptr),
                subject,
                f"{op.label} {what} {media}",
                ctx.policy,
                op.pointer,
            )
            yield from exchange.property_events(
                ctx, op, side, old_ptr, new_ptr, f"{op.label} {what} {media}"
            )


@handles(r.SECURITY_CHANGED)
def _security(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    before, after = security(old), security(new)
    if before != after:
        yield r.SECURITY_CHANGED.report(
            B,
            f"{old.label} security",
            ctx.old.locate(old.pointer),
            ctx.new.locate(new.pointer),
            operation=old.label,
            old=_alternatives(before),
            new=_alternatives(after),
        )


def _alternatives(alternatives: tuple[str, ...]) -> str:
    return " | ".join(alternatives) if alternatives else "none"


@handles(r.OPERATION_DEPRECATED)
def _deprecated(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    if new.deprecated and not old.deprecated:
        yield r.OPERATION_DEPRECATED.report(
            B,
            old.label,
            ctx.old.locate(old.pointer),
            ctx.new.locate(child(new.pointer, "deprecated")),
            operation=old.label,
        )


@handles(r.SUNSET_CHANGED)
def _sunset(ctx: Context, old: Operation, new: Operation) -> Iterator[Finding]:
    before = lifecycle.date(old.node.get("x-sunset"))
    after = lifecycle.date(new.node.get("x-sunset"))
    if after is None or after == before:
        return
    if after < ctx.today:
        severity, variant = Severity.WARNING, "past"
    elif before is not None and after < before:
        severity, variant = Severity.WARNING, "earlier"
    else:
        severity, variant = Severity.INFO, ""
    values = {"new": after.isoformat(), **({"old": before.isoformat()} if before else {})}
    yield r.SUNSET_CHANGED.report(
        B,
        f"{old.label} sunset",
        ctx.old.locate(old.pointer),
        ctx.new.locate(child(new.pointer, "x-sunset")),
        severity,
        variant,
        operation=old.label,
        **values,
    )
