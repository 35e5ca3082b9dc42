"""The contract diff: exact changes (element, kind, old, new) and their spans on both sides."""

from __future__ import annotations

from pathlib import Path

import pytest
from _contract_projects import FILE, SHOP, edited, load

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.diff import diff_projects
from stele.ir import Span
from stele.source.loader import load_project

ROOT = Path(__file__).resolve().parent.parent

Row = tuple[str, str, str | None, str | None, tuple[int, int] | None, tuple[int, int] | None]

COUNT = "count: {type: int32, number: 7}"
HTTP = 'http: {method: GET, path: "/orders/{order_id}", query: [verbose]}'
PUBLISH = (
    "      Publish:\n        style: publish-subscribe\n        role: send\n"
    "        message: OrderCreated\n        channel: order-events\n"
)

CASES: dict[str, tuple[list[tuple[str, str]], list[Row]]] = {
    "decimal widened": (
        [("amount: decimal(18,2)", "amount: decimal(20,4)")],
        [
            (
                "shop.Money.amount",
                "field-type-changed",
                "decimal(18,2)",
                "decimal(20,4)",
                (5, 7),
                (5, 7),
            )
        ],
    ),
    "timestamp to date": (
        [("placed_at: {type: timestamp,", "placed_at: {type: date,")],
        [("shop.Order.placed_at", "field-type-changed", "timestamp", "date", (26, 7), (26, 7))],
    ),
    "required to optional": (
        [(COUNT, "count: {type: int32?, number: 7}")],
        [("shop.Order.count", "field-optionality-changed", "int32", "int32?", (29, 7), (29, 7))],
    ),
    "default added": (
        [(COUNT, "count: {type: int32, number: 7, default: 1}")],
        [("shop.Order.count", "field-default-changed", None, "1", (29, 7), (29, 7))],
    ),
    "number changed": (
        [(COUNT, "count: {type: int32, number: 8}")],
        [("shop.Order.count", "field-number-changed", "7", "8", (29, 7), (29, 7))],
    ),
    "renamed with renamed_from": (
        [(COUNT, "quantity: {type: int32, number: 7, renamed_from: [count]}")],
        [("shop.Order.quantity", "field-renamed", "count", "quantity", (29, 7), (29, 7))],
    ),
    "renamed without renamed_from": (
        [(COUNT, "quantity: {type: int32, number: 7}")],
        [
            ("shop.Order.count", "field-removed", "int32", None, (29, 7), None),
            ("shop.Order.quantity", "field-added", None, "int32", None, (29, 7)),
        ],
    ),
    "optional field added": (
        [(f"      {COUNT}\n", f"      {COUNT}\n      extra: {{type: string?, number: 8}}\n")],
        [("shop.Order.extra", "field-added", None, "string?", None, (30, 7))],
    ),
    "enum symbol added": (
        [("enum: [NEW, PAID]", "enum: [NEW, PAID, REFUNDED]")],
        [("shop.State.REFUNDED", "enum-symbol-added", None, "REFUNDED", None, (8, 23))],
    ),
    "enum default removed": (
        [("    default: NEW\n", "")],
        [("shop.State", "enum-default-changed", "NEW", None, (7, 3), (7, 3))],
    ),
    "union variant removed": (
        [("      voucher: Voucher\n", "")],
        [("shop.Payment.voucher", "union-variant-removed", "shop.Voucher", None, (19, 7), None)],
    ),
    "discriminator changed": (
        [("discriminator: method", "discriminator: kind")],
        [("shop.Payment", "union-discriminator-changed", "method", "kind", (16, 3), (16, 3))],
    ),
    "type renamed, references follow": (
        [
            ("  Card:\n", "  CardPayment:\n    renamed_from: [Card]\n"),
            ("card: Card", "card: CardPayment"),
        ],
        [("shop.CardPayment", "type-renamed", "shop.Card", "shop.CardPayment", (10, 3), (10, 3))],
    ),
    "type renamed without renamed_from": (
        [("  Card:\n", "  CardPayment:\n"), ("card: Card", "card: CardPayment")],
        [
            ("shop.Card", "type-removed", "record", None, (10, 3), None),
            ("shop.CardPayment", "type-added", None, "record", None, (10, 3)),
            (
                "shop.Payment.card",
                "union-variant-type-changed",
                "shop.Card",
                "shop.CardPayment",
                (18, 7),
                (18, 7),
            ),
        ],
    ),
    "headers": (
        [
            (
                "tenant_id: {type: string, required: true}",
                "tenant_id: {type: string}\n      region: string",
            )
        ],
        [
            ("shop.OrderCreated.headers.region", "header-added", None, "string", None, (40, 7)),
            (
                "shop.OrderCreated.headers.tenant_id",
                "header-required-changed",
                "string",
                "string?",
                (39, 7),
                (39, 7),
            ),
        ],
    ),
    "message kind": (
        [("kind: event", "kind: document")],
        [("shop.OrderCreated", "message-kind-changed", "event", "document", (35, 3), (35, 3))],
    ),
    "channel moved": (
        [("messages: [OrderCreated]}", "messages: [OrderCreated], address: orders.v2}")],
        [
            (
                "shop.order-events",
                "channel-address-changed",
                "order-events",
                "orders.v2",
                (47, 3),
                (47, 3),
            )
        ],
    ),
    "reply changed": (
        [("reply: OrderPlaced", "reply: OrderCreated")],
        [
            (
                "shop.OrderService.Place",
                "operation-reply-changed",
                "shop.OrderPlaced",
                "shop.OrderCreated",
                (58, 7),
                (58, 7),
            )
        ],
    ),
    "http method, path and query": (
        [(HTTP, 'http: {method: POST, path: "/v2/orders/{order_id}"}')],
        [
            (
                "shop.OrderService.GetOrder",
                "http-method-changed",
                "GET",
                "POST",
                (57, 15),
                (57, 15),
            ),
            (
                "shop.OrderService.GetOrder",
                "http-parameter-removed",
                "query verbose",
                None,
                (57, 15),
                (57, 15),
            ),
            (
                "shop.OrderService.GetOrder",
                "http-path-changed",
                "/orders/{order_id}",
                "/v2/orders/{order_id}",
                (57, 15),
                (57, 15),
            ),
        ],
    ),
    "operation removed": (
        [(PUBLISH, "")],
        [
            (
                "shop.OrderService.Publish",
                "operation-removed",
                "publish-subscribe",
                None,
                (64, 7),
                None,
            )
        ],
    ),
    "documentation only": (
        [("  Money:\n", "  Money:\n    doc: An amount of money.\n")],
        [],
    ),
}


