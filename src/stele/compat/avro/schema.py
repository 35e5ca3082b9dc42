"""Avro schemas as the checker sees them: a small typed tree, named types by full name.

`load_schemas` reads .avsc files (relative path -> bytes). Each file is its own name scope first
(stele's emitter writes self-contained files that repeat definitions); a name a file does not
define resolves to the first definition in another file, in path order. Every file must also be
accepted by `fastavro.parse_schema`, so the checker never judges a schema the codec rejects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from stele.compat.avro._jsonpos import JsonPosError, PosDict, loads_with_positions
from stele.compat.model import Location
from stele.diagnostics import SteleError, error
from stele.ir import Span

PRIMITIVES = ("null", "boolean", "int", "long", "float", "double", "bytes", "string")


@dataclass(frozen=True)
class Primitive:
    type: str
    logical: str | None = None
    precision: int | None = None
    scale: int | None = None


@dataclass(frozen=True)
class ArrayOf:
    items: AvroType


@dataclass(frozen=True)
class MapOf:
    values: AvroType


@dataclass(frozen=True)
class Union:
    branches: tuple[AvroType, ...]


@dataclass(frozen=True)
class Ref:
    """A use of a named type; `scope` is the file whose names it resolves against first."""

    fullname: str
    scope: str
    # An unqualified name is looked up in the enclosing namespace first, then as written.
    fallback: str = ""


@dataclass(frozen=True, eq=False)
class Field:
    name: str
    type: AvroType
    aliases: tuple[str, ...]
    has_default: bool
    default: Any
    loc: Location


@dataclass(frozen=True, eq=False)
class Named:
    kind: str  # record | enum | fixed
    fullname: str
    aliases: tuple[str, ...]  # fully qualified, relative to the type's namespace
    loc: Location
    fields: tuple[Field, ...] = ()
    symbols: tuple[str, ...] = ()
    enum_default: str | None = None
    size: int = 0
    logical: str | None = None
    precision: int | None = None
    scale: int | None = None

    @property
    def name(self) -> str:
        """The unqualified name: what the specification compares."""
        return self.fullname.rpartition(".")[2]

    @property
    def namespace(self) -> str:
        return self.fullname.rpartition(".")[0]


AvroType = Primitive | ArrayOf | MapOf | Union | Ref
# A type after following references: what resolution compares.
Resolved = Primitive | ArrayOf | MapOf | Union | Named


@dataclass(frozen=True)
class SchemaFile:
    path: str
    top: AvroType
    loc: Location

    @property
    def key(self) -> str:
        """How a directory diff pairs files: the top-level full name, else the path."""
        return self.top.fullname if isinstance(self.top, Ref) else self.path


@dataclass
class SchemaSet:
    files: dict[str, SchemaFile] = field(default_factory=dict)
    scopes: dict[str, dict[str, Named]] = field(default_factory=dict)
    named: dict[str, Named] = field(default_factory=dict)

    def resolve(self, ref: Ref) -> Named:
        found = self.lookup(ref)
        assert found is not None, f"unresolved {ref}"  # load_schemas checked every reference
        return found

    def lookup(self, ref: Ref) -> Named | None:
        scoped = self.scopes.get(ref.scope, {})
        for name in (ref.fullname, ref.fallback):
            found = scoped.get(name) or self.named.get(name)
            if found is not None:
                return found
        return None

    def deref(self, schema: AvroType | Named) -> Resolved:
        return self.resolve(schema) if isinstance(schema, Ref) else schema


def _fail(path: str, message: str, line: int = 1, column: int = 1) -> SteleError:
    return SteleError([error("D101", message, Span(path, line, column), "fix the .avsc file")])


def full_name(name: str, namespace: str) -> str:
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


class _FileParser:
    """Turns one file's JSON into the typed tree, collecting its named definitions."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.defined: dict[str, Named] = {}
        self.references: list[tuple[Ref, Location]] = []

    def loc(self, node: PosDict, key: str = "name") -> Location:
        line, column = node.key_pos.get(key, (1, 1))
        return Location(self.path, line, column)

    def parse(self, node: Any, namespace: str, at: Location) -> AvroType:
        if isinstance(node, str):
            return self.reference(node, namespace, at)
        if isinstance(node, list):
            return self.union(node, namespace, at)
        if not isinstance(node, PosDict):
            raise _fail(self.path, f"not an Avro schema: {node!r}", at.line, at.column)
        kind = node.get("type")
        if isinstance(kind, (dict, list)):
            return self.parse(kind, namespace, at)
        if kind in ("record", "error", "enum", "fixed"):
            return self.named(node, namespace)
        if kind == "array":
            return ArrayOf(self.parse(node.get("items"), namespace, at))
        if kind == "map":
            return MapOf(self.parse(node.get("values"), namespace, at))
        if kind in PRIMITIVES:
            return Primitive(
                kind, node.get("logicalType"), node.get("precision"), node.get("scale")
            )
        return self.reference(str(kind), namespace, at)

    def union(self, node: list[Any], namespace: str, at: Location) -> Union:
        branches = tuple(self.parse(branch, namespace, at) for branch in node)
        # The specification forbids what fastavro lets through: nested unions, repeated types.
        keys = [_branch_key(b) for b in branches]
        if "union" in keys or len(set(keys)) != len(keys):
            raise _fail(self.path, "a union repeats a type or nests a union", at.line, at.column)
        return Union(branches)

    def reference(self, name: str, namespace: str, at: Location) -> AvroType:
        if name in PRIMITIVES:
            return Primitive(name)
        qualified = full_name(name, namespace)
        ref = Ref(qualified, self.path, name if qualified != name else "")
        self.references.append((ref, at))
        return ref

    def named(self, node: PosDict, enclosing: str) -> Ref:
        name = str(node.get("name", ""))
        namespace = node.get("namespace")
        fullname = full_name(name, enclosing if namespace is None else str(namespace))
        own_namespace = fullname.rpartition(".")[0]
        aliases = tuple(full_name(str(a), own_namespace) for a in node.get("aliases") or ())
        loc = self.loc(node)
        kind = "record" if node["type"] == "error" else str(node["type"])
        fields: list[Field] = []
        # Registered before the fields are read, so a record may refer to itself.
        placeholder = Named(kind, fullname, aliases, loc)
        self.defined.setdefault(fullname, placeholder)
        for item in node.get("fields") or ():
            fields.append(self.field(item, own_namespace))
        definition = Named(
            kind,
            fullname,
            aliases,
            loc,
            fields=tuple(fields),
            symbols=tuple(node.get("symbols") or ()),
            enum_default=node.get("default") if kind == "enum" else None,
            size=int(node.get("size") or 0),
            logical=node.get("logicalType"),
            precision=node.get("precision"),
            scale=node.get("scale"),
        )
        if self.defined[fullname] is placeholder:
            self.defined[fullname] = definition
        return Ref(fullname, self.path)

    def field(self, node: PosDict, namespace: str) -> Field:
        loc = self.loc(node)
        return Field(
            name=str(node["name"]),
            type=self.parse(node.get("type"), namespace, loc),
            aliases=tuple(str(a) for a in node.get("aliases") or ()),
            has_default="default" in node,
            default=node.get("default"),
            loc=loc,
        )


