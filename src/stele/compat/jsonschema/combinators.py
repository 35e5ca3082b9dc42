"""Nullability, `oneOf`/`anyOf`/`allOf`, `not` and `if`/`then`/`else`.

Union branches are paired once, here: by `$ref` target name, by a discriminator property whose
`const` differs between variants, else by similarity (shared types and property names). A writer
branch without a reader branch is a removed (BACKWARD) or added (FORWARD) variant.
"""

from __future__ import annotations

from typing import Any

from stele.compat.jsonschema.compare import Comparator, canonical, child_or, constraints
from stele.compat.jsonschema.keywords import _dict, declared_types
from stele.compat.jsonschema.loading import Node, SchemaSet

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


def compare_nullability(cmp: Comparator, writer: Node, reader: Node) -> bool:
    """Report null lost or gained; False when nothing but null was allowed by the writer."""
    if not explicit_null(writer, cmp.writer_set):
        return True
    if explicit_null(reader, cmp.reader_set) or _implicit_null(reader):
        return True
    if cmp.backward:
        cmp.emit("json-nullable-removed", "null is no longer allowed", writer, reader)
    else:
        cmp.emit("json-nullable-added", "null is now allowed", writer, reader)
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


def compare_unions(cmp: Comparator, writer: Node, reader: Node) -> bool:
    """Handle the pair when either side is a union; False when neither is."""
    if union(writer) is None and union(reader) is None:
        return False
    w_kind, w_branches = _branches(writer)
    r_kind, r_branches = _branches(reader)
    if w_kind is None and r_kind is None:
        cmp.compare(w_branches[0], r_branches[0], null_settled=True)
        return True
    index = _Index(cmp, r_branches, cmp.reader_set) if len(r_branches) > 8 else None
    for branch in w_branches:
        match = _best_match(cmp, branch, r_branches, minimum=0.0, index=index)
        if match is not None:
            cmp.compare(branch, match, null_settled=True)
        elif w_kind is not None:
            _branch_unmatched(cmp, w_kind, branch, reader)
        else:
            cmp.compare(branch, r_branches[0], null_settled=True)
    return True


def _branch_unmatched(cmp: Comparator, kind: str, branch: Node, reader: Node) -> None:
    verb = "removed" if cmp.backward else "added"
    name = _branch_name(branch)
    cmp.emit(
        f"json-{kind}-branch-{verb}",
        f"{_KEYWORDS[kind]} branch {name} {verb}",
        branch,
        reader,
    )


def _branch_name(node: Node) -> str:
    value = _dict(node)
    if isinstance(value.get("$ref"), str):
        return repr(value["$ref"])
    if isinstance(value.get("title"), str):
        return repr(value["title"])
    return "#" + node.pointer.rsplit("/", 1)[-1]


def _ref_name(node: Node) -> str | None:
    ref = _dict(node).get("$ref")
    return (
        ref.rstrip("/").rsplit("/", 1)[-1].removesuffix(".schema.json")
        if isinstance(ref, str)
        else None
    )


def _consts(node: Node, schemas: SchemaSet) -> dict[str, str]:
    props = _dict(node).get("properties") or {}
    return {
        name: canonical(prop["const"])
        for name, prop in props.items()
        if isinstance(prop, dict) and "const" in prop
    }


def _score(cmp: Comparator, w_branch: Node, r_branch: Node) -> float:
    w_ref, r_ref = _ref_name(w_branch), _ref_name(r_branch)
    if w_ref is not None and r_ref is not None:
        return 100.0 if w_ref == r_ref else -1.0
    w = cmp.deref(w_branch, cmp.writer_set)
    r = cmp.deref(r_branch, cmp.reader_set)
    w_consts, r_consts = _consts(w, cmp.writer_set), _consts(r, cmp.reader_set)
    shared = set(w_consts) & set(r_consts)
    if shared:
        return 90.0 if all(w_consts[k] == r_consts[k] for k in shared) else -1.0
    w_types = declared_types(w, cmp.writer_set)
    r_types = declared_types(r, cmp.reader_set)
    if (
        w_types is not None
        and r_types is not None
        and not (w_types & r_types or ("integer" in w_types and "number" in r_types))
    ):
        return -1.0
    if _spelling(w, cmp.writer_set) == _spelling(r, cmp.reader_set):
        return 50.0
    if w_types is None or r_types is None:
        return 0.0  # nothing to go by: usable for a union, too weak for an allOf member
    w_props = set(_dict(w).get("properties") or {})
    r_props = set(_dict(r).get("properties") or {})
    overlap = len(w_props & r_props) / len(w_props | r_props) if w_props | r_props else 1.0
    return 10.0 + 10.0 * overlap


