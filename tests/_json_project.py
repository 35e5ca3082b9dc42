"""A small contract project built by hand as IR, covering every construct the JSON Schema,
OpenAPI and pydantic emitters map (used until the YAML loader can build it from a fixture)."""

from __future__ import annotations

from stele.config import Options
from stele.emit.base import EmitContext
from stele.ir import (
    Decimal,
    Enum,
    EnumSymbol,
    Example,
    Expansion,
    Field,
    Header,
    HttpBinding,
    ListOf,
    MapOf,
    Message,
    MessageExample,
    MessageKind,
    NamedType,
    Operation,
    Package,
    Project,
    Record,
    Ref,
    Relation,
    Scalar,
    Service,
    Span,
    Style,
    Union,
    Variant,
)

COMMON = "contracts/common.yaml"
ORDER = "contracts/order.yaml"
CONSUMER_ID = "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11"
ORDER_ID = "5f0c2b7e-8d1a-4c3b-9e6f-1a2b3c4d5e6f"


def at(file: str, line: int) -> Span:
    return Span(file, line, 5)


def s(name: str) -> Scalar:
    return Scalar(name)


def money() -> Record:
    return Record(
        name="food.common.Money",
        package="food.common",
        span=at(COMMON, 3),
        doc="An amount of money in one currency.",
        fields=(
            Field("amount", Decimal(12, 2), at(COMMON, 6), doc="The amount, e.g. 12.50."),
            Field(
                "currency", s("string"), at(COMMON, 7), examples=(Example("EUR", at(COMMON, 8)),)
            ),
        ),
        examples=(Example({"amount": "12.50", "currency": "EUR"}, at(COMMON, 10), "twelve"),),
    )


def scalars() -> Record:
    names: tuple[str, ...] = ("bool", "int32", "int64", "float32", "float64", "string", "bytes")
    names += ("uuid", "date", "timestamp", "duration")
    return Record(
        name="food.common.Scalars",
        package="food.common",
        span=at(COMMON, 20),
        doc="One field of every scalar type.",
        fields=tuple(Field(f"a_{n}", s(n), at(COMMON, 21 + i)) for i, n in enumerate(names)),
        examples=(
            Example(
                {
                    "a_bool": True,
                    "a_int32": -5,
                    "a_int64": 9007199254740993,
                    "a_float32": 1.5,
                    "a_float64": 2.25,
                    "a_string": "Pad Thai",
                    "a_bytes": "AAEC",
                    "a_uuid": CONSUMER_ID,
                    "a_date": "2026-11-25",
                    "a_timestamp": "2026-11-25T12:30:00.250Z",
                    "a_duration": "PT1H30M",
                },
                at(COMMON, 35),
            ),
        ),
    )


def order_state() -> Enum:
    symbols = ("APPROVAL_PENDING", "APPROVED", "REJECTED")
    return Enum(
        name="food.order.OrderState",
        package="food.order",
        span=at(ORDER, 3),
        doc="Where an order is in its life.",
        symbols=tuple(EnumSymbol(n, at(ORDER, 4), i + 1) for i, n in enumerate(symbols)),
        default="APPROVAL_PENDING",
    )


def payment_records() -> tuple[Record, Record, Union]:
    card = Record(
        name="food.order.CardPayment",
        package="food.order",
        span=at(ORDER, 10),
        fields=(Field("last4", s("string"), at(ORDER, 11), doc="Last four digits."),),
    )
    voucher = Record(
        name="food.order.VoucherPayment",
        package="food.order",
        span=at(ORDER, 13),
        doc="A prepaid voucher.",
        fields=(
            Field("code", s("string"), at(ORDER, 14)),
            Field("value", Ref("food.common.Money"), at(ORDER, 15), optional=True),
        ),
    )
    union = Union(
        name="food.order.PaymentMethod",
        package="food.order",
        span=at(ORDER, 17),
        doc="How a consumer pays.",
        discriminator="method",
        variants=(
            Variant("card", Ref(card.name), at(ORDER, 19), 1, doc="A card."),
            Variant("voucher", Ref(voucher.name), at(ORDER, 20), 2),
        ),
        examples=(Example({"method": "card", "last4": "4242"}, at(ORDER, 22)),),
    )
    return card, voucher, union


def order() -> Record:
    return Record(
        name="food.order.Order",
        package="food.order",
        span=at(ORDER, 30),
        doc="An order placed by a consumer.",
        fields=(
            Field("id", s("uuid"), at(ORDER, 32), number=1, doc="The order id."),
            Field(
                "consumer_id",
                s("uuid"),
                at(ORDER, 33),
                relation=Relation("food.order.Consumer", "consumer"),
            ),
            Field("items", ListOf(Ref("food.order.Order.Line")), at(ORDER, 35)),
            Field("state", Ref("food.order.OrderState"), at(ORDER, 36)),
            Field("total", Ref("food.common.Money"), at(ORDER, 37)),
            Field("payment", Ref("food.order.PaymentMethod"), at(ORDER, 38), optional=True),
            Field("placed_at", s("timestamp"), at(ORDER, 39)),
            Field("tags", MapOf(s("string")), at(ORDER, 40), optional=True),
            Field("priority", s("int32"), at(ORDER, 41), default=0, has_default=True),
            Field("legacy_code", s("string"), at(ORDER, 42), optional=True, deprecated="use id"),
        ),
        examples=(
            Example(
                {
                    "id": ORDER_ID,
                    "consumer_id": CONSUMER_ID,
                    "items": [{"menu_item_id": "pad-thai", "quantity": 2}],
                    "state": "APPROVED",
                    "total": {"amount": "25.00", "currency": "EUR"},
                    "payment": {"method": "voucher", "code": "XMAS"},
                    "placed_at": "2026-11-25T12:30:00Z",
                },
                at(ORDER, 45),
                "approved",
            ),
        ),
    )


