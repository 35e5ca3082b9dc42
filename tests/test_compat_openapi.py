"""The OpenAPI checker on the example project's document: the breaking edits a client team
fears most are each caught with the exact finding; additive edits are not flagged."""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stele.compat.model import Direction, Finding
from stele.compat.openapi import CHECKER, OpenApiChecker
from stele.diagnostics import Severity

EXAMPLE = Path(__file__).parent.parent / "codegen" / "openapi" / "openapi.json"
NAME = "openapi.json"
Edit = Callable[[dict[str, Any]], None]


def _base() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(EXAMPLE.read_text())
    return doc


def _check(
    edit: Edit, direction: Direction = Direction.BACKWARD, checker: OpenApiChecker = CHECKER
) -> list[Finding]:
    old, new = _base(), _base()
    edit(new)
    load = checker.load
    return checker.check(load({NAME: _dump(old)}), load({NAME: _dump(new)}), direction)


def _dump(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, indent=2) + "\n").encode()


def _summary(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    return [(f.rule, f.severity.value, f.subject, f.message) for f in findings]


def _line(doc: dict[str, Any], line: int) -> str:
    return _dump(doc).decode().splitlines()[line - 1].strip()


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = doc["components"]["schemas"]
    return schemas


def test_the_example_document_is_compatible_with_itself() -> None:
    files = {NAME: EXAMPLE.read_bytes()}
    docs = CHECKER.load(files)
    assert CHECKER.check(docs, docs, Direction.BACKWARD) == []
    assert CHECKER.check(docs, docs, Direction.FORWARD) == []


def test_removed_endpoint() -> None:
    def edit(doc: dict[str, Any]) -> None:
        del doc["paths"]["/restaurants/{restaurant_id}"]

    findings = _check(edit)
    assert _summary(findings) == [
        (
            "openapi-path-removed",
            "error",
            "/restaurants/{restaurant_id}",
            "path /restaurants/{restaurant_id} removed",
        )
    ]
    old = findings[0].old
    assert old is not None and findings[0].new is None
    assert _line(_base(), old.line) == '"/restaurants/{restaurant_id}": {'
    assert old.column == 5


def test_removed_operation_of_a_remaining_path() -> None:
    def edit(doc: dict[str, Any]) -> None:
        del doc["paths"]["/orders"]["get"]

    assert _summary(_check(edit)) == [
        ("openapi-operation-removed", "error", "GET /orders", "operation GET /orders removed")
    ]


def test_new_required_query_parameter() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["paths"]["/orders"]["get"]["parameters"].append(
            {"name": "tenant", "in": "query", "required": True, "schema": {"type": "string"}}
        )

    findings = _check(edit)
    assert _summary(findings) == [
        (
            "openapi-required-parameter-added",
            "error",
            "GET /orders query:tenant",
            "GET /orders: required query parameter 'tenant' added",
        )
    ]
    new = findings[0].new
    assert new is not None
    new_doc = _base()
    edit(new_doc)
    assert _line(new_doc, new.line) == "{"  # the parameter object in the list


def test_request_field_made_required() -> None:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["food.order.NewOrder"]["required"].append("delivery_instructions")

    at = "#/components/schemas/food.order.NewOrder/properties/delivery_instructions"
    findings = _check(edit)
    # A change to a component is told once, at the component, with the operations it reaches.
    assert _summary(findings) == [
        (
            "openapi-request-property-became-required",
            "error",
            at,
            f"request body schema {at}: property 'delivery_instructions' became required",
        )
    ]
    assert findings[0].reached_by == ("POST /orders request body application/json",)


def test_response_field_removed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        order = _schemas(doc)["food.order.Order"]
        del order["properties"]["placed_at"]
        order["required"].remove("placed_at")

    at = "#/components/schemas/food.order.Order/properties/placed_at"
    message = (
        "property 'placed_at' removed; the new schema's open content model accepts any value for it"
    )
    # A delivery embeds its order; GET /orders/{order_id} inlines its own copy of the schema.
    # One change to the component: one finding, with every operation it reaches.
    findings = _check(edit)
    assert _summary(findings) == [
        ("openapi-response-property-removed", "error", at, f"response schema {at}: {message}")
    ]
    assert findings[0].reached_by == (
        "GET /deliveries/{delivery_id} response 200 application/json",
        "GET /orders response 200 application/json",
        "POST /orders response 201 application/json",
    )


def test_parameter_type_changed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["paths"]["/orders"]["get"]["parameters"][3]["schema"] = {"type": "integer"}

    assert _summary(_check(edit)) == [
        (
            "openapi-parameter-type-changed",
            "error",
            "GET /orders query:page_token",
            "GET /orders query parameter 'page_token': type changed from [string] to [integer]",
        )
    ]


def test_a_plain_string_parameter_reads_any_text() -> None:
    """Parameters travel as text: a service whose parameter became a plain string reads every
    integer an old client sends (oasdiff reports the type change; stele does not). New clients
    may send any text to the old service, which wants an integer."""

    def edit(doc: dict[str, Any]) -> None:
        doc["paths"]["/orders"]["get"]["parameters"][2]["schema"] = {"type": "string"}

    assert [f.rule for f in _check(edit)] == ["openapi-parameter-default-changed"]
    assert _summary(_check(edit, Direction.FORWARD)) == [
        (
            "openapi-parameter-type-changed",
            "error",
            "GET /orders query:page_size",
            # told in the documents' order: the new version made it a string
            "GET /orders query parameter 'page_size': type changed from [integer] to [string]",
        )
    ]


def test_a_constrained_string_parameter_is_compared() -> None:
    def edit(doc: dict[str, Any]) -> None:
        schema = {"type": "string", "minLength": 1}
        doc["paths"]["/orders"]["get"]["parameters"][2]["schema"] = schema

    assert _summary(_check(edit)) == [
        (
            "openapi-parameter-type-changed",
            "error",
            "GET /orders query:page_size",
            "GET /orders query parameter 'page_size': type changed from [integer] to [string]",
        ),
        (
            "openapi-parameter-default-changed",
            "info",
            "GET /orders query:page_size default",
            "GET /orders: query parameter 'page_size': default 20 removed",
        ),
    ]


def test_enum_narrowed_in_a_request() -> None:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["food.order.OrderState"]["enum"].remove("CANCEL_PENDING")

    # Responses may narrow: only the request parameter that carries the enum is flagged.
    at = "#/components/schemas/food.order.OrderState"
    findings = _check(edit)
    assert _summary(findings) == [
        (
            "openapi-parameter-enum-value-removed",
            "error",
            at,
            f'parameter schema {at}: enum values removed: "CANCEL_PENDING"',
        )
    ]
    assert findings[0].reached_by == ("GET /orders query parameter 'state'",)


def _new_endpoint(doc: dict[str, Any]) -> None:
    doc["paths"]["/orders/{order_id}/receipt"] = {
        "get": {
            "operationId": "OrderService_GetReceipt",
            "parameters": [
                {"name": "order_id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {"200": {"description": "OK"}},
        }
    }


def _new_optional_parameter(doc: dict[str, Any]) -> None:
    doc["paths"]["/orders"]["get"]["parameters"].append(
        {"name": "placed_after", "in": "query", "schema": {"type": "string"}}
    )


def _new_optional_response_field(doc: dict[str, Any]) -> None:
    _schemas(doc)["food.order.Order"]["properties"]["eta"] = {"type": "string"}


def _new_optional_request_field(doc: dict[str, Any]) -> None:
    _schemas(doc)["food.order.NewOrder"]["properties"]["coupon"] = {"type": "string"}


@pytest.mark.parametrize(
    "edit",
    [
        _new_endpoint,
        _new_optional_parameter,
        _new_optional_response_field,
        _new_optional_request_field,
    ],
)
def test_additive_changes_are_not_flagged(edit: Edit) -> None:
    assert _check(edit) == []


def test_a_new_endpoint_is_noted_in_forward() -> None:
    """New clients of an old service never call an operation the old version lacks: only one
    that moved (its operationId is elsewhere in the old document) breaks them."""
    findings = _check(_new_endpoint, Direction.FORWARD)
    assert _summary(findings) == [
        (
            "openapi-path-removed",
            "info",
            "/orders/{order_id}/receipt",
            "path /orders/{order_id}/receipt added: new in this version, so no client of an old "
            "service calls it",
        )
    ]
    assert findings[0].direction is Direction.FORWARD
    assert findings[0].old is None and findings[0].new is not None


def _moved_endpoint(doc: dict[str, Any]) -> None:
    doc["paths"]["/v2/orders"] = doc["paths"].pop("/orders")


def test_a_moved_endpoint_breaks_new_clients_of_an_old_server() -> None:
    assert _summary(_check(_moved_endpoint, Direction.FORWARD)) == [
        (
            "openapi-path-removed",
            "error",
            "/v2/orders",
            "path /v2/orders added: new clients call it, and the old service does not serve it",
        )
    ]


def test_a_new_endpoint_without_an_operation_id_counts_as_moved() -> None:
    def edit(doc: dict[str, Any]) -> None:
        _new_endpoint(doc)
        del doc["paths"]["/orders/{order_id}/receipt"]["get"]["operationId"]

    assert _summary(_check(edit, Direction.FORWARD)) == [
        (
            "openapi-path-removed",
            "error",
            "/orders/{order_id}/receipt",
            "path /orders/{order_id}/receipt added: new clients call it, and the old service"
            " does not serve it",
        )
    ]


def test_paths_match_ignoring_parameter_names() -> None:
    def edit(doc: dict[str, Any]) -> None:
        item = doc["paths"].pop("/orders/{order_id}")
        item["get"]["parameters"][0]["name"] = "id"
        doc["paths"]["/orders/{id}"] = item

    assert _check(edit) == []


def test_severity_overrides_from_stele_yaml() -> None:
    from stele.compat.catalogue import apply_severity_overrides

    def edit(doc: dict[str, Any]) -> None:
        del doc["paths"]["/restaurants/{restaurant_id}"]

    found = _check(edit)
    assert [f.severity for f in found] == [Severity.ERROR]
    overrides = {"openapi-path-removed": {"severity": "warning"}}
    assert [f.severity for f in apply_severity_overrides(found, overrides)] == [Severity.WARNING]


def test_sunset_is_judged_against_the_given_day() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["paths"]["/orders"]["get"]["x-sunset"] = "2030-01-01"

    before = OpenApiChecker(today=datetime.date(2029, 1, 1))
    after = OpenApiChecker(today=datetime.date(2031, 1, 1))
    assert _summary(_check(edit, checker=before)) == [
        (
            "openapi-sunset-changed",
            "info",
            "GET /orders sunset",
            "GET /orders: sunset set to 2030-01-01 (announced)",
        )
    ]
    assert [f.severity for f in _check(edit, checker=after)] == [Severity.WARNING]


def test_yaml_documents_are_located_too() -> None:
    import yaml

    old = _base()
    new = copy.deepcopy(old)
    del new["paths"]["/orders"]["post"]
    text = yaml.safe_dump(old, sort_keys=False)
    findings = CHECKER.check(
        CHECKER.load({"api.yaml": text.encode()}),
        CHECKER.load({"api.yaml": yaml.safe_dump(new, sort_keys=False).encode()}),
        Direction.BACKWARD,
    )
    assert _summary(findings) == [
        ("openapi-operation-removed", "error", "POST /orders", "operation POST /orders removed")
    ]
    old_loc = findings[0].old
    assert old_loc is not None
    assert text.splitlines()[old_loc.line - 1][old_loc.column - 1 :] == "post:"


def test_a_required_property_given_a_default_is_still_written() -> None:
    """stele leaves a required field with a default out of `required` and marks it
    `x-stele-always-written`: every writer writes it, so clients and services that require
    it do not break (warnings, not the rules' errors)."""

    def edit(doc: dict[str, Any]) -> None:
        line = _schemas(doc)["food.order.LineItem"]
        line["required"].remove("name")
        line["properties"]["name"].update({"default": "", "x-stele-always-written": True})

    at = "#/components/schemas/food.order.LineItem/properties/name"
    backward = _check(edit)
    assert [(f.rule, f.severity.value, f.subject) for f in backward] == [
        ("openapi-response-property-became-optional", "warning", at)
    ]
    assert backward[0].reached_by == tuple(
        f"{op} response {status} application/json"
        for op, status in (
            ("GET /deliveries/{delivery_id}", "200"),
            ("GET /orders", "200"),
            ("GET /orders/{order_id}", "200"),
            ("POST /orders", "201"),
        )
    )
    assert _summary(_check(edit, Direction.FORWARD)) == [
        (
            "openapi-request-property-became-required",
            "warning",
            at,
            f"request body schema {at}: property 'name' is no longer required (the "
            "writer's schema marks it x-stele-always-written)",
        )
    ]


def test_new_operations_are_told_apart_from_moved_ones_in_one_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The old document's operationIds are gathered once, not once per new operation."""
    from stele.compat.openapi import checks, context
    from stele.compat.openapi.pairing import operations as real

    def edit(doc: dict[str, Any]) -> None:
        for i in range(200):
            doc["paths"][f"/extra/{i}"] = {
                "get": {"operationId": f"Extra_{i}", "responses": {"200": {"description": "OK"}}}
            }

    calls: list[str] = []

    def counted(doc: Any) -> Any:
        calls.append(doc.path)
        return real(doc)

    monkeypatch.setattr(checks, "operations", counted)
    monkeypatch.setattr(context, "operations", counted)  # Context.new_ids gathers the ids
    found = _check(edit, Direction.FORWARD)
    assert [f.severity for f in found] == [Severity.INFO] * 200
    assert len(calls) == 3  # each document once by the walk, the old one once for its ids
