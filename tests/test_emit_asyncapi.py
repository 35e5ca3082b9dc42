"""The AsyncAPI 3.0 emitter.

The contracts under tests/asyncapi_contracts/ cover every asynchronous style; each service's
document is a golden file under tests/golden/asyncapi/ (regenerate with STELE_UPDATE_GOLDEN=1).
Every document is fed to the official AsyncAPI 3.0.0 JSON Schema (vendored, resolved offline),
its `$ref`s are resolved with `referencing`, and broken documents must be rejected.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from stele.config import Options
from stele.emit import _asyncapi_check
from stele.emit.asyncapi import AsyncApiEmitter, window_text
from stele.emit.base import EmitContext
from stele.ir import Project
from stele.mapping.artifacts import Artifacts
from stele.source.loader import load_project

TESTS = Path(__file__).parent
CONTRACTS = TESTS / "asyncapi_contracts"
GOLDEN = TESTS / "golden" / "asyncapi"
SCHEMA_DIR = TESTS.parent / "src" / "stele" / "schemas" / "asyncapi"
UPDATE = os.environ.get("STELE_UPDATE_GOLDEN") == "1"

SERVICES = [
    "shop.delivery.CourierService",
    "shop.delivery.DeliveryService",
    "shop.kitchen.KitchenService",
    "shop.notify.NotificationService",
    "shop.order.OrderService",
]


def project() -> Project:
    return load_project([CONTRACTS], CONTRACTS)


def context() -> EmitContext:
    p = project()
    return EmitContext(p, Options(), {}, {name: pkg.file for name, pkg in p.packages.items()})


def emit() -> Artifacts:
    return AsyncApiEmitter().emit(context())


@pytest.fixture(scope="module")
def docs() -> dict[str, Any]:
    return {path: json.loads(content) for path, content in emit().items()}


def doc_of(docs: dict[str, Any], service: str) -> Any:
    return docs[f"asyncapi/{service}.json"]


# ---------------------------------------------------------------------------------------------
# Golden files and the official schema
# ---------------------------------------------------------------------------------------------


def test_one_document_per_service_that_takes_part_in_messaging() -> None:
    # AccountingService has request/response operations only: no document.
    assert sorted(emit()) == [f"asyncapi/{s}.json" for s in SERVICES]


@pytest.mark.parametrize("service", SERVICES)
def test_golden(service: str) -> None:
    content = emit()[f"asyncapi/{service}.json"]
    golden = GOLDEN / f"{service}.json"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(content)
    assert content == golden.read_bytes()


def golden_documents() -> list[Path]:
    return sorted(GOLDEN.glob("*.json"))


def test_every_golden_file_is_a_current_document() -> None:
    assert [p.name for p in golden_documents()] == [f"{s}.json" for s in SERVICES]


@pytest.mark.parametrize("path", golden_documents(), ids=lambda p: p.stem)
def test_golden_document_passes_the_official_schema(path: Path) -> None:
    document = json.loads(path.read_bytes())
    assert _asyncapi_check.schema_problems(document) == []
    assert _asyncapi_check.check_document(path.name, document) == []


def test_validate_reports_nothing_on_the_emitted_documents() -> None:
    ctx = context()
    emitter = AsyncApiEmitter()
    assert emitter.validate(ctx, emitter.emit(ctx)) == []


def test_validation_needs_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the AsyncAPI validation opened a socket")

    _asyncapi_check._schema_validator.cache_clear()
    _asyncapi_check._fast_validator.cache_clear()
    _asyncapi_check.official_schema.cache_clear()
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    document = json.loads((GOLDEN / "shop.order.OrderService.json").read_bytes())
    assert _asyncapi_check.check_document("x.json", document) == []
    document["operations"]["PlaceOrder"]["action"] = "publish"
    assert len(_asyncapi_check.check_document("x.json", document)) == 1


def all_refs(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for k, v in node.items() if k != "$ref" for r in all_refs(v)]
    if isinstance(node, list):
        return [r for item in node for r in all_refs(item)]
    return []


@pytest.mark.parametrize("path", golden_documents(), ids=lambda p: p.stem)
def test_every_ref_resolves_inside_the_document(path: Path) -> None:
    from referencing import Registry
    from referencing.jsonschema import DRAFT7

    document = json.loads(path.read_bytes())
    uri = "urn:test:document"
    resolver = Registry().with_resource(uri, DRAFT7.create_resource(document)).resolver(uri)
    refs = all_refs(document)
    assert refs, "a document without references tests nothing"
    for ref in refs:
        assert ref.startswith("#/"), ref
        assert resolver.lookup(ref).contents is not None


@pytest.mark.parametrize("path", golden_documents(), ids=lambda p: p.stem)
def test_operations_use_their_channels_messages(path: Path) -> None:
    document = json.loads(path.read_bytes())
    for operation in document["operations"].values():
        channel = operation["channel"]["$ref"]
        assert channel.startswith("#/channels/")
        for message in operation["messages"]:
            assert message["$ref"].startswith(channel + "/messages/")
        reply = operation.get("reply")
        if reply:
            for message in reply["messages"]:
                assert message["$ref"].startswith(reply["channel"]["$ref"] + "/messages/")
    for channel in document["channels"].values():
        for message in channel["messages"].values():
            assert message["$ref"].startswith("#/components/messages/")


# ---------------------------------------------------------------------------------------------
# The mapping, construct by construct
# ---------------------------------------------------------------------------------------------


def test_document_header(docs: dict[str, Any]) -> None:
    document = doc_of(docs, "shop.kitchen.KitchenService")
    assert {k: document[k] for k in ("asyncapi", "id", "defaultContentType")} == {
        "asyncapi": "3.0.0",
        "id": "urn:stele:shop.kitchen.KitchenService",
        "defaultContentType": "application/json",
    }
    notice = "Generated by stele from kitchen.yaml. Do not edit: change the contract instead."
    assert document["info"] == {
        "title": "shop.kitchen.KitchenService",
        "version": "0.0.0",
        "description": f"Cooks meals.\n\n{notice}",
        "tags": [{"name": "package:shop.kitchen"}],
    }
    assert document["x-stele-generated"] == notice


def test_async_request_response_with_a_reply_channel(docs: dict[str, Any]) -> None:
    operation = doc_of(docs, "shop.order.OrderService")["operations"]["PlaceOrder"]
    assert operation["action"] == "receive"
    assert operation["channel"] == {"$ref": "#/channels/shop.order.order-commands"}
    assert operation["reply"] == {
        "channel": {"$ref": "#/channels/shop.order.order-replies"},
        "messages": [
            {"$ref": "#/channels/shop.order.order-replies/messages/shop.order.PlaceOrderReply"}
        ],
    }
    assert operation["x-stele-style"] == "async-request-response"


def test_async_request_response_replying_to_the_reply_to_header(docs: dict[str, Any]) -> None:
    document = doc_of(docs, "shop.kitchen.KitchenService")
    operation = document["operations"]["PrepareMeal"]
    assert operation["reply"] == {
        "address": {
            "description": "The address named by the request.",
            "location": "$message.header#/reply_to",
        },
        "channel": {"$ref": "#/channels/PrepareMeal.reply"},
        "messages": [{"$ref": "#/channels/PrepareMeal.reply/messages/shop.kitchen.MealPrepared"}],
    }
    # The specification: a reply with an address uses a channel whose address is null.
    assert document["channels"]["PrepareMeal.reply"]["address"] is None


def test_notification_is_received_without_reply(docs: dict[str, Any]) -> None:
    operation = doc_of(docs, "shop.notify.NotificationService")["operations"]["NotifyConsumer"]
    assert operation == {
        "action": "receive",
        "channel": {"$ref": "#/channels/shop.notify.notifications"},
        "title": "NotifyConsumer",
        "summary": "Sends a notification; nobody answers.",
        "messages": [
            {"$ref": "#/channels/shop.notify.notifications/messages/shop.notify.NotifyConsumer"}
        ],
        "tags": [{"name": "style:notification"}],
        "x-stele-style": "notification",
        "x-stele-operation": "shop.notify.NotificationService.NotifyConsumer",
    }


def test_publish_subscribe_sends_for_the_publisher_and_receives_for_subscribers(
    docs: dict[str, Any],
) -> None:
    publisher = doc_of(docs, "shop.order.OrderService")["operations"]["PublishOrderEvents"]
    subscriber = doc_of(docs, "shop.kitchen.KitchenService")["operations"]["TrackOrders"]
    assert (publisher["action"], subscriber["action"]) == ("send", "receive")
    assert publisher["channel"] == subscriber["channel"]
    assert "reply" not in publisher and "reply" not in subscriber


def test_publish_async_responses_carry_reply_and_window(docs: dict[str, Any]) -> None:
    gather = doc_of(docs, "shop.delivery.DeliveryService")["operations"]["GatherOffers"]
    offer = doc_of(docs, "shop.delivery.CourierService")["operations"]["OfferCourier"]
    reply = {
        "channel": {"$ref": "#/channels/shop.delivery.courier-offers"},
        "messages": [
            {"$ref": "#/channels/shop.delivery.courier-offers/messages/shop.delivery.CourierOffer"}
        ],
    }
    assert (gather["action"], gather["reply"], gather["x-stele-response-window"]) == (
        "send",
        reply,
        "PT30S",
    )
    assert (offer["action"], offer["reply"], offer["x-stele-response-window"]) == (
        "receive",
        reply,
        "PT1.5S",
    )


def test_uses_become_send_operations(docs: dict[str, Any]) -> None:
    operations = doc_of(docs, "shop.order.OrderService")["operations"]
    # In declaration order of the using operations (GetOrder, then PlaceOrder); OrderPlaced,
    # published through `uses`, is already declared by PublishOrderEvents.
    assert list(operations) == [
        "PlaceOrder",
        "PublishOrderEvents",
        "ArchiveOrders",
        "send.shop.notify.NotifyConsumer",
        "send.shop.kitchen.PrepareMeal",
    ]
    prepare = operations["send.shop.kitchen.PrepareMeal"]
    # The receiver's reply contract is mirrored on the sender's side.
    assert (prepare["action"], prepare["reply"]["address"]["location"]) == (
        "send",
        "$message.header#/reply_to",
    )
    notify = operations["send.shop.notify.NotifyConsumer"]
    assert notify["summary"] == "shop.notify.NotifyConsumer, sent by GetOrder, PlaceOrder."
    assert notify["x-stele-used-by"] == [
        "shop.order.OrderService.GetOrder",
        "shop.order.OrderService.PlaceOrder",
    ]


def test_channel_style_and_owner(docs: dict[str, Any]) -> None:
    channel = doc_of(docs, "shop.kitchen.KitchenService")["channels"]["shop.order.order-events"]
    assert {k: v for k, v in channel.items() if k != "messages"} == {
        "address": "shop.order.events",
        "title": "order-events",
        "summary": "Domain events of orders.",
        "tags": [{"name": "style:publish-subscribe"}],
        "x-stele-channel-style": "publish-subscribe",
        "x-stele-owner": "shop.order.OrderService",
    }


def test_message_headers_correlation_kind_and_examples(docs: dict[str, Any]) -> None:
    document = doc_of(docs, "shop.order.OrderService")
    message = document["components"]["messages"]["shop.order.OrderPlaced"]
    headers = message["headers"]
    assert list(headers["properties"]) == [
        "message_id",
        "message_type",
        "timestamp",
        "content_type",
        "correlation_id",
        "causation_id",
        "reply_to",
        "tenant_id",
        "trace_sampled",
    ]
    assert headers["required"] == [
        "message_id",
        "message_type",
        "timestamp",
        "content_type",
        "tenant_id",
    ]
    assert message["payload"] == {"$ref": "#/components/schemas/shop.order.Order"}
    assert message["correlationId"] == {"$ref": "#/components/correlationIds/correlation_id"}
    assert document["components"]["correlationIds"]["correlation_id"]["location"] == (
        "$message.header#/correlation_id"
    )
    assert (message["tags"], message["x-stele-kind"]) == ([{"name": "kind:event"}], "event")
    assert message["examples"][0]["headers"] == {
        "message_id": "00000000-0000-4000-8000-000000000000",
        "timestamp": "2000-01-01T00:00:00Z",
        "content_type": "application/json",
        "message_type": "shop.order.OrderPlaced",
        "tenant_id": "acme",
        "trace_sampled": True,
    }
    assert message["examples"][0]["name"] == "placed"


def test_message_kinds_and_deprecation(docs: dict[str, Any]) -> None:
    messages = doc_of(docs, "shop.order.OrderService")["components"]["messages"]
    kinds = {name: m["x-stele-kind"] for name, m in messages.items()}
    assert kinds == {
        "shop.order.PlaceOrder": "command",
        "shop.order.PlaceOrderReply": "reply",
        "shop.order.OrderPlaced": "event",
        "shop.order.OrderArchived": "document",
        "shop.kitchen.PrepareMeal": "command",
        "shop.notify.NotifyConsumer": "command",
        "shop.kitchen.MealPrepared": "reply",
    }
    archived = messages["shop.order.OrderArchived"]
    assert (archived["deprecated"], archived["x-stele-deprecated"]) == (
        True,
        "archives move to the data lake",
    )


def test_payload_schemas_are_components_reached_from_the_messages(docs: dict[str, Any]) -> None:
    schemas = doc_of(docs, "shop.kitchen.KitchenService")["components"]["schemas"]
    # In declaration order (files load sorted by name); the order types are there because
    # the subscribed order-events channel carries OrderPlaced, whose body is an Order.
    assert list(schemas) == [
        "shop.common.Money",
        "shop.kitchen.Meal",
        "shop.kitchen.MealAccepted",
        "shop.order.OrderState",
        "shop.order.CardPayment",
        "shop.order.VoucherPayment",
        "shop.order.PaymentMethod",
        "shop.order.LineItem",
        "shop.order.Order",
    ]
    union = schemas["shop.order.PaymentMethod"]
    assert union["x-stele-discriminator"] == "method"
    assert union["oneOf"] == [
        {"$ref": "#/components/schemas/shop.order.PaymentMethod/$defs/card"},
        {"$ref": "#/components/schemas/shop.order.PaymentMethod/$defs/voucher"},
    ]


@pytest.mark.parametrize(
    ("window_ms", "text"),
    [
        (30000, "PT30S"),
        (1500, "PT1.5S"),
        (90000, "PT1M30S"),
        (3600000, "PT1H"),
        (250, "PT0.25S"),
        (0, "PT0S"),
        (3723004, "PT1H2M3.004S"),
    ],
)
def test_window_text(window_ms: int, text: str) -> None:
    assert window_text(window_ms) == text


# ---------------------------------------------------------------------------------------------
# Broken documents are rejected
# ---------------------------------------------------------------------------------------------


def broken(change: Any) -> list[str]:
    document = json.loads((GOLDEN / "shop.kitchen.KitchenService.json").read_bytes())
    change(document)
    problems = _asyncapi_check.check_document("asyncapi/k.json", copy.deepcopy(document))
    assert {(d.code, str(d.span)) for d in problems} <= {("G005", "asyncapi/k.json:1:1")}
    return [d.message for d in problems]


def test_rejects_asyncapi_2_publish_action() -> None:
    def change(d: Any) -> None:
        d["operations"]["TrackOrders"]["action"] = "publish"

    assert broken(change) == [
        "violates the AsyncAPI 3.0.0 schema at $.operations.TrackOrders.action: "
        "'publish' is not one of ['send', 'receive']"
    ]


def test_rejects_asyncapi_2_channel_operations() -> None:
    def change(d: Any) -> None:
        d["channels"]["shop.kitchen.kitchen-commands"]["subscribe"] = {"message": {}}

    assert broken(change) == [
        "violates the AsyncAPI 3.0.0 schema at $.channels['shop.kitchen.kitchen-commands']: "
        "'subscribe' does not match any of the regexes: '^x-[\\\\w\\\\d\\\\.\\\\x2d_]+$'"
    ]


def test_rejects_another_version() -> None:
    def change(d: Any) -> None:
        d["asyncapi"] = "2.6.0"

    assert broken(change) == [
        "violates the AsyncAPI 3.0.0 schema at $.asyncapi: '3.0.0' was expected"
    ]


def test_rejects_a_dangling_ref() -> None:
    def change(d: Any) -> None:
        d["operations"]["TrackOrders"]["channel"]["$ref"] = "#/channels/nowhere"

    assert broken(change) == [
        "at $.operations.TrackOrders.channel: "
        "$ref '#/channels/nowhere' does not resolve inside the document"
    ]


def test_rejects_a_message_of_another_channel() -> None:
    def change(d: Any) -> None:
        d["operations"]["TrackOrders"]["messages"] = [
            {"$ref": "#/channels/shop.kitchen.kitchen-commands/messages/shop.kitchen.PrepareMeal"}
        ]

    assert broken(change) == [
        "at $.operations.TrackOrders.messages[0]: "
        "'#/channels/shop.kitchen.kitchen-commands/messages/shop.kitchen.PrepareMeal' "
        "is not a message of channel '#/channels/shop.order.order-events'"
    ]


def test_rejects_a_runtime_reply_address_on_a_channel_with_an_address() -> None:
    def change(d: Any) -> None:
        d["channels"]["PrepareMeal.reply"]["address"] = "kitchen.replies"

    assert broken(change) == [
        "at $.operations.PrepareMeal.reply: "
        "a reply with a runtime address needs a channel whose address is null"
    ]


def test_rejects_an_example_that_does_not_match_its_payload() -> None:
    def change(d: Any) -> None:
        d["components"]["messages"]["shop.order.OrderPlaced"]["examples"][0]["payload"]["state"] = (
            "LOST"
        )

    assert broken(change) == [
        "at $.components.messages.shop.order.OrderPlaced.examples[0].payload.state: "
        "example does not match its payload schema: "
        "'LOST' is not one of ['PENDING', 'APPROVED', 'REJECTED']"
    ]


def test_validate_reports_json_that_does_not_parse() -> None:
    problems = AsyncApiEmitter().validate(context(), {"asyncapi/x.json": b"{"})
    assert [(d.code, str(d.span)) for d in problems] == [("G005", "asyncapi/x.json:1:1")]


# ---------------------------------------------------------------------------------------------
# Determinism and provenance
# ---------------------------------------------------------------------------------------------

EMIT_AND_HASH = """
import hashlib, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from test_emit_asyncapi import emit
digest = hashlib.sha256()
for path, content in sorted(emit().items()):
    digest.update(path.encode() + b"\\0" + content)
print(digest.hexdigest())
"""


def test_output_is_identical_across_hash_seeds() -> None:
    digests = set()
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", EMIT_AND_HASH, str(TESTS)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(run.stdout.strip())
    expected = hashlib.sha256()
    for path, content in sorted(emit().items()):
        expected.update(path.encode() + b"\0" + content)
    assert digests == {expected.hexdigest()}


def test_vendored_schema_matches_its_provenance_and_refresh_script() -> None:
    digest = hashlib.sha256((SCHEMA_DIR / "3.0.0.json").read_bytes()).hexdigest()
    provenance = (SCHEMA_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    script = (TESTS.parent / "scripts" / "refresh_asyncapi_schema.sh").read_text(encoding="utf-8")
    assert re.findall(r"\| sha256 \| `([0-9a-f]{64})` \|", provenance) == [digest]
    assert re.findall(r'^SHA256="([0-9a-f]{64})"$', script, re.M) == [digest]
    assert re.findall(r'^VERSION="(.+)"$', script, re.M) == ["6.11.1"]
    assert "| version | `6.11.1` |" in provenance
