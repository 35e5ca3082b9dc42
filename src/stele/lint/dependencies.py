"""Architecture checks from `uses`: chains of synchronous calls and what they cost.

The seed's warning: the availability of an operation is the product of the availability of the
services it calls synchronously, latency adds up along the chain, and a cycle of synchronous
calls can deadlock. These checks make those costs visible in lint.
"""

from __future__ import annotations

from collections.abc import Iterator

from stele.diagnostics import Diagnostic, error, info, warning
from stele.ir import Operation, Project, Style

MAX_SYNC_DEPTH = 2  # calls deeper than this (A -> B -> C -> D) are a warning
DEFAULT_AVAILABILITY = 0.999


def sync_closure(project: Project, op: Operation) -> tuple[list[Operation], list[str] | None]:
    """Operations reachable through synchronous calls, and a cycle through `op` if there is one."""
    by_name = {o.qualified_name: o for o in project.operations()}
    reached: dict[str, Operation] = {}
    stack: list[tuple[Operation, list[str]]] = [(op, [op.qualified_name])]
    cycle: list[str] | None = None
    while stack:
        current, path = stack.pop()
        for callee_name in current.uses.calls:
            if callee_name == op.qualified_name and cycle is None:
                cycle = [*path, callee_name]
            callee = by_name.get(callee_name)
            if callee is None or callee_name in reached:
                continue
            reached[callee_name] = callee
            stack.append((callee, [*path, callee_name]))
    return list(reached.values()), cycle


def call_depths(project: Project) -> dict[str, int]:
    """The longest chain of synchronous calls below each operation whose calls form no cycle.

    Memoized, so a layered call graph costs one visit per call instead of one per path (the
    paths grow exponentially with the layers). An operation that reaches a cycle is left out:
    its longest chain depends on the path taken into the cycle (see `depth`).
    """
    by_name = {o.qualified_name: o for o in project.operations()}
    depths: dict[str, int] = {}
    visiting: set[str] = set()
    cyclic: set[str] = set()

    def visit(name: str) -> int:
        if name in depths:
            return depths[name]
        op = by_name.get(name)
        if op is None:
            return -1  # reported by the loader; no link to count
        if name in visiting or name in cyclic:
            cyclic.add(name)
            return -1
        visiting.add(name)
        best = max((1 + visit(callee) for callee in op.uses.calls), default=0)
        visiting.discard(name)
        if any(callee in cyclic for callee in op.uses.calls) or name in cyclic:
            cyclic.add(name)
        else:
            depths[name] = best
        return best

    for name in by_name:
        visit(name)
    return depths


def depth(by_name: dict[str, Operation], op: Operation, seen: frozenset[str] = frozenset()) -> int:
    """The longest chain of synchronous calls from `op` that visits no operation twice."""
    best = 0
    for name in op.uses.calls:
        callee = by_name.get(name)
        if callee is None or name in seen:
            continue
        best = max(best, 1 + depth(by_name, callee, seen | {op.qualified_name}))
    return best


def availability(project: Project, op: Operation) -> tuple[float, list[str]]:
    """The upper bound of an operation's availability: the product over the services involved."""
    callees, _ = sync_closure(project, op)
    services = [op.service, *sorted({c.service for c in callees} - {op.service})]
    product = 1.0
    for name in services:
        product *= project.services[name].availability or DEFAULT_AVAILABILITY
    return product, services


def check_dependencies(project: Project) -> Iterator[Diagnostic]:
    by_name = {o.qualified_name: o for o in project.operations()}
    depths = call_depths(project)
    for op in project.operations():
        for callee_name in op.uses.calls:
            callee = by_name[callee_name]
            if callee.style is not Style.REQUEST_RESPONSE:
                yield error(
                    "S179",
                    f"{op.name} calls {callee_name}, which is {callee.style}, not a synchronous operation",
                    op.span,
                    "list asynchronous interactions under 'sends' or 'publishes'",
                )
        if not op.uses.calls:
            continue
        _, cycle = sync_closure(project, op)
        if cycle:
            yield error(
                "S181",
                "synchronous call cycle: " + " -> ".join(cycle),
                op.span,
                "break the cycle with an event or an asynchronous request",
            )
            continue
        d = depths.get(op.qualified_name)
        if d is None:
            d = depth(by_name, op)
        if d > MAX_SYNC_DEPTH:
            yield warning(
                "S180",
                f"{op.name} waits on a chain of {d} synchronous calls",
                op.span,
                "latency adds up and every link must be up: replace a link with a replicated view "
                "kept current by events",
            )
        value, services = availability(project, op)
        names = ", ".join(s.rsplit(".", 1)[-1] for s in services)
        yield info(
            "S182",
            f"{op.name} needs {len(services)} service{'' if len(services) == 1 else 's'} up at once ({names}): "
            f"availability at most {value * 100:.2f}%",
            op.span,
        )
