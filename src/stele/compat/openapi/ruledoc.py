"""How an OpenAPI rule is written: its id prefix, its doc's sections, its oasdiff equivalent."""

from __future__ import annotations

from stele.compat.model import Direction, Rule
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
BOTH = (Direction.BACKWARD, Direction.FORWARD)
BACKWARD_ONLY = (Direction.BACKWARD,)


def _doc(flags: str, why: str, old: str, new: str, instead: str) -> str:
    return (
        f"## What it flags\n\n{flags}\n\n## Why it breaks\n\n{why}\n\n"
        f"## Example\n\nOld:\n\n```yaml\n{old}\n```\n\nNew:\n\n```yaml\n{new}\n```\n\n"
        f"## Instead\n\n{instead}\n"
    )


def _rule(
    rule_id: str,
    severity: Severity,
    summary: str,
    doc: str,
    oasdiff: str = "",
    directions: tuple[Direction, ...] = BOTH,
) -> Rule:
    equivalents = {"oasdiff": oasdiff} if oasdiff else {}
    return Rule(f"openapi-{rule_id}", "openapi", severity, summary, doc, directions, equivalents)
