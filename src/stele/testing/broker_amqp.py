"""`stele test broker` on an AMQP 0-9-1 broker (RabbitMQ), through pika.

Observe: per channel with an `amqp` binding, a server-named, exclusive, auto-delete queue is bound
to the channel's exchange with its routing key (a fanout exchange takes none; a headers exchange
is bound with `x-match: all` and no header, which matches every message). Each such queue gets
copies: the service's own queues and consumers are not touched. The exchanges must exist (they
are looked up passively, never declared). Every delivery is judged, then acknowledged; when the
run ends, deliveries not yet judged are rejected (they are copies in a queue the broker deletes).

Drive: see `broker_drive`. pika is imported here only, so the CLI starts without it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from stele.diagnostics import SteleError, error
from stele.ir import Channel, ExchangeType, Span
from stele.testing.broker_judge import Delivery, json_headers

# What the AMQP basic properties say, by envelope header name.
PROPERTY_HEADERS = (
    ("message_id", "message_id"),
    ("type", "message_type"),
    ("correlation_id", "correlation_id"),
    ("reply_to", "reply_to"),
    ("content_type", "content_type"),
)
CONNECT_SECONDS = 5.0
PREFETCH = 64  # deliveries in flight per consumer: bounds memory to 64 x --max-bytes


def bad(code: str, message: str, hint: str = "", at: str = "--url") -> SteleError:
    return SteleError([error(code, message, Span(at, 1, 1), hint)])


def shown_url(url: str) -> str:
    """The URL without its password."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
            return parts._replace(netloc=netloc).geturl()
    except ValueError:
        pass
    return url


@contextmanager
def connect(url: str, timeout: float) -> Iterator[Any]:
    """A blocking connection; unusable URLs, refused logins and unreachable brokers are T020 and
    T021 (exit 2). Closed on the way out, whatever happened."""
    import pika
    import pika.exceptions as px

    shown = shown_url(url)
    try:
        params = pika.URLParameters(url)
    except Exception as exc:  # pika raises ValueError and others on bad query parameters
        raise bad("T020", f"'{shown}' is not a usable AMQP URL: {exc}") from None
    params.socket_timeout = min(timeout, CONNECT_SECONDS)
    params.blocked_connection_timeout = max(timeout, 1.0)
    params.connection_attempts = 1
    params.stack_timeout = min(timeout, CONNECT_SECONDS) + 1
    try:
        connection = pika.BlockingConnection(params)
    except px.ProbableAuthenticationError:
        raise bad(
            "T021",
            f"the broker at {shown} refused the login",
            "check the user and password in the URL (amqp://user:password@host:port/vhost)",
        ) from None
    except px.ProbableAccessDeniedError:
        raise bad("T021", f"the broker at {shown} denied access to the virtual host") from None
    except px.AMQPError as exc:
        text = str(exc) or type(exc).__name__
        raise bad(
            "T020",
            f"cannot reach an AMQP broker at {shown}: {text[:200]}",
            "is the broker running, and is the port its AMQP port (5672)?",
        ) from None
    except OSError as exc:
        raise bad("T020", f"cannot reach an AMQP broker at {shown}: {exc}") from None
    try:
        yield connection
    except px.ChannelClosedByBroker as exc:
        raise bad(
            "T024",
            f"the broker at {shown} closed the channel: {exc.reply_code} {exc.reply_text}"[:300],
            "check the user's permissions on the exchanges and queues of the bindings",
        ) from None
    except (px.AMQPError, OSError) as exc:
        text = str(exc) or type(exc).__name__
        raise bad("T020", f"lost the connection to the broker at {shown}: {text[:200]}") from None
    finally:
        try:
            if connection.is_open:
                connection.close()
        except Exception:  # the connection may already be broken; nothing is left to free
            pass


def check_exchange(connection: Any, channel: Channel) -> None:
    """The bound exchange exists (passive declare; a fresh AMQP channel, as a missing exchange
    closes the one it was asked on)."""
    import pika.exceptions as px

    amqp = channel.bindings.amqp
    assert amqp is not None
    ch = connection.channel()
    try:
        ch.exchange_declare(amqp.exchange, passive=True)
    except px.ChannelClosedByBroker:
        raise bad(
            "T023",
            f"exchange '{amqp.exchange}' of channel {channel.short_name} does not exist on the "
            "broker",
            "start the service that declares it first; stele never declares a service's exchange",
        ) from None
    if ch.is_open:
        ch.close()


def bind_copy_queue(ch: Any, channel: Channel) -> str:
    """A server-named exclusive auto-delete queue that receives a copy of the channel's
    messages."""
    amqp = channel.bindings.amqp
    assert amqp is not None
    frame = ch.queue_declare(queue="", exclusive=True, auto_delete=True)
    queue: str = frame.method.queue
    if amqp.exchange_type is ExchangeType.HEADERS:
        ch.queue_bind(queue, amqp.exchange, arguments={"x-match": "all"})
    elif amqp.exchange_type is ExchangeType.FANOUT:
        ch.queue_bind(queue, amqp.exchange)
    else:
        ch.queue_bind(queue, amqp.exchange, routing_key=amqp.routing_key)
    return queue


def delivery(channel: Channel, number: int, properties: Any, body: bytes) -> Delivery:
    transport: dict[str, Any] = {}
    for prop, name in PROPERTY_HEADERS:
        value = getattr(properties, prop, None)
        if value:
            transport[name] = value
    stamp = getattr(properties, "timestamp", None)
    if isinstance(stamp, int) and 0 <= stamp < 1 << 40:
        import datetime as dt

        transport["timestamp"] = (
            dt.datetime.fromtimestamp(stamp, dt.UTC).isoformat().replace("+00:00", "Z")
        )
    return Delivery(
        channel,
        number,
        body,
        json_headers(getattr(properties, "headers", None)),
        json_headers(transport),
        str(getattr(properties, "content_type", None) or ""),
    )


@dataclass
class Observation:
    judged: int = 0
    rejected: int = 0  # deliveries left when the run ended: rejected, not judged


def observe(
    url: str,
    channels: list[Channel],
    on_delivery: Callable[[Delivery], None],
    max_messages: int,
    timeout: float,
    ready: Callable[[], None] | None = None,
) -> Observation:
    """Judge up to `max_messages` deliveries on `channels` within `timeout` seconds."""
    seen = Observation()
    with connect(url, timeout) as connection:
        for channel in channels:
            check_exchange(connection, channel)
        ch = connection.channel()
        ch.basic_qos(prefetch_count=PREFETCH)
        tags: list[str] = []

        def consumer(channel: Channel) -> Callable[..., None]:
            def on_message(ch: Any, method: Any, properties: Any, body: bytes) -> None:
                if seen.judged >= max_messages:
                    ch.basic_reject(method.delivery_tag, requeue=False)
                    seen.rejected += 1
                    return
                seen.judged += 1
                try:
                    on_delivery(delivery(channel, seen.judged, properties, body))
                finally:
                    ch.basic_ack(method.delivery_tag)

            return on_message

        for channel in channels:
            queue = bind_copy_queue(ch, channel)
            tags.append(ch.basic_consume(queue, consumer(channel), auto_ack=False))
        if ready is not None:
            ready()
        deadline = time.monotonic() + timeout
        while seen.judged < max_messages:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            connection.process_data_events(time_limit=min(left, 0.2))
        for tag in tags:
            ch.basic_cancel(tag)  # pika rejects (requeues) what was prefetched and not judged
        ch.close()
    return seen
