"""Packages that refer to each other in a cycle (S184).

Each package becomes one `.proto` file that imports the files of the packages its types and
services refer to; protoc refuses files that import each other, directly or around a longer
loop. Found here, the cycle points at a reference in the contracts instead of at a generated file.
"""

from __future__ import annotations

from collections.abc import Iterator

from stele.diagnostics import Diagnostic, error
from stele.ir import Project, Record, Span, Style, Union, named_refs

# package -> package it refers to -> where it first does, in declaration order
Edges = dict[str, dict[str, Span]]


def package_edges(project: Project) -> Edges:
    """The references from one package to another, each with the position of its first use."""
    edges: Edges = {}

    def refer(package: str, target: str | None, where: Span) -> None:
        named = project.types.get(target or "")
        if named is not None and named.package != package:
            edges.setdefault(package, {}).setdefault(named.package, where)

    for t in project.types.values():
        if isinstance(t, Record):
            for f in t.fields:
                for name in named_refs(f.type):
                    refer(t.package, name, f.type_span)
        elif isinstance(t, Union):
            for v in t.variants:
                refer(t.package, v.type.name, v.span)
    for service in project.services.values():
        for op in service.operations:
            if op.style is Style.REQUEST_RESPONSE and op.grpc:  # an rpc imports its records
                refer(service.package, op.request, op.span)
                refer(service.package, op.response, op.span)
    return edges


def check_package_cycles(project: Project) -> Iterator[Diagnostic]:
    edges = package_edges(project)
    reported: set[frozenset[str]] = set()
    for start in sorted(edges):
        cycle = _shortest_cycle(start, edges)
        if not cycle or frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        yield error(
            "S184",
            f"packages refer to each other in a cycle: {' -> '.join(cycle)}",
            edges[cycle[0]][cycle[1]],
            "Protobuf files cannot import each other: move the types both sides use into a "
            "package of their own, or refer in one direction only",
        )


def _shortest_cycle(start: str, edges: Edges) -> list[str]:
    """The shortest path from `start` back to itself (breadth first, targets in sorted order)."""
    paths: list[list[str]] = [[start]]
    seen = {start}
    while paths:
        following: list[list[str]] = []
        for path in paths:
            for target in sorted(edges.get(path[-1], {})):
                if target == start:
                    return [*path, start]
                if target not in seen:
                    seen.add(target)
                    following.append([*path, target])
        paths = following
    return []
