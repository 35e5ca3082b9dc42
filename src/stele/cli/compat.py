"""The bodies of `stele diff`, `stele check`, `stele rules` and `stele release`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from stele.compat.model import Finding, Location, Mode
from stele.config import Config
from stele.diagnostics import Severity, SteleError, did_you_mean, error
from stele.ir import Span


def mode_of(text: str, transitive: bool = False) -> Mode:
    name = text.upper().replace("-", "_")
    if transitive and not name.endswith("_TRANSITIVE") and name != "NONE":
        name += "_TRANSITIVE"
    try:
        return Mode(name)
    except ValueError:
        hint = did_you_mean(name, [m.value for m in Mode]) or "one of " + ", ".join(Mode)
        raise SteleError(
            [error("K020", f"unknown mode '{text}'", Span("--mode", 1, 1), hint)]
        ) from None


def finding_line(f: Finding, suffix: str = "") -> str:
    where: Location | None = f.new or f.old
    place = str(where) if where is not None else f.format
    return f"{place}: {f.severity.value} {f.rule} {f.message}{suffix}"


def summary_line(findings: Sequence[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    parts = [
        f"{counts[s]} {s.value}{'' if counts[s] == 1 else 's'}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
    ]
    return ", ".join(parts)


def fails(findings: Sequence[Finding], fail_on: Severity) -> bool:
    return any(f.severity.rank >= fail_on.rank for f in findings)


# ---------------------------------------------------------------------------------------------
# diff
# ---------------------------------------------------------------------------------------------


def run_diff(old: Path, new: Path, fmt: str | None, mode: str, output: str) -> tuple[str, int]:
    from stele.compat.diff import diff_paths

    result = diff_paths(old, new, fmt, mode_of(mode))
    code = 0 if result.compatible else 1
    if output == "json":
        doc = {"compatible": result.compatible, **result.to_json()}
        return json.dumps(doc, indent=2) + "\n", code
    lines = [finding_line(f) for f in result.findings]
    verdict = "compatible" if result.compatible else "incompatible"
    lines.append(
        f"{verdict} ({result.format}, {result.mode.value}): {summary_line(result.findings)}"
    )
    return "\n".join(lines) + "\n", code


# ---------------------------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------------------------


def run_check(
    config: Config,
    against: str | None,
    mode: str,
    transitive: bool,
    verify: bool,
    output: str,
    fail_on: Severity,
) -> tuple[str, int]:
    from stele.compat import baseline as baselines
    from stele.compat.matrix import build_matrix
    from stele.compat.project_check import baseline_side, check_sides, open_side

    chosen = mode_of(mode, transitive)
    new = open_side("working tree", config)
    results: list[dict[str, Any]] = []
    text: list[str] = []
    all_findings: list[Finding] = []
    with baselines.resolve(config, against, chosen.transitive) as found:
        if not found:
            note = (
                f"no released version in {config.baseline}/{baselines.RELEASES}/: nothing to "
                "compare against (run `stele release VERSION`, or pass --against)"
            )
            return (
                _json({"compatible": True, "baselines": [], "notes": [note]})
                if output == "json"
                else note + "\n"
            ), 0
        for b in found:
            report = check_sides(baseline_side(b), new, chosen)
            if verify:
                from stele.compat.verify import verify as run_verify

                report.findings = sorted([*report.findings, *run_verify(report)], key=_order)
            matrix = build_matrix(report)
            findings = [pf.finding for pf in report.findings]
            all_findings += findings
            results.append(
                {
                    "baseline": b.label,
                    "compatible": not fails(findings, fail_on),
                    "formats": report.formats,
                    "notes": report.notes,
                    "findings": [pf.to_json() for pf in report.findings],
                    "matrix": matrix.to_json(),
                }
            )
            text += _check_text(b.label, chosen, report, matrix.render(), len(found) > 1)
    failed = [r["baseline"] for r in results if not r["compatible"]]
    code = 1 if failed else 0
    if output == "json":
        findings_json = [f for r in results for f in r["findings"]]
        return _json(
            {
                "compatible": not failed,
                "mode": chosen.value,
                "findings": findings_json,
                "baselines": results,
            }
        ), code
    verdict = (
        f"breaks {', '.join(failed)}"
        if failed
        else "compatible with " + ", ".join(r["baseline"] for r in results)
    )
    text.append(f"{verdict} ({chosen.value}): {summary_line(all_findings)}")
    return "\n".join(text) + "\n", code


def _order(pf: Any) -> tuple[object, ...]:
    from stele.compat.project_check import _order as order

    return order(pf)


def _check_text(label: str, mode: Mode, report: Any, matrix: str, name_baseline: bool) -> list[str]:
    suffix = f" (against {label})" if name_baseline else ""
    lines = [f"against {label} ({mode.value}): {', '.join(report.formats) or 'no formats'}"]
    lines += [f"note: {n}" for n in report.notes]
    lines += [finding_line(pf.finding, suffix) for pf in report.findings]
    lines += ["", matrix.rstrip("\n"), ""]
    return lines


def _json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------
# rules
# ---------------------------------------------------------------------------------------------


def run_rules(rule_id: str | None, markdown: bool, output: str) -> tuple[str, int]:
    from stele.compat.catalogue import all_rules, render_reference, render_rule

    if markdown:
        return render_reference(), 0
    rules = all_rules()
    if rule_id is not None:
        from stele.compat.verify import RULE

        if rule_id == RULE:
            return VERIFY_DOC, 0
        if rule_id not in rules:
            hint = did_you_mean(rule_id, rules) or "list them with `stele rules`"
            raise SteleError(
                [error("K030", f"unknown rule '{rule_id}'", Span("rules", 1, 1), hint)]
            )
        return render_rule(rules[rule_id]), 0
    if output == "json":
        return _json(
            {
                "rules": [
                    {
                        "id": r.id,
                        "format": r.format,
                        "severity": r.severity.value,
                        "summary": r.summary,
                    }
                    for r in rules.values()
                ]
            }
        ), 0
    rows = [(r.id, r.format, r.severity.value, r.summary) for r in rules.values()]
    widths = [
        max([len(row[i]) for row in rows] + [len(h)])
        for i, h in enumerate(("id", "format", "severity"))
    ]
    lines = [
        f"{row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2].ljust(widths[2])}  {row[3]}"
        for row in rows
    ]
    lines.append(f"{len(rows)} rules")
    return "\n".join(lines) + "\n", 0


VERIFY_DOC = """\
### `verify-contradiction`

The codecs disagree with the rules' verdict on a changed type.

- format: avro, protobuf
- severity: error (rules say compatible, codec fails), warning (rules say breaking, Avro reads every value)

`stele check` encodes values of every changed type with the writer's schema and decodes them with
the reader's, through fastavro and the protobuf runtime. See docs/compatibility.md.
"""


# ---------------------------------------------------------------------------------------------
# release
# ---------------------------------------------------------------------------------------------


def run_release(config: Config, version: str) -> tuple[str, int]:
    from stele.compat.release import release

    target, files = release(config, version)
    shown = (
        target.relative_to(config.root).as_posix()
        if target.is_relative_to(config.root)
        else str(target)
    )
    return f"released {version}: {len(files)} files in {shown}/\n", 0
