"""`stele check` policies from stele.yaml: the JSON policy applies to every JSON-based format,
and the compatibility mode is set for the project, per channel and per message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _check_helpers import copy_project, drop_cancelled_ack, edit, run

OPTIONAL_FIELD = (
    "      cancellation: Cancellation?\n",
    "      cancellation: Cancellation?\n      promo_code: string?\n",
)


def _project(tmp_path: Path, extra_config: str = "") -> Path:
    project = copy_project(tmp_path / "p")
    edit(project / "contracts" / "order.yaml", *OPTIONAL_FIELD)
    if extra_config:
        with (project / "stele.yaml").open("a", encoding="utf-8") as config_file:
            config_file.write(extra_config)
    code, out = run(["lock", "--config", str(project / "stele.yaml")])
    assert code == 0, out
    return project


def _verdicts(doc: dict[str, object], element: str = "") -> list[tuple[str, str, str, str]]:
    """The contract-level findings (and acknowledgement problems) of a JSON report; the
    artifact checkers' and codecs' opinions show only where they disagree (other tests)."""
    findings = doc["findings"]
    assert isinstance(findings, list)
    return sorted(
        (f["element"], f["rule"], f["format"], f["direction"])
        for f in findings
        if f["rule"].startswith(("contract-", "ack-")) and f["element"].startswith(element)
    )


def _findings(project: Path, *args: str) -> list[tuple[str, str, str, str]]:
    code, out = run(
        ["check", "--config", str(project / "stele.yaml"), "--no-verify", "-o", "json", *args]
    )
    assert code in (0, 1), out
    return _verdicts(json.loads(out), "food.order.Order.promo_code")


def test_lenient_policy_adds_an_optional_event_field_in_full_mode(tmp_path: Path) -> None:
    # The default policy of `stele check` is lenient, for OpenAPI and AsyncAPI as for JSON Schema.
    assert _findings(_project(tmp_path), "--mode", "full") == []


def test_strict_policy_applies_to_openapi_and_asyncapi(tmp_path: Path) -> None:
    project = _project(tmp_path, "policies:\n  json: strict\n")
    # Under the strict policy an old document may hold `promo_code` with another type: the new
    # readers of it (consumers in JSON Schema, old receivers of the sent event in AsyncAPI, the
    # old client of the responses in OpenAPI's forward view) are exposed.
    added = "contract-field-added"
    assert _findings(project, "--mode", "full") == [
        ("food.order.Order.promo_code", added, "asyncapi", "backward"),
        ("food.order.Order.promo_code", added, "jsonschema", "backward"),
        ("food.order.Order.promo_code", added, "openapi", "forward"),
    ]


@pytest.mark.parametrize("mode", ["backward", "forward"])
def test_lenient_policy_holds_in_each_direction(tmp_path: Path, mode: str) -> None:
    assert _findings(_project(tmp_path), "--mode", mode) == []


# ---------------------------------------------------------------------------------------------
# Modes: the project's, per channel, per message; --mode overrides them
# ---------------------------------------------------------------------------------------------

# The working tree against 1.1.0: DeliveryState.CANCELLED added (a Delivery response, in no
# event) and Order.delivery_address made optional (OrderCreated on order-events; acknowledged
# for OpenAPI; old subscribers of OrderCreated rely on the address: an AsyncAPI FORWARD break).
OPTIONAL = "contract-field-optionality-changed"
SYMBOL = "contract-enum-symbol-added"
FORWARD_BREAKS = [
    ("food.order.Order.delivery_address", OPTIONAL, "asyncapi", "forward"),
    ("food.order.Order.delivery_address", OPTIONAL, "avro", "forward"),
    ("food.order.Order.delivery_address", OPTIONAL, "jsonschema", "forward"),
]
BACKWARD_ENUM = [("food.delivery.DeliveryState.CANCELLED", SYMBOL, "openapi", "backward")]
STALE = [("food.order.Order.delivery_address", "ack-stale", "stele", "backward")]


def _example(tmp_path: Path, compat: str) -> Path:
    project = copy_project(tmp_path / "p")
    drop_cancelled_ack(project)
    with (project / "stele.yaml").open("a", encoding="utf-8") as out:
        out.write(compat)
    return project


def _line_of(project: Path, text: str) -> int:
    """The 1-based line of stele.yaml that holds `text` (the appended compat section's keys)."""
    lines = (project / "stele.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def _all(project: Path, *args: str) -> tuple[str, list[tuple[str, str, str, str]]]:
    code, out = run(
        ["check", "--config", str(project / "stele.yaml"), "--no-verify", "-o", "json", *args]
    )
    assert code in (0, 1), out
    doc = json.loads(out)
    return doc["mode"], _verdicts(doc)


def test_a_channel_in_full_mode_checks_forward_for_the_messages_it_carries(tmp_path: Path) -> None:
    project = _example(tmp_path, "compat:\n  channels:\n    food.order.order-events: full\n")
    assert _all(project) == ("FULL", sorted(BACKWARD_ENUM + FORWARD_BREAKS))
    _, out = run(["check", "--config", str(project / "stele.yaml"), "--no-verify", "-o", "json"])
    assert json.loads(out)["modes"] == {
        "project": "BACKWARD",
        "channels": {"food.order.order-events": "FULL"},
        "messages": {},
    }


def test_a_message_overrides_its_channel(tmp_path: Path) -> None:
    project = _example(
        tmp_path,
        "compat:\n  mode: backward\n  channels:\n    food.order.order-events: full\n"
        "  messages:\n    food.order.OrderCreated: backward\n",
    )
    # Order is held by OrderCreated alone among the events of order-events: BACKWARD.
    assert _all(project) == ("FULL", BACKWARD_ENUM)


def test_a_type_shared_by_messages_answers_to_all_their_modes(tmp_path: Path) -> None:
    project = _example(
        tmp_path,
        "compat:\n  mode: backward\n  messages:\n    food.order.OrderCreated: forward\n",
    )
    # Order is in OrderCreated (FORWARD) and in HTTP responses (the project's BACKWARD).
    assert _all(project) == ("FULL", sorted(BACKWARD_ENUM + FORWARD_BREAKS))


def test_the_project_mode_applies_to_what_no_override_names(tmp_path: Path) -> None:
    project = _example(tmp_path, "compat:\n  mode: forward\n")
    mode, found = _all(project)
    # No backward verdict; the acknowledgements excuse backward breaks, which FORWARD does not
    # check: stale.
    assert mode == "FORWARD"
    assert [f for f in found if f[0] == "food.order.Order.delivery_address"] == sorted(
        FORWARD_BREAKS + STALE
    )
    assert [f for f in found if f[3] == "backward" and f[1] != "ack-stale"] == []


def test_mode_none_for_the_project_and_full_for_a_channel(tmp_path: Path) -> None:
    project = _example(
        tmp_path, "compat:\n  mode: none\n  channels:\n    food.order.order-events: full\n"
    )
    assert _all(project) == ("FULL", FORWARD_BREAKS)


def test_the_mode_option_overrides_stele_yaml(tmp_path: Path) -> None:
    project = _example(tmp_path, "compat:\n  channels:\n    food.order.order-events: full\n")
    assert _all(project, "--mode", "backward") == ("BACKWARD", BACKWARD_ENUM)


def test_an_unknown_channel_or_message_is_k022_at_its_key(tmp_path: Path) -> None:
    project = _example(
        tmp_path,
        "compat:\n  channels:\n    food.order.order-event: full\n"
        "  messages:\n    food.order.OrderCreatd: full\n",
    )
    code, out = run(["check", "--config", str(project / "stele.yaml"), "--no-verify"])
    assert code == 2
    assert out.splitlines() == [
        f"stele.yaml:{_line_of(project, 'order-event:')}:5: error K022 compat channels names "
        "'food.order.order-event', which is "
        "no channel of the project",
        "    hint: did you mean 'food.order.order-events'?",
        f"stele.yaml:{_line_of(project, 'OrderCreatd:')}:5: error K022 compat messages names "
        "'food.order.OrderCreatd', which is "
        "no message of the project",
        "    hint: did you mean 'food.order.OrderCreated'?",
    ]


def test_a_malformed_compat_section_is_c007(tmp_path: Path) -> None:
    project = _example(tmp_path, "compat:\n  mode: sideways\n")
    code, out = run(["check", "--config", str(project / "stele.yaml"), "--no-verify"])
    assert code == 2
    assert out.splitlines()[0] == (
        f"stele.yaml:{_line_of(project, 'sideways')}:9: error C007 compat mode must be one of "
        "backward, backward_transitive, "
        "forward, forward_transitive, full, full_transitive, none"
    )


@pytest.mark.usefixtures("stele_cache")
def test_the_check_cache_is_keyed_by_the_modes_and_policies(tmp_path: Path) -> None:
    project = _example(tmp_path, "")
    config = project / "stele.yaml"
    base = config.read_text(encoding="utf-8")
    seen = []
    for extra in (
        "",
        "compat:\n  channels:\n    food.order.order-events: full\n",
        "compat:\n  channels:\n    food.order.order-events: forward\n",
        "compat:\n  channels:\n    food.order.order-events: forward\npolicies:\n  json: strict\n",
    ):
        config.write_text(base + extra, encoding="utf-8")
        seen.append(_all(project))
    entries = sorted((project / ".stele-cache" / "check").glob("*.json"))
    # Four settings, four entries: none of them is answered from another's findings.
    assert len(entries) == 4
    assert seen[0] == ("BACKWARD", BACKWARD_ENUM)
    assert seen[1] == ("FULL", sorted(BACKWARD_ENUM + FORWARD_BREAKS))
    assert seen[2] == ("FULL", sorted(BACKWARD_ENUM + FORWARD_BREAKS))
    # Rerunning a setting reads its entry and gives the same answer.
    config.write_text(base, encoding="utf-8")
    assert _all(project) == seen[0]
    assert len(sorted((project / ".stele-cache" / "check").glob("*.json"))) == 4


def test_a_cached_finding_is_the_finding_it_stored() -> None:
    """The check cache keeps a finding whole: its detail too, not only its rendered message."""
    from stele.compat.asyncapi.rules import CHANNEL_ADDRESS_CHANGED
    from stele.compat.check_cache import _dump, _load
    from stele.compat.model import Direction
    from stele.compat.project_check import ProjectFinding
    from stele.span import Span

    found = CHANNEL_ADDRESS_CHANGED.report(
        Direction.BACKWARD,
        "orders",
        Span("a.yaml", 3, 5),
        None,
        channel="orders",
        old="a",
        new="b",
    ).framed(after=" (x)")
    stored = ProjectFinding(found, "food.order.orders", "1.0.0")
    assert _load(json.loads(json.dumps(_dump(stored)))) == stored
