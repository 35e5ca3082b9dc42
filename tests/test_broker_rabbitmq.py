"""`stele test broker` against the RabbitMQ at 127.0.0.1:5672 and the reference Order service
(examples/order_broker). Every test works on its own copy of the project whose exchanges and
queues carry a unique prefix, and deletes them afterwards. Without a broker the module is
skipped, with the reason printed."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from stele.cli.main import cli
from stele.report.model import Report

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 5672
URL = f"amqp://guest:guest@{HOST}:{PORT}/"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # the reference service under examples/ runs in-process
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _broker_answers() -> bool:
    try:
        with socket.create_connection((HOST, PORT), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(
    not _broker_answers(), reason=f"no RabbitMQ answers at {HOST}:{PORT}"
)
pika = pytest.importorskip("pika")


@dataclass
class Estate:
    """A copy of the project whose AMQP names start with `prefix`."""

    root: Path
    prefix: str

    @property
    def config(self) -> str:
        return str(self.root / "stele.yaml")


@pytest.fixture
def estate(tmp_path: Path) -> Iterator[Estate]:
    yield from make_estate(tmp_path)


def make_estate(tmp_path: Path) -> Iterator[Estate]:
    """A copy of the project in `tmp_path`; its exchanges and queue deleted when closed."""
    from examples.order_broker.service import Names, delete

    prefix = f"t{uuid.uuid4().hex[:8]}."
    shutil.copy(ROOT / "stele.yaml", tmp_path / "stele.yaml")
    shutil.copytree(ROOT / "contracts", tmp_path / "contracts")
    (tmp_path / "compat").mkdir()
    shutil.copy(ROOT / "compat" / "stele.lock", tmp_path / "compat" / "stele.lock")
    order = tmp_path / "contracts" / "order.yaml"
    text = order.read_text("utf-8")
    text = text.replace("exchange: food.order", f"exchange: {prefix}food.order")
    text = text.replace("queue: order-service.commands", f"queue: {prefix}order-service.commands")
    order.write_text(text, "utf-8")
    yield Estate(tmp_path, prefix)
    connection = pika.BlockingConnection(pika.URLParameters(URL))
    delete(connection.channel(), Names.with_prefix(prefix))
    connection.close()


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


class Running:
    def __init__(self, estate: Estate, broken: bool) -> None:
        from examples.order_broker.service import OrderService

        self.service = OrderService(URL, estate.prefix, broken)
        self.thread = threading.Thread(target=self.service.serve, daemon=True)

    def __enter__(self) -> Running:
        self.thread.start()
        assert self.service.ready.wait(10), "the reference service did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self.service.stop()
        self.thread.join(10)


def run(estate: Estate, *args: str) -> tuple[int, dict[str, Any], str]:
    argv = ["test", "broker", "--url", URL, *args, "--config", estate.config, "-o", "json"]
    outcome = CliRunner().invoke(cli, argv)
    doc = json.loads(outcome.stdout) if outcome.stdout.strip().startswith("{") else {}
    return outcome.exit_code, doc, outcome.stderr if outcome.stderr_bytes is not None else ""


def findings(doc: dict[str, Any]) -> list[tuple[str, str, int, str]]:
    return sorted(
        (r["rule"], r["path"], r["line"], UUID.sub("<uuid>", r["message"])) for r in doc["results"]
    )


class Observer:
    """`stele test broker` observing in a thread (the library call: it says when it listens)."""

    def __init__(
        self, estate: Estate, *channels: str, max_messages: int = 10, timeout: float = 4.0
    ) -> None:
        from stele.cli.testrun import _workspace_and_artifacts
        from stele.source.config_reader import load_config
        from stele.testing.broker import BrokerRequest

        self.ws, self.artifacts = _workspace_and_artifacts(load_config(Path(estate.config)))
        self.request = BrokerRequest(URL, channels, max_messages, timeout)
        self.listening = threading.Event()
        self.report: Report | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        from stele.testing.broker import run_broker

        try:
            self.report = run_broker(self.ws, self.artifacts, self.request, self.listening.set)
        except BaseException as exc:  # handed to the test
            self.error = exc
            self.listening.set()

    def __enter__(self) -> Observer:
        self.thread.start()
        assert self.listening.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        self.thread.join(30)

    def results(self) -> list[tuple[str, str, int, str]]:
        assert self.error is None, self.error
        assert self.report is not None
        return findings({"results": [r.to_json() for r in self.report.results]})


def relative(
    found: list[tuple[str, str, int, str]], estate: Estate
) -> list[tuple[str, str, int, str]]:
    root = str(estate.root) + "/"
    return [(rule, path.replace(root, ""), line, text) for rule, path, line, text in found]


# ---------------------------------------------------------------------------------------------
# The reference service
# ---------------------------------------------------------------------------------------------


def test_reference_service_passes_drive_and_observe(estate: Estate) -> None:
    with Running(estate, broken=False):
        with Observer(estate, max_messages=2) as observer:
            code, doc, _ = run(estate, "--drive", "--channel", "order-commands", "--timeout", "5")
        assert (code, doc["results"]) == (0, [])
        assert doc["checks"] == ["broker food.order.OrderService.CreateOrder"]
        assert observer.results() == []
        assert observer.report is not None
        # The command stele sent, and the event the service published.
        assert "2 messages judged (2 json)" in observer.report.notes


def test_broken_service_reports_each_planted_break(estate: Estate) -> None:
    with (
        Running(estate, broken=True),
        Observer(estate, "order-events", max_messages=1) as observer,
    ):
        code, doc, _ = run(estate, "--drive", "--channel", "order-commands", "--timeout", "5")
    assert code == 1
    assert relative(findings(doc), estate) == [
        (
            "broker-reply-mismatch",
            "contracts/order.yaml",
            179,
            "CreateOrder example 'two-dishes': its correlation_id <uuid> is not the request's "
            "<uuid>",
        ),
        (
            "capture-body-invalid",
            "contracts/order.yaml",
            179,
            "message 1 on order-replies: food.order.CreateOrderReply body at state: 'PENDING' is "
            "not one of ['APPROVAL_PENDING', 'APPROVED', 'REJECTED', 'CANCEL_PENDING', "
            "'CANCELLED']",
        ),
    ]
    related = {(r["related"][0]["label"], r["related"][0]["line"]) for r in doc["results"]}
    assert related == {("channel order-replies", 265)}
    assert relative(observer.results(), estate) == [
        (
            "capture-headers-invalid",
            "contracts/order.yaml",
            193,
            "message 1 on order-events: food.order.OrderCreated headers at (root): "
            "'order_version' is a required property",
        )
    ]


def test_no_reply_is_a_finding_at_the_operation(estate: Estate) -> None:
    """The exchange and queue exist, nobody consumes: the request waits for its window."""
    from examples.order_broker.service import Names, declare

    connection = pika.BlockingConnection(pika.URLParameters(URL))
    declare(connection.channel(), Names.with_prefix(estate.prefix))
    connection.close()
    code, doc, _ = run(estate, "--drive", "--channel", "order-commands", "--timeout", "0.5")
    assert code == 1
    assert relative(findings(doc), estate) == [
        (
            "broker-no-reply",
            "contracts/order.yaml",
            327,
            "CreateOrder example 'two-dishes': no food.order.CreateOrderReply came back within "
            "0.5 s (correlation_id <uuid>)",
        )
    ]


# ---------------------------------------------------------------------------------------------
# Payloads: encodings, framing, garbage, sizes
# ---------------------------------------------------------------------------------------------


def _publish(estate: Estate, body: bytes, content_type: str, message: str, **headers: Any) -> None:
    connection = pika.BlockingConnection(pika.URLParameters(URL))
    ch = connection.channel()
    envelope = {
        "message_id": str(uuid.uuid4()),
        "message_type": message,
        "timestamp": "2026-11-25T12:30:00Z",
        "content_type": content_type,
        "tenant_id": "acme",
        "order_version": 1,
        **headers,
    }
    properties = pika.BasicProperties(content_type=content_type, headers=envelope)
    ch.basic_publish(f"{estate.prefix}food.order.events", "", body, properties)
    connection.close()


def _order_created(estate: Estate) -> tuple[Any, Any]:
    """The OrderCreated example as a canonical value, and the project's codecs."""
    from stele.cli.testrun import _workspace_and_artifacts
    from stele.encode import Codecs
    from stele.source.config_reader import load_config

    ws, artifacts = _workspace_and_artifacts(load_config(Path(estate.config)))
    codecs = Codecs.from_artifacts(ws.project, artifacts, ws.config.options, schemaless=False)
    return ws.project.messages["food.order.OrderCreated"].examples[0].body, codecs


