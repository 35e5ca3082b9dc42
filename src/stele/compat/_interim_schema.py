"""A small structural JSON Schema comparison, standing in for the JSON Schema checker.

Covers what API changes touch most: properties (added to closed objects, removed), `required`,
`type` (integer within number, OpenAPI 3.0 `nullable`), `enum` and array `items`, through local
`$ref`s with a cycle guard. The writer's instances must validate under the reader's schema:
BACKWARD writer = old, reader = new; FORWARD writer = new, reader = old.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from stele.compat.apidocs import child
from stele.compat.model import Direction, Finding, Location
from stele.compat.schema_bridge import SchemaAt
from stele.diagnostics import Severity

FORMAT = "jsonschema"


@dataclass(frozen=True)
class _Pair:
    old: SchemaAt
    new: SchemaAt
    old_schema: Any
    new_schema: Any
    path: str  # instance path below the compared schema: /items/*/name

    def at(self, old_pointer: str, new_pointer: str, step: str) -> _Pair:
        old_ptr, old_schema = self.old.doc.resolve(old_pointer)
        new_ptr, new_schema = self.new.doc.resolve(new_pointer)
        return _Pair(
            SchemaAt(self.old.doc, old_ptr),
            SchemaAt(self.new.doc, new_ptr),
            old_schema,
            new_schema,
            f"{self.path}/{step}",
        )


def compare(old: SchemaAt, new: SchemaAt, direction: Direction, subject: str) -> list[Finding]:
    old_ptr, old_schema = old.doc.resolve(old.pointer)
    new_ptr, new_schema = new.doc.resolve(new.pointer)
    root = _Pair(SchemaAt(old.doc, old_ptr), SchemaAt(new.doc, new_ptr), old_schema, new_schema, "")
    return list(_walk(root, direction, subject, set()))


def _walk(
    pair: _Pair, direction: Direction, subject: str, seen: set[tuple[str, str]]
) -> Iterator[Finding]:
    key = (pair.old.pointer, pair.new.pointer)
    if (
        key in seen
        or not isinstance(pair.old_schema, dict)
        or not isinstance(pair.new_schema, dict)
    ):
        return
    seen.add(key)
    for check in (_types, _enum, _required, _properties):
        yield from check(pair, direction, subject)
    for name in sorted(_props(pair.old_schema).keys() & _props(pair.new_schema).keys()):
        yield from _walk(
            pair.at(
                child(pair.old.pointer, "properties", name),
                child(pair.new.pointer, "properties", name),
                name,
            ),
            direction,
            subject,
            seen,
        )
    if isinstance(pair.old_schema.get("items"), dict) and isinstance(
        pair.new_schema.get("items"), dict
    ):
        yield from _walk(
            pair.at(child(pair.old.pointer, "items"), child(pair.new.pointer, "items"), "*"),
            direction,
            subject,
            seen,
        )


def _finding(
    rule: str,
    severity: Severity,
    pair: _Pair,
    direction: Direction,
    subject: str,
    message: str,
    old: Location | None = None,
    new: Location | None = None,
) -> Finding:
    return Finding(
        rule,
        severity,
        direction,
        FORMAT,
        message,
        f"{subject}{pair.path}",
        old or pair.old.doc.locate(pair.old.pointer),
        new or pair.new.doc.locate(pair.new.pointer),
    )


def _types(pair: _Pair, direction: Direction, subject: str) -> Iterator[Finding]:
    old_types, new_types = _type_set(pair.old_schema), _type_set(pair.new_schema)
    writer, reader = (
        (old_types, new_types) if direction is Direction.BACKWARD else (new_types, old_types)
    )
    if reader is None or (writer is not None and _within(writer, reader)):
        return
    yield _finding(
        "json-type-changed",
        Severity.ERROR,
        pair,
        direction,
        subject,
        f"type changed from {_show(old_types)} to {_show(new_types)}",
    )


def _enum(pair: _Pair, direction: Direction, subject: str) -> Iterator[Finding]:
    old_enum, new_enum = pair.old_schema.get("enum"), pair.new_schema.get("enum")
    if not isinstance(old_enum, list) or not isinstance(new_enum, list):
        return
    if direction is Direction.BACKWARD:
        rule, verb, values = "json-enum-value-removed", "removed", _missing(old_enum, new_enum)
    else:
        rule, verb, values = "json-enum-value-added", "added", _missing(new_enum, old_enum)
    for value in values:
        yield _finding(
            rule, Severity.ERROR, pair, direction, subject, f"enum values {verb}: {_json(value)}"
        )


def _required(pair: _Pair, direction: Direction, subject: str) -> Iterator[Finding]:
    old_required, new_required = _req(pair.old_schema), _req(pair.new_schema)
    if direction is Direction.BACKWARD:
        for name in sorted(new_required - old_required):
            text = f"property '{name}' became required"
            yield _finding("json-required-added", Severity.ERROR, pair, direction, subject, text)
        return
    for name in sorted(old_required - new_required):
        text = f"property '{name}' is no longer required"
        yield _finding("json-required-removed", Severity.ERROR, pair, direction, subject, text)


def _properties(pair: _Pair, direction: Direction, subject: str) -> Iterator[Finding]:
    """Properties one side declares and the other does not, as the JSON Schema checker names
    them: removed (the old side declares it) or added, by the content model that now applies."""
    old_props, new_props = _props(pair.old_schema), _props(pair.new_schema)
    for name in sorted(old_props.keys() - new_props.keys()):
        model = _model(pair.new_schema)
        if (direction is Direction.BACKWARD and model == "closed") or (
            direction is Direction.FORWARD and model == "open"
        ):
            text = f"property '{name}' removed; the new schema's {model} content model applies"
            old = pair.old.doc.locate(child(pair.old.pointer, "properties", name))
            rule = f"json-property-removed-from-{model}-model"
            yield _finding(rule, Severity.ERROR, pair, direction, subject, text, old=old)
    for name in sorted(new_props.keys() - old_props.keys()):
        if direction is Direction.FORWARD and _model(pair.old_schema) == "closed":
            text = (
                f"property '{name}' added where the old schema's closed content model rejected it"
            )
            new = pair.new.doc.locate(child(pair.new.pointer, "properties", name))
            rule = "json-property-added-to-closed-model"
            yield _finding(rule, Severity.ERROR, pair, direction, subject, text, new=new)


def _model(schema: dict[str, Any]) -> str:
    rest = schema.get("additionalProperties", True)
    return "closed" if rest is False else "open" if rest in (True, {}) else "partially-open"


def _props(schema: dict[str, Any]) -> dict[str, Any]:
    props = schema.get("properties")
    return props if isinstance(props, dict) else {}


def _req(schema: dict[str, Any]) -> set[str]:
    required = schema.get("required")
    return {r for r in required if isinstance(r, str)} if isinstance(required, list) else set()


def _type_set(schema: dict[str, Any]) -> frozenset[str] | None:
    raw = schema.get("type")
    if raw is None:
        return None
    types = set(raw) if isinstance(raw, list) else {raw}
    if schema.get("nullable") is True:
        types.add("null")
    return frozenset(str(t) for t in types)


def _within(writer: frozenset[str], reader: frozenset[str]) -> bool:
    widened = set(reader) | ({"integer"} if "number" in reader else set())
    return writer <= widened


def _missing(values: list[Any], within: list[Any]) -> list[Any]:
    return [v for v in values if v not in within]


def _show(types: frozenset[str] | None) -> str:
    if types is None:
        return "any"
    return "|".join(sorted(types))


def _json(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True)
