"""A matched pair: one reader element, one writer element, and where to report about them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from stele.compat.model import Direction, Finding, Location, Rule

R = TypeVar("R")
W = TypeVar("W")


@dataclass(frozen=True)
class Pair(Generic[R, W]):
    """One reader element matched with one writer element, and where to report about them."""

    reader: R
    writer: W
    direction: Direction
    subject: str
    reader_loc: Location | None
    writer_loc: Location | None

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

    def finding(self, rule: Rule, message: str) -> Finding:
        old, new = (
            (self.writer_loc, self.reader_loc)
            if self.reader_is_new
            else (self.reader_loc, self.writer_loc)
        )
        return rule.finding(self.direction, message, self.subject, old, new)
