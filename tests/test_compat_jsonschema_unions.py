"""Union branches paired by what they accept, checked against jsonschema's validator.

- A widening generated from a schema (enum values added, a branch added, a bound relaxed, a
  required name dropped, a restrictive keyword removed, a union of restrictions dropped) is
  never reported as an error in the direction it widens (BACKWARD: old documents stay valid).
- The values a finding names as removed (or added) are its counterexamples: each is valid under
  the writer's schema and invalid under the reader's, by jsonschema's validator; a value valid
  under both is never named.
"""

from __future__ import annotations

import copy
import json
import os
import re
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.compat.jsonschema import CHECKER
from stele.compat.model import Direction, Finding
from stele.diagnostics import Severity

VALUES = ["red", "RED", "blue", "Blue", "green", "x1", "x22", "42"]
PATTERNS = ["^[a-z]+$", "^[A-Z]+$", "^[Bb][Ll][Uu][Ee]$", "^x[0-9]+$", "(?i)^green$"]
NAMES = ["a", "b", "c"]
SETTINGS = settings(
    max_examples=int(os.environ.get("STELE_UNION_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


def _enum(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "type": "string",
        "enum": draw(st.lists(st.sampled_from(VALUES), min_size=1, max_size=4, unique=True)),
    }


@st.composite
def scalar(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["enum", "pattern", "integer", "length", "const"]))
    if kind == "enum":
        return _enum(draw)
    if kind == "pattern":
        return {"type": "string", "pattern": draw(st.sampled_from(PATTERNS))}
    if kind == "integer":
        low = draw(st.integers(-5, 5))
        return {"type": "integer", "minimum": low, "maximum": low + draw(st.integers(0, 9))}
    if kind == "length":
        return {"type": "string", "maxLength": draw(st.integers(1, 4))}
    return {"const": draw(st.sampled_from(VALUES))}


@st.composite
def value_schema(draw: st.DrawFn) -> dict[str, Any]:
    """A scalar schema or an `anyOf` of them."""
    if draw(st.booleans()):
        return draw(scalar())
    return {"anyOf": draw(st.lists(scalar(), min_size=2, max_size=4))}


@st.composite
def object_schema(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {n: draw(value_schema()) for n in names},
    }
    required = [n for n in names if draw(st.booleans())]
    if required:
        schema["required"] = required
    if draw(st.booleans()):
        schema["additionalProperties"] = False
    if len(names) > 1 and draw(st.integers(0, 3)) == 0:
        schema["anyOf"] = [{"required": [n]} for n in names]
    return schema


def _schemas(schema: Any) -> list[dict[str, Any]]:
    """Every subschema, the root first."""
    found = [schema]
    for sub in (schema.get("properties") or {}).values():
        found += _schemas(sub)
    for sub in schema.get("anyOf") or []:
        found += _schemas(sub)
    return found


def widen(data: st.DataObject, schema: dict[str, Any]) -> dict[str, Any]:
    """One edit that keeps every document valid under `schema` valid."""
    draw = data.draw
    schema = copy.deepcopy(schema)
    target = draw(st.sampled_from(_schemas(schema)))
    edits = ["branch", "drop"]
    if "enum" in target:
        edits.append("enum")
    if any(k in target for k in ("minimum", "maximum", "maxLength")):
        edits.append("relax")
    if target.get("required"):
        edits.append("required")
    edit = draw(st.sampled_from(edits))
    if edit == "enum":
        target["enum"] = sorted({*target["enum"], draw(st.sampled_from(VALUES))})
    elif edit == "relax":
        for key, step in (("minimum", -2), ("maximum", 3), ("maxLength", 2)):
            if key in target:
                target[key] += step
    elif edit == "required":
        target["required"].remove(draw(st.sampled_from(target["required"])))
        if not target["required"]:
            del target["required"]
    elif edit == "branch":
        extra = draw(scalar())
        if isinstance(target.get("anyOf"), list) and "type" not in target:
            target["anyOf"].append(extra)
        else:
            inner = {k: target.pop(k) for k in list(target)}
            target["anyOf"] = [inner, extra]
    else:
        keys = [
            k
            for k in (
                "pattern",
                "enum",
                "const",
                "maxLength",
                "minimum",
                "required",
                "anyOf",
                "additionalProperties",
            )
            if k in target
        ]
        if keys:
            del target[draw(st.sampled_from(keys))]
    return schema


def _check(old: Any, new: Any, direction: Direction) -> list[Finding]:
    old_set = CHECKER.load({"s.json": json.dumps(old).encode()})
    new_set = CHECKER.load({"s.json": json.dumps(new).encode()})
    return CHECKER.check(old_set, new_set, direction)


@SETTINGS
@given(data=st.data())
def test_a_widening_is_never_an_error_backward(data: st.DataObject) -> None:
    old = data.draw(st.one_of(value_schema(), object_schema()))
    new = widen(data, old)
    errors = [f for f in _check(old, new, Direction.BACKWARD) if f.severity is Severity.ERROR]
    assert errors == [], (old, new, [f.message for f in errors])


_NAMED = re.compile(r"^enum values (removed|added): (.*)$")


@SETTINGS
@given(old=value_schema(), new=value_schema(), direction=st.sampled_from(list(Direction)))
def test_values_a_finding_names_are_counterexamples(
    old: dict[str, Any], new: dict[str, Any], direction: Direction
) -> None:
    writer, reader = (old, new) if direction is Direction.BACKWARD else (new, old)
    reads = jsonschema.Draft202012Validator(reader)
    writes = jsonschema.Draft202012Validator(writer)
    for finding in _check(old, new, direction):
        match = _NAMED.match(finding.message)
        top = finding.subject == "s.json#" or finding.subject.startswith("s.json#/anyOf/")
        if not match or not top:  # values of the document itself, or of a branch of it
            continue
        for text in match.group(2).split(", "):
            value = json.loads(text)
            assert writes.is_valid(value) and not reads.is_valid(value), (old, new, finding.message)


def test_a_renamed_definition_with_the_same_schema_is_the_same_branch() -> None:
    card = {"type": "object", "properties": {"number": {"type": "string"}}, "required": ["number"]}
    old = {"$defs": {"Card": card}, "oneOf": [{"$ref": "#/$defs/Card"}, {"type": "string"}]}
    new = {
        "$defs": {"PaymentCard": card},
        "oneOf": [{"type": "string"}, {"$ref": "#/$defs/PaymentCard"}],
    }
    for direction in Direction:
        assert _check(old, new, direction) == []


PROBES: list[Any] = [*VALUES, "", "zz", "GREEN", "green", "x", -6, -1, 0, 3, 9, 14, 2.5, True, None]


@SETTINGS
@given(old=value_schema(), new=value_schema(), direction=st.sampled_from(list(Direction)))
def test_a_compatible_verdict_keeps_every_probe_value(
    old: dict[str, Any], new: dict[str, Any], direction: Direction
) -> None:
    """Soundness of pairing: with no finding at all, every probe value the writer accepts the
    reader accepts too (jsonschema's validator decides)."""
    if _check(old, new, direction):
        return
    writer, reader = (old, new) if direction is Direction.BACKWARD else (new, old)
    writes = jsonschema.Draft202012Validator(writer)
    reads = jsonschema.Draft202012Validator(reader)
    for value in PROBES:
        if writes.is_valid(value):
            assert reads.is_valid(value), (writer, reader, value)
