"""The judges of contract structure outside operations: types, messages, channels and services
removed or renamed, channel attributes, reservations, file options, relations. Each is judged
in the formats that carry the element (a format that does not carry it has no verdict to give).
"""

from __future__ import annotations

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.context import (
    ERROR,
    INFO,
    OK,
    TITLE,
    WARNING,
    Context,
    Read,
    Structural,
    read,
)
from stele.compat.contract.judge_operations import operation_formats
from stele.compat.model import Direction
from stele.diagnostics import Severity

B, F = Direction.BACKWARD, Direction.FORWARD


def _in(formats: tuple[str, ...], by_direction: dict[Direction, Read]) -> Structural:
    def judge(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
        if fmt not in formats:
            return read(OK, "contract.format-not-carrying", format=TITLE[fmt])
        said = by_direction[direction]
        return said.told(element=change.element, old=change.old, new=change.new)

    return judge


def _both(formats: tuple[str, ...], severity: Severity | None, phrase: str) -> Structural:
    return _in(formats, {B: read(severity, phrase), F: read(severity, phrase)})


def _file_option(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    """buf's FILE category judges the generated code; the wire and JSON categories do not
    see file options, as the encodings do not change."""
    if fmt != "protobuf":
        return read(OK, "contract.file-option.1", format=TITLE[fmt])
    if ctx.policy.protobuf != "file":
        return read(OK, "contract.file-option.2")
    was, now = change.old or "unset", change.new or "unset"
    return read(ERROR, "contract.file-option.3", element=change.element, was=was, now=now)


def _channel_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    if fmt != "asyncapi":
        return read(OK, "contract.channel-removed.1", format=TITLE[fmt])
    twin = next((c.name for c in ctx.new.channels.values() if c.address == change.old), None)
    if twin is not None:
        return read(OK, "contract.channel-removed.2", twin=twin, old=change.old)
    if direction is B:
        return read(ERROR, "contract.channel-removed.3", element=change.element)
    return read(OK, "contract.channel-removed.4", element=change.element)


def _message_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    if fmt not in ("avro", "jsonschema", "asyncapi"):
        return read(OK, "contract.message-removed.1", format=TITLE[fmt])
    if direction is B:
        return read(ERROR, "contract.message-removed.2", element=change.element)
    return read(OK, "contract.message-removed.3", element=change.element)


def _service_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    service = ctx.old.services.get(change.element)
    formats = {f for op in (service.operations if service else ()) for f in operation_formats(op)}
    formats.discard("openapi")  # OpenAPI has no service: each operation is judged
    if fmt not in formats:
        return read(OK, "contract.service-removed.1", format=TITLE[fmt])
    if direction is B:
        return read(ERROR, "contract.service-removed.2", element=change.element)
    return read(OK, "contract.service-removed.3", element=change.element)


def _type_removed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    # A JSON Schema reader validates data, not schema files: a type nothing holds is no data.
    own_file = fmt == "avro" or (fmt == "protobuf" and ctx.policy.protobuf == "file")
    if own_file and direction is B:
        return read(ERROR, "contract.type-removed.1", format=TITLE[fmt], element=change.element)
    return read(OK, "contract.type-removed.2", format=TITLE[fmt], element=change.element)


def _type_renamed(change: ContractChange, fmt: str, direction: Direction, ctx: Context) -> Read:
    return read(OK, "contract.type-renamed", format=TITLE[fmt])


_ASYNC = ("asyncapi",)
JUDGES: dict[str, Structural] = {
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
    "package-file-option-changed": _file_option,
    "field-relation-changed": _both(("openapi",), INFO, "contract.field-relation-changed"),
}
