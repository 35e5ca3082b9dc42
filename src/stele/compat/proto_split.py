"""Files alike on both sides of a Protobuf diff compiled once, by one side or the other.

A file with the same bytes on both sides, whose imports (at any depth) are alike on both sides
too, compiles to the same FileDescriptorProto on either side. So each such file is given to
protoc on one side only (the two sides share the work, and compile at the same time:
`proto_compile`), and each side's descriptor set is completed with the other side's copies, in
the order protoc itself lists them (the files to compile in order, each after its imports).
Each side's protoc is given only the files its share imports, at any depth.

The imports are found by scanning the files' text (`proto_tree.imports_of`); the compiled
descriptors' own import lists are checked against that scan, and on any doubt (a scan that
missed an import, a protoc error on either side) both sides are compiled whole, as without
sharing: the outcome is the same, only slower.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stele.compat.proto_compile import Job, Outcome, compile_sides
from stele.compat.proto_tree import imports_of

# Fewer files alike than this: sharing them saves less than the merging costs.
MIN_SHARED = 4
# Where the sides compile at the same time, the forked child compiles OLD's share while this
# process compiles NEW's and then loads the modules that index and judge the descriptors
# (`_load_checker`, about 0.04 s): NEW's share is lighter by about as much `.proto` text as
# protoc compiles in that time (it compiles some 2 MB a second).
HEAD_START = 64 * 1024


def compile_shared(old: Job, new: Job) -> tuple[list[Outcome], list[Any] | None]:
    """The outcomes of compiling both sides, and each side's files (FileDescriptorProto, in
    the order of a FileDescriptorSet) when the files alike were shared (None when each side
    was compiled whole)."""
    alike = alike_files(old, new)
    if len(alike) < MIN_SHARED:
        return compile_sides([old, new], _load_checker, _child_takes_all(old, new)), None
    own = [old[1] - alike, new[1] - alike]
    sizes = (_size(own[0], old[0]), _size(own[1], new[0]))
    give_old, give_new = _halves(alike, old[0], sizes, HEAD_START)
    jobs = [_needed(old[0], own[0] | give_old), _needed(new[0], own[1] | give_new)]
    if not jobs[0][1] or not jobs[1][1]:
        return compile_sides([old, new], _load_checker, _child_takes_all(old, new)), None
    outcomes = compile_sides(jobs, _load_checker, _child_takes_all(*jobs))
    if isinstance(outcomes[0], list) or isinstance(outcomes[1], list):
        return compile_sides([old, new]), None
    merged = _merged(outcomes[0], outcomes[1], alike, (old, new))
    if merged is None:
        return compile_sides([old, new]), None
    return outcomes, merged


def _load_checker() -> None:
    """The modules that merge, index and judge the compiled sides (imported anyway, right
    after compiling: here while the forked child may still compile)."""
    from google.protobuf import descriptor_pb2  # noqa: F401

    from stele.compat.protobuf import _descriptors, _engine  # noqa: F401


def _child_takes_all(old: Job, new: Job) -> bool:
    """Whether the forked child compiling both jobs ends sooner than the child compiling OLD's
    while this process compiles NEW's and then loads the checker (small trees)."""
    first, second = _size(old[1], old[0]), _size(new[1], new[0])
    return max(first + second, HEAD_START) < max(first, second + HEAD_START)


def _size(names: set[str], files: dict[str, bytes]) -> int:
    return sum(len(files[name]) for name in names if name in files)


def _needed(files: dict[str, bytes], inputs: set[str]) -> Job:
    """The job of compiling `inputs`, given only the files they import at any depth (protoc is
    given them on disk: the others need not be written)."""
    seen: set[str] = set()
    todo = sorted(inputs)
    while todo:
        name = todo.pop()
        if name not in seen and name in files:
            seen.add(name)
            todo.extend(imports_of(files[name]))
    if len(seen) == len(files):
        return files, inputs
    return {name: data for name, data in files.items() if name in seen}, inputs


