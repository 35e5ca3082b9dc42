"""The GraphQL compatibility checker: graphql-core's `find_breaking_changes` (errors) and
`find_dangerous_changes` (warnings), each change located in the SDL of both sides.

BACKWARD compares the old schema to the new one (clients of the old schema against the new
server); FORWARD compares the new schema to the old one (clients of the new schema against the
old server). The subject of a finding is the schema coordinate the change names.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from stele.compat.graphql.loading import SUFFIXES, load_schema
from stele.compat.graphql.rules import AS_DESCRIBED, BY_CHANGE, GOING_BACK, RULES
from stele.compat.handlers import handles
from stele.compat.model import Direction, Finding, Rule, sort_findings

_COORDINATE = re.compile(r"@?[_A-Za-z][_0-9A-Za-z]*(?:\.[_A-Za-z][_0-9A-Za-z]*)?(?:\(\w+:\))?")
_UNION = re.compile(r"(?:to|from) union type (\w+)")


def subject_of(description: str, places: list[dict[str, Any]]) -> str:
    """The schema coordinate a graphql-core change description names: the union for a member
    added or removed, else the most precise coordinate that either side declares."""
    union = _UNION.search(description)
    if union:
        return union.group(1)
    found = [m.group(0) for m in _COORDINATE.finditer(description)]
    known = [c for c in found if any(c in p for p in places)]
    return max(known, key=len) if known else ""


_NAME = "[_A-Za-z][_0-9A-Za-z]*"  # a GraphQL name; `old` and `new` values are anything else
_FIELD = re.compile(r"\{(\w+)\}")


@functools.cache
def _pattern(template: str) -> re.Pattern[str]:
    """The regular expression a template's rendering matches, one named group per value."""
    parts = _FIELD.split(template)
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(re.escape(part))
        else:
            out.append(f"(?P<{part}>{'.+?' if part in ('old', 'new') else _NAME})")
    return re.compile("".join(out))


def described(rule: Rule, description: str) -> tuple[str, dict[str, str]]:
    """The variant of `rule`'s message catalogue that renders graphql-core's `description`,
    and the values it renders it from (the type, field, argument, old and new values): the
    template that matches it and renders it back unchanged, else the description as it is."""
    for variant, template in rule.messages.items():
        if variant == AS_DESCRIBED:
            continue
        match = _pattern(template).fullmatch(description)
        if match and template.format(**match.groupdict()) == description:
            return variant, match.groupdict()
    return AS_DESCRIBED, {"description": description}


class GraphqlChecker:
    format = "graphql"

    def load(self, files: dict[str, bytes]) -> Any:
        sdl = {p: d for p, d in files.items() if p.endswith(SUFFIXES) or len(files) == 1}
        return load_schema(sdl)

    @handles(*RULES)
    def check(self, old: Any, new: Any, direction: Direction) -> list[Finding]:
        from graphql import find_breaking_changes, find_dangerous_changes

        if old is None or new is None:
            return []
        before, after = (old, new) if direction is Direction.BACKWARD else (new, old)
        changes: list[Any] = [
            *find_breaking_changes(before.schema, after.schema),
            *find_dangerous_changes(before.schema, after.schema),
        ]
        findings = []
        for change in changes:
            if change.description.startswith("Standard scalar"):
                continue  # every server has Int, String, ...: no client notices it unused
            rule = BY_CHANGE[change.type.name]
            subject = subject_of(change.description, [old.places, new.places])
            variant, values = described(rule, change.description)
            found = rule.report(
                direction,
                subject,
                old.places.get(subject),
                new.places.get(subject),
                None,
                variant,
                change=change.type.name,
                **values,
            )
            if direction is Direction.FORWARD:
                found = found.framed(before=GOING_BACK)
            findings.append(found)
        return sort_findings(findings)


CHECKER = GraphqlChecker()
