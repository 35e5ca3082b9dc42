"""stele diff on directories of per-type .avsc files that refer to each other by full name (the
layout stele generates, and what a registry export looks like): the files load as one set of
named types in dependency order; a reference to a type no file defines, a cycle of files and a
chain deeper than the comparison follows each give an exact, located result."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from _console import stele
from hypothesis import given, settings
from hypothesis import strategies as st

from stele.compat.avro import CHECKER
from stele.compat.avro.loading import MAX_NAMED_DEPTH
from stele.diagnostics import SteleError

GOLDEN = Path(__file__).parent / "golden" / "avro" / "cross_package"


def write(path: Path, schema: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(schema), encoding="utf-8")


def record(name: str, *fields: tuple[str, Any]) -> dict[str, Any]:
    return {
        "type": "record",
        "name": name,
        "namespace": "x",
        "fields": [{"name": n, "type": t} for n, t in fields],
    }


@pytest.fixture
def sides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_change_to_a_referenced_type_is_found_in_its_own_file(
    sides: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(GOLDEN, sides / "old")
    shutil.copytree(GOLDEN, sides / "new")
    money = sides / "new" / "test" / "common" / "Money.avsc"
    schema = json.loads(money.read_text("utf-8"))
    schema["fields"].append({"name": "rate", "type": "double"})
    money.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    code, out, err = stele(capsys, "diff", "old", "new", "--format", "avro")
    assert (code, err) == (1, "")
    assert out == (
        "new/test/common/Money.avsc:22:7: error avro-field-added-without-default (backward)"
        " field rate"
        " added without a default: readers on the new schema cannot read data written with the"
        " old one\n"
        "    old: old/test/common/Money.avsc:3:3\n"
        "incompatible (avro, BACKWARD): 1 error, 0 warnings, 0 infos\n"
    )


def test_unchanged_per_type_directories_are_compatible(
    sides: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(GOLDEN, sides / "old")
    shutil.copytree(GOLDEN, sides / "new")
    assert stele(capsys, "diff", "old", "new") == (
        0,
        "compatible (avro, BACKWARD): 0 errors, 0 warnings, 0 infos\n",
        "",
    )


def test_files_that_use_each_other_in_a_cycle_load_and_compare(
    sides: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for side in ("old", "new"):
        write(sides / side / "A.avsc", record("A", ("b", ["null", "x.B"])))
        write(sides / side / "B.avsc", record("B", ("a", ["null", "x.A"])))
    write(sides / "new" / "B.avsc", record("B", ("a", ["null", "x.A"]), ("n", "int")))
    code, out, err = stele(capsys, "diff", "old", "new")
    assert (code, err) == (1, "")
    assert out.splitlines()[0].startswith(
        "new/B.avsc:1:103: error avro-field-added-without-default (backward) field n added"
        " without a default"
    )


def test_a_cycle_of_files_is_read_as_fastavro_reads_it() -> None:
    """A cycle is checked with the cycle's definitions written in: a bad default is found."""
    a = record("A", ("b", ["null", "x.B"]))
    b = record("B", ("a", ["null", "x.A"]), ("n", "int"))
    b["fields"][1]["default"] = "z"  # not an int: fastavro rejects it
    with pytest.raises(SteleError) as raised:
        CHECKER.load({"A.avsc": json.dumps(a).encode(), "B.avsc": json.dumps(b).encode()})
    [diagnostic] = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.span.path) == ("D101", "A.avsc")
    assert diagnostic.message == (
        "fastavro rejects the schema: Default value <z> must match schema type: int"
    )


