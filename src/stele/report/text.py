"""Text output: `path:line:col: severity rule-id message`, a hint line, a summary line."""

from __future__ import annotations

from stele.report.model import Report, Result

_COLOURS = {"error": "31", "warning": "33", "info": "36"}


def _severity(result: Result, color: bool) -> str:
    word = result.severity.value
    return f"\x1b[{_COLOURS[word]}m{word}\x1b[0m" if color else word


def render_result(result: Result, color: bool = False) -> str:
    where = f"\x1b[1m{result.location}\x1b[0m" if color else str(result.location)
    lines = [f"{where}: {_severity(result, color)} {result.rule} {result.message}"]
    lines += [f"    {label}: {place}" for label, place in result.related]
    if result.hint:
        lines.append(f"    hint: {result.hint}")
    return "\n".join(lines)


def render(report: Report, color: bool = False) -> str:
    lines = [render_result(r, color) for r in report.results]
    lines += [f"note: {note}" for note in report.notes]
    if report.results and report.advice:
        lines.append(report.advice)
    lines.append(report.summary())
    return "\n".join(lines) + "\n"
