"""Every diagnostic code has case files proving where it is reported, with which hint.

The cases live in tests/cases/diagnostics (see tests/diagnostic_cases.py for their format).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from diagnostic_cases import CASES, case_paths, located, read_expectations, run_case

from stele.diagnostics import Diagnostic, Severity, SteleError
from stele.ir import Span
from stele.source.loader import load

SRC = Path(__file__).resolve().parent.parent / "src" / "stele"
CODE_LITERAL = re.compile(r"""["']([SC]\d{3})["']""")


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


ALL_CASES = case_paths()


@pytest.mark.parametrize("case", ALL_CASES, ids=_ids(ALL_CASES))
def test_case_reports_exactly_what_it_declares(case: Path) -> None:
    expected = read_expectations(case)
    diagnostics = run_case(case, expected.command)
    assert {located(d) for d in diagnostics} == expected.diagnostics
    # Several diagnostics may share a position: a declared text must be one of theirs.
    for where, hint in expected.hints:
        assert hint in [d.hint for d in diagnostics if located(d) == where]
    for where, message in expected.messages:
        assert message in [d.message for d in diagnostics if located(d) == where]


@pytest.mark.parametrize("case", ALL_CASES, ids=_ids(ALL_CASES))
def test_case_name_matches_its_expectations(case: Path) -> None:
    """`ok-*` cases are clean; `<CODE>-*` cases report that code at least once."""
    expected = read_expectations(case)
    prefix = case.name.split("-", 1)[0]
    if prefix == "ok":
        assert expected.diagnostics == set()
    else:
        assert prefix in {code for code, *_ in expected.diagnostics}


def codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            # Only string literals in code: a comment that names a code proves nothing.
            code_part = line.split("#", 1)[0]
            found.update(CODE_LITERAL.findall(code_part))
    return found


def test_the_source_scan_finds_the_codes_it_should() -> None:
    codes = codes_in_source()
    assert {"S001", "S110", "S124", "S182", "C001", "C003"} <= codes
    assert all(re.fullmatch(r"[SC]\d{3}", c) for c in codes)


def test_every_code_in_the_source_has_a_bad_case() -> None:
    covered = {p.name.split("-", 1)[0] for p in ALL_CASES}
    missing = sorted(codes_in_source() - covered)
    assert missing == []


def test_every_code_in_the_source_is_reported_by_some_case() -> None:
    """A case file named after a code must also produce it (checked per case above); here: all
    codes together, so a code whose only case was renamed away is caught too."""
    reported = {code for case in ALL_CASES for code, *_ in read_expectations(case).diagnostics}
    assert sorted(codes_in_source() - reported) == []


def test_every_code_is_documented() -> None:
    doc = (SRC.parent.parent / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([SC]\d{3})` \|", doc, re.MULTILINE))
    assert documented == codes_in_source()


# --- determinism and rendering ------------------------------------------------------------------


def test_load_is_deterministic() -> None:
    """Same diagnostics, same order, on repeated loads of a project with many findings."""
    sources = [p for p in ALL_CASES if p.is_file() and p.name.startswith("S1")]
    runs = [load(sources, CASES).diagnostics for _ in range(3)]
    assert len(runs[0]) > 20
    assert runs[0] == runs[1] == runs[2]


def test_loaded_diagnostics_come_sorted_by_position() -> None:
    sources = [p for p in ALL_CASES if p.is_file() and p.name.startswith("S1")]
    diagnostics = load(sources, CASES).diagnostics
    assert diagnostics == sorted(diagnostics)


def test_render_gives_position_severity_code_message_and_hint() -> None:
    case = CASES / "S100-misspelled-type.yaml"
    (d,) = run_case(case)
    assert d.render() == (
        "S100-misspelled-type.yaml:13:14: error S100 unknown type 'Mony'\n"
        "    hint: did you mean 'Money'?"
    )


def test_render_without_hint_is_one_line() -> None:
    d = Diagnostic(Span("a.yaml", 3, 5), "S150", Severity.WARNING, "enum X has no default symbol")
    assert d.render() == "a.yaml:3:5: warning S150 enum X has no default symbol"


def test_to_json_names_every_part() -> None:
    case = CASES / "S100-misspelled-type.yaml"
    (d,) = run_case(case)
    assert d.to_json() == {
        "code": "S100",
        "severity": "error",
        "message": "unknown type 'Mony'",
        "hint": "did you mean 'Money'?",
        "path": "S100-misspelled-type.yaml",
        "line": 13,
        "column": 14,
    }


def test_an_unreadable_file_is_s007(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contract = tmp_path / "a.yaml"
    contract.write_text("package: demo.a\n", encoding="utf-8")

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    result = load([contract], tmp_path)
    assert [(d.code, str(d.span), d.message) for d in result.diagnostics] == [
        ("S007", "a.yaml:1:1", "cannot read file: Permission denied")
    ]


def test_load_project_raises_with_the_errors_only(tmp_path: Path) -> None:
    from stele.source.loader import load_project

    (tmp_path / "a.yaml").write_text(
        "package: demo.a\ntypes:\n  E:\n    enum: [A]\n  R:\n    fields:\n      x: Nope\n",
        encoding="utf-8",
    )
    with pytest.raises(SteleError) as info:
        load_project([tmp_path], tmp_path)
    assert [(d.code, str(d.span)) for d in info.value.diagnostics] == [("S100", "a.yaml:7:10")]
