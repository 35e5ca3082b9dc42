"""`stele check` as one call: every baseline checked, verified by codecs, acknowledgements applied.

The acknowledgements live in the working tree's YAML and are applied once, to the findings of
every baseline together: with `--transitive` an acknowledgement that excuses a break against one
release is in use, even if the newer releases never see that break.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
from dataclasses import dataclass, field

from stele import baseline as baselines
from stele.compat.acks import AckFinding, Acknowledged, ack_sites, apply_acks
from stele.compat.catalogue import apply_severity_overrides
from stele.compat.check_cache import checked
from stele.compat.matrix import Matrix, build_matrix
from stele.compat.model import Direction, Mode
from stele.compat.opinions import (
    CODEC_RULE,
    aliases,
    contract_verdicts,
    disagreements,
    verdict_finding,
)
from stele.compat.project_check import (
    BaselineReport,
    ProjectFinding,
    _order,
    baseline_side,
    open_side,
)
from stele.compat.settings import ModeMap, ModeResolver, check_names, severity_overrides
from stele.config import Config
from stele.diagnostics import SteleError, error
from stele.ir import Project, Span
from stele.project_info import RELEASES

TODAY_ENV = "STELE_TODAY"  # YYYY-MM-DD: the date expiries are judged at (tests, reruns)


@dataclass
class CheckRun:
    """What `stele check` found. Each baseline report holds only the findings not acknowledged."""

    mode: Mode  # what the checkers ran: every direction some element's mode needs
    baselines: list[BaselineReport] = field(default_factory=list)
    matrices: list[Matrix] = field(default_factory=list)
    acknowledged: list[Acknowledged] = field(default_factory=list)
    ack_problems: list[AckFinding] = field(default_factory=list)
    has_acks: bool = False  # the working tree acknowledges something
    nothing_to_compare: str = ""  # why no baseline was checked, when none was
    modes: ModeMap = field(default_factory=ModeMap)  # the mode of each element


def today() -> datetime.date:
    """`STELE_TODAY` when set (a usage error when malformed), else the local date."""
    text = os.environ.get(TODAY_ENV)
    if not text:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise SteleError(
            [
                error(
                    "K021",
                    f"{TODAY_ENV}='{text}' is not a date",
                    Span(TODAY_ENV, 1, 1),
                    "use YYYY-MM-DD, or unset it",
                )
            ]
        ) from None


def run_check(config: Config, against: str | None, mode: Mode | ModeMap, verify: bool) -> CheckRun:
    """Check the working tree against the baselines `against` names. `mode` is one mode for
    every element, or the map of stele.yaml's `compat:` section."""
    modes = mode if isinstance(mode, ModeMap) else ModeMap(mode)
    mode = modes.run_mode
    run = CheckRun(mode, modes=modes)
    when = today()
    new = open_side("working tree", config)
    check_names(config, modes, new.workspace.project)
    with baselines.resolve(config, against, mode.transitive) as found:
        if not found:
            run.nothing_to_compare = (
                f"no released version in {config.baseline}/{RELEASES}/: nothing to "
                "compare against (run `stele release VERSION`, or pass --against)"
            )
            return run
        for newest, b in enumerate(found):
            old = baseline_side(b, config.root)
            report = checked(old, new, mode, verify, config.root, modes)
            _judge_contracts(report, config, verify)
            if modes.overridden or newest:
                resolver = ModeResolver(modes, (old.workspace.project, new.workspace.project))
                report.findings = _in_mode(report.findings, resolver, newest == 0)
                if report.verdicts is not None:
                    report.verdicts = [
                        v
                        for v in report.verdicts
                        if _wanted(resolver, v.change.element, v.direction, newest == 0)
                    ]
            run.baselines.append(report)
        released = baselines.released_versions(config)
        # Under mode NONE nothing was judged, so no acknowledgement can be found stale.
        judge_stale = all(b.release for b in found) and bool(mode.directions)
        _acknowledge(
            run, new.workspace.project, when, released, judge_stale, _changed(run, released)
        )
        # The matrix is built from the findings that remain: an acknowledged break reads `ack`.
        run.matrices = [
            build_matrix(report, _acknowledged_in(run.acknowledged, report.baseline))
            for report in run.baselines
        ]
    return run


def _acknowledged_in(acknowledged: list[Acknowledged], baseline: str) -> list[ProjectFinding]:
    return [
        a.finding
        for a in acknowledged
        if isinstance(a.finding, ProjectFinding) and a.finding.baseline == baseline
    ]


def _judge_contracts(report: BaselineReport, config: Config, verified: bool) -> None:
    """The contract-level verdicts become the findings; the artifact checkers' and the codecs'
    findings are the second and third opinions, reported only where they disagree."""
    directions = report.mode.directions
    verdicts = contract_verdicts(report.old, report.new, report.formats, directions, config)
    if verdicts is None:
        return  # no contract judges: the artifact findings are the answer
    codecs = [pf for pf in report.findings if pf.finding.rule == CODEC_RULE]
    artifact = [pf for pf in report.findings if pf.finding.rule != CODEC_RULE]
    overrides = severity_overrides(config)
    judged = []
    for v in verdicts:
        if v.severity is None:
            continue
        pf = verdict_finding(v, report.old, report.new, report.baseline, aliases(v, artifact))
        kept = apply_severity_overrides([pf.finding], overrides)
        if kept:
            judged.append(dataclasses.replace(pf, finding=kept[0]))
    found = disagreements(
        verdicts, artifact, codecs, report.old, report.new, report.baseline, verified
    )
    found = [
        dataclasses.replace(pf, finding=f)
        for pf in found
        for f in apply_severity_overrides([pf.finding], overrides)
    ]
    report.findings = sorted([*judged, *found], key=_order)
    report.verdicts = verdicts


def _wanted(resolver: ModeResolver, element: str, direction: Direction, newest: bool) -> bool:
    mode = resolver.mode(element)
    return direction in mode.directions and (newest or mode.transitive)


def _in_mode(
    findings: list[ProjectFinding], resolver: ModeResolver, newest: bool
) -> list[ProjectFinding]:
    """The findings the mode of their element asks for: its directions, and older releases only
    when it is transitive."""
    return [pf for pf in findings if _wanted(resolver, pf.element, pf.finding.direction, newest)]


def _changed(run: CheckRun, released: list[str]) -> set[str] | None:
    """The contract elements changed against the baselines checked, when those are not the
    whole released history (None: every acknowledgement can be judged)."""
    if {r.baseline for r in run.baselines} >= set(released):
        return None
    if any(r.verdicts is None for r in run.baselines):
        return None
    return {v.change.element for r in run.baselines for v in r.verdicts or ()}


def _acknowledge(
    run: CheckRun,
    project: Project,
    when: datetime.date,
    released: list[str],
    judge_stale: bool,
    changed: set[str] | None,
) -> None:
    every: list[ProjectFinding] = [pf for r in run.baselines for pf in r.findings]
    checked = {fmt for r in run.baselines for fmt in r.formats}
    kept, run.acknowledged, run.ack_problems = apply_acks(
        project, every, when, released, checked, judge_stale=judge_stale, changed_elements=changed
    )
    keep = {id(pf) for pf in kept}
    for report in run.baselines:
        report.findings = [pf for pf in report.findings if id(pf) in keep]
    run.has_acks = bool(ack_sites(project))
