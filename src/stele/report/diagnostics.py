"""Reports of diagnostics: `stele lint` (one check per contract file) and other diagnostic lists
such as size-budget violations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from stele.diagnostics import Diagnostic
from stele.report.model import Report, from_diagnostic


def diagnostics_report(
    command: str,
    diagnostics: Sequence[Diagnostic],
    files: Iterable[str] = (),
    count_files: bool = True,
    keep_order: bool = False,
) -> Report:
    """A report with one check per file (every file given, plus any a diagnostic is in);
    `keep_order` shows the diagnostics in the order given instead of by place."""
    names = sorted(set(files))
    return Report.of(
        command,
        (from_diagnostic(d) for d in diagnostics),
        names,
        files=len(names) if count_files else None,
        keep_order=keep_order,
    )
