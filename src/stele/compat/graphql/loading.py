"""Reading foreign GraphQL SDL within limits, and the position of every schema coordinate.

The text goes through the bounded foreign reader (size, UTF-8); the nesting depth of brackets
is measured before graphql-core's recursive parser sees it, and the parser stops after
MAX_FOREIGN_NODES tokens. Several files (a directory) form one schema, as GraphQL servers load
a folder of `.graphql` files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stele.compat.foreign import (
    LIMIT,
    MAX_FOREIGN_DEPTH,
    MAX_FOREIGN_NODES,
    PARSE,
    decode,
    fail,
)
from stele.diagnostics import SteleError, error
from stele.span import Span, line_column

SUFFIXES = (".graphql", ".graphqls", ".gql")


@dataclass
class Schema:
    """A built schema and the place of every coordinate (`Type`, `Type.field`,
    `Type.field(arg:)`, `@directive`, `@directive(arg:)`) in the SDL."""

    schema: Any  # graphql.GraphQLSchema
    places: dict[str, Span] = field(default_factory=dict)


def _depth_at(text: str) -> int | None:
    """The offset where brackets nest deeper than MAX_FOREIGN_DEPTH, or None (strings and
    comments skipped)."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith('"""', i):
            end = text.find('"""', i + 3)
            while end > 0 and text[end - 1] == "\\":
                end = text.find('"""', end + 3)
            i = n if end < 0 else end + 3
            continue
        elif c == '"':
            j = i + 1
            while j < n and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            i = j
        elif c in "[{(":
            depth += 1
            if depth > MAX_FOREIGN_DEPTH:
                return i
        elif c in "]})":
            depth -= 1
        i += 1
    return None


def _parse(path: str, data: bytes) -> Any:
    from graphql import GraphQLError, Source, parse

    text = decode(path, data)
    deep = _depth_at(text)
    if deep is not None:
        line, column = line_column(text, deep)
        message = f"the document nests deeper than {MAX_FOREIGN_DEPTH} levels"
        raise fail(LIMIT, path, message, line, column, "flatten the structure")
    try:
        return parse(Source(text, path), max_tokens=MAX_FOREIGN_NODES)
    except GraphQLError as exc:
        loc = exc.locations[0] if exc.locations else None
        code = LIMIT if "tokens. Parsing aborted" in exc.message else PARSE
        message = f"not GraphQL SDL: {exc.message}"
        hint = "fix the SDL (graphql-core must parse it)"
        line, column = (loc.line, loc.column) if loc else (1, 1)
        raise fail(code, path, message, line, column, hint) from None


def load_schema(files: dict[str, bytes]) -> Schema | None:
    """One schema from every SDL file (None when there is none). Raises SteleError (D004) for a
    file that is not SDL or a schema graphql-core rejects, each at its line and column."""
    from graphql import DocumentNode, GraphQLError, build_ast_schema, validate_schema
    from graphql.validation.validate import validate_sdl

    docs = [_parse(p, files[p]) for p in sorted(files)]
    if not docs:
        return None
    merged = DocumentNode(definitions=tuple(d for doc in docs for d in doc.definitions))
    errors: list[GraphQLError] = list(validate_sdl(merged))
    if not errors:
        built = build_ast_schema(merged, assume_valid_sdl=True)
        errors = list(validate_schema(built))
    if errors:
        raise SteleError([_error(e, sorted(files)[0]) for e in errors[:20]])
    return Schema(built, coordinates(merged))


def _error(exc: Any, default: str) -> Any:
    node = exc.nodes[0] if exc.nodes else None
    loc = _location(node) if node is not None else None
    span = loc if loc else Span(default, 1, 1)
    return error(PARSE, f"invalid GraphQL schema: {exc.message}", span, "fix the SDL")


def _location(node: Any) -> Span | None:
    loc = getattr(node, "loc", None)
    if loc is None:
        return None
    line, column = line_column(loc.source.body, loc.start)
    return Span(loc.source.name, line, column)


def coordinates(document: Any) -> dict[str, Span]:
    """Schema coordinate -> where it is declared (the first declaration; extensions add)."""
    places: dict[str, Span] = {}

    def put(name: str, node: Any) -> None:
        found = _location(node)
        if found is not None:
            places.setdefault(name, found)

    for d in document.definitions:
        name_node = getattr(d, "name", None)
        if name_node is None:
            continue
        kind = d.kind
        if kind == "directive_definition":
            put(f"@{name_node.value}", d)
            for a in d.arguments or ():
                put(f"@{name_node.value}({a.name.value}:)", a)
            continue
        type_name = name_node.value
        put(type_name, d)
        for f in getattr(d, "fields", None) or ():
            put(f"{type_name}.{f.name.value}", f)
            for a in getattr(f, "arguments", None) or ():
                put(f"{type_name}.{f.name.value}({a.name.value}:)", a)
        for v in getattr(d, "values", None) or ():
            put(f"{type_name}.{v.name.value}", v)
    return places
