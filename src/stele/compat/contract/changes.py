"""A contract change: one changed attribute of one element, and how its values are spelled.

`diff.diff_projects` finds the changes of two versions of a project. Each carries the old and new
values in the YAML's own spelling (the functions below) and the element's span on each side:
located by construction, never by matching a name found in an artifact.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from stele.ir import Enum, Field, Header, NamedType, Record, Span, type_text


@dataclass(frozen=True)
class ContractChange:
    """One changed attribute of one contract element."""

    element: str  # the new qualified name when the element exists on the new side, else the old
    kind: str  # what changed, kebab-case: a key of `kinds.KINDS`
    old: str | None  # the old value in the YAML's spelling (None when there was none)
    new: str | None
    old_span: Span | None  # where the element is written in the old YAML (None when added)
    new_span: Span | None  # where it is written in the new YAML (None when removed)
    detail: Mapping[str, object] = field(default_factory=dict, hash=False)

    @property
    def span(self) -> Span:
        """Where a report shows the change: the new place, else the old one."""
        found = self.new_span or self.old_span
        assert found is not None, self
        return found

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.element, self.kind, self.old or "", self.new or "")

    def to_json(self) -> dict[str, object]:
        def place(span: Span | None) -> dict[str, object] | None:
            if span is None:
                return None
            return span.to_json()

        return {
            "element": self.element,
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "old_span": place(self.old_span),
            "new_span": place(self.new_span),
            "detail": {k: _jsonable(v) for k, v in sorted(self.detail.items())},
        }


def _jsonable(value: object) -> object:
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


# ---------------------------------------------------------------------------------------------
# Spelling values as the YAML writes them
# ---------------------------------------------------------------------------------------------


def field_type_text(f: Field) -> str:
    return type_text(f.type) + ("?" if f.optional else "")


def header_type_text(h: Header) -> str:
    return type_text(h.type) + ("" if h.required else "?")


def value_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), sort_keys=True)


def deprecated_text(reason: str | None) -> str | None:
    if reason is None:
        return None
    return f"deprecated: {reason}" if reason else "deprecated"


def type_kind(t: NamedType) -> str:
    return "record" if isinstance(t, Record) else "enum" if isinstance(t, Enum) else "union"


def relation_text(f: Field) -> str | None:
    if f.relation is None:
        return None
    return f"references {f.relation.target} as {f.relation.name}"
