"""How `stele check` reports: one `Report` for every output format, plus check's own text (the
per-baseline blocks with the matrix, and a verdict) and JSON (its historical keys beside the
report's)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from stele.compat.acks import AckFinding, Acknowledged
from stele.compat.check_run import CheckRun
from stele.compat.project_check import BaselineReport, ProjectFinding
from stele.diagnostics import Severity
from stele.report.findings import from_located
from stele.report.model import Place, Report, Result

ACKS_CHECK = "acknowledgements"
_ACK_HINTS = {
    "ack-stale": "remove the `acknowledge` entry: the break it excused is no longer reported",
    "ack-expired": "remove the `acknowledge` entry, or undo the break it excused",
}


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------


def against(report: BaselineReport, run: CheckRun) -> str:
    """What names the baseline in messages and checks: only when several are checked."""
    return f" (against {report.baseline})" if len(run.baselines) > 1 else ""


def finding_result(pf: ProjectFinding, suffix: str = "") -> Result:
    result = from_located(pf)
    if not suffix:
        return result
    # The same break against two releases is two results, each with its own fingerprint.
    fingerprint = hashlib.sha256(f"{result.fingerprint}{suffix}".encode()).hexdigest()[:16]
    return dataclasses.replace(
        result,
        message=result.message + suffix,
        check=result.check + suffix,
        fingerprint=fingerprint,
    )


def ack_result(problem: AckFinding) -> Result:
    f = problem.finding
    where = f.new or f.old
    return Result(
        rule=f.rule,
        severity=f.severity,
        message=f.message,
        location=Place(where.path, where.line, where.column) if where else Place(f.subject),
        check=ACKS_CHECK,
        hint=_ACK_HINTS.get(f.rule, ""),
        fingerprint=problem.finding.fingerprint,
    )


def acknowledged_note(a: Acknowledged) -> str:
    """One line: where the acknowledged finding is, what it is, and the acknowledgement."""
    return " ".join(acknowledged_lines(a))


def acknowledged_lines(a: Acknowledged) -> list[str]:
    """Like a finding, with `acknowledged` for its severity, and where it is acknowledged."""
    f = a.finding.finding
    where = f.new or f.old
    span = a.site.ack.span
    return [
        f"{where or f.format}: acknowledged {f.rule} {f.message}",
        f"(acknowledged at {span.file}:{span.line}:{span.column}: {a.site.ack.reason})",
    ]


def check_report(run: CheckRun) -> Report:
    results: list[Result] = []
    checks: list[str] = []
    notes: list[str] = [run.nothing_to_compare] if run.nothing_to_compare else []
    for report in run.baselines:
        suffix = against(report, run)
        checks += [
            f"{fmt} {d.value}{suffix}" for fmt in report.formats for d in run.mode.directions
        ]
        results += [finding_result(pf, suffix) for pf in report.findings]
        notes += report.notes
    results += [ack_result(p) for p in run.ack_problems]
    if run.has_acks:
        checks.append(ACKS_CHECK)
    notes += [acknowledged_note(a) for a in run.acknowledged]
    return Report.of("check", results, checks, notes=notes)


# ---------------------------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------------------------


def _failing(findings: list[ProjectFinding], fail_on: Severity) -> bool:
    return any(pf.severity.rank >= fail_on.rank for pf in findings)


def render_text(run: CheckRun, report: Report, fail_on: Severity, color: bool = False) -> str:
    from stele.report.text import render_result

    if run.nothing_to_compare:
        return run.nothing_to_compare + "\n"
    lines: list[str] = []
    for base, matrix in zip(run.baselines, run.matrices, strict=True):
        suffix = against(base, run)
        lines.append(f"against {base.baseline} ({run.mode.value}): {', '.join(base.formats)}")
        lines += [f"note: {n}" for n in base.notes]
        lines += [render_result(finding_result(pf, suffix), color) for pf in base.findings]
        for a in run.acknowledged:
            if _baseline(a) == base.baseline:
                first, second = acknowledged_lines(a)
                lines += [first, "    " + second.strip("()")]
        lines += ["", matrix.render().rstrip("\n"), ""]
    lines += [render_result(ack_result(p), color) for p in run.ack_problems]
    lines.append(verdict(run, report, fail_on))
    return "\n".join(lines) + "\n"


def _baseline(a: Acknowledged) -> str:
    return a.finding.baseline if isinstance(a.finding, ProjectFinding) else ""


def verdict(run: CheckRun, report: Report, fail_on: Severity) -> str:
    broken = [b.baseline for b in run.baselines if _failing(b.findings, fail_on)]
    text = (
        f"breaks {', '.join(broken)}"
        if broken
        else "compatible with " + ", ".join(b.baseline for b in run.baselines)
    )
    stale = [p for p in run.ack_problems if p.severity.rank >= fail_on.rank]
    if stale:
        text += f"; {len(stale)} acknowledgement{'' if len(stale) == 1 else 's'} stale or expired"
    summary = report.summary()
    if run.acknowledged:
        summary += f", {len(run.acknowledged)} acknowledged"
    return f"{text} ({run.mode.value}): {summary}"


# ---------------------------------------------------------------------------------------------
# json
# ---------------------------------------------------------------------------------------------


def render_json(run: CheckRun, report: Report, fail_on: Severity) -> str:
    """check's keys (compatible, mode, findings, acknowledged, baselines) and the report's
    (command, results, checks, notes, summary)."""
    from stele.report import json_report

    baselines: list[dict[str, Any]] = [
        {
            "baseline": b.baseline,
            "compatible": not _failing(b.findings, fail_on),
            "formats": b.formats,
            "notes": b.notes,
            "findings": [pf.to_json() for pf in b.findings],
            "matrix": m.to_json(),
        }
        for b, m in zip(run.baselines, run.matrices, strict=True)
    ]
    doc: dict[str, Any] = {
        "compatible": all(b["compatible"] for b in baselines),
        "mode": run.mode.value,
        "findings": [
            *(pf.to_json() for b in run.baselines for pf in b.findings),
            *(p.to_json() for p in run.ack_problems),
        ],
        "acknowledged": [_acknowledged_json(a) for a in run.acknowledged],
        "baselines": baselines,
    }
    doc.update(json.loads(json_report.render(report)))
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _acknowledged_json(a: Acknowledged) -> dict[str, Any]:
    ack = a.site.ack
    finding = a.finding.to_json() if isinstance(a.finding, ProjectFinding) else {}
    return {
        **finding,
        "acknowledgement": {
            "element": a.site.element,
            "rule": ack.rule,
            "reason": ack.reason,
            "expires": ack.expires,
            "path": ack.span.file,
            "line": ack.span.line,
            "column": ack.span.column,
        },
    }
