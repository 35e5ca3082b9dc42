"""OpenAPI: one finding per change to a shared definition, each pair of component schemas
compared once, and `reached_by` in every output."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from stele.compat.model import Direction, Finding
from stele.compat.openapi import CHECKER
from stele.diagnostics import Severity

EXAMPLE = Path(__file__).parent.parent / "codegen" / "openapi" / "openapi.json"
NAME = "openapi.json"


def _check(doc_old: dict[str, Any], doc_new: dict[str, Any], direction: Direction) -> list[Finding]:
    load = CHECKER.load
    old = load({NAME: json.dumps(doc_old, indent=2).encode()})
    new = load({NAME: json.dumps(doc_new, indent=2).encode()})
    return CHECKER.check(old, new, direction)


def _edited() -> tuple[dict[str, Any], dict[str, Any]]:
    old = json.loads(EXAMPLE.read_text())
    new = json.loads(EXAMPLE.read_text())
    schemas = new["components"]["schemas"]
    order = schemas["food.order.Order"]
    del order["properties"]["placed_at"]
    order["required"].remove("placed_at")
    schemas["food.order.OrderState"]["enum"].append("ON_HOLD")
    schemas["food.order.LineItem"]["required"].append("note")
    schemas["food.order.LineItem"]["properties"]["note"] = {"type": "string"}
    return old, new


@pytest.mark.parametrize("direction", [Direction.BACKWARD, Direction.FORWARD])
def test_remembered_pairs_give_the_findings_of_comparing_each_operation_afresh(
    direction: Direction, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = _edited()
    remembered = _check(old, new, direction)
    from stele.compat.jsonschema.compare import Comparator
    from stele.compat.openapi import memo

    monkeypatch.setattr(memo.SharedComparator, "compare", Comparator.compare)
    monkeypatch.setattr(memo.SharedComparator, "proves", Comparator.proves)
    afresh = _check(old, new, direction)
    assert remembered == afresh
    assert any(f.reached_by for f in remembered)


def test_a_pair_of_components_is_compared_once_however_many_operations_reach_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from stele.compat.jsonschema.compare import Comparator

    old, new = _edited()
    compared: list[str] = []
    original = Comparator._compare_pair

    def counting(self: Comparator, writer: Any, reader: Any, *rest: Any) -> None:
        if writer.pointer == "/components/schemas/food.order.Order":
            compared.append(self.direction.value)
        original(self, writer, reader, *rest)

    monkeypatch.setattr(Comparator, "_compare_pair", counting)
    findings = _check(old, new, Direction.BACKWARD)
    # Order is in the responses of four operations: one comparison (response view, FORWARD
    # semantics), and one finding for its removed property, reaching all four.
    assert compared == ["forward"]
    (removed,) = [f for f in findings if f.rule == "openapi-response-property-removed"]
    assert removed.subject == "#/components/schemas/food.order.Order/properties/placed_at"
    assert len(removed.reached_by) == 3


def test_reports_show_the_operations_a_shared_change_reaches() -> None:
    from stele.report.findings import from_finding
    from stele.report.model import Report
    from stele.report.text import render_result

    reached = tuple(f"GET /r{i} response default application/json" for i in range(5))
    finding = Finding(
        "openapi-response-enum-value-added",
        Severity.ERROR,
        Direction.BACKWARD,
        "openapi",
        'response schema #/components/schemas/error: enum values added: "x"',
        "#/components/schemas/error",
        reached_by=reached,
    )
    result = from_finding(finding)
    text = render_result(result)
    assert text.splitlines()[-1] == (
        "    reached by 5 operations: GET /r0 response default application/json, "
        "GET /r1 response default application/json, GET /r2 response default "
        "application/json and 2 more"
    )
    assert result.to_json()["reached_by"] == list(reached)
    assert finding.to_json()["reached_by"] == list(reached)
    from stele.report import sarif

    doc = json.loads(sarif.render(Report.of("diff", [result], [])))
    assert doc["runs"][0]["results"][0]["properties"]["reached_by"] == list(reached)


def _callback_cycle() -> dict[str, Any]:
    looping = {
        "{$request.body#/url}": {
            "post": {
                "callbacks": {"again": {"$ref": "#/components/callbacks/Loop"}},
                "responses": {"200": {"description": "OK"}},
            }
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/hooks": {
                "post": {
                    "callbacks": {"loop": {"$ref": "#/components/callbacks/Loop"}},
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
        "components": {"callbacks": {"Loop": looping}},
    }


def test_callbacks_that_refer_to_themselves_end() -> None:
    doc = _callback_cycle()
    assert _check(doc, doc, Direction.BACKWARD) == []
    changed = _callback_cycle()
    del changed["components"]["callbacks"]["Loop"]["{$request.body#/url}"]["post"]
    changed["components"]["callbacks"]["Loop"]["{$request.body#/url}"]["put"] = {
        "responses": {"200": {"description": "OK"}}
    }
    assert [f.rule for f in _check(doc, changed, Direction.BACKWARD)] == [
        "openapi-callback-removed"
    ]


def test_removing_a_draft_operation_is_info() -> None:
    old = json.loads(EXAMPLE.read_text())
    old["paths"]["/orders"]["post"]["x-stability-level"] = "draft"
    new = json.loads(json.dumps(old))
    del new["paths"]["/orders"]["post"]
    (removed,) = _check(old, new, Direction.BACKWARD)
    assert (removed.rule, removed.severity) == ("openapi-operation-removed", Severity.INFO)


_ODD = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
_PLACES = st.sampled_from(
    [
        ("op", "callbacks"),
        ("op", "x-sunset"),
        ("op", "x-stability-level"),
        ("op", "deprecated"),
        ("response", "headers"),
        ("response", "links"),
        ("parameter", "schema"),
        ("parameter", "deprecated"),
    ]
)


def _orders_only() -> dict[str, Any]:
    """The example document with only its `/orders` path (both operations) and every component:
    the odd values go into `GET /orders`, and the other seven paths, identical on both sides,
    would only double the cost of each example (docs/testing.md, "What the suite costs")."""
    doc: dict[str, Any] = json.loads(EXAMPLE.read_text())
    doc["paths"] = {"/orders": doc["paths"]["/orders"]}
    return doc


@settings(max_examples=examples(150), deadline=None)
@given(place=_PLACES, old_value=_ODD, new_value=_ODD)
def test_odd_values_where_the_new_checks_look_never_end_in_an_internal_error(
    place: tuple[str, str], old_value: Any, new_value: Any
) -> None:
    """Whatever a document holds at the places the lifecycle and exchange checks read (callbacks,
    x-sunset, x-stability-level, headers, links, parameter schemas), the check ends with
    findings or a located error, never another exception."""
    from stele.diagnostics import SteleError

    docs = []
    for value in (old_value, new_value):
        doc = _orders_only()
        op = doc["paths"]["/orders"]["get"]
        target = {
            "op": op,
            "response": op["responses"]["200"],
            "parameter": op["parameters"][0],
        }[place[0]]
        target[place[1]] = value
        docs.append(doc)
    for direction in (Direction.BACKWARD, Direction.FORWARD):
        with contextlib.suppress(SteleError):
            _check(docs[0], docs[1], direction)
