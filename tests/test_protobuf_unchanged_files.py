"""Files unchanged on both sides are left unpaired, and that changes no finding.

A file compiled alike on both sides, whose imports (at any depth) are too, holds the same
records on both sides (`index_sides`); `pair` leaves its declarations out of the pairing
and, when nothing imports it, does not index its declarations
(`_decls.SKIP_UNCHANGED`). These tests judge every Protobuf case of the corpus and trees
where unchanged files import changed ones with the shortcut on and off: the findings must be
the same, finding by finding.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stele.compat.catalogue import CheckerSettings
from stele.compat.diff import diff_paths
from stele.compat.model import Finding, Mode
from stele.compat.protobuf import _decls, _pairing
from stele.compat.protobuf._descriptors import compile_with_source_info, index_sides

CASES = Path(__file__).parent / "compat_cases" / "protobuf"
CATEGORIES = ("wire", "wire_json", "package", "file")


def _side(case: Path, name: str) -> Path:
    if (case / name).is_dir():
        return Path(name)
    return Path(sorted(case.glob(f"{name}.*"))[0].name)


def _both_ways(
    monkeypatch: pytest.MonkeyPatch, old: Path, new: Path, category: str, mode: Mode
) -> tuple[list[Finding], list[Finding]]:
    """The findings with the shortcut, then without it."""
    settings = CheckerSettings(protobuf_category=category)
    results = []
    for skip in (True, False):
        monkeypatch.setattr(_decls, "SKIP_UNCHANGED", skip)
        _pairing.pair.cache_clear()
        results.append(diff_paths(old, new, "protobuf", mode, settings).findings)
    _pairing.pair.cache_clear()
    return results[0], results[1]


def _corpus() -> list[Path]:
    return sorted(p.parent for p in CASES.glob("*/*/expected.json"))


@pytest.mark.parametrize("case", _corpus(), ids=lambda p: "/".join(p.parts[-2:]))
def test_corpus_findings_are_the_same_without_the_shortcut(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = json.loads((case / "expected.json").read_text())
    category = expected.get("checker_options", {}).get("category", "file")
    monkeypatch.chdir(case)
    skipped, full = _both_ways(
        monkeypatch, _side(case, "old"), _side(case, "new"), category, Mode.FULL
    )
    assert skipped == full


BASE = {
    "shared/kinds.proto": 'syntax = "proto3";\npackage shared;\n'
    "enum Kind {\n  KIND_UNSPECIFIED = 0;\n  KIND_A = 1;\n}\n"
    "message Money {\n  int64 units = 1;\n  int32 nanos = 2;\n}\n",
    "orders/order.proto": 'syntax = "proto3";\npackage orders;\nimport "shared/kinds.proto";\n'
    "message Order {\n  string id = 1;\n  shared.Kind kind = 2;\n  shared.Money total = 3;\n}\n"
    "service Orders {\n  rpc Get(Order) returns (Order);\n}\n",
    "orders/batch.proto": 'syntax = "proto3";\npackage orders;\nimport "orders/order.proto";\n'
    "message Batch {\n  repeated Order orders = 1;\n  map<string, Order> by_id = 2;\n}\n",
    "other/alone.proto": 'syntax = "proto3";\npackage other;\n'
    "message Alone {\n  string name = 1;\n  oneof pick {\n    int32 a = 2;\n    string b = 3;\n  }\n}\n",
}
# Changes to the imported file only: the files importing it are the same text on both sides.
EDITS = {
    "money-field-type": ("  int32 nanos = 2;", "  int64 nanos = 2;"),
    "money-field-removed": ("  int32 nanos = 2;\n", ""),
    "enum-value-removed": ("  KIND_A = 1;\n", ""),
    "enum-value-renamed": ("KIND_A = 1", "KIND_B = 1"),
    "money-renamed": ("message Money {", "message Money {}\nmessage Cash {"),
    "package-option": ("package shared;\n", 'package shared;\noption go_package = "x/y";\n'),
}


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_unchanged_importers_of_a_changed_file_keep_their_findings(
    edit: str, category: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, after = EDITS[edit]
    changed = dict(BASE)
    changed["shared/kinds.proto"] = BASE["shared/kinds.proto"].replace(before, after, 1)
    assert changed != BASE
    _write(tmp_path / "old", BASE)
    _write(tmp_path / "new", changed)
    monkeypatch.chdir(tmp_path)
    skipped, full = _both_ways(monkeypatch, Path("old"), Path("new"), category, Mode.FULL)
    assert skipped == full


def test_only_files_alike_with_alike_imports_are_unchanged() -> None:
    data = {k: v.encode() for k, v in BASE.items()}
    changed = dict(data)
    changed["shared/kinds.proto"] = data["shared/kinds.proto"].replace(b"KIND_A", b"KIND_B")
    chosen = set(data)
    old, new = index_sides(
        compile_with_source_info(data, chosen), chosen,
        compile_with_source_info(changed, chosen), chosen,
    )  # fmt: skip
    # order.proto and batch.proto are the same text, but import (at any depth) a changed file.
    assert old.unchanged == new.unchanged == {"other/alone.proto"}
    assert old.files["other/alone.proto"] is new.files["other/alone.proto"]
    pairing = _pairing.pair(old, new)
    # In the changed files, Money and Batch (with its map entry) are declared alike and name no
    # changed enum: left unpaired. Order names shared.Kind, which changed: paired.
    assert old.alike == new.alike == {"shared.Money", "orders.Batch", "orders.Batch.ByIdEntry"}
    assert {p.old.full_name for p in pairing.messages} == {"orders.Order"}
    assert not pairing.removed_messages
    # Nothing imports alone.proto: its declarations are not indexed, its file is.
    assert old.unread == {"other/alone.proto"}
    assert "other/alone.proto" in old.files and "other.Alone" not in old.messages


def test_an_unchanged_file_that_a_changed_one_imports_is_indexed() -> None:
    data = {k: v.encode() for k, v in BASE.items()}
    changed = dict(data)
    changed["orders/batch.proto"] = data["orders/batch.proto"].replace(b"by_id", b"by_key")
    chosen = set(data)
    old, new = index_sides(
        compile_with_source_info(data, chosen), chosen,
        compile_with_source_info(changed, chosen), chosen,
    )  # fmt: skip
    assert old.unchanged == {"shared/kinds.proto", "orders/order.proto", "other/alone.proto"}
    assert old.unread == {"other/alone.proto"}
    assert old.messages["orders.Order"] is new.messages["orders.Order"]
    assert "shared.Kind" in new.all_enums


# A file beside every differential case, the same on both sides, that nothing imports.
BYSTANDER = {"zz/bystander.proto": BASE["other/alone.proto"].replace("package other", "package zz")}


def _diffed(old: dict[str, str], new: dict[str, str], category: str) -> list[Finding]:
    from stele.compat.model import Direction
    from stele.compat.protobuf import ProtobufChecker

    sides = [{n: t.encode() for n, t in files.items()} for files in (old, new)]
    compiled = [compile_with_source_info(files, set(files)) for files in sides]
    old_schema, new_schema = index_sides(compiled[0], set(sides[0]), compiled[1], set(sides[1]))
    checker = ProtobufChecker(category)
    return [
        f
        for direction in (Direction.BACKWARD, Direction.FORWARD)
        for f in checker.check(old_schema, new_schema, direction)
    ]


def _loaded(old: dict[str, str], new: dict[str, str], category: str) -> list[Finding]:
    """Each side loaded on its own (`ProtobufChecker.load`): nothing shared, nothing skipped."""
    from stele.compat.model import Direction
    from stele.compat.protobuf import ProtobufChecker

    checker = ProtobufChecker(category)
    old_schema = checker.load({n: t.encode() for n, t in old.items()})
    new_schema = checker.load({n: t.encode() for n, t in new.items()})
    return [
        f
        for direction in (Direction.BACKWARD, Direction.FORWARD)
        for f in checker.check(old_schema, new_schema, direction)
    ]


def _differential_cases() -> list[str]:
    from _protobuf_vs_buf_cases import CASES as DIFFERENTIAL

    return sorted(DIFFERENTIAL)


@pytest.mark.parametrize("name", _differential_cases())
def test_differential_cases_find_the_same_with_shared_and_skipped_files(name: str) -> None:
    """The trees that tests/test_protobuf_vs_buf.py compares with buf, each with a bystander
    file: diffed as `stele diff` does (shared records, unchanged files skipped) they give what
    each side loaded on its own gives, in every category."""
    from _protobuf_vs_buf_cases import CASES as DIFFERENTIAL

    old, new = ({**files, **BYSTANDER} for files in DIFFERENTIAL[name])
    for category in CATEGORIES:
        _pairing.pair.cache_clear()
        assert _diffed(old, new, category) == _loaded(old, new, category), category
