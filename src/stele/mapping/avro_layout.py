"""Which file defines each Avro named type, what each file depends on, and in which order.

A record or enum is defined once, in `avro/<package path>/<Name>.avsc`, and every other file
refers to it by full name. A parser needs a name defined before it is used, so files are loaded
in dependency order (`Layout.order`). Types that refer to each other in a cycle of two or more
(A holds a B that holds an A) cannot be split across files that way: such a cycle is one group,
defined together in the file of its first declared type, and `Layout.files` maps every member to
that file. A type that holds only itself is an ordinary one-type group.

`dependency_order` (strongly connected components, iterative, dependencies first) is shared with
the compatibility checker, which loads a foreign directory of per-type files the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from stele.ir import Enum, ListOf, MapOf, Project, Record, Ref, TypeExpr, Union
from stele.mapping.artifacts import AVRO_ROOT
from stele.mapping.avro_values import avro_full_name

N = TypeVar("N", bound=Hashable)

ROOT = AVRO_ROOT


def dependency_order(nodes: Iterable[N], successors: Callable[[N], Sequence[N]]) -> list[list[N]]:
    """The strongly connected components of a graph, each after every component it reaches.

    Tarjan's algorithm without recursion (a chain of 10,000 types must not hit the recursion
    limit); deterministic for a deterministic `nodes` order and `successors`. Successors that
    are not among `nodes` are ignored.
    """
    node_list = list(nodes)
    known = set(node_list)
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    on_stack: set[N] = set()
    stack: list[N] = []
    components: list[list[N]] = []
    for start in node_list:
        if start in index:
            continue
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        work: list[tuple[N, list[N], int]] = [
            (start, [s for s in successors(start) if s in known], 0)
        ]
        while work:
            node, succ, i = work[-1]
            if i < len(succ):
                work[-1] = (node, succ, i + 1)
                nxt = succ[i]
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, [s for s in successors(nxt) if s in known], 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[N] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component, key=index.__getitem__))
    return components


def named_uses(project: Project, t: Record | Enum) -> list[str]:
    """The records and enums `t` uses directly (a union stands for its variants), first use first."""
    if isinstance(t, Enum):
        return []
    seen: dict[str, None] = {}
    for f in t.fields:
        _uses(project, f.type, seen)
    return list(seen)


def _uses(project: Project, expr: TypeExpr, seen: dict[str, None]) -> None:
    if isinstance(expr, ListOf):
        _uses(project, expr.item, seen)
    elif isinstance(expr, MapOf):
        _uses(project, expr.value, seen)
    elif isinstance(expr, Ref):
        target = project.types[expr.name]
        if isinstance(target, Union):
            for v in target.variants:
                _uses(project, v.type, seen)
        else:
            seen.setdefault(target.name, None)


def avro_path(t: Record | Enum) -> str:
    """The file named for a record or enum, relative to the output directory."""
    namespace, _, name = avro_full_name(t).rpartition(".")
    folder = "/".join(namespace.split(".")) if namespace else ""
    return f"{ROOT}/{folder}/{name}.avsc" if folder else f"{ROOT}/{name}.avsc"


@dataclass(frozen=True)
class Group:
    """The named types one per-type file defines: one type, or a cycle of them (first = top)."""

    members: tuple[Record | Enum, ...]
    path: str
    depends: tuple[str, ...]  # the files of the groups this one uses, sorted

    @property
    def full_names(self) -> frozenset[str]:
        return frozenset(avro_full_name(m) for m in self.members)


@dataclass(frozen=True)
class Layout:
    groups: tuple[Group, ...]  # in dependency order: a group after every group it uses
    files: dict[str, str]  # stele type name -> the file that defines it

    @property
    def order(self) -> list[str]:
        return [g.path for g in self.groups]

    @functools.cached_property
    def position(self) -> dict[str, int]:
        """File -> its group's position in `groups`."""
        return {g.path: k for k, g in enumerate(self.groups)}


def layout(project: Project) -> Layout:
    """The per-type files of a project and their dependencies, in dependency order."""
    named = [t for t in project.types.values() if isinstance(t, Record | Enum)]
    declared = {t.name: k for k, t in enumerate(named)}
    uses = {t.name: named_uses(project, t) for t in named}
    components = dependency_order([t.name for t in named], lambda n: uses[n])
    files: dict[str, str] = {}
    for component in components:
        members = sorted(component, key=declared.__getitem__)
        path = avro_path(_named(project, members[0]))
        for member in members:
            files[member] = path
    groups = []
    for component in components:
        members = sorted(component, key=declared.__getitem__)
        path = files[members[0]]
        depends = {files[u] for m in members for u in uses[m]} - {path}
        groups.append(
            Group(tuple(_named(project, m) for m in members), path, tuple(sorted(depends)))
        )
    return Layout(tuple(groups), files)


def _named(project: Project, name: str) -> Record | Enum:
    t = project.types[name]
    assert isinstance(t, Record | Enum)
    return t
