"""JSON output: every result with its location, the checks that ran and the counts."""

from __future__ import annotations

import json

from stele.diagnostics import Severity
from stele.report.model import Report


def document(report: Report) -> dict[str, object]:
    """The JSON form as data, for commands that open it with keys of their own."""
    counts = report.counts()
    doc: dict[str, object] = {
        "command": report.command,
        "results": [r.to_json() for r in report.results],
        "checks": list(report.checks),
        "notes": list(report.notes),
        "summary": {
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
            "files": report.files,
        },
    }
    if report.stopped:
        doc["stopped"] = True  # bad input (exit 2): the results are the errors that stopped it
    return doc


def render(report: Report) -> str:
    return json.dumps(document(report), indent=2, ensure_ascii=False) + "\n"