def alike_files(old: Job, new: Job) -> set[str]:
    """The files to compile on both sides with the same bytes whose imports, at any depth, are
    alike on both sides or in neither tree (a well-known type)."""
    old_files, new_files = old[0], new[0]
    candidates = {
        name
        for name in old[1] & new[1]
        if name in new_files and name in old_files and old_files[name] == new_files[name]
    }
    imports = {name: imports_of(old_files[name]) for name in candidates}
    importers: dict[str, list[str]] = {}
    for name, found in imports.items():
        for imported in found:
            importers.setdefault(imported, []).append(name)
    # Not alike: a file importing a tree file that is not a candidate, and (at any depth) every
    # file importing one that is not alike; one pass over the import edges.
    todo = [
        name
        for name, found in imports.items()
        if any(i not in candidates and (i in old_files or i in new_files) for i in found)
    ]
    while todo:
        name = todo.pop()
        if name in candidates:
            candidates.discard(name)
            todo.extend(importers.get(name, ()))
    return candidates


def _halves(
    alike: set[str], files: dict[str, bytes], own: tuple[int, int], head_start: int = 0
) -> tuple[set[str], set[str]]:
    """The files alike split between the sides, by size (largest first, to the lighter side;
    `own`: the bytes of each side's own files; NEW starts `head_start` bytes heavier). A side
    with no file of its own gets at least one (protoc is given no empty job)."""
    sides: tuple[set[str], set[str]] = (set(), set())
    weight = [own[0], own[1] + head_start]
    empty = [size == 0 for size in own]
    for name in sorted(alike, key=lambda n: (-len(files[n]), n)):
        lighter = 0 if weight[0] <= weight[1] else 1
        sides[lighter].add(name)
        weight[lighter] += len(files[name])
    for side in (0, 1):
        other = sides[1 - side]
        if empty[side] and not sides[side] and len(other) > 1:
            smallest = min(other, key=lambda n: (len(files[n]), n))
            other.discard(smallest)
            sides[side].add(smallest)
    return sides


def _merged(
    old: Any, new: Any, alike: set[str], jobs: Sequence[tuple[dict[str, bytes], set[str]]]
) -> list[Any] | None:
    """Each side's files completed with the other's files alike (and what they
    import outside both trees), ordered as protoc orders a whole side; None when a compiled
    file imports a file the scan did not see alike."""
    from google.protobuf import descriptor_pb2

    sets = []
    for data in (old, new):
        fds = descriptor_pb2.FileDescriptorSet()
        fds.ParseFromString(data)
        sets.append({f.name: f for f in fds.file})
    for name in alike:
        for side in sets:
            found = side.get(name)
            if found is None:
                continue
            for dep in found.dependency:
                if dep not in alike and any(dep in job[0] for job in jobs):
                    return None  # an import the scan missed, or one that is not alike
    result = []
    for mine, theirs, job in ((sets[0], sets[1], jobs[0]), (sets[1], sets[0], jobs[1])):
        pool = {**{n: f for n, f in theirs.items() if n in alike or n not in job[0]}, **mine}
        ordered = _protoc_order(sorted(job[1]), pool)
        if ordered is None:
            return None
        result.append(ordered)  # not copied into a new FileDescriptorSet: that copies each
    return result


def _protoc_order(inputs: list[str], pool: dict[str, Any]) -> list[Any] | None:
    """The files protoc's `--include_imports` lists for `inputs`: each input after its imports
    (in their order, at any depth), each file once."""
    seen: set[str] = set()
    ordered: list[Any] = []
    for root in inputs:
        if root in seen:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        seen.add(root)
        while stack:
            name, at = stack.pop()
            file = pool.get(name)
            if file is None:
                return None
            deps = file.dependency
            if at < len(deps):
                stack.append((name, at + 1))
                dep = deps[at]
                if dep not in seen:
                    seen.add(dep)
                    stack.append((dep, 0))
                continue
            ordered.append(file)
    return ordered
