"""The two sides of a Protobuf diff compiled at the same time (a forked child compiles OLD):
the same outcome as one after the other, each side's errors its own, and a child that fails
costs a compilation, not the run."""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from stele.compat import proto_compile
from stele.compat.proto_compile import compile_sides

GOOD = b'syntax = "proto3";\npackage shop;\nmessage Order {\n  string id = 1;\n}\n'
OTHER = b'syntax = "proto3";\npackage shop;\nmessage Order {\n  int64 id = 1;\n}\n'
BAD = b'syntax = "proto3";\npackage shop;\nmessage Order {\n  string id = 1\n}\n'

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the platform does not fork")


def job(data: bytes) -> tuple[dict[str, bytes], set[str]]:
    return {"a.proto": data}, {"a.proto"}


def sequential(jobs: list[tuple[dict[str, bytes], set[str]]]) -> list[object]:
    return [proto_compile._compile(j) for j in jobs]


@needs_fork
def test_forked_outcomes_are_the_sequential_ones() -> None:
    jobs = [job(GOOD), job(OTHER)]
    # The forked path itself (compile_sides takes it only when no other thread runs, and other
    # tests of this process may have left one), then whichever path compile_sides takes.
    assert proto_compile._forked([jobs[0]], [jobs[1]]) == sequential(jobs)
    assert proto_compile._forked(jobs, []) == sequential(jobs)  # the child compiles both
    assert compile_sides(jobs) == sequential(jobs)
    assert compile_sides(jobs, child_takes_all=True) == sequential(jobs)


@needs_fork
def test_the_parent_runs_meanwhile_once_while_the_child_compiles() -> None:
    jobs = [job(GOOD), job(OTHER)]
    calls: list[int] = []
    meanwhile = lambda: calls.append(os.getpid())  # noqa: E731
    assert proto_compile._forked([jobs[0]], [jobs[1]], meanwhile) == sequential(jobs)
    assert proto_compile._forked(jobs, [], meanwhile) == sequential(jobs)
    assert calls == [os.getpid(), os.getpid()]  # in this process, never in the child


@pytest.fixture
def forking() -> Iterator[None]:
    """compile_sides forks although another test of this process (a broker client, a browser
    driver) left a thread: the forked path is what the test is about. A patch of its own, which
    a test's `monkeypatch.undo()` leaves in place."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(proto_compile, "_can_fork", lambda: True)
        yield


@needs_fork
@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("sides", [(BAD, GOOD), (GOOD, BAD), (BAD, BAD)])
def test_each_side_keeps_its_own_errors(sides: tuple[bytes, bytes]) -> None:
    outcomes = compile_sides([job(sides[0]), job(sides[1])])
    for data, outcome in zip(sides, outcomes, strict=True):
        if data is BAD:
            assert isinstance(outcome, list)
            assert [(d.code, d.span.line) for d in outcome] == [("D010", 5)]
        else:
            assert isinstance(outcome, bytes)


@needs_fork
@pytest.mark.usefixtures("forking")
def test_a_child_that_fails_costs_a_compilation(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child inherits the broken pickle and exits 1; the parent compiles OLD itself."""

    def broken(*_: object, **__: object) -> bytes:
        raise RuntimeError("no pickling in this test")

    monkeypatch.setattr("stele.compat.proto_compile.pickle.dumps", broken)
    jobs = [job(GOOD), job(OTHER)]
    monkeypatch.undo()
    expected = sequential(jobs)
    monkeypatch.setattr("stele.compat.proto_compile.pickle.dumps", broken)
    assert compile_sides(jobs) == expected


def test_without_fork_the_sides_are_compiled_in_turn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STELE_NO_FORK", "1")
    assert not proto_compile._can_fork()
    called: list[int] = []

    def no_fork() -> int:
        called.append(1)
        return 0

    monkeypatch.setattr("stele.compat.proto_compile.os.fork", no_fork, raising=False)
    jobs = [job(GOOD), job(BAD)]
    outcomes = compile_sides(jobs)
    assert (called, isinstance(outcomes[0], bytes), isinstance(outcomes[1], list)) == (
        [],
        True,
        True,
    )


def test_what_the_child_sends_is_checked() -> None:
    assert proto_compile._received(pickle.dumps([b"x"]), 0, 1) == [b"x"]
    assert proto_compile._received(pickle.dumps([b"x", []]), 0, 2) == [b"x", []]
    assert proto_compile._received(pickle.dumps([b"x"]), 1, 1) is None  # the child failed
    assert proto_compile._received(pickle.dumps([b"x"]), 0, 2) is None  # one outcome short
    assert proto_compile._received(pickle.dumps(b"x"), 0, 1) is None
    assert proto_compile._received(b"", 0, 1) is None
    assert proto_compile._received(b"not a pickle", 0, 1) is None
    assert proto_compile._received(pickle.dumps([{"a": 1}]), 0, 1) is None


