"""A verdict: a contract change judged for one format and direction, its reason rendered by the
change kind's rule record (`kinds.RULES`) from the judge's read (`context.Read`): the template
of the phrase book the read names, and its values."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.context import Read
from stele.compat.contract.kinds import contract_rules, rule_id
from stele.compat.model import Direction
from stele.diagnostics import Severity

_RULES = contract_rules()
HINT = "contract.rename-hint"  # the template of a rename hint, told after a reason


@dataclass(frozen=True)
class Verdict:
    change: ContractChange
    format: str  # protobuf | avro | jsonschema | openapi | asyncapi
    direction: Direction
    severity: Severity | None  # None = ok
    rule: str  # the contract-level rule id (`stele rules ID`)
    reason: str  # who breaks and how, in the YAML's terms: rendered from the rule's template
    # What the reason says, as data (`Finding.detail`): the values its template was rendered
    # from, the template's key (`variant`) and a rename hint's frame (`frame_after`). Not
    # compared: two verdicts with the same reason say the same.
    detail: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def value(self, key: str) -> str | None:
        """A value of the detail, or None."""
        return next((v for k, v in self.detail if k == key), None)

    def to_json(self) -> dict[str, object]:
        return {
            **self.change.to_json(),
            "format": self.format,
            "direction": self.direction.value,
            "severity": self.severity.value if self.severity else "ok",
            "rule": self.rule,
            "reason": self.reason,
        }


def verdict(
    change: ContractChange,
    fmt: str,
    direction: Direction,
    found: Read,
    hint: Mapping[str, str] | None = None,
) -> Verdict:
    """The verdict of a read: its reason is rendered by the change kind's rule record from the
    read's template and values (with the change's element, old and new values), and a rename
    hint is told after it as a frame, rendered from `contract.rename-hint`."""
    rule = _RULES[rule_id(change.kind)]
    values = {"element": change.element, **_old_new(change), **dict(found.values)}
    said = rule.report(direction, change.element, None, None, None, found.phrase, **values)
    if hint:
        said = dataclasses.replace(
            said, detail=tuple(sorted({**dict(said.detail), **hint}.items()))
        )
        said = said.framed(after=rule.messages[HINT].format(**hint))
    return Verdict(change, fmt, direction, found.severity, rule.id, said.message, said.detail)


def _old_new(change: ContractChange) -> dict[str, str]:
    values = {"old": change.old, "new": change.new}
    return {k: v for k, v in values.items() if v is not None}
