"""A position in a file: the one position type of stele. Diagnostics, compatibility findings
(`Finding.old`/`new`) and report results (`Result.location`) all hold a `Span`. Its own module
in the core: diagnostics need it, and importing the whole intermediate representation
(`stele.ir`, which re-exports it) cost every command that only reports a position, `stele diff`
among them, the creation of its two dozen dataclasses."""

from __future__ import annotations

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
