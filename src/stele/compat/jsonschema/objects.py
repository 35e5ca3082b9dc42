"""Object keywords: properties under open, closed and partially open content models.

For a property name, the schema an instance's value must satisfy is the declared property, else
every matching `patternProperties` entry (the first one stands for all here), else
`additionalProperties` (or `unevaluatedProperties` when there is no `additionalProperties`),
else anything. Its kind is the content model for that name: open (`true`/`{}`), closed
(`false`) or partial (a schema).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from stele.compat.handlers import handles
from stele.compat.jsonschema.keywords import _compare_count, _dict, common_types
from stele.compat.jsonschema.loading import Node, SchemaSet
from stele.compat.jsonschema.patterns import backtracks_exponentially, refuse
from stele.compat.jsonschema.rules import by_id
from stele.compat.jsonschema.values import accepts_everything, child_or
from stele.diagnostics import Severity

if TYPE_CHECKING:  # annotations only: compare imports this module
    from stele.compat.jsonschema.compare import Comparator

Model = Literal["open", "closed", "partial"]


def catch_all(node: Node) -> Node:
    value = _dict(node)
    key = "additionalProperties"
    if key not in value and "unevaluatedProperties" in value:
        key = "unevaluatedProperties"
    return child_or(node, key)


def schema_for_name(node: Node, name: str, schemas: SchemaSet) -> Node:
    """The schema a property called `name` must satisfy when it is not declared.

    A pattern that could backtrack exponentially is not run (D009, `patterns`).
    """
    for pattern in _dict(node).get("patternProperties", {}) or {}:
        if backtracks_exponentially(pattern):
            at = schemas.locate(node.child("patternProperties", pattern))
            raise refuse(pattern, (at.path, at.line, at.column))
        if _matches(pattern, name):
            return node.child("patternProperties", pattern)
    return catch_all(node)


def _matches(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return False


def model(node: Node) -> Model:
    if node.value is False:
        return "closed"
    return "open" if accepts_everything(node) else "partial"


def _properties(node: Node) -> dict[str, Node]:
    props = _dict(node).get("properties")
    if not isinstance(props, dict):
        return {}
    return {name: node.child("properties", name) for name in props}


@handles(
    *by_id(
        "json-additional-properties-narrowed",
        "json-additional-properties-widened",
        "json-content-model-closed",
        "json-content-model-opened",
        "json-dependent-required-added",
        "json-dependent-required-removed",
        "json-max-properties-decreased",
        "json-max-properties-increased",
        "json-min-properties-decreased",
        "json-min-properties-increased",
        "json-pattern-properties-changed",
        "json-pattern-property-added",
        "json-pattern-property-removed",
        "json-property-added-to-closed-model",
        "json-property-added-to-open-model",
        "json-property-added-to-partially-open-model",
        "json-property-removed-from-closed-model",
        "json-property-removed-from-open-model",
        "json-property-removed-from-partially-open-model",
        "json-required-added",
        "json-required-removed",
    )
)
def compare_objects(cmp: Comparator, writer: Node, reader: Node) -> None:
    if "object" not in common_types(cmp, writer, reader):
        return
    w_props, r_props = _properties(writer), _properties(reader)
    for name in [*w_props, *(n for n in r_props if n not in w_props)]:
        if name in w_props and name in r_props:
            cmp.compare(w_props[name], r_props[name])
        elif name in w_props:
            _declared_by_writer_only(cmp, name, w_props[name], reader)
        else:
            _declared_by_reader_only(cmp, name, writer, r_props[name])
    _compare_required(cmp, writer, reader)
    _compare_catch_all(cmp, writer, reader)
    _compare_pattern_properties(cmp, writer, reader)
    _compare_count(cmp, writer, reader, "minProperties", True, ("json-min-properties-increased", "json-min-properties-decreased"))  # fmt: skip
    _compare_count(cmp, writer, reader, "maxProperties", False, ("json-max-properties-decreased", "json-max-properties-increased"))  # fmt: skip
    if "propertyNames" in _dict(reader):
        cmp.compare(child_or(writer, "propertyNames"), reader.child("propertyNames"))
    _compare_dependent_required(cmp, writer, reader)


def _declared_by_writer_only(cmp: Comparator, name: str, declared: Node, reader: Node) -> None:
    """BACKWARD: the property was removed from the new schema; FORWARD: added to it."""
    fallback = schema_for_name(reader, name, cmp.reader_set)
    kind = model(fallback)
    if kind == "open" or declared.value is False:
        return
    if kind == "partial" and cmp.proves(declared, fallback):
        return
    _report_property(cmp, name, kind, declared, reader, writer_declares=True)


def _declared_by_reader_only(cmp: Comparator, name: str, writer: Node, declared: Node) -> None:
    """BACKWARD: the property was added to the new schema; FORWARD: removed from it."""
    fallback = schema_for_name(writer, name, cmp.writer_set)
    kind = model(fallback)
    if kind == "closed" or accepts_everything(declared):
        return
    if kind == "open" and cmp.policy == "lenient":
        return  # lenient: assume no document carried the undeclared property
    if kind == "partial" and cmp.proves(fallback, declared):
        return
    _report_property(cmp, name, kind, writer, declared, writer_declares=False)


def _report_property(
    cmp: Comparator, name: str, kind: Model, writer: Node, reader: Node, writer_declares: bool
) -> None:
    # The old schema declares the property exactly when the writer is old (BACKWARD).
    removed = writer_declares == cmp.backward
    old_object = writer if cmp.backward else reader
    subject = None if removed else f"{old_object.subject}/properties/{_escape(name)}"
    model_name = {"open": "open", "closed": "closed", "partial": "partially-open"}[kind]
    change = "removed-from" if removed else "added-to"
    rule = f"json-property-{change}-{model_name}-model"
    cmp.emit(rule, writer, reader, subject=subject, property=name)


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def _required(node: Node) -> list[str]:
    required = _dict(node).get("required")
    return [r for r in required if isinstance(r, str)] if isinstance(required, list) else []


def _compare_required(cmp: Comparator, writer: Node, reader: Node) -> None:
    w_required = set(_required(writer))
    for name in _required(reader):
        # A name the writer does not always write breaks the reader that requires it; a writer
        # that can never write it (a closed model without the property) breaks it for certain.
        if name in w_required:
            continue
        # The finding is about the property, so it points there (and maps to the field) on
        # each side that declares it, else at the object.
        old, new = cmp.old_new(writer, reader)
        subject = f"{(old or new).subject}/properties/{_escape(name)}" if (old or new) else None
        w_at = _properties(writer).get(name, writer)
        r_at = _properties(reader).get(name, reader)
        # A property stele marks `x-stele-always-written` (a required field with a default,
        # left out of `required` so that readers fill the default) is written by every writer
        # of its contract: only a writer that ignores the mark breaks the reader (a warning).
        written = w_at is not writer and always_written(w_at)
        severity = Severity.WARNING if written else None
        variant = "always-written" if written else ""
        rule = cmp.pick("json-required-added", "json-required-removed")
        cmp.emit(
            rule, w_at, r_at, severity=severity, subject=subject, variant=variant, property=name
        )


ALWAYS_WRITTEN = "x-stele-always-written"


def always_written(node: Node) -> bool:
    """Whether a property's schema says every writer writes it though it is not `required`."""
    return isinstance(node.value, dict) and node.value.get(ALWAYS_WRITTEN) is True