def order_line() -> Record:
    return Record(
        name="food.order.Order.Line",
        package="food.order",
        parent="food.order.Order",
        span=at(ORDER, 50),
        doc="One menu item in an order.",
        fields=(
            Field("menu_item_id", s("string"), at(ORDER, 51)),
            Field("quantity", s("int32"), at(ORDER, 52), default=1, has_default=True),
        ),
    )


def consumer() -> Record:
    return Record(
        name="food.order.Consumer",
        package="food.order",
        span=at(ORDER, 55),
        doc="Who orders.",
        fields=(
            Field("id", s("uuid"), at(ORDER, 56)),
            Field("name", s("string"), at(ORDER, 57)),
        ),
    )


def requests() -> tuple[Record, Record]:
    get = Record(
        name="food.order.GetOrderRequest",
        package="food.order",
        span=at(ORDER, 60),
        fields=(
            Field("order_id", s("uuid"), at(ORDER, 61), doc="Which order."),
            Field("include_items", s("bool"), at(ORDER, 62), default=True, has_default=True),
            Field("locale", s("string"), at(ORDER, 63), optional=True),
        ),
    )
    create = Record(
        name="food.order.CreateOrderRequest",
        package="food.order",
        span=at(ORDER, 65),
        fields=(
            Field("consumer_id", s("uuid"), at(ORDER, 66)),
            Field("items", ListOf(Ref("food.order.Order.Line")), at(ORDER, 67)),
            Field("dry_run", s("bool"), at(ORDER, 68), optional=True),
        ),
    )
    return get, create


def order_created() -> Message:
    return Message(
        name="food.order.OrderCreated",
        package="food.order",
        kind=MessageKind.EVENT,
        body=Ref("food.order.Order"),
        span=at(ORDER, 70),
        doc="Published when an order has been created.",
        headers=(
            Header("tenant_id", s("string"), at(ORDER, 73), required=True, doc="The tenant."),
            Header("trace_sampled", s("bool"), at(ORDER, 74)),
        ),
        examples=(
            MessageExample(
                body={
                    "id": ORDER_ID,
                    "consumer_id": CONSUMER_ID,
                    "items": [],
                    "state": "APPROVAL_PENDING",
                    "total": {"amount": "0.00", "currency": "EUR"},
                    "placed_at": "2026-11-25T12:30:00Z",
                },
                span=at(ORDER, 76),
                name="created",
                headers={"tenant_id": "acme"},
            ),
        ),
    )


def order_service() -> Service:
    service = "food.order.OrderService"
    get = Operation(
        name="GetOrder",
        service=service,
        style=Style.REQUEST_RESPONSE,
        span=at(ORDER, 82),
        doc="Fetch one order.",
        request="food.order.GetOrderRequest",
        response="food.order.Order",
        errors=(404,),
        http=HttpBinding(
            method="GET",
            path="/orders/{order_id}",
            span=at(ORDER, 87),
            path_params=("order_id",),
            query_params=("include_items",),
            expand=(Expansion("consumer", "consumer_id", "food.order.Consumer", at(ORDER, 90)),),
        ),
    )
    create = Operation(
        name="CreateOrder",
        service=service,
        style=Style.REQUEST_RESPONSE,
        span=at(ORDER, 92),
        request="food.order.CreateOrderRequest",
        response="food.order.Order",
        errors=(409, 422),
        http=HttpBinding(
            method="POST",
            path="/orders",
            span=at(ORDER, 96),
            query_params=("dry_run",),
            body=True,
            status=201,
        ),
    )
    grpc_only = Operation(
        name="Ping",
        service=service,
        style=Style.REQUEST_RESPONSE,
        span=at(ORDER, 99),
        request="food.order.GetOrderRequest",
        response="food.order.Order",
    )
    return Service(
        name=service,
        package="food.order",
        span=at(ORDER, 80),
        doc="Owns orders.",
        operations=(get, create, grpc_only),
    )


def build_project() -> Project:
    card, voucher, payment = payment_records()
    get, create = requests()
    named: list[NamedType] = [
        money(),
        scalars(),
        order_state(),
        card,
        voucher,
        payment,
        order(),
        order_line(),
    ]
    named += [consumer(), get, create]
    message = order_created()
    service = order_service()
    return Project(
        packages={
            "food.common": Package("food.common", COMMON, at(COMMON, 1)),
            "food.order": Package("food.order", ORDER, at(ORDER, 1), doc="Orders."),
        },
        types={t.name: t for t in named},
        messages={message.name: message},
        channels={},
        services={service.name: service},
    )


def context(
    options: Options | None = None, produced: dict[str, bytes] | None = None
) -> EmitContext:
    return EmitContext(
        project=build_project(),
        options=options or Options(),
        produced=produced or {},
        sources={"food.common": COMMON, "food.order": ORDER},
    )
