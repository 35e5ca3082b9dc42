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
from dataclasses import dataclass

from stele.compat.contract import judge_avro, judge_graphql, judge_json, judge_protobuf
from stele.compat.contract.changes import ContractChange, field_type_text
from stele.compat.contract.context import ERROR, INFO, OK, WARNING, Context, Policy, Read
from stele.compat.contract.holders import Holding
from stele.compat.contract.judge_json import is_required
from stele.compat.contract.kinds import rule_id
from stele.compat.model import Direction
from stele.diagnostics import Severity
from stele.ir import Operation, Project, Record, Role, Scalar, Style

__all__ = ["FORMATS", "Policy", "Verdict", "judge", "judge_all"]

FORMATS = ("protobuf", "avro", "jsonschema", "openapi", "asyncapi")
JSON_FORMATS = ("jsonschema", "openapi", "asyncapi")
B, F = Direction.BACKWARD, Direction.FORWARD


@dataclass(frozen=True)
class Verdict:
    change: ContractChange
    format: str  # protobuf | avro | jsonschema | openapi | asyncapi
    direction: Direction
    severity: Severity | None  # None = ok
    rule: str  # the contract-level rule id (`stele rules ID`)
    reason: str  # who breaks and how, in the YAML's terms

    def to_json(self) -> dict[str, object]:
        return {
            **self.change.to_json(),
            "format": self.format,
            "direction": self.direction.value,
            "severity": self.severity.value if self.severity else "ok",
            "rule": self.rule,
            "reason": self.reason,
        }


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
        read = judge_graphql.judge(change, direction, ctx)
        return Verdict(change, fmt, direction, read.severity, rule_id(change.kind), read.what)
    if fmt not in _FAMILY:
        raise ValueError(f"no contract judge for format {fmt!r} (one of {', '.join(FORMATS)})")
    family = _FAMILY[fmt].JUDGES
    structural = _STRUCTURAL.get(change.kind)
    if change.kind in family and not (change.kind == "type-renamed" and fmt in JSON_FORMATS):
        read = _data(change, fmt, direction, ctx, family[change.kind])
    elif structural is not None:
        read = structural(change, fmt, direction, ctx)
    else:
        read = Read(OK, _NEUTRAL.get(change.kind, "the change does not reach this format's form"))
    reason = read.what
    if change.kind == "field-removed" and read.severity is not None:
        reason += _rename_hint(change, ctx)
    return Verdict(change, fmt, direction, read.severity, rule_id(change.kind), reason)


def _rename_hint(change: ContractChange, ctx: Context) -> str:
    """A field removed while one of its type was added to the record may be a rename that
    forgot `renamed_from`: say so, naming the added field."""
    record_name = str(change.detail.get("record", ""))
    new, old = ctx.new.types.get(record_name), ctx.old.types.get(ctx.old_name_of(record_name))
    if not isinstance(new, Record) or not isinstance(old, Record):
        return ""
    added = [
        f.name for f in new.fields if old.field(f.name) is None and field_type_text(f) == change.old
    ]
    if not added:
        return ""
    gone = change.detail.get("field", "")
    return f"; if {added[0]} is {gone} renamed, write `renamed_from: [{gone}]` on {added[0]}"


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
            add(backward, f"consumers of {_names(messages)} on the {version} version")
        # gRPC: the server reads its clients' requests, the clients read its responses (of the
        # operations that are gRPC methods: `grpc: false` makes one HTTP only).
        rpc_requests = [op for op in holding.requests if _has_grpc(op, ctx)]
        rpc_responses = [op for op in holding.responses if _has_grpc(op, ctx)]
        if fmt == "protobuf" and (rpc_requests or rpc_responses):
            if rpc_requests:
                add(backward, f"the {version} gRPC server of {_names(rpc_requests)}")
            if rpc_responses:
                add(not backward, f"{other} gRPC clients of {_names(rpc_responses)}")
        elif not messages:
            ops = (*holding.requests, *holding.responses)
            subject = _names(ops) if ops else str(_held_type(change) or change.element)
            add(backward, f"readers of {subject} on the {version} version")
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
            add(backward, f"the {version} server of {_names(servers)}")
        if clients:
            add(not backward, f"{other} clients of {_names(clients)}")
        return out
    # AsyncAPI: the receivers of a message read it, modelled in the project or not.
    messages = _messages(change, ctx)
    if messages:
        add(backward, f"receivers of {_names(messages)} on the {version} version")
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
        return Read(OK, f"no {_TITLE[fmt]} artifact carries {change.element}")
    found: Read | None = None
    ctx.fmt = fmt
    for reader_new, whos in sorted(exposures.items()):
        read = family_judge(change, reader_new, ctx)
        read = Read(read.severity, f"{' and '.join(whos)} {read.what}")
        found = read if found is None else found.worse(read)
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
            return Read(OK, f"{_TITLE[fmt]} does not carry this change")
        read = by_direction[direction]
        return Read(
            read.severity,
            read.what.format(element=change.element, old=change.old, new=change.new),
        )

    return judge


