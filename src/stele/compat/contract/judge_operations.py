"""The judges of operations: removed, restyled, rebound to other messages or channels, and
their gRPC bindings. A change is judged in the formats that carry the operation on either side:
Protobuf (a gRPC method), OpenAPI (an HTTP binding), AsyncAPI (an asynchronous style).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.context import ERROR, INFO, OK, TITLE, Context, Read, Structural, read
from stele.compat.model import Direction
from stele.ir import Operation, Role, Style

B = Direction.BACKWARD
_ASYNC = ("asyncapi",)


def operation_formats(op: Operation | None) -> tuple[str, ...]:
    if op is None:
        return ()
    if op.style is Style.REQUEST_RESPONSE:
        bound = (("protobuf", op.grpc), ("openapi", op.http is not None))
        return tuple(fmt for fmt, carried in bound if carried)
    return ("asyncapi",)


def operation(
    by_direction: Callable[[ContractChange, Direction, Context], Read],
    only: tuple[str, ...] | None = None,
) -> Structural:
    """A change judged in the formats that carry the operation on either side."""

    def judge(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
        carried = {
            f
            for side in (False, True)
            for f in operation_formats(ctx.operation(change.element, side))
        }
        if only is not None:
            carried &= set(only)
        if fmt not in carried:
            return read(
                OK, "contract.operation-not-carried", format=TITLE[fmt], element=change.element
            )
        ctx.fmt = fmt
        return by_direction(change, direction, ctx)

    return judge


def _op_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    old = ctx.operation(change.element, False)
    twin = _twin(old, ctx) if old is not None else None
    if twin is not None and (
        old is None or old.style is not Style.REQUEST_RESPONSE or ctx.fmt != "protobuf"
    ):
        return read(OK, "contract.op-removed.1", twin=twin, element=change.element)
    if old is not None and old.style is not Style.REQUEST_RESPONSE and old.role is Role.SEND:
        return read(OK, "contract.op-removed.2", message=old.message, element=change.element)
    if direction is B:
        return read(ERROR, "contract.op-removed.3", element=change.element)
    return read(OK, "contract.op-removed.4", element=change.element)


def _twin(old: Operation, ctx: Context) -> str | None:
    """A new operation, under another name, bound to what `old` was bound to."""
    for op in ctx.new.operations():
        if op.qualified_name == old.qualified_name:
            continue
        if old.style is Style.REQUEST_RESPONSE:
            if (
                old.http
                and op.http
                and (op.http.method, template(op.http.path))
                == (
                    old.http.method,
                    template(old.http.path),
                )
            ):
                return op.qualified_name
        elif (op.role, op.message, address(op.channel, ctx, True)) == (
            old.role,
            old.message,
            address(old.channel, ctx, False),
        ):
            return op.qualified_name
    return None


def template(path: str) -> str:
    """A path with its parameter names blanked: what a client actually calls."""
    return re.sub(r"\{[^}]*\}", "{}", path)


def address(channel: str | None, ctx: Context, new_side: bool) -> str | None:
    if channel is None:
        return None
    found = ctx.project(new_side).channels.get(channel)
    return found.address if found is not None else channel


def _op_changed(what: str) -> Callable[[ContractChange, Direction, Context], Read]:
    def judge(change: ContractChange, direction: Direction, ctx: Context) -> Read:
        clients = "existing clients" if direction is B else "new clients of the old service"
        return read(
            ERROR,
            "contract.operation-changed",
            clients=clients,
            element=change.element,
            attribute=what,
            expected=change.old if direction is B else change.new,
            actual=change.new if direction is B else change.old,
        )

    return judge


def _op_info(what: str) -> Callable[[ContractChange, Direction, Context], Read]:
    def judge(change: ContractChange, direction: Direction, ctx: Context) -> Read:
        return read(
            INFO,
            "contract.operation-info",
            attribute=what,
            element=change.element,
            old=change.old,
            new=change.new,
        )

    return judge


def _reply(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    """Requesters read the reply: in backward the requesters are on the new version and the
    service on the old one; in forward the other way round. Modelled or not, they exist."""
    requesters, service = ("new", "old") if direction is B else ("old", "new")
    expected, sent = (change.new, change.old) if direction is B else (change.old, change.new)
    if expected is None:
        return read(
            OK, "contract.reply.1", requesters=requesters, element=change.element, sent=sent
        )
    if sent is None:
        return read(
            ERROR,
            "contract.reply.2",
            requesters=requesters,
            element=change.element,
            expected=expected,
            service=service,
        )
    return read(
        ERROR,
        "contract.reply.3",
        requesters=requesters,
        element=change.element,
        expected=expected,
        sent=sent,
        service=service,
    )


def _async_style(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    old, new = ctx.operation(change.element, False), ctx.operation(change.element, True)
    sync = Style.REQUEST_RESPONSE
    if old is not None and new is not None and old.style is not sync and new.style is not sync:
        return read(OK, "contract.async-style")
    return _op_changed("the style")(change, direction, ctx)


def _reply_channel(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if change.old is None or change.new is None:
        return read(OK, "contract.reply-channel.1")
    if address(change.old, ctx, False) == address(change.new, ctx, True):
        return read(OK, "contract.reply-channel.2")
    return _op_changed("replies on")(change, direction, ctx)


def _op_channel(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if address(change.old, ctx, False) == address(change.new, ctx, True):
        return read(OK, "contract.op-channel", new=change.new, old=change.old)
    return _op_changed("the channel")(change, direction, ctx)


def _errors(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    return read(OK, "contract.errors", element=change.element, old=change.old, new=change.new)


def _deprecated(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if change.new is not None:
        return read(OK, "contract.deprecated.1", element=change.element, new=change.new)
    return read(OK, "contract.deprecated.2", element=change.element)


def _grpc_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if direction is B:
        return read(ERROR, "contract.grpc-removed.1", element=change.element)
    return read(OK, "contract.grpc-removed.2", element=change.element)


JUDGES: dict[str, Structural] = {
    "operation-removed": operation(_op_removed),
    "operation-style-changed": operation(_async_style),
    "operation-role-changed": operation(
        lambda c, d, x: read(OK, "contract.role-changed", element=c.element)
    ),
    "operation-request-changed": operation(_op_changed("the request")),
    "operation-response-changed": operation(_op_changed("the response")),
    "operation-message-changed": operation(_op_changed("the message")),
    "operation-channel-changed": operation(_op_channel),
    "operation-reply-channel-changed": operation(_reply_channel),
    "operation-reply-changed": operation(_reply, only=_ASYNC),
    "operation-errors-changed": operation(_errors, only=("openapi",)),
    "operation-window-changed": operation(_op_info("the reply window"), only=_ASYNC),
    "operation-uses-added": operation(_op_info("what the operation uses"), only=_ASYNC),
    "operation-uses-removed": operation(_op_info("what the operation uses"), only=_ASYNC),
    "operation-deprecated-changed": operation(_deprecated, only=("openapi",)),
    "grpc-binding-removed": operation(_grpc_removed, only=("protobuf",)),
}