def _rows(changes: list[ContractChange]) -> list[Row]:
    def place(span: Span | None) -> tuple[int, int] | None:
        if span is None:
            return None
        assert span.path == FILE
        return (span.line, span.column)

    return [
        (c.element, c.kind, c.old, c.new, place(c.old_span), place(c.new_span)) for c in changes
    ]


@pytest.mark.parametrize("name", list(CASES))
def test_one_change_per_changed_attribute(name: str) -> None:
    edits, expected = CASES[name]
    assert _rows(diff_projects(load(SHOP), load(edited(SHOP, *edits)))) == expected


def test_no_change_between_equal_projects() -> None:
    assert diff_projects(load(SHOP), load(SHOP)) == []


def test_changes_are_sorted_and_deterministic() -> None:
    edits = [e for name in ("decimal widened", "headers", "reply changed") for e in CASES[name][0]]
    new = load(edited(SHOP, *edits))
    first = diff_projects(load(SHOP), new)
    assert first == diff_projects(load(SHOP), new)
    assert [c.sort_key() for c in first] == sorted(c.sort_key() for c in first)
    assert [c.kind for c in first] == [
        "field-type-changed",
        "header-added",
        "header-required-changed",
        "operation-reply-changed",
    ]


def test_detail_names_the_holding_record() -> None:
    (change,) = diff_projects(load(SHOP), load(edited(SHOP, *CASES["decimal widened"][0])))
    assert dict(change.detail) == {"record": "shop.Money", "field": "amount"}
    assert change.to_json() == {
        "element": "shop.Money.amount",
        "kind": "field-type-changed",
        "old": "decimal(18,2)",
        "new": "decimal(20,4)",
        "old_span": {"path": FILE, "line": 5, "column": 7},
        "new_span": {"path": FILE, "line": 5, "column": 7},
        "detail": {"field": "amount", "record": "shop.Money"},
    }


def test_example_project_history() -> None:
    """1.0.0 -> the working tree: each change once, located in each side's own files."""
    release = ROOT / "compat" / "releases" / "1.0.0"
    old = load_project([release / "contracts"], release)
    new = load_project([ROOT / "contracts"], ROOT)
    rows = [
        (c.element, c.kind, c.old, c.new, c.old_span, c.new_span) for c in diff_projects(old, new)
    ]
    delivery = "contracts/delivery.yaml"
    order = "contracts/order.yaml"
    assert rows == [
        (
            "food.delivery.DeliveryState.CANCELLED",
            "enum-symbol-added",
            None,
            "CANCELLED",
            None,
            Span(delivery, 28, 7),
        ),
        (
            "food.delivery.VehicleType.CAR",
            "enum-symbol-added",
            None,
            "CAR",
            None,
            Span(delivery, 11, 7),
        ),
        (
            "food.kitchen.GetTicketRequest",
            "type-added",
            None,
            "record",
            None,
            Span("contracts/kitchen.yaml", 59, 3),
        ),
        (
            "food.kitchen.KitchenService.GetTicket",
            "operation-added",
            None,
            "request-response",
            None,
            Span("contracts/kitchen.yaml", 117, 7),
        ),
        (
            "food.order.Order.delivery_address",
            "field-optionality-changed",
            "food.common.Address",
            "food.common.Address?",
            Span(order, 43, 7),
            Span(order, 43, 7),
        ),
    ]


