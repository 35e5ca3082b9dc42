"""`stele diff OLD NEW` on two Avro schemas: exit codes, the JSON form and the text form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _check_helpers import run

OLD: dict[str, Any] = {
    "type": "record",
    "name": "Courier",
    "namespace": "food.delivery",
    "fields": [{"name": "id", "type": "string"}, {"name": "name", "type": "string"}],
}


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --output, reporting commands pick `github` under GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def _write(tmp_path: Path, name: str, schema: dict[str, object]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    return path


def test_compatible_change_exits_zero(tmp_path: Path) -> None:
    new = {
        **OLD,
        "fields": [*OLD["fields"], {"name": "note", "type": ["null", "string"], "default": None}],
    }
    code, out = run(
        [
            "diff",
            str(_write(tmp_path, "old.avsc", OLD)),
            str(_write(tmp_path, "new.avsc", new)),
            "-o",
            "json",
        ]
    )
    assert code == 0
    doc = json.loads(out)
    assert (doc["compatible"], doc["findings"]) == (True, [])


def test_incompatible_change_exits_one_with_located_findings(tmp_path: Path) -> None:
    new = {**OLD, "fields": [OLD["fields"][0], {"name": "name", "type": "int"}]}
    old_path, new_path = _write(tmp_path, "old.avsc", OLD), _write(tmp_path, "new.avsc", new)
    code, out = run(["diff", str(old_path), str(new_path), "--mode", "full", "-o", "json"])
    assert code == 1
    doc = json.loads(out)
    assert doc["compatible"] is False
    assert [
        {k: f[k] for k in ("rule", "severity", "direction", "format", "old", "new")}
        for f in doc["findings"]
    ] == [
        {
            "rule": "avro-type-changed",
            "severity": "error",
            "direction": direction,
            "format": "avro",
            "old": {"path": old_path.as_posix(), "line": 11, "column": 7},
            "new": {"path": new_path.as_posix(), "line": 11, "column": 7},
        }
        for direction in ("backward", "forward")
    ]
    code, text = run(["diff", str(old_path), str(new_path), "--mode", "full"])
    lines = text.splitlines()
    assert code == 1
    assert lines[0].startswith(f"{new_path.as_posix()}:11:7: error avro-type-changed ")
    assert lines[-1] == "incompatible (avro, FULL): 2 errors, 0 warnings, 0 infos"


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    old = _write(tmp_path, "old.avsc", OLD)
    code, out = run(["diff", str(old), str(tmp_path / "missing.avsc")])
    assert code == 2
    assert "D001" in out


def test_two_files_of_different_formats_are_refused(tmp_path: Path) -> None:
    old = _write(tmp_path, "old.avsc", OLD)
    new = _write(tmp_path, "new.schema.json", {"type": "object", "properties": {}})
    code, out = run(["diff", str(old), str(new)])
    assert (code, out) == (
        2,
        f"{new}:1:1: error D013 '{old}' is avro but '{new}' is jsonschema: "
        "diff compares two versions of one format\n"
        "    hint: compare two files of one format, or pass --format to read both as one",
    )


@pytest.mark.parametrize("fmt", ["avro", "jsonschema"])
def test_format_option_reads_two_files_of_different_formats_as_one(
    tmp_path: Path, fmt: str
) -> None:
    """`{"type": "string"}` is an Avro schema and a JSON Schema: --format says which."""
    old = _write(tmp_path, "old.avsc", {"type": "string"})
    new = _write(tmp_path, "new.json", {"type": "string"})
    code, out = run(["diff", "--format", fmt, "-o", "text", str(old), str(new)])
    assert (code, out) == (0, f"compatible ({fmt}, BACKWARD): 0 errors, 0 warnings, 0 infos\n")


@pytest.mark.parametrize("side", ["old", "new"])
def test_a_directory_without_a_file_of_the_format_is_refused(tmp_path: Path, side: str) -> None:
    """An OLD folder that holds no `.avsc` (a release of contracts, say) would pass every schema
    of NEW as added: D017 at the folder, exit 2."""
    full, empty = tmp_path / "full", tmp_path / "empty"
    full.mkdir()
    empty.mkdir()
    _write(full, "courier.avsc", OLD)
    (empty / "notes.yaml").write_text("a: 1\n", encoding="utf-8")
    old, new = (empty, full) if side == "old" else (full, empty)
    code, out = run(["diff", str(old), str(new)])
    assert (code, out) == (
        2,
        f"{empty}:1:1: error D017 '{empty}' holds no avro file (.avsc)\n"
        "    hint: point OLD and NEW at the folders that hold the artifacts; pass --format if "
        "avro was guessed wrong",
    )
