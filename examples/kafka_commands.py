"""What the reference services on Kafka share: creating their topics, and a loop that reads a
command topic by explicit partition assignment from its end (no consumer group: some
Kafka-protocol brokers join groups slowly) and hands each record to the service."""

from __future__ import annotations

import threading
import uuid
from typing import Any


def create_topics(servers: str, topics: list[str], partitions: int = 3) -> None:
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": servers})
    wanted = [NewTopic(t, partitions, 1) for t in topics]
    for future in admin.create_topics(wanted).values():
        try:
            future.result(10)
        except Exception as exc:  # KafkaException: an existing topic is kept as it is
            if "TOPIC_ALREADY_EXISTS" not in str(exc):
                raise


class KafkaCommandService:
    """Serves one command topic until `stop()`; `ready` is set once its read positions are
    fixed, so a test may send from then on. Subclasses answer in `on_command`."""

    name = "service"

    def __init__(self, servers: str, prefix: str = "", broken: bool = False) -> None:
        self.servers = servers
        self.prefix = prefix
        self.broken = broken
        self.ready = threading.Event()
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def command_topic(self) -> str:
        raise NotImplementedError

    def on_command(self, producer: Any, record: Any) -> None:
        raise NotImplementedError

    def serve(self) -> None:
        from confluent_kafka import OFFSET_END, Consumer, KafkaError, Producer, TopicPartition

        commands = self.command_topic()
        consumer = Consumer(
            {
                "bootstrap.servers": self.servers,
                "group.id": f"{self.name}-{uuid.uuid4()}",
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
                if record is None:
                    continue
                error = record.error()
                if error is not None and error.code() == KafkaError._PARTITION_EOF:
                    waiting.discard(record.partition())
            self.ready.set()
            while not self._stop.is_set():
                record = consumer.poll(0.1)
                if record is None or record.error() is not None:
                    continue
                self.on_command(producer, record)
        finally:
            consumer.close()
            producer.flush(5)
