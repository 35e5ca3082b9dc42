"""A position in a source file. Its own module: diagnostics need it, and importing the whole
intermediate representation (`stele.ir`, which re-exports it) cost every command that only
reports a position, `stele diff` among them, the creation of its two dozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """A position in a source file: 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


NO_SPAN = Span("<unknown>", 0, 0)
