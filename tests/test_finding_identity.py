"""What makes two findings one: the rule, direction, subject and detail, never the message."""

from __future__ import annotations

import dataclasses

from stele.compat.model import Direction, Finding, Rule, sort_findings
from stele.diagnostics import Severity

RULE = Rule(
    "json-minimum-increased",
    "jsonschema",
    Severity.ERROR,
    "A minimum increased.",
    "",
    messages={"": "{keyword} changed from {old} to {new}"},
)
B = Direction.BACKWARD


def _found(subject: str, **values: str) -> Finding:
    return RULE.report(B, subject, None, None, None, "", **values)


def test_findings_that_say_the_same_are_one_whatever_their_text() -> None:
    found = _found("#/a", keyword="minimum", old="1", new="2")
    reworded = dataclasses.replace(found, message="minimum went from 1 to 2")
    assert len(sort_findings([found, reworded])) == 1


def test_findings_of_one_subject_that_say_different_things_stay_apart() -> None:
    low = _found("#/a", keyword="minContains", old="1", new="2")
    high = _found("#/a", keyword="maxContains", old="none", new="3")
    assert [f.message for f in sort_findings([high, low])] == [
        "maxContains changed from none to 3",
        "minContains changed from 1 to 2",
    ]


def test_the_fingerprint_of_a_finding_without_subject_is_its_detail() -> None:
    found = _found("", keyword="minimum", old="1", new="2")
    reworded = dataclasses.replace(found, message="minimum went from 1 to 2")
    other = _found("", keyword="minimum", old="1", new="3")
    assert found.fingerprint == reworded.fingerprint == "389eb724fed6e457"
    assert other.fingerprint != found.fingerprint


def test_the_fingerprint_of_a_finding_with_a_subject_is_unchanged_by_its_detail() -> None:
    found = _found("#/a", keyword="minimum", old="1", new="2")
    assert found.fingerprint == _found("#/a", keyword="minimum", old="5", new="9").fingerprint
    # sha256 of rule, format, direction and subject joined by \x1f: the fingerprint stele gave
    # before findings had a detail, so baselines keep matching.
    assert found.fingerprint == "8eaf32812acc095a"


def test_a_finding_without_detail_is_told_by_its_message() -> None:
    plain = RULE.finding(B, "minimum changed from 1 to 2")
    other = RULE.finding(B, "minimum changed from 1 to 3")
    assert len(sort_findings([plain, other])) == 2
