"""The classes of a project's pydantic models, and the order datamodel-code-generator writes them in.

The generator reads the bundle's `$defs` in declaration order (types, each union after its
variants, then each message after its headers) and sorts them in passes: each pass places the
classes whose references are all placed; the classes left in reference cycles are placed last
(a union after its variants) and rebuilt (`X.model_rebuild()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from stele.ir import Enum, Field, ListOf, MapOf, Message, Project, Record, Ref, TypeExpr, Union

Key: TypeAlias = tuple[str, str]  # (package, class name)


def class_name(project: Project, qualified: str) -> str:
    """The class of a named type or message inside its package's module."""
    named = project.types.get(qualified) or project.messages[qualified]
    return qualified[len(named.package) + 1 :].replace(".", "_")


def variant_class(union: Union, variant: str) -> str:
    return f"{union.name[len(union.package) + 1 :].replace('.', '_')}_{_pascal(variant)}"


def _pascal(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


@dataclass
class Class:
    """One class to write: its key, the keys its fields refer to, and how to write it."""

    key: Key
    refs: list[Key]
    kind: str  # record, variant, enum, union, headers, message
    node: Record | Enum | Union | Message
    variant: str = ""


def classes(project: Project) -> list[Class]:
    """Every class in the generator's reading order (the bundle's `$defs`)."""
    out: list[Class] = []
    for qualified, named in project.types.items():
        key = (named.package, class_name(project, qualified))
        if isinstance(named, Record):
            out.append(Class(key, _field_refs(project, named.fields), "record", named))
        elif isinstance(named, Enum):
            out.append(Class(key, [], "enum", named))
        else:
            variants = []
            for v in named.variants:
                vkey = (named.package, variant_class(named, v.name))
                fields = project.record(v.type.name).fields
                out.append(Class(vkey, _field_refs(project, fields), "variant", named, v.name))
                variants.append(vkey)
            out.append(Class(key, variants, "union", named))
    for message in project.messages.values():
        key = (message.package, class_name(project, message.name))
        headers = (key[0], key[1] + "_Headers")
        refs = _type_refs(project, [h.type for h in message.headers])
        out.append(Class(headers, refs, "headers", message))
        body = (project.types[message.body.name].package, class_name(project, message.body.name))
        out.append(Class(key, [headers, body], "message", message))
    return out


def _field_refs(project: Project, fields: tuple[Field, ...]) -> list[Key]:
    return _type_refs(project, [f.type for f in fields])


def _type_refs(project: Project, exprs: list[TypeExpr]) -> list[Key]:
    out: list[Key] = []
    for expr in exprs:
        while isinstance(expr, ListOf | MapOf):
            expr = expr.item if isinstance(expr, ListOf) else expr.value
        if isinstance(expr, Ref):
            out.append((project.types[expr.name].package, class_name(project, expr.name)))
    return out


def in_order(classes: list[Class]) -> tuple[list[Class], set[Key]]:
    """The generator's order: passes that place each class whose references are placed; then
    the classes of reference cycles. Also the keys of the classes to rebuild."""
    placed: set[Key] = set()
    order: list[Class] = []
    rebuilt: set[Key] = set()
    pending = classes
    while pending:
        waiting = []
        for c in pending:
            if all(r in placed or r == c.key for r in c.refs):
                order.append(c)
                placed.add(c.key)
                if c.key in c.refs:
                    rebuilt.add(c.key)
            else:
                waiting.append(c)
        if len(waiting) == len(pending):
            order += _cycles(waiting, placed, rebuilt)
            break
        pending = waiting
    return order, rebuilt


def _cycles(waiting: list[Class], placed: set[Key], rebuilt: set[Key]) -> list[Class]:
    """Classes in reference cycles, rebuilt when they refer to a class placed after them. Only
    what a class body evaluates orders them: a union (`RootModel[A | B]`) goes after the last
    waiting variant it names, until the order settles (or repeats: then by key); a model's field
    annotations are not evaluated when its class is made."""
    seen: set[tuple[Key, ...]] = set()
    while True:
        index = {c.key: i for i, c in enumerate(waiting)}
        ranked = [
            (max((index[r] for r in c.refs if r in index and c.kind == "union"), default=-1), c)
            for c in waiting
        ]
        ordered = [c for _, c in sorted(ranked, key=lambda pair: pair[0])]
        if [c.key for c in ordered] == [c.key for c in waiting]:
            break
        signature = tuple(c.key for c in ordered)
        if signature in seen:
            waiting = sorted(waiting, key=lambda c: f"{c.key[0]}.{c.key[1]}")
            break
        seen.add(signature)
        waiting = ordered
    for c in waiting:
        # Rebuilt for a class of its own module placed after it (not for itself alone, nor for
        # another module's class: that module is imported whole).
        if any(r not in placed and r != c.key and r[0] == c.key[0] for r in c.refs):
            rebuilt.add(c.key)
        placed.add(c.key)
    return waiting