def _branch_key(branch: AvroType) -> str:
    if isinstance(branch, Primitive):
        return branch.type
    if isinstance(branch, Ref):
        return branch.fullname
    return {ArrayOf: "array", MapOf: "map", Union: "union"}[type(branch)]


def load_schemas(files: dict[str, bytes]) -> SchemaSet:
    """Parse .avsc files together. Raises SteleError on bad JSON, bad Avro or unknown names."""
    result = SchemaSet()
    documents: dict[str, Any] = {}
    references: list[tuple[Ref, Location]] = []
    for path in sorted(files):
        try:
            text = files[path].decode("utf-8")
            document = loads_with_positions(text)
        except UnicodeDecodeError:
            raise _fail(path, "not UTF-8 text") from None
        except JsonPosError as exc:
            raise _fail(path, f"not JSON: {exc}", exc.line, exc.column) from None
        parser = _FileParser(path)
        start = parser.loc(document) if isinstance(document, PosDict) else Location(path, 1, 1)
        top = parser.parse(document, "", start)
        result.files[path] = SchemaFile(path, top, start)
        result.scopes[path] = parser.defined
        for name, definition in parser.defined.items():
            result.named.setdefault(name, definition)
        references += parser.references
        documents[path] = json.loads(text)
    for ref, at in references:
        if result.lookup(ref) is None:
            raise _fail(
                at.path, f"unknown Avro type '{ref.fallback or ref.fullname}'", at.line, at.column
            )
    _check_with_fastavro(documents)
    return result


def _check_with_fastavro(documents: dict[str, Any]) -> None:
    """fastavro must accept every file; files may use names other files define."""
    import fastavro
    from fastavro.schema import UnknownType

    shared: dict[str, Any] = {}
    pending = dict(documents)
    while pending:
        problems: dict[str, Exception] = {}
        for path, document in pending.items():
            try:
                fastavro.parse_schema(document, named_schemas=shared)
            except UnknownType as exc:
                problems[path] = exc
            except Exception as exc:  # fastavro raises several exception types for bad schemas
                raise _fail(path, f"fastavro rejects the schema: {exc}") from None
        if len(problems) == len(pending):
            path, problem = next(iter(problems.items()))
            raise _fail(path, f"fastavro rejects the schema: unknown type {problem}")
        pending = {path: documents[path] for path in problems}
