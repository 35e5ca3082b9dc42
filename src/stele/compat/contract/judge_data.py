"""Data changes (fields, enum symbols, union variants, bodies, headers): who reads what.

A format family's judge (`judge_avro`, `judge_protobuf`, `judge_json`) says what one reader does
with one writer's data; this module finds the readers that meet the other version's data in each
format's role model (`judges`) and names them in the verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.context import OK, TITLE, Context, Read, phrase, read
from stele.compat.contract.holders import Holding
from stele.compat.model import Direction
from stele.ir import Scalar

B = Direction.BACKWARD


def _held_type(change: ContractChange) -> str | None:
    for key in ("record", "enum", "union"):
        if key in change.detail:
            return str(change.detail[key])
    if change.kind.startswith(("type-", "enum-default", "union-discriminator")):
        return change.element
    return None


def _messages(change: ContractChange, ctx: Context) -> tuple[str, ...]:
    if change.kind.startswith("header-"):
        return (str(change.detail.get("message", "")),)
    if change.kind.startswith("message-"):
        return (change.element,)
    held = _held_type(change)
    return () if held is None else ctx.holding(held).messages


def _holding(change: ContractChange, ctx: Context) -> Holding:
    held = _held_type(change)
    return Holding() if held is None else ctx.holding(held)


def _exposures(
    change: ContractChange, fmt: str, direction: Direction, ctx: Context
) -> dict[bool, list[str]]:
    """Readers that meet the other version's data: reader on the new version? -> who they are."""
    out: dict[bool, list[str]] = {}
    backward = direction is B

    def add(reader_new: bool, who: str) -> None:
        if who not in out.setdefault(reader_new, []):
            out[reader_new].append(who)

    version = "new" if backward else "old"
    other = "old" if backward else "new"
    if fmt in ("avro", "protobuf", "jsonschema"):
        if change.kind.startswith("header-") and fmt != "jsonschema":
            return out
        messages = _messages(change, ctx)
        holding = _holding(change, ctx)
        if messages:
            add(backward, phrase("readers.consumers", of=_names(messages), version=version))
        # gRPC: the server reads its clients' requests, the clients read its responses (of the
        # operations that are gRPC methods: `grpc: false` makes one HTTP only).
        rpc_requests = [op for op in holding.requests if _has_grpc(op, ctx)]
        rpc_responses = [op for op in holding.responses if _has_grpc(op, ctx)]
        if fmt == "protobuf" and (rpc_requests or rpc_responses):
            if rpc_requests:
                add(
                    backward,
                    phrase("readers.grpc-server", of=_names(rpc_requests), version=version),
                )
            if rpc_responses:
                add(
                    not backward,
                    phrase("readers.grpc-clients", of=_names(rpc_responses), version=other),
                )
        elif not messages:
            ops = (*holding.requests, *holding.responses)
            subject = _names(ops) if ops else str(_held_type(change) or change.element)
            add(backward, phrase("readers.readers", of=subject, version=version))
        return out
    if fmt == "openapi":
        holding = _holding(change, ctx)
        servers = [
            op
            for op in holding.requests
            if _has_http(op, ctx) and not _url_parameter_unaffected(change, op, backward, ctx)
        ]
        clients = [op for op in holding.responses if _has_http(op, ctx)]
        if servers:
            add(backward, phrase("readers.server", of=_names(servers), version=version))
        if clients:
            add(not backward, phrase("readers.clients", of=_names(clients), version=other))
        return out
    # AsyncAPI: the receivers of a message read it, modelled in the project or not.
    messages = _messages(change, ctx)
    if messages:
        add(backward, phrase("readers.receivers", of=_names(messages), version=version))
    return out


def _url_parameter_unaffected(
    change: ContractChange, op_name: str, server_new: bool, ctx: Context
) -> bool:
    """A request field bound to the URL travels as text: a path parameter's presence is the
    path's business (judged by the http-* changes), and a server that reads the parameter as a
    plain string accepts whatever text old or new clients put there."""
    if not change.kind.startswith("field-"):
        return False
    names = {str(change.detail.get("field", "")), change.old or "", change.new or ""}
    for new_side in (False, True):
        op = ctx.operation(op_name, new_side)
        if op is None or op.http is None or op.request != change.detail.get("record"):
            continue
        bound = set(op.http.path_params) | set(op.http.query_params)
        if not names & bound:
            continue
        if names & set(op.http.path_params) and change.kind in ("field-added", "field-removed"):
            return True
        reader = ctx.field(change, server_new)
        if change.kind == "field-type-changed" and reader is not None:
            return isinstance(reader.type, Scalar) and reader.type.name == "string"
    return False


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _has_grpc(op_name: str, ctx: Context) -> bool:
    return any(
        (op := ctx.operation(op_name, side)) is not None and op.grpc for side in (False, True)
    )


def _has_http(op_name: str, ctx: Context) -> bool:
    return any(
        (op := ctx.operation(op_name, side)) is not None and op.http is not None
        for side in (False, True)
    )


def judge(
    change: ContractChange,
    fmt: str,
    direction: Direction,
    ctx: Context,
    family_judge: Callable[[ContractChange, bool, Context], Read],
) -> Read:
    exposures = _exposures(change, fmt, direction, ctx)
    if not exposures:
        return read(OK, "contract.no-artifact", format=TITLE[fmt], element=change.element)
    found: Read | None = None
    ctx.fmt = fmt
    for reader_new, whos in sorted(exposures.items()):
        told = family_judge(change, reader_new, ctx).told(readers=" and ".join(whos))
        found = told if found is None else found.worse(told)
    assert found is not None
    return found
