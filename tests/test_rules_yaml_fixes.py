"""`stele rules ID` shows the fix in the contract YAML first, before the artifact's terms."""

from __future__ import annotations

import textwrap

import pytest
from _check_helpers import run

from stele.compat.catalogue import every_rule
from stele.compat.model import Rule
from stele.compat.yaml_fixes import FIXES
from stele.diagnostics import Severity
from stele.source.yaml_nodes import YMap, parse_yaml

RULES = every_rule()
CONTRACT_RULES = [r for r in RULES.values() if r.format == "contract"]


@pytest.mark.parametrize("rule", CONTRACT_RULES, ids=lambda r: r.id)
def test_every_contract_rule_that_breaks_shows_yaml_first(rule: Rule) -> None:
    rule_id = rule.id
    code, out = run(["rules", rule_id])
    assert code == 0
    if rule.severity is Severity.INFO and rule_id not in FIXES:
        assert "## In the contract YAML" not in out
        return
    section = out.index("## In the contract YAML")
    assert section < out.index("## What it flags")
    assert f"`acknowledge: [{{rule: {rule_id}, reason: ...}}]`" in out


@pytest.mark.parametrize(
    ("rule_id", "expected"),
    [
        ("contract-field-removed", 'note: {type: string?, deprecated: "use customer_note"}'),
        ("contract-field-added", "country: {type: string, default: DE}"),
        ("contract-enum-symbol-added", "default: APPROVAL_PENDING"),
        ("contract-type-reservation-removed", "reserved: [7, 9-11, old_state]"),
        ("avro-field-removed-without-default", 'deprecated: "use customer_note"'),
        ("avro-field-renamed-read-as-default", "renamed_from: [note]"),
        ("proto-field-number-changed", "the lock keeps 2"),
        ("proto-reserved-range-removed", "reserved: [7, 9-11, old_state]"),
        ("json-required-added", "region: string?"),
        ("openapi-request-property-became-required", "region: string?"),
    ],
)
def test_the_common_rules_show_their_own_yaml_fix(rule_id: str, expected: str) -> None:
    code, out = run(["rules", rule_id])
    assert code == 0
    fix = out[out.index("## In the contract YAML") : out.index("## What it flags")]
    assert expected in fix
    # Shown before the artifact's own example (.avsc JSON, .proto text).
    assert out.index(expected) < out.index("## Example")


def test_every_fix_names_a_rule_and_is_yaml() -> None:
    assert sorted(set(FIXES) - set(RULES)) == []
    for rule_id, (words, snippet) in FIXES.items():
        assert words.endswith("."), rule_id
        # Read as stele reads contracts (a syntax error raises S001).
        assert isinstance(parse_yaml(textwrap.dedent(snippet), rule_id), YMap), rule_id
