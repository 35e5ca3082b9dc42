"""OpenAPI findings of a run on swapped documents, told back in the documents' order.

The FORWARD check runs the BACKWARD rules with the documents swapped (`OpenApiChecker.check`),
and a callback is judged with the documents swapped (`exchange.callbacks`). A finding of such a
run keeps its rule, but its words describe the change from the new document to the old one (a
value the new version removed reads "enum values added"). `told_back` renders its message again
for the change from the old document to the new one: the old and new values swapped, a JSON
Schema cause told by its twin rule (added and removed, increased and decreased, narrowed and
widened), an OpenAPI template by its told-back variant (`told_back_words`). Told back twice, a
finding is told as it was. A cause without a twin is framed instead: `GOING_BACK` says which way
its words run.
"""

from __future__ import annotations

import dataclasses

from stele.compat.jsonschema.rules import RULES_BY_ID as JSON_RULES
from stele.compat.model import CAUSE, CAUSE_RULE, FRAME_AFTER, FRAME_BEFORE, VARIANT, Finding
from stele.compat.openapi.rules import RULES
from stele.compat.openapi.told_back_words import BACK

GOING_BACK = "going back from the new version to the old one: "

_API_RULES = {rule.id: rule for rule in RULES}
_OPPOSITES = (
    ("-added-to-", "-removed-from-"),
    ("-added", "-removed"),
    ("-increased", "-decreased"),
    ("-narrowed", "-widened"),
    ("-closed", "-opened"),
)
# Variants that tell each other's change (with the values swapped): rule -> variant pairs.
PAIRED: dict[str, tuple[tuple[str, str], ...]] = {
    "json-type-narrowed": (("rejects-all", "accepts-now"),),
    "json-pattern-properties-changed": (("added", "removed"),),
    "json-content-encoding-changed": (("added", "removed"),),
    "json-content-media-type-changed": (("added", "removed"),),
    "openapi-parameter-default-changed": (("added", "removed"),),
}
# JSON Schema rules whose words name only the values: told back by swapping them.
SYMMETRIC = frozenset(
    {
        "json-type-changed",
        "json-const-changed",
        "json-multiple-of-changed",
        "json-pattern-changed",
        "json-format-changed",
        "json-contains-count-changed",
        "json-not-changed",
        "json-conditional-changed",
        "json-ref-unresolved",
        "json-content-encoding-changed",
        "json-content-media-type-changed",
        "json-pattern-properties-changed",
    }
)


def json_twin(rule_id: str) -> str | None:
    """The JSON Schema rule that tells the opposite change (itself for a symmetric one), or None
    where there is none (a schema file removed: nothing reports one added)."""
    if rule_id in SYMMETRIC:
        return rule_id
    for one, other in _OPPOSITES:
        for a, b in ((one, other), (other, one)):
            if a in rule_id:
                twin = rule_id.replace(a, b, 1)
                if twin in JSON_RULES:
                    return twin
    return None


def _paired(rule_id: str, variant: str) -> str | None:
    for a, b in PAIRED.get(rule_id, ()):
        if variant in (a, b):
            return b if variant == a else a
    return None


def _api_variant(rule_id: str, variant: str) -> str:
    """The variant of an OpenAPI rule that tells the finding back."""
    paired = _paired(rule_id, variant)
    if paired is not None:
        return paired
    if variant == BACK or variant.startswith(f"{BACK}-"):
        return variant.removeprefix(BACK).removeprefix("-")
    back = f"{BACK}-{variant}" if variant else BACK
    return back if back in _API_RULES[rule_id].messages else variant


def told_back(f: Finding) -> Finding:
    """`f`, a finding of a run on swapped documents, told in the documents' order (its
    locations are the caller's to swap)."""
    if f.rule not in _API_RULES:
        return f
    detail = dict(f.detail)
    old, new = detail.pop("old", None), detail.pop("new", None)
    detail.update({k: v for k, v in (("old", new), ("new", old)) if v is not None})
    variant = detail.pop(VARIANT, "")
    cause = detail.get(CAUSE_RULE)
    if cause is None:
        variant = _api_variant(f.rule, variant)
    else:
        twin = json_twin(cause)
        if twin is None:
            before = detail.get(FRAME_BEFORE, "")
            turned = before.replace(GOING_BACK, "", 1)
            detail[FRAME_BEFORE] = turned if turned != before else before + GOING_BACK
        else:
            detail[CAUSE_RULE] = twin
            variant = _paired(cause, variant) or _paired(twin, variant) or variant
    if variant:
        detail[VARIANT] = variant
    values = dict(detail)
    if cause is None:
        text = _API_RULES[f.rule].messages[variant].format(**values)
    else:
        said = JSON_RULES[detail[CAUSE_RULE]].messages[variant].format(**values)
        text = _API_RULES[f.rule].messages[""].format(**{**values, CAUSE: said})
    message = f"{detail.get(FRAME_BEFORE, '')}{text}{detail.get(FRAME_AFTER, '')}"
    return dataclasses.replace(f, message=message, detail=tuple(sorted(detail.items())))
