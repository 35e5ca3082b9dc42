"""`$ref` resolution in the JSON Schema checker: every draft's ids, anchors, files, limits.

References resolve with the `referencing` library over the loaded files only; each test
narrows a `maxLength` behind a reference and expects the finding there (an unresolved
reference would compare as equal text and hide it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stele.cli.main import cli
from stele.compat.jsonschema import CHECKER
from stele.compat.model import Direction
from stele.diagnostics import SteleError


def _narrowed(doc: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(doc).replace('"maxLength": 10', '"maxLength": 5')
    return dict(json.loads(text))


def _rules(old: dict[str, bytes], new: dict[str, bytes]) -> list[tuple[str, str]]:
    found = CHECKER.check(CHECKER.load(old), CHECKER.load(new), Direction.BACKWARD)
    return [(f.rule, f.subject) for f in found]


def _one(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return _rules(
        {"s.json": json.dumps(doc).encode()}, {"s.json": json.dumps(_narrowed(doc)).encode()}
    )


CODE = {"type": "string", "maxLength": 10}


@pytest.mark.parametrize(
    ("doc", "subject"),
    [
        # draft 4: `id` sets the base URI of an embedded resource
        (
            {
                "$schema": "http://json-schema.org/draft-04/schema#",
                "id": "https://example.com/root.json",
                "definitions": {"c": {"id": "code.json", **CODE}},
                "properties": {"p": {"$ref": "code.json"}},
            },
            "s.json#/definitions/c",
        ),
        # draft 4: a legacy `#name` id is an anchor
        (
            {
                "$schema": "http://json-schema.org/draft-04/schema#",
                "definitions": {"c": {"id": "#code", **CODE}},
                "properties": {"p": {"$ref": "#code"}},
            },
            "s.json#/definitions/c",
        ),
        # draft 7: `$id` of an embedded resource, relative to the root's
        (
            {
                "$schema": "http://json-schema.org/draft-07/schema#",
                "$id": "https://example.com/a/root.json",
                "definitions": {"c": {"$id": "../b/code.json", **CODE}},
                "properties": {"p": {"$ref": "https://example.com/b/code.json"}},
            },
            "s.json#/definitions/c",
        ),
        # 2020-12: `$anchor` and `$dynamicAnchor` (basic: the initial target)
        (
            {"$defs": {"c": {"$anchor": "code", **CODE}}, "properties": {"p": {"$ref": "#code"}}},
            "s.json#/$defs/c",
        ),
        (
            {
                "$defs": {"c": {"$dynamicAnchor": "code", **CODE}},
                "properties": {"p": {"$dynamicRef": "#code"}},
            },
            "s.json#/$defs/c",
        ),
        # a pointer through an embedded resource, from the outside
        (
            {
                "$id": "https://example.com/root.json",
                "$defs": {"inner": {"$id": "inner.json", "$defs": {"c": CODE}}},
                "properties": {"p": {"$ref": "inner.json#/$defs/c"}},
            },
            "s.json#/$defs/inner/$defs/c",
        ),
    ],
)
def test_references_of_every_draft_resolve(doc: dict[str, Any], subject: str) -> None:
    assert _one(doc) == [("json-max-length-decreased", subject)]


def test_a_property_called_id_is_not_an_id_in_draft4() -> None:
    doc = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "properties": {"id": {"type": "string"}, "p": {"$ref": "#/definitions/c"}},
        "definitions": {"c": CODE},
    }
    assert _one(doc) == [("json-max-length-decreased", "s.json#/definitions/c")]


def test_relative_refs_between_files_of_a_tree() -> None:
    old = {
        "orders/Order.json": json.dumps(
            {"properties": {"code": {"$ref": "../common/Code.json"}}}
        ).encode(),
        "common/Code.json": json.dumps(CODE).encode(),
    }
    new = dict(old)
    new["common/Code.json"] = json.dumps(_narrowed(CODE)).encode()
    assert ("json-max-length-decreased", "common/Code.json#") in _rules(old, new)


def test_a_file_outside_the_compared_folder_is_never_read(tmp_path: Path) -> None:
    (tmp_path / "Code.json").write_text(json.dumps(CODE))
    for side, length in (("old", 10), ("new", 5)):
        (tmp_path / side).mkdir()
        (tmp_path / side / "Order.json").write_text(
            json.dumps({"properties": {"code": {"$ref": "../Code.json"}}})
        )
        (tmp_path / side / "Other.json").write_text(json.dumps({**CODE, "maxLength": length}))
    args = ["diff", "--format", "jsonschema", "-o", "json"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "old"), str(tmp_path / "new")])
    rules = [f["rule"] for f in json.loads(result.output)["findings"]]
    assert rules == ["json-max-length-decreased"]  # Other.json; ../Code.json is the same text


def test_recursive_schemas_compare_once() -> None:
    node = {
        "$defs": {
            "n": {
                "type": "object",
                "properties": {"next": {"$ref": "#/$defs/n"}, "v": CODE},
            }
        },
        "$ref": "#/$defs/n",
    }
    assert _one(node) == [("json-max-length-decreased", "s.json#/$defs/n/properties/v")]


def _error(doc: dict[str, Any]) -> tuple[str, str]:
    data = {"s.json": json.dumps(doc, indent=1).encode()}
    with pytest.raises(SteleError) as caught:
        CHECKER.check(CHECKER.load(data), CHECKER.load(data), Direction.BACKWARD)
    [diagnostic] = caught.value.diagnostics
    return diagnostic.code, f"{diagnostic.span.path}:{diagnostic.span.line}"


def test_a_loop_of_refs_is_a_located_error() -> None:
    doc = {
        "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
        "properties": {"p": {"$ref": "#/$defs/a"}},
    }
    assert _error(doc) == ("D014", "s.json:11")  # the property whose $ref loops


def test_a_chain_of_ever_new_definitions_is_a_located_error() -> None:
    defs: dict[str, Any] = {
        f"d{i}": {"properties": {"x": {"$ref": f"#/$defs/d{i + 1}"}}} for i in range(500)
    }
    defs["d500"] = CODE
    code, where = _error({"$defs": defs, "$ref": "#/$defs/d0"})
    assert code == "D014" and where.startswith("s.json:")


def test_a_ref_into_nowhere_stays_unresolved() -> None:
    old = {"properties": {"p": {"$ref": "#/$defs/missing"}}}
    new = {"properties": {"p": {"$ref": "#/$defs/gone"}}}
    assert _rules({"s.json": json.dumps(old).encode()}, {"s.json": json.dumps(new).encode()}) == [
        ("json-ref-unresolved", "s.json#/properties/p")
    ]


@pytest.mark.parametrize(
    "odd",
    [
        {"$id": 5},
        {"$id": "http://[bad"},
        {"$anchor": ["x"]},
        {"id": {"a": 1}, "$schema": "http://json-schema.org/draft-04/schema#"},
        {"properties": [1, 2]},
        {"allOf": 7},
        {"$ref": "#/properties/0/x"},
        {"$ref": "http://[bad"},
    ],
)
def test_wrongly_typed_reference_keywords_never_crash(odd: dict[str, Any]) -> None:
    data = {"s.json": json.dumps({"properties": {"p": odd}}).encode()}
    try:
        CHECKER.check(CHECKER.load(data), CHECKER.load(data), Direction.BACKWARD)
    except SteleError as exc:
        assert {d.code for d in exc.diagnostics} <= {"D008", "D014"}


def test_a_ref_to_another_file_by_its_absolute_id() -> None:
    code = {"$id": "https://example.com/schemas/code.json", **CODE}
    old = {
        "order.json": json.dumps(
            {"properties": {"code": {"$ref": "https://example.com/schemas/code.json"}}}
        ).encode(),
        "shared/code.json": json.dumps(code).encode(),
    }
    new = dict(old)
    new["shared/code.json"] = json.dumps(_narrowed(code)).encode()
    assert ("json-max-length-decreased", "shared/code.json#") in _rules(old, new)
