"""A position in a file: the one position type of stele. Diagnostics, compatibility findings
(`Finding.old`/`new`) and report results (`Result.location`) all hold a `Span`. Its own module
in the core: diagnostics need it, and importing the whole intermediate representation
(`stele.ir`, which re-exports it) cost every command that only reports a position, `stele diff`
among them, the creation of its two dozen dataclasses."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """A position in a file (an artifact, or a YAML source): the path as shown to the user,
    1-based line and column, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        """As a report shows it: `path:line:column` (column 1 when only the line is known), the
        path alone when the line is unknown. A diagnostic keeps its zeros (`located`)."""
        return f"{self.path}:{self.line}:{self.column or 1}" if self.line else self.path

    def located(self) -> str:
        """`path:line:column`, zeros kept: how a diagnostic's line begins."""
        return f"{self.path}:{self.line}:{self.column}"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "line": self.line, "column": self.column}


NO_SPAN = Span("<unknown>", 0, 0)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset: for one lookup (`Lines` for many)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


class Lines:
    """The line starts of a text, for many offset lookups (a binary search each)."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset, as `line_column`."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