def test_a_reservation_removed_is_a_change_an_added_one_is_not() -> None:
    reserved = f"      {COUNT}\n    reserved: [9, 11-12, old_name]\n"
    base = edited(SHOP, (f"      {COUNT}\n", reserved))
    fewer = edited(base, ("reserved: [9, 11-12, old_name]", "reserved: [9]"))
    assert _rows(diff_projects(load(base), load(fewer))) == [
        ("shop.Order", "type-reservation-removed", "11-12, old_name", None, (21, 3), (21, 3))
    ]
    assert diff_projects(load(fewer), load(base)) == []


GET = "shop.OrderService.GetOrder"
MORE: dict[str, tuple[list[tuple[str, str]], list[Row]]] = {
    "query parameter moved to the path": (
        [(HTTP, 'http: {method: GET, path: "/orders/{order_id}/{verbose}"}')],
        [
            (GET, "http-parameter-moved", "query verbose", "path verbose", (57, 15), (57, 15)),
            (
                GET,
                "http-path-changed",
                "/orders/{order_id}",
                "/orders/{order_id}/{verbose}",
                (57, 15),
                (57, 15),
            ),
        ],
    ),
    "status": (
        [(HTTP, 'http: {method: GET, path: "/orders/{order_id}", query: [verbose], status: 203}')],
        [(GET, "http-status-changed", "200", "203", (57, 15), (57, 15))],
    ),
    "channel messages": (
        [("messages: [OrderCreated]}", "messages: [OrderPlaced]}")],
        [
            (
                "shop.order-events",
                "channel-message-added",
                None,
                "shop.OrderPlaced",
                (47, 3),
                (47, 3),
            ),
            (
                "shop.order-events",
                "channel-message-removed",
                "shop.OrderCreated",
                None,
                (47, 3),
                (47, 3),
            ),
        ],
    ),
    "header type": (
        [("tenant_id: {type: string, required: true}", "tenant_id: {type: uuid, required: true}")],
        [
            (
                "shop.OrderCreated.headers.tenant_id",
                "header-type-changed",
                "string",
                "uuid",
                (39, 7),
                (39, 7),
            )
        ],
    ),
    "reply message, channel and style removed": (
        [
            ("  OrderPlaced:\n    kind: reply\n    body: Order\n", ""),
            ("        reply: OrderPlaced\n        reply_channel: order-replies\n", ""),
            ("        style: async-request-response\n", "        style: notification\n"),
            (
                "  order-replies: {style: point-to-point, owner: OrderService, messages: "
                "[OrderPlaced]}\n",
                "",
            ),
        ],
        [
            ("shop.OrderPlaced", "message-removed", "reply", None, (43, 3), None),
            (
                "shop.OrderService.Place",
                "operation-reply-changed",
                "shop.OrderPlaced",
                None,
                (58, 7),
                (54, 7),
            ),
            (
                "shop.OrderService.Place",
                "operation-reply-channel-changed",
                "shop.order-replies",
                None,
                (58, 7),
                (54, 7),
            ),
            (
                "shop.OrderService.Place",
                "operation-style-changed",
                "async-request-response",
                "notification",
                (58, 7),
                (54, 7),
            ),
            ("shop.order-replies", "channel-removed", "order-replies", None, (49, 3), None),
        ],
    ),
    "uses and deprecation": (
        [
            (
                "        channel: order-events\n",
                "        channel: order-events\n        deprecated: use Publish2\n"
                "        uses: {publishes: [OrderCreated]}\n",
            )
        ],
        [
            (
                "shop.OrderService.Publish",
                "operation-deprecated-changed",
                None,
                "deprecated: use Publish2",
                (64, 7),
                (64, 7),
            ),
            (
                "shop.OrderService.Publish",
                "operation-uses-added",
                None,
                "publishes shop.OrderCreated",
                (64, 7),
                (64, 7),
            ),
        ],
    ),
    "error statuses": (
        [("        response: Order\n", "        response: Order\n        errors: [404]\n")],
        [(GET, "operation-errors-changed", "[]", "[404]", (53, 7), (53, 7))],
    ),
    "relation": (
        [
            (
                "      order_id: uuid\n",
                "      order_id: {type: uuid, references: Order, as: order}\n",
            )
        ],
        [
            (
                "shop.GetOrderRequest.order_id",
                "field-relation-changed",
                None,
                "references shop.Order as order",
                (32, 7),
                (32, 7),
            )
        ],
    ),
}


@pytest.mark.parametrize("name", list(MORE))
def test_structure_changes(name: str) -> None:
    edits, expected = MORE[name]
    assert _rows(diff_projects(load(SHOP), load(edited(SHOP, *edits)))) == expected
