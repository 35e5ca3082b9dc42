"""`stele test broker --drive` on Kafka: stele plays the requester.

For each asynchronous operation a service receives on a Kafka-bound channel, each example of its
message is produced to the channel's topic (keyed by the binding's `key` field when there is one)
with a fresh envelope in the record headers: `message_id`, `correlation_id`, `timestamp`,
`content_type: application/json`, `message_type`, the example's headers, and for an operation
with a reply, `reply_to`: the reply channel's topic. A record the broker does not take (an
unknown topic, a record too large) is `broker-rejected`.

Replies are read from the reply channel's topic by explicit partition assignment at its end
(stele waits until every partition has signalled its end before it sends, so no reply can slip
in before the position is fixed); no consumer group, no committed offset. A reply topic is shared
by every requester, so a reply is the one whose `correlation_id` is the request's: a reply with
a wrong correlation id is not told apart from another requester's and shows as no reply.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from stele.diagnostics import Severity
from stele.ir import Operation, Project, Role, Style, Value
from stele.mapping.json_values import json_value
from stele.report.model import Result
from stele.testing.broker_amqp import bad
from stele.testing.broker_drive import DRIVEN, DriveOutcome, _at_operation, _mismatch, envelope
from stele.testing.broker_judge import Judge
from stele.testing.broker_kafka import LostBroker, _quiet_logger, _topic, bootstrap, delivery


def drivable(project: Project, channel_names: set[str]) -> list[Operation]:
    out = []
    for op in project.operations():
        channel = project.channels.get(op.channel or "")
        if op.style not in DRIVEN or channel is None or channel.bindings.kafka is None:
            continue
        if op.role is not Role.RECEIVE or (channel_names and channel.name not in channel_names):
            continue
        reply = project.channels.get(op.reply_channel or "")
        if op.reply is not None and (reply is None or reply.bindings.kafka is None):
            raise bad(
                "T022",
                f"{op.name} replies on a channel without a kafka binding: stele cannot tell "
                "where to wait",
                f"add 'bindings: {{kafka: ...}}' to {op.reply_channel or 'its reply channel'}",
                at="contracts",
            )
        out.append(op)
    return sorted(out, key=lambda op: op.qualified_name)


def drive(
    url: str, project: Project, judge: Judge, operations: list[Operation], timeout: float
) -> DriveOutcome:
    from confluent_kafka import Producer

    servers = bootstrap(url)
    out = DriveOutcome()
    lost = LostBroker(url)
    producer = Producer({"bootstrap.servers": servers, "logger": _quiet_logger(), "error_cb": lost})
    for op in operations:
        channel = project.channels[op.channel or ""]
        kafka = channel.bindings.kafka
        message = project.messages[op.message or ""]
        assert kafka is not None
        if not message.examples:
            out.skipped.append(op.qualified_name)
            continue
        reply_channel = project.channels.get(op.reply_channel or "")
        reply_topic = reply_channel.bindings.kafka if reply_channel is not None else None
        for example in message.examples:
            replies = (
                _ReplyReader(servers, url, reply_topic.topic, timeout) if reply_topic else None
            )
            try:
                headers = envelope(message.name, reply_topic.topic if reply_topic else None)
                headers.update(example.headers)
                body = json_value(project, judge.codecs.options, message.body, example.body)
                key = body.get(kafka.key) if kafka.key and isinstance(body, dict) else None
                where = f"{op.name} example '{example.name}'"
                problem = _produce(producer, kafka.topic, body, headers, key, timeout)
                lost.check()  # a broker gone is T020 (exit 2), not a rejected record
                if problem:
                    text = f"{where}: the broker did not take the record: {problem}"
                    out.results.append(_at_operation("broker-rejected", text, op))
                    continue
                out.sent += 1
                if replies is not None:
                    out.results += replies.wait(judge, op, where, headers, out)
            finally:
                if replies is not None:
                    replies.close()
    return out


def _produce(
    producer: Any,
    topic: str,
    body: Value,
    headers: dict[str, Value],
    key: Value,
    timeout: float,
) -> str:
    """'' once the broker took the record, else why not."""
    outcome: list[str] = []

    def report(error: Any, _record: Any) -> None:
        outcome.append(error.str() if error is not None else "")

    encoded = [(k, v if isinstance(v, str) else json.dumps(v)) for k, v in headers.items()]
    producer.produce(
        topic,
        json.dumps(body).encode(),
        key=None if key is None else str(key).encode(),
        headers=[(k, v.encode()) for k, v in encoded],
        on_delivery=report,
    )
    producer.flush(timeout)
    return outcome[0] if outcome else f"no answer within {timeout:g} s"


class _ReplyReader:
    """The reply topic, assigned at its end before the request goes out."""

    def __init__(self, servers: str, url: str, topic: str, timeout: float) -> None:
        from confluent_kafka import OFFSET_END, Consumer, KafkaError, TopicPartition

        self.lost = LostBroker(url)
        self.consumer = Consumer(
            {
                "bootstrap.servers": servers,
                "group.id": f"stele-drive-{uuid.uuid4()}",
                "enable.auto.commit": False,
                "enable.partition.eof": True,
                "logger": _quiet_logger(),
                "error_cb": self.lost,
            }
        )
        self.topic = topic
        self.timeout = timeout
        partitions = _topic(self.consumer, url, topic, min(timeout, 10.0))
        self.consumer.assign([TopicPartition(topic, p, OFFSET_END) for p in partitions])
        waiting = set(partitions)
        deadline = time.monotonic() + min(timeout, 10.0)
        while waiting and time.monotonic() < deadline:
            record = self.consumer.poll(0.1)
            if record is None:
                continue
            error = record.error()
            if error is not None and error.code() == KafkaError._PARTITION_EOF:
                waiting.discard(record.partition())

    def wait(
        self,
        judge: Judge,
        op: Operation,
        where: str,
        sent: dict[str, Value],
        out: DriveOutcome,
    ) -> list[Result]:
        project = judge.project
        gathering = op.style is Style.PUBLISH_ASYNC_RESPONSES
        window = op.window_ms / 1000 if gathering and op.window_ms is not None else self.timeout
        deadline = time.monotonic() + window
        found: list[Result] = []
        judged = 0
        channel = project.channels[op.reply_channel or ""]
        while time.monotonic() < deadline and not (judged and not gathering):
            record = self.consumer.poll(min(0.1, max(deadline - time.monotonic(), 0.01)))
            self.lost.check()
            if record is None or record.error() is not None:
                continue
            out.replies += 1
            d = delivery(project, channel, out.replies, record)
            if d.headers.get("correlation_id") != sent["correlation_id"]:
                out.replies -= 1  # another requester's reply
                continue
            judged += 1
            verdict = judge.judge(d)
            found += verdict.results + _mismatch(judge, op, where, sent, verdict.record, d)
        if not judged:
            severity = Severity.WARNING if gathering else Severity.ERROR
            text = (
                f"{where}: no {op.reply} with correlation_id {sent['correlation_id']} came "
                f"back on topic {self.topic} within {window:g} s"
            )
            found.append(_at_operation("broker-no-reply", text, op, severity))
        return found

    def close(self) -> None:
        self.consumer.close()
