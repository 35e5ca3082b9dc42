"""Reading a channel's `bindings:` (docs/language.md, "Broker bindings"): its AMQP exchange,
exchange type, routing key and queue, its Kafka topic, partition count and key field.

Names are held to what the brokers accept (S191): an AMQP exchange, routing key or queue name is
at most 255 bytes and not under the reserved `amq.` prefix; a Kafka topic is 1 to 249 characters
of `[A-Za-z0-9._-]`, not `.` or `..`; partitions are 1 to 100,000. The key field is checked
against the channel's message bodies by lint (S192), once every message is built.
"""

from __future__ import annotations

import re

from stele.ir import AmqpBinding, ChannelBindings, ExchangeType, KafkaBinding
from stele.source.reader import Reader
from stele.source.yaml_nodes import YNode

BINDINGS_KEY = "bindings"
BINDING_KINDS = ("amqp", "kafka")
AMQP_KEYS = ("exchange", "exchange_type", "routing_key", "queue")
KAFKA_KEYS = ("topic", "partitions", "key")
AMQP_MAX_NAME = 255  # a shortstr of AMQP 0-9-1
KAFKA_TOPIC = re.compile(r"[A-Za-z0-9._-]{1,249}")
MAX_PARTITIONS = 100_000
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")


def read_bindings(r: Reader, node: YNode | None, address: str) -> ChannelBindings:
    """The bindings of a channel whose address is `address` (the default exchange routing key
    and topic); every mistake is reported on `r`."""
    section = r.mapping(node, "channel bindings")
    if section is None:
        return ChannelBindings()
    r.keys(section, "channel bindings", BINDING_KINDS)
    return ChannelBindings(
        amqp=_amqp(r, section.get("amqp"), address),
        kafka=_kafka(r, section.get("kafka"), address),
    )


def _amqp(r: Reader, node: YNode | None, address: str) -> AmqpBinding | None:
    m = r.mapping(node, "amqp binding")
    if m is None:
        return None
    r.keys(m, "amqp binding", AMQP_KEYS, required=("exchange",))
    exchange = _amqp_name(r, m.get("exchange"), "exchange")
    kind = r.choice(m.get("exchange_type"), "exchange type", [t.value for t in ExchangeType])
    exchange_type = ExchangeType(kind) if kind else ExchangeType.DIRECT
    key_node = m.get("routing_key")
    routing_key = _amqp_name(r, key_node, "routing key", empty_ok=True)
    if routing_key is None:
        routing_key = (
            "" if exchange_type in (ExchangeType.FANOUT, ExchangeType.HEADERS) else address
        )
    elif routing_key and exchange_type in (ExchangeType.FANOUT, ExchangeType.HEADERS):
        assert key_node is not None
        r.report(
            "S191",
            f"a {exchange_type} exchange ignores routing keys: routing_key '{routing_key}' "
            "would mislead",
            key_node,
            "drop routing_key, or use a direct or topic exchange",
        )
    queue = _amqp_name(r, m.get("queue"), "queue") or ""
    if exchange is None:
        return None
    return AmqpBinding(exchange, exchange_type, routing_key, queue, m.span)


def _amqp_name(r: Reader, node: YNode | None, what: str, empty_ok: bool = False) -> str | None:
    value = r.string(node, what)
    if value is None or node is None:
        return None
    problem = ""
    if not value and not empty_ok:
        problem = f"the {what} is empty"
    elif len(value.encode()) > AMQP_MAX_NAME:
        problem = f"the {what} is {len(value.encode())} bytes long; AMQP allows {AMQP_MAX_NAME}"
    elif what != "routing key" and value.startswith("amq."):
        problem = f"{what} '{value}': names starting with 'amq.' are reserved by the broker"
    if problem:
        r.report("S191", problem, node, "write a name such as food.order")
        return None
    return value


def _kafka(r: Reader, node: YNode | None, address: str) -> KafkaBinding | None:
    m = r.mapping(node, "kafka binding")
    if m is None:
        return None
    r.keys(m, "kafka binding", KAFKA_KEYS)
    topic_node = m.get("topic")
    topic = r.string(topic_node, "topic")
    if topic is None:
        topic = address
    valid = KAFKA_TOPIC.fullmatch(topic) is not None and topic not in (".", "..")
    if not valid:
        r.report(
            "S191",
            f"'{topic}' is not a Kafka topic name: 1 to 249 characters of letters, digits, "
            "'.', '_' and '-'",
            topic_node or m,
            "write a topic such as food.order.events" + ("" if topic_node else " in 'topic:'"),
        )
    partitions_node = m.get("partitions")
    partitions = r.integer(partitions_node, "partitions")
    if partitions is not None and not 1 <= partitions <= MAX_PARTITIONS:
        assert partitions_node is not None
        r.report(
            "S191",
            f"partitions {partitions} is not between 1 and {MAX_PARTITIONS}",
            partitions_node,
            "write the topic's partition count, such as 3",
        )
        partitions = None
    key_node = m.get("key")
    key = r.string(key_node, "key") or ""
    if key and not FIELD_NAME.fullmatch(key):
        assert key_node is not None
        r.report("S191", f"key '{key}' is not a field name", key_node, "name a body field")
        key = ""
    return KafkaBinding(topic, partitions, key, m.span) if valid else None
