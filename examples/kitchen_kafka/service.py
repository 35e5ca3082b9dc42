"""The Kitchen service on Kafka: answers `food.kitchen.KitchenService.CreateTicket` (an
asynchronous request/response: `CreateTicket` on channel `kitchen-commands`, the
`TicketConfirmation` reply on `kitchen-replies`) as contracts/kitchen.yaml says.

Topics: `food.kitchen.commands` and `food.kitchen.replies` (3 partitions each); `prefix` goes in
front of both so tests can run side by side on one broker. The reply goes to the topic the
request's `reply_to` header names, keyed by the ticket id, with the request's `correlation_id`.
Commands are read by explicit partition assignment from the end of the topic: no consumer group,
no committed offset (some Kafka-protocol brokers join groups slowly).

`broken=True` breaks the contract in three ways, all in the reply:
1. its `correlation_id` is the request's `message_id` (so the requester never sees its reply);
2. the required `tenant_id` header is left out;
3. `ticket_id` is the kitchen's own ticket number (`T-1042`), not a UUID.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from examples.kafka_commands import KafkaCommandService
from examples.kafka_commands import create_topics as shared_create_topics

TOPICS = ("food.kitchen.commands", "food.kitchen.replies")
REQUEST = "food.kitchen.CreateTicket"
REPLY = "food.kitchen.TicketConfirmation"


def create_topics(servers: str, prefix: str, partitions: int = 3) -> None:
    shared_create_topics(servers, [prefix + t for t in TOPICS], partitions)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class KafkaKitchenService(KafkaCommandService):
    name = "kitchen-service"

    def __init__(self, servers: str, prefix: str = "", broken: bool = False) -> None:
        super().__init__(servers, prefix, broken)
        self.answered = 0

    def command_topic(self) -> str:
        return self.prefix + TOPICS[0]

    def on_command(self, producer: Any, record: Any) -> None:
        headers = {k: (v or b"").decode() for k, v in record.headers() or []}
        if headers.get("message_type") != REQUEST or not headers.get("reply_to"):
            return
        try:
            request = json.loads(record.value())
        except ValueError:
            return  # not ours to answer; a real service would dead-letter it
        ticket_id = str(uuid.uuid4())
        body = {
            "ticket_id": "T-1042" if self.broken else ticket_id,
            "order_id": request.get("order_id"),
            "estimated_preparation_time": "PT25M",
        }
        reply = {
            "message_id": str(uuid.uuid4()),
            "message_type": REPLY,
            "timestamp": _now(),
            "content_type": "application/json",
            "correlation_id": headers.get("message_id" if self.broken else "correlation_id", ""),
            "tenant_id": "" if self.broken else headers.get("tenant_id", "acme"),
        }
        producer.produce(
            headers["reply_to"],
            json.dumps(body).encode(),
            key=ticket_id.encode(),
            headers=[(k, v.encode()) for k, v in reply.items() if v],
        )
        producer.flush(5)
        self.answered += 1