def _both(formats: tuple[str, ...], severity: Severity | None, what: str) -> Structural:
    return _in(formats, {B: Read(severity, what), F: Read(severity, what)})


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
            return Read(OK, f"{_TITLE[fmt]} does not carry {change.element}")
        ctx.fmt = fmt
        return by_direction(change, direction, ctx)

    return judge


def _op_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    old = ctx.operation(change.element, False)
    twin = _twin(old, ctx) if old is not None else None
    if twin is not None and (
        old is None or old.style is not Style.REQUEST_RESPONSE or ctx.fmt != "protobuf"
    ):
        return Read(OK, f"{twin} does what {change.element} did: only the name changed")
    if old is not None and old.style is not Style.REQUEST_RESPONSE and old.role is Role.SEND:
        return Read(OK, f"receivers of {old.message} simply stop getting it from {change.element}")
    if direction is B:
        return Read(ERROR, f"existing clients of {change.element} call an operation that is gone")
    return Read(OK, f"new clients do not call {change.element}")


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
        return Read(
            ERROR,
            f"{clients} of {change.element} expect {what} {change.old if direction is B else change.new}"
            f", the service now has {change.new if direction is B else change.old}",
        )

    return judge


def _op_info(what: str) -> Callable[[ContractChange, Direction, Context], Read]:
    def judge(change: ContractChange, direction: Direction, ctx: Context) -> Read:
        return Read(INFO, f"{what} of {change.element}: {change.old} -> {change.new}")

    return judge