def _declared(estate: Estate) -> None:
    from examples.order_broker.service import Names, declare

    connection = pika.BlockingConnection(pika.URLParameters(URL))
    declare(connection.channel(), Names.with_prefix(estate.prefix))
    connection.close()


def test_avro_and_protobuf_payloads_framed_or_not_pass(estate: Estate) -> None:
    from stele.encode import frame_for_registry
    from stele.testing.proto_index import encode_indexes, index_path

    _declared(estate)
    body, codecs = _order_created(estate)
    path = index_path(codecs["protobuf"].descriptor_set, "food.order.Order")
    assert path is not None
    avro = codecs["avro"].encode("food.order.Order", body)
    proto = codecs["protobuf"].encode("food.order.Order", body)
    payloads = [
        (avro, "application/avro"),
        (frame_for_registry(7, avro), "application/vnd.apache.avro+avro"),
        (proto, "application/x-protobuf"),
        (frame_for_registry(7, encode_indexes(path) + proto), "application/protobuf"),
    ]
    with Observer(estate, "order-events", max_messages=len(payloads)) as observer:
        for payload, content_type in payloads:
            _publish(estate, payload, content_type, "food.order.OrderCreated")
    assert observer.results() == []
    assert observer.report is not None
    assert "4 messages judged (2 avro, 2 protobuf)" in observer.report.notes


