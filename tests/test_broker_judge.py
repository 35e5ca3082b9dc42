"""The broker judge on hostile deliveries, without a broker: whatever bytes, headers and content
type a message carries, judging it returns findings (or none) and never raises."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from _examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.ir import Value
from stele.sizes.budgets import Budgets, Limits
from stele.testing.broker_judge import Delivery, Judge, encoding_of

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ["food.order.OrderCreated", "food.order.CreateOrderReply", "food.order.CreateOrder", "x"]
CONTENT_TYPES = [
    "application/json",
    "application/avro",
    "application/x-protobuf",
    "application/cloudevents+json",
    "text/plain",
    "",
]


@cache
def judge() -> Any:
    from stele.cli.testrun import _workspace_and_artifacts
    from stele.encode import Codecs
    from stele.source.config_reader import load_config

    ws, artifacts = _workspace_and_artifacts(load_config(ROOT / "stele.yaml"))
    codecs = Codecs.from_artifacts(ws.project, artifacts, ws.config.options, schemaless=False)
    budgets = Budgets(Limits({"json": 600}))
    return Judge(ws.project, artifacts, codecs, budgets, max_bytes=4096)


def channel(name: str = "food.order.order-events") -> Any:
    return judge().project.channels[name]


header_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.binary(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.binary(max_size=600) | st.just(b"\x00\x00\x00\x00\x07\x02\x02"),
    content_type=st.sampled_from(CONTENT_TYPES),
    message=st.sampled_from(MESSAGES),
    extra=st.dictionaries(st.text(max_size=12), header_values, max_size=4),
)
def test_any_delivery_is_judged_without_raising(
    body: bytes, content_type: str, message: str, extra: dict[str, Any]
) -> None:
    from stele.testing.broker_judge import json_headers

    headers = json_headers({"message_type": message, **extra})
    verdict = judge().judge(Delivery(channel(), 1, body, headers, {}, content_type))
    assert all(r.location.line > 0 for r in verdict.results)
    assert all(r.check == "broker food.order.order-events" for r in verdict.results)


def test_a_good_message_passes_and_a_large_one_is_over_budget() -> None:
    doc = json.loads((ROOT / "codegen/asyncapi/food.order.OrderService.json").read_bytes())
    example = doc["components"]["messages"]["food.order.OrderCreated"]["examples"][0]
    body = json.dumps(example["payload"]).encode()
    headers = dict(example["headers"])
    verdict = judge().judge(Delivery(channel(), 1, body, headers, {}, "application/json"))
    assert [r.rule for r in verdict.results] == ["broker-over-budget"]
    assert verdict.results[0].message == (
        f"message 1 on order-events: food.order.OrderCreated is {len(body)} bytes as json, "
        "over its budget of 600"
    )
    verdict = judge().judge(Delivery(channel(), 2, b"{}", headers, {}, "application/json"))
    assert [r.rule for r in verdict.results] == ["capture-body-invalid"]


def test_transport_properties_fill_missing_envelope_headers() -> None:
    doc = json.loads((ROOT / "codegen/asyncapi/food.order.OrderService.json").read_bytes())
    example = doc["components"]["messages"]["food.order.CreateOrderReply"]["examples"][0]
    headers: dict[str, Value] = {"tenant_id": "acme"}
    transport: dict[str, Value] = {
        "message_id": "5f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        "message_type": "food.order.CreateOrderReply",
        "timestamp": "2026-11-25T12:30:00Z",
        "content_type": "application/json",
        "correlation_id": "5f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
    }
    body = json.dumps(example["payload"]).encode()
    replies = channel("food.order.order-replies")
    assert judge().judge(Delivery(replies, 1, body, headers, transport, "")).results == []
    del transport["correlation_id"]
    found = judge().judge(Delivery(replies, 1, body, headers, transport, "")).results
    assert [r.rule for r in found] == ["capture-missing-correlation-id"]


def test_content_types() -> None:
    assert [encoding_of(t) for t in CONTENT_TYPES] == [
        "json",
        "avro",
        "protobuf",
        "json",
        None,
        "json",
    ]
    assert encoding_of("Application/JSON; charset=utf-8") == "json"
    assert encoding_of("application/vnd.apache.avro+avro") == "avro"


def test_findings_are_located_in_every_report_format() -> None:
    from stele.diagnostics import Severity
    from stele.report import OUTPUTS, render
    from stele.report.model import Report

    headers: dict[str, Value] = {"message_type": "food.order.OrderCreated", "tenant_id": "acme"}
    verdict = judge().judge(Delivery(channel(), 1, b"{}", headers, {}, "application/json"))
    report = Report.of("test broker", verdict.results, ["broker food.order.order-events"])
    assert {r.location.path.rsplit("/", 2)[-2:][-1] for r in report.results} == {"order.yaml"}
    for fmt in OUTPUTS:
        text = render(report, fmt, Severity.ERROR, color=False)
        assert "order.yaml" in text, fmt
        assert "capture-body-invalid" in text, fmt
        assert "193" in text, fmt  # the line of OrderCreated
