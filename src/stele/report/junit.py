"""JUnit XML: one test suite per command, one test case per check that ran.

A check fails when it has a result at or above `--fail-on`; its failure lists those results.
Results below the threshold go to the test case's `system-out`, so CI test views show them
without failing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from stele.diagnostics import Severity
from stele.report.model import Report, Result
from stele.report.text import render_result


def _testcase(
    suite: ET.Element, report: Report, check: str, results: list[Result], fail_on: Severity
) -> bool:
    case = ET.SubElement(
        suite, "testcase", {"classname": f"stele.{report.command.split()[0]}", "name": check}
    )
    failing = [r for r in results if r.severity.rank >= fail_on.rank]
    passing = [r for r in results if r.severity.rank < fail_on.rank]
    if failing:
        first = failing[0]
        more = f" (and {len(failing) - 1} more)" if len(failing) > 1 else ""
        failure = ET.SubElement(
            case,
            "error" if report.stopped else "failure",
            {
                "message": f"{first.location}: {first.rule} {first.message}{more}",
                "type": first.rule,
            },
        )
        failure.text = "\n".join(render_result(r) for r in failing) + "\n"
    if passing:
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(render_result(r) for r in passing) + "\n"
    return bool(failing)


def render(report: Report, fail_on: Severity = Severity.ERROR) -> str:
    by_check: dict[str, list[Result]] = {c: [] for c in report.checks}
    for r in report.results:
        by_check.setdefault(r.check, []).append(r)
    root = ET.Element("testsuites", {"name": "stele"})
    suite = ET.SubElement(root, "testsuite", {"name": f"stele {report.command}"})
    failures = sum(
        _testcase(suite, report, check, results, fail_on)
        for check, results in sorted(by_check.items())
    )
    for element in (root, suite):
        element.set("tests", str(len(by_check)))
        element.set("failures", "0" if report.stopped else str(failures))
        element.set("errors", str(failures) if report.stopped else "0")
    suite.set("skipped", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
