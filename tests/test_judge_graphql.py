"""The GraphQL contract judge against graphql-core: for every case of the change corpus, the
judge's worst verdict in each direction equals what graphql-core's `find_breaking_changes`
(error) and `find_dangerous_changes` (warning) say on the emitted SDL of the old and new
version (BACKWARD: old -> new; FORWARD: new -> old)."""

from __future__ import annotations

import pytest
from _consumer_proofs import Case, all_cases, versions

from stele.compat.contract.diff import diff_projects
from stele.compat.contract.judges import Policy, judge, judge_all
from stele.compat.model import Direction
from stele.config import Options
from stele.emit.base import EmitContext
from stele.emit.graphql import render
from stele.ir import Project

ALL = all_cases()


def _sdl(p: Project) -> str:
    return render(EmitContext(p, Options(), {}, {n: pkg.file for n, pkg in p.packages.items()}))


def _core(old: str, new: str) -> str:
    from graphql import build_schema, find_breaking_changes, find_dangerous_changes

    a, b = build_schema(old), build_schema(new)
    breaking = [
        c for c in find_breaking_changes(a, b) if not c.description.startswith("Standard scalar")
    ]
    return "error" if breaking else "warning" if find_dangerous_changes(a, b) else "ok"


@pytest.mark.parametrize("case", ALL, ids=[c.name for c in ALL])
def test_judge_agrees_with_graphql_core(case: Case) -> None:
    old, new = versions(case)
    po, pn = old.side.workspace.project, new.side.workspace.project
    so, sn = _sdl(po), _sdl(pn)
    core = {Direction.BACKWARD: _core(so, sn), Direction.FORWARD: _core(sn, so)}
    verdicts = judge_all(diff_projects(po, pn), ["graphql"], list(Direction), Policy(), po, pn)
    for d in Direction:
        found = {v.severity.value for v in verdicts if v.direction is d and v.severity}
        worst = "error" if "error" in found else "warning" if "warning" in found else "ok"
        reasons = [v.reason for v in verdicts if v.direction is d and v.severity]
        assert worst == core[d], (d.value, reasons)


def test_reasons_name_the_graphql_coordinate() -> None:
    case = next(c for c in ALL if c.name == "variant-added")
    old, new = versions(case)
    po, pn = old.side.workspace.project, new.side.workspace.project
    (change,) = [c for c in diff_projects(po, pn) if c.kind == "union-variant-added"]
    back = judge(change, "graphql", Direction.BACKWARD, Policy(), po, pn)
    forth = judge(change, "graphql", Direction.FORWARD, Policy(), po, pn)
    assert back.severity is not None and back.severity.value == "warning"
    assert "was added to union" in back.reason
    assert forth.severity is not None and forth.severity.value == "error"
    assert "was removed" in forth.reason and "old server" in forth.reason


def test_a_change_outside_the_schema_is_ok() -> None:
    case = next(c for c in ALL if c.name == "header-renamed")
    old, new = versions(case)
    po, pn = old.side.workspace.project, new.side.workspace.project
    for v in judge_all(diff_projects(po, pn), ["graphql"], list(Direction), Policy(), po, pn):
        assert v.severity is None
        assert "does not carry" in v.reason or "as before" in v.reason
