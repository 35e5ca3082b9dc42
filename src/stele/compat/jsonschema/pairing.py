"""Pairing `anyOf`/`oneOf` branches (and `allOf` members) by what they accept.

A writer branch is paired with the reader branch that provably accepts everything it accepts:
candidates are tried best first, ranked by the same `$ref` name (100), agreeing discriminator
or required `const` properties (90), the same schema (50), then what they accept: shared
`enum`/`const` values, values one side lists that the other's `pattern` matches, the same
`pattern`, shared property names. Candidates whose types are disjoint, or whose discriminator
`const`s differ, are never paired. When no candidate proves the branch covered, the best ranked
one is compared with it and the differences are reported there; none at all is a removed
(BACKWARD) or added (FORWARD) branch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stele.compat.jsonschema.accepts import accepts
from stele.compat.jsonschema.keywords import _dict, allowed_values, declared_types
from stele.compat.jsonschema.loading import Node, SchemaSet
from stele.compat.jsonschema.values import canonical

if TYPE_CHECKING:  # annotations only: compare imports this module
    from stele.compat.jsonschema.compare import Comparator

# Candidates tried for a proof, per writer branch (best ranked first).
MAX_PROOFS = 8
STRONG = 90.0  # the same `$ref` name or discriminator: the same variant, no proof needed


def ref_name(node: Node) -> str | None:
    ref = _dict(node).get("$ref")
    return (
        ref.rstrip("/").rsplit("/", 1)[-1].removesuffix(".schema.json")
        if isinstance(ref, str)
        else None
    )


def consts(node: Node) -> dict[str, str]:
    """Properties with a `const` (a discriminator), as canonical spellings."""
    props = _dict(node).get("properties") or {}
    if not isinstance(props, dict):
        return {}
    found = {}
    for name, prop in props.items():
        if isinstance(prop, dict) and "const" in prop:
            found[name] = canonical(prop["const"])
        elif (
            isinstance(prop, dict) and isinstance(prop.get("enum"), list) and len(prop["enum"]) == 1
        ):
            found[name] = canonical(prop["enum"][0])
    return found


def spelling(node: Node, schemas: SchemaSet) -> str:
    """`canonical` of a node's value, computed once per node."""
    found = schemas.spellings.get(node.key)
    if found is None:
        found = schemas.spellings[node.key] = canonical(node.value)
    return found


def score(cmp: Comparator, w_branch: Node, r_branch: Node) -> float:
    """How alike two branches are in what they accept; -1 when they cannot be one variant."""
    w_ref, r_ref = ref_name(w_branch), ref_name(r_branch)
    if w_ref is not None and w_ref == r_ref:
        return 100.0
    w = cmp.deref(w_branch, cmp.writer_set)
    r = cmp.deref(r_branch, cmp.reader_set)
    w_consts, r_consts = consts(w), consts(r)
    shared = set(w_consts) & set(r_consts)
    if shared:
        return STRONG if all(w_consts[k] == r_consts[k] for k in shared) else -1.0
    w_types = declared_types(w, cmp.writer_set)
    r_types = declared_types(r, cmp.reader_set)
    if (
        w_types is not None
        and r_types is not None
        and not (w_types & r_types or ("integer" in w_types and "number" in r_types))
    ):
        return -1.0
    if spelling(w, cmp.writer_set) == spelling(r, cmp.reader_set):
        return 50.0
    accepted = _by_values(cmp, w, r)
    if accepted is not None:
        return accepted
    w_pattern, r_pattern = _dict(w).get("pattern"), _dict(r).get("pattern")
    if w_pattern is not None and r_pattern is not None:
        return 25.0 if w_pattern == r_pattern else 22.0
    if w_types is None or r_types is None:
        return 0.0  # nothing to go by: usable for a union, too weak for an allOf member
    w_props = set(_dict(w).get("properties") or {})
    r_props = set(_dict(r).get("properties") or {})
    overlap = len(w_props & r_props) / len(w_props | r_props) if w_props | r_props else 1.0
    return 10.0 + 10.0 * overlap


def _by_values(cmp: Comparator, w: Node, r: Node) -> float | None:
    """Branches that list values: the share of the writer's values the reader accepts."""
    w_values, r_values = allowed_values(w), allowed_values(r)
    if w_values is None and r_values is None:
        return None
    if w_values is not None and r_values is not None:
        union = set(w_values) | set(r_values)
        return 30.0 + 10.0 * len(set(w_values) & set(r_values)) / max(len(union), 1)
    if w_values is not None:
        taken = sum(accepts(cmp, r, cmp.reader_set, v) for v in w_values.values())
        return 20.0 + 10.0 * taken / max(len(w_values), 1)
    return 12.0  # the reader lists values, the writer does not: a narrowing, still alike


class Index:
    """Union branches by `$ref` name and by `const` property, so that the two strongest matches
    (100: the same `$ref` name; 90: agreeing discriminator consts) are found without scoring
    every branch: a discriminated union of n branches pairs in n steps, not n squared."""

    def __init__(self, cmp: Comparator, nodes: list[Node], schemas: SchemaSet) -> None:
        self.nodes = nodes
        self.by_ref: dict[str, int] = {}
        self.by_const: dict[tuple[str, str], list[int]] = {}
        for i, node in enumerate(nodes):
            ref = ref_name(node)
            if ref is not None:
                self.by_ref.setdefault(ref, i)
            for pair in consts(cmp.deref(node, schemas)).items():
                self.by_const.setdefault(pair, []).append(i)

    def strongest(self, cmp: Comparator, node: Node, schemas: SchemaSet) -> int | None:
        """The first branch scoring 100 or 90 against `node`, or None when there is none."""
        ref = ref_name(node)
        if ref is not None and ref in self.by_ref:
            return self.by_ref[ref]
        found = {
            i
            for pair in consts(cmp.deref(node, schemas)).items()
            for i in self.by_const.get(pair, ())
        }
        hits = [i for i in sorted(found) if score(cmp, node, self.nodes[i]) == STRONG]
        return hits[0] if hits else None


def ranked(
    cmp: Comparator, branch: Node, candidates: list[Node], index: Index | None = None
) -> list[tuple[float, int]]:
    """(score, index) of the candidates that may be the branch's variant, best first."""
    if index is not None:
        strongest = index.strongest(cmp, branch, cmp.writer_set)
        if strongest is not None:
            return [(STRONG, strongest)]
    scored = [(score(cmp, branch, c), i) for i, c in enumerate(candidates)]
    return sorted(((s, i) for s, i in scored if s >= 0), key=lambda p: (-p[0], p[1]))


def pair(
    cmp: Comparator, branch: Node, candidates: list[Node], index: Index | None = None
) -> tuple[Node | None, bool]:
    """The reader branch to compare the writer's `branch` with, and whether one is already
    proven to accept all of it (then there is nothing to report)."""
    order = ranked(cmp, branch, candidates, index)
    if not order:
        return None, False
    best = candidates[order[0][1]]
    if order[0][0] >= STRONG:
        return best, False
    for _, i in order[:MAX_PROOFS]:
        if cmp.proves(branch, candidates[i]):
            return candidates[i], True
    return best, False


def uncovered_values(
    cmp: Comparator, branch: Node, candidates: list[Node]
) -> dict[str, Any] | None:
    """The `enum`/`const` values of a writer branch that no reader branch provably accepts;
    None when the branch lists no values."""
    values = allowed_values(cmp.deref(branch, cmp.writer_set))
    if values is None:
        return None
    return {
        key: value
        for key, value in values.items()
        if not any(accepts(cmp, c, cmp.reader_set, value) for c in candidates)
    }
