"""The OpenAPI checker's FORWARD findings (and callbacks) are worded in the documents' order:
the run on swapped documents is told back (`stele.compat.openapi.told_back`), and `stele diff`
opens each line with its direction."""

from __future__ import annotations

from pathlib import Path

import pytest
from _check_helpers import run

from stele.compat.diff import diff_paths
from stele.compat.jsonschema.rules import RULES as JSON_RULES
from stele.compat.model import Direction, Mode
from stele.compat.openapi.rules import RULES
from stele.compat.openapi.told_back import _api_variant, json_twin, told_back

OLD = """\
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /orders/{orderId}:
    get:
      operationId: getOrder
      parameters:
        - {name: orderId, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {state: {enum: [A, B]}}}
  /orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, properties: {item: {type: string}}, required: [item]}
      responses:
        "201": {description: created}
"""
NEW = (
    OLD.replace("[A, B]", "[A, C]")
    .replace("{item: {type: string}}", "{item: {type: string}, n: {type: integer}}")
    .replace("required: [item]", "required: [item, n]")
)


@pytest.fixture
def sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.yaml").write_text(OLD)
    (tmp_path / "new.yaml").write_text(NEW)
    return Path("old.yaml"), Path("new.yaml")


def test_forward_findings_name_the_change_from_old_to_new(sides: tuple[Path, Path]) -> None:
    result = diff_paths(*sides, "openapi", Mode.FULL)
    assert [(f.direction.value, f.rule, f.message) for f in result.findings] == [
        (
            "backward",
            "openapi-response-enum-value-added",
            'GET /orders/{orderId} response 200 application/json: enum values added: "C"'
            " at /properties/state",
        ),
        (
            # The old version had B, the new one does not: B was removed, not added.
            "forward",
            "openapi-response-enum-value-added",
            'GET /orders/{orderId} response 200 application/json: enum values removed: "B"'
            " at /properties/state",
        ),
        (
            "backward",
            "openapi-request-property-became-required",
            "POST /orders request body application/json: property 'n' became required"
            " at /properties/n",
        ),
        (
            # `n` is new: new clients send it, and the old service does not declare it.
            "forward",
            "openapi-request-property-removed",
            "POST /orders request body application/json: property 'n' added; the old service"
            " does not declare it",
        ),
    ]


def test_told_back_twice_is_told_as_it_was(sides: tuple[Path, Path]) -> None:
    result = diff_paths(*sides, "openapi", Mode.FULL)
    assert len(result.findings) == 4
    for f in result.findings:
        assert told_back(told_back(f)) == f


def test_diff_text_opens_each_finding_with_its_direction(sides: tuple[Path, Path]) -> None:
    code, out = run(["diff", *map(str, sides), "--mode", "full"])
    assert code == 1
    heads = [line.split(" ")[1:4] for line in out.splitlines()[:-1:2]]
    assert heads == [
        ["error", "openapi-response-enum-value-added", "(backward)"],
        ["error", "openapi-response-enum-value-added", "(forward)"],
        ["error", "openapi-request-property-became-required", "(backward)"],
        ["warning", "openapi-request-property-removed", "(forward)"],
    ]


def test_every_json_schema_rule_has_a_twin_or_is_framed() -> None:
    """A cause told back by its twin rule; the two without one are framed (`GOING_BACK`)."""
    twins = {rule.id: json_twin(rule.id) for rule in JSON_RULES}
    assert sorted(r for r, t in twins.items() if t is None) == [
        "json-extensible-enum-value-removed",
        "json-schema-removed",
    ]
    assert all(twins[t] == r for r, t in twins.items() if t is not None)


def test_every_openapi_variant_is_told_back_and_forth() -> None:
    for rule in RULES:
        for variant in rule.messages:
            turned = _api_variant(rule.id, variant)
            assert turned in rule.messages, (rule.id, variant)
            assert _api_variant(rule.id, turned) == variant, (rule.id, variant)


def test_a_finding_of_another_format_is_left_as_it_is(sides: tuple[Path, Path]) -> None:
    found = diff_paths(*sides, "openapi", Mode.FULL).findings[0]
    other = found.__class__("avro-x", found.severity, Direction.FORWARD, "avro", "m")
    assert told_back(other) is other
