"""The GraphQL judge: a contract change as GraphQL clients meet it (docs/graphql.md).

Each side's schema is modelled as the GraphQL emitter writes it (object and input types, enums,
unions, the root fields of queries, mutations and subscriptions, with arguments and defaults);
a change is then judged on the schema coordinates it touches by the rules of graphql-core's
`find_breaking_changes` (errors) and `find_dangerous_changes` (warnings):

- BACKWARD: queries written against the old schema run on the new server (old -> new);
- FORWARD: queries written against the new schema run on the old server (new -> old).

A field or type gone, a type of another kind, an output type made nullable or changed, an input
type made non-null or changed, a required input field or argument added: errors. An enum value
or union member added, an optional input field or argument added, an argument's default changed:
warnings (clients may meet a value they do not handle, or get another behaviour).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.context import ERROR, OK, WARNING, Context, Read, phrase, read
from stele.compat.model import Direction
from stele.emit.graphql import (
    _closure,
    is_query,
    literal,
    operation_fields,
    request_response,
    subscription_fields,
)
from stele.ir import Enum, Field, Project, Record, Ref, Union, named_refs
from stele.mapping.graphql_types import TypeMapper, graphql_names, input_name

__all__ = ["judge", "schema_of"]


@dataclass(frozen=True)
class Member:
    type: str = ""  # the GraphQL type reference (`[Item!]!`); "" for enum values, union members
    default: str | None = None  # the default literal of an input field or argument
    args: dict[str, Member] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Shape:
    kind: str  # object | input | enum | union
    members: dict[str, Member]


@dataclass
class Schema:
    types: dict[str, Shape]
    names: dict[str, str]  # contract type -> GraphQL name
    roots: dict[str, tuple[str, str]]  # operation or event message -> (root type, field)
    query_args: dict[str, list[tuple[str, str]]]  # request record -> (Query, field) taking it


def schema_of(project: Project) -> Schema:
    """The GraphQL schema of a project, as `stele.emit.graphql` writes it."""
    names = graphql_names(project)
    mapper = TypeMapper(project, names)

    def inputs_of(fields: Sequence[Field]) -> dict[str, Member]:
        out = {}
        for f in fields:
            default = literal(project, f.type, f.default) if f.has_default else None
            out[f.name] = Member(mapper.field_ref(f, as_input=True), default)
        return out or {"_empty": Member("Boolean")}

    ops = request_response(project)
    queries = operation_fields([op for op in ops if is_query(op)])
    mutations = operation_fields([op for op in ops if not is_query(op)])
    subscriptions = subscription_fields(project)
    types: dict[str, Shape] = {}
    roots: dict[str, tuple[str, str]] = {}
    query_args: dict[str, list[tuple[str, str]]] = {}
    query: dict[str, Member] = {}
    for name, op in queries.items():
        args: dict[str, Member] = {}
        if op.request is not None and project.record(op.request).fields:
            args = inputs_of(project.record(op.request).fields)
            query_args.setdefault(op.request, []).append(("Query", name))
        result = mapper.ref(_ref(op.response or ""), False, False)
        query[name] = Member(result, None, args)
        roots[f"{op.service}.{op.name}"] = ("Query", name)
    types["Query"] = Shape("object", query or {"_empty": Member("Boolean")})
    if mutations:
        members = {}
        for name, op in mutations.items():
            args = {}
            if op.request is not None:
                args = {"input": Member(input_name(names[op.request]) + "!")}
            members[name] = Member(names[op.response or ""], None, args)
            roots[f"{op.service}.{op.name}"] = ("Mutation", name)
        types["Mutation"] = Shape("object", members)
    if subscriptions:
        members = {}
        for name, m in subscriptions.items():
            members[name] = Member(names[project.messages[m].body.name] + "!")
            roots[m] = ("Subscription", name)
        types["Subscription"] = Shape("object", members)
    out_roots = [op.response for op in ops if op.response is not None]
    out_roots += [project.messages[m].body.name for m in subscriptions.values()]
    outputs = _closure(project, out_roots, follow_relations=True)
    in_roots = [op.request for op in mutations.values() if op.request is not None]
    for op in queries.values():
        if op.request is not None:
            in_roots += [n for f in project.record(op.request).fields for n in named_refs(f.type)]
    inputs = _closure(project, in_roots, follow_relations=False)
    for name, named in project.types.items():
        gname = names.get(name)
        if gname is None:
            continue
        if isinstance(named, Enum) and (name in outputs or name in inputs):
            types[gname] = Shape("enum", {s.name: Member() for s in named.symbols})
        elif isinstance(named, Record):
            if name in outputs:
                types[gname] = Shape("object", _outputs(named, mapper, names))
            if name in inputs:
                types[input_name(gname)] = Shape("input", inputs_of(named.fields))
        elif isinstance(named, Union):
            if name in outputs:
                types[gname] = Shape(
                    "union", {names[v.type.name]: Member() for v in named.variants}
                )
            if name in inputs:
                members = {v.name: Member(input_name(names[v.type.name])) for v in named.variants}
                types[input_name(gname)] = Shape("input", members)
    return Schema(types, names, roots, query_args)


def _ref(name: str) -> Ref:
    return Ref(name)


def _outputs(r: Record, mapper: object, names: dict[str, str]) -> dict[str, Member]:
    assert isinstance(mapper, TypeMapper)
    out: dict[str, Member] = {}
    taken = {f.name for f in r.fields}
    for f in r.fields:
        out[f.name] = Member(mapper.field_ref(f, as_input=False))
        rel = f.relation
        if rel is not None and rel.target in names and rel.name not in taken:
            out[rel.name] = Member(names[rel.target])
    return out or {"_empty": Member("Boolean")}


# ---------------------------------------------------------------------------------------------
# graphql-core's rules on type references
# ---------------------------------------------------------------------------------------------


def _safe_output(old: str, new: str) -> bool:
    """`is_change_safe_for_object_or_interface_field`: a field may become non-null."""
    if old.endswith("!"):
        return new.endswith("!") and _safe_output(old[:-1], new[:-1])
    if new.endswith("!") and _safe_output(old, new[:-1]):
        return True
    if old.startswith("["):
        return new.startswith("[") and _safe_output(old[1:-1], new[1:-1])
    return old == new


def _safe_input(old: str, new: str) -> bool:
    """`is_change_safe_for_input_object_field_or_field_arg`: an input may become nullable."""
    if old.endswith("!"):
        if new.endswith("!"):
            return _safe_input(old[:-1], new[:-1])
        return _safe_input(old[:-1], new)
    if old.startswith("["):
        return new.startswith("[") and _safe_input(old[1:-1], new[1:-1])
    return old == new


def _required(m: Member) -> bool:
    return m.type.endswith("!") and m.default is None


# ---------------------------------------------------------------------------------------------
# The judge
# ---------------------------------------------------------------------------------------------

# (type, member or None for the type itself, arguments or None for all of them)
Coordinate = tuple[str, str | None, frozenset[str] | None]

_CACHE: list[tuple[Project, Schema]] = []


def _schema(project: Project) -> Schema:
    for p, s in _CACHE:
        if p is project:
            return s
    s = schema_of(project)
    _CACHE[:] = [*_CACHE[-1:], (project, s)]
    return s


def judge(change: ContractChange, direction: Direction, ctx: Context) -> Read:
    old, new = _schema(ctx.old), _schema(ctx.new)
    coordinates = _coordinates(change, ctx, old, True) | _coordinates(change, ctx, new, False)
    if not coordinates:
        return read(OK, "graphql.not-carried", element=change.element)
    before, after = (old, new) if direction is Direction.BACKWARD else (new, old)
    who = (
        "queries written for the old schema, run on the new server,"
        if direction is Direction.BACKWARD
        else "queries written for the new schema, run on the old server,"
    )
    found: list[tuple[int, str]] = []
    for coordinate in sorted(coordinates, key=lambda c: (c[0], c[1] or "", sorted(c[2] or ()))):
        found += _compare(coordinate, before.types, after.types)
    if not found:
        shown = sorted({c[0] + (f".{c[1]}" if c[1] else "") for c in coordinates})
        return read(OK, "graphql.as-before", readers=who, coordinates=", ".join(shown))
    worst = max(rank for rank, _ in found)
    severity = ERROR if worst == 2 else WARNING
    reasons = [what for rank, what in found if rank == worst]
    return read(severity, "graphql.meet", readers=who, problems="; ".join(dict.fromkeys(reasons)))


def _compare(
    c: Coordinate, before: dict[str, Shape], after: dict[str, Shape]
) -> list[tuple[int, str]]:
    tname, member, args = c
    a, b = before.get(tname), after.get(tname)
    if a is None:
        return []
    if b is None:
        return [(2, phrase("graphql.type-removed", type=tname))]
    if a.kind != b.kind:
        return [(2, phrase("graphql.kind-changed", type=tname, old=a.kind, new=b.kind))]
    if member is None:
        return []
    m, n = a.members.get(member), b.members.get(member)
    coord = f"{tname}.{member}"
    if a.kind in ("enum", "union"):
        if m is not None and n is None:
            if a.kind == "enum":
                return [(2, phrase("graphql.value-removed", member=member, type=tname))]
            return [(2, phrase("graphql.member-removed", member=member, type=tname))]
        if m is None and n is not None:
            if a.kind == "enum":
                return [(1, phrase("graphql.value-added", member=member, type=tname))]
            return [(1, phrase("graphql.member-added", member=member, type=tname))]
        return []
    if a.kind == "input":
        if m is not None and n is None:
            return [(2, phrase("graphql.removed", coordinate=coord))]
        if m is None and n is not None:
            if _required(n):
                return [(2, phrase("graphql.required-input-field-added", coordinate=coord))]
            return [(1, phrase("graphql.optional-input-field-added", coordinate=coord))]
        if m is not None and n is not None:
            if not _safe_input(m.type, n.type):
                return [
                    (2, phrase("graphql.type-changed", coordinate=coord, old=m.type, new=n.type))
                ]
            if m.default is not None and m.default != n.default:
                return [(1, _default_changed(coord, m.default, n.default))]
        return []
    # object fields
    if m is None or n is None:
        return (
            [(2, phrase("graphql.removed", coordinate=coord))]
            if m is not None and args is None
            else []
        )
    out: list[tuple[int, str]] = []
    if args is None and not _safe_output(m.type, n.type):
        out.append((2, phrase("graphql.type-changed", coordinate=coord, old=m.type, new=n.type)))
    for arg in sorted(args if args is not None else set(m.args) | set(n.args)):
        x, y = m.args.get(arg), n.args.get(arg)
        where = f"{coord}({arg}:)"
        if x is not None and y is None:
            out.append((2, phrase("graphql.argument-removed", coordinate=where)))
        elif x is None and y is not None:
            if _required(y):
                out.append((2, phrase("graphql.required-argument-added", coordinate=where)))
            else:
                out.append((1, phrase("graphql.optional-argument-added", coordinate=where)))
        elif x is not None and y is not None:
            if not _safe_input(x.type, y.type):
                out.append(
                    (
                        2,
                        phrase(
                            "graphql.argument-type-changed",
                            coordinate=where,
                            old=x.type,
                            new=y.type,
                        ),
                    )
                )
            elif x.default is not None and x.default != y.default:
                out.append((1, _default_changed(where, x.default, y.default)))
    return out


def _default_changed(coordinate: str, old: object, new: object | None) -> str:
    if new is None:
        return phrase("graphql.default-removed", coordinate=coordinate, old=old)
    return phrase("graphql.default-changed", coordinate=coordinate, old=old, new=new)


def _coordinates(
    change: ContractChange, ctx: Context, s: Schema, old_side: bool
) -> set[Coordinate]:
    project = ctx.old if old_side else ctx.new
    kind = change.kind
    out: set[Coordinate] = set()

    def type_name(name: str) -> str:
        return ctx.old_name_of(name) if old_side else name

    def both(gname: str, member: str | None) -> None:
        for t in (gname, input_name(gname)):
            if t in s.types:
                out.add((t, member, None))

    if kind.startswith("field-"):
        record = type_name(str(change.detail.get("record", "")))
        gname = s.names.get(record)
        if gname is None:
            return out
        names = {str(change.detail.get("field", "")), change.old or "", change.new or ""}
        if kind != "field-renamed":
            names = {str(change.detail.get("field", ""))}
        f = ctx.field(change, not old_side)
        if f is not None and f.relation is not None:
            names.add(f.relation.name)
        if kind == "field-relation-changed":
            names |= {change.old or "", change.new or ""}
        names.discard("")
        for member in names:
            both(gname, member)
        for root, qfield in s.query_args.get(record, []):
            out.add((root, qfield, frozenset(names)))
        return out
    if kind.startswith("enum-symbol-") or kind.startswith("union-variant-"):
        holder = type_name(str(change.detail.get("enum") or change.detail.get("union") or ""))
        gname = s.names.get(holder)
        if gname is None:
            return out
        if kind.startswith("enum-symbol-"):
            for symbol in {change.old, change.new, change.element.rsplit(".", 1)[-1]}:
                if symbol and gname in s.types:
                    out.add((gname, symbol, None))
            return out
        if gname in s.types:
            for t in (change.old, change.new):
                if t and t in project.types and t in s.names:
                    out.add((gname, s.names[t], None))
        if input_name(gname) in s.types:
            out.add((input_name(gname), change.element.rsplit(".", 1)[-1], None))
        return out
    if kind.startswith("type-"):
        name = change.old if kind == "type-renamed" and old_side and change.old else change.element
        name = type_name(name) if kind != "type-renamed" else name
        for candidate in (name, f"{change.element.rsplit('.', 1)[0]}.{name}"):
            if candidate in s.names:
                both(s.names[candidate], None)
        return out
    # Structure: root fields of the operations and event messages the change is about.
    subjects = {change.element}
    if kind == "service-removed" or kind == "service-added":
        service = project.services.get(change.element)
        subjects |= {
            f"{change.element}.{op.name}" for op in (service.operations if service else ())
        }
    if kind.startswith("channel-"):
        channel = project.channels.get(change.element)
        subjects |= set(channel.messages if channel else ())
        subjects |= {change.old or "", change.new or ""}
    for subject in subjects:
        if subject in s.roots:
            root, name = s.roots[subject]
            out.add((root, name, None))
    # An operation that moved between Query and Mutation: the field under its other root.
    for root, moved, _ in list(out):
        for other in ("Query", "Mutation"):
            if other != root and other in s.types and moved in s.types[other].members:
                out.add((other, moved, None))
    return out
