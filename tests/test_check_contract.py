"""`stele check` on the contract-level verdicts: findings located by construction in the YAML
(an HTTP path or method change at its operation, never in a generated file), one line per
change, rule and direction naming its formats, the matrix rows the contract changes, and the
three opinions compared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _check_helpers import copy_project, edit, run

ORDER = "contracts/order.yaml"


def _line_of(relative: str, text: str) -> int:
    """The 1-based line where `text` starts in the example project's file (the edits below
    change that place; other edits of the example move it)."""
    source = (Path(__file__).parents[1] / relative).read_text(encoding="utf-8")
    return source[: source.index(text)].count("\n") + 1


# ListOrders' HTTP method, the line the edit below changes
HTTP = _line_of(ORDER, "          method: GET\n          path: /orders\n")
DELIVERY = "contracts/delivery.yaml"


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with ListOrders moved (GET /orders -> POST /orders/search) and
    Courier.location made required."""
    root = copy_project(tmp_path_factory.mktemp("contract") / "p")
    edit(
        root / ORDER,
        "          method: GET\n          path: /orders\n",
        "          method: POST\n          path: /orders/search\n",
    )
    edit(
        root / DELIVERY,
        "      location: food.common.GeoPoint?\n",
        "      location: food.common.GeoPoint\n",
    )
    return root


def _check(root: Path, *args: str) -> tuple[int, str]:
    return run(["check", "--config", str(root / "stele.yaml"), "--no-verify", *args])


def _heads(text: str) -> list[str]:
    """Each finding line up to its reason: place, severity, rule, (direction: formats)."""
    return [
        line.split(")", 1)[0] + ")"
        for line in text.splitlines()
        if line.startswith("contracts/") and ": acknowledged " not in line
    ]


def test_http_changes_are_located_at_their_operation(edited: Path) -> None:
    code, out = _check(edited, "--mode", "full", "-o", "json")
    doc = json.loads(out)
    (base,) = doc["baselines"]
    http = [
        (f["rule"], f["format"], f["direction"], f["element"], f["new"], f["old"])
        for f in base["findings"]
        if f["rule"].startswith("contract-http-")
    ]
    new = {"path": ORDER, "line": HTTP, "column": 11}
    old = {"path": f"compat/releases/1.1.0/{ORDER}", "line": 293, "column": 11}
    element = "food.order.OrderService.ListOrders"
    assert code == 1
    assert http == [
        ("contract-http-method-changed", "openapi", "backward", element, new, old),
        ("contract-http-method-changed", "openapi", "forward", element, new, old),
        ("contract-http-path-changed", "openapi", "backward", element, new, old),
        ("contract-http-path-changed", "openapi", "forward", element, new, old),
    ]
    # Every finding is in a YAML file of the project; no generated file, no unmapped row.
    places = [f[side]["path"] for f in doc["findings"] for side in ("new", "old") if f[side]]
    assert sorted({p.split("/contracts/")[0] for p in places if "/contracts/" in p}) == [
        "compat/releases/1.1.0"
    ]
    assert all(p.endswith(".yaml") for p in places)
    rows = [(r["element"], r["change"]) for r in base["matrix"]]
    assert ("food.order.OrderService.ListOrders", "http-method-changed") in rows
    assert ("food.order.OrderService.ListOrders", "http-path-changed") in rows
    assert all(change != "affected" and element for element, change in rows)
    # The OpenAPI checker's path removal maps to the same operation: the opinions agree.
    assert [
        f
        for f in doc["findings"]
        if f["rule"] == "opinions-disagree" and "ListOrders" in f["element"]
    ] == []


def test_one_line_per_change_rule_and_direction_naming_the_formats(edited: Path) -> None:
    code, out = _check(edited, "--mode", "full")
    assert code == 1
    heads = _heads(out)
    assert len(heads) == len(set(heads))  # identical lines never repeat
    assert [h for h in heads if ":44:7:" in h or f":{HTTP}:11:" in h] == [
        # Courier.location became required: new readers meet old data without it.
        f"{DELIVERY}:44:7: error contract-field-optionality-changed (backward: avro, jsonschema)",
        # GetDelivery?expand=courier embeds Courier: a new client reading an old server's
        # answer misses the location it now requires (the OpenAPI checker agrees).
        f"{DELIVERY}:44:7: error contract-field-optionality-changed (forward: openapi)",
        f"{ORDER}:{HTTP}:11: error contract-http-method-changed (backward: openapi)",
        f"{ORDER}:{HTTP}:11: error contract-http-method-changed (forward: openapi)",
        f"{ORDER}:{HTTP}:11: error contract-http-path-changed (backward: openapi)",
        f"{ORDER}:{HTTP}:11: error contract-http-path-changed (forward: openapi)",
    ]