def _spelling(node: Node, schemas: SchemaSet) -> str:
    """`canonical` of a node's value, computed once per node."""
    found = schemas.spellings.get(node.key)
    if found is None:
        found = schemas.spellings[node.key] = canonical(node.value)
    return found


class _Index:
    """Union branches by `$ref` name and by `const` property, so that the two strongest matches
    (100: the same `$ref` name; 90: agreeing discriminator consts) are found without scoring
    every branch: a discriminated union of n branches pairs in n steps, not n squared."""

    def __init__(self, cmp: Comparator, nodes: list[Node], schemas: SchemaSet) -> None:
        self.nodes = nodes
        self.by_ref: dict[str, int] = {}
        self.by_const: dict[tuple[str, str], list[int]] = {}
        for i, node in enumerate(nodes):
            ref = _ref_name(node)
            if ref is not None:
                self.by_ref.setdefault(ref, i)
            for pair in _consts(cmp.deref(node, schemas), schemas).items():
                self.by_const.setdefault(pair, []).append(i)

    def strongest(self, cmp: Comparator, node: Node, schemas: SchemaSet, score: Any) -> int | None:
        """The first branch scoring 100 or 90 against `node`, or None when there is none."""
        ref = _ref_name(node)
        if ref is not None and ref in self.by_ref:
            return self.by_ref[ref]
        found = {
            i
            for pair in _consts(cmp.deref(node, schemas), schemas).items()
            for i in self.by_const.get(pair, ())
        }
        hits = [i for i in sorted(found) if score(self.nodes[i]) == 90.0]
        return hits[0] if hits else None


def _best_match(
    cmp: Comparator,
    branch: Node,
    candidates: list[Node],
    minimum: float,
    index: _Index | None = None,
) -> Node | None:
    if index is not None:
        strongest = index.strongest(cmp, branch, cmp.writer_set, lambda c: _score(cmp, branch, c))
        if strongest is not None:
            return candidates[strongest]
    scored = [(_score(cmp, branch, c), i) for i, c in enumerate(candidates)]
    good = [(s, -i) for s, i in scored if s >= minimum]
    if not good:
        return None
    return candidates[-max(good)[1]]


def _members(node: Node, schemas: SchemaSet, cmp: Comparator) -> list[Node]:
    value = _dict(node)
    members = [node.child("allOf", i) for i in range(len(value.get("allOf") or []))]
    if isinstance(value.get("$ref"), str):
        target = cmp.ref_target(node, schemas)
        members.append(target if target is not None else node)
    return members


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
        verb = "added" if cmp.backward else "removed"
        message = f"allOf member {_branch_name(member)} {verb}"
        cmp.emit(
            cmp.pick("json-all-of-branch-added", "json-all-of-branch-removed"),
            message,
            writer,
            member,
        )


def _best_match_reverse(
    cmp: Comparator, reader_member: Node, writer_members: list[Node]
) -> Node | None:
    scored = [(_score(cmp, w, reader_member), -i) for i, w in enumerate(writer_members)]
    good = [s for s in scored if s[0] > 0]
    return writer_members[-max(good)[1]] if good else None


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
    message = "cannot prove compatibility: 'not' changed"
    cmp.emit("json-not-changed", message, writer, reader)


def compare_conditionals(cmp: Comparator, writer: Node, reader: Node) -> None:
    """`if`/`then`/`else` with an unchanged `if` compare branch by branch; other changes warn."""
    r_value, w_value = _dict(reader), _dict(writer)
    _compare_dependent_schemas(cmp, writer, reader)
    if "if" not in r_value or not ("then" in r_value or "else" in r_value):
        return
    if "if" in w_value and _same(w_value["if"], r_value["if"]):
        for branch in ("then", "else"):
            cmp.compare(child_or(writer, branch), child_or(reader, branch))
        return
    cmp.emit("json-conditional-changed", "cannot prove compatibility: 'if' changed", writer, reader)


def _compare_dependent_schemas(cmp: Comparator, writer: Node, reader: Node) -> None:
    r_deps = _schema_dependencies(reader)
    w_deps = _schema_dependencies(writer)
    for name, node in r_deps.items():
        if name in w_deps and _same(w_deps[name].value, node.value):
            continue
        if name in w_deps and cmp.proves(w_deps[name], node):
            continue
        message = (
            f"cannot prove compatibility: the schema that applies when '{name}' is present changed"
        )
        cmp.emit("json-conditional-changed", message, writer, reader)


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