@needs_fork
def test_the_diff_reports_the_first_failing_side(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from _console import stele

    monkeypatch.chdir(tmp_path)
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "old" / "a.proto").write_bytes(BAD)
    (tmp_path / "new" / "a.proto").write_bytes(BAD.replace(b"package shop;", b"package x;"))
    code, _, err = stele(capsys, "diff", "old", "new")
    assert (code, err.splitlines()[0]) == (2, 'old/a.proto:5:1: error D010 protoc: Expected ";".')


def test_the_parts_of_declarations_are_located_when_asked_for() -> None:
    """Declarations are located at once; a field's type, name or number (odd source paths) on
    the first lookup of one, each at the position protoc gives."""
    from google.protobuf import descriptor_pb2

    from stele.compat.protobuf._descriptors import _Spans, compile_with_source_info

    text = b'syntax = "proto3";\npackage shop;\nmessage Order {\n  repeated string id = 1;\n}\n'
    fds = descriptor_pb2.FileDescriptorSet()
    fds.ParseFromString(compile_with_source_info({"a.proto": text}, {"a.proto"}))
    locations = fds.file[0].source_code_info.location
    eager: dict[tuple[int, ...], tuple[int, int]] = {}
    for loc in locations:
        eager.setdefault(tuple(loc.path), (loc.span[0] + 1, loc.span[1] + 1))
    spans = _Spans(locations)
    field = (4, 0, 2, 0)
    assert dict(spans) == {p: s for p, s in eager.items() if len(p) < 2 or not len(p) % 2}
    assert spans.get(field) == (4, 3)
    declarations = dict(spans)
    assert spans.get((*field, 5)) == (4, 12)  # the type, found near the field's location
    assert (*field, 1) in spans and spans[(*field, 1)] == (4, 19)  # the name
    assert dict(spans) == {**declarations, (*field, 5): (4, 12), (*field, 1): (4, 19)}
    assert spans.get((*field, 99), (1, 1)) == (1, 1)  # no such part: every part read
    assert dict(spans) == eager


def test_spans_copy_as_a_plain_dict_of_every_path() -> None:
    import copy

    from google.protobuf import descriptor_pb2

    from stele.compat.protobuf._descriptors import _Spans, compile_with_source_info

    fds = descriptor_pb2.FileDescriptorSet()
    fds.ParseFromString(compile_with_source_info({"a.proto": GOOD}, {"a.proto"}))
    locations = fds.file[0].source_code_info.location
    copied = copy.deepcopy(_Spans(locations))
    assert type(copied) is dict
    assert copied == pickle.loads(pickle.dumps(_Spans(locations)))
    assert len(copied) == len({tuple(loc.path) for loc in locations})


def test_files_alike_on_both_sides_are_indexed_once() -> None:
    """index_sides gives what index_schema gives for each side, the records of a file compiled
    alike on both sides shared (its imports changed or not: the descriptor holds the resolved
    types)."""
    from stele.compat.protobuf._descriptors import (
        compile_with_source_info,
        index_schema,
        index_sides,
    )

    common = b'syntax = "proto3";\npackage c;\nmessage Money {\n  int64 units = 1;\n}\n'
    user = (
        b'syntax = "proto3";\npackage u;\nimport "c.proto";\n'
        b"message Order {\n  c.Money total = 1;\n  map<string, int32> n = 2;\n}\n"
    )
    old = {"c.proto": common, "u.proto": user, "a.proto": GOOD}
    new = {"c.proto": common.replace(b"int64", b"int32"), "u.proto": user, "a.proto": OTHER}
    chosen = {"c.proto", "u.proto", "a.proto"}
    compiled = [compile_with_source_info(files, chosen) for files in (old, new)]
    shared = index_sides(compiled[0], chosen, compiled[1], chosen)
    alone = [index_schema(data, chosen) for data in compiled]
    for both, one in zip(shared, alone, strict=True):
        assert vars(both).keys() == vars(one).keys()
        for name, records in vars(one).items():
            if name != "alike":  # what a diff leaves unpaired: nothing, for one side alone
                assert getattr(both, name) == records, name
    assert shared[0].alike == shared[1].alike == {"u.Order", "u.Order.NEntry"}
    assert shared[0].messages["u.Order"] is shared[1].messages["u.Order"]
    assert shared[0].messages["c.Money"] is not shared[1].messages["c.Money"]
