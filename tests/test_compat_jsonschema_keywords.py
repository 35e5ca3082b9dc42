"""OpenAPI 3.0's `nullable` on bodies and properties, and the keyword families as the API
checkers meet them (`compare_schemas` on a schema inside a document)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from stele.compat.jsonschema import compare_schemas, load_documents
from stele.compat.model import Direction


def _api(schema: Any) -> bytes:
    doc = {
        "openapi": "3.0.3",
        "components": {"schemas": {"Money": {"type": "string"}, "Body": schema}},
    }
    return json.dumps(doc, indent=1).encode()


def _compare(old: Any, new: Any, direction: Direction) -> list[tuple[str, str]]:
    old_set = load_documents({"api.json": _api(old)}, openapi30=True)
    new_set = load_documents({"api.json": _api(new)}, openapi30=True)
    pointer = "/components/schemas/Body"
    found = compare_schemas(
        old_set.node("api.json", pointer),
        new_set.node("api.json", pointer),
        direction,
        old_resolver=old_set,
        new_resolver=new_set,
        subject_prefix="POST /pay request body",
    )
    return [(f.rule, f.subject) for f in found]


NULLABLE_PROPERTY = {"type": "object", "properties": {"note": {"type": "string", "nullable": True}}}
PLAIN_PROPERTY = {"type": "object", "properties": {"note": {"type": "string"}}}
REF = {"$ref": "#/components/schemas/Money"}


@pytest.mark.parametrize(
    ("old", "new", "direction", "expected"),
    [
        (
            NULLABLE_PROPERTY,
            PLAIN_PROPERTY,
            Direction.BACKWARD,
            [("json-nullable-removed", "POST /pay request body/properties/note")],
        ),
        (NULLABLE_PROPERTY, PLAIN_PROPERTY, Direction.FORWARD, []),
        (
            PLAIN_PROPERTY,
            NULLABLE_PROPERTY,
            Direction.FORWARD,
            [("json-nullable-added", "POST /pay request body/properties/note")],
        ),
        (
            {"type": "string", "nullable": True},
            {"type": "string"},
            Direction.BACKWARD,
            [("json-nullable-removed", "POST /pay request body")],
        ),
        # OpenAPI 3.0 ignores siblings of $ref: nullable beside a ref goes in an allOf
        (
            {"nullable": True, "allOf": [REF]},
            {"allOf": [REF]},
            Direction.BACKWARD,
            [("json-nullable-removed", "POST /pay request body")],
        ),
        (
            {"nullable": True, "allOf": [REF]},
            {"type": "string", "nullable": True},
            Direction.BACKWARD,
            [],
        ),
        (
            {"type": "object", "properties": {"m": {"nullable": True, "allOf": [REF]}}},
            {"type": "object", "properties": {"m": REF}},
            Direction.BACKWARD,
            [("json-nullable-removed", "POST /pay request body/properties/m")],
        ),
    ],
)
def test_openapi30_nullable_on_bodies_and_properties(
    old: Any, new: Any, direction: Direction, expected: list[tuple[str, str]]
) -> None:
    assert _compare(old, new, direction) == expected


def test_pattern_properties_in_a_body() -> None:
    old = {"type": "object", "additionalProperties": False}
    new = {
        "type": "object",
        "additionalProperties": False,
        "patternProperties": {"^x-": {"type": "string"}},
    }
    assert _compare(old, new, Direction.FORWARD) == [
        ("json-pattern-property-added", "POST /pay request body")
    ]
    assert _compare(old, new, Direction.BACKWARD) == []


def test_extensible_enum_in_a_body_property() -> None:
    old = {
        "type": "object",
        "properties": {"s": {"type": "string", "x-extensible-enum": ["A", "B"]}},
    }
    new = {
        "type": "object",
        "properties": {"s": {"type": "string", "x-extensible-enum": ["A", "C"]}},
    }
    assert _compare(old, new, Direction.BACKWARD) == [
        ("json-extensible-enum-value-removed", "POST /pay request body/properties/s")
    ]
    assert _compare(old, new, Direction.FORWARD) == []  # readers tolerate unknown values


def test_an_id_inside_a_component_schema_resolves() -> None:
    """OpenAPI 3.1 schemas may carry `$id`s: they are indexed under components too."""
    code = {"$id": "https://example.com/code.json", "type": "string", "maxLength": 10}
    doc = {
        "openapi": "3.1.0",
        "components": {
            "schemas": {"Code": code, "Body": {"$ref": "https://example.com/code.json"}}
        },
    }
    narrowed = json.loads(json.dumps(doc).replace('"maxLength": 10', '"maxLength": 5'))
    old_set = load_documents({"api.json": json.dumps(doc).encode()})
    new_set = load_documents({"api.json": json.dumps(narrowed).encode()})
    pointer = "/components/schemas/Body"
    found = compare_schemas(
        old_set.node("api.json", pointer),
        new_set.node("api.json", pointer),
        Direction.BACKWARD,
        old_resolver=old_set,
        new_resolver=new_set,
    )
    assert [(f.rule, f.subject) for f in found] == [
        ("json-max-length-decreased", "api.json#/components/schemas/Code")
    ]