def _compare_catch_all(cmp: Comparator, writer: Node, reader: Node) -> None:
    w_rest, r_rest = catch_all(writer), catch_all(reader)
    w_kind, r_kind = model(w_rest), model(r_rest)
    if r_kind == "open" or w_kind == "closed":
        return
    if r_kind == "closed":
        rule = cmp.pick("json-content-model-closed", "json-content-model-opened")
        cmp.emit(rule, writer, reader)
    elif w_kind == "open":
        rule = cmp.pick("json-additional-properties-narrowed", "json-additional-properties-widened")
        cmp.emit(rule, w_rest, r_rest)
    else:
        cmp.compare(w_rest, r_rest)


def _pattern_keys(node: Node) -> dict[str, Any]:
    patterns = _dict(node).get("patternProperties")
    return patterns if isinstance(patterns, dict) else {}


def _compare_pattern_properties(cmp: Comparator, writer: Node, reader: Node) -> None:
    """Shared patterns compare their schemas. A pattern on one side only is judged against the
    other side's schema for undeclared names; a pattern replaced by another cannot be proven."""
    w_patterns, r_patterns = _pattern_keys(writer), _pattern_keys(reader)
    for pattern in w_patterns:
        if pattern in r_patterns:
            cmp.compare(
                writer.child("patternProperties", pattern),
                reader.child("patternProperties", pattern),
            )
    w_only = [p for p in w_patterns if p not in r_patterns]
    r_only = [p for p in r_patterns if p not in w_patterns]
    replaced = bool(w_only and r_only)
    for pattern in w_only:  # BACKWARD: removed from the new schema; FORWARD: added to it
        node = writer.child("patternProperties", pattern)
        if not cmp.proves(node, catch_all(reader)):
            verb = "removed" if cmp.backward else "added"
            _pattern_changed(cmp, pattern, verb, replaced, node, reader)
    for pattern in r_only:  # BACKWARD: added to the new schema; FORWARD: removed from it
        node = reader.child("patternProperties", pattern)
        fallback = catch_all(writer)
        kind = model(fallback)
        if kind == "closed" or (kind == "open" and cmp.policy == "lenient"):
            continue
        if not cmp.proves(fallback, node):
            verb = "added" if cmp.backward else "removed"
            _pattern_changed(cmp, pattern, verb, replaced, writer, node)


def _pattern_changed(
    cmp: Comparator, pattern: str, verb: str, replaced: bool, writer: Node, reader: Node
) -> None:
    if replaced:
        rule = "json-pattern-properties-changed"
        cmp.emit(rule, writer, reader, variant=verb, pattern=pattern)
        return
    cmp.emit(f"json-pattern-property-{verb}", writer, reader, pattern=pattern)


def _dependent_required(node: Node) -> dict[str, set[str]]:
    value = _dict(node)
    result: dict[str, set[str]] = {}
    for key in ("dependencies", "dependentRequired"):
        for name, needs in (value.get(key) or {}).items():
            if isinstance(needs, list):
                result.setdefault(name, set()).update(n for n in needs if isinstance(n, str))
    return result


def _compare_dependent_required(cmp: Comparator, writer: Node, reader: Node) -> None:
    w_deps = _dependent_required(writer)
    for name, needs in sorted(_dependent_required(reader).items()):
        missing = sorted(needs - w_deps.get(name, set()))
        if not missing:
            continue
        rule = cmp.pick("json-dependent-required-added", "json-dependent-required-removed")
        cmp.emit(rule, writer, reader, property=name, required=", ".join(missing))
