"""`stele check` judges GraphQL where the project lists it in `options.formats`: the contract
verdicts gain a GraphQL column, graphql-core's breaking and dangerous changes of the emitted SDL
are located in the YAML (GraphQL names such as `Order.total` or `Query.getOrder(order_id:)`
lead to the element they come from), and a project without it is checked as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _check_helpers import copy_project, edit, run

from stele.baseline import release_baseline
from stele.compat.model import Direction, Mode
from stele.compat.project_check import baseline_side, check_sides, open_side
from stele.source.config_reader import load_config

ORDER = "contracts/order.yaml"
FORMATS = "  formats: [protobuf, avro, jsonschema, openapi, asyncapi, graphql]\n"


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with GraphQL opted in and Order.legacy_code removed."""
    root = copy_project(tmp_path_factory.mktemp("graphql") / "p")
    edit(root / "stele.yaml", "options:\n", "options:\n" + FORMATS)
    edit(root / ORDER, '      legacy_code: {type: string?, deprecated: "use id instead"}\n', "")
    return root


def _check(root: Path, *args: str) -> tuple[int, dict[str, Any]]:
    code, out = run(["check", "--config", str(root / "stele.yaml"), "--no-verify", "-o", "json"])
    return code, json.loads(out)


def test_check_gives_graphql_verdicts_located_in_the_yaml(edited: Path) -> None:
    code, doc = _check(edited)
    assert code == 1
    (base,) = doc["baselines"]
    assert "graphql" in base["formats"]
    graphql = sorted(
        (f["rule"], f["direction"], f["severity"], f["element"], f["new"]["path"], f["new"]["line"])
        for f in base["findings"]
        if f["format"] == "graphql"
    )
    assert graphql == [
        (
            "contract-field-optionality-changed",
            "backward",
            "error",
            "food.order.Order.delivery_address",
            ORDER,
            43,
        ),
        ("contract-field-removed", "backward", "error", "food.order.Order.legacy_code", ORDER, 24),
    ]
    rows = {r["element"]: r["cells"] for r in base["matrix"]}
    assert rows["food.order.Order.legacy_code"]["graphql/backward"] == "error"
    assert rows["food.order.Order.legacy_code"]["openapi/backward"] == "ok"
    # Old GraphQL clients are told of the new enum value (dangerous: a warning), acknowledged.
    assert rows["food.delivery.DeliveryState.CANCELLED"]["graphql/backward"] == "ack"
    # The contract verdicts and graphql-core's findings on the SDL agree: no disagreement.
    assert [f for f in doc["findings"] if f["rule"] == "opinions-disagree"] == []


def test_graphql_artifact_findings_are_located_at_the_yaml_element(edited: Path) -> None:
    config = load_config(edited / "stele.yaml")
    new = open_side("new", config)
    old = baseline_side(release_baseline(config, "1.1.0"))
    report = check_sides(old, new, Mode.FULL)
    assert "graphql" in report.formats
    found = sorted(
        (pf.finding.rule, pf.finding.direction.value, pf.element, pf.finding.subject)
        for pf in report.findings
        if pf.finding.format == "graphql"
    )
    assert (
        "graphql-field-removed",
        "backward",
        "food.order.Order.legacy_code",
        "Order.legacy_code",
    ) in found
    for rule, direction, element, subject in found:
        assert element, (rule, direction, subject)  # every one names a YAML element
    removed = next(
        pf
        for pf in report.findings
        if pf.finding.format == "graphql"
        and pf.finding.subject == "Order.legacy_code"
        and pf.finding.direction is Direction.BACKWARD
    )
    assert removed.finding.old is not None and removed.finding.old.path.endswith(ORDER)
    assert removed.finding.new is None  # gone from the new YAML, shown at its old place


@pytest.mark.parametrize(
    ("subject", "element"),
    [
        ("Order.total", "food.order.Order.total"),
        ("Order.consumer", "food.order.Order.consumer_id"),  # the relation's id field
        ("Query.getOrder", "food.order.OrderService.GetOrder"),
        ("Query.getOrder(order_id:)", "food.order.GetOrderRequest.order_id"),
        ("Mutation.placeOrder(input:)", "food.order.OrderService.PlaceOrder"),
        ("DeliveryState.CANCELLED", "food.delivery.DeliveryState.CANCELLED"),
        ("OrderInput", "food.order.Order"),
        ("Subscription.orderCreated", "food.order.OrderCreated"),
        ("Unknown.field", None),
    ],
)
def test_graphql_names_lead_to_yaml_elements(edited: Path, subject: str, element: str) -> None:
    index = open_side("new", load_config(edited / "stele.yaml")).index
    assert index.locate("graphql", subject, None) == element


def test_graphql_names_do_not_reach_other_formats(edited: Path) -> None:
    index = open_side("new", load_config(edited / "stele.yaml")).index
    # `Money` is a GraphQL name only: a JSON pointer through it names nothing by it.
    assert index.locate("jsonschema", "/$defs/Money/properties/amount", None) is None
    assert index.locate("graphql", "Money.amount", None) == "food.common.Money.amount"


def test_a_project_without_graphql_is_checked_without_it(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    edit(root / ORDER, '      legacy_code: {type: string?, deprecated: "use id instead"}\n', "")
    _, doc = _check(root)
    (base,) = doc["baselines"]
    assert "graphql" not in base["formats"]
    assert all(f["format"] != "graphql" for f in base["findings"])
