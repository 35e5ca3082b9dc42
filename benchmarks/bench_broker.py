"""How many messages per second `stele test broker` judges, per encoding.

Two numbers per encoding (JSON, Avro, Protobuf, Avro and Protobuf with Confluent framing), for
the `OrderCreated` example of the example project (about 0.5 KB):

- judge: the judge alone, on deliveries built in memory (decoding, the body and headers
  schemas, the channel and interaction checks);
- observe: end to end through the RabbitMQ at 127.0.0.1:5672: messages published to the
  `order-events` exchange of a copy of the project whose names carry a unique prefix, while
  `observe` listens; from the first publish to the last message judged. Skipped (with the reason)
  when no broker answers.

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

    from stele.emit.jsonschema import json_value
    from stele.encode import frame_for_registry
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
    from stele.config import load_config
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
    from stele.config import load_config
    from stele.encode import Codecs

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
            print("(observe skipped: no RabbitMQ answers at 127.0.0.1:5672)")
    print(f"{args.messages} messages of {MESSAGE} per encoding")
    print(f"{'encoding':<17}{'bytes':>7}{'judge msg/s':>14}{'observe msg/s':>16}")
    for name, rate in judged.items():
        through = f"{observed[name]:,.0f}" if name in observed else "-"
        print(f"{name:<17}{sizes[name]:>7}{rate:>14,.0f}{through:>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