def test_wrong_protobuf_message_indexes_are_reported(estate: Estate) -> None:
    from stele.encode import frame_for_registry
    from stele.testing.proto_index import encode_indexes

    _declared(estate)
    body, codecs = _order_created(estate)
    proto = codecs["protobuf"].encode("food.order.Order", body)
    with Observer(estate, "order-events", max_messages=1) as observer:
        framed = frame_for_registry(7, encode_indexes([0]) + proto)
        _publish(estate, framed, "application/protobuf", "food.order.OrderCreated")
    assert relative(observer.results(), estate) == [
        (
            "capture-message-index-mismatch",
            "contracts/order.yaml",
            193,
            "message 1 on order-events: message indexes [0] do not name food.order.Order "
            "(expected [1]) for food.order.OrderCreated",
        )
    ]


def test_undecodable_payloads_are_findings(estate: Estate) -> None:
    _declared(estate)
    sent = [
        (b"\xff\xfe not json", "application/json", "food.order.OrderCreated"),
        (b"\x02\x03", "application/avro", "food.order.OrderCreated"),
        (b"<order/>", "application/xml", "food.order.OrderCreated"),
        (b"{}", "application/json", "food.order.NoSuchMessage"),
        (b"[" * 5000, "application/json", "food.order.OrderCreated"),
    ]
    with Observer(estate, "order-events", max_messages=len(sent)) as observer:
        for body, content_type, message in sent:
            _publish(estate, body, content_type, message)
    at = "contracts/order.yaml"
    assert relative(observer.results(), estate) == [
        (
            "broker-unknown-content-type",
            at,
            193,
            "message 3 on order-events: content type 'application/xml' is none of JSON, Avro "
            "or Protobuf",
        ),
        (
            "capture-body-invalid",
            at,
            193,
            "message 2 on order-events: cannot read food.order.OrderCreated as avro: cannot "
            "read food.order.Order as Avro: badly formed hexadecimal UUID string",
        ),
        (
            "capture-invalid-record",
            at,
            193,
            "message 1 on order-events: the payload is not UTF-8 JSON: invalid byte at 0",
        ),
        (
            "capture-record-too-deep",
            at,
            193,
            "message 5 on order-events: the payload nests too deeply to read",
        ),
        # No message to point at: the channel that carried it.
        (
            "capture-unknown-message-type",
            at,
            271,
            "message 4 on order-events: 'food.order.NoSuchMessage' is not a message of the "
            "contracts",
        ),
    ]


