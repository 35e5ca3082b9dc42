"""One result model for every command that reports: lint, generate --check, check, diff, sizes.

Each source of problems (lint diagnostics, stale artifacts, compatibility findings, size-budget
violations) becomes a `Result`; the renderers in this package only ever see a `Report` of
results, so every output format serves every command.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from stele.diagnostics import Diagnostic, Severity
from stele.span import Span

SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class Result:
    rule: str  # a rule id (proto-field-removed) or a diagnostic code (S100)
    severity: Severity
    message: str
    location: Span
    check: str  # the check it belongs to: one JUnit test case per check
    end: Span | None = None
    format: str = ""
    direction: str = ""
    hint: str = ""
    # Other places worth showing, e.g. where a removed field was in the baseline.
    related: tuple[tuple[str, Span], ...] = ()
    fingerprint: str = ""
    # The elements a change to a shared definition reaches (an OpenAPI component: operations).
    reached_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.fingerprint:
            # Stable under unrelated edits: no line numbers, only what and where by name.
            key = "\x1f".join((self.rule, self.location.path, self.format, self.message))
            object.__setattr__(self, "fingerprint", hashlib.sha256(key.encode()).hexdigest()[:16])

    def sort_key(self) -> tuple[object, ...]:
        return (self.location, self.rule, self.format, self.direction, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "end": self.end.to_json() if self.end else None,
            "format": self.format,
            "direction": self.direction,
            "hint": self.hint,
            "check": self.check,
            "related": [{"label": label, **p.to_json()} for label, p in self.related],
            "fingerprint": self.fingerprint,
            **({"reached_by": list(self.reached_by)} if self.reached_by else {}),
        }

    def reach_summary(self, shown: int = 3) -> str:
        """`reached by 650 operations: GET /a, GET /b, GET /c and 647 more` (text outputs)."""
        count = len(self.reached_by)
        if not count:
            return ""
        names = ", ".join(self.reached_by[:shown])
        more = f" and {count - shown} more" if count > shown else ""
        noun = "operation" if count == 1 else "operations"
        return f"reached by {count} {noun}: {names}{more}"


@dataclass(frozen=True)
class Report:
    """What one command found: its results and every check it ran (passing ones too)."""

    command: str  # "lint", "generate --check", "check", ...
    results: tuple[Result, ...]
    checks: tuple[str, ...]
    files: int | None = None  # how many files the summary line mentions, when it applies
    notes: tuple[str, ...] = ()
    # What to do about the results, shown once after them in the text output.
    advice: str = ""
    # What was checked, when the summary should say it ("30 examples x 5 formats").
    subject: str = ""
    # The command stopped on bad input (exit 2): the results are the errors that stopped it.
    stopped: bool = False

    @staticmethod
    def of(
        command: str,
        results: Iterable[Result],
        checks: Iterable[str],
        files: int | None = None,
        notes: Sequence[str] = (),
        advice: str = "",
        subject: str = "",
        keep_order: bool = False,
    ) -> Report:
        """`keep_order`: the results come in the order to show (lint puts the errors of a file
        that did not load whole before the others), else sorted by place."""
        ordered = tuple(results) if keep_order else tuple(sorted(results, key=Result.sort_key))
        all_checks = {*checks, *(r.check for r in ordered)}
        return Report(
            command, ordered, tuple(sorted(all_checks)), files, tuple(notes), advice, subject
        )

    def counts(self) -> Counter[Severity]:
        return Counter(r.severity for r in self.results)

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in SEVERITIES]
        text = ", ".join(parts)
        if self.files is not None:
            text += f" in {self.files} file{'' if self.files == 1 else 's'}"
        if not self.subject:
            return text
        return f"{self.subject}: {text if self.results else 'all passed'}"

    def failing(self, fail_on: Severity) -> list[Result]:
        return [r for r in self.results if r.severity.rank >= fail_on.rank]


def exit_code(report: Report, fail_on: Severity = Severity.ERROR, exit_zero: bool = False) -> int:
    """0 clean, 1 when a result is at or above `fail_on` (unless `exit_zero`)."""
    if exit_zero:
        return 0
    return 1 if report.failing(fail_on) else 0


# ---------------------------------------------------------------------------------------------
# Building results from each source
# ---------------------------------------------------------------------------------------------


def from_diagnostic(d: Diagnostic, check: str = "") -> Result:
    """A lint diagnostic or a size-budget violation (Z010, Z011)."""
    place = d.span
    return Result(
        rule=d.code,
        severity=d.severity,
        message=d.message,
        location=place,
        check=check or d.span.path,
        hint=d.hint,
    )
