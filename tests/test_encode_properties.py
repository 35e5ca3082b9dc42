"""Property tests: values drawn by hypothesis for every record and union of the example project
read back, through every format, as their normal form."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.encode import Codecs, normal_form
from stele.ir import Decimal, Enum, ListOf, MapOf, Project, Record, Ref, Scalar, TypeExpr, Value
from stele.mapping.canonical_text import (
    format_date,
    format_decimal,
    format_duration,
    format_timestamp,
)
from stele.source.config_reader import load_config
from stele.workspace import Workspace, open_workspace

ROOT = Path(__file__).resolve().parent.parent
# Every record and union of the example project, in the project's order (the union is
# food.accounting.PaymentMethod); test_every_record_and_union_is_covered checks the list against
# the project, so a type added to the example must be added here.
MESSAGE_TYPES = [
    "food.accounting.CardPayment",
    "food.accounting.VoucherPayment",
    "food.accounting.PaymentMethod",
    "food.accounting.Account",
    "food.accounting.GetAccountRequest",
    "food.accounting.CardAuthorization",
    "food.accounting.AuthorizationResult",
    "food.common.Money",
    "food.common.GeoPoint",
    "food.common.Address",
    "food.consumer.Consumer",
    "food.consumer.GetConsumerRequest",
    "food.consumer.CreateConsumerRequest",
    "food.consumer.ValidateOrderRequest",
    "food.consumer.OrderValidation",
    "food.consumer.Notification",
    "food.delivery.Courier",
    "food.delivery.Delivery",
    "food.delivery.GetDeliveryRequest",
    "food.delivery.AvailabilityRequest",
    "food.delivery.Offer",
    "food.delivery.DeliveryAssignment",
    "food.kitchen.Ticket",
    "food.kitchen.Ticket.Line",
    "food.kitchen.TicketRequest",
    "food.kitchen.TicketDetails",
    "food.kitchen.GetTicketRequest",
    "food.order.LineItem",
    "food.order.Order",
    "food.order.Order.Cancellation",
    "food.order.GetOrderRequest",
    "food.order.ListOrdersRequest",
    "food.order.OrderPage",
    "food.order.NewOrder",
    "food.order.CreateOrderOutcome",
    "food.order.OrderStateChange",
    "food.order.OrderCancellation",
    "food.restaurant.MenuItem",
    "food.restaurant.OpeningHours",
    "food.restaurant.Restaurant",
    "food.restaurant.GetRestaurantRequest",
    "food.restaurant.MenuRevision",
]
# Protobuf Duration spans at most 10,000 years.
MAX_DURATION_MICROS = 315_576_000_000 * 10**6

_SCALARS: dict[str, st.SearchStrategy[Value]] = {
    "bool": st.booleans(),
    "int32": st.integers(-(2**31), 2**31 - 1),
    "int64": st.integers(-(2**63), 2**63 - 1),
    "float32": st.floats(width=32, allow_nan=False, allow_infinity=False),
    "float64": st.floats(allow_nan=False, allow_infinity=False),
    "string": st.text(max_size=12),
    "bytes": st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode("ascii")),
    "uuid": st.uuids().map(str),
    "date": st.dates().map(format_date),
    "timestamp": st.datetimes(timezones=st.just(dt.UTC)).map(format_timestamp),
    "duration": st.integers(-MAX_DURATION_MICROS, MAX_DURATION_MICROS).map(format_duration),
}


def _tagging(key: str, tag: str) -> Callable[[Value], Value]:
    """A union variant's record value with its discriminator: `{key: tag, **body}`."""
    return lambda body: {key: tag, **cast(dict[str, Value], body)}


def values(project: Project, t: TypeExpr) -> st.SearchStrategy[Value]:
    if isinstance(t, Scalar):
        return _SCALARS[t.name]
    if isinstance(t, Decimal):
        bound = 10**t.precision - 1
        return st.integers(-bound, bound).map(
            lambda n: format_decimal(decimal.Decimal(n).scaleb(-t.scale), t.scale)
        )
    if isinstance(t, ListOf):
        return st.lists(values(project, t.item), max_size=3)
    if isinstance(t, MapOf):
        return st.dictionaries(st.text(max_size=4), values(project, t.value), max_size=3)
    named = project.types[t.name]
    if isinstance(named, Enum):
        return st.sampled_from([s.name for s in named.symbols])
    if isinstance(named, Record):
        required = {
            f.name: values(project, f.type)
            for f in named.fields
            if not f.optional and not f.has_default
        }
        optional = {
            f.name: values(project, f.type) for f in named.fields if f.optional or f.has_default
        }
        return st.fixed_dictionaries(required, optional=optional)
    return st.one_of(
        [values(project, v.type).map(_tagging(named.discriminator, v.name)) for v in named.variants]
    )


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return open_workspace(load_config(ROOT / "stele.yaml"))


@pytest.fixture(scope="module")
def codecs(ws: Workspace) -> Codecs:
    return Codecs.from_workspace(ws, registry_framing=True)


@pytest.mark.parametrize("type_name", MESSAGE_TYPES)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_values_round_trip_through_every_format(
    ws: Workspace, codecs: Codecs, type_name: str, data: st.DataObject
) -> None:
    project = ws.project
    value = data.draw(values(project, Ref(type_name)))
    expected = normal_form(project, type_name, value)
    for codec in codecs:
        back = codec.decode(type_name, codec.encode(type_name, value))
        assert normal_form(project, type_name, back) == expected, codec.name


def test_every_record_and_union_is_covered(ws: Workspace) -> None:
    assert [n for n, t in ws.project.types.items() if not isinstance(t, Enum)] == MESSAGE_TYPES
    unions = [n for n in MESSAGE_TYPES if not isinstance(ws.project.types[n], Record)]
    assert unions == ["food.accounting.PaymentMethod"]
