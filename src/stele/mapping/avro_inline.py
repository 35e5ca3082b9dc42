"""From per-type files that refer to each other by name to one self-contained schema.

The per-type files of `avro/` define each named type once. A codec, or a parser that takes one
schema at a time, needs a self-contained schema: `inline` copies a schema and replaces the first
use of each name it does not know yet by that name's definition (first use = definition, later
uses = the full name, as in the per-message files). `definitions` collects the named types a
file defines, with the namespace each was defined in, so a definition moved into another file
keeps meaning what it meant.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NAMED_KINDS = ("record", "error", "enum", "fixed")
PRIMITIVES = frozenset(("null", "boolean", "int", "long", "float", "double", "bytes", "string"))


def full_name(name: str, namespace: str) -> str:
    return name if "." in name or not namespace else f"{namespace}.{name}"


@dataclass(frozen=True)
class Definition:
    schema: dict[str, Any]
    namespace: str  # the namespace its unqualified names resolve in


def definitions(schema: Any, namespace: str = "") -> dict[str, Definition]:
    """Every named type `schema` defines (nested ones too), by full name; the first one wins."""
    found: dict[str, Definition] = {}
    _collect(schema, namespace, found)
    return found


def _collect(node: Any, namespace: str, found: dict[str, Definition]) -> None:
    if isinstance(node, list):
        for branch in node:
            _collect(branch, namespace, found)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("type")
    if isinstance(kind, dict | list):
        _collect(kind, namespace, found)
    elif kind in NAMED_KINDS and isinstance(node.get("name"), str):
        name = full_name(node["name"], _own_namespace(node, namespace))
        own = name.rpartition(".")[0]
        found.setdefault(name, Definition(node, own))
        for f in node.get("fields") or ():
            if isinstance(f, dict):
                _collect(f.get("type"), own, found)
    elif kind in ("array", "map"):
        _collect(node.get("items" if kind == "array" else "values"), namespace, found)


def _own_namespace(node: Mapping[str, Any], enclosing: str) -> str:
    namespace = node.get("namespace")
    return namespace if isinstance(namespace, str) else enclosing


def inline(
    schema: Any,
    known_definitions: Mapping[str, Definition],
    known: set[str],
    namespace: str = "",
) -> Any:
    """A copy of `schema` with the first use of every name outside `known` that
    `known_definitions` holds replaced by its definition; a definition of a name already in
    `known` becomes a reference. `known` grows with the names defined on the way."""
    return _Inliner(known_definitions, known).walk(schema, namespace)


class _Inliner:
    def __init__(self, known_definitions: Mapping[str, Definition], known: set[str]) -> None:
        self.definitions = known_definitions
        self.known = known

    def walk(self, node: Any, namespace: str) -> Any:
        if isinstance(node, str):
            return self.reference(node, namespace)
        if isinstance(node, list):
            return [self.walk(branch, namespace) for branch in node]
        if not isinstance(node, dict):
            return node
        kind = node.get("type")
        if isinstance(kind, dict | list):
            return {**node, "type": self.walk(kind, namespace)}
        if kind in NAMED_KINDS and isinstance(node.get("name"), str):
            return self.named(node, namespace)
        if kind in ("array", "map"):
            key = "items" if kind == "array" else "values"
            return {**node, key: self.walk(node.get(key), namespace)}
        if isinstance(kind, str) and kind not in PRIMITIVES:
            return self.reference(kind, namespace)
        return node

    def reference(self, name: str, namespace: str) -> Any:
        if name in PRIMITIVES:
            return name
        for candidate in (full_name(name, namespace), name):
            if candidate in self.known:
                return candidate
            found = self.definitions.get(candidate)
            if found is not None:
                return self.named(found.schema, found.namespace)
        return name  # unknown here: the parser reports it

    def named(self, node: dict[str, Any], enclosing: str) -> Any:
        name = full_name(node["name"], _own_namespace(node, enclosing))
        if name in self.known:
            return name
        self.known.add(name)
        own = name.rpartition(".")[0]
        out = dict(node)
        if "." not in node["name"] and own and "namespace" not in node:
            out["namespace"] = own  # it may land under another namespace
        fields = node.get("fields")
        if isinstance(fields, list):
            out["fields"] = [
                {**f, "type": self.walk(f.get("type"), own)} if isinstance(f, dict) else f
                for f in fields
            ]
        return out
