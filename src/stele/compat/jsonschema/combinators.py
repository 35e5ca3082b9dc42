"""Nullability, `oneOf`/`anyOf`/`allOf`, `not` and `if`/`then`/`else`.

Union branches are paired by what they accept (`pairing`): a writer branch some reader branch
provably accepts is covered; an `enum` branch is covered when each of its values is accepted by
one reader branch or another. A writer branch without a reader branch is a removed (BACKWARD)
or added (FORWARD) variant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stele.compat.handlers import handles
from stele.compat.jsonschema.keywords import _dict
from stele.compat.jsonschema.loading import Node, SchemaSet
from stele.compat.jsonschema.pairing import Index, pair, score, uncovered_values
from stele.compat.jsonschema.rules import by_id
from stele.compat.jsonschema.values import canonical, child_or, constraints

if TYPE_CHECKING:  # annotations only: compare imports this module
    from stele.compat.jsonschema.compare import Comparator

UNIONS = (("oneOf", "one-of"), ("anyOf", "any-of"))
_KEYWORDS = {kind: keyword for keyword, kind in UNIONS}


def _is_null_branch(node: Node) -> bool:
    value = node.value
    if not isinstance(value, dict):
        return False
    return (
        value.get("type") == "null"
        or ("const" in value and value["const"] is None)
        or value.get("enum") == [None]
    )


def explicit_null(node: Node, schemas: SchemaSet) -> bool:
    """Whether a schema names null: `type: [T, "null"]`, a null branch, `nullable: true`."""
    value = _dict(node)
    raw_type = value.get("type")
    if raw_type == "null" or (isinstance(raw_type, list) and "null" in raw_type):
        return True
    if schemas.openapi30(node) and value.get("nullable") is True:
        return True
    if None in (value.get("enum") or []) or ("const" in value and value["const"] is None):
        return True
    return any(
        _is_null_branch(node.child(key, i))
        for key, _ in UNIONS
        for i in range(len(value.get(key) or []))
    )


def _implicit_null(node: Node) -> bool:
    value = _dict(node)
    if node.value is True:
        return True
    return not any(
        k in value for k in ("type", "enum", "const", "oneOf", "anyOf", "allOf", "$ref", "not")
    )


@handles(*by_id("json-nullable-added", "json-nullable-removed"))
def compare_nullability(
    cmp: Comparator,
    writer: Node,
    reader: Node,
    nulls: tuple[bool, bool] = (False, False),
    at: tuple[Node, Node] | None = None,
) -> bool:
    """Report null lost or gained; False when nothing but null was allowed by the writer.
    `nulls`: whether writer and reader said `nullable: true` on the way to these nodes, `at`
    the nodes the finding is placed at then."""
    if not (nulls[0] or explicit_null(writer, cmp.writer_set)):
        return True
    if nulls[1] or explicit_null(reader, cmp.reader_set) or _implicit_null(reader):
        return True
    w_at, r_at = at or (writer, reader)
    if cmp.backward:
        cmp.emit("json-nullable-removed", w_at, r_at)
    else:
        cmp.emit("json-nullable-added", w_at, r_at)
    return _dict(writer).get("type") != "null"


def union(node: Node) -> tuple[str, list[Node]] | None:
    """(kind, non-null branches) of a `oneOf`/`anyOf`, or None."""
    value = _dict(node)
    for key, kind in UNIONS:
        if isinstance(value.get(key), list):
            branches = [node.child(key, i) for i in range(len(value[key]))]
            return kind, [b for b in branches if not _is_null_branch(b)]
    return None


def _only_union(node: Node) -> bool:
    rest = {k for k in constraints(node.value) if k not in ("oneOf", "anyOf", "type", "nullable")}
    return not rest


def _branches(node: Node) -> tuple[str | None, list[Node]]:
    """A union's kind and non-null branches; a plain schema is one branch of no kind."""
    found = union(node)
    if found is None:
        return None, [node]
    kind, branches = found
    if len(branches) == 1 and _only_union(node):
        return None, branches  # `oneOf: [X, {type: null}]` is X (null was handled before)
    return kind, branches


