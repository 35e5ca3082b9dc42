"""Checks on a whole set of Avro files: names that resolve, nesting a walk can follow, and
every file accepted by fastavro given the files it uses.

A directory of per-type files (stele's layout, or any registry export) refers to named types
across files. They are loaded as one set of named types: a reference to a type no file defines
is an error at the reference (at most MAX_REPEATED_DIAGNOSTICS, then a count); a chain of named
types deeper than MAX_NAMED_DEPTH is refused at its first type (the comparison follows named
types recursively); fastavro parses the files in dependency order, each once, and a cycle of
files that use each other is checked with the cycle's definitions written into each file.
"""

from __future__ import annotations

import json
from typing import Any

from stele.compat import foreign
from stele.compat.avro._jsonpos import (
    JsonLimitError,
    JsonPosError,
    PosDict,
    loads_with_positions,
)
from stele.compat.avro.schema import (
    GENERATED_MARK,
    ArrayOf,
    AvroType,
    MapOf,
    Named,
    Ref,
    SchemaFile,
    SchemaSet,
    Union,
    _fail,
    _FileParser,
)
from stele.compat.foreign import MAX_REPEATED_DIAGNOSTICS
from stele.diagnostics import SteleError, error
from stele.ir import Span
from stele.mapping.avro_inline import Definition, definitions, inline
from stele.mapping.avro_layout import dependency_order


def share_identical_definitions(result: SchemaSet) -> None:
    """Let every file use the first definition of a name where its own copy means the same.

    A self-contained file (a message file, an export without references) repeats definitions
    that the per-type files hold. Compared as separate objects, each copy would be walked, and
    its findings reported, once per file. A copy is replaced by the first definition when both
    agree on everything resolution reads and every type they refer to agrees too (the greatest
    set closed under that: recursive types included); a copy that differs anywhere keeps its
    own meaning in its own file.
    """
    objects: dict[int, Named] = {}
    for scope in result.scopes.values():
        for named in scope.values():
            objects.setdefault(id(named), named)
    targets = {key: _uses(result, named) for key, named in objects.items()}
    same = set(objects)
    signatures: dict[int, tuple[Any, ...]] = {}

    def signature(named: Named) -> tuple[Any, ...]:
        if id(named) not in signatures:
            signatures[id(named)] = _signature(result, named)
        return signatures[id(named)]

    for key, named in objects.items():
        first = result.named.get(named.fullname)
        if first is None or (first is not named and signature(first) != signature(named)):
            same.discard(key)
    referrers: dict[int, list[int]] = {}
    for key, used in targets.items():
        for target in used:
            referrers.setdefault(target, []).append(key)
    pending = [key for key in objects if key not in same]
    while pending:
        key = pending.pop()
        for referrer in referrers.get(key, ()):
            if referrer in same:
                same.discard(referrer)
                pending.append(referrer)
    for scope in result.scopes.values():
        for name, named in scope.items():
            first = result.named.get(name)
            if first is not None and id(named) in same and id(first) in same:
                scope[name] = first


def _signature(result: SchemaSet, named: Named) -> tuple[Any, ...]:
    """Everything of a named type the comparison reads, with references as full names."""
    fields = tuple(
        (
            f.name,
            f.aliases,
            f.has_default,
            repr(f.default),  # JSON values: repr tells true, 1 and 1.0 apart
            f.variants,
            _shape(result, f.type),
        )
        for f in named.fields
    )
    return (
        named.kind,
        named.fullname,
        named.aliases,
        named.symbols,
        named.enum_default,
        named.size,
        named.logical,
        named.precision,
        named.scale,
        fields,
    )


def _shape(result: SchemaSet, t: AvroType) -> Any:
    if isinstance(t, Ref):
        target = result.lookup(t)
        return ("ref", target.fullname if target is not None else t.fullname)
    if isinstance(t, ArrayOf):
        return ("array", _shape(result, t.items))
    if isinstance(t, MapOf):
        return ("map", _shape(result, t.values))
    if isinstance(t, Union):
        return ("union", tuple(_shape(result, b) for b in t.branches))
    return t


# Named types nested in named types, across files or within one: the comparison recurses
# about ten frames per level, so 64 levels stay well inside Python's recursion limit. A
# generated project nests far less (the 1,000-model synthetic: under 20).
MAX_NAMED_DEPTH = 64


def check_depth(result: SchemaSet) -> None:
    """Refuse a chain of named types deeper than MAX_NAMED_DEPTH (a cycle counts its members)."""
    nodes: dict[int, Named] = {}
    for scope in result.scopes.values():
        for named in scope.values():
            nodes.setdefault(id(named), named)
    uses = {key: _uses(result, named) for key, named in nodes.items()}
    depth: dict[int, int] = {}
    for component in dependency_order(list(nodes), uses.__getitem__):
        members = set(component)
        below = max(
            (depth[u] for m in component for u in uses[m] if u not in members and u in depth),
            default=0,
        )
        for m in component:
            depth[m] = below + len(component)
        if below + len(component) > MAX_NAMED_DEPTH:
            top = nodes[component[0]]
            raise SteleError(
                [
                    error(
                        "D101",
                        f"named types nest more than {MAX_NAMED_DEPTH} deep from "
                        f"{top.fullname} (through the types it uses): stele does not compare "
                        "deeper schemas",
                        top.loc,
                        "fix the .avsc files",
                    )
                ]
            )


def _uses(result: SchemaSet, named: Named) -> list[int]:
    found: dict[int, None] = {}
    for f in named.fields:
        _refs(result, f.type, found)
    return list(found)


