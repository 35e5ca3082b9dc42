"""`stele check` policies from stele.yaml: the JSON policy applies to every JSON-based format,
and the compatibility mode is set for the project, per channel and per message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _check_helpers import copy_project, edit, run

OPTIONAL_FIELD = (
    "      cancellation: Cancellation?\n",
    "      cancellation: Cancellation?\n      promo_code: string?\n",
)


def _project(tmp_path: Path, extra_config: str = "") -> Path:
    project = copy_project(tmp_path / "p")
    edit(project / "contracts" / "order.yaml", *OPTIONAL_FIELD)
    if extra_config:
        with (project / "stele.yaml").open("a", encoding="utf-8") as out:
            out.write(extra_config)
    code, out = run(["lock", "--config", str(project / "stele.yaml")])
    assert code == 0, out
    return project


def _findings(project: Path, *args: str) -> list[tuple[str, str, str, str]]:
    code, out = run(
        ["check", "--config", str(project / "stele.yaml"), "--no-verify", "-o", "json", *args]
    )
    assert code in (0, 1), out
    doc = json.loads(out)
    return sorted(
        (f["element"], f["rule"], f["format"], f["direction"])
        for f in doc["findings"]
        if f["element"].endswith("promo_code")
    )


def test_lenient_policy_adds_an_optional_event_field_in_full_mode(tmp_path: Path) -> None:
    # The default policy of `stele check` is lenient, for OpenAPI and AsyncAPI as for JSON Schema.
    assert _findings(_project(tmp_path), "--mode", "full") == []


def test_strict_policy_applies_to_openapi_and_asyncapi(tmp_path: Path) -> None:
    project = _project(tmp_path, "policies:\n  json: strict\n")
    assert _findings(project, "--mode", "full") == [
        ("food.order.Order.promo_code", "asyncapi-payload-changed", "asyncapi", "forward"),
        (
            "food.order.Order.promo_code",
            "json-property-added-to-open-model",
            "jsonschema",
            "backward",
        ),
        ("food.order.Order.promo_code", "openapi-response-property-removed", "openapi", "forward"),
    ]


@pytest.mark.parametrize("mode", ["backward", "forward"])
def test_lenient_policy_holds_in_each_direction(tmp_path: Path, mode: str) -> None:
    assert _findings(_project(tmp_path), "--mode", mode) == []
