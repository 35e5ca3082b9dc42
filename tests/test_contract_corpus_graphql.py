"""The change corpus' GraphQL column: real GraphQL clients prove it (`_graphql_proofs`), and the
two other opinions, the contract judge and the artifact checker (graphql-core's breaking and
dangerous changes on the emitted SDL, as `stele diff --format graphql` reports them), must give
an error exactly where a client breaks.

The column is the `graphql:` line of each case's `expect` table, `<backward> <forward>`, each
`ok`, `warning` (a client meets an enum value or union member it does not know: typed clients
read it as their unknown case) or `error`. Known disagreements are listed under `graphql-judges` and
`graphql-checkers` in `tests/contract_changes/disagreements.yaml`, with their reason, and expected to fail strictly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from _consumer_proofs import CASES, DIRECTIONS, Case, all_cases, versions
from _graphql_proofs import GraphQLProof, prove_graphql, sdl

from stele.compat.model import Direction

ALL = all_cases()
KNOWN: dict[str, dict[str, list[str]]] = yaml.safe_load(
    (CASES / "disagreements.yaml").read_text(encoding="utf-8")
)
_ORDER = ["ok", "info", "warning", "error"]
_PROOFS: dict[str, dict[Direction, GraphQLProof]] = {}

Column = dict[Direction, str]


def expected(case: Case) -> Column:
    doc = yaml.safe_load(Path(case.path).read_text(encoding="utf-8"))
    backward, forward = str(doc["expect"]["graphql"]).split()
    return {Direction.BACKWARD: backward, Direction.FORWARD: forward}


def proofs(case: Case) -> dict[Direction, GraphQLProof]:
    if case.name not in _PROOFS:
        _PROOFS[case.name] = prove_graphql(case)
    return _PROOFS[case.name]


def judges(case: Case) -> Column:
    from stele.compat.contract.diff import diff_projects
    from stele.compat.contract.judges import Policy, judge_all

    old, new = versions(case)
    verdicts = judge_all(
        diff_projects(old.project, new.project),
        ["graphql"],
        list(DIRECTIONS),
        Policy(),
        old.project,
        new.project,
    )
    column = {d: "ok" for d in DIRECTIONS}
    for v in verdicts:
        if v.severity is not None:
            column[v.direction] = max(column[v.direction], v.severity.value, key=_ORDER.index)
    return column


def checkers(case: Case) -> Column:
    from stele.compat.graphql import GraphqlChecker

    old, new = versions(case)
    checker = GraphqlChecker()
    a = checker.load({"graphql/schema.graphql": sdl(old).encode()})
    b = checker.load({"graphql/schema.graphql": sdl(new).encode()})
    column = {d: "ok" for d in DIRECTIONS}
    for d in DIRECTIONS:
        for f in checker.check(a, b, d):
            column[d] = max(column[d], f.severity.value, key=_ORDER.index)
    return column


def disagreements(case: Case, opinion: Column) -> list[str]:
    want = expected(case)
    return [d.value for d in DIRECTIONS if (opinion[d] == "error") != (want[d] == "error")]


def _cases(opinion: str) -> list[object]:
    out: list[object] = []
    for case in ALL:
        known = sorted((KNOWN.get(f"graphql-{opinion}") or {}).get(case.name, []))
        marks = (
            [pytest.mark.xfail(strict=True, reason=f"known disagreement: {', '.join(known)}")]
            if known
            else []
        )
        out.append(pytest.param(case, id=case.name, marks=marks))
    return out


# ---------------------------------------------------------------------------------------------


def test_every_case_has_a_graphql_column() -> None:
    for case in ALL:
        column = expected(case)
        assert set(column.values()) <= {"ok", "warning", "error"}, case.name


@pytest.mark.parametrize("case", ALL, ids=[c.name for c in ALL])
def test_graphql_clients_prove_the_column(case: Case) -> None:
    got = proofs(case)
    want = expected(case)
    wrong = [
        f"  {d.value}: expected {want[d]}, clients {got[d].verdict} ({got[d].counterexample})"
        for d in DIRECTIONS
        if got[d].verdict != want[d]
    ]
    assert not wrong, f"{case.name}:\n" + "\n".join(wrong)
    for d, proof in got.items():
        # an error or warning names what the client met; an ok ran the clients
        assert proof.counterexample if proof.verdict != "ok" else proof.runs > 0, d


@pytest.mark.parametrize("case", _cases("judges"))
def test_the_graphql_judge_agrees_with_the_clients(case: Case) -> None:
    cells = disagreements(case, judges(case))
    assert not cells, (case.name, cells, judges(case), expected(case))


@pytest.mark.parametrize("case", _cases("checkers"))
def test_graphql_core_agrees_with_the_clients(case: Case) -> None:
    cells = disagreements(case, checkers(case))
    assert not cells, (case.name, cells, checkers(case), expected(case))


def test_known_graphql_disagreements_are_exact() -> None:
    """Each listed disagreement exists, direction for direction (so the list stays honest)."""
    for opinion, table in (("judges", judges), ("checkers", checkers)):
        for name, cells in (KNOWN.get(f"graphql-{opinion}") or {}).items():
            case = next(c for c in ALL if c.name == name)
            assert sorted(disagreements(case, table(case))) == sorted(cells), (opinion, name)


def test_a_warning_is_an_unknown_enum_value_or_union_member() -> None:
    """The column's warnings are the clients' unknown cases, and the judge calls them warnings.
    It proves the cases whose column has a warning: that the clients give a warning nowhere else
    is `test_graphql_clients_prove_the_column`'s to say (proving all 185 cases again here cost
    the slowest test of the suite)."""
    seen = 0
    for case in ALL:
        want = expected(case)
        for d in (d for d in DIRECTIONS if want[d] == "warning"):
            seen += 1
            proof = proofs(case)[d]
            assert proof.verdict == "warning", case.name
            assert "is not a value of the client's enum" in proof.counterexample or (
                "is not a member of the client's union" in proof.counterexample
            ), case.name
            assert judges(case)[d] == "warning", case.name
    assert seen >= 5
