"""What a rule function knows: the pairing, the direction being checked and the category."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

from stele.compat.model import Direction, Finding, Location
from stele.compat.protobuf._pairing import Pair, Pairing
from stele.compat.protobuf.rules import RULES_BY_ID
from stele.diagnostics import Severity

# The category ladder, most lenient first: each category checks everything the previous does.
CATEGORIES = ("wire", "wire_json", "file")

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

    def reader_writer(self, pair: Pair[T]) -> tuple[T, T]:
        """BACKWARD: the new schema reads old data; FORWARD: the old schema reads new data."""
        return (pair.new, pair.old) if self.backward else (pair.old, pair.new)

    def report(
        self,
        rule_id: str,
        message: str,
        subject: str,
        old: Location | None,
        new: Location | None,
        severity: Severity | None = None,
    ) -> Iterator[Finding]:
        """A finding of `rule_id`, if the rule belongs to the selected category."""
        rule = RULES_BY_ID[rule_id]
        if self.category in rule.categories:
            yield rule.finding(self.direction, message, subject, old, new, severity)
