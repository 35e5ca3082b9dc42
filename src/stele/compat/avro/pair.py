"""A matched pair: one reader element, one writer element, and where to report about them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from stele.compat.model import Direction, Finding, Rule
from stele.span import Span

R = TypeVar("R")
W = TypeVar("W")


@dataclass(frozen=True)
class Pair(Generic[R, W]):
    """One reader element matched with one writer element, and where to report about them."""

    reader: R
    writer: W
    direction: Direction
    subject: str
    reader_loc: Span | None
    writer_loc: Span | None

    @property
    def reader_is_new(self) -> bool:
        return self.direction is Direction.BACKWARD

    @property
    def consequence(self) -> str:
        if self.reader_is_new:
            return "readers on the new schema cannot read data written with the old one"
        return "readers on the old schema cannot read data written with the new one"

    def old_new(self, reader_text: str, writer_text: str) -> tuple[str, str]:
        """Two descriptions of the reader and writer sides, as (old, new)."""
        if self.reader_is_new:
            return writer_text, reader_text
        return reader_text, writer_text

    def report(self, rule: Rule, variant: str = "", /, **values: str) -> Finding:
        """A finding of `rule` about the pair, its message rendered from the rule's template
        `variant` with `values` (`consequence` says who breaks, when the template asks)."""
        old, new = (
            (self.writer_loc, self.reader_loc)
            if self.reader_is_new
            else (self.reader_loc, self.writer_loc)
        )
        return rule.report(
            self.direction, self.subject, old, new, None, variant,
            consequence=self.consequence, **values,
        )  # fmt: skip
