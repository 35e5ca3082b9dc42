"""Avro schemas as the checker sees them: a small typed tree, named types by full name.

`stele.compat.avro.loading.load_schemas` reads .avsc files (relative path -> bytes). Each file is its own name scope first
(a self-contained file may repeat definitions); a name a file does not define resolves to the
file whose top-level type it is (stele's per-type files), else to its first definition in
another file, in path order. Every file must also be accepted by `fastavro.parse_schema` (given
the files it uses), so the checker never judges a schema the codec rejects.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from stele.compat.avro._jsonpos import (
    PosDict,
)
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
    loc: Span
    # stele's "stele.variants": the contract variant of each non-null union branch, in order.
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Named:
    kind: str  # record | enum | fixed
    fullname: str
    aliases: tuple[str, ...]  # fully qualified, relative to the type's namespace
    loc: Span
    fields: tuple[Field, ...] = ()
    symbols: tuple[str, ...] = ()
    enum_default: str | None = None
    size: int = 0
    logical: str | None = None
    precision: int | None = None
    scale: int | None = None

    @functools.cached_property
    def fields_by_name(self) -> dict[str, Field]:
        """The fields by name, built once (resolution looks a field up for every reader field)."""
        return {f.name: f for f in self.fields}

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
    loc: Span

    @property
    def key(self) -> str:
        """How a directory diff pairs files: the top-level full name, else the path."""
        return self.top.fullname if isinstance(self.top, Ref) else self.path


@dataclass
class SchemaSet:
    files: dict[str, SchemaFile] = field(default_factory=dict)
    scopes: dict[str, dict[str, Named]] = field(default_factory=dict)
    named: dict[str, Named] = field(default_factory=dict)
    # Every file carries stele's "stele.generated" mark: a union other than an optional (null
    # and one branch) is then a contract union, whose values are variants, not plain records.
    generated: bool = False

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
    """Turns one file's JSON into the typed tree, collecting its named definitions.

    Every value is checked for the JSON type the specification gives it before it is used
    (D101 at the key that holds it): the input is foreign, and fastavro sees it only later.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.defined: dict[str, Named] = {}
        self.references: list[tuple[Ref, Span]] = []

    def loc(self, node: PosDict, key: str = "name", at: Span | None = None) -> Span:
        if key in node.key_pos:
            return Span(self.path, *node.key_pos[key])
        return at or Span(self.path, 1, 1)

    def fail(self, message: str, at: Span) -> SteleError:
        return _fail(self.path, message, at.line, at.column)

    def text(self, node: PosDict, key: str, at: Span, required: bool = False) -> str | None:
        """A string-valued key; None when absent (and not required) or null."""
        value = node.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, str):
            shown = "missing" if key not in node else f"{_json_kind(value)}"
            raise self.fail(f"'{key}' must be a string, got {shown}", self.loc(node, key, at))
        return value

    def texts(self, node: PosDict, key: str, at: Span) -> tuple[str, ...]:
        value = node.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"'{key}' must be a list of strings", self.loc(node, key, at))
        return tuple(value)

    def integer(self, node: PosDict, key: str, at: Span) -> int | None:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"'{key}' must be an integer", self.loc(node, key, at))
        return value

    def parse(self, node: Any, namespace: str, at: Span) -> AvroType:
        if isinstance(node, str):
            return self.reference(node, namespace, at)
        if isinstance(node, list):
            return self.union(node, namespace, at)
        if not isinstance(node, PosDict):
            raise self.fail(f"not an Avro schema: {_json_kind(node)}", at)
        if "type" not in node:
            raise self.fail("a schema object needs a 'type'", self.loc(node, "", at))
        kind = node["type"]
        if isinstance(kind, (dict, list)):
            return self.parse(kind, namespace, self.loc(node, "type", at))
        if not isinstance(kind, str):
            raise self.fail(
                f"'type' must be a string, got {_json_kind(kind)}", self.loc(node, "type", at)
            )
        if kind in ("record", "error", "enum", "fixed"):
            return self.named(node, namespace, at)
        if kind in ("array", "map"):
            key = "items" if kind == "array" else "values"
            if key not in node:
                raise self.fail(f"an {kind} needs '{key}'", self.loc(node, "type", at))
            inner = self.parse(node[key], namespace, self.loc(node, key, at))
            return ArrayOf(inner) if kind == "array" else MapOf(inner)
        if kind in PRIMITIVES:
            return Primitive(
                kind,
                self.text(node, "logicalType", at),
                self.integer(node, "precision", at),
                self.integer(node, "scale", at),
            )
        return self.reference(kind, namespace, self.loc(node, "type", at))

    def union(self, node: list[Any], namespace: str, at: Span) -> Union:
        branches = tuple(self.parse(branch, namespace, at) for branch in node)
        # The specification forbids what fastavro lets through: nested unions, repeated types.
        keys = [_branch_key(b) for b in branches]
        if "union" in keys or len(set(keys)) != len(keys):
            raise self.fail("a union repeats a type or nests a union", at)
        return Union(branches)

    def reference(self, name: str, namespace: str, at: Span) -> AvroType:
        if name in PRIMITIVES:
            return Primitive(name)
        qualified = full_name(name, namespace)
        ref = Ref(qualified, self.path, name if qualified != name else "")
        self.references.append((ref, at))
        return ref

    def named(self, node: PosDict, enclosing: str, at: Span) -> Ref:
        loc = self.loc(node, "name", at)
        name = self.text(node, "name", loc, required=True) or ""
        if name in PRIMITIVES:  # `null` would then name a record and the primitive at once
            raise self.fail(f"a named type cannot be called '{name}', a primitive type", loc)
        namespace = self.text(node, "namespace", loc)
        fullname = full_name(name, enclosing if namespace is None else namespace)
        own_namespace = fullname.rpartition(".")[0]
        aliases = tuple(full_name(a, own_namespace) for a in self.texts(node, "aliases", loc))
        kind = "record" if node["type"] == "error" else str(node["type"])
        # Registered before the fields are read, so a record may refer to itself.
        placeholder = Named(kind, fullname, aliases, loc)
        self.defined.setdefault(fullname, placeholder)
        fields: list[Field] = []
        if kind == "record":
            items = node.get("fields")
            if not isinstance(items, list):
                raise self.fail(
                    "a record needs 'fields', a list of fields", self.loc(node, "fields", loc)
                )
            fields = [
                self.field(item, own_namespace, self.loc(node, "fields", loc)) for item in items
            ]
        size = self.integer(node, "size", loc) if kind == "fixed" else None
        if kind == "fixed" and (size is None or size < 0):
            raise self.fail("a fixed type needs a 'size' of 0 or more", self.loc(node, "size", loc))
        definition = Named(
            kind,
            fullname,
            aliases,
            loc,
            fields=tuple(fields),
            symbols=self.texts(node, "symbols", loc) if kind == "enum" else (),
            enum_default=self.text(node, "default", loc) if kind == "enum" else None,
            size=size or 0,
            logical=self.text(node, "logicalType", loc),
            precision=self.integer(node, "precision", loc),
            scale=self.integer(node, "scale", loc),
        )
        if self.defined[fullname] is placeholder:
            self.defined[fullname] = definition
        return Ref(fullname, self.path)

    def field(self, node: Any, namespace: str, at: Span) -> Field:
        if not isinstance(node, PosDict):
            raise self.fail(f"a field must be an object, got {_json_kind(node)}", at)
        loc = self.loc(node, "name", at)
        name = self.text(node, "name", loc, required=True) or ""
        if "type" not in node:
            raise self.fail(f"field '{name}' needs a 'type'", loc)
        return Field(
            name=name,
            type=self.parse(node["type"], namespace, loc),
            aliases=self.texts(node, "aliases", loc),
            has_default="default" in node,
            default=node.get("default"),
            loc=loc,
            variants=self.texts(node, VARIANTS_KEY, loc),
        )


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


def _branch_key(branch: AvroType) -> str:
    if isinstance(branch, Primitive):
        return branch.type
    if isinstance(branch, Ref):
        return branch.fullname
    return {ArrayOf: "array", MapOf: "map", Union: "union"}[type(branch)]


GENERATED_MARK = "stele.generated"
VARIANTS_KEY = "stele.variants"
