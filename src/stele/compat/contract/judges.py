"""The judges: a verdict for each contract change x format x direction, with who breaks and how.

Data changes (fields, enum symbols, union variants, bodies, headers) are judged by the format
family's resolution rules (`judge_avro`, `judge_protobuf`, `judge_json`) for one reader and one
writer. Which reader meets which writer is the format's role model:

- Avro, Protobuf, JSON Schema: backward = readers on the new version read data written on the
  old one; forward = readers on the old version read new data.
- OpenAPI: in backward an existing (old) client talks to the new server, so requests are read by
  the new server and responses by old clients; forward is the other way round.
- AsyncAPI: the receivers of a message read it. A message a modelled service receives is read
  by the new application in backward; a message it sends (events it publishes, replies to the
  requests it receives) is read by old receivers in backward, whether or not they are modelled.

Contract structure (messages, channels, operations, HTTP bindings) is judged here, where each
format carries it. Every verdict names a catalogued rule (`stele rules contract-...`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from stele.compat.contract import judge_avro, judge_graphql, judge_json, judge_protobuf
from stele.compat.contract.changes import ContractChange, field_type_text
from stele.compat.contract.context import (
    ERROR,
    INFO,
    OK,
    WARNING,
    Context,
    Policy,
    Read,
    phrase,
    read,
)
from stele.compat.contract.holders import Holding
from stele.compat.contract.judge_json import is_required
from stele.compat.contract.verdicts import Verdict, verdict
from stele.compat.model import Direction
from stele.diagnostics import Severity
from stele.ir import Operation, Project, Record, Role, Scalar, Style

__all__ = ["FORMATS", "Policy", "Verdict", "judge", "judge_all"]

FORMATS = ("protobuf", "avro", "jsonschema", "openapi", "asyncapi")
JSON_FORMATS = ("jsonschema", "openapi", "asyncapi")
B, F = Direction.BACKWARD, Direction.FORWARD


def judge(
    change: ContractChange,
    fmt: str,
    direction: Direction,
    policy: Policy,
    old: Project,
    new: Project,
) -> Verdict:
    """The verdict on one change for one format and direction."""
    return _judge(change, fmt, direction, _context(old, new, policy))


def judge_all(
    changes: list[ContractChange],
    formats: Sequence[str],
    directions: Sequence[Direction],
    policy: Policy,
    old: Project,
    new: Project,
) -> list[Verdict]:
    """Every verdict, change by change (in the changes' order), then format, then direction."""
    ctx = _context(old, new, policy)
    return [
        _judge(change, fmt, direction, ctx)
        for change in changes
        for fmt in formats
        for direction in directions
    ]


_LAST: list[tuple[Project, Project, Policy, Context]] = []


def _context(old: Project, new: Project, policy: Policy) -> Context:
    """One context per pair of projects and policy: `judge` called change by change reuses the
    reverse indexes of the last pair."""
    for o, n, p, ctx in _LAST:
        if o is old and n is new and p == policy:
            return ctx
    ctx = Context(old, new, policy)
    _LAST[:] = [(old, new, policy, ctx)]
    return ctx


def _judge(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Verdict:
    if fmt == "graphql":  # its own schema model, judged as graphql-core would (judge_graphql)
        return verdict(change, fmt, direction, judge_graphql.judge(change, direction, ctx))
    if fmt not in _FAMILY:
        raise ValueError(f"no contract judge for format {fmt!r} (one of {', '.join(FORMATS)})")
    family = _FAMILY[fmt].JUDGES
    structural = _STRUCTURAL.get(change.kind)
    if change.kind in family and not (change.kind == "type-renamed" and fmt in JSON_FORMATS):
        found = _data(change, fmt, direction, ctx, family[change.kind])
    elif structural is not None:
        found = structural(change, fmt, direction, ctx)
    else:
        found = read(OK, _NEUTRAL.get(change.kind, "contract.unreached"))
    hint: dict[str, str] = {}
    if change.kind == "field-removed" and found.severity is not None:
        hint = _rename_hint(change, ctx)
    return verdict(change, fmt, direction, found, hint)


def _rename_hint(change: ContractChange, ctx: Context) -> dict[str, str]:
    """A field removed while one of its type was added to the record may be a rename that
    forgot `renamed_from`: say so, naming the added field (the values of the hint's template)."""
    record_name = str(change.detail.get("record", ""))
    new, old = ctx.new.types.get(record_name), ctx.old.types.get(ctx.old_name_of(record_name))
    if not isinstance(new, Record) or not isinstance(old, Record):
        return {}
    added = [
        f.name for f in new.fields if old.field(f.name) is None and field_type_text(f) == change.old
    ]
    if not added:
        return {}
    return {"added_field": added[0], "removed_field": str(change.detail.get("field", ""))}


_FAMILY = {
    "avro": judge_avro,
    "protobuf": judge_protobuf,
    "jsonschema": judge_json,
    "openapi": judge_json,
    "asyncapi": judge_json,
}

# ---------------------------------------------------------------------------------------------
# Data changes: who reads what
# ---------------------------------------------------------------------------------------------


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


def _data(
    change: ContractChange,
    fmt: str,
    direction: Direction,
    ctx: Context,
    family_judge: Callable[[ContractChange, bool, Context], Read],
) -> Read:
    exposures = _exposures(change, fmt, direction, ctx)
    if not exposures:
        return read(OK, "contract.no-artifact", format=_TITLE[fmt], element=change.element)
    found: Read | None = None
    ctx.fmt = fmt
    for reader_new, whos in sorted(exposures.items()):
        told = family_judge(change, reader_new, ctx).told(readers=" and ".join(whos))
        found = told if found is None else found.worse(told)
    assert found is not None
    return found


_TITLE = {
    "protobuf": "Protobuf",
    "avro": "Avro",
    "jsonschema": "JSON Schema",
    "openapi": "OpenAPI",
    "asyncapi": "AsyncAPI",
    "graphql": "GraphQL",
}

# ---------------------------------------------------------------------------------------------
# Structure: messages, channels, services, operations, HTTP bindings
# ---------------------------------------------------------------------------------------------

Structural = Callable[[ContractChange, str, Direction, Context], Read]


def _in(formats: tuple[str, ...], by_direction: dict[Direction, Read]) -> Structural:
    def judge(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
        if fmt not in formats:
            return read(OK, "contract.format-not-carrying", format=_TITLE[fmt])
        said = by_direction[direction]
        return said.told(element=change.element, old=change.old, new=change.new)

    return judge


def _both(formats: tuple[str, ...], severity: Severity | None, phrase: str) -> Structural:
    return _in(formats, {B: read(severity, phrase), F: read(severity, phrase)})


def _operation_formats(op: Operation | None) -> tuple[str, ...]:
    if op is None:
        return ()
    if op.style is Style.REQUEST_RESPONSE:
        bound = (("protobuf", op.grpc), ("openapi", op.http is not None))
        return tuple(fmt for fmt, carried in bound if carried)
    return ("asyncapi",)


def _operation(
    by_direction: Callable[[ContractChange, Direction, Context], Read],
    only: tuple[str, ...] | None = None,
) -> Structural:
    """A change judged in the formats that carry the operation on either side."""

    def judge(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
        carried = {
            f
            for side in (False, True)
            for f in _operation_formats(ctx.operation(change.element, side))
        }
        if only is not None:
            carried &= set(only)
        if fmt not in carried:
            return read(
                OK, "contract.operation-not-carried", format=_TITLE[fmt], element=change.element
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
                and (op.http.method, _template(op.http.path))
                == (
                    old.http.method,
                    _template(old.http.path),
                )
            ):
                return op.qualified_name
        elif (op.role, op.message, _address(op.channel, ctx, True)) == (
            old.role,
            old.message,
            _address(old.channel, ctx, False),
        ):
            return op.qualified_name
    return None


def _template(path: str) -> str:
    """A path with its parameter names blanked: what a client actually calls."""
    import re

    return re.sub(r"\{[^}]*\}", "{}", path)


def _address(channel: str | None, ctx: Context, new_side: bool) -> str | None:
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
    if _address(change.old, ctx, False) == _address(change.new, ctx, True):
        return read(OK, "contract.reply-channel.2")
    return _op_changed("replies on")(change, direction, ctx)


def _op_channel(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if _address(change.old, ctx, False) == _address(change.new, ctx, True):
        return read(OK, "contract.op-channel", new=change.new, old=change.old)
    return _op_changed("the channel")(change, direction, ctx)


def _errors(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    return read(OK, "contract.errors", element=change.element, old=change.old, new=change.new)


def _deprecated(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if change.new is not None:
        return read(OK, "contract.deprecated.1", element=change.element, new=change.new)
    return read(OK, "contract.deprecated.2", element=change.element)


def _http(by_direction: Callable[[ContractChange, Direction, Context], Read]) -> Structural:
    return _operation(by_direction, only=("openapi",))


def _http_moved(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    what = change.kind.removeprefix("http-").removesuffix("-changed")
    if what == "path" and _template(change.old or "") == _template(change.new or ""):
        return read(OK, "contract.http-moved.1", new=change.new)
    call, serve = (change.old, change.new) if direction is B else (change.new, change.old)
    clients, server = ("existing", "new") if direction is B else ("new", "old")
    return read(
        ERROR,
        "contract.http-moved.2",
        clients=clients,
        element=change.element,
        attribute=what,
        call=call,
        server=server,
        serve=serve,
    )


def _binding_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if direction is B:
        return read(ERROR, "contract.binding-removed.1", element=change.element, old=change.old)
    return read(OK, "contract.binding-removed.2", element=change.element)


def _file_option(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    """buf's FILE category judges the generated code; the wire and JSON categories do not
    see file options, as the encodings do not change."""
    if fmt != "protobuf":
        return read(OK, "contract.file-option.1", format=_TITLE[fmt])
    if ctx.policy.protobuf != "file":
        return read(OK, "contract.file-option.2")
    was, now = change.old or "unset", change.new or "unset"
    return read(ERROR, "contract.file-option.3", element=change.element, was=was, now=now)


def _grpc_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if direction is B:
        return read(ERROR, "contract.grpc-removed.1", element=change.element)
    return read(OK, "contract.grpc-removed.2", element=change.element)


def _request_field_required(change: ContractChange, ctx: Context, new_side: bool) -> bool:
    op = ctx.operation(change.element, new_side)
    param = str(change.detail.get("parameter", ""))
    record = ctx.project(new_side).types.get(op.request or "") if op is not None else None
    f = getattr(record, "field", lambda _: None)(param)
    return f is not None and is_required(f)


def _path_renamed(change: ContractChange, ctx: Context) -> bool:
    old, new = ctx.operation(change.element, False), ctx.operation(change.element, True)
    return (
        old is not None
        and new is not None
        and old.http is not None
        and new.http is not None
        and _template(old.http.path) == _template(new.http.path)
        and "path" in (change.old or change.new or "")
    )


def _parameter_added(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    param = change.new
    if _path_renamed(change, ctx):
        return read(OK, "contract.parameter-added.1", parameter=param)
    if direction is F:
        return read(OK, "contract.parameter-added.2", element=change.element, parameter=param)
    if _request_field_required(change, ctx, True):
        return read(ERROR, "contract.parameter-added.3", element=change.element, parameter=param)
    return read(OK, "contract.parameter-added.4", element=change.element, parameter=param)


def _parameter_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    param = change.old
    if _path_renamed(change, ctx):
        return read(OK, "contract.parameter-removed.1", parameter=param)
    if direction is B:
        return read(
            WARNING, "contract.parameter-removed.2", element=change.element, parameter=param
        )
    if _request_field_required(change, ctx, False):
        return read(ERROR, "contract.parameter-removed.3", element=change.element, parameter=param)
    return read(OK, "contract.parameter-removed.4", element=change.element, parameter=param)


def _parameter_moved(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    sent, taken = (change.old, change.new) if direction is B else (change.new, change.old)
    return read(ERROR, "contract.parameter-moved", element=change.element, sent=sent, read=taken)


def _expand_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if direction is B:
        return read(ERROR, "contract.expand-removed.1", element=change.element, old=change.old)
    return read(OK, "contract.expand-removed.2", old=change.old)


def _expand_added(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if direction is F:
        return read(WARNING, "contract.expand-added.1", element=change.element, new=change.new)
    return read(OK, "contract.expand-added.2", element=change.element, new=change.new)


def _status(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    return read(
        ERROR,
        "contract.status",
        element=change.element,
        expected=change.old if direction is B else change.new,
        actual=change.new if direction is B else change.old,
    )


def _channel_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    if fmt != "asyncapi":
        return read(OK, "contract.channel-removed.1", format=_TITLE[fmt])
    twin = next((c.name for c in ctx.new.channels.values() if c.address == change.old), None)
    if twin is not None:
        return read(OK, "contract.channel-removed.2", twin=twin, old=change.old)
    if direction is B:
        return read(ERROR, "contract.channel-removed.3", element=change.element)
    return read(OK, "contract.channel-removed.4", element=change.element)


def _message_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    if fmt not in ("avro", "jsonschema", "asyncapi"):
        return read(OK, "contract.message-removed.1", format=_TITLE[fmt])
    if direction is B:
        return read(ERROR, "contract.message-removed.2", element=change.element)
    return read(OK, "contract.message-removed.3", element=change.element)


def _service_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    service = ctx.old.services.get(change.element)
    formats = {f for op in (service.operations if service else ()) for f in _operation_formats(op)}
    formats.discard("openapi")  # OpenAPI has no service: each operation is judged
    if fmt not in formats:
        return read(OK, "contract.service-removed.1", format=_TITLE[fmt])
    if direction is B:
        return read(ERROR, "contract.service-removed.2", element=change.element)
    return read(OK, "contract.service-removed.3", element=change.element)


def _type_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    # A JSON Schema reader validates data, not schema files: a type nothing holds is no data.
    own_file = fmt == "avro" or (fmt == "protobuf" and ctx.policy.protobuf == "file")
    if own_file and direction is B:
        return read(ERROR, "contract.type-removed.1", format=_TITLE[fmt], element=change.element)
    return read(OK, "contract.type-removed.2", format=_TITLE[fmt], element=change.element)


def _type_renamed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    return read(OK, "contract.type-renamed", format=_TITLE[fmt])


_ASYNC = ("asyncapi",)
_STRUCTURAL: dict[str, Structural] = {
    "type-reservation-removed": _both(
        ("protobuf",),
        ERROR,
        "contract.type-reservation-removed",
    ),
    "type-removed": _type_removed,
    "type-renamed": _type_renamed,
    "message-removed": _message_removed,
    "message-kind-changed": _both(_ASYNC, OK, "contract.message-kind-changed"),
    "channel-removed": _channel_removed,
    "channel-address-changed": _both(_ASYNC, ERROR, "contract.channel-address-changed"),
    "channel-style-changed": _both(_ASYNC, WARNING, "contract.channel-style-changed"),
    "channel-message-added": _both(
        _ASYNC,
        OK,
        "contract.channel-message-added",
    ),
    "channel-message-removed": _in(
        _ASYNC,
        {
            B: read(ERROR, "contract.channel-message-removed.1"),
            F: read(OK, "contract.channel-message-removed.2"),
        },
    ),
    "service-removed": _service_removed,
    "operation-removed": _operation(_op_removed),
    "operation-style-changed": _operation(_async_style),
    "operation-role-changed": _operation(
        lambda c, d, x: read(OK, "contract.role-changed", element=c.element)
    ),
    "operation-request-changed": _operation(_op_changed("the request")),
    "operation-response-changed": _operation(_op_changed("the response")),
    "operation-message-changed": _operation(_op_changed("the message")),
    "operation-channel-changed": _operation(_op_channel),
    "operation-reply-channel-changed": _operation(_reply_channel),
    "operation-reply-changed": _operation(_reply, only=_ASYNC),
    "operation-errors-changed": _operation(_errors, only=("openapi",)),
    "operation-window-changed": _operation(_op_info("the reply window"), only=_ASYNC),
    "operation-uses-added": _operation(_op_info("what the operation uses"), only=_ASYNC),
    "operation-uses-removed": _operation(_op_info("what the operation uses"), only=_ASYNC),
    "operation-deprecated-changed": _operation(_deprecated, only=("openapi",)),
    "grpc-binding-removed": _operation(_grpc_removed, only=("protobuf",)),
    "package-file-option-changed": _file_option,
    "http-binding-removed": _http(_binding_removed),
    "http-method-changed": _http(_http_moved),
    "http-path-changed": _http(_http_moved),
    "http-status-changed": _http(_status),
    "http-parameter-added": _http(_parameter_added),
    "http-parameter-removed": _http(_parameter_removed),
    "http-parameter-moved": _http(_parameter_moved),
    "http-expand-added": _http(_expand_added),
    "http-expand-removed": _http(_expand_removed),
    "field-relation-changed": _both(("openapi",), INFO, "contract.field-relation-changed"),
}

# Kinds that never break a reader, with the reason the verdict gives.
_NEUTRAL = {
    "type-added": "contract.neutral.type-added",
    "message-added": "contract.neutral.message-added",
    "channel-added": "contract.neutral.channel-added",
    "channel-owner-changed": "contract.neutral.channel-owner-changed",
    "service-added": "contract.neutral.service-added",
    "operation-added": "contract.neutral.operation-added",
    "http-binding-added": "contract.neutral.http-binding-added",
    "grpc-binding-added": "contract.neutral.grpc-binding-added",
    "type-deprecated-changed": "contract.neutral.deprecation",
    "field-deprecated-changed": "contract.neutral.deprecation",
    "enum-symbol-deprecated-changed": "contract.neutral.deprecation",
    "message-deprecated-changed": "contract.neutral.deprecation",
    "field-number-changed": "contract.neutral.field-number-changed",
    "field-json-name-changed": "contract.neutral.field-json-name-changed",
    "enum-symbol-number-changed": "contract.neutral.enum-symbol-number-changed",
    "union-variant-number-changed": "contract.neutral.union-variant-number-changed",
    "enum-default-changed": "contract.neutral.enum-default-changed",
    "union-discriminator-changed": "contract.neutral.union-discriminator-changed",
    "field-default-changed": "contract.neutral.field-default-changed",
    "header-added": "contract.neutral.header",
    "header-removed": "contract.neutral.header",
    "header-type-changed": "contract.neutral.header",
    "header-required-changed": ("contract.neutral.header"),
}
