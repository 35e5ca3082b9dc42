"""`stele test broker --drive` on AMQP: stele plays the requester.

For each asynchronous operation a service receives on an AMQP-bound channel (an operation whose
service sends is not driven: stele would speak for the service), each example of its message is
published to the channel's exchange with its routing key, `mandatory` set and publisher confirms
on, so a message no queue takes comes back (`broker-rejected`). The envelope is fresh: a new
`message_id` and `correlation_id`, the current `timestamp`, `content_type: application/json`,
and for an operation with a reply, `reply_to`: the name of an exclusive, server-named reply queue
(the RabbitMQ request/reply convention: the service answers to the default exchange with the
`reply_to` name as routing key). Requests are sent one at a time; whatever reaches the reply
queue while stele waits is that request's reply and is judged like an observed message, plus its
kind (the operation's reply) and its `correlation_id` (the request's). An async request/response
waits `--timeout` seconds for one reply; a publish/async-responses operation gathers replies for
its `window`. No reply is `broker-no-reply` (an error for a request/response, a warning for a
gathering, where no answer can be legitimate).
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from stele.diagnostics import Severity
from stele.ir import Operation, Project, Role, Style, Value
from stele.mapping.json_values import json_value
from stele.report.model import Result
from stele.span import Span
from stele.testing.broker_amqp import check_exchange, connect, delivery
from stele.testing.broker_judge import Judge
from stele.testing.rules import result

DRIVEN = (
    Style.ASYNC_REQUEST_RESPONSE,
    Style.PUBLISH_ASYNC_RESPONSES,
    Style.NOTIFICATION,
    Style.PUBLISH_SUBSCRIBE,
)


@dataclass
class DriveOutcome:
    results: list[Result] = field(default_factory=list)
    sent: int = 0
    replies: int = 0
    skipped: list[str] = field(default_factory=list)  # operations with no example to send


def drivable(project: Project, channel_names: set[str]) -> list[Operation]:
    out = []
    for op in project.operations():
        channel = project.channels.get(op.channel or "")
        if op.style not in DRIVEN or channel is None or channel.bindings.amqp is None:
            continue
        if op.role is not Role.RECEIVE:
            continue  # the service sends: stele would speak for it
        if channel_names and channel.name not in channel_names:
            continue
        out.append(op)
    return sorted(out, key=lambda op: op.qualified_name)


def envelope(message: str, reply_to: str | None) -> dict[str, Value]:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    headers: dict[str, Value] = {
        "message_id": str(uuid.uuid4()),
        "message_type": message,
        "timestamp": now,
        "content_type": "application/json",
        "correlation_id": str(uuid.uuid4()),
    }
    if reply_to:
        headers["reply_to"] = reply_to
    return headers


def drive(
    url: str,
    project: Project,
    judge: Judge,
    operations: list[Operation],
    timeout: float,
    on_reply: Callable[[], None] | None = None,
) -> DriveOutcome:
    import pika
    import pika.exceptions as px

    out = DriveOutcome()
    with connect(url, timeout) as connection:
        for op in operations:
            check_exchange(connection, project.channels[op.channel or ""])
        ch = connection.channel()
        ch.confirm_delivery()
        reply_queue = ch.queue_declare(queue="", exclusive=True, auto_delete=True).method.queue
        replies: list[tuple[Any, bytes]] = []

        def on_message(ch: Any, method: Any, properties: Any, body: bytes) -> None:
            replies.append((properties, body))
            ch.basic_ack(method.delivery_tag)

        ch.basic_consume(reply_queue, on_message, auto_ack=False)
        for op in operations:
            channel = project.channels[op.channel or ""]
            amqp = channel.bindings.amqp
            message = project.messages[op.message or ""]
            assert amqp is not None
            if not message.examples:
                out.skipped.append(op.qualified_name)
                continue
            wants_reply = op.reply is not None
            for example in message.examples:
                headers = envelope(message.name, reply_queue if wants_reply else None)
                headers.update(example.headers)
                body = json_value(project, judge.codecs.options, message.body, example.body)
                properties = pika.BasicProperties(
                    content_type="application/json",
                    message_id=str(headers["message_id"]),
                    correlation_id=str(headers["correlation_id"]),
                    reply_to=reply_queue if wants_reply else None,
                    type=message.name,
                    timestamp=int(time.time()),
                    headers=headers,
                    delivery_mode=1,
                )
                replies.clear()
                where = f"{op.name} example '{example.name}'"
                try:
                    ch.basic_publish(
                        amqp.exchange,
                        amqp.routing_key,
                        json.dumps(body).encode(),
                        properties,
                        mandatory=True,
                    )
                    out.sent += 1
                except (px.UnroutableError, px.NackError):
                    out.results.append(_rejected(op, where, amqp.exchange, amqp.routing_key))
                    continue
                if wants_reply:
                    out.results += _await_reply(
                        connection, judge, op, where, headers, replies, timeout, out
                    )
        ch.close()
    return out


def _await_reply(
    connection: Any,
    judge: Judge,
    op: Operation,
    where: str,
    sent: dict[str, Value],
    replies: list[tuple[Any, bytes]],
    timeout: float,
    out: DriveOutcome,
) -> list[Result]:
    project = judge.project
    gathering = op.style is Style.PUBLISH_ASYNC_RESPONSES
    window = op.window_ms / 1000 if gathering and op.window_ms is not None else timeout
    deadline = time.monotonic() + window
    found: list[Result] = []
    judged = 0
    while True:
        while judged < len(replies):
            properties, body = replies[judged]
            judged += 1
            out.replies += 1
            channel = (
                project.channels.get(op.reply_channel or "") or project.channels[op.channel or ""]
            )
            d = delivery(channel, out.replies, properties, body)
            verdict = judge.judge(d)
            found += verdict.results
            found += _mismatch(judge, op, where, sent, verdict.record, d)
        left = deadline - time.monotonic()
        if left <= 0 or (judged and not gathering):
            break
        connection.process_data_events(time_limit=min(left, 0.1))
    if not judged:
        severity = Severity.WARNING if gathering else Severity.ERROR
        text = (
            f"{where}: no {op.reply} came back within {window:g} s "
            f"(correlation_id {sent['correlation_id']})"
        )
        found.append(_at_operation("broker-no-reply", text, op, severity))
    return found


def _mismatch(
    judge: Judge, op: Operation, where: str, sent: dict[str, Value], record: Any, d: Any
) -> list[Result]:
    headers = record.headers if record is not None else {**d.transport, **d.headers}
    problems = []
    kind = headers.get("message_type")
    if kind != op.reply:
        problems.append(f"the reply is {kind or 'of no message_type'}, not {op.reply}")
    correlation = headers.get("correlation_id")
    if correlation != sent["correlation_id"]:
        problems.append(
            f"its correlation_id {correlation or '(none)'} is not the request's "
            f"{sent['correlation_id']}"
        )
    return [
        judge.locate(result("broker-reply-mismatch", f"{where}: {p}", Span(""), ""), d, op.reply)
        for p in problems
    ]


def _rejected(op: Operation, where: str, exchange: str, routing_key: str) -> Result:
    text = (
        f"{where}: the broker returned the message: no queue is bound to exchange "
        f"'{exchange}' with routing key '{routing_key}'"
    )
    return _at_operation("broker-rejected", text, op)


def _at_operation(
    rule: str, text: str, op: Operation, severity: Severity = Severity.ERROR
) -> Result:
    return result(
        rule,
        text,
        op.span,
        f"broker {op.qualified_name}",
        severity=severity,
    )