def test_forward_findings_are_worded_from_the_forward_view(edited: Path) -> None:
    _, out = _check(edited, "--mode", "full")
    forward = [line for line in out.splitlines() if "(forward: " in line]
    assert forward
    # The field became required: nothing reported in forward calls it "no longer required",
    # nor quotes an artifact checker's opinion in the documents swapped.
    for line in forward:
        assert "no longer required" not in line, line
        assert "became optional" not in line, line
        assert "comparing the versions swapped" not in line, line


def test_every_output_format_carries_the_direction(edited: Path) -> None:
    for output in ("json", "sarif", "github", "junit"):
        _, out = _check(edited, "--mode", "full", "-o", output)
        assert "(backward: openapi)" in out and "(forward: openapi)" in out, output
    _, sarif = _check(edited, "--mode", "full", "-o", "sarif")
    results = json.loads(sarif)["runs"][0]["results"]
    assert {r["properties"]["direction"] for r in results} == {"backward", "forward"}


def test_matrix_rows_are_contract_changes_and_acknowledged_cells_read_ack(edited: Path) -> None:
    _, out = _check(edited)
    matrix = [line for line in out.splitlines() if line.startswith("food.")]
    address = next(line for line in matrix if line.startswith("food.order.Order.delivery_address"))
    assert address.split()[-5:] == ["ok", "ok", "ok", "ack", "ok"]
    assert not any("(unmapped)" in line or "(affected" in line for line in matrix)


def test_a_mode_map_marks_unchecked_cells(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    with (root / "stele.yaml").open("a", encoding="utf-8") as config_file:
        config_file.write(
            "compat:\n  mode: backward\n  channels:\n    food.order.order-events: full\n"
        )
    code, out = _check(root)
    lines = out.splitlines()
    assert lines[0] == (
        "against 1.1.0 (BACKWARD; FULL for channel food.order.order-events): "
        "avro, protobuf, jsonschema, openapi, asyncapi"
    )
    # DeliveryState is in no event: its forward cells are not checked.
    symbol = next(line for line in lines if line.startswith("food.delivery.DeliveryState"))
    assert symbol.split()[-10:] == ["ok", "-", "ok", "-", "ok", "-", "ack", "-", "ok", "-"]
    # OrderCreated travels on the FULL channel: old subscribers meet orders without an address.
    address = next(line for line in lines if line.startswith("food.order.Order.delivery_address"))
    assert address.split()[-10:] == [
        "ok", "error", "ok", "ok", "ok", "error", "ack", "ok", "ok", "error"
    ]  # fmt: skip
    assert code == 1


def test_the_disagreement_rule_is_documented() -> None:
    code, out = run(["rules", "opinions-disagree"])
    assert code == 0
    assert out.splitlines()[:3] == [
        "### `opinions-disagree`",
        "",
        "The contract-level verdict, the artifact checker and the codecs disagree on a change.",
    ]


def test_an_unused_acknowledgement_of_a_contract_rule_is_stale(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    edit(
        root / DELIVERY,
        "    doc: Where a delivery is.\n",
        "    doc: Where a delivery is.\n    acknowledge:\n"
        "      - {rule: contract-enum-symbol-removed, reason: no delivery is lost}\n",
    )
    code, out = _check(root, "-o", "json")
    doc = json.loads(out)
    assert code == 1
    assert [
        (f["rule"], f["element"], f["new"]["line"])
        for f in doc["findings"]
        if f["format"] == "stele"
    ] == [("ack-stale", "food.delivery.DeliveryState", 24)]


def test_an_acknowledgement_of_an_older_break_is_judged_by_transitive_runs(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path / "p")
    # VehicleType did not change since 1.1.0, so a check against 1.1.0 alone cannot tell
    # whether the acknowledgement excuses a break against 1.0.0; a transitive run can.
    edit(
        root / DELIVERY,
        "    doc: What a courier rides.\n",
        "    doc: What a courier rides.\n    acknowledge:\n"
        "      - {rule: contract-enum-symbol-removed, reason: no courier rides a scooter}\n",
    )
    code, out = _check(root, "-o", "json")
    assert (code, [f["rule"] for f in json.loads(out)["findings"]]) == (0, [])
    code, out = _check(root, "--transitive", "-o", "json")
    assert code == 1
    assert [
        (f["rule"], f["element"], f["new"]["line"])
        for f in json.loads(out)["findings"]
        if f["format"] == "stele"
    ] == [("ack-stale", "food.delivery.VehicleType", 9)]


def test_mode_none_judges_nothing_and_finds_no_acknowledgement_stale(edited: Path) -> None:
    code, out = _check(edited, "--mode", "none")
    assert (code, out.splitlines()) == (
        0,
        [
            "against 1.1.0 (NONE): avro, protobuf, jsonschema, openapi, asyncapi",
            "",
            "no direction checked (mode NONE)",
            "",
            "compatible with 1.1.0 (NONE): 0 errors, 0 warnings, 0 infos",
        ],
    )
