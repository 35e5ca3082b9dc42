"""`stele test broker --url kafka://...`: the Kitchen reference service driven, publish/subscribe
driven, and a broker lost mid-run, on the Kafka-protocol brokers test_broker_kafka.py starts
(Tansu and noida-db; each test runs on both, one whose wheel is not installed is skipped)."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_broker_kafka import (
    BROKERS,
    ROOT,
    _command,
    _free_port,
    _observer,
    _order_project,
    serve_broker,
    stele,
)

confluent_kafka = pytest.importorskip("confluent_kafka")


@pytest.fixture(scope="module", params=sorted(BROKERS))
def kafka(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    yield from serve_broker(request, tmp_path_factory)


# ---------------------------------------------------------------------------------------------
# Drive, against the reference Kitchen service on Kafka
# ---------------------------------------------------------------------------------------------


def _kitchen_project(tmp_path: Path, prefix: str) -> str:
    """The bundled contracts, with kafka bindings on the Kitchen channels in this copy only (the
    bundled kitchen.yaml has none: see docs/testing.md, "Brokers")."""
    import shutil

    shutil.copy(ROOT / "stele.yaml", tmp_path / "stele.yaml")
    shutil.copytree(ROOT / "contracts", tmp_path / "contracts")
    (tmp_path / "compat").mkdir()
    shutil.copy(ROOT / "compat" / "stele.lock", tmp_path / "compat" / "stele.lock")
    kitchen = tmp_path / "contracts" / "kitchen.yaml"
    text = kitchen.read_text("utf-8")
    for doc, topic, key in (
        ("Commands to the Kitchen Service.", "commands", ", key: order_id"),
        ("Replies of the Kitchen Service.", "replies", ""),
    ):
        line = f"    doc: {doc}\n"
        assert line in text
        binding = f"    bindings: {{kafka: {{topic: {prefix}food.kitchen.{topic}, partitions: 3{key}}}}}\n"
        text = text.replace(line, line + binding)
    kitchen.write_text(text, "utf-8")
    return str(tmp_path / "stele.yaml")


class _Kitchen:
    def __init__(self, servers: str, prefix: str, broken: bool) -> None:
        import threading

        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from examples.kitchen_kafka.service import KafkaKitchenService, create_topics

        create_topics(servers, prefix)
        self.service = KafkaKitchenService(servers, prefix, broken)
        self.thread = threading.Thread(target=self.service.serve, daemon=True)

    def __enter__(self) -> _Kitchen:
        self.thread.start()
        assert self.service.ready.wait(20), "the Kafka Kitchen service did not start"
        return self

    def __exit__(self, *exc: object) -> None:
        self.service.stop()
        self.thread.join(10)


def _drive_kitchen(config: str, servers: str) -> tuple[int, dict[str, Any]]:
    done = stele(
        "test", "broker", "--url", f"kafka://{servers}", "--drive", "--channel", "kitchen-commands",
        "--timeout", "10", "--config", config, "-o", "json",
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_drive_the_kitchen_service_on_kafka(kafka: str, tmp_path: Path) -> None:
    prefix = f"t{uuid.uuid4().hex[:8]}."
    config = _kitchen_project(tmp_path, prefix)
    with _Kitchen(kafka, prefix, broken=False) as kitchen:
        thread, box = _observer(config, kafka, ("kitchen-replies",), 1)
        code, doc = _drive_kitchen(config, kafka)
        thread.join(30)
    assert (code, doc["results"]) == (0, []), doc["results"]
    assert [r.to_json() for r in box[0].results] == []
    assert "1 message judged (1 json)" in box[0].notes
    assert "1 sent, 1 replies judged" in doc["notes"][0], doc["notes"]
    assert kitchen.service.answered == 1


def test_drive_reports_the_kitchen_services_planted_breaks(kafka: str, tmp_path: Path) -> None:
    prefix = f"t{uuid.uuid4().hex[:8]}."
    config = _kitchen_project(tmp_path, prefix)
    with _Kitchen(kafka, prefix, broken=True):
        thread, box = _observer(config, kafka, ("kitchen-replies",), 1)
        code, doc = _drive_kitchen(config, kafka)
        thread.join(30)
    assert code == 1
    [no_reply] = doc["results"]
    assert (no_reply["rule"], no_reply["line"]) == ("broker-no-reply", 112), no_reply
    assert (
        "came back on topic " + prefix + "food.kitchen.replies within 10 s" in no_reply["message"]
    )
    observed = sorted(
        (r.rule, r.location.line, r.message.split(": ", 1)[1]) for r in box[0].results
    )
    assert observed == [
        (
            "capture-body-invalid",
            79,
            "food.kitchen.TicketConfirmation body at ticket_id: 'T-1042' is not a 'uuid'",
        ),
        (
            "capture-headers-invalid",
            79,
            "food.kitchen.TicketConfirmation headers at (root): 'tenant_id' is a required property",
        ),
    ]


def test_drive_publish_subscribe_on_kafka(kafka: str, tmp_path: Path) -> None:
    """Publish/subscribe driven: each example of every operation that receives from order-events
    is produced to its topic; the broker takes each, and reading the topic from the beginning
    judges all four valid."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from examples.order_broker.kafka_service import create_topics

    prefix = f"t{uuid.uuid4().hex[:8]}."
    config = _order_project(tmp_path, prefix)
    create_topics(kafka, prefix)
    done = stele(
        "test", "broker", "--url", f"kafka://{kafka}", "--drive", "--channel", "order-events",
        "--timeout", "10", "--config", config, "-o", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads(done.stdout)
    assert doc["results"] == [] and "4 sent" in doc["notes"][0], doc["notes"]
    done = stele(
        "test", "broker", "--url", f"kafka://{kafka}", "--channel", "order-events", "--offset",
        "beginning", "--timeout", "20", "--config", config, "-o", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads(done.stdout)
    assert doc["results"] == [] and "4 messages judged (4 json)" in doc["notes"], doc["notes"]


def _t020(port: int) -> re.Pattern[str]:
    """T020's first line; the counts in librdkafka's "N/M brokers are down" depend on how many
    brokers the client had learnt of (the bootstrap address, then the advertised one) when the
    connection went, so they are not pinned."""
    return re.compile(
        re.escape(
            "--url:1:1: error T020 lost (or never had) a connection to the Kafka broker at "
            f"kafka://127.0.0.1:{port}: "
        )
        + r"\d+/\d+ brokers are down\n"
    )


def _connected(pid: int, port: int) -> bool:
    """Process `pid` holds a TCP connection to `port` (Linux /proc; elsewhere, assumed)."""
    fds = Path(f"/proc/{pid}/fd")
    if not fds.is_dir():
        return True
    inodes = set()
    for fd in fds.iterdir():
        try:
            link = str(fd.readlink())
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[2].rsplit(":", 1)[1], 16) == port and fields[9] in inodes:
                return True
    return False


@pytest.mark.parametrize("name", sorted(BROKERS))
def test_a_broker_lost_mid_run_exits_2(name: str, tmp_path: Path) -> None:
    """A broker of its own, killed while stele listens: T020, exit 2, no traceback (librdkafka
    would retry quietly until the timeout and pass an empty run)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from examples.order_broker.kafka_service import create_topics

    port = _free_port()
    broker = subprocess.Popen(
        _command(name, port, tmp_path / "data"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    run = None
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or broker.poll() is not None:
                    pytest.skip(f"the {name} Kafka broker did not start")
                time.sleep(0.05)
        (tmp_path / "project").mkdir()
        config = _order_project(tmp_path / "project", "")
        create_topics(f"127.0.0.1:{port}", "")
        run = subprocess.Popen(
            [sys.executable, "-m", "stele", "test", "broker", "--url", f"kafka://127.0.0.1:{port}",
             "--channel", "order-events", "--timeout", "60", "--config", config],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while not _connected(run.pid, port) and time.monotonic() < deadline:
            assert run.poll() is None, run.communicate()
            time.sleep(0.1)
        time.sleep(2)  # connected, the topic's partitions assigned: listening
        assert run.poll() is None, run.communicate()
        broker.kill()
        out, err = run.communicate(timeout=60)
    finally:
        broker.kill()
        broker.wait(10)
        if run is not None and run.poll() is None:
            run.kill()
    assert (run.returncode, out) == (2, ""), out + err
    assert _t020(port).match(err), err
    assert "Traceback" not in err


def test_driving_a_dead_port_exits_2(tmp_path: Path) -> None:
    """Publish/subscribe needs no reply topic, so the first word from the broker is the
    producer's: all brokers down is T020, not a record the broker rejected."""
    config = _order_project(tmp_path, "")
    port = _free_port()
    done = stele(
        "test", "broker", "--url", f"kafka://127.0.0.1:{port}", "--drive", "--channel",
        "order-events", "--timeout", "3", "--config", config,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, ""), done.stdout + done.stderr
    assert _t020(port).match(done.stderr), done.stderr
    assert "Traceback" not in done.stderr