def test_a_reference_to_a_type_no_file_defines_is_located(
    sides: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(sides / "old" / "A.avsc", record("A", ("b", "string")))
    write(sides / "new" / "A.avsc", record("A", ("b", "x.Gone")))
    assert stele(capsys, "diff", "old", "new") == (
        2,
        "",
        "new/A.avsc:1:63: error D101 unknown Avro type 'x.Gone'\n    hint: fix the .avsc file\n",
    )


def test_references_to_unknown_types_are_listed_20_times_then_counted() -> None:
    files = {
        f"R{k:02}.avsc": json.dumps(record(f"R{k:02}", ("x", f"Missing{k}"))).encode()
        for k in range(30)
    }
    with pytest.raises(SteleError) as raised:
        CHECKER.load(files)
    diagnostics = raised.value.diagnostics
    assert [(d.span.path, d.code) for d in diagnostics] == [
        *((f"R{k:02}.avsc", "D101") for k in range(21))
    ]
    assert [d.message for d in diagnostics[:2]] == [
        "unknown Avro type 'Missing0'",
        "unknown Avro type 'Missing1'",
    ]
    assert diagnostics[-1].message == "... and 10 more references to Avro types no file defines"


def _chain(n: int) -> dict[str, bytes]:
    return {
        f"R{k:04}.avsc": json.dumps(
            record(f"R{k}", *([("next", ["null", f"x.R{k + 1}"])] if k + 1 < n else []))
        ).encode()
        for k in range(n)
    }


def test_a_chain_of_files_as_deep_as_the_limit_compares() -> None:
    from stele.compat.model import Direction

    schemas = CHECKER.load(_chain(MAX_NAMED_DEPTH))
    assert CHECKER.check(schemas, schemas, Direction.BACKWARD) == []


def test_a_chain_of_files_deeper_than_the_limit_is_an_error_at_its_first_type() -> None:
    with pytest.raises(SteleError) as raised:
        CHECKER.load(_chain(3000))
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.render() == (
        "R2935.avsc:1:20: error D101 named types nest more than 64 deep from x.R2935 (through"
        " the types it uses): stele does not compare deeper schemas\n"
        "    hint: fix the .avsc files"
    )


def test_a_ring_of_files_longer_than_the_limit_is_an_error() -> None:
    n = 500
    files = {
        f"R{k:04}.avsc": json.dumps(
            record(f"R{k}", ("next", ["null", f"x.R{(k + 1) % n}"]))
        ).encode()
        for k in range(n)
    }
    with pytest.raises(SteleError) as raised:
        CHECKER.load(files)
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.code == "D101" and "nest more than 64 deep" in diagnostic.message


def _money(*extra: tuple[str, Any]) -> dict[str, Any]:
    return record("Money", ("amount", "long"), *extra)


def _message(money: dict[str, Any]) -> dict[str, Any]:
    return record("Order", ("total", money), ("tip", ["null", "x.Money"]))


def test_a_change_repeated_in_a_self_contained_file_is_reported_once() -> None:
    """The message file's copy of Money means what Money.avsc means: it is compared once."""
    from stele.compat.model import Direction

    def side(money: dict[str, Any]) -> Any:
        return CHECKER.load(
            {
                "x/Money.avsc": json.dumps(money).encode(),
                "messages/x.OrderPlaced.avsc": json.dumps(_message(money)).encode(),
            }
        )

    old, new = side(_money()), side(_money(("rate", "double")))
    findings = CHECKER.check(old, new, Direction.BACKWARD)
    assert [(f.rule, f.new.path if f.new else None) for f in findings] == [
        ("avro-field-added-without-default", "x/Money.avsc")
    ]


def test_a_self_contained_copy_that_differs_keeps_its_own_meaning() -> None:
    from stele.compat.model import Direction

    def side(message_money: dict[str, Any]) -> Any:
        return CHECKER.load(
            {
                "x/Money.avsc": json.dumps(_money()).encode(),
                "messages/x.OrderPlaced.avsc": json.dumps(_message(message_money)).encode(),
            }
        )

    old, new = side(_money()), side(_money(("rate", "double")))
    findings = CHECKER.check(old, new, Direction.BACKWARD)
    assert [(f.rule, f.new.path if f.new else None) for f in findings] == [
        ("avro-field-added-without-default", "messages/x.OrderPlaced.avsc")
    ]


# --- hostile directories: random references between files ------------------------------------

FUZZ_EXAMPLES = int(os.environ.get("STELE_FUZZ_EXAMPLES", "40"))


@st.composite
def reference_trees(draw: st.DrawFn) -> dict[str, bytes]:
    """A few record files referring to each other: qualified and short names, names no file
    defines, themselves, cycles, and copies of another file's type inside a file."""
    n = draw(st.integers(1, 5))

    def name(j: int) -> str:
        return draw(st.sampled_from([f"x.T{j}", f"T{j}"]))

    def type_of(depth: int) -> Any:
        j = draw(st.integers(0, n))  # n: a name no file defines
        options: list[Any] = [
            "int",
            name(j),
            ["null", name(j)],
            {"type": "array", "items": name(j)},
            {"type": "map", "values": name(j)},
        ]
        if depth < 2:
            inner = record(f"T{j}", *[(f"f{k}", type_of(depth + 1)) for k in range(2)])
            options.append(inner)  # a copy: the same as T{j}'s own file or not
        return draw(st.sampled_from(options))

    files = {}
    for i in range(n):
        fields = [(f"f{k}", type_of(0)) for k in range(draw(st.integers(0, 3)))]
        files[f"T{i}.avsc"] = json.dumps(record(f"T{i}", *fields)).encode()
    return files


def test_fuzz_directories_of_files_that_refer_to_each_other() -> None:
    from stele.compat.model import Direction
    from stele.diagnostics import Severity

    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=FUZZ_EXAMPLES <= 40)
    @given(old=reference_trees(), new=reference_trees())
    def fuzz(old: dict[str, bytes], new: dict[str, bytes]) -> None:
        loaded = []
        for files in (old, new):
            try:
                loaded.append(CHECKER.load(files))
            except SteleError as exc:
                for d in exc.diagnostics:
                    assert d.code in ("D101", "D005", "D006"), d.render()
                    assert d.span.path in files and d.span.line >= 1, d.render()
                continue
            schemas = loaded[-1]
            for direction in Direction:
                findings = CHECKER.check(schemas, schemas, direction)
                assert not [f for f in findings if f.severity is Severity.ERROR], findings
        if len(loaded) == 2:
            for direction in Direction:
                CHECKER.check(loaded[0], loaded[1], direction)  # no internal error

    fuzz()
