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
import threading
import uuid
from typing import Any

from examples.order_broker.service import _now, order_example

TOPICS = ("food.order.commands", "food.order.replies", "food.order.events")


def create_topics(servers: str, prefix: str, partitions: int = 3) -> None:
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": servers})
    wanted = [NewTopic(prefix + t, partitions, 1) for t in TOPICS]
    for future in admin.create_topics(wanted).values():
        try:
            future.result(10)
        except Exception as exc:  # KafkaException: an existing topic is kept as it is
            if "TOPIC_ALREADY_EXISTS" not in str(exc):
                raise


class KafkaOrderService:
    def __init__(self, servers: str, prefix: str = "", broken: bool = False) -> None:
        self.servers = servers
        self.prefix = prefix
        self.broken = broken
        self.ready = threading.Event()
        self._stop = threading.Event()
        self.order = order_example()

    def stop(self) -> None:
        self._stop.set()

    def serve(self) -> None:
        from confluent_kafka import OFFSET_END, Consumer, KafkaError, Producer, TopicPartition

        commands = self.prefix + TOPICS[0]
        consumer = Consumer(
            {
                "bootstrap.servers": self.servers,
                "group.id": f"order-service-{uuid.uuid4()}",
                "enable.auto.commit": False,
                "enable.partition.eof": True,
            }
        )
        producer = Producer({"bootstrap.servers": self.servers})
        try:
            metadata = consumer.list_topics(commands, timeout=10).topics[commands]
            parts = sorted(metadata.partitions)
            consumer.assign([TopicPartition(commands, p, OFFSET_END) for p in parts])
            waiting = set(parts)
            while waiting and not self._stop.is_set():  # positions fixed: now ready
                record = consumer.poll(0.1)
                error = record.error() if record is not None else None
                if error is not None and error.code() == KafkaError._PARTITION_EOF:
                    waiting.discard(record.partition())
            self.ready.set()
            while not self._stop.is_set():
                record = consumer.poll(0.1)
                if record is None or record.error() is not None:
                    continue
                self._on_command(producer, record)
        finally:
            consumer.close()
            producer.flush(5)

    def _on_command(self, producer: Any, record: Any) -> None:
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