@handles(
    *by_id(
        "json-any-of-branch-added",
        "json-any-of-branch-removed",
        "json-one-of-branch-added",
        "json-one-of-branch-removed",
    )
)
def compare_unions(cmp: Comparator, writer: Node, reader: Node) -> bool:
    """Handle the pair when either side is a union; False when neither is.

    Each writer branch must be accepted by some reader branch (`pairing`). A writer whose own
    keywords are already within the reader is done: its union only restricted them (dropping
    such an `anyOf` is a relaxation). A reader's keywords beside its union hold for every
    instance, so a plain writer is checked against them as well.
    """
    w_union, r_union = union(writer), union(reader)
    if w_union is None and r_union is None:
        return False
    w_kind, w_branches = _branches(writer)
    r_kind, r_branches = _branches(reader)
    w_rest = _siblings(writer) if w_union is not None else None
    if w_rest is not None and r_union is None:
        _union_against_plain(cmp, writer, w_rest, w_branches, reader)
        return True
    if w_kind is None and r_kind is None:
        cmp.compare(w_branches[0], r_branches[0], null_settled=True)
        return True
    index = Index(cmp, r_branches, cmp.reader_set) if len(r_branches) > 8 else None
    for branch in w_branches:
        if w_rest is not None and w_kind is not None:
            branch = _with_siblings(cmp, branch, w_rest)
        _judge_branch(cmp, w_kind, branch, r_branches, reader, index)
    if r_union is not None and w_union is None:
        rest = _siblings(reader)
        if rest is not None:
            cmp.compare_keywords(writer, Node(rest, reader.doc, reader.pointer))
    return True


def _siblings(node: Node) -> dict[str, Any] | None:
    """The schema without its `oneOf`/`anyOf`, when it has other constraints (null aside: the
    union's nullability was judged before)."""
    value = _dict(node)
    if not any(k not in ("oneOf", "anyOf", "nullable") for k in constraints(value)):
        return None
    return {k: v for k, v in value.items() if k not in ("oneOf", "anyOf")}


def _with_siblings(cmp: Comparator, branch: Node, rest: dict[str, Any]) -> Node:
    """A writer branch as its instances are: the branch and the keywords beside the union
    (`required` lists joined, `properties` merged name by name, the branch's keyword winning
    elsewhere). Placed at the branch, so that findings name it."""
    target = cmp.deref(branch, cmp.writer_set)
    value = target.value
    if value is False:
        return target
    if value is True or not isinstance(value, dict):
        return Node(rest, target.doc, target.pointer)
    merged = {**rest, **value}
    if isinstance(rest.get("required"), list) and isinstance(value.get("required"), list):
        merged["required"] = list(dict.fromkeys([*rest["required"], *value["required"]]))
    r_props, b_props = rest.get("properties"), value.get("properties")
    if isinstance(r_props, dict) and isinstance(b_props, dict):
        merged["properties"] = {
            name: _merge_property(r_props.get(name), b_props.get(name))
            for name in dict.fromkeys([*r_props, *b_props])
        }
    return Node(merged, target.doc, target.pointer)


def _merge_property(outer: Any, inner: Any) -> Any:
    if isinstance(outer, dict) and isinstance(inner, dict):
        return {**outer, **inner}
    return inner if inner is not None else outer


def _union_against_plain(
    cmp: Comparator, writer: Node, rest: dict[str, Any], branches: list[Node], reader: Node
) -> None:
    """A writer with keywords beside its union, a reader without a union. Covered when the
    keywords alone are within the reader (the union only restricted them: dropping it is a
    relaxation), or when every branch is, taken with them. Otherwise the keywords are compared
    with the reader, once, where the writer has them (not once per branch)."""
    # A pointer of its own for the proof: the node holds another value than the writer's.
    if cmp.proves(Node(rest, writer.doc, writer.pointer + "/*siblings"), reader):
        return
    if all(cmp.proves(_with_siblings(cmp, b, rest), reader) for b in branches):
        return
    cmp.compare_keywords(Node(rest, writer.doc, writer.pointer), reader)


def _judge_branch(
    cmp: Comparator,
    w_kind: str | None,
    branch: Node,
    r_branches: list[Node],
    reader: Node,
    index: Index | None,
) -> None:
    match, proven = pair(cmp, branch, r_branches, index)
    if proven:
        return
    missing = uncovered_values(cmp, branch, r_branches) if len(r_branches) > 1 else None
    if missing is not None:
        if not missing:
            return  # every value it lists is accepted by one reader branch or another
        value = _dict(cmp.deref(branch, cmp.writer_set))
        if match is not None and "enum" in value and "const" not in value:
            # Report only the values no reader branch accepts, against the paired branch.
            narrowed = {**value, "enum": [v for v in value["enum"] if canonical(v) in missing]}
            cmp.compare(Node(narrowed, branch.doc, branch.pointer), match, null_settled=True)
            return
    if match is not None:
        cmp.compare(branch, match, null_settled=True)
    elif w_kind is not None:
        _branch_unmatched(cmp, w_kind, branch, reader)
    else:
        cmp.compare(branch, r_branches[0], null_settled=True)


def _branch_unmatched(cmp: Comparator, kind: str, branch: Node, reader: Node) -> None:
    verb = "removed" if cmp.backward else "added"
    cmp.emit(f"json-{kind}-branch-{verb}", branch, reader, branch=_branch_name(branch))


