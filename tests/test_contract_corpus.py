"""The change corpus: every contract evolution in `tests/contract_changes/` judged three ways.

1. Real consumers (`_consumer_proofs`): fastavro, the Protobuf runtime, a JSON Schema 2020-12
   validator with format assertion and the generated pydantic models. Their verdicts must equal
   the case's expected table exactly: the consumers decide what breaks.
2. The artifact checkers (`stele diff`'s engine, through `check_sides` in FULL mode).
3. The contract-level judges (`stele.compat.contract.judges.judge_all`).

An opinion agrees with the consumers when it reports an error exactly where a consumer breaks
(`ok`, `info` and `warning` are all "no consumer breaks"). Every disagreement known today is
listed in `tests/contract_changes/disagreements.yaml` and expected to fail (strictly: once the
opinion is fixed, the entry must go); any other disagreement fails the test with the case,
format, direction and the three verdicts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from _consumer_proofs import CASES, DIRECTIONS, FORMATS, Case, Table, all_cases, prove, versions

from stele.compat.model import Direction, Mode

ALL = all_cases()
KNOWN = yaml.safe_load((CASES / "disagreements.yaml").read_text(encoding="utf-8"))
_TABLES: dict[tuple[str, str], Table] = {}


def _ids(cases: list[Case]) -> list[str]:
    return [c.name for c in cases]


def consumers(case: Case) -> Table:
    key = ("consumers", case.name)
    if key not in _TABLES:
        _TABLES[key] = {k: p.verdict for k, p in prove(case).items()}
    return _TABLES[key]


def checkers(case: Case) -> Table:
    from stele.compat.project_check import check_sides

    key = ("checkers", case.name)
    if key not in _TABLES:
        old, new = versions(case)
        report = check_sides(old.side, new.side, Mode.FULL)
        table: Table = {k: "ok" for k in _cells()}
        for pf in report.findings:
            cell = (pf.finding.format, pf.finding.direction)
            table[cell] = _worse(table[cell], pf.severity.value)
        _TABLES[key] = table
    return _TABLES[key]


def judges(case: Case) -> Table:
    from stele.compat.contract.diff import diff_projects
    from stele.compat.contract.judges import Policy, judge_all

    key = ("judges", case.name)
    if key not in _TABLES:
        old, new = versions(case)
        changes = diff_projects(old.project, new.project)
        verdicts = judge_all(changes, FORMATS, DIRECTIONS, Policy(), old.project, new.project)
        table: Table = {k: "ok" for k in _cells()}
        for v in verdicts:
            cell = (v.format, v.direction)
            table[cell] = _worse(table[cell], v.severity.value if v.severity else "ok")
        _TABLES[key] = table
    return _TABLES[key]


def _cells() -> list[tuple[str, Direction]]:
    return [(fmt, d) for fmt in FORMATS for d in DIRECTIONS]


def _worse(a: str, b: str) -> str:
    order = ["ok", "info", "warning", "error"]
    return max(a, b, key=order.index)


def disagreements(case: Case, opinion: Table) -> list[str]:
    """Cells where an opinion's error does not match a consumer's break, as 'format direction'."""
    return [
        f"{fmt} {d.value}"
        for fmt, d in _cells()
        if (opinion[(fmt, d)] == "error") != (case.expect[(fmt, d)] == "error")
    ]


def _report(case: Case, cells: list[str], name: str) -> str:
    lines = [f"{case.name} ({case.path.relative_to(CASES)}): {name} disagree with the consumers"]
    theirs = checkers(case) if name == "checkers" else judges(case)
    for cell in cells:
        fmt, direction = cell.split()
        key = (fmt, Direction(direction))
        lines.append(
            f"  {fmt} {direction}: consumers {case.expect[key]}, "
            f"artifact checkers {checkers(case)[key]}, "
            f"judges {theirs[key] if name == 'judges' else _judge_cell(case, key)}"
        )
    return "\n".join(lines)


def _judge_cell(case: Case, key: tuple[str, Direction]) -> str:
    try:
        return judges(case)[key]
    except Exception as exc:  # the report must name the other opinion even when it fails
        return f"unavailable ({type(exc).__name__})"


def _known(opinion: str, case: Case) -> list[str]:
    return sorted(KNOWN.get(opinion, {}).get(case.name, []))


# ---------------------------------------------------------------------------------------------


def test_the_corpus_is_large_and_named_uniquely() -> None:
    names = [c.name for c in ALL]
    assert len(names) >= 150
    assert len(set(names)) == len(names)
    assert all(c.path.stem == c.name for c in ALL)
    listed = {n for opinion in KNOWN.values() for n in opinion}
    assert listed <= set(names), sorted(listed - set(names))


@pytest.mark.parametrize("case", ALL, ids=_ids(ALL))
def test_real_consumers_prove_the_expected_table(case: Case) -> None:
    proofs = prove(case)
    got = {k: p.verdict for k, p in proofs.items()}
    _TABLES[("consumers", case.name)] = got
    wrong = [
        f"  {fmt} {d.value}: expected {case.expect[(fmt, d)]}, consumers {got[(fmt, d)]}"
        + (f" ({proofs[(fmt, d)].counterexample})" if proofs[(fmt, d)].counterexample else "")
        for fmt, d in _cells()
        if _as_break(case.expect[(fmt, d)]) != got[(fmt, d)]
    ]
    assert not wrong, f"{case.name}:\n" + "\n".join(wrong)
    # an ok survived values (never vacuously); an error has its counterexample
    for key, proof in proofs.items():
        assert proof.counterexample if proof.verdict == "error" else proof.values > 0, key


def _as_break(expected: str) -> str:
    return "error" if expected == "error" else "ok"


def _opinion_cases(opinion: str) -> list[object]:
    out: list[object] = []
    for case in ALL:
        known = _known(opinion, case)
        marks = (
            [pytest.mark.xfail(strict=True, reason=f"known disagreement: {', '.join(known)}")]
            if known
            else []
        )
        out.append(pytest.param(case, id=case.name, marks=marks))
    return out


@pytest.mark.parametrize("case", _opinion_cases("checkers"))
def test_artifact_checkers_agree(case: Case) -> None:
    cells = disagreements(case, checkers(case))
    assert not cells, _report(case, cells, "checkers")


@pytest.mark.parametrize("case", _opinion_cases("judges"))
def test_contract_judges_agree(case: Case) -> None:
    cells = disagreements(case, judges(case))
    assert not cells, _report(case, cells, "judges")


def test_known_disagreements_are_exact() -> None:
    """Each listed disagreement is one that exists, cell for cell (so the list stays honest)."""
    for opinion, table in (("checkers", checkers), ("judges", judges)):
        for name, cells in KNOWN.get(opinion, {}).items():
            case = next(c for c in ALL if c.name == name)
            assert sorted(disagreements(case, table(case))) == sorted(cells), (opinion, name)


def test_cases_say_why_a_format_cannot_see_a_change() -> None:
    for case in ALL:
        assert set(case.why) <= set(FORMATS), case.name
        for fmt in case.why:
            assert case.expect[(fmt, Direction.BACKWARD)] == "ok", case.name
            assert case.expect[(fmt, Direction.FORWARD)] == "ok", case.name


# ---------------------------------------------------------------------------------------------
# `stele check` itself, on every case
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _opinion_cases("judges"))
def test_stele_check_gives_the_verdict_the_consumers_prove(case: Case, tmp_path: Path) -> None:
    """`stele check --mode full` on the case, as a user runs it: its errors are exactly the
    cells where a consumer breaks, and every finding is located in a YAML file of the project."""
    from _check_helpers import run

    old, _ = versions(case)
    for side, text in (("old", case.old), ("new", case.new)):
        (tmp_path / side / "contracts").mkdir(parents=True)
        (tmp_path / side / "contracts" / "contract.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "new" / "compat").mkdir()
    (tmp_path / "new" / "compat" / "stele.lock").write_text(old.side.workspace.lock_text)
    (tmp_path / "new" / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    args = ["check", "--config", str(tmp_path / "new" / "stele.yaml")]
    args += ["--against", str(tmp_path / "old"), "--mode", "full", "--output", "json"]
    code, out = run([*args, "--no-verify"])
    doc = json.loads(out)
    errors = sorted(
        {
            (f["format"], f["direction"])
            for f in doc["findings"]
            if f["severity"] == "error" and f["rule"].startswith("contract-")
        }
    )
    expected = sorted((fmt, d.value) for (fmt, d), v in case.expect.items() if v == "error")
    assert errors == expected
    assert code == (1 if expected else 0)
    # The three opinions agree: stele reports no disagreement of its own.
    assert [f["message"] for f in doc["findings"] if f["rule"] == "opinions-disagree"] == []
    for f in doc["findings"]:
        for side in ("old", "new"):
            if f[side] is not None:
                assert f[side]["path"].endswith("contracts/contract.yaml"), f


@pytest.mark.parametrize("case", ALL, ids=_ids(ALL))
def test_codec_verification_finds_no_break_the_consumers_disprove(case: Case) -> None:
    """The codec opinion of `stele check` (`stele.compat.verify`) on every type it verifies:
    where the consumers prove a format x direction ok, no value fails to survive."""
    from stele.compat.verify import CODEC_FORMATS, run_codec, types_to_verify

    old, new = versions(case)
    failures = []
    for type_name in types_to_verify(old.side.index, new.side.index, old.side, new.side):
        for direction in DIRECTIONS:
            writer, reader = (old, new) if direction is Direction.BACKWARD else (new, old)
            for fmt in CODEC_FORMATS:
                if case.expect[(fmt, direction)] == "error":
                    continue
                verdict = run_codec(
                    type_name,
                    fmt,
                    direction,
                    writer.side,
                    reader.side,
                    writer.codecs[fmt],
                    reader.codecs[fmt],
                )
                if verdict.failure:
                    failures.append(f"{fmt} {direction.value}: {verdict.failure}")
    assert failures == []
