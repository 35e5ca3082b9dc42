"""Bindings of request-response operations: gRPC method, HTTP endpoint, or both (`grpc: false`).

The loader resolves `grpc` (the operation's, else its service's, else true), the Protobuf
emitter writes an `rpc` only for gRPC methods (protoc compiles the result), OpenAPI keeps the
HTTP endpoint, and the contract check judges a gRPC method that goes away.
"""

from __future__ import annotations

import json
from typing import Any

from _contract_projects import SHOP, edited, load
from test_contract_judges import table, verdicts

from stele.config import Options
from stele.emit.base import EmitContext
from stele.emit.openapi import DOCUMENT_PATH, OpenApiEmitter
from stele.emit.protobuf import ProtobufEmitter
from stele.emit.protoc import compile_descriptor_set, import_paths
from stele.ir import Project
from stele.lock import LockFile, apply_lock

GET_ORDER = 'http: {method: GET, path: "/orders/{order_id}", query: [verbose]}'
LIST_ORDERS = """      ListOrders:
        style: request-response
        response: Order
"""


def emit(project: Project) -> tuple[str, dict[str, Any]]:
    numbered, _, _ = apply_lock(project, LockFile({}), "compat/stele.lock")
    sources = {name: p.file for name, p in numbered.packages.items()}
    ctx = EmitContext(numbered, Options(), {}, sources)
    protos = ProtobufEmitter().emit(ctx)
    compile_descriptor_set(import_paths(protos))  # protoc accepts what was written
    proto = protos["proto/shop/shop.proto"].decode()
    openapi = json.loads(OpenApiEmitter().emit(ctx)[DOCUMENT_PATH])
    return proto, openapi


def test_by_default_an_operation_with_http_is_a_grpc_method_too() -> None:
    project = load(SHOP)
    assert project.services["shop.OrderService"].operations[0].grpc is True
    proto, openapi = emit(project)
    assert "rpc GetOrder(GetOrderRequest) returns (Order);" in proto
    assert "get" in openapi["paths"]["/orders/{order_id}"]


def test_grpc_false_makes_an_http_endpoint_only() -> None:
    project = load(edited(SHOP, (GET_ORDER, f"{GET_ORDER}\n        grpc: false")))
    op = project.services["shop.OrderService"].operations[0]
    assert (op.name, op.grpc) == ("GetOrder", False)
    proto, openapi = emit(project)
    assert "rpc GetOrder" not in proto
    assert "service OrderService" not in proto  # no gRPC method left: no service block
    assert "message GetOrderRequest" in proto  # the records stay
    assert openapi["paths"]["/orders/{order_id}"]["get"]["operationId"] == "OrderService_GetOrder"


def test_a_service_sets_the_default_and_an_operation_overrides_it() -> None:
    text = edited(
        SHOP,
        (
            "  OrderService:\n    operations:\n",
            "  OrderService:\n    grpc: false\n    operations:\n",
        ),
        ("      Place:\n", LIST_ORDERS + "        grpc: true\n      Place:\n"),
    )
    ops = {op.name: op for op in load(text).services["shop.OrderService"].operations}
    assert (ops["GetOrder"].grpc, ops["ListOrders"].grpc) == (False, True)
    assert ops["Place"].grpc is True  # asynchronous operations are no gRPC methods at all
    proto, _ = emit(load(text))
    assert "rpc ListOrders(google.protobuf.Empty) returns (Order);" in proto
    assert "rpc GetOrder" not in proto


def test_check_sees_a_grpc_method_removed_and_added() -> None:
    removed = verdicts([(GET_ORDER, f"{GET_ORDER}\n        grpc: false")])
    assert removed["grpc-binding-removed"] == table(protobuf="error ok")
    http_only = edited(SHOP, (GET_ORDER, f"{GET_ORDER}\n        grpc: false"))
    added = verdicts([(f"{GET_ORDER}\n        grpc: false", GET_ORDER)], base=http_only)
    assert added["grpc-binding-added"] == table()
    assert set(added) == {"grpc-binding-added"}


def test_an_http_only_operation_is_not_judged_in_protobuf() -> None:
    """A request field of an HTTP-only operation changes no gRPC method."""
    http_only = edited(SHOP, (GET_ORDER, f"{GET_ORDER}\n        grpc: false"))
    found = verdicts([("verbose: bool?", "verbose: bool?\n      page: int32?")], base=http_only)
    assert all(kind.startswith("field-") for kind in found)
    assert found["field-added"]["protobuf"] == ("ok", "ok")


def test_an_http_only_operation_has_no_grpc_clients_in_the_reasons() -> None:
    from stele.compat.contract.diff import diff_projects
    from stele.compat.contract.judges import B, F, Policy, judge_all

    def protobuf_reasons(base: str) -> str:
        old, new = load(base), load(edited(base, ("count: {type: int32", "count: {type: int64")))
        verdicts = judge_all(diff_projects(old, new), ["protobuf"], (B, F), Policy(), old, new)
        return " ".join(v.reason for v in verdicts if v.severity is not None)

    assert "gRPC clients of shop.OrderService.GetOrder" in protobuf_reasons(SHOP)
    http_only = edited(SHOP, (GET_ORDER, f"{GET_ORDER}\n        grpc: false"))
    reasons = protobuf_reasons(http_only)
    assert "gRPC" not in reasons
    assert "consumers of shop.OrderCreated" in reasons
