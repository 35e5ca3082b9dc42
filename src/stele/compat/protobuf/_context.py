"""What a rule function knows: the pairing, the direction being checked and the category."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from stele.compat.model import Direction, Finding
from stele.compat.protobuf._decls import Path
from stele.compat.protobuf._pairing import Pair, Pairing
from stele.compat.protobuf.rules import RULES_BY_ID
from stele.config_keys import PROTOBUF_CATEGORIES
from stele.diagnostics import Severity
from stele.span import Span

CATEGORIES = PROTOBUF_CATEGORIES  # the ladder, most lenient first (stele.config_keys)

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    pairing: Pairing
    direction: Direction
    category: str

    @property
    def backward(self) -> bool:
        return self.direction is Direction.BACKWARD

    def at_least(self, category: str) -> bool:
        return CATEGORIES.index(self.category) >= CATEGORIES.index(category)

    @property
    def code(self) -> bool:
        """Generated code must keep compiling (`package` and `file`)."""
        return self.at_least("package")

    def at(self, side: str, decl: Any, *subs: Path) -> Span:
        """Where a part of `decl` (a sub-path of its source path: a type, an option) is, in the
        `side` ("old" or "new") schema; the declaration itself when the part is not written."""
        schema = self.pairing.new if side == "new" else self.pairing.old
        found = schema.at(decl.location.path, *((*decl.path, *sub) for sub in subs))
        return found if found is not None else decl.location

    def pair_at(self, pair: Any, *subs: Path) -> tuple[Span, Span]:
        return self.at("old", pair.old, *subs), self.at("new", pair.new, *subs)

    def reader_writer(self, pair: Pair[T]) -> tuple[T, T]:
        """BACKWARD: the new schema reads old data; FORWARD: the old schema reads new data."""
        return (pair.new, pair.old) if self.backward else (pair.old, pair.new)

    def report(
        self,
        rule_id: str,
        subject: str,
        old: Span | None,
        new: Span | None,
        severity: Severity | None = None,
        variant: str = "",
        /,
        **values: str,
    ) -> Iterator[Finding]:
        """A finding of `rule_id` whose message its record's template `variant` renders from
        `values` (its detail), if the rule belongs to the selected category."""
        rule = RULES_BY_ID[rule_id]
        if self.category in rule.categories:
            yield rule.report(self.direction, subject, old, new, severity, variant, **values)
