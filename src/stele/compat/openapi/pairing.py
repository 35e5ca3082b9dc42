"""Pairing old and new OpenAPI elements, once: paths, operations, parameters, bodies, responses.

Paths match ignoring the names of their parameters (`/orders/{id}` is `/orders/{orderId}`), so
path parameters match by position in the template; other parameters match by location and name.
Every element keeps the JSON pointer of its (resolved) node for locations and schema comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stele.compat.apidocs import Document, child

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE = re.compile(r"\{([^}]*)\}")


def normalize_path(path: str) -> str:
    return _TEMPLATE.sub("{}", path)


@dataclass(frozen=True)
class Operation:
    doc: Document
    path: str  # as written in this document
    method: str
    pointer: str
    node: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def deprecated(self) -> bool:
        return self.node.get("deprecated") is True


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str  # path | query | header | cookie
    pointer: str  # of the resolved parameter object
    node: dict[str, Any]

    @property
    def required(self) -> bool:
        return self.node.get("required") is True

    @property
    def label(self) -> str:
        return f"{self.location} parameter '{self.name}'"

    @property
    def schema_pointer(self) -> str | None:
        if isinstance(self.node.get("schema"), dict):
            return child(self.pointer, "schema")
        content = self.node.get("content")
        if isinstance(content, dict) and content:
            media = sorted(content)[0]  # a parameter's content map holds exactly one entry
            return child(self.pointer, "content", media, "schema")
        return None


@dataclass(frozen=True)
class Body:
    """A request body or a response: its pointer, node and media types."""

    pointer: str
    node: dict[str, Any]

    @property
    def media_types(self) -> dict[str, str]:
        """Media type -> pointer of its schema (or of the media type object when it has none)."""
        content = self.node.get("content")
        if not isinstance(content, dict):
            return {}
        return {
            media: child(self.pointer, "content", media, "schema")
            if isinstance(content[media], dict) and "schema" in content[media]
            else child(self.pointer, "content", media)
            for media in content
        }


def paths(doc: Document) -> dict[str, tuple[str, str]]:
    """Normalized path -> (path as written, pointer of its path item)."""
    items = doc.data.get("paths")
    if not isinstance(items, dict):
        return {}
    return {normalize_path(p): (p, child("/paths", p)) for p in items}


def operations(doc: Document) -> dict[tuple[str, str], Operation]:
    """(normalized path, method) -> operation."""
    found = {}
    for key, (path, pointer) in paths(doc).items():
        item_pointer, item = doc.resolve(pointer)
        if not isinstance(item, dict):
            continue
        for method in METHODS:
            if isinstance(item.get(method), dict):
                op_pointer = child(item_pointer, method)
                found[(key, method)] = Operation(doc, path, method, op_pointer, item[method])
    return found


def parameters(op: Operation) -> dict[tuple[str, str], Parameter]:
    """(location, name) -> parameter; path parameters are keyed by position, not name."""
    item_pointer = op.pointer.rsplit("/", 1)[0]
    positions = {name: str(i) for i, name in enumerate(_TEMPLATE.findall(op.path))}
    found: dict[tuple[str, str], Parameter] = {}
    for list_pointer in (child(item_pointer, "parameters"), child(op.pointer, "parameters")):
        entries = op.doc.get(list_pointer)
        for index in range(len(entries) if isinstance(entries, list) else 0):
            pointer, node = op.doc.resolve(child(list_pointer, index))
            if not isinstance(node, dict) or "name" not in node:
                continue
            name, location = str(node["name"]), str(node.get("in", ""))
            key_name = positions.get(name, name) if location == "path" else name
            found[(location, key_name)] = Parameter(name, location, pointer, node)
    return found


def request_body(op: Operation) -> Body | None:
    if "requestBody" not in op.node:
        return None
    pointer, node = op.doc.resolve(child(op.pointer, "requestBody"))
    return Body(pointer, node) if isinstance(node, dict) else None


def responses(op: Operation) -> dict[str, Body]:
    raw = op.node.get("responses")
    found = {}
    for status in raw if isinstance(raw, dict) else {}:
        pointer, node = op.doc.resolve(child(op.pointer, "responses", status))
        if isinstance(node, dict):
            found[str(status)] = Body(pointer, node)
    return found


def security(op: Operation) -> tuple[str, ...]:
    """The operation's security alternatives, each as 'scheme[scopes] & scheme[scopes]'."""
    raw = op.node["security"] if "security" in op.node else op.doc.data.get("security", [])
    alternatives = []
    for requirement in raw if isinstance(raw, list) else []:
        if isinstance(requirement, dict):
            parts = [
                f"{scheme}[{','.join(sorted(map(str, scopes or [])))}]"
                for scheme, scopes in sorted(requirement.items())
            ]
            alternatives.append(" & ".join(parts) or "anonymous")
    return tuple(sorted(alternatives))
