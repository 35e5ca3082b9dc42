"""The bundled example project loads cleanly and shows every construct of the language."""

from __future__ import annotations

from pathlib import Path

import pytest

from stele.ir import (
    SCALARS,
    ChannelStyle,
    Decimal,
    Enum,
    ListOf,
    MapOf,
    MessageKind,
    Project,
    Record,
    Role,
    Scalar,
    Style,
    TypeExpr,
    Union,
)
from stele.source.loader import load

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project() -> Project:
    result = load([ROOT / "contracts"], root=ROOT)
    assert result.project is not None
    return result.project


def test_only_the_availability_findings_remain() -> None:
    result = load([ROOT / "contracts"], root=ROOT)
    assert [(d.span.path, d.code, str(d.severity)) for d in result.diagnostics] == [
        ("contracts/consumer.yaml", "S182", "info"),
        ("contracts/delivery.yaml", "S182", "info"),
        ("contracts/order.yaml", "S182", "info"),
        ("contracts/order.yaml", "S182", "info"),
    ]


def test_packages_and_services(project: Project) -> None:
    assert sorted(project.packages) == [
        "food.accounting",
        "food.common",
        "food.consumer",
        "food.delivery",
        "food.kitchen",
        "food.order",
        "food.restaurant",
    ]
    assert sorted(project.services) == [
        "food.accounting.AccountingService",
        "food.consumer.ConsumerService",
        "food.delivery.DeliveryService",
        "food.kitchen.KitchenService",
        "food.order.OrderService",
        "food.restaurant.RestaurantService",
    ]
    assert all(s.availability is not None for s in project.services.values())


def leaves(t: TypeExpr) -> list[TypeExpr]:
    if isinstance(t, ListOf):
        return [t, *leaves(t.item)]
    if isinstance(t, MapOf):
        return [t, *leaves(t.value)]
    return [t]


def test_every_scalar_and_collection_is_used(project: Project) -> None:
    used = [
        leaf
        for t in project.types.values()
        if isinstance(t, Record)
        for f in t.fields
        for leaf in leaves(f.type)
    ]
    assert {s.name for s in used if isinstance(s, Scalar)} == set(SCALARS)
    assert Decimal(12, 2) in used
    assert any(isinstance(t, ListOf) for t in used)
    assert any(isinstance(t, MapOf) for t in used)


def test_field_features_are_shown(project: Project) -> None:
    fields = [f for t in project.types.values() if isinstance(t, Record) for f in t.fields]
    assert any(f.optional for f in fields)
    assert any(f.has_default for f in fields)
    assert any(f.deprecated is not None for f in fields)
    assert any(f.examples for f in fields)
    assert any(f.number is not None for f in fields)
    assert [f.renamed_from for f in fields if f.renamed_from] == [("customer_note",)]
    relations = sorted((f.relation.name, f.relation.target) for f in fields if f.relation)
    assert relations == [
        ("consumer", "food.consumer.Consumer"),
        ("consumer", "food.consumer.Consumer"),
        ("courier", "food.delivery.Courier"),
        ("order", "food.order.Order"),
        ("order", "food.order.Order"),
        ("restaurant", "food.restaurant.Restaurant"),
    ]


def test_type_features_are_shown(project: Project) -> None:
    order = project.record("food.order.Order")
    assert order.reserved.numbers == ((7, 7), (9, 11))
    assert order.reserved.names == ("old_state",)
    assert sorted(t.name for t in project.types.values() if t.parent) == [
        "food.kitchen.Ticket.Line",
        "food.order.Order.Cancellation",
    ]
    brand = project.types["food.accounting.CardBrand"]
    assert isinstance(brand, Enum)
    assert [(s.name, s.number) for s in brand.symbols] == [
        ("OTHER", 1),
        ("VISA", 2),
        ("MASTERCARD", 3),
        ("AMEX", 4),
    ]
    assert brand.default == "OTHER"
    assert brand.reserved.names == ("DINERS",)
    enums = [t for t in project.types.values() if isinstance(t, Enum)]
    assert all(e.default is not None for e in enums)
    payment = project.types["food.accounting.PaymentMethod"]
    assert isinstance(payment, Union)
    assert payment.discriminator == "method"
    assert [(v.name, v.type.name, v.number) for v in payment.variants] == [
        ("card", "food.accounting.CardPayment", None),
        ("voucher", "food.accounting.VoucherPayment", 2),
    ]


def test_every_message_has_an_example_and_every_kind_is_used(project: Project) -> None:
    assert all(m.examples for m in project.messages.values())
    assert {m.kind for m in project.messages.values()} == set(MessageKind)


def test_channel_styles_fit_their_messages(project: Project) -> None:
    assert {c.style for c in project.channels.values()} == set(ChannelStyle)
    for channel in project.channels.values():
        kinds = {project.messages[m].kind for m in channel.messages}
        if channel.style is ChannelStyle.PUBLISH_SUBSCRIBE:
            assert kinds == {MessageKind.EVENT}, channel.name
        else:
            assert MessageKind.EVENT not in kinds, channel.name


def test_every_interaction_style_is_used(project: Project) -> None:
    ops = project.operations()
    assert {op.style for op in ops} == set(Style)
    pubsub = [op for op in ops if op.style is Style.PUBLISH_SUBSCRIBE]
    assert {op.role for op in pubsub} == set(Role)
    for op in ops:
        if op.style in (Style.ASYNC_REQUEST_RESPONSE, Style.PUBLISH_ASYNC_RESPONSES):
            assert op.reply_channel is not None, op.qualified_name
    gather = next(op for op in ops if op.name == "GatherCourierOffers")
    assert gather.window_ms == 30_000


def test_get_order_binding(project: Project) -> None:
    service = project.services["food.order.OrderService"]
    get_order = next(op for op in service.operations if op.name == "GetOrder")
    assert get_order.http is not None
    assert (get_order.http.method, get_order.http.path) == ("GET", "/orders/{order_id}")
    assert get_order.http.path_params == ("order_id",)
    assert get_order.http.query_params == ("include_items",)
    assert [(e.name, e.field, e.target) for e in get_order.http.expand] == [
        ("consumer", "consumer_id", "food.consumer.Consumer"),
        ("restaurant", "restaurant_id", "food.restaurant.Restaurant"),
    ]
    assert get_order.uses.calls == (
        "food.consumer.ConsumerService.GetConsumer",
        "food.restaurant.RestaurantService.GetRestaurant",
    )
