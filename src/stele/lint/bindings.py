"""Broker bindings fit the channel (docs/language.md, "Broker bindings").

S192: a Kafka key field is a scalar field of every message body the channel carries (the key of
a record is read from it). S193 (warning): two channels share one AMQP exchange and routing key,
or one Kafka topic: a consumer of either receives the messages of both.
"""

from __future__ import annotations

from collections.abc import Iterator

from stele.diagnostics import Diagnostic, error, warning
from stele.ir import Channel, ExchangeType, Project, Record, Scalar


def check_bindings(project: Project) -> Iterator[Diagnostic]:
    seen_amqp: dict[tuple[str, str], Channel] = {}
    seen_kafka: dict[str, Channel] = {}
    for c in sorted(project.channels.values(), key=lambda c: c.name):
        yield from _key_field(project, c)
        amqp, kafka = c.bindings.amqp, c.bindings.kafka
        if amqp is not None:
            key = "" if amqp.exchange_type is ExchangeType.FANOUT else amqp.routing_key
            other = seen_amqp.setdefault((amqp.exchange, key), c)
            if other is not c:
                yield warning(
                    "S193",
                    f"channels {other.short_name} and {c.short_name} both bind exchange "
                    f"'{amqp.exchange}'" + (f" with routing key '{key}'" if key else ""),
                    amqp.span,
                    "give each channel its own routing key (or exchange)",
                )
        if kafka is not None:
            other = seen_kafka.setdefault(kafka.topic, c)
            if other is not c:
                yield warning(
                    "S193",
                    f"channels {other.short_name} and {c.short_name} both use Kafka topic "
                    f"'{kafka.topic}'",
                    kafka.span,
                    "give each channel its own topic",
                )


def _key_field(project: Project, c: Channel) -> Iterator[Diagnostic]:
    kafka = c.bindings.kafka
    if kafka is None or not kafka.key:
        return
    for name in c.messages:
        message = project.messages[name]
        body = project.types.get(message.body.name)
        field = body.field(kafka.key) if isinstance(body, Record) else None
        if field is None or not isinstance(field.type, Scalar):
            what = "has no such field" if field is None else "has it, but not as a scalar"
            yield error(
                "S192",
                f"Kafka key '{kafka.key}' of channel {c.short_name}: the body of "
                f"{message.short_name} {what}",
                kafka.span,
                "name a scalar field every message on the channel has (such as order_id)",
            )
