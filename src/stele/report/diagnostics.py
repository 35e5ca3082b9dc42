"""Rendering diagnostics as text (path:line:col: severity CODE message) or JSON."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from stele.diagnostics import Diagnostic, Severity


def summary(diagnostics: Sequence[Diagnostic], files: int) -> str:
    counts = Counter(d.severity for d in diagnostics)
    parts = [
        f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    ]
    return f"{', '.join(parts)} in {files} file{'' if files == 1 else 's'}"


def render_text(diagnostics: Sequence[Diagnostic], files: int, color: bool = False) -> str:
    lines = []
    for d in diagnostics:
        text = d.render()
        if color:
            code = {"error": "31", "warning": "33", "info": "36"}[d.severity.value]
            text = text.replace(f" {d.severity} ", f" \x1b[{code}m{d.severity}\x1b[0m ", 1)
        lines.append(text)
    lines.append(summary(diagnostics, files))
    return "\n".join(lines) + "\n"


def render_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    counts = Counter(d.severity.value for d in diagnostics)
    doc = {
        "diagnostics": [d.to_json() for d in diagnostics],
        "summary": {
            "files": files,
            "errors": counts["error"],
            "warnings": counts["warning"],
            "infos": counts["info"],
        },
    }
    return json.dumps(doc, indent=2) + "\n"


def exit_code(diagnostics: Sequence[Diagnostic], fail_on: Severity) -> int:
    return 1 if any(d.severity.rank >= fail_on.rank for d in diagnostics) else 0
