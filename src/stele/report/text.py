"""Text output: `path:line:col: severity rule-id message`, a hint line, a summary line."""

from __future__ import annotations

from stele.diagnostics import one_line
from stele.report.model import Report, Result

_COLOURS = {"error": "31", "warning": "33", "info": "36"}


def _severity(result: Result, color: bool) -> str:
    word = result.severity.value
    return f"\x1b[{_COLOURS[word]}m{word}\x1b[0m" if color else word


def render_result(result: Result, color: bool = False) -> str:
    # Messages, hints and paths quote input files: one_line escapes their control characters.
    location = one_line(str(result.location))
    where = f"\x1b[1m{location}\x1b[0m" if color else location
    lines = [f"{where}: {_severity(result, color)} {result.rule} {one_line(result.message)}"]
    lines += [f"    {label}: {one_line(str(place))}" for label, place in result.related]
    if result.reached_by:
        lines.append(f"    {one_line(result.reach_summary())}")
    if result.hint:
        lines.append(f"    hint: {one_line(result.hint)}")
    return "\n".join(lines)


def body(report: Report, color: bool = False) -> list[str]:
    """Every line but the summary, for commands that close with a summary of their own."""
    lines = [render_result(r, color) for r in report.results]
    lines += [f"note: {note}" for note in report.notes]
    if report.results and report.advice:
        lines.append(report.advice)
    return lines


def render(report: Report, color: bool = False) -> str:
    return "\n".join([*body(report, color), report.summary()]) + "\n"