def _branch_name(node: Node) -> str:
    value = _dict(node)
    if isinstance(value.get("$ref"), str):
        return repr(value["$ref"])
    if isinstance(value.get("title"), str):
        return repr(value["title"])
    return "#" + node.pointer.rsplit("/", 1)[-1]


def _members(node: Node, schemas: SchemaSet, cmp: Comparator) -> list[Node]:
    value = _dict(node)
    members = [node.child("allOf", i) for i in range(len(value.get("allOf") or []))]
    if isinstance(value.get("$ref"), str):
        target = cmp.ref_target(node, schemas)
        members.append(target if target is not None else node)
    return members


@handles(*by_id("json-all-of-branch-added", "json-all-of-branch-removed"))
def compare_all_of(cmp: Comparator, writer: Node, reader: Node) -> None:
    r_members = _members(reader, cmp.reader_set, cmp)
    if not r_members:
        return
    w_members = _members(writer, cmp.writer_set, cmp)
    for member in r_members:
        if not w_members:
            cmp.compare(writer, member)
            continue
        match = _best_match_reverse(cmp, member, w_members)
        if match is not None:
            cmp.compare(match, member)
            continue
        if cmp.proves(writer, member):
            continue  # the writer already holds what the member asks
        rule = cmp.pick("json-all-of-branch-added", "json-all-of-branch-removed")
        cmp.emit(rule, writer, member, branch=_branch_name(member))


def _best_match_reverse(
    cmp: Comparator, reader_member: Node, writer_members: list[Node]
) -> Node | None:
    scored = [(score(cmp, w, reader_member), -i) for i, w in enumerate(writer_members)]
    good = [s for s in scored if s[0] > 0]
    return writer_members[-max(good)[1]] if good else None


@handles(*by_id("json-not-changed"))
def compare_not(cmp: Comparator, writer: Node, reader: Node) -> None:
    """not A ⊆ not B holds when B ⊆ A: the comparison turns around."""
    if "not" not in _dict(reader):
        return
    r_not = reader.child("not")
    if "not" in _dict(writer):
        w_not = writer.child("not")
        if canonical(w_not.value) == canonical(r_not.value):
            return
        swapped = cmp.swapped()
        swapped.compare(r_not, w_not)
        if not swapped.findings:
            return
    cmp.emit("json-not-changed", writer, reader)


@handles(
    *by_id(
        "json-conditional-added",
        "json-conditional-changed",
        "json-conditional-removed",
        "json-dependent-schema-added",
        "json-dependent-schema-removed",
    )
)
def compare_conditionals(cmp: Comparator, writer: Node, reader: Node) -> None:
    """`if`/`then`/`else`: an unchanged `if` compares `then` and `else`; a changed one cannot be
    proven (a warning); one the writer lacks holds when the writer is within both branches."""
    _compare_dependent_schemas(cmp, writer, reader)
    if not _conditional(reader):
        return
    if _conditional(writer):
        if _same(_dict(writer)["if"], _dict(reader)["if"]):
            for branch in ("then", "else"):
                cmp.compare(child_or(writer, branch), child_or(reader, branch))
            return
        cmp.emit("json-conditional-changed", writer, reader)
        return
    if all(cmp.proves(writer, child_or(reader, branch)) for branch in ("then", "else")):
        return
    rule = cmp.pick("json-conditional-added", "json-conditional-removed")
    cmp.emit(rule, writer, reader.child("if"))


def _conditional(node: Node) -> bool:
    value = _dict(node)
    return "if" in value and ("then" in value or "else" in value)


def _compare_dependent_schemas(cmp: Comparator, writer: Node, reader: Node) -> None:
    """A schema that applies when a property is present: the writer's own (or the writer as a
    whole) must be within the reader's; entries on both sides report their own changes."""
    r_deps = _schema_dependencies(reader)
    w_deps = _schema_dependencies(writer)
    for name, node in r_deps.items():
        if name in w_deps and _same(w_deps[name].value, node.value):
            continue
        if cmp.proves(writer, node) or (name in w_deps and cmp.proves(w_deps[name], node)):
            continue
        if name in w_deps:
            cmp.compare(w_deps[name], node)
            continue
        rule = cmp.pick("json-dependent-schema-added", "json-dependent-schema-removed")
        cmp.emit(rule, writer, node, property=name)


def _schema_dependencies(node: Node) -> dict[str, Node]:
    value = _dict(node)
    result: dict[str, Node] = {}
    for key in ("dependencies", "dependentSchemas"):
        for name, dep in (value.get(key) or {}).items():
            if isinstance(dep, dict | bool):
                result[name] = node.child(key, name)
    return result


def _same(a: Any, b: Any) -> bool:
    return canonical(a) == canonical(b)
