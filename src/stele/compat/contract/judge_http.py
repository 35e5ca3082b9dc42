"""The judges of HTTP bindings: a method, path or status that changed, URL parameters added,
removed or moved, `?expand=` relations. Only OpenAPI carries them: an existing client calls what
it was built against, and the server on the other version answers (or does not).
"""

from __future__ import annotations

from collections.abc import Callable

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.context import ERROR, OK, WARNING, Context, Read, Structural, read
from stele.compat.contract.judge_json import is_required
from stele.compat.contract.judge_operations import operation, template
from stele.compat.model import Direction

B, F = Direction.BACKWARD, Direction.FORWARD


def _http(by_direction: Callable[[ContractChange, Direction, Context], Read]) -> Structural:
    return operation(by_direction, only=("openapi",))


def _http_moved(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    what = change.kind.removeprefix("http-").removesuffix("-changed")
    if what == "path" and template(change.old or "") == template(change.new or ""):
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
        and template(old.http.path) == template(new.http.path)
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


JUDGES: dict[str, Structural] = {
    "http-binding-removed": _http(_binding_removed),
    "http-method-changed": _http(_http_moved),
    "http-path-changed": _http(_http_moved),
    "http-status-changed": _http(_status),
    "http-parameter-added": _http(_parameter_added),
    "http-parameter-removed": _http(_parameter_removed),
    "http-parameter-moved": _http(_parameter_moved),
    "http-expand-added": _http(_expand_added),
    "http-expand-removed": _http(_expand_removed),
}
