"""`stele test broker` on RabbitMQ: an operation the broker refuses (T024), a connection lost
mid-run (T020), and publish/subscribe driven to a bound queue. Skipped, with the reason, when no
RabbitMQ answers at 127.0.0.1:5672."""

from __future__ import annotations

import contextlib
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from test_broker_rabbitmq import (
    HOST,
    PORT,
    ROOT,
    URL,
    Estate,
    _broker_answers,
    _declared,
    make_estate,
    run,
    stele,
)

pytestmark = pytest.mark.skipif(
    not _broker_answers(), reason=f"no RabbitMQ answers at {HOST}:{PORT}"
)
pika = pytest.importorskip("pika")


@pytest.fixture
def estate(tmp_path: Path) -> Iterator[Estate]:
    yield from make_estate(tmp_path)


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_a_channel_the_broker_closes_exits_2_with_t024(estate: Estate) -> None:
    """The broker refuses an operation and closes the AMQP channel with 403 ACCESS_REFUSED:
    here the events exchange exists but is internal (only other exchanges may publish to it),
    so the driven OrderCreated is refused. The management API that would let a test create a
    user without permissions is not enabled on every machine; this refusal is plain AMQP."""
    connection = pika.BlockingConnection(pika.URLParameters(URL))
    connection.channel().exchange_declare(
        f"{estate.prefix}food.order.events", "fanout", internal=True
    )
    connection.close()
    done = stele(
        "test", "broker", "--url", URL, "--drive", "--channel", "order-events", "--timeout", "2",
        "--config", estate.config,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.startswith(
        "--url:1:1: error T024 the broker at amqp://guest:***@127.0.0.1:5672/ closed the "
        f"channel: 403 ACCESS_REFUSED - cannot publish to internal exchange "
        f"'{estate.prefix}food.order.events' in vhost '/'"
    ), done.stderr
    assert "check the user's permissions" in done.stderr and "Traceback" not in done.stderr


class _Proxy:
    """A TCP relay to the broker that can drop every connection it carries, as a broker restart
    or a network cut does."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection((HOST, PORT))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        self.server.close()
        for s in self.sockets:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


def test_a_connection_lost_mid_run_exits_2(estate: Estate) -> None:
    _declared(estate)
    proxy = _Proxy()
    url = f"amqp://guest:guest@127.0.0.1:{proxy.port}/"
    process = subprocess.Popen(
        [sys.executable, "-m", "stele", "test", "broker", "--url", url, "--channel",
         "order-events", "--timeout", "30", "--config", estate.config],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while len(proxy.sockets) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(2.0)  # connected: the exchange checked and the queue bound, listening
        proxy.cut()
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert (process.returncode, out) == (2, ""), err
    assert err.startswith(
        "--url:1:1: error T020 lost the connection to the broker at "
        f"amqp://guest:***@127.0.0.1:{proxy.port}/"
    ), err
    assert "Traceback" not in err


def test_a_driven_event_a_queue_takes_passes(estate: Estate) -> None:
    """Publish/subscribe driven: each example of every operation that receives from
        order-events is published; a subscriber's queue is bound, so the broker takes every one,
        nothing is rejected, and the queue holds each message sent (the four receivers' examples:
    Accounting's and Kitchen's OrderCancelled, Delivery's OrderCreated and OrderCancelled)."""
    _declared(estate)
    connection = pika.BlockingConnection(pika.URLParameters(URL))
    ch = connection.channel()
    queue = ch.queue_declare("", exclusive=True).method.queue
    ch.queue_bind(queue, f"{estate.prefix}food.order.events")
    try:
        code, doc, err = run(estate, "--drive", "--channel", "order-events", "--timeout", "1")
        assert (code, doc["results"]) == (0, []), err
        sent = int(cast(re.Match[str], re.search(r"(\d+) sent", doc["notes"][0])).group(1))
        types = []
        while (got := ch.basic_get(queue, auto_ack=True))[0] is not None:
            types.append(got[1].headers["message_type"])
    finally:
        connection.close()
    assert sent == len(types) == 4, doc["notes"]
    assert sorted(types) == sorted(
        ["food.order.OrderCancelled"] * 3 + ["food.order.OrderCreated"]
    ), types
