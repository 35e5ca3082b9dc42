"""GitHub Actions workflow commands: each result becomes an annotation on the pull request.

See the "workflow commands" reference: `::error file=F,line=L,col=C,title=T::MESSAGE`, with
`%`, CR and LF escaped in the message and, in properties, also `:` and `,`.
"""

from __future__ import annotations

from stele.report.model import Report, Result

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_result(result: Result) -> str:
    loc = result.location
    props = [f"file={_property(loc.path)}"]
    if loc.line:
        props.append(f"line={loc.line}")
        if loc.column:
            props.append(f"col={loc.column}")
    if result.end is not None and result.end.line:
        props.append(f"endLine={result.end.line}")
        if result.end.column:
            props.append(f"endColumn={result.end.column}")
    props.append(f"title={_property(result.rule)}")
    message = result.message
    for label, place in result.related:
        message += f"\n{label}: {place}"
    if result.reached_by:
        message += f"\n{result.reach_summary()}"
    if result.hint:
        message += f"\nhint: {result.hint}"
    return f"::{_COMMANDS[result.severity.value]} {','.join(props)}::{_data(message)}"


def render(report: Report) -> str:
    lines = [render_result(r) for r in report.results]
    lines += [f"::notice::{_data(note)}" for note in report.notes]
    lines.append(report.summary())
    return "\n".join(lines) + "\n"
