"""`stele import` on the case files of tests/import_cases/<format>/<case>/: every construct of
each format (exact, and approximate with its diagnostics), and one multi-file estate per format.

Each case holds its input files, `args` (the paths and options, relative to the case) and
`expected/`: the exit code, the report on stdout, the diagnostics on stderr, the contract files
and the lock written. `STELE_UPDATE_CASES=1` rewrites `expected/` from the current output.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from _console import stele_in

CASES = Path(__file__).parent / "import_cases"
ALL = sorted(p.relative_to(CASES).as_posix() for p in CASES.glob("*/*") if (p / "args").is_file())
# Cases whose regenerated artifacts must be compatible with the originals both ways.
FAITHFUL = [c for c in ALL if not c.endswith("/approximate")]
UPDATE = os.environ.get("STELE_UPDATE_CASES") == "1"


def _run(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    source = CASES / case
    given = tmp_path / "in"
    shutil.copytree(source, given, ignore=shutil.ignore_patterns("expected", "args"))
    project = tmp_path / "project"
    project.mkdir()
    (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    args = (source / "args").read_text(encoding="utf-8").split()
    argv = [a if a.startswith("-") else "../in" if a == "." else f"../in/{a}" for a in args]
    return stele_in(project, capsys, "import", case.split("/")[0], *argv)


def _written(project: Path) -> dict[str, str]:
    files = {
        f"contracts/{p.name}": p.read_text(encoding="utf-8")
        for p in sorted((project / "contracts").glob("*.yaml"))
    }
    lock = project / "compat" / "stele.lock"
    if lock.is_file():
        files["stele.lock"] = lock.read_text(encoding="utf-8")
    return files


@pytest.mark.parametrize("case", ALL)
def test_case(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(case, tmp_path, capsys)
    actual = {"exit": f"{code}\n", "stdout.txt": out, "stderr.txt": err}
    actual |= _written(tmp_path / "project")
    expected_dir = CASES / case / "expected"
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, text in actual.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(expected_dir.rglob("*"))
        if p.is_file()
    }
    assert actual == expected


@pytest.mark.parametrize("case", FAITHFUL)
def test_faithful_cases_prove_compatible(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(case, tmp_path, capsys)
    assert code == 0, out + err
    assert "compatible both ways" in out
    assert "NOT compatible" not in out
    assert "1 comparison," in out


def test_approximate_cases_report_a_break_as_a_defect(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i, case in enumerate(c for c in ALL if c.endswith("/approximate")):
        code, out, err = _run(case, tmp_path / str(i), capsys)
        assert code == 1, case
        assert "error I900 " in out
        assert " warning I01" in err


def test_every_format_has_cases() -> None:
    assert {c.split("/")[0] for c in ALL} == {"avro", "protobuf", "jsonschema", "openapi"}
    for fmt in ("avro", "protobuf", "jsonschema", "openapi"):
        assert f"{fmt}/exact" in ALL and f"{fmt}/approximate" in ALL
    for fmt in ("avro", "protobuf", "jsonschema"):
        assert f"{fmt}/estate" in ALL
    # OpenAPI's estate (3.0: allOf, oneOf with a discriminator, nullable, parameters) is the
    # approximate case: each of those is an approximation the proof confirms.
