"""The JSON Schema of the contract language: valid 2020-12, accepts the example project, rejects
bad documents at the exact place, and agrees with the keys the loader accepts."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from stele.ir import Style
from stele.source import build_services, build_types, loader
from stele.source.yaml_nodes import parse_yaml, to_value

CONTRACTS = Path(__file__).resolve().parent.parent / "contracts"
CONTRACT_FILES = sorted(CONTRACTS.glob("*.yaml"))


def load_schema() -> dict[str, Any]:
    text = resources.files("stele").joinpath("schemas/contract.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


SCHEMA = load_schema()
VALIDATOR = Draft202012Validator(SCHEMA)


def errors_of(document: object) -> list[tuple[list[str | int], str]]:
    """Every error as (path into the document, failing keyword), sorted."""
    return sorted(
        ((list(e.absolute_path), str(e.validator)) for e in VALIDATOR.iter_errors(document)),
        key=repr,
    )


def read_contract(path: Path) -> object:
    """A contract file as plain data, read the way the loader reads it (YAML 1.2 core schema)."""
    node = parse_yaml(path.read_text("utf-8"), path.name)
    assert node is not None
    return to_value(node)


def test_schema_is_valid_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_example_project_has_the_seven_packages() -> None:
    assert [p.name for p in CONTRACT_FILES] == [
        "accounting.yaml",
        "common.yaml",
        "consumer.yaml",
        "delivery.yaml",
        "kitchen.yaml",
        "order.yaml",
        "restaurant.yaml",
    ]


@pytest.mark.parametrize("path", CONTRACT_FILES, ids=lambda p: p.name)
def test_every_example_contract_is_valid(path: Path) -> None:
    assert errors_of(read_contract(path)) == []


RECORD = {"fields": {"id": "uuid"}}


def with_type(body: object) -> dict[str, object]:
    return {"package": "shop.core", "types": {"Item": body}}


def with_operation(body: dict[str, object]) -> dict[str, object]:
    return {"package": "shop.core", "services": {"ShopService": {"operations": {"Op": body}}}}


BAD_DOCUMENTS: dict[str, tuple[object, list[tuple[list[str | int], str]]]] = {
    "missing package": ({"types": {}}, [([], "required")]),
    "unknown top-level key": (
        {"package": "shop.core", "imports": []},
        [([], "additionalProperties")],
    ),
    "package not lower-case dotted": ({"package": "Shop.Core"}, [(["package"], "pattern")]),
    "unknown key in a field": (
        with_type({"fields": {"id": {"type": "uuid", "colour": "red"}}}),
        [(["types", "Item", "fields", "id"], "additionalProperties")],
    ),
    "field without type": (
        with_type({"fields": {"id": {"doc": "x"}}}),
        [(["types", "Item", "fields", "id"], "required")],
    ),
    "nested collection": (
        with_type({"fields": {"grid": "list<list<int32>>"}}),
        [(["types", "Item", "fields", "grid"], "pattern")],
    ),
    "map with a non-string key": (
        with_type({"fields": {"m": "map<int32,string>"}}),
        [(["types", "Item", "fields", "m"], "pattern")],
    ),
    "field number in the protobuf reserved range": (
        with_type({"fields": {"id": {"type": "uuid", "number": 19500}}}),
        [(["types", "Item", "fields", "id", "number"], "not")],
    ),
    "field number too large": (
        with_type({"fields": {"id": {"type": "uuid", "number": 536870912}}}),
        [(["types", "Item", "fields", "id", "number"], "maximum")],
    ),
    "field name not snake_case": (
        with_type({"fields": {"orderId": "uuid"}}),
        [(["types", "Item", "fields"], "pattern")],
    ),
    "type name not PascalCase": (
        {"package": "shop.core", "types": {"item": RECORD}},
        [(["types"], "pattern")],
    ),
    "record without fields": (with_type({"doc": "x"}), [(["types", "Item"], "required")]),
    "enum symbol not UPPER_SNAKE": (
        with_type({"enum": ["OPEN", "closed"]}),
        [(["types", "Item", "enum", 1], "pattern")],
    ),
    "enum symbol UNSPECIFIED, short and long form": (
        {
            "package": "shop.core",
            "types": {
                "Size": {"enum": ["SMALL", "UNSPECIFIED"]},
                "Brand": {"enum": {"UNSPECIFIED": {"number": 1}}},
            },
        },
        [
            (["types", "Size", "enum", 1], "pattern"),
            (["types", "Brand", "enum"], "pattern"),
        ],
    ),
    "unknown key in an enum symbol": (
        with_type({"enum": {"OPEN": {"number": 1, "value": 3}}}),
        [(["types", "Item", "enum", "OPEN"], "additionalProperties")],
    ),
    "bad reserved entry": (
        with_type({"fields": {"id": "uuid"}, "reserved": ["9..11"]}),
        [(["types", "Item", "reserved", 0], "anyOf")],
    ),
    "union variant with a bad key": (
        with_type({"union": {"card": {"type": "Card", "weight": 2}}}),
        [(["types", "Item", "union", "card"], "additionalProperties")],
    ),
    "bad message kind": (
        {"package": "shop.core", "messages": {"ItemAdded": {"kind": "query", "body": "Item"}}},
        [(["messages", "ItemAdded", "kind"], "enum")],
    ),
    "envelope header declared again": (
        {
            "package": "shop.core",
            "messages": {
                "ItemAdded": {"kind": "event", "body": "Item", "headers": {"message_id": "uuid"}}
            },
        },
        [(["messages", "ItemAdded", "headers"], "not")],
    ),
    "header of a record type": (
        {
            "package": "shop.core",
            "messages": {
                "ItemAdded": {"kind": "event", "body": "Item", "headers": {"who": "Item"}}
            },
        },
        [(["messages", "ItemAdded", "headers", "who"], "pattern")],
    ),
    "message example without body": (
        {
            "package": "shop.core",
            "messages": {
                "ItemAdded": {"kind": "event", "body": "Item", "examples": [{"name": "x"}]}
            },
        },
        [(["messages", "ItemAdded", "examples", 0], "required")],
    ),
    "bad channel style": (
        {
            "package": "shop.core",
            "channels": {
                "item-events": {"style": "fan-out", "owner": "ShopService", "messages": []}
            },
        },
        [(["channels", "item-events", "style"], "enum")],
    ),
    "channel name with capitals": (
        {
            "package": "shop.core",
            "channels": {"ItemEvents": {"style": "point-to-point", "owner": "S", "messages": []}},
        },
        [(["channels"], "pattern")],
    ),
    "bad operation style": (
        with_operation({"style": "fire-and-forget", "message": "M", "channel": "c"}),
        [(["services", "ShopService", "operations", "Op", "style"], "enum")],
    ),
    "channel on a request-response operation": (
        with_operation({"style": "request-response", "response": "Item", "channel": "item-events"}),
        [(["services", "ShopService", "operations", "Op", "channel"], "not")],
    ),
    "async request/response without reply": (
        with_operation({"style": "async-request-response", "message": "M", "channel": "c"}),
        [(["services", "ShopService", "operations", "Op"], "required")],
    ),
    "publish/async responses with a bad window": (
        with_operation(
            {
                "style": "publish-async-responses",
                "message": "M",
                "channel": "c",
                "reply": "R",
                "window": "30 seconds",
            }
        ),
        [(["services", "ShopService", "operations", "Op", "window"], "pattern")],
    ),
    "bad http method": (
        with_operation(
            {
                "style": "request-response",
                "response": "Item",
                "http": {"method": "FETCH", "path": "/x"},
            }
        ),
        [(["services", "ShopService", "operations", "Op", "http", "method"], "enum")],
    ),
    "availability above one": (
        {
            "package": "shop.core",
            "services": {"ShopService": {"availability": 99.5, "operations": {}}},
        },
        [(["services", "ShopService", "availability"], "maximum")],
    ),
    "call that is not Service.Operation": (
        with_operation(
            {"style": "request-response", "response": "Item", "uses": {"calls": ["GetItem"]}}
        ),
        [(["services", "ShopService", "operations", "Op", "uses", "calls", 0], "pattern")],
    ),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
def test_bad_document_is_rejected_at_the_exact_place(name: str) -> None:
    document, expected = BAD_DOCUMENTS[name]
    assert errors_of(document) == sorted(expected, key=repr)


GOOD_DOCUMENTS = {
    "short forms and single names": {
        "package": "shop.core",
        "types": {
            "Item": {
                "fields": {
                    "id": "uuid",
                    "price": "decimal(12, 2)",
                    "tags": "map<string>",
                    "old": {"type": "string?", "renamed_from": "older", "deprecated": True},
                },
                "reserved": [3, "5-7", "9 to max", "gone"],
            }
        },
        "channels": {
            "item.events": {"style": "publish-subscribe", "owner": "S", "messages": "ItemAdded"}
        },
    },
    "lower-case method": with_operation(
        {
            "style": "request-response",
            "response": "Item",
            "http": {"method": "get", "path": "/items"},
        }
    ),
    "iso 8601 window": with_operation(
        {
            "style": "publish-async-responses",
            "role": "send",
            "message": "M",
            "channel": "c",
            "reply": "R",
            "window": "PT1M30S",
        }
    ),
    "empty sections": {"package": "shop", "types": None, "messages": None},
}


@pytest.mark.parametrize("name", list(GOOD_DOCUMENTS))
def test_good_document_is_accepted(name: str) -> None:
    assert errors_of(GOOD_DOCUMENTS[name]) == []


# --- the schema agrees with the loader ----------------------------------------------------------


def properties(definition: str) -> set[str]:
    return set(SCHEMA["$defs"][definition]["properties"])


@pytest.mark.parametrize(
    ("definition", "loader_keys"),
    [
        ("record", build_types.RECORD_KEYS),
        ("enum", build_types.ENUM_KEYS),
        ("union", build_types.UNION_KEYS),
        ("fieldSpec", build_types.FIELD_KEYS),
        ("message", build_services.MESSAGE_KEYS),
        ("channel", build_services.CHANNEL_KEYS),
        ("service", build_services.SERVICE_KEYS),
        ("http", build_services.HTTP_KEYS),
    ],
)
def test_schema_keys_match_the_loader(definition: str, loader_keys: tuple[str, ...]) -> None:
    assert properties(definition) == set(loader_keys)


def test_file_keys_match_the_loader() -> None:
    assert set(SCHEMA["properties"]) == set(loader.FILE_KEYS)
    assert SCHEMA["required"] == ["package"]


def style_rule(style: Style) -> dict[str, Any]:
    rules = SCHEMA["$defs"]["operation"]["allOf"]
    return next(r["then"] for r in rules if r["if"]["properties"]["style"]["const"] == style.value)


@pytest.mark.parametrize("style", list(Style), ids=str)
def test_operation_keys_per_style_match_the_loader(style: Style) -> None:
    rule = style_rule(style)
    all_keys = properties("operation")
    allowed = set(build_services.COMMON_OP_KEYS) | set(build_services.STYLE_KEYS[style])
    forbidden = {key for key, sub in rule.get("properties", {}).items() if sub.get("not") == {}}
    assert all_keys - forbidden == allowed
    assert rule["required"] == list(build_services.STYLE_REQUIRED[style])
