"""The rest of an exchange: parameter defaults, request properties removed and properties
deprecated (`properties`), response headers, links, and callbacks (compared with the sides
reversed: the service sends the callback request, the client reads it).

Every function judges one matched pair (BACKWARD view: old clients, new service), as in `checks`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

from stele.compat.apidocs import Document, child, matched
from stele.compat.handlers import handles
from stele.compat.model import Direction, Finding
from stele.compat.openapi import rules_exchange as xr
from stele.compat.openapi import rules_lifecycle as lr
from stele.compat.openapi.context import Context
from stele.compat.openapi.pairing import METHODS, Body, Operation, Parameter
from stele.compat.openapi.schemas import SHARED_LABEL, Side, compare, told
from stele.compat.openapi.told_back import told_back
from stele.compat.schema_bridge import SchemaAt
from stele.diagnostics import Severity

B = Direction.BACKWARD
# How an operation pair is judged (`checks.operation_findings`); callbacks judge theirs with it.
Judge = Callable[[Context, Operation, Operation], list[Finding]]
_MISSING = object()


@handles(xr.PARAMETER_DEFAULT_CHANGED)
def parameter_default(
    ctx: Context, op: Operation, old_p: Parameter, new_p: Parameter, subject: str
) -> Iterator[Finding]:
    old_schema, new_schema = old_p.schema_pointer, new_p.schema_pointer
    if old_schema is None or new_schema is None:
        return
    old_ptr, old_node = ctx.old.resolve(old_schema)
    new_ptr, new_node = ctx.new.resolve(new_schema)
    before = old_node.get("default", _MISSING) if isinstance(old_node, dict) else _MISSING
    after = new_node.get("default", _MISSING) if isinstance(new_node, dict) else _MISSING
    if before == after or (before is _MISSING and after is _MISSING):
        return
    if before is _MISSING:
        variant, at = "added", child(new_ptr, "default")
    elif after is _MISSING:
        variant, at = "removed", new_ptr
    else:
        variant, at = "", child(new_ptr, "default")
    values = {"old": repr(before)} if before is not _MISSING else {}
    values.update({"new": repr(after)} if after is not _MISSING else {})
    yield told(
        xr.PARAMETER_DEFAULT_CHANGED,
        op.pointer,
        old_ptr,
        op.label,
        f"{subject} default",
        ctx.old.locate(old_ptr),
        ctx.new.locate(at),
        None,
        "",
        variant,
        parameter=old_p.label,
        **values,
    )


@handles(lr.PROPERTY_DEPRECATED, xr.REQUEST_PROPERTY_REMOVED)
def property_events(
    ctx: Context, op: Operation, side: Side, old_ptr: str, new_ptr: str, context: str
) -> Iterator[Finding]:
    """Request properties removed from objects that stay open, properties newly deprecated."""
    if ctx.callback:
        return  # a callback's sender may add properties, and deprecations read backwards there
    old_doc, new_doc = ctx.views.of(ctx.old, side), ctx.views.of(ctx.new, side)
    for event in ctx.properties.events(old_doc, old_ptr, new_doc, new_ptr):
        if event.kind == "removed" and side is Side.REQUEST:
            rule = xr.REQUEST_PROPERTY_REMOVED
        elif event.kind == "deprecated":
            rule = lr.PROPERTY_DEPRECATED
        else:
            continue
        yield told(
            rule,
            op.pointer,
            event.old,
            context,
            f"{context} #{event.old}",
            ctx.old.locate(event.old),
            ctx.new.locate(event.new),
            None,
            SHARED_LABEL[side],
            property=str(event.name),
        )


def response_parts(
    ctx: Context, op: Operation, status: str, old: Body, new: Body
) -> Iterator[Finding]:
    yield from _headers(ctx, op, status, old, new)
    yield from _links(ctx, op, status, old, new)


def _map(doc: Document, pointer: str, key: str) -> dict[str, tuple[str, Any]]:
    """The entries of a map under `pointer` (headers, links, callbacks), each resolved: name ->
    (pointer, node). Header names match ignoring case, as HTTP has them."""
    raw = doc.get(child(pointer, key))
    found = {}
    for name in raw if isinstance(raw, dict) else {}:
        at, node = doc.resolve(child(pointer, key, name))
        if isinstance(node, dict):
            found[str(name).lower() if key == "headers" else str(name)] = (at, node)
    return found


def _name(pointer: str) -> str:
    """The last token of a pointer: a header's name as written."""
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