def _reply(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    """Requesters read the reply: in backward the requesters are on the new version and the
    service on the old one; in forward the other way round. Modelled or not, they exist."""
    requesters, service = ("new", "old") if direction is B else ("old", "new")
    expected, sent = (change.new, change.old) if direction is B else (change.old, change.new)
    if expected is None:
        return Read(OK, f"{requesters} requesters of {change.element} ignore the reply {sent}")
    if sent is None:
        return Read(
            ERROR,
            f"{requesters} requesters of {change.element} wait for {expected}, which the "
            f"{service} service never sends",
        )
    return Read(
        ERROR,
        f"{requesters} requesters of {change.element}, modelled or not, wait for {expected} and "
        f"get {sent} from the {service} service",
    )


def _async_style(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    old, new = ctx.operation(change.element, False), ctx.operation(change.element, True)
    sync = Style.REQUEST_RESPONSE
    if old is not None and new is not None and old.style is not sync and new.style is not sync:
        return Read(OK, "the message travels as before; a reply gained or lost is judged apart")
    return _op_changed("the style")(change, direction, ctx)


def _reply_channel(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if change.old is None or change.new is None:
        return Read(OK, "the reply itself is judged apart")
    if _address(change.old, ctx, False) == _address(change.new, ctx, True):
        return Read(OK, "the reply channel has the same address")
    return _op_changed("replies on")(change, direction, ctx)


def _op_channel(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if _address(change.old, ctx, False) == _address(change.new, ctx, True):
        return Read(OK, f"{change.new} has the address {change.old} had")
    return _op_changed("the channel")(change, direction, ctx)


def _errors(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    return Read(
        OK,
        f"error statuses of {change.element} are answered as problem+json, which clients read "
        f"whatever the status: {change.old} -> {change.new}",
    )


def _deprecated(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if change.new is not None:
        return Read(OK, f"clients of {change.element} see it {change.new}; calls still work")
    return Read(OK, f"{change.element} is no longer deprecated")


def _http(by_direction: Callable[[ContractChange, Direction, Context], Read]) -> Structural:
    return _operation(by_direction, only=("openapi",))


def _http_moved(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    what = change.kind.removeprefix("http-").removesuffix("-changed")
    if what == "path" and _template(change.old or "") == _template(change.new or ""):
        return Read(OK, f"clients call the same URL: only parameter names changed in {change.new}")
    call, serve = (change.old, change.new) if direction is B else (change.new, change.old)
    clients, server = ("existing", "new") if direction is B else ("new", "old")
    return Read(
        ERROR,
        f"{clients} clients of {change.element} call {what} {call}; the {server} server "
        f"serves {serve}",
    )


def _binding_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if direction is B:
        return Read(ERROR, f"existing clients of {change.element} call {change.old}, now gone")
    return Read(OK, f"new clients do not call {change.element} over HTTP")


def _file_option(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    """buf's FILE category judges the generated code; the wire and JSON categories do not
    see file options, as the encodings do not change."""
    if fmt != "protobuf":
        return Read(OK, f"{_TITLE[fmt]} has no file options")
    if ctx.policy.protobuf != "file":
        return Read(OK, "the encodings do not change (policies.protobuf: file judges the code)")
    was, now = change.old or "unset", change.new or "unset"
    return Read(
        ERROR,
        f"code generated from {change.element}'s .proto moves ({was} -> {now}): the imports of "
        "its users break",
    )


def _grpc_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if direction is B:
        return Read(ERROR, f"existing gRPC clients of {change.element} call an rpc that is gone")
    return Read(OK, f"new clients do not call {change.element} over gRPC")


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
        return Read(OK, f"{param} takes the place of a path parameter clients already fill")
    if direction is F:
        return Read(OK, f"the old server of {change.element} ignores {param}")
    if _request_field_required(change, ctx, True):
        return Read(ERROR, f"existing clients of {change.element} do not send the required {param}")
    return Read(OK, f"existing clients of {change.element} may omit the optional {param}")


def _parameter_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    param = change.old
    if _path_renamed(change, ctx):
        return Read(OK, f"the path parameter {param} is still filled, under another name")
    if direction is B:
        return Read(
            WARNING,
            f"existing clients of {change.element} still send {param}; the server ignores it",
        )
    if _request_field_required(change, ctx, False):
        return Read(
            ERROR, f"new clients of {change.element} omit {param}, which the old server requires"
        )
    return Read(OK, f"the old server of {change.element} does without {param}")


def _parameter_moved(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    sent, read = (change.old, change.new) if direction is B else (change.new, change.old)
    return Read(ERROR, f"clients of {change.element} send {sent}; the server reads {read}")


def _expand_removed(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if direction is B:
        return Read(
            ERROR,
            f"existing clients of {change.element} ask ?expand={change.old}, which is gone",
        )
    return Read(OK, f"new clients do not ask ?expand={change.old}")


def _expand_added(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    if direction is F:
        return Read(
            WARNING, f"the old server of {change.element} does not know ?expand={change.new}"
        )
    return Read(OK, f"existing clients of {change.element} do not ask ?expand={change.new}")


def _status(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    return Read(
        ERROR,
        f"clients of {change.element} that check for status {change.old if direction is B else change.new}"
        f" get {change.new if direction is B else change.old}",
    )


def _channel_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    if fmt != "asyncapi":
        return Read(OK, f"{_TITLE[fmt]} does not carry channels")
    twin = next((c.name for c in ctx.new.channels.values() if c.address == change.old), None)
    if twin is not None:
        return Read(OK, f"{twin} has the address {change.old}: senders and receivers still meet")
    if direction is B:
        return Read(
            ERROR, f"senders on the old version still send on {change.element}, which is gone"
        )
    return Read(OK, f"the new version no longer uses {change.element}")


def _message_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    if fmt not in ("avro", "jsonschema", "asyncapi"):
        return Read(OK, f"{_TITLE[fmt]} does not carry messages apart from their bodies")
    if direction is B:
        return Read(
            ERROR,
            f"consumers on the new version no longer know {change.element}, which producers "
            "on the old version still send",
        )
    return Read(OK, f"consumers on the old version simply stop receiving {change.element}")


def _service_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    service = ctx.old.services.get(change.element)
    formats = {f for op in (service.operations if service else ()) for f in _operation_formats(op)}
    formats.discard("openapi")  # OpenAPI has no service: each operation is judged
    if fmt not in formats:
        return Read(OK, f"{_TITLE[fmt]} carries the service only through its operations")
    if direction is B:
        return Read(ERROR, f"existing clients of {change.element} find the service gone")
    return Read(OK, f"new clients do not use {change.element}")


def _type_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    # A JSON Schema reader validates data, not schema files: a type nothing holds is no data.
    own_file = fmt == "avro" or (fmt == "protobuf" and ctx.policy.protobuf == "file")
    if own_file and direction is B:
        return Read(
            ERROR, f"readers that load the {_TITLE[fmt]} schema of {change.element} find it gone"
        )
    return Read(OK, f"no {_TITLE[fmt]} reader of the new version needs {change.element}")


def _type_renamed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    return Read(OK, f"type names are not part of the {_TITLE[fmt]} documents' data")


_ASYNC = ("asyncapi",)
_STRUCTURAL: dict[str, Structural] = {
    "type-reservation-removed": _both(
        ("protobuf",),
        ERROR,
        "readers of {element} may meet {old} reused with another meaning, no longer reserved",
    ),
    "type-removed": _type_removed,
    "type-renamed": _type_renamed,
    "message-removed": _message_removed,
    "message-kind-changed": _both(
        _ASYNC, OK, "receivers of {element} read the same message, now of kind {new}"
    ),
    "channel-removed": _channel_removed,
    "channel-address-changed": _both(
        _ASYNC, ERROR, "senders and receivers of {element} on the other version use {old} / {new}"
    ),
    "channel-style-changed": _both(
        _ASYNC, WARNING, "receivers of {element} are served {new} where they expect {old}"
    ),
    "channel-message-added": _both(
        _ASYNC,
        OK,
        "receivers on {element} dispatch on the message_type header: {new} is not theirs to read",
    ),
    "channel-message-removed": _in(
        _ASYNC,
        {
            B: Read(
                ERROR,
                "senders on the old version still send {old} on {element}; the new version "
                "no longer takes it",
            ),
            F: Read(OK, "the new version no longer sends {old} on {element}"),
        },
    ),
    "service-removed": _service_removed,
    "operation-removed": _operation(_op_removed),
    "operation-style-changed": _operation(_async_style),
    "operation-role-changed": _operation(
        lambda c, d, x: Read(OK, f"the message and channel of {c.element} are unchanged")
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
    "field-relation-changed": _both(
        ("openapi",), INFO, "?expand= of the records holding {element} changes: {old} -> {new}"
    ),
}

# Kinds that never break a reader, with the reason the verdict gives.
_NEUTRAL = {
    "type-added": "a new type breaks no reader",
    "message-added": "a new message breaks no reader",
    "channel-added": "a new channel breaks no sender or receiver",
    "channel-owner-changed": "the owner is documentation for senders and receivers",
    "service-added": "a new service breaks no client",
    "operation-added": "a new operation breaks no client",
    "http-binding-added": "a new HTTP binding breaks no client",
    "grpc-binding-added": "a new gRPC method breaks no client",
    "type-deprecated-changed": "deprecation is documentation: readers are unaffected",
    "field-deprecated-changed": "deprecation is documentation: readers are unaffected",
    "enum-symbol-deprecated-changed": "deprecation is documentation: readers are unaffected",
    "message-deprecated-changed": "deprecation is documentation: readers are unaffected",
    "field-number-changed": "field numbers exist in Protobuf only",
    "field-json-name-changed": "this format names the field by its name, not its JSON name",
    "enum-symbol-number-changed": "enum numbers exist in Protobuf only",
    "union-variant-number-changed": "variant numbers exist in Protobuf only",
    "enum-default-changed": "this format does not carry the enum default",
    "union-discriminator-changed": "the discriminator exists in the JSON form only",
    "field-default-changed": "this format does not carry field defaults",
    "header-added": "headers travel in the envelope, outside the body this format encodes",
    "header-removed": "headers travel in the envelope, outside the body this format encodes",
    "header-type-changed": "headers travel in the envelope, outside the body this format encodes",
    "header-required-changed": (
        "headers travel in the envelope, outside the body this format encodes"
    ),
}
