"""Acknowledged breaks: an acknowledged break passes; stale and expired acknowledgements are
errors located at the acknowledgement."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest

from stele.cli.init import init_project
from stele.compat.acks import AckFinding, apply_acks, expiry
from stele.compat.model import Direction, Finding, Mode
from stele.compat.project_check import ProjectFinding, Side, check_sides, open_side
from stele.diagnostics import Severity
from stele.ir import Ack, Span
from stele.lock import dump_lock
from stele.source.config_reader import read_config

TODAY = datetime.date(2026, 11, 25)
CONTRACT = "contracts/example.yaml"
RULE = "openapi-response-property-removed"


def _project(root: Path, acknowledge: str = "", remove_sender: bool = False) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    init_project(root)
    path = root / CONTRACT
    text = path.read_text(encoding="utf-8")
    if remove_sender:
        text = text.replace("      sender: string\n", "").replace("          sender: ada\n", "")
    if acknowledge:
        anchor = "    doc: A greeting from one person to another.\n"
        text = text.replace(anchor, anchor + acknowledge)
    path.write_text(text, encoding="utf-8")
    return root


def _side(label: str, root: Path, lock: str | None = None) -> Side:
    config = read_config(root / "stele.yaml")
    if lock is not None:
        config.lock_path.parent.mkdir(parents=True, exist_ok=True)
        config.lock_path.write_text(lock, encoding="utf-8")
    return open_side(label, config)


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> Side:
    return _side("1.0.0", _project(tmp_path_factory.mktemp("old")))


def _check(old: Side, tmp: Path, acknowledge: str) -> tuple[Side, list[ProjectFinding]]:
    """The new side (sender removed from Greeting) and its located findings."""
    new = _side(
        "working tree",
        _project(tmp, acknowledge, remove_sender=True),
        dump_lock(old.workspace.lock),
    )
    # One format keeps the test about acknowledgements, not about what each checker reports.
    return new, check_sides(old, new, Mode.BACKWARD, ("openapi",)).findings


def _ack(rule: str = RULE, expires: str = "") -> str:
    line = f"      - {{rule: {rule}, reason: no client reads the sender"
    return "    acknowledge:\n" + line + (f", expires: '{expires}'" if expires else "") + "}\n"


def _located(problem: AckFinding) -> tuple[str, str, str]:
    return (problem.finding.rule, str(problem.finding.new), problem.finding.message)


def test_the_break_is_found_without_an_acknowledgement(old: Side, tmp_path: Path) -> None:
    new, findings = _check(old, tmp_path, "")
    assert [(pf.finding.rule, pf.element, str(pf.finding.new)) for pf in findings] == [
        (RULE, "example.greeting.Greeting.sender", f"{CONTRACT}:5:3")
    ]
    kept, acknowledged, problems = apply_acks(new.workspace.project, findings, TODAY, ["1.0.0"])
    assert (kept, acknowledged, problems) == (findings, [], [])


def test_an_acknowledged_break_passes(old: Side, tmp_path: Path) -> None:
    new, findings = _check(old, tmp_path, _ack(expires="2027-01-31"))
    kept, acknowledged, problems = apply_acks(new.workspace.project, findings, TODAY, ["1.0.0"])
    assert kept == []
    assert problems == []
    assert [(a.finding, a.site.element, a.site.ack.rule) for a in acknowledged] == [
        (findings[0], "example.greeting.Greeting", RULE)
    ]


def test_an_acknowledgement_past_its_date_has_expired(old: Side, tmp_path: Path) -> None:
    new, findings = _check(old, tmp_path, _ack(expires="2026-11-24"))
    kept, acknowledged, problems = apply_acks(new.workspace.project, findings, TODAY, ["1.0.0"])
    assert kept == findings
    assert acknowledged == []
    assert [_located(p) for p in problems] == [
        (
            "ack-expired",
            f"{CONTRACT}:8:9",
            f"acknowledgement of {RULE} at example.greeting.Greeting no longer applies: "
            "it expired on 2026-11-24",
        )
    ]
    assert problems[0].severity is Severity.ERROR


def test_an_acknowledgement_until_a_released_version_has_expired(old: Side, tmp_path: Path) -> None:
    new, findings = _check(old, tmp_path, _ack(expires="1.1.0"))
    kept, _, problems = apply_acks(new.workspace.project, findings, TODAY, ["1.2.0", "1.0.0"])
    assert kept == findings
    assert [_located(p) for p in problems] == [
        (
            "ack-expired",
            f"{CONTRACT}:8:9",
            f"acknowledgement of {RULE} at example.greeting.Greeting no longer applies: "
            "version 1.2.0 has been released",
        )
    ]
    # Before that release it still applies.
    kept, acknowledged, problems = apply_acks(new.workspace.project, findings, TODAY, ["1.0.0"])
    assert (kept, len(acknowledged), problems) == ([], 1, [])


def test_an_acknowledgement_that_matches_nothing_is_stale(old: Side, tmp_path: Path) -> None:
    new, findings = _check(old, tmp_path, _ack(rule="proto-field-removed"))
    kept, acknowledged, problems = apply_acks(new.workspace.project, findings, TODAY, [])
    assert kept == findings
    assert acknowledged == []
    assert [_located(p) for p in problems] == [
        (
            "ack-stale",
            f"{CONTRACT}:8:9",
            "acknowledgement of proto-field-removed at example.greeting.Greeting matches no "
            "finding; remove it",
        )
    ]
    # A format that was not checked cannot make its acknowledgements stale.
    _, _, problems = apply_acks(new.workspace.project, findings, TODAY, [], {"openapi"})
    assert problems == []


@dataclass(frozen=True)
class _Located:
    finding: Finding
    element: str = ""


def test_a_field_acknowledgement_matches_by_span_and_covers_nothing_outside(
    old: Side, tmp_path: Path
) -> None:
    root = _project(tmp_path)
    path = root / CONTRACT
    text = path.read_text(encoding="utf-8").replace(
        "      text: {type: string, doc: What is said.}\n",
        "      text:\n        type: string\n        acknowledge: [{rule: proto-field-type-changed, reason: r}]\n",
    )
    path.write_text(text, encoding="utf-8")
    project = _side("new", root, dump_lock(old.workspace.lock)).workspace.project
    at_field = Span(CONTRACT, 10, 7)  # the `text:` key
    at_record = Span(CONTRACT, 5, 3)
    inside = _Located(
        Finding(
            "proto-field-type-changed",
            Severity.ERROR,
            Direction.BACKWARD,
            "protobuf",
            "m",
            new=at_field,
        )
    )
    outside = _Located(
        Finding(
            "proto-field-type-changed",
            Severity.ERROR,
            Direction.BACKWARD,
            "protobuf",
            "m",
            new=at_record,
        )
    )
    other_rule = _Located(
        Finding(
            "proto-field-removed", Severity.ERROR, Direction.BACKWARD, "protobuf", "m", new=at_field
        )
    )
    kept, acknowledged, problems = apply_acks(project, [inside, outside, other_rule], TODAY, [])
    assert kept == [outside, other_rule]
    assert [a.finding for a in acknowledged] == [inside]
    assert problems == []


def test_expiry_rules() -> None:
    span = Span(CONTRACT, 1, 1)
    assert expiry(Ack("r", "x", span), TODAY, ["9.0.0"]) is None
    assert expiry(Ack("r", "x", span, "2026-11-25"), TODAY, []) is None  # the last day applies
    assert expiry(Ack("r", "x", span, "2.0.0"), TODAY, ["1.9.9", "2.0.0-rc.1"]) is None
    assert (
        expiry(Ack("r", "x", span, "2.0.0"), TODAY, ["2.0.0"]) == "version 2.0.0 has been released"
    )
