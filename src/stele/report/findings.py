"""Results from compatibility findings: `stele diff` (artifact findings) and `stele check`
(findings located in the YAML source)."""

from __future__ import annotations

from typing import Protocol

from stele.compat.model import Finding
from stele.report.model import Result
from stele.span import Span


class LocatedFinding(Protocol):
    """What `stele check` produces (`stele.compat.project_check.ProjectFinding`)."""

    @property
    def finding(self) -> Finding: ...

    @property
    def element(self) -> str: ...


def check_name(f: Finding) -> str:
    """The JUnit test case of a finding: one per format and direction."""
    return f"{f.format} {f.direction.value}"


def from_finding(f: Finding, fallback_path: str = "") -> Result:
    """A finding at its NEW location (where the change is), else its OLD one (a removal)."""
    new, old = f.new, f.old
    where = new or old or Span(fallback_path or f.subject or f.format)
    related = (("baseline", old),) if new is not None and old is not None else ()
    return Result(
        rule=f.rule,
        severity=f.severity,
        message=f.message,
        location=where,
        check=check_name(f),
        format=f.format,
        direction=f.direction.value,
        related=related,
        fingerprint=f.fingerprint,
        reached_by=f.reached_by,
    )


def from_located(pf: LocatedFinding) -> Result:
    return from_finding(pf.finding, fallback_path=pf.element)