def _refs(result: SchemaSet, t: AvroType, found: dict[int, None]) -> None:
    stack = [t]
    while stack:
        node = stack.pop()
        if isinstance(node, Ref):
            target = result.lookup(node)
            if target is not None:
                found.setdefault(id(target), None)
        elif isinstance(node, ArrayOf):
            stack.append(node.items)
        elif isinstance(node, MapOf):
            stack.append(node.values)
        elif isinstance(node, Union):
            stack.extend(reversed(node.branches))


def check_references(result: SchemaSet, references: dict[str, list[tuple[Ref, Span]]]) -> None:
    unknown = [
        error(
            "D101",
            f"unknown Avro type '{ref.fallback or ref.fullname}'",
            at,
            "fix the .avsc file",
        )
        for refs in references.values()
        for ref, at in refs
        if result.lookup(ref) is None
    ]
    if not unknown:
        return
    unknown.sort()
    kept = unknown[:MAX_REPEATED_DIAGNOSTICS]
    if len(unknown) > len(kept):
        more = len(unknown) - len(kept)
        first = unknown[len(kept)]
        kept.append(
            error(
                "D101",
                f"... and {more} more references to Avro types no file defines",
                first.span,
                "a directory is loaded as one set of named types: add the files that define them",
            )
        )
    raise SteleError(kept, keep_order=True)


def file_dependencies(
    result: SchemaSet, references: dict[str, list[tuple[Ref, Span]]]
) -> dict[str, list[str]]:
    """File -> the other files whose named types it uses (the first file defining a name)."""
    defined_in: dict[int, str] = {}
    for path, scope in result.scopes.items():
        for definition in scope.values():
            defined_in.setdefault(id(definition), path)
    dependencies: dict[str, list[str]] = {}
    for path, refs in references.items():
        found: dict[str, None] = {}
        for ref, _ in refs:
            target = result.lookup(ref)
            owner = defined_in.get(id(target)) if target is not None else None
            if owner is not None and owner != path:
                found.setdefault(owner, None)
        dependencies[path] = list(found)
    return dependencies


def check_with_fastavro(
    documents: dict[str, Any],
    result: SchemaSet,
    references: dict[str, list[tuple[Ref, Span]]],
) -> None:
    """fastavro must accept every file, given the named types of the files it uses.

    Files are parsed in dependency order with one shared set of named schemas, so each is parsed
    once. Files that use each other in a cycle cannot be parsed one at a time by any Avro
    parser: each of them is checked with the definitions it needs from the others of the cycle
    written into it at their first use (`stele.mapping.avro_inline`).
    """
    import fastavro

    dependencies = file_dependencies(result, references)
    shared: dict[str, Any] = {}
    for component in dependency_order(sorted(documents), dependencies.__getitem__):
        cycle: dict[str, dict[str, Definition]] = {}
        if len(component) > 1:
            cycle = {path: definitions(documents[path]) for path in component}
        for path in component:
            document = documents[path]
            try:
                if cycle:
                    others = {
                        name: found
                        for other, named in cycle.items()
                        if other != path
                        for name, found in named.items()
                    }
                    document = inline(document, others, set(shared))
                fastavro.parse_schema(document, named_schemas=shared)
            except RecursionError:
                raise _fail(
                    path,
                    "the schemas of the files that use each other with this one nest too deeply",
                ) from None
            except Exception as exc:  # fastavro raises several exception types for bad schemas
                raise _fail(path, f"fastavro rejects the schema: {exc}") from None


def load_schemas(files: dict[str, bytes]) -> SchemaSet:
    """Parse .avsc files together. Raises SteleError on bad JSON, bad Avro or unknown names.

    The text is read within the limits of `stele.compat.foreign` (size, depth, values). A
    directory of per-type files that refer to each other by name loads as one set of named
    types; references to a type no file defines are errors at the reference (at most
    MAX_REPEATED_DIAGNOSTICS, then one line that counts the rest).
    """
    result = SchemaSet()
    documents: dict[str, Any] = {}
    references: dict[str, list[tuple[Ref, Span]]] = {}
    for path in sorted(files):
        text = foreign.decode(path, files[path])
        try:
            document = loads_with_positions(
                text, foreign.MAX_FOREIGN_DEPTH, foreign.MAX_FOREIGN_NODES
            )
        except JsonLimitError as exc:
            limit = foreign.too_deep if exc.too_deep else foreign.too_many
            raise limit(path, exc.line, exc.column) from None
        except JsonPosError as exc:
            raise _fail(path, f"not JSON: {exc}", exc.line, exc.column) from None
        foreign.check_strings(path, text, document)
        parser = _FileParser(path)
        start = parser.loc(document) if isinstance(document, PosDict) else Span(path, 1, 1)
        top = parser.parse(document, "", start)
        result.files[path] = SchemaFile(path, top, start)
        result.scopes[path] = parser.defined
        for name, definition in parser.defined.items():
            result.named.setdefault(name, definition)
        references[path] = parser.references
        documents[path] = json.loads(text)
    # A name's own file (where it is the top-level type, as in a per-type file) defines it for
    # the others before a copy inside another file does.
    owned: set[str] = set()
    for path, file in result.files.items():
        defined_here = result.scopes[path]
        # A file whose top level only names a type (defined elsewhere, or nowhere: D101 below)
        # owns nothing.
        if (
            isinstance(file.top, Ref)
            and file.top.fullname in defined_here
            and file.top.fullname not in owned
        ):
            owned.add(file.top.fullname)
            result.named[file.top.fullname] = result.scopes[path][file.top.fullname]
    check_references(result, references)
    check_depth(result)
    check_with_fastavro(documents, result, references)
    share_identical_definitions(result)
    result.generated = bool(documents) and all(
        isinstance(d, dict) and GENERATED_MARK in d for d in documents.values()
    )
    return result
