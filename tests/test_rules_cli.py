"""`stele rules`: the catalogue, one rule's doc, did-you-mean, and docs/rules.md kept fresh."""

from __future__ import annotations

import json

from _check_helpers import ROOT, run

from stele.compat.catalogue import every_rule, render_reference, render_rule


def test_rules_lists_every_rule_once() -> None:
    code, out = run(["rules"])
    rules = every_rule()
    lines = out.splitlines()
    assert code == 0
    assert [line.split()[0] for line in lines[:-1]] == list(rules)
    assert lines[-1] == f"{len(rules)} rules"
    first = next(iter(rules.values()))
    assert lines[0].split()[1:3] == [first.format, first.severity.value]
    assert lines[0].endswith(first.summary)


def test_rules_json() -> None:
    code, out = run(["rules", "--output", "json"])
    doc = json.loads(out)
    assert code == 0
    assert [r["id"] for r in doc["rules"]] == list(every_rule())


def test_one_rule_prints_its_doc() -> None:
    rule = next(iter(every_rule().values()))
    assert run(["rules", rule.id]) == (0, render_rule(rule))


def test_unknown_rule_suggests_the_closest() -> None:
    rule_id = next(iter(every_rule()))
    code, out = run(["rules", rule_id[:-1] + "x"])
    assert code == 2
    assert f"K030 unknown rule '{rule_id[:-1]}x'" in out
    assert f"did you mean '{rule_id}'?" in out


def test_markdown_is_docs_rules_md() -> None:
    code, out = run(["rules", "--markdown"])
    assert (code, out) == (0, render_reference())


def test_docs_rules_md_is_not_stale() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert text == render_reference(), (
        "docs/rules.md is stale: run `stele rules --markdown > docs/rules.md`"
    )


def test_contract_rules_are_listed_and_documented() -> None:
    from stele.compat.contract.kinds import contract_rules

    rule = contract_rules()["contract-field-type-changed"]
    assert run(["rules", "contract-field-type-changed"]) == (0, render_rule(rule))
    code, out = run(["rules"])
    assert code == 0 and "contract-field-type-changed" in [
        line.split()[0] for line in out.splitlines()
    ]
