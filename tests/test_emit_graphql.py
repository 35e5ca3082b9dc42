"""The GraphQL emitter: golden SDL of the example project (STELE_UPDATE_GOLDEN=1 rewrites it),
graphql-core's validation, one query that does what `?expand=consumer,restaurant` does, and every
example of a type a query returns executed as the result of a query selecting all its fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from _json_golden import GOLDEN, check_golden
from graphql import (
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    graphql_sync,
    validate_schema,
)

from stele.config import Options
from stele.emit.base import EmitContext
from stele.emit.graphql import DOCUMENT_PATH, GraphqlEmitter, check_sdl, render
from stele.ir import (
    Decimal,
    Field,
    ListOf,
    MapOf,
    Project,
    Record,
    Ref,
    Scalar,
    Span,
    TypeExpr,
    Union,
    Value,
)
from stele.mapping.graphql_types import graphql_names, result_value
from stele.source.loader import load_project

ROOT = Path(__file__).parent.parent


def project() -> Project:
    return load_project([ROOT / "contracts"], ROOT)


def context(p: Project | None = None) -> EmitContext:
    p = p or project()
    return EmitContext(p, Options(), {}, {n: pkg.file for n, pkg in p.packages.items()})


def sdl() -> str:
    return GraphqlEmitter().emit(context())[DOCUMENT_PATH].decode()


def schema() -> GraphQLSchema:
    """The emitted schema with the serialisation docs/graphql.md gives its Int64 scalar."""
    built = build_schema(sdl())
    int64 = built.type_map["Int64"]
    assert isinstance(int64, GraphQLScalarType)
    int64.coerce_output_value = str
    return built


def test_golden_sdl() -> None:
    check_golden(GOLDEN / "graphql", GraphqlEmitter().emit(context()), "graphql/")


def test_graphql_core_accepts_the_schema_and_validate_reports_nothing() -> None:
    ctx = context()
    artifacts = GraphqlEmitter().emit(ctx)
    assert GraphqlEmitter().validate(ctx, artifacts) == []
    assert validate_schema(build_schema(artifacts[DOCUMENT_PATH].decode())) == []


def test_deterministic() -> None:
    assert sdl() == sdl()
    assert render(context()) == render(context())


def test_validate_reports_a_broken_document_at_its_line() -> None:
    found = check_sdl("type Query {\n  a: Missing\n}\n")
    assert [(d.code, d.span.line) for d in found] == [("G008", 2)]
    assert "Missing" in found[0].message
    syntax = check_sdl("type Query {\n  a:\n}\n")
    assert [(d.code, d.span.line, d.span.column) for d in syntax] == [("G008", 3, 1)]


def test_reads_are_queries_writes_mutations_events_subscriptions() -> None:
    s = build_schema(sdl())
    assert s.query_type is not None and s.mutation_type is not None
    assert s.subscription_type is not None
    assert "getOrder" in s.query_type.fields and "listOrders" in s.query_type.fields
    assert "placeOrder" in s.mutation_type.fields
    assert str(s.mutation_type.fields["placeOrder"].args["input"].type) == "NewOrderInput!"
    assert str(s.subscription_type.fields["orderCreated"].type) == "Order!"
    args = s.query_type.fields["getOrder"].args
    assert {n: str(a.type) for n, a in args.items()} == {
        "order_id": "UUID!",
        "include_items": "Boolean",
    }


def test_relations_become_fields_returning_the_related_object() -> None:
    s = build_schema(sdl())
    order = s.type_map["Order"]
    assert isinstance(order, GraphQLObjectType)
    assert str(order.fields["consumer"].type) == "Consumer"
    assert str(order.fields["restaurant"].type) == "Restaurant"
    assert str(order.fields["consumer_id"].type) == "UUID!"


def test_unions_and_oneof_inputs_follow_the_discriminator() -> None:
    s = build_schema(sdl())
    union = s.type_map["PaymentMethod"]
    assert isinstance(union, GraphQLUnionType)
    assert [t.name for t in union.types] == ["CardPayment", "VoucherPayment"]
    assert "`method: card` is CardPayment" in (union.description or "")
    assert "input PaymentMethodInput @oneOf {" in sdl()


def _examples(p: Project, name: str) -> list[Value]:
    return [e.value for e in p.types[name].examples]


def _by_id(p: Project, name: str, key: Value) -> Value:
    return next(v for v in _examples(p, name) if isinstance(v, dict) and v.get("id") == key)


ORDER_QUERY = """
query ($id: UUID!) {
  getOrder(order_id: $id) {
    id state version
    total { amount currency }
    payment_method { __typename ... on CardPayment { brand last4 } }
    consumer { id name email }
    restaurant { id name menu { name price { amount } } }
  }
}
"""


def test_one_query_fetches_an_order_with_its_consumer_and_restaurant() -> None:
    p, s = project(), schema()
    names = graphql_names(p)
    orders = {e.name: e.value for e in p.types["food.order.Order"].examples}
    cancelled = orders["cancelled"]
    assert isinstance(cancelled, dict)
    order_type = Ref("food.order.Order")

    def get_order(_root: Any, _info: Any, order_id: str, **_: Any) -> Value:
        assert order_id == cancelled["id"]
        return result_value(p, names, order_type, cancelled)

    def related(target: str, key: str) -> Any:
        def resolve(order: dict[str, Any], _info: Any) -> Value:
            return result_value(p, names, Ref(target), _by_id(p, target, order[key]))

        return resolve

    query = s.query_type
    assert query is not None
    query.fields["getOrder"].resolve = get_order
    order = s.type_map["Order"]
    assert isinstance(order, GraphQLObjectType)
    order.fields["consumer"].resolve = related("food.consumer.Consumer", "consumer_id")
    order.fields["restaurant"].resolve = related("food.restaurant.Restaurant", "restaurant_id")
    result = graphql_sync(s, ORDER_QUERY, variable_values={"id": cancelled["id"]})
    assert result.errors is None
    data = cast(dict[str, Any], result.data)["getOrder"]
    assert data["state"] == "CANCELLED" and data["version"] == "3"
    assert data["total"] == {"amount": "26.90", "currency": "EUR"}
    assert data["payment_method"] == {"__typename": "CardPayment", "brand": "VISA", "last4": "4242"}
    assert data["consumer"]["id"] == cancelled["consumer_id"]
    assert data["consumer"]["email"]
    assert data["restaurant"]["id"] == cancelled["restaurant_id"]
    assert data["restaurant"]["menu"][0]["price"]["amount"]


# ---------------------------------------------------------------------------------------------
# Every example of a type a query returns is a valid result of a query selecting all its fields
# ---------------------------------------------------------------------------------------------


def _selection(p: Project, names: dict[str, str], t: TypeExpr) -> str:
    """Every field of a contract type (relations left out: they are other resources)."""
    if isinstance(t, ListOf):
        return _selection(p, names, t.item)
    if not isinstance(t, Ref):
        return ""
    named = p.types[t.name]
    if isinstance(named, Record):
        parts = [f.name + _selection(p, names, f.type) for f in named.fields]
        return " { " + " ".join(parts) + " }"
    if isinstance(named, Union):
        parts = [
            f"... on {names[v.type.name]}{_selection(p, names, v.type)}" for v in named.variants
        ]
        return " { __typename " + " ".join(parts) + " }"
    return ""


def _expected(p: Project, names: dict[str, str], t: TypeExpr, v: Value) -> Value:
    """What the query must answer for a contract value: every selected field, absent ones
    null, int64 as a string (the documented serialisation), unions with `__typename`."""
    if v is None:
        return None
    if isinstance(t, ListOf):
        assert isinstance(v, list)
        return [_expected(p, names, t.item, x) for x in v]
    if isinstance(t, Scalar) and t.name == "int64":
        return str(v)
    if isinstance(t, Scalar | Decimal | MapOf) or not isinstance(v, dict):
        return v
    named = p.types[t.name]
    if isinstance(named, Union):
        variant = next(x for x in named.variants if x.name == v[named.discriminator])
        inner = _expected(p, names, variant.type, v)
        assert isinstance(inner, dict)
        return {"__typename": names[variant.type.name], **inner}
    assert isinstance(named, Record)
    return {f.name: _expected(p, names, f.type, v.get(f.name)) for f in named.fields}


def _query_result_types(p: Project) -> list[str]:
    """The named types (records and unions) reachable from what the queries return."""
    s = build_schema(sdl())
    assert s.query_type is not None
    by_graphql = {g: q for q, g in graphql_names(p).items()}
    roots = [by_graphql[f.type.name] for f in s.query_type.fields.values()]
    found = p.reachable_types(roots)
    for name in list(found):
        named = p.types[name]
        if isinstance(named, Record):
            found += [f.relation.target for f in named.fields if f.relation is not None]
    return sorted({n for n in p.reachable_types(found) if isinstance(p.types[n], Record | Union)})


def _run_example(p: Project, name: str, value: Value) -> tuple[Any, Any]:
    names = graphql_names(p)
    s = schema()
    field_type = cast(GraphQLOutputType, s.type_map[names[name]])
    query = s.query_type
    assert query is not None
    ref = Ref(name)
    query.fields["example"] = GraphQLField(
        field_type,
        resolve=lambda *_: result_value(p, names, ref, value),
    )
    result = graphql_sync(s, "{ example" + _selection(p, names, ref) + " }")
    return result, _expected(p, names, ref, value)


def _cases() -> list[tuple[str, int]]:
    p = project()
    return [(n, i) for n in _query_result_types(p) for i in range(len(p.types[n].examples))]


# The examples of the types the queries return, written out so that collecting this module builds
# nothing; the next test checks the list against the project.
CASES = [
    ("food.accounting.Account", 0),
    ("food.accounting.PaymentMethod", 0),
    ("food.accounting.PaymentMethod", 1),
    ("food.common.Address", 0),
    ("food.common.GeoPoint", 0),
    ("food.common.Money", 0),
    ("food.consumer.Consumer", 0),
    ("food.delivery.Delivery", 0),
    ("food.order.Order", 0),
    ("food.order.Order", 1),
    ("food.restaurant.Restaurant", 0),
]


def test_the_example_cases_are_every_example_of_what_the_queries_return() -> None:
    assert _cases() == CASES


@pytest.mark.parametrize(("name", "index"), CASES)
def test_every_example_is_a_valid_result_of_a_query_selecting_all_its_fields(
    name: str, index: int
) -> None:
    p = project()
    result, expected = _run_example(p, name, p.types[name].examples[index].value)
    assert result.errors is None
    assert result.data == {"example": expected}


def test_a_value_missing_a_required_field_is_not_a_valid_result() -> None:
    p = project()
    consumer = _by_id(p, "food.consumer.Consumer", "7a0c3a52-5d1e-4a8e-9a47-0f6f2b7c9d10")
    broken = dict(cast(dict[str, Value], consumer))
    del broken["email"]
    result, _ = _run_example(p, "food.consumer.Consumer", broken)
    assert result.errors and "Consumer.email" in result.errors[0].message


def test_deprecated_required_inputs_stay_valid() -> None:
    """A required input cannot carry @deprecated; the emitter leaves the mark off there."""
    p = project()
    order = p.record("food.order.NewOrder")
    fields = tuple(
        Field(f.name, f.type, f.span, deprecated="gone") if f.name == "consumer_id" else f
        for f in order.fields
    )
    changed = Project(
        p.packages,
        {**p.types, order.name: Record(order.name, order.package, fields, Span("x", 1, 1))},
        p.messages,
        p.channels,
        p.services,
    )
    assert check_sdl(render(context(changed))) == []


def test_a_project_without_reads_still_has_a_query_type() -> None:
    """The AsyncAPI test contracts have no HTTP GET: Query holds `_empty`, events subscribe."""
    contracts = ROOT / "tests" / "asyncapi_contracts"
    p = load_project([contracts], contracts)
    text = render(context(p))
    assert check_sdl(text) == []
    s = build_schema(text)
    assert s.query_type is not None and list(s.query_type.fields) == ["_empty"]
    assert s.subscription_type is not None and s.subscription_type.fields


def test_names_two_packages_share_are_prefixed() -> None:
    """A second `Money` in another package: both get their package as prefix, and the schema
    stays valid."""
    p = project()
    money = p.types["food.common.Money"]
    assert isinstance(money, Record)
    clash = Record("food.order.Money", "food.order", money.fields, money.span)
    order = p.record("food.order.Order")
    fields = (*order.fields, Field("refund", Ref("food.order.Money"), order.span, optional=True))
    changed = Project(
        p.packages,
        {
            **p.types,
            clash.name: clash,
            order.name: Record(order.name, order.package, fields, order.span),
        },
        p.messages,
        p.channels,
        p.services,
    )
    names = graphql_names(changed)
    assert (names["food.common.Money"], names["food.order.Money"]) == (
        "FoodCommon_Money",
        "FoodOrder_Money",
    )
    text = render(context(changed))
    assert check_sdl(text) == []
    assert "  refund: FoodOrder_Money\n" in text


def test_a_relation_named_like_a_field_leaves_the_field_alone() -> None:
    p = project()
    order = p.record("food.order.Order")
    fields = (*order.fields, Field("consumer", Scalar("string"), order.span, optional=True))
    changed = Project(
        p.packages,
        {**p.types, order.name: Record(order.name, order.package, fields, order.span)},
        p.messages,
        p.channels,
        p.services,
    )
    text = render(context(changed))
    assert check_sdl(text) == []
    assert (
        "  consumer: String\n" in text
        and "  consumer: Consumer\n" not in text.split("type Order {")[1].split("}")[0]
    )
