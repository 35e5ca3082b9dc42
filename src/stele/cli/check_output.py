"""How `stele check` reports: one `Report` for every output format, plus check's own text (the
per-baseline blocks with the matrix, and a verdict) and JSON (its historical keys beside the
report's)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from stele.compat.acks import AckFinding, Acknowledged
from stele.compat.check_run import CheckRun
from stele.compat.project_check import BaselineReport, ProjectFinding
from stele.diagnostics import Severity
from stele.report import json_report
from stele.report.findings import from_located
from stele.report.model import Report, Result
from stele.report.text import render_result
from stele.span import Span

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


def group(findings: Iterable[ProjectFinding]) -> list[list[ProjectFinding]]:
    """Findings of one change, rule and direction at one place: one line lists their formats.
    Identical findings (the same break seen in several artifacts) collapse into one."""
    groups: dict[tuple[object, ...], list[ProjectFinding]] = {}
    for pf in findings:
        f = pf.finding
        key = (f.new, f.old, pf.element or f.subject, pf.kind, f.rule, f.direction)
        members = groups.setdefault(key, [])
        if not any(_same(pf, other) for other in members):
            members.append(pf)
    return list(groups.values())


def _same(a: ProjectFinding, b: ProjectFinding) -> bool:
    fa, fb = a.finding, b.finding
    return (fa.format, fa.severity, fa.said) == (fb.format, fb.severity, fb.said)


def group_result(members: list[ProjectFinding], suffix: str = "") -> Result:
    """`(backward: avro, jsonschema) reason`: the worst severity, every format, the reasons."""
    ordered = sorted(members, key=lambda pf: (-pf.severity.rank, _format_rank(pf.finding.format)))
    first = ordered[0].finding
    result = from_located(ordered[0])
    message = f"({first.direction.value}: {_formats(ordered)}) {first.message}"
    shown = {first.message}
    for pf in ordered[1:]:
        if pf.finding.message not in shown:
            shown.add(pf.finding.message)
            same = [o.finding.format for o in ordered if o.finding.message == pf.finding.message]
            message += f"; {', '.join(same)}: {pf.finding.message}"
    formats = ",".join(dict.fromkeys(pf.finding.format for pf in ordered))
    key = "\x1f".join(
        (result.fingerprint if len(ordered) == 1 else first.rule, ordered[0].element, formats)
    )
    fingerprint = hashlib.sha256(f"{key}{suffix}".encode()).hexdigest()[:16]
    if len(ordered) == 1 and not suffix:
        fingerprint = result.fingerprint
    return dataclasses.replace(
        result,
        message=message + suffix,
        check=f"{first.direction.value}{suffix}",
        format=formats,
        fingerprint=fingerprint,
    )


_FORMAT_ORDER = ("avro", "protobuf", "jsonschema", "openapi", "asyncapi")


def _format_rank(fmt: str) -> int:
    return _FORMAT_ORDER.index(fmt) if fmt in _FORMAT_ORDER else len(_FORMAT_ORDER)


def _formats(ordered: list[ProjectFinding]) -> str:
    """`avro, jsonschema`, or `jsonschema warning, avro info` when severities differ."""
    formats = list(dict.fromkeys((pf.finding.format, pf.severity) for pf in ordered))
    if len({sev for _, sev in formats}) == 1:
        return ", ".join(fmt for fmt, _ in formats)
    return ", ".join(f"{fmt} {sev.value}" for fmt, sev in formats)


def ack_result(problem: AckFinding) -> Result:
    f = problem.finding
    where = f.new or f.old
    return Result(
        rule=f.rule,
        severity=f.severity,
        message=f.message,
        location=where or Span(f.subject),
        check=ACKS_CHECK,
        hint=_ACK_HINTS.get(f.rule, ""),
        fingerprint=problem.finding.fingerprint,
    )


def acknowledged_groups(acknowledged: list[Acknowledged]) -> list[list[Acknowledged]]:
    """Acknowledged findings grouped like findings, per acknowledgement."""
    groups: dict[tuple[object, ...], list[Acknowledged]] = {}
    for a in acknowledged:
        f = a.finding.finding
        kind = a.finding.kind if isinstance(a.finding, ProjectFinding) else ""
        key = (f.new, f.old, a.finding.element, kind, f.rule, f.direction, a.site)
        groups.setdefault(key, []).append(a)
    return list(groups.values())


def acknowledged_note(members: list[Acknowledged]) -> str:
    """One line: where the acknowledged finding is, what it is, and the acknowledgement."""
    return " ".join(acknowledged_lines(members))


def acknowledged_lines(members: list[Acknowledged]) -> list[str]:
    """Like a finding, with `acknowledged` for its severity, and where it is acknowledged."""
    first = members[0]
    found = [a.finding for a in members if isinstance(a.finding, ProjectFinding)]
    f = first.finding.finding
    where = f.new or f.old
    text = group_result(found).message if found else f.message
    span = first.site.ack.span
    return [
        f"{where or f.format}: acknowledged {f.rule} {text}",
        f"(acknowledged at {span.located()}: {first.site.ack.reason})",
    ]


def check_report(run: CheckRun) -> Report:
    results: list[Result] = []
    checks: list[str] = []
    notes: list[str] = [run.nothing_to_compare] if run.nothing_to_compare else []
    for report in run.baselines:
        suffix = against(report, run)
        checks += [f"{d.value}{suffix}" for d in run.mode.directions]
        results += [group_result(g, suffix) for g in group(report.findings)]
        notes += report.notes
    results += [ack_result(p) for p in run.ack_problems]
    if run.has_acks:
        checks.append(ACKS_CHECK)
    notes += [acknowledged_note(g) for g in acknowledged_groups(run.acknowledged)]
    return Report.of("check", results, checks, notes=notes)


# ---------------------------------------------------------------------------------------------
# text
# ---------------------------------------------------------------------------------------------


def _failing(findings: list[ProjectFinding], fail_on: Severity) -> bool:
    return any(pf.severity.rank >= fail_on.rank for pf in findings)


def render_text(run: CheckRun, report: Report, fail_on: Severity, color: bool = False) -> str:
    if run.nothing_to_compare:
        return run.nothing_to_compare + "\n"
    lines: list[str] = []
    for base, matrix in zip(run.baselines, run.matrices, strict=True):
        suffix = against(base, run)
        lines.append(f"against {base.baseline} ({mode_text(run)}): {', '.join(base.formats)}")
        lines += [f"note: {n}" for n in base.notes]
        results = sorted((group_result(g, suffix) for g in group(base.findings)), key=_by_place)
        lines += [render_result(r, color) for r in results]
        mine = [a for a in run.acknowledged if _baseline(a) == base.baseline]
        for members in acknowledged_groups(mine):
            first, second = acknowledged_lines(members)
            lines += [first, "    " + second.strip("()")]
        lines += ["", matrix.render().rstrip("\n"), ""]
    lines += [render_result(ack_result(p), color) for p in run.ack_problems]
    lines.append(verdict(run, report, fail_on))
    return "\n".join(lines) + "\n"


def _by_place(r: Result) -> tuple[object, ...]:
    return r.sort_key()


def mode_text(run: CheckRun) -> str:
    """`BACKWARD`, or `BACKWARD; FULL for channel food.order.order-events` with overrides."""
    if not run.modes.overridden:
        return run.mode.value
    return f"{run.modes.project.value}; {run.modes.describe()}"


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
    return f"{text} ({mode_text(run)}): {summary}"


# ---------------------------------------------------------------------------------------------
# json
# ---------------------------------------------------------------------------------------------


def render_json(run: CheckRun, report: Report, fail_on: Severity) -> str:
    """check's keys (compatible, mode, findings, acknowledged, baselines) and the report's
    (command, results, checks, notes, summary)."""
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
    if run.modes.overridden:  # stele.yaml's compat: modes (`mode` is what the checkers ran)
        doc["modes"] = {
            "project": run.modes.project.value,
            "channels": {k: v.value for k, v in sorted(run.modes.channels.items())},
            "messages": {k: v.value for k, v in sorted(run.modes.messages.items())},
        }
    doc.update(json_report.document(report))
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
            "path": ack.span.path,
            "line": ack.span.line,
            "column": ack.span.column,
        },
    }
