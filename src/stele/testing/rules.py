"""Results of `stele test` under the rule ids of `stele.report.test_rules.TEST_RULES`."""

from __future__ import annotations

from stele.diagnostics import Severity
from stele.ir import Span
from stele.report.model import Result
from stele.report.test_rules import TEST_RULES


def result(
    rule: str,
    message: str,
    location: Span,
    check: str,
    *,
    severity: Severity = Severity.ERROR,
    fmt: str = "",
    hint: str = "",
) -> Result:
    assert rule in TEST_RULES, rule
    return Result(
        rule=rule,
        severity=severity,
        message=message,
        location=location,
        check=check,
        format=fmt,
        hint=hint,
    )


def at_span(span: Span) -> Span:
    return span
