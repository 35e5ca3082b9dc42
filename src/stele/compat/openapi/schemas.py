"""Schema comparisons of an OpenAPI operation, told as OpenAPI findings.

A request is written by the client and read by the service; a response the reverse. In the
BACKWARD view (old clients, new service) a request schema may only widen (compare old -> new
with BACKWARD semantics) and a response schema may only narrow (FORWARD semantics). Before
comparing, readOnly properties are dropped from the request view of a document and writeOnly
properties from the response view: each only exists on one side of the exchange.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from stele.compat.apidocs import Document
from stele.compat.jsonschema import VALIDATOR_FORMATS
from stele.compat.jsonschema.rules import RULES_BY_ID
from stele.compat.model import Direction, Finding, Rule
from stele.compat.openapi import rules as r
from stele.compat.openapi.memo import SharedComparator, compare_shared
from stele.compat.schema_bridge import Policy, SchemaAt, _schema_set, subject_tail
from stele.diagnostics import Severity
from stele.span import Span

if TYPE_CHECKING:
    from stele.compat.openapi.memo import Memo


class Side(StrEnum):
    PARAMETER = "parameter"
    REQUEST = "request"
    RESPONSE = "response"


# What each side's JSON Schema findings mean for an API client; others fall to the catch-all.
_REMOVED = {f"json-property-removed-from-{m}-model" for m in ("open", "closed", "partially-open")}
_SPECIFIC: dict[Side, dict[str, Rule]] = {
    Side.PARAMETER: {
        "json-type-changed": r.PARAMETER_TYPE_CHANGED,
        "json-type-narrowed": r.PARAMETER_TYPE_CHANGED,
        "json-nullable-removed": r.PARAMETER_TYPE_CHANGED,
        "json-enum-value-removed": r.PARAMETER_ENUM_VALUE_REMOVED,
    },
    Side.REQUEST: {
        "json-required-added": r.REQUEST_PROPERTY_BECAME_REQUIRED,
        "json-type-changed": r.REQUEST_PROPERTY_TYPE_CHANGED,
        "json-type-narrowed": r.REQUEST_PROPERTY_TYPE_CHANGED,
        "json-nullable-removed": r.REQUEST_PROPERTY_TYPE_CHANGED,
        "json-enum-value-removed": r.REQUEST_ENUM_VALUE_REMOVED,
    },
    Side.RESPONSE: {
        **{rule: r.RESPONSE_PROPERTY_REMOVED for rule in _REMOVED},
        "json-required-removed": r.RESPONSE_PROPERTY_BECAME_OPTIONAL,
        "json-type-changed": r.RESPONSE_PROPERTY_TYPE_CHANGED,
        "json-type-widened": r.RESPONSE_PROPERTY_TYPE_CHANGED,
        "json-nullable-added": r.RESPONSE_PROPERTY_TYPE_CHANGED,
        "json-enum-value-added": r.RESPONSE_ENUM_VALUE_ADDED,
    },
}
_CATCH_ALL = {
    Side.PARAMETER: r.PARAMETER_SCHEMA_CHANGED,
    Side.REQUEST: r.REQUEST_SCHEMA_CHANGED,
    Side.RESPONSE: r.RESPONSE_SCHEMA_CHANGED,
}
# The side whose data the client writes compares with BACKWARD semantics in the BACKWARD view.
_SEMANTICS = {
    Side.PARAMETER: Direction.BACKWARD,
    Side.REQUEST: Direction.BACKWARD,
    Side.RESPONSE: Direction.FORWARD,
}
# A service ignores request properties it does not declare, so a new optional request property
# is no break (lenient); under the strict policy a client may meet any undeclared response
# property (strict). The lenient policy judges responses leniently too.
_POLICY: dict[Side, Policy] = {
    Side.PARAMETER: "lenient",
    Side.REQUEST: "lenient",
    Side.RESPONSE: "strict",
}


class Views:
    """The request and response views of documents, built once per document, and the memory of
    the component pairs compared in them (`memo.SharedComparator`)."""

    def __init__(self) -> None:
        self._views: dict[tuple[int, str], Document] = {}
        self.memo: Memo = {}  # the walks' pairs
        self.probe_memo: Memo = {}  # the probes' pairs (compared at once)
        self.relevant: set[Any] = set()  # the walks' pairs that reach a finding
        self.parents: dict[Any, list[Any]] = {}
        self.closures: dict[Any, list[Finding]] = {}

    def of(self, doc: Document, side: Side) -> Document:
        hidden = "readOnly" if side is not Side.RESPONSE else "writeOnly"
        key = (id(doc), hidden)  # parameters and requests hide the same properties
        if key not in self._views:
            data = _without_flagged(doc.data, hidden, doc)
            self._views[key] = dataclasses.replace(doc, data=data)
        return self._views[key]


def _without_flagged(node: Any, flag: str, doc: Document) -> Any:
    """The tree without the properties flagged `flag` (and their `required` entries). Subtrees
    without any are shared with the original, not copied: a view of a 4 MB document costs one
    walk, not a deep copy."""
    if isinstance(node, list):
        items = [_without_flagged(item, flag, doc) for item in node]
        return node if all(a is b for a, b in zip(items, node, strict=True)) else items
    if not isinstance(node, dict):
        return node
    changed = False
    result: dict[str, Any] = {}
    for key, value in node.items():
        kept = _without_flagged(value, flag, doc)
        changed = changed or kept is not value
        result[key] = kept
    props = result.get("properties")
    if isinstance(props, dict):
        dropped = [n for n, s in props.items() if _flagged(s, flag, doc)]
        if dropped:
            changed = True
            result["properties"] = {n: s for n, s in props.items() if n not in dropped}
            if isinstance(result.get("required"), list):
                result["required"] = [q for q in result["required"] if q not in dropped]
    return result if changed else node


def _flagged(schema: Any, flag: str, doc: Document) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get(flag) is True:
        return True
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#"):
        _, target = doc.resolve(ref[1:])
        return isinstance(target, dict) and target.get(flag) is True
    return False


# How a finding in a shared definition names the side it was judged on.
SHARED_LABEL = {
    Side.PARAMETER: "parameter schema",
    Side.REQUEST: "request body schema",
    Side.RESPONSE: "response schema",
}


def shared_site(own: str, pointer: str) -> str | None:
    """`#pointer` when `pointer` is outside the operation at `own` (a component, a path-level
    parameter): a change there reaches every operation that uses it."""
    return None if pointer.startswith(own + "/") else "#" + pointer


def told(
    rule: Rule,
    own: str,
    pointer: str,
    context: str,
    subject: str,
    old: Span | None,
    new: Span | None,
    severity: Severity | None = None,
    label: str = "",
    variant: str = "",
    /,
    **values: str,
) -> Finding:
    """A finding about the element at `pointer`, seen from the operation at `own`, its message
    the rule's template `variant` rendered with `values`: framed by the element (named
    `label #pointer`), with the operation in `reached_by`, when the element is shared (a
    component, a path-level parameter), else framed by the operation (`context`)."""
    site = shared_site(own, pointer)
    if site is None:
        found = rule.report(Direction.BACKWARD, subject, old, new, severity, variant, **values)
        return found.framed(before=f"{context}: ")
    named = f"{label} {site}" if label else site
    found = rule.report(Direction.BACKWARD, site, old, new, severity, variant, **values)
    return dataclasses.replace(found.framed(before=f"{named}: "), reached_by=(context,))


def compare(
    views: Views,
    side: Side,
    old: SchemaAt,
    new: SchemaAt,
    subject: str,
    context: str,
    policy: Policy = "strict",
    own: str = "",
    rule_for_all: Rule | None = None,
) -> Iterator[Finding]:
    """OpenAPI findings for the schemas of one side of an exchange (BACKWARD view), under the
    JSON policy `policy` ("lenient" makes every side lenient).

    A finding inside a definition outside the operation at `own` (a component schema, a shared
    response) is told once for that definition: its subject is the definition's `#pointer`,
    and `reached_by` names the operation (`checks.merge_shared` joins the operations)."""
    old_at = SchemaAt(views.of(old.doc, side), old.pointer)
    new_at = SchemaAt(views.of(new.doc, side), new.pointer)
    found_all = _compare_shared(old_at, new_at, _SEMANTICS[side], subject, _POLICY[side], views)
    required_before = required_removed(found_all)
    if policy == "lenient":
        found_all = lenient(found_all, required_before)
    removed = {_property(f) for f in found_all if f.rule in _REMOVED}
    for found in found_all:
        if found.rule == "json-required-removed" and _property(found) in removed:
            continue  # told once, as the removal of a required property
        specific = _SPECIFIC[side].get(found.rule) if rule_for_all is None else None
        # A specific rule carries its own severity, unless the JSON Schema comparison set
        # its finding's (a property every writer writes, `x-stele-always-written`).
        severity = None if specific and not _adjusted(found) else found.severity
        optional = found.rule in _REMOVED and _property(found) not in required_before
        if side is Side.RESPONSE and optional:
            severity = Severity.WARNING  # clients already do without an optional property
        tail = subject_tail(found.subject, subject)
        rule = specific or rule_for_all or _CATCH_ALL[side]
        old_loc, new_loc = _relocate(found, old.doc, "old"), _relocate(found, new.doc, "new")
        site = tail.strip() if tail.startswith(" #") else None
        if site is None and own:
            site = (
                shared_site(own, old.pointer + tail) if tail.startswith("/") or not tail else None
            )
        # The JSON Schema finding is the cause, told in API terms (`Rule.tell`).
        cause = found, RULES_BY_ID[found.rule], Direction.BACKWARD
        if site is not None:
            shared = rule.tell(*cause, site, old_loc, new_loc, severity, at="").framed(
                before=f"{SHARED_LABEL[side]} {site}: "
            )
            yield dataclasses.replace(shared, reached_by=(context,))
            continue
        at = f" at {tail.strip()}" if tail else ""
        yield rule.tell(*cause, subject + tail, old_loc, new_loc, severity, at=at).framed(
            before=f"{context}: "
        )


def _compare_shared(
    old: SchemaAt, new: SchemaAt, direction: Direction, subject: str, policy: Policy, views: Views
) -> list[Finding]:
    """`schema_bridge.compare_schema`, with a comparator that compares each pair of shared
    components once per check (`views.memo`)."""
    old_set, new_set = _schema_set(old.doc), _schema_set(new.doc)
    for at, schema_set in ((old, old_set), (new, new_set)):
        entry = schema_set.documents[at.doc.path]
        if entry._positions is None:
            # The views share the document's positions: the text is located once, not per view.
            entry._positions = cast(Any, at.doc.positions)
    old_node = old_set.node(old.doc.path, old.pointer)
    new_node = new_set.node(new.doc.path, new.pointer)
    backward = direction is Direction.BACKWARD
    writer, reader = (old_node, new_node) if backward else (new_node, old_node)
    writer_set, reader_set = (old_set, new_set) if backward else (new_set, old_set)
    comparator = SharedComparator(
        direction,
        writer_set,
        reader_set,
        policy,
        (old_node.subject, subject),
        VALIDATOR_FORMATS,
        memo=views.memo,
        pending={},
        probe_memo=views.probe_memo,
        relevant=views.relevant,
        parents=views.parents,
        closures=views.closures,
    )
    found = compare_shared(comparator, writer, reader)
    # Replayed findings are the same objects: drop repeats cheaply (the check sorts at the end).
    return list({id(f): f for f in found}.values())


_OPEN_MODEL = ("json-property-removed-from-open-model", "json-property-added-to-open-model")


def required_removed(found: list[Finding]) -> set[str | None]:
    """The properties the findings say are no longer required (scoped by their object)."""
    return {_property(f) for f in found if f.rule == "json-required-removed"}


def lenient(found: list[Finding], required_before: set[str | None]) -> list[Finding]:
    """Strict findings judged under the lenient policy: no document carried a property its
    contract did not declare, so an optional property removed from (or any property added to) an
    open content model breaks no one. A required property removed still does, and is told as a
    removal (the lenient comparison alone would call it "no longer required")."""
    return [
        f
        for f in found
        if not (
            f.rule == _OPEN_MODEL[1]
            or (f.rule == _OPEN_MODEL[0] and _property(f) not in required_before)
        )
    ]


def _property(found: Finding) -> str | None:
    """The property a JSON Schema finding names, scoped by the object it is in."""
    where = found.new or found.old  # the object both findings of one property point at
    name = found.value("property")
    return f"{where}/{name}" if name is not None and where else None


def _adjusted(found: Finding) -> bool:
    rule = RULES_BY_ID.get(found.rule)
    return rule is not None and found.severity is not rule.severity


def _relocate(found: Finding, doc: Document, side: str) -> Any:
    """The JSON Schema finding's location, named by the document's own path."""
    loc = found.old if side == "old" else found.new
    return dataclasses.replace(loc, path=doc.path) if loc is not None else None
