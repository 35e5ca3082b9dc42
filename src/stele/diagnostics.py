"""Diagnostics: problems in the user's input, as data with stable codes, rendered last."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from stele.span import NO_SPAN, Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, order=True)
class Diagnostic:
    span: Span
    code: str  # stable, e.g. "S101"
    severity: Severity
    message: str
    hint: str = ""

    def render(self) -> str:
        text = (
            f"{one_line(self.span.located())}: {self.severity} {self.code} {one_line(self.message)}"
        )
        if self.hint:
            text += f"\n    hint: {one_line(self.hint)}"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "hint": self.hint,
            "path": self.span.path,
            "line": self.span.line,
            "column": self.span.column,
        }


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F)}
_CONTROL |= {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def one_line(text: str) -> str:
    """Text from input files made safe for a one-line report: control characters escaped. A
    newline would start a line of its own, which CI runners read as a command
    (`::error file=...::`), and an escape sequence would drive the terminal."""
    return text.translate(_CONTROL) if not text.isprintable() else text


class SteleError(Exception):
    """Input the tool cannot work with. Carries diagnostics; the CLI exits with code 2."""

    exit_code = 2

    def __init__(self, diagnostics: Iterable[Diagnostic], keep_order: bool = False) -> None:
        # keep_order: the loader's order (a file that did not load whole first), else by place.
        self.diagnostics = list(diagnostics) if keep_order else sorted(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))


def error(code: str, message: str, span: Span = NO_SPAN, hint: str = "") -> Diagnostic:
    return Diagnostic(span, code, Severity.ERROR, message, hint)


def warning(code: str, message: str, span: Span = NO_SPAN, hint: str = "") -> Diagnostic:
    return Diagnostic(span, code, Severity.WARNING, message, hint)


def info(code: str, message: str, span: Span = NO_SPAN, hint: str = "") -> Diagnostic:
    return Diagnostic(span, code, Severity.INFO, message, hint)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A 'did you mean' hint for a misspelled name, or an empty string."""
    import difflib

    pool = sorted(set(candidates))
    close = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    if not close:
        # Compare short names too: `Mony` should find `food.common.Money`.
        shorts = {c.rsplit(".", 1)[-1]: c for c in pool}
        hit = difflib.get_close_matches(name.rsplit(".", 1)[-1], sorted(shorts), n=1, cutoff=0.6)
        close = [shorts[hit[0]]] if hit else []
    return f"did you mean '{close[0]}'?" if close else ""
