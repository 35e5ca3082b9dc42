"""The files alike on both sides of a Protobuf diff, compiled on one side only and shared
(`stele.compat.proto_split`), give each side the very descriptor set protoc gives it whole."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.compat.proto_compile import Job, compile_sides
from stele.compat.proto_split import alike_files, compile_shared


def _tree(count: int, changed: set[int], extra: dict[str, bytes] | None = None) -> dict[str, bytes]:
    files = {}
    for i in range(count):
        imports = f'import "p/f{i - 1}.proto";\n' if i % 3 == 2 else ""
        field = "string" if i in changed else "int32"
        ref = f"  p{i - 1}.M{i - 1} prev = 3;\n" if imports else ""
        files[f"p/f{i}.proto"] = (
            f'syntax = "proto3";\npackage p{i};\n{imports}'
            'import "google/protobuf/timestamp.proto";\n'
            f"message M{i} {{\n  {field} a = 1;\n  google.protobuf.Timestamp t = 2;\n{ref}}}\n"
        ).encode()
    files.update(extra or {})
    return files


def _both(old: dict[str, bytes], new: dict[str, bytes]) -> tuple[Job, Job]:
    return (old, set(old)), (new, set(new))


@pytest.mark.parametrize("changed", [set(), {0}, {1, 4}, {5}, {0, 1, 2, 3}])
def test_shared_sets_are_protocs_own(changed: set[int]) -> None:
    old, new = _tree(12, set()), _tree(12, changed)
    jobs = _both(old, new)
    _, merged = compile_shared(*jobs)
    whole = compile_sides(jobs)
    assert merged is not None
    from google.protobuf import descriptor_pb2

    assert [descriptor_pb2.FileDescriptorSet(file=m).SerializeToString() for m in merged] == whole


def test_a_file_importing_a_changed_file_is_not_alike() -> None:
    old, new = _tree(12, set()), _tree(12, {1})
    alike = alike_files(*_both(old, new))
    assert "p/f1.proto" not in alike
    assert "p/f2.proto" not in alike  # imports f1
    assert "p/f0.proto" in alike
    assert "p/f4.proto" in alike


def test_an_import_the_scan_misses_makes_both_sides_compile_whole() -> None:
    hidden = (
        b'syntax = "proto3";\npackage q;\nimport\n  "p/f1.proto";\nmessage Q { p1.M1 m = 1; }\n'
    )
    old = _tree(12, set(), {"q.proto": hidden})
    new = _tree(12, {1}, {"q.proto": hidden})
    jobs = _both(old, new)
    assert "q.proto" in alike_files(*jobs)
    outcomes, merged = compile_shared(*jobs)
    assert merged is None
    assert outcomes == compile_sides(jobs)


def test_an_error_makes_both_sides_compile_whole() -> None:
    broken = {"z.proto": b'syntax = "proto3";\nmessage Z { Nope n = 1; }\n'}
    old, new = _tree(12, set(), broken), _tree(12, {1}, broken)
    jobs = _both(old, new)
    outcomes, merged = compile_shared(*jobs)
    assert merged is None
    assert all(isinstance(o, list) for o in outcomes)
    assert outcomes == compile_sides(jobs)


def _naive_alike(old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    from stele.compat.proto_tree import imports_of

    alike = {n for n in old if new.get(n) == old[n]}
    while True:
        bad = {
            n
            for n in alike
            if any(i not in alike and (i in old or i in new) for i in imports_of(old[n]))
        }
        if not bad:
            return alike
        alike -= bad


def _graph(edges: list[tuple[int, int]], changed: set[int], size: int) -> tuple[Job, Job]:
    sides = []
    for marks in (set(), changed):
        files = {}
        for i in range(size):
            lines = [f'import "f{j}.proto";' for a, j in edges if a == i]
            lines.append(f"// {'changed' if i in marks else ''}")
            files[f"f{i}.proto"] = "\n".join(lines).encode()
        sides.append(files)
    return _both(sides[0], sides[1])


# Generation is cheap; on a loaded machine it can still be slow by the clock.
@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 13)), max_size=30),
    st.sets(st.integers(0, 13), max_size=3),
)
def test_alike_files_is_the_fixpoint(edges: list[tuple[int, int]], changed: set[int]) -> None:
    old, new = _graph(edges, changed, 12)  # f12 and f13 are in neither tree: well-known types
    assert alike_files(old, new) == _naive_alike(old[0], new[0])


def test_a_long_chain_of_imports_is_not_alike_from_its_changed_end() -> None:
    size = 3000
    old, new = _graph([(i, i - 1) for i in range(1, size)], {0}, size)
    assert alike_files(old, new) == set()
    old, new = _graph([(i, i - 1) for i in range(1, size)], {size - 1}, size)
    assert len(alike_files(old, new)) == size - 1


def test_a_file_the_scan_does_not_see_imported_is_still_found() -> None:
    """The hidden import is not written for the shared compile (protoc fails there): both sides
    are compiled whole, and succeed."""
    dep = b'syntax = "proto3";\npackage d;\nmessage D {}\n'
    hidden = b'syntax = "proto3";\npackage q;\nimport\n  "dep.proto";\nmessage Q { d.D m = 1; }\n'
    old = _tree(12, set(), {"q.proto": hidden, "dep.proto": dep})
    new = _tree(12, {1}, {"q.proto": hidden, "dep.proto": dep})
    jobs: tuple[Job, Job] = ((old, set(old) - {"dep.proto"}), (new, set(new) - {"dep.proto"}))
    outcomes, merged = compile_shared(*jobs)
    assert merged is None
    assert all(isinstance(o, bytes) for o in outcomes)
    assert outcomes == compile_sides(jobs)


def test_the_files_alike_go_to_the_lighter_side_after_the_head_start() -> None:
    from stele.compat.proto_split import _halves

    files = {f"f{i}.proto": b"x" * size for i, size in enumerate((50, 40, 30, 20, 10))}
    assert _halves(set(files), files, (0, 0)) == (
        {"f0.proto", "f3.proto", "f4.proto"},
        {"f1.proto", "f2.proto"},
    )
    # NEW (this process) starts 100 bytes heavier: OLD's child takes the files until it is not.
    assert _halves(set(files), files, (5, 5), 100) == (
        {"f0.proto", "f1.proto", "f2.proto", "f4.proto"},
        {"f3.proto"},
    )
    # A side with no file of its own still gets one: protoc is given no empty job.
    assert _halves(set(files), files, (0, 0), 1000) == (
        {"f0.proto", "f1.proto", "f2.proto", "f3.proto"},
        {"f4.proto"},
    )


def test_the_child_compiles_both_sides_of_a_small_tree() -> None:
    from stele.compat.proto_split import HEAD_START, _child_takes_all

    def job(size: int) -> Job:
        return {"a.proto": b"x" * size}, {"a.proto"}

    # Both together take the child less long than this process takes to load the checker.
    assert _child_takes_all(job(HEAD_START // 4), job(HEAD_START // 4))
    # OLD's share alone is about the checker's loading: compiling both would take longer.
    assert not _child_takes_all(job(HEAD_START), job(HEAD_START // 4))
    assert not _child_takes_all(job(4 * HEAD_START), job(4 * HEAD_START))
