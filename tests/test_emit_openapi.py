"""OpenAPI 3.1 emitter: golden documents, openapi-spec-validator on every generated document,
examples validated with jsonschema, parameters / bodies / expand / problem+json."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from _json_golden import GOLDEN, check_golden
from _json_project import build_project, context
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from stele.config import ContentModel, Options
from stele.emit.base import EmitContext
from stele.emit.openapi import DOCUMENT_PATH, OpenApiEmitter
from stele.source.loader import load_project

CLOSED = Options(json_content_model=ContentModel.CLOSED, int64_as_string=True)
ROOT = Path(__file__).parent.parent
ORDER_ID = "5f0c2b7e-8d1a-4c3b-9e6f-1a2b3c4d5e6f"


def document(options: Options | None = None) -> dict[str, Any]:
    artifacts = OpenApiEmitter().emit(context(options))
    assert sorted(artifacts) == [DOCUMENT_PATH]
    result: dict[str, Any] = json.loads(artifacts[DOCUMENT_PATH])
    return result


def schema_validator(doc: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """Validate against a schema of the document, resolving `#/components/...` in it."""
    registry: Registry[Any] = Registry().with_resource("urn:doc", DRAFT202012.create_resource(doc))
    rooted = json.loads(json.dumps(schema).replace('"#/components/', '"urn:doc#/components/'))
    return Draft202012Validator(rooted, registry=registry)


def test_golden_open() -> None:
    artifacts = OpenApiEmitter().emit(context())
    check_golden(GOLDEN / "openapi" / "open", artifacts, "openapi/")


def test_golden_closed() -> None:
    artifacts = OpenApiEmitter().emit(context(CLOSED))
    check_golden(GOLDEN / "openapi" / "closed", artifacts, "openapi/")


@pytest.mark.parametrize("options", [Options(), CLOSED], ids=["open", "closed"])
def test_openapi_spec_validator_accepts_the_document(options: Options) -> None:
    doc = document(options)
    validate_spec(doc)
    assert doc["openapi"] == "3.1.0"
    ctx = context(options)
    assert OpenApiEmitter().validate(ctx, OpenApiEmitter().emit(ctx)) == []


def test_only_http_bound_operations_become_paths() -> None:
    doc = document()
    assert {p: sorted(m) for p, m in doc["paths"].items()} == {
        "/orders/{order_id}": ["get"],
        "/orders": ["post"],
    }
    assert doc["tags"] == [{"name": "OrderService", "description": "Owns orders."}]
    assert doc["paths"]["/orders"]["post"]["operationId"] == "OrderService_CreateOrder"


def test_get_parameters_path_query_and_expand() -> None:
    params = document()["paths"]["/orders/{order_id}"]["get"]["parameters"]
    assert [(p["name"], p["in"], p["required"]) for p in params] == [
        ("order_id", "path", True),
        ("include_items", "query", False),  # has a default
        ("locale", "query", False),  # remaining GET field -> query, optional
        ("expand", "query", False),
    ]
    assert params[0]["schema"] == {"type": "string", "format": "uuid"}
    assert params[3]["style"] == "form"
    assert params[3]["explode"] is False
    assert params[3]["schema"] == {
        "type": "array",
        "items": {"type": "string", "enum": ["consumer"]},
        "uniqueItems": True,
    }


def test_post_body_holds_the_remaining_fields() -> None:
    post = document()["paths"]["/orders"]["post"]
    assert [p["name"] for p in post["parameters"]] == ["dry_run"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert list(body["properties"]) == ["consumer_id", "items"]
    assert body["required"] == ["consumer_id", "items"]
    assert sorted(post["responses"]) == ["201", "409", "422", "default"]


def test_errors_are_problem_json() -> None:
    doc = document()
    responses = doc["paths"]["/orders/{order_id}"]["get"]["responses"]
    assert sorted(responses) == ["200", "404", "default"]
    assert responses["404"] == {
        "description": "Not Found",
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    problem = Draft202012Validator(doc["components"]["schemas"]["Problem"])
    assert problem.is_valid({"type": "about:blank", "title": "Not Found", "status": 404})
    assert not problem.is_valid({"status": "404"})


def test_components_are_the_reachable_types_plus_problem() -> None:
    schemas = document()["components"]["schemas"]
    assert list(schemas) == [
        "food.common.Money",
        "food.order.OrderState",
        "food.order.CardPayment",
        "food.order.VoucherPayment",
        "food.order.PaymentMethod",
        "food.order.Order",
        "food.order.Order.Line",
        "food.order.Consumer",
        "Problem",
    ]
    assert schemas["food.order.PaymentMethod"]["discriminator"] == {
        "propertyName": "method",
        "mapping": {
            "card": "#/components/schemas/food.order.PaymentMethod/$defs/card",
            "voucher": "#/components/schemas/food.order.PaymentMethod/$defs/voucher",
        },
    }


@pytest.mark.parametrize("options", [Options(), CLOSED], ids=["open", "closed"])
def test_expanded_response_embeds_the_related_record(options: Options) -> None:
    doc = document(options)
    media = doc["paths"]["/orders/{order_id}"]["get"]["responses"]["200"]["content"]
    v = schema_validator(doc, media["application/json"]["schema"])
    order = media["application/json"]["examples"]["approved"]["value"]
    consumer = {"id": order["consumer_id"], "name": "Ann"}
    assert list(v.iter_errors({**order, "consumer": consumer})) == []
    assert not v.is_valid({**order, "consumer": {"id": order["consumer_id"]}})


def test_a_response_example_that_breaks_its_schema_is_g004() -> None:
    ctx = context()
    artifacts = OpenApiEmitter().emit(ctx)
    doc = json.loads(artifacts[DOCUMENT_PATH])
    media = doc["paths"]["/orders"]["post"]["responses"]["201"]["content"]["application/json"]
    media["examples"]["approved"]["value"]["state"] = "LOST"
    found = OpenApiEmitter().validate(ctx, {DOCUMENT_PATH: json.dumps(doc).encode()})
    assert [(d.code, d.span.path, d.message) for d in found] == [
        (
            "G004",
            DOCUMENT_PATH,
            "example 'approved': example does not match its JSON Schema at state: 'LOST' is not "
            "one of ['APPROVAL_PENDING', 'APPROVED', 'REJECTED']",
        )
    ]


def test_an_invalid_document_is_g004() -> None:
    doc = document()
    del doc["info"]
    found = OpenApiEmitter().validate(context(), {DOCUMENT_PATH: json.dumps(doc).encode()})
    assert [(d.code, d.message) for d in found] == [
        ("G004", 'invalid OpenAPI 3.1 document: "info" is a required property')
    ]


def test_a_request_record_is_a_component_only_when_a_body_carries_it_whole() -> None:
    """GetOrderRequest travels as path and query parameters and CreateOrderRequest's body
    leaves out its query parameter `dry_run` (an inline schema): neither is a component. Once
    the whole record is the body, it is one, referenced by the request body."""
    assert not {"food.order.GetOrderRequest", "food.order.CreateOrderRequest"} & set(
        document()["components"]["schemas"]
    )
    project = build_project()
    service = project.services["food.order.OrderService"]
    ops = tuple(
        dataclasses.replace(op, http=dataclasses.replace(op.http, query_params=()))
        if op.name == "CreateOrder" and op.http is not None
        else op
        for op in service.operations
    )
    services = {service.name: dataclasses.replace(service, operations=ops)}
    ctx = EmitContext(dataclasses.replace(project, services=services), Options(), {}, {})
    doc = json.loads(OpenApiEmitter().emit(ctx)[DOCUMENT_PATH])
    assert "food.order.CreateOrderRequest" in doc["components"]["schemas"]
    body = doc["paths"]["/orders"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/food.order.CreateOrderRequest"}
    assert "food.order.GetOrderRequest" not in doc["components"]["schemas"]
    validate_spec(doc)


def test_no_http_binding_no_document() -> None:
    project = build_project()
    service = project.services["food.order.OrderService"]
    grpc_only = tuple(dataclasses.replace(op, http=None) for op in service.operations)
    services = {service.name: dataclasses.replace(service, operations=grpc_only)}
    ctx = EmitContext(dataclasses.replace(project, services=services), Options(), {}, {})
    assert OpenApiEmitter().emit(ctx) == {}


def test_bundled_example_project_document_is_valid() -> None:
    project = load_project([ROOT / "contracts"], root=ROOT)
    sources = {name: p.file for name, p in project.packages.items()}
    ctx = EmitContext(project, Options(), {}, sources)
    artifacts = OpenApiEmitter().emit(ctx)
    validate_spec(json.loads(artifacts[DOCUMENT_PATH]))
    assert OpenApiEmitter().validate(ctx, artifacts) == []


def test_unknown_status_codes_get_a_generic_description() -> None:
    project = build_project()
    service = project.services["food.order.OrderService"]
    ops = (dataclasses.replace(service.operations[0], errors=(499,)),)
    services = {service.name: dataclasses.replace(service, operations=ops)}
    ctx = EmitContext(dataclasses.replace(project, services=services), Options(), {}, {})
    doc = json.loads(OpenApiEmitter().emit(ctx)[DOCUMENT_PATH])
    responses = doc["paths"]["/orders/{order_id}"]["get"]["responses"]
    assert responses["499"]["description"] == "Status 499"
    validate_spec(doc)


def test_an_operation_without_a_request_is_a_path_without_parameters(tmp_path: Path) -> None:
    """A request-response operation may take no request (gRPC: google.protobuf.Empty); its HTTP
    binding is a path with no parameters and no body. It was left out of the document."""
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "names.yaml").write_text(
        "package: shop.names\n"
        "types:\n"
        "  Names:\n"
        "    fields:\n"
        "      items: list<string>\n"
        "services:\n"
        "  NameService:\n"
        "    operations:\n"
        "      ListNames:\n"
        "        style: request-response\n"
        "        response: Names\n"
        "        http: {method: GET, path: /names}\n",
        encoding="utf-8",
    )
    project = load_project([tmp_path / "c"], root=tmp_path)
    ctx = EmitContext(project, Options(), {}, {})
    artifacts = OpenApiEmitter().emit(ctx)
    doc = json.loads(artifacts[DOCUMENT_PATH])
    validate_spec(doc)
    assert OpenApiEmitter().validate(ctx, artifacts) == []
    operation = doc["paths"]["/names"]["get"]
    assert (sorted(operation), operation["operationId"]) == (
        ["operationId", "responses", "tags"],
        "NameService_ListNames",
    )
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/shop.names.Names"}