@handles(
    xr.RESPONSE_HEADER_BECAME_OPTIONAL,
    xr.RESPONSE_HEADER_REMOVED,
    xr.RESPONSE_HEADER_SCHEMA_CHANGED,
)
def _headers(ctx: Context, op: Operation, status: str, old: Body, new: Body) -> Iterator[Finding]:
    context = f"{op.label} response {status}"
    for name, before, after in matched(
        _map(ctx.old, old.pointer, "headers"), _map(ctx.new, new.pointer, "headers")
    ):
        if before is None:
            continue
        (old_ptr, old_node), required = before, before[1].get("required") is True
        name = _name(old_ptr) if "/headers/" in old_ptr else name
        subject = f"{op.label} {status} header {name}"
        if after is None:
            yield told(
                xr.RESPONSE_HEADER_REMOVED,
                op.pointer,
                old_ptr,
                context,
                subject,
                ctx.old.locate(old_ptr),
                ctx.new.locate(new.pointer),
                None if required else Severity.WARNING,
                requirement="required" if required else "optional",
                name=name,
            )
            continue
        new_ptr, new_node = after
        if required and new_node.get("required") is not True:
            yield told(
                xr.RESPONSE_HEADER_BECAME_OPTIONAL,
                op.pointer,
                old_ptr,
                context,
                subject,
                ctx.old.locate(old_ptr),
                ctx.new.locate(new_ptr),
                name=name,
            )
        if isinstance(old_node.get("schema"), dict) and isinstance(new_node.get("schema"), dict):
            yield from compare(
                ctx.views,
                Side.RESPONSE,
                SchemaAt(ctx.old, child(old_ptr, "schema")),
                SchemaAt(ctx.new, child(new_ptr, "schema")),
                subject,
                f"{context} header {name}",
                ctx.policy,
                op.pointer,
                xr.RESPONSE_HEADER_SCHEMA_CHANGED,
            )


@handles(xr.RESPONSE_LINK_CHANGED)
def _links(ctx: Context, op: Operation, status: str, old: Body, new: Body) -> Iterator[Finding]:
    context = f"{op.label} response {status}"
    for name, before, after in matched(
        _map(ctx.old, old.pointer, "links"), _map(ctx.new, new.pointer, "links")
    ):
        if before is None:
            continue
        old_ptr, old_node = before
        target = _target(old_node)
        if after is None:
            variant, at, values = "removed", ctx.new.locate(new.pointer), {}
        elif _target(after[1]) != target:
            variant, at = "", ctx.new.locate(after[0])
            values = {"old": str(target), "new": str(_target(after[1]))}
        else:
            continue
        yield told(
            xr.RESPONSE_LINK_CHANGED,
            op.pointer,
            old_ptr,
            context,
            f"{op.label} {status} link {name}",
            ctx.old.locate(old_ptr),
            at,
            None,
            "",
            variant,
            name=str(name),
            **values,
        )


def _target(link: dict[str, Any]) -> str:
    for key in ("operationId", "operationRef"):
        if isinstance(link.get(key), str):
            return f"{key} {link[key]}"
    return "nothing"


@handles(xr.CALLBACK_REMOVED)
def callbacks(ctx: Context, old: Operation, new: Operation, judge: Judge) -> Iterator[Finding]:
    """Callbacks by name, their operations by expression and method. The service sends a
    callback's request and the client reads it: the pair is judged by the operation rules with
    the documents swapped (`judge`: `checks.operation_findings`), then told back in the
    documents' order (`told_back`: the words; the locations swapped here)."""
    if ctx.callback:
        return  # callbacks of callbacks are not judged (a $ref cycle would never end)
    old_cbs, new_cbs = (
        _map(ctx.old, old.pointer, "callbacks"),
        _map(ctx.new, new.pointer, "callbacks"),
    )
    reversed_ctx: Context | None = None
    for name, before, after in matched(old_cbs, new_cbs):
        if before is None:
            continue
        old_ops = _callback_operations(ctx.old, before[0], before[1])
        new_ops = _callback_operations(ctx.new, after[0], after[1]) if after else {}
        prefix = f"{old.label} callback {name}"
        for _key, old_cb, new_cb in matched(old_ops, new_ops):
            if old_cb is None:
                continue
            if new_cb is None:
                if ctx.swapped:
                    continue  # FORWARD: a callback the new document adds; old clients lack it
                yield xr.CALLBACK_REMOVED.report(
                    B,
                    f"{prefix} {old_cb.label}",
                    ctx.old.locate(old_cb.pointer),
                    ctx.new.locate(new.pointer),
                    None,
                    "" if after is None else "operation",
                    operation=old.label,
                    callback=str(name),
                    callback_operation=old_cb.label,
                )
                continue
            if reversed_ctx is None:
                reversed_ctx = dataclasses.replace(
                    ctx,
                    old=ctx.new,
                    new=ctx.old,
                    swapped=not ctx.swapped,
                    _new_ids=None,
                    callback=True,
                )
            for f in judge(reversed_ctx, new_cb, old_cb):
                yield dataclasses.replace(
                    told_back(f).framed(before=f"{prefix}: "),
                    subject=f"{prefix} {f.subject}",
                    old=f.new,
                    new=f.old,
                    reached_by=tuple(f"{prefix} {r}" for r in f.reached_by),
                )


def _callback_operations(
    doc: Document, pointer: str, node: dict[str, Any]
) -> dict[tuple[str, str], Operation]:
    found = {}
    for expression in node:
        item_ptr, item = doc.resolve(child(pointer, expression))
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            if isinstance(item.get(method), dict):
                op_ptr = child(item_ptr, method)
                found[(str(expression), method)] = Operation(
                    doc, str(expression), method, op_ptr, item[method]
                )
    return found
