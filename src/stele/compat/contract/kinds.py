"""The catalogue of contract change kinds, which is also the catalogue of contract-level rules.

Each kind of change `K` found by the contract diff is judged under the rule `contract-K`; the
verdict's severity depends on the format and direction (the rule's severity is the worst any
format gives). Rules are data: `stele rules contract-field-type-changed` prints one, and
`docs/rules.md` lists them all (generated).
"""

from __future__ import annotations

from stele.compat.contract.kinds_data import DATA_KINDS, Kind
from stele.compat.contract.kinds_exchange import EXCHANGE_KINDS
from stele.compat.contract.phrases import PHRASES
from stele.compat.model import Direction, Rule
from stele.compat.ruledoc import doc, fenced

FORMAT = "contract"
PREFIX = "contract-"

# The kinds by family, each a row: kind, worst severity, summary, why it breaks (or why not),
# the change, what to do instead.
_KINDS: tuple[Kind, ...] = (*DATA_KINDS, *EXCHANGE_KINDS)

KINDS: dict[str, str] = {kind: summary for kind, _, summary, _, _, _ in _KINDS}


def rule_id(kind: str) -> str:
    return PREFIX + kind


def _doc(kind: str, why: str, bad: str, good: str) -> str:
    return doc(
        f"The contract diff found a `{kind}` change in the YAML.",
        f"{why} The verdict of each format and direction says who breaks and how.",
        fenced("yaml", bad),
        fenced("yaml", good) if "\n" in good or good.startswith(" ") else good,
    )


RULES: tuple[Rule, ...] = tuple(
    Rule(
        id=rule_id(kind),
        format=FORMAT,
        severity=severity,
        summary=summary,
        doc=_doc(kind, why, bad, good),
        directions=(Direction.BACKWARD, Direction.FORWARD),
        # The verdicts' reasons: the phrase book the judges of every kind share (`phrases`).
        messages=PHRASES,
    )
    for kind, severity, summary, why, bad, good in _KINDS
)


def contract_rules() -> dict[str, Rule]:
    return {r.id: r for r in sorted(RULES, key=lambda r: r.id)}
