"""`stele test http` against the reference Order service (examples/order_service), started on a
free local port: the correct service passes, the broken variant fails with located results."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from stele.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
STELE = Path(sys.executable).parent / "stele"
ORDER_OPERATIONS = ["--operation", "food.order.OrderService"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_service(broken: bool) -> Iterator[str]:
    port = free_port()
    args = [sys.executable, "-m", "examples.order_service", "--port", str(port)]
    process = subprocess.Popen(
        [*args, *(["--broken"] if broken else [])],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url, timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the reference service did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    yield from start_service(broken=False)


@pytest.fixture(scope="module")
def broken_service() -> Iterator[str]:
    yield from start_service(broken=True)


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.chdir(ROOT)


def run_http(url: str, *extra: str) -> tuple[int, dict[str, Any]]:
    args = ["test", "http", "--base-url", url, "--max-examples", "10", *ORDER_OPERATIONS]
    outcome = CliRunner().invoke(cli, [*args, *extra, "--output", "json"])
    return outcome.exit_code, json.loads(outcome.output)


def test_reference_service_passes(service: str) -> None:
    code, doc = run_http(service)
    assert (code, doc["results"]) == (0, [])
    assert doc["checks"] == ["http GET /orders", "http GET /orders/{order_id}", "http POST /orders"]


def test_broken_service_fails_at_the_operations(broken_service: str) -> None:
    code, doc = run_http(broken_service)
    found = [(r["rule"], r["path"], r["line"], r["column"], r["message"]) for r in doc["results"]]
    missing_version = 'Response violates schema: "version" is a required property'
    assert code == 1
    assert found == [
        (
            "http-expand-missing",
            "contracts/order.yaml",
            284,
            7,
            "GET /orders/{order_id}: expand=consumer returned no `consumer` object",
        ),
        (
            "http-expand-missing",
            "contracts/order.yaml",
            284,
            7,
            "GET /orders/{order_id}: expand=restaurant returned no `restaurant` object",
        ),
        (
            "http-response-schema",
            "contracts/order.yaml",
            284,
            7,
            f"GET /orders/{{order_id}}: {missing_version}",
        ),
        ("http-response-schema", "contracts/order.yaml", 300, 7, f"GET /orders: {missing_version}"),
        (
            "http-response-schema",
            "contracts/order.yaml",
            310,
            7,
            f"POST /orders: {missing_version}",
        ),
    ]


def test_one_operation_by_operation_id(broken_service: str) -> None:
    args = ["test", "http", "--base-url", broken_service, "--operation", "OrderService_ListOrders"]
    outcome = CliRunner().invoke(cli, [*args, "--output", "text", "--max-examples", "5"])
    assert outcome.exit_code == 1
    assert outcome.output.splitlines()[0] == (
        "contracts/order.yaml:300:7: error http-response-schema GET /orders: "
        'Response violates schema: "version" is a required property'
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--base-url", "http://127.0.0.1:{port}"],
            "--base-url:1:1: error T010 cannot reach http://127.0.0.1:{port}: ConnectionError\n"
            "    hint: start the service, or check --base-url",
        ),
        (
            ["--base-url", "http://127.0.0.1:{port}", "--operation", "OrderService_ListOrder"],
            "--operation:1:1: error T011 no HTTP operation 'OrderService_ListOrder'\n"
            "    hint: did you mean 'OrderService_ListOrders'?",
        ),
        (
            ["--base-url", "http://[::1"],
            "--base-url:1:1: error T010 'http://[::1' is not a valid URL: Invalid IPv6 URL",
        ),
        (
            ["--base-url", "http://:8080"],
            "--base-url:1:1: error T010 'http://:8080' names no host\n"
            "    hint: e.g. --base-url http://localhost:8080",
        ),
        (
            ["--base-url", "localhost:8080"],
            "--base-url:1:1: error T010 'localhost:8080' is not an http:// or https:// URL",
        ),
    ],
)
def test_unreachable_url_exits_2(args: list[str], expected: str) -> None:
    port = free_port()  # nothing listens there
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "STELE_DEBUG")}
    done = subprocess.run(
        [str(STELE), "test", "http", *[a.format(port=port) for a in args]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == expected.format(port=port) + "\n"