def test_max_bytes_skips_a_large_payload(estate: Estate) -> None:
    _declared(estate)
    from stele.cli.testrun import _workspace_and_artifacts
    from stele.source.config_reader import load_config
    from stele.testing.broker import BrokerRequest, run_broker

    ws, artifacts = _workspace_and_artifacts(load_config(Path(estate.config)))
    request = BrokerRequest(URL, ("order-events",), 1, 4.0, max_bytes=1024)
    listening = threading.Event()
    box: list[Report] = []
    thread = threading.Thread(
        target=lambda: box.append(run_broker(ws, artifacts, request, listening.set))
    )
    thread.start()
    assert listening.wait(10)
    _publish(estate, b"{" + b" " * 4096 + b"}", "application/json", "food.order.OrderCreated")
    thread.join(30)
    [only] = box[0].results
    assert only.rule == "capture-record-too-large"
    assert "4098 bytes, over the limit of 1024 bytes (--max-bytes)" in only.message


# ---------------------------------------------------------------------------------------------
# Input errors: exit 2, no traceback
# ---------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stele(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stele", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("url", "code", "text"),
    [
        # {free} is a free port, chosen when the test runs: the test ids are the same in every
        # xdist worker.
        ("amqp://guest:guest@127.0.0.1:{free}/", "T020", "cannot reach an AMQP broker"),
        (f"amqp://guest:wrong@{HOST}:{PORT}/", "T021", "refused the login"),
        ("http://127.0.0.1:5672/", "T020", "is not an amqp://, amqps:// or kafka:// URL"),
        (f"amqp://guest:guest@{HOST}:{PORT}/?frame_max=12", "T020", "not a usable AMQP URL"),
    ],
)
def test_unusable_brokers_exit_2(estate: Estate, url: str, code: str, text: str) -> None:
    url = url.replace("{free}", str(_free_port()))
    done = stele("test", "broker", "--url", url, "--timeout", "2", "--config", estate.config)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert done.stderr.startswith("--url:1:1: error " + code), done.stderr
    assert text in done.stderr and "Traceback" not in done.stderr
    assert "wrong" not in done.stderr  # the password is never shown


def test_a_missing_exchange_exits_2(estate: Estate) -> None:
    done = stele("test", "broker", "--url", URL, "--timeout", "1", "--config", estate.config)
    assert done.returncode == 2, done.stderr
    assert f"error T023 exchange '{estate.prefix}food.order' of channel order-commands" in (
        done.stderr
    )


def test_an_unbound_channel_exits_2(estate: Estate) -> None:
    done = stele(
        "test", "broker", "--url", URL, "--channel", "kitchen-commands", "--config", estate.config
    )
    assert done.returncode == 2
    assert done.stderr.startswith(
        "--channel:1:1: error T022 channel kitchen-commands has no amqp"
    ), done.stderr


def test_an_absurd_max_bytes_exits_2(estate: Estate) -> None:
    done = stele("test", "broker", "--url", URL, "--max-bytes", "5TiB", "--config", estate.config)
    assert done.returncode == 2 and "--max-bytes" in done.stderr, done.stderr


def test_a_driven_event_no_queue_takes_is_rejected(estate: Estate) -> None:
    """The subscribers of order-events declare no queue here: the fanout exchange routes the
    driven events nowhere, and the broker returns them (mandatory publish)."""
    _declared(estate)
    code, doc, _ = run(estate, "--drive", "--channel", "order-events", "--timeout", "1")
    assert code == 1
    found = sorted((r["rule"], r["path"].rsplit("/", 1)[-1], r["line"]) for r in doc["results"])
    assert found == [
        ("broker-rejected", "accounting.yaml", 156),
        ("broker-rejected", "delivery.yaml", 204),
        ("broker-rejected", "delivery.yaml", 212),
        ("broker-rejected", "kitchen.yaml", 123),
    ]
    messages = [r["message"] for r in doc["results"]]
    assert all(
        f"no queue is bound to exchange '{estate.prefix}food.order.events' with routing key ''" in m
        for m in messages
    )
