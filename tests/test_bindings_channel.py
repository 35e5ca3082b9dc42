"""Channel broker bindings: read from the contract, written as AsyncAPI 3 channel and operation
bindings that the official schema accepts, and checked by lint (S191-S193 case files live in
tests/cases/diagnostics)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stele.config import Options
from stele.emit import _asyncapi_check
from stele.emit.asyncapi import AsyncApiEmitter
from stele.emit.base import EmitContext
from stele.ir import AmqpBinding, ExchangeType, KafkaBinding, Project
from stele.lint.checks import check_project
from stele.source.loader import load_project

CONTRACT = """\
package: demo.bind
types:
  Order:
    fields:
      order_id: uuid
      total: int64
messages:
  PlaceOrder: {kind: command, body: Order}
  OrderPlaced: {kind: event, body: Order}
channels:
  order-commands:
    style: point-to-point
    owner: OrderService
    messages: [PlaceOrder]
    bindings:
      amqp: {exchange: demo.orders, routing_key: orders.place, queue: order-service}
  order-events:
    style: publish-subscribe
    owner: OrderService
    address: demo.order.events
    messages: [OrderPlaced]
    bindings:
      amqp: {exchange: demo.events, exchange_type: topic}
      kafka: {partitions: 6, key: order_id}
services:
  OrderService:
    operations:
      Place: {style: notification, message: PlaceOrder, channel: order-commands}
      Publish: {style: publish-subscribe, role: send, message: OrderPlaced, channel: order-events}
"""


def load(tmp_path: Path, text: str = CONTRACT) -> Project:
    (tmp_path / "bind.yaml").write_text(text, "utf-8")
    return load_project([tmp_path], tmp_path)


def document(project: Project) -> Any:
    ctx = EmitContext(project, Options(), {}, {n: p.file for n, p in project.packages.items()})
    out = AsyncApiEmitter().emit(ctx)
    return json.loads(out["asyncapi/demo.bind.OrderService.json"])


def test_bindings_are_read_with_their_defaults(tmp_path: Path) -> None:
    project = load(tmp_path)
    commands = project.channels["demo.bind.order-commands"].bindings
    events = project.channels["demo.bind.order-events"].bindings
    assert commands.kafka is None
    assert commands.amqp is not None
    assert (commands.amqp.exchange, commands.amqp.routing_key, commands.amqp.queue) == (
        "demo.orders",
        "orders.place",
        "order-service",
    )
    assert commands.amqp.exchange_type is ExchangeType.DIRECT
    assert isinstance(events.amqp, AmqpBinding)
    # The routing key and the topic default to the channel's address.
    assert events.amqp.routing_key == "demo.order.events"
    assert isinstance(events.kafka, KafkaBinding)
    assert (events.kafka.topic, events.kafka.partitions, events.kafka.key) == (
        "demo.order.events",
        6,
        "order_id",
    )
    assert check_project(project) == []


def test_asyncapi_channel_and_operation_bindings(tmp_path: Path) -> None:
    doc = document(load(tmp_path))
    channels = doc["channels"]
    assert channels["demo.bind.order-commands"]["bindings"] == {
        "amqp": {
            "is": "queue",
            "queue": {"name": "order-service"},
            "x-stele-exchange": {"name": "demo.orders", "type": "direct"},
            "x-stele-routing-key": "orders.place",
            "bindingVersion": "0.3.0",
        }
    }
    assert channels["demo.bind.order-events"]["bindings"] == {
        "amqp": {
            "is": "routingKey",
            "exchange": {"name": "demo.events", "type": "topic"},
            "x-stele-routing-key": "demo.order.events",
            "bindingVersion": "0.3.0",
        },
        "kafka": {
            "topic": "demo.order.events",
            "partitions": 6,
            "x-stele-key-field": "order_id",
            "bindingVersion": "0.5.0",
        },
    }
    publish = doc["operations"]["Publish"]
    assert publish["bindings"] == {"amqp": {"cc": ["demo.order.events"], "bindingVersion": "0.3.0"}}
    assert _asyncapi_check.schema_problems(doc) == []


def test_the_official_schema_sees_a_bad_binding(tmp_path: Path) -> None:
    """The emitter's validation reaches into bindings: a queue beside an exchange is refused."""
    doc = document(load(tmp_path))
    amqp = doc["channels"]["demo.bind.order-commands"]["bindings"]["amqp"]
    amqp["exchange"] = {"name": "demo.orders"}
    problems = _asyncapi_check.schema_problems(doc)
    assert problems and "bindings" in str(problems[0])


def test_a_channel_without_bindings_gets_none(tmp_path: Path) -> None:
    text = CONTRACT.replace(
        "    bindings:\n      amqp: {exchange: demo.orders, routing_key: orders.place, "
        "queue: order-service}\n",
        "",
    )
    doc = document(load(tmp_path, text))
    assert "bindings" not in doc["channels"]["demo.bind.order-commands"]
    assert "bindings" not in doc["operations"]["Place"]


@pytest.mark.parametrize(
    ("binding", "code"),
    [
        ("amqp: {exchange: amq.direct}", "S191"),
        ("kafka: {topic: 'a b'}", "S191"),
        ("kafka: {key: customer_id}", "S192"),
        ("amqp: {routing_key: x}", "S012"),
        ("rabbit: {exchange: x}", "S011"),
    ],
)
def test_bad_bindings_are_located_errors(tmp_path: Path, binding: str, code: str) -> None:
    text = CONTRACT.replace("      amqp: {exchange: demo.events, exchange_type: topic}\n", "")
    text = text.replace("      kafka: {partitions: 6, key: order_id}", "      " + binding)
    from stele.diagnostics import SteleError

    try:
        project = load(tmp_path, text)
        found = check_project(project)
    except SteleError as exc:
        found = list(exc.diagnostics)
    assert [d.code for d in found] == [code]
    assert found[0].span.path.endswith("bind.yaml") and found[0].span.line > 0
