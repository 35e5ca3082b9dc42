"""How an OpenAPI rule is written: its id prefix, its doc's sections, its oasdiff equivalent."""

from __future__ import annotations

from stele.compat.model import Direction, Rule
from stele.compat.openapi.told_back_words import TOLD_BACK
from stele.compat.ruledoc import doc, old_new
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
BOTH = (Direction.BACKWARD, Direction.FORWARD)
BACKWARD_ONLY = (Direction.BACKWARD,)


def _doc(flags: str, why: str, old: str, new: str, instead: str) -> str:
    return doc(flags, why, old_new("yaml", old, new), instead)


# A JSON Schema finding told in API terms (`schemas.compare`): `cause` is the JSON Schema
# finding's message (its rule `cause_rule`), `at` where below the compared schema; the operation
# or the shared definition frames it.
JSON_SCHEMA_TOLD = {"": "{cause}{at}"}
MEDIA_TYPE_REMOVED = {"": "media type {media} of the {what} removed"}


def _rule(
    rule_id: str,
    severity: Severity,
    summary: str,
    doc: str,
    oasdiff: str = "",
    directions: tuple[Direction, ...] = BOTH,
    messages: dict[str, str] | None = None,
) -> Rule:
    equivalents = {"oasdiff": oasdiff} if oasdiff else {}
    rule_id = f"openapi-{rule_id}"
    # The rule's words for a finding of a run on swapped documents, told back (`told_back`).
    messages = {**(messages or {}), **TOLD_BACK.get(rule_id, {})}
    return Rule(
        rule_id,
        "openapi",
        severity,
        summary,
        doc,
        directions,
        equivalents,
        messages=messages,
    )
