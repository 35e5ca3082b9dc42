"""The Order service on Kafka: reads `CreateOrder` from topic `food.order.commands`, answers
`CreateOrderReply` on the topic its `reply_to` header names (`food.order.replies`), and publishes
`OrderCreated` on `food.order.events`, as the kafka bindings in contracts/order.yaml say.

It reads its commands by explicit partition assignment from the end of the topic (no consumer
group: some Kafka-protocol brokers join groups slowly). `prefix` goes in front of every topic.
`broken=True` breaks the contract as the RabbitMQ service does: the reply's `correlation_id` is
the request's `message_id`, its `state` is `PENDING`, and `OrderCreated` lacks `order_version`.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from examples.kafka_commands import KafkaCommandService
from examples.kafka_commands import create_topics as shared_create_topics
from examples.order_broker.service import _now, order_example

TOPICS = ("food.order.commands", "food.order.replies", "food.order.events")


def create_topics(servers: str, prefix: str, partitions: int = 3) -> None:
    shared_create_topics(servers, [prefix + t for t in TOPICS], partitions)


class KafkaOrderService(KafkaCommandService):
    name = "order-service"

    def __init__(self, servers: str, prefix: str = "", broken: bool = False) -> None:
        super().__init__(servers, prefix, broken)
        self.order = order_example()

    def command_topic(self) -> str:
        return self.prefix + TOPICS[0]

    def on_command(self, producer: Any, record: Any) -> None:
        headers = {k: (v or b"").decode() for k, v in record.headers() or []}
        if headers.get("message_type") != "food.order.CreateOrder":
            return
        json.loads(record.value())
        order_id = str(uuid.uuid4())
        tenant = headers.get("tenant_id", "acme")
        if headers.get("reply_to"):
            correlation = headers["message_id"] if self.broken else headers["correlation_id"]
            state = "PENDING" if self.broken else "APPROVAL_PENDING"
            reply = {
                "message_id": str(uuid.uuid4()),
                "message_type": "food.order.CreateOrderReply",
                "timestamp": _now(),
                "content_type": "application/json",
                "correlation_id": correlation,
                "tenant_id": tenant,
            }
            producer.produce(
                headers["reply_to"],
                json.dumps({"order_id": order_id, "state": state}).encode(),
                headers=[(k, v.encode()) for k, v in reply.items()],
            )
        event = {
            "message_id": str(uuid.uuid4()),
            "message_type": "food.order.OrderCreated",
            "timestamp": _now(),
            "content_type": "application/json",
            "tenant_id": tenant,
            "order_version": "1",
        }
        if self.broken:
            del event["order_version"]
        producer.produce(
            self.prefix + TOPICS[2],
            json.dumps({**self.order, "id": order_id}).encode(),
            key=order_id.encode(),
            headers=[(k, v.encode()) for k, v in event.items()],
        )
        producer.flush(5)
