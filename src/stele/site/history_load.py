"""The release history from compat/releases: each release checked against the one before it,
with the checker `stele check` runs (stele.compat.check_cache.checked, the contract judges of
stele.compat.check_run and the matrix of stele.compat.matrix), without the codec proof."""

from __future__ import annotations

from stele.baseline import release_baseline, released_versions
from stele.compat.check_cache import checked
from stele.compat.check_run import _judge_contracts
from stele.compat.matrix import build_matrix
from stele.compat.project_check import baseline_side
from stele.compat.settings import mode_map
from stele.config import Config
from stele.diagnostics import SteleError
from stele.ir import Ack, Project
from stele.site.history import Change, History, Release


def load_history(config: Config) -> History:
    versions = list(reversed(released_versions(config)))  # oldest first
    if not versions:
        return History((), "No releases yet: `stele release VERSION` records one.")
    modes = mode_map(config)
    mode = modes.run_mode
    releases = [Release(versions[0], "", ())]
    for i in range(1, len(versions)):
        try:
            old, new = (
                baseline_side(release_baseline(config, v), config.root)
                for v in versions[i - 1 : i + 1]
            )
            report = checked(old, new, mode, False, config.root, modes)
        except SteleError as exc:
            # A snapshot that no longer loads (edited by hand, from an older stele) leaves a
            # gap in the history; the rest of the site is still worth writing.
            first = exc.diagnostics[0].render().splitlines()[0] if exc.diagnostics else ""
            problem = f"Could not be compared with {versions[i - 1]}: {first}"
            releases.append(Release(versions[i], versions[i - 1], (), problem=problem))
            continue
        _judge_contracts(report, config, False)
        matrix = build_matrix(report)
        directions = tuple(f"{fmt} {d.value}" for fmt, d in matrix.columns)
        rows = tuple(
            (change.label, *(cells[col] for col in matrix.columns)) for change, cells in matrix.rows
        )
        changes = tuple(
            Change(
                pf.finding.rule,
                pf.finding.severity.value,
                pf.finding.format,
                pf.finding.direction.value,
                pf.finding.message,
                pf.element,
            )
            for pf in report.findings
        )
        acks = _new_acks(old.workspace.project, new.workspace.project)
        releases.append(Release(versions[i], versions[i - 1], changes, rows, directions, acks))
    return History(tuple(releases))


def _acks(project: Project) -> list[tuple[str, Ack]]:
    found: list[tuple[str, Ack]] = []
    for t in project.types.values():
        found += [(t.name, a) for a in t.acks]
        for member in getattr(t, "fields", ()) or getattr(t, "symbols", ()):
            found += [(f"{t.name}.{member.name}", a) for a in member.acks]
    for group in (project.messages, project.channels, project.services):
        for name, node in group.items():
            found += [(name, a) for a in node.acks]
    for op in project.operations():
        found += [(op.qualified_name, a) for a in op.acks]
    return found


def _new_acks(old: Project, new: Project) -> tuple[tuple[str, str, str], ...]:
    """The acknowledgements the newer release added: (element, rule, reason)."""
    before = {(e, a.rule, a.reason) for e, a in _acks(old)}
    return tuple(
        (e, a.rule, a.reason) for e, a in _acks(new) if (e, a.rule, a.reason) not in before
    )
