"""`stele explain RULE`: a compatibility rule of the catalogue (artifact or contract-level), as
`stele explain CODE` explains a diagnostic code. The whole reference text is `stele rules ID`'s
(docs/rules.md); this is the same record, led by what a reader of a finding asks first: what
it flags, how severe it is in each direction, and its equivalents in other tools."""

from __future__ import annotations

from typing import Any

from stele.compat.catalogue import EQUIVALENT_TOOLS, checked_by, every_rule
from stele.compat.model import Direction, Rule
from stele.compat.yaml_fixes import yaml_fix

# The rules that are no catalogue record: `stele check`'s own warnings about its opinions.
CHECK_RULES = ("opinions-disagree", "verify-contradiction")


def rule_ids() -> list[str]:
    return [*every_rule(), *CHECK_RULES]


def severities(rule: Rule) -> dict[str, str]:
    """The rule's severity in each direction it judges; a direction it does not judge is
    `not judged`. A contract-level rule's severity is the worst any format's judge gives."""
    return {
        d.value: rule.severity.value if d in rule.directions else "not judged" for d in Direction
    }


def equivalents(rule: Rule) -> list[str]:
    return [
        f"{tool} {rule.equivalents[tool]}" for tool in EQUIVALENT_TOOLS if tool in rule.equivalents
    ]


def rule_text(rule_id: str) -> str:
    """What `stele explain RULE` prints for a rule of the catalogue, or for one of
    `CHECK_RULES` its `stele rules ID` text."""
    if rule_id in CHECK_RULES:
        # start-up: imported when the command runs (stele.cli.lazy)
        from stele.cli.compat import OPINIONS_DOC, VERIFY_DOC

        return OPINIONS_DOC if rule_id == "opinions-disagree" else VERIFY_DOC
    rule = every_rule()[rule_id]
    by_direction = ", ".join(f"{d} {s}" for d, s in severities(rule).items())
    worst = " (the worst any format gives; each format and direction has its own verdict)"
    lines = [
        f"{rule.id}: {rule.summary}",
        f"compatibility rule, format {rule.format}",
        f"severity: {by_direction}{worst if rule.format == 'contract' else ''}",
        f"equivalents: {', '.join(equivalents(rule)) or 'none'}",
        f"checked by: {', '.join(checked_by(rule.id))}",
    ]
    fix = yaml_fix(rule)
    lines += ["", *([fix.strip(), ""] if fix else []), rule.doc.strip(), ""]
    lines.append(f"docs/rules.md#{rule.id}")
    return "\n".join(lines) + "\n"


def rule_json(rule_id: str) -> dict[str, Any]:
    if rule_id in CHECK_RULES:
        return {"rule": rule_id, "doc": rule_text(rule_id)}
    rule = every_rule()[rule_id]
    return {
        "rule": rule.id,
        "format": rule.format,
        "summary": rule.summary,
        "severity": rule.severity.value,
        "severity_by_direction": severities(rule),
        "equivalents": {t: rule.equivalents[t] for t in EQUIVALENT_TOOLS if t in rule.equivalents},
        "checked_by": list(checked_by(rule.id)),
        "doc": rule.doc.strip(),
    }
