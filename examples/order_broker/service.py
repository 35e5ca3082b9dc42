"""The Order service on RabbitMQ: answers `food.order.OrderService.CreateOrder` (an asynchronous
request/response on `order-commands`) and publishes `OrderCreated` on `order-events`, as the
bindings in contracts/order.yaml say.

Names: exchange `food.order` (direct; commands with routing key `order.commands` into queue
`order-service.commands`), exchange `food.order.events` (fanout). `prefix` is put in front of
every exchange and queue name, so tests can run side by side on one broker.

`broken=True` breaks the contract in three ways:
1. the reply's `correlation_id` is the request's `message_id` (a classic mix-up);
2. the reply's `state` is `PENDING`, not a symbol of `OrderState`;
3. `OrderCreated` is published without its required `order_version` header.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pika

COMMANDS_EXCHANGE = "food.order"
EVENTS_EXCHANGE = "food.order.events"
COMMANDS_QUEUE = "order-service.commands"
COMMANDS_KEY = "order.commands"
CODEGEN = Path(__file__).resolve().parents[2] / "codegen"


@dataclass(frozen=True)
class Names:
    commands_exchange: str
    events_exchange: str
    commands_queue: str

    @classmethod
    def with_prefix(cls, prefix: str) -> Names:
        return cls(prefix + COMMANDS_EXCHANGE, prefix + EVENTS_EXCHANGE, prefix + COMMANDS_QUEUE)


def order_example(codegen: Path = CODEGEN) -> dict[str, Any]:
    """The payload of the `OrderCreated` example (from the generated AsyncAPI document): the
    order the service publishes."""
    doc = json.loads((codegen / "asyncapi" / "food.order.OrderService.json").read_bytes())
    message = doc["components"]["messages"]["food.order.OrderCreated"]
    payload: dict[str, Any] = message["examples"][0]["payload"]
    return payload


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def declare(ch: Any, names: Names) -> None:
    ch.exchange_declare(names.commands_exchange, "direct", auto_delete=False)
    ch.exchange_declare(names.events_exchange, "fanout", auto_delete=False)
    ch.queue_declare(names.commands_queue)
    ch.queue_bind(names.commands_queue, names.commands_exchange, routing_key=COMMANDS_KEY)


def delete(ch: Any, names: Names) -> None:
    ch.queue_delete(names.commands_queue)
    ch.exchange_delete(names.commands_exchange)
    ch.exchange_delete(names.events_exchange)


class OrderService:
    """Serve until `stop()`; `ready` is set once the exchanges and the queue exist."""

    def __init__(self, url: str, prefix: str = "", broken: bool = False) -> None:
        self.url = url
        self.names = Names.with_prefix(prefix)
        self.broken = broken
        self.ready = threading.Event()
        self._stop = threading.Event()
        self.order = order_example()

    def stop(self) -> None:
        self._stop.set()

    def serve(self) -> None:
        connection = pika.BlockingConnection(pika.URLParameters(self.url))
        try:
            ch = connection.channel()
            declare(ch, self.names)
            ch.basic_qos(prefetch_count=10)
            ch.basic_consume(self.names.commands_queue, self._on_command, auto_ack=False)
            self.ready.set()
            while not self._stop.is_set():
                connection.process_data_events(time_limit=0.1)
        finally:
            if connection.is_open:
                connection.close()

    def _on_command(self, ch: Any, method: Any, properties: Any, body: bytes) -> None:
        try:
            request_headers = dict(properties.headers or {})
            if request_headers.get("message_type") != "food.order.CreateOrder":
                return
            json.loads(body)
            order_id = str(uuid.uuid4())
            tenant = str(request_headers.get("tenant_id", "acme"))
            if properties.reply_to:
                self._reply(ch, properties, order_id, tenant)
            self._publish_created(ch, order_id, tenant)
        finally:
            ch.basic_ack(method.delivery_tag)

    def _reply(self, ch: Any, request: Any, order_id: str, tenant: str) -> None:
        correlation = request.message_id if self.broken else request.correlation_id
        headers = {
            "message_id": str(uuid.uuid4()),
            "message_type": "food.order.CreateOrderReply",
            "timestamp": _now(),
            "content_type": "application/json",
            "correlation_id": correlation,
            "tenant_id": tenant,
        }
        state = "PENDING" if self.broken else "APPROVAL_PENDING"
        body = json.dumps({"order_id": order_id, "state": state}).encode()
        properties = pika.BasicProperties(
            content_type="application/json",
            correlation_id=correlation,
            message_id=headers["message_id"],
            type="food.order.CreateOrderReply",
            headers=headers,
        )
        ch.basic_publish("", request.reply_to, body, properties)

    def _publish_created(self, ch: Any, order_id: str, tenant: str) -> None:
        headers: dict[str, Any] = {
            "message_id": str(uuid.uuid4()),
            "message_type": "food.order.OrderCreated",
            "timestamp": _now(),
            "content_type": "application/json",
            "tenant_id": tenant,
            "order_version": 1,
        }
        if self.broken:
            del headers["order_version"]
        body = json.dumps({**self.order, "id": order_id}).encode()
        properties = pika.BasicProperties(
            content_type="application/json",
            message_id=headers["message_id"],
            type="food.order.OrderCreated",
            headers=headers,
        )
        ch.basic_publish(self.names.events_exchange, "", body, properties)
