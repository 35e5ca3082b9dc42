"""`stele test broker` on a Kafka broker, through confluent-kafka: observe.

Every channel with a `kafka` binding is read by explicit partition assignment (every partition of
its topic, from `--offset`: `end`, `beginning` or a number), never by subscription: no consumer
group is joined and no offset is committed, so nothing is left on the broker (librdkafka wants a
`group.id` even so; it is a fresh name that never reaches a coordinator). From `end`, stele
listens for `--timeout` seconds; from `beginning` or an offset, it stops when every partition has
signalled its end (not at the high watermark, which some brokers report wrongly), at
`--max-messages`, or at the timeout.

Kafka record headers are bytes: they are read as UTF-8 text, and a header the message declares as
a number or a boolean is parsed from its text (`order_version: "2"` is 2). The record's own
timestamp stands in for a missing `timestamp` header.

A broker lost mid-run (librdkafka's "all brokers down", or a fatal client error) is T020, exit 2:
librdkafka reports it to an error callback, not as a record, and would otherwise retry quietly
until the timeout and pass an empty run.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

from stele.ir import Channel, Project, Scalar, Value
from stele.testing.broker_amqp import Observation, bad
from stele.testing.broker_judge import Delivery

NON_TEXT = {"bool", "int32", "int64", "uint32", "uint64", "float", "double"}
OFFSETS = ("end", "beginning")


def bootstrap(url: str) -> str:
    servers = url.removeprefix("kafka://").split("/", 1)[0]
    if not servers or any(":" not in s for s in servers.split(",")):
        raise bad("T020", f"'{url}' is not kafka://host:port[,host:port...]")
    return servers


def _header_value(project: Project, message: str | None, name: str, raw: bytes | None) -> Value:
    text = (raw or b"").decode("utf-8", "backslashreplace")
    declared = project.messages.get(message or "")
    header = next((h for h in declared.headers if h.name == name), None) if declared else None
    if header is not None and isinstance(header.type, Scalar) and header.type.name in NON_TEXT:
        try:
            value = json.loads(text)
        except ValueError:
            return text
        return value if isinstance(value, bool | int | float) else text
    return text


def delivery(project: Project, channel: Channel, number: int, record: Any) -> Delivery:
    raw = list(record.headers() or [])
    named = next((v for k, v in raw if k == "message_type"), None)
    message = named.decode("utf-8", "replace") if isinstance(named, bytes) else None
    headers = {str(k): _header_value(project, message, str(k), v) for k, v in raw}
    transport: dict[str, Value] = {}
    kind, stamp = record.timestamp()
    if kind and stamp and stamp > 0:
        when = dt.datetime.fromtimestamp(stamp / 1000, dt.UTC)
        transport["timestamp"] = when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    content_type = headers.get("content_type")
    return Delivery(
        channel,
        number,
        record.value() or b"",
        headers,
        transport,
        content_type if isinstance(content_type, str) else "",
    )


def observe(
    url: str,
    project: Project,
    channels: list[Channel],
    on_delivery: Callable[[Delivery], None],
    max_messages: int,
    timeout: float,
    offset: str = "end",
    max_bytes: int = 16 * 1024 * 1024,
    ready: Callable[[], None] | None = None,
) -> Observation:
    from confluent_kafka import OFFSET_BEGINNING, OFFSET_END, Consumer, KafkaError, TopicPartition

    start = {"end": OFFSET_END, "beginning": OFFSET_BEGINNING}.get(offset)
    if start is None:
        start = int(offset)
    config = {
        "bootstrap.servers": bootstrap(url),
        "group.id": f"stele-observe-{uuid.uuid4()}",
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "enable.partition.eof": True,
        "fetch.message.max.bytes": min(max(max_bytes, 1024), 1 << 30),
        "socket.timeout.ms": 5000,
        "logger": _quiet_logger(),
    }
    lost = LostBroker(url)
    consumer = Consumer({**config, "error_cb": lost})
    seen = Observation()
    try:
        by_topic: dict[str, Channel] = {}
        partitions = []
        for channel in channels:
            kafka = channel.bindings.kafka
            assert kafka is not None
            metadata = _topic(consumer, url, kafka.topic, min(timeout, 10.0))
            by_topic[kafka.topic] = channel
            partitions += [TopicPartition(kafka.topic, p, start) for p in sorted(metadata)]
        consumer.assign(partitions)
        open_partitions = {(tp.topic, tp.partition) for tp in partitions}
        # From the end, the positions are fixed when every partition has signalled its end:
        # only then is stele listening.
        if ready is not None and offset != "end":
            ready()
            ready = None
        deadline = time.monotonic() + timeout
        while seen.judged < max_messages and time.monotonic() < deadline:
            record = consumer.poll(min(0.2, max(deadline - time.monotonic(), 0.01)))
            lost.check()
            if record is None:
                continue
            error = record.error()
            if error is not None:
                if error.code() == KafkaError._PARTITION_EOF:
                    open_partitions.discard((record.topic(), record.partition()))
                    if ready is not None and not open_partitions:
                        ready()
                        ready = None
                    if offset != "end" and not open_partitions:
                        break
                    continue
                raise bad("T020", f"the Kafka broker at {url}: {error.str()}"[:300])
            seen.judged += 1
            on_delivery(delivery(project, by_topic[record.topic() or ""], seen.judged, record))
    finally:
        consumer.close()  # no group joined, no offsets committed: nothing to leave behind
    return seen


def _topic(consumer: Any, url: str, topic: str, timeout: float) -> list[int]:
    from confluent_kafka import KafkaException

    try:
        metadata = consumer.list_topics(topic, timeout=timeout)
    except KafkaException as exc:
        raise bad(
            "T020",
            f"cannot reach a Kafka broker at {url}: {exc.args[0].str() if exc.args else exc}",
            "is the broker running, and is the port its Kafka listener?",
        ) from None
    found = metadata.topics.get(topic)
    if found is None or found.error is not None or not found.partitions:
        raise bad(
            "T023",
            f"topic '{topic}' does not exist on the Kafka broker",
            "start the service that creates it first; stele never creates a topic",
        )
    return list(found.partitions)


class LostBroker:
    """librdkafka's error callback: remembers a lost broker, for `check` to raise as T020."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.problem = ""

    def __call__(self, error: Any) -> None:
        from confluent_kafka import KafkaError

        if error.code() == KafkaError._ALL_BROKERS_DOWN or error.fatal():
            self.problem = self.problem or error.str()

    def check(self) -> None:
        if self.problem:
            raise bad(
                "T020",
                f"lost (or never had) a connection to the Kafka broker at {self.url}: "
                f"{self.problem}"[:300],
                "is the broker running, and is the port its Kafka listener?",
            )


def _quiet_logger() -> Any:
    """librdkafka's log lines (connection retries) would bury the report."""
    import logging

    logger = logging.getLogger("stele.broker.kafka")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False
    return logger
