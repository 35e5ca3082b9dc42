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

Contract structure (messages, channels, operations, HTTP bindings) is judged where each format
carries it, by the judges of its element (`judge_structure`, `judge_operations`, `judge_http`).
Every verdict names a catalogued rule (`stele rules contract-...`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from stele.compat.contract import (
    judge_avro,
    judge_data,
    judge_graphql,
    judge_http,
    judge_json,
    judge_operations,
    judge_protobuf,
    judge_structure,
)
from stele.compat.contract.changes import ContractChange, field_type_text
from stele.compat.contract.context import OK, Context, Policy, Structural, read
from stele.compat.contract.verdicts import Verdict, verdict
from stele.compat.model import Direction
from stele.ir import Project, Record

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
        found = judge_data.judge(change, fmt, direction, ctx, family[change.kind])
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

_STRUCTURAL: dict[str, Structural] = {
    **judge_structure.JUDGES,
    **judge_operations.JUDGES,
    **judge_http.JUDGES,
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


def handlers(kind: str) -> tuple[str, ...]:
    """Where the judges of the kind `kind` are bound (the handlers of its rule `contract-K`):
    its entries in the judge tables of the format families and of the structural elements, or
    its neutral verdict, and GraphQL's judge, which judges every kind."""
    families = (*dict.fromkeys(_FAMILY.values()), judge_structure, judge_operations, judge_http)
    tables: list[tuple[str, Mapping[str, object]]] = [
        *((f"{m.__name__}.JUDGES", m.JUDGES) for m in families),
        (f"{__name__}._NEUTRAL", _NEUTRAL),
    ]
    found = [f"{name}[{kind!r}]" for name, table in tables if kind in table]
    return (*found, f"{judge_graphql.__name__}.judge")
