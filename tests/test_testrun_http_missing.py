"""`stele test http` against operations the service does not implement: one result per
operation naming the status (404, 405), not what the checks say about an HTML error page.

The reference order service (examples/order_service, Flask) implements three operations of
OrderService; Flask answers every other route with its HTML 404 page, and a known route with
another method with an HTML 405."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from _check_helpers import copy_project, edit
from click.testing import CliRunner
from test_testrun_http import start_service

from stele.cli.main import cli


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    yield from start_service(broken=False)


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def _results(url: str, root: Path, *operations: str) -> tuple[int, list[tuple[str, str, str]]]:
    chosen = [arg for op in operations for arg in ("--operation", op)]
    args = ["test", "http", "--base-url", url, "--max-examples", "5", *chosen, "-o", "json"]
    outcome = CliRunner().invoke(cli, [*args, "--config", str(root / "stele.yaml")])
    doc = json.loads(outcome.output)
    found = [(r["rule"], r["message"], r["hint"]) for r in doc["results"]]
    return outcome.exit_code, found


def test_an_operation_without_a_route_is_not_implemented(service: str, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    code, found = _results(service, root, "ConsumerService_GetConsumer")
    assert code == 1
    ((rule, message, hint),) = found
    assert rule == "http-not-implemented"
    assert message.startswith("GET /consumers/{consumer_id}: not implemented by the service: all ")
    assert " requests answered 404 Not Found (text/html), e.g. GET /consumers/" in message
    assert hint == (
        "implement GET /consumers/{consumer_id} in the service, or leave it out with --operation"
    )
    assert "Content-Type" not in message


def test_a_method_the_route_does_not_take_is_not_implemented(service: str, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    edit(
        root / "contracts" / "order.yaml",
        "      ListOrders:\n",
        "      DeleteOrder:\n"
        "        style: request-response\n"
        "        request: GetOrderRequest\n"
        "        response: Order\n"
        '        http: {method: DELETE, path: "/orders/{order_id}"}\n'
        "      ListOrders:\n",
    )
    CliRunner().invoke(cli, ["lock", "--config", str(root / "stele.yaml")])
    code, found = _results(service, root, "OrderService_DeleteOrder", "OrderService_GetOrder")
    assert code == 1
    assert [(rule, message.split(": all ")[0]) for rule, message, _ in found] == [
        ("http-not-implemented", "DELETE /orders/{order_id}: not implemented by the service")
    ]
    assert "answered 405 Method Not Allowed (text/html)" in found[0][1]


def test_a_declared_404_in_json_is_an_answer_of_the_operation(service: str, tmp_path: Path) -> None:
    """GetOrder declares 404 and answers unknown ids with a JSON problem: an operation that
    answers, judged by the usual checks (clean), never 'not implemented'."""
    root = copy_project(tmp_path / "p")
    code, found = _results(service, root, "OrderService_GetOrder")
    assert (code, found) == (0, [])
