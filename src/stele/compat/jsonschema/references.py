"""`$ref` resolution with the `referencing` library, located in stele's documents.

`referencing` knows each draft's rules: draft 4's `id` and 6/7's `$id` (ignored next to a
`$ref`), `$anchor` and `$dynamicAnchor` (2020-12), legacy `#name` ids, which keywords hold
subschemas, and how a JSON pointer that passes through an embedded resource changes the base
URI. stele walks each document once along those subschema positions, with the draft's own
`Specification` functions, and records where (document, JSON pointer) every resource and
anchored schema is; the `Registry` it builds from that walk is never crawled by `referencing`
and never retrieves anything: a `$ref` resolves only within the loaded files (the diff reads
only the directory or file it was given), anything else is unresolved.

Foreign schemas are hostile: the draft functions are wrapped so that a wrongly typed `$id`,
`$anchor` or subschema keyword is ignored here (the comparison reports it as D008 when it gets
there), never a crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from referencing import Registry, Resource, Specification
from referencing import jsonschema as specs
from referencing.exceptions import NoSuchResource, Unresolvable
from rpds import HashTrieMap

from stele.compat.jsonschema.nodes import Node

_DRAFT_SPECS: dict[str, Specification[Any]] = {
    "2020-12": specs.DRAFT202012,
    "2019-09": specs.DRAFT201909,
    "7": specs.DRAFT7,
    "6": specs.DRAFT6,
    "4": specs.DRAFT4,
}
# Keys of an OpenAPI or AsyncAPI document whose values are schemas (`schemas` maps names to
# schemas): their embedded `$id`s and anchors are indexed too.
_API_SCHEMA_KEYS = ("schema", "payload")
_API_SKIPPED = ("example", "examples", "default", "enum", "const")


def _usable_uri(text: Any) -> bool:
    if not isinstance(text, str):
        return False
    try:
        urlsplit(text)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
    return True


def _safe(spec: Specification[Any]) -> Specification[Any]:
    """The draft's functions, guarded against values of the wrong JSON type."""
    id_key = "id" if spec.name in ("draft-04", "draft-03") else "$id"

    def id_of(contents: Any) -> str | None:
        if not isinstance(contents, dict) or not _usable_uri(contents.get(id_key, "")):
            return None
        found = spec.id_of(contents)
        return found if isinstance(found, str) else None

    def subresources_of(contents: Any) -> Iterable[Any]:
        if not isinstance(contents, dict):
            return []
        try:
            return [s for s in spec.subresources_of(contents) if isinstance(s, dict | bool)]
        except (TypeError, AttributeError, KeyError):
            return []

    def anchors_in(specification: Specification[Any], contents: Any) -> Iterable[Any]:
        if not isinstance(contents, dict):
            return []
        for key in ("$anchor", "$dynamicAnchor", "$id", "id"):
            if key in contents and not isinstance(contents[key], str):
                return []
        try:
            return list(spec._anchors_in(specification, contents))
        except (TypeError, AttributeError):
            return []

    return Specification(  # type: ignore[call-arg]  # attrs fields, unseen by mypy
        name=spec.name,
        id_of=id_of,
        subresources_of=subresources_of,
        anchors_in=anchors_in,
        maybe_in_subresource=spec.maybe_in_subresource,
    )


SAFE_SPECS = {draft: _safe(spec) for draft, spec in _DRAFT_SPECS.items()}


def _refuse(uri: str) -> Any:
    """Nothing outside the loaded files is read: an unknown URI does not resolve."""
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


@dataclass
class References:
    """The registry of every loaded document, with where its resources and anchors are."""

    registry: Registry[Any] = field(
        default_factory=lambda: Registry(retrieve=_refuse)  # type: ignore[call-arg]
    )
    # Absolute URI (no fragment) of a document or embedded resource -> its node.
    resources: dict[str, Node] = field(default_factory=dict)
    # id() of a resource's or anchored schema's contents -> its node.
    located: dict[int, Node] = field(default_factory=dict)
    # Document -> pointer of each resource in it -> the base URI it sets.
    scopes: dict[str, dict[str, str]] = field(default_factory=dict)
    # (base URI, ref) -> what it resolved to: API documents repeat the same refs everywhere.
    resolved: dict[tuple[str, str], Node | None] = field(default_factory=dict)

    def base_of(self, node: Node) -> str:
        """The base URI a `$ref` written in `node` resolves against."""
        scope = self.scopes.get(node.doc, {})
        pointer = node.pointer
        while pointer not in scope and pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return scope.get(pointer, "")

    def resolve(self, node: Node, ref: str) -> Node | None:
        """The node `ref` (written in `node`) points to, or None when it points nowhere loaded."""
        base = self.base_of(node)
        key = (base, ref)
        if key not in self.resolved:
            self.resolved[key] = self._lookup(base, ref)
        return self.resolved[key]

    def _lookup(self, base: str, ref: str) -> Node | None:
        try:
            resolved = self.registry.resolver(base).lookup(ref)
            uri, fragment = urldefrag(urljoin(base, ref))
        except (Unresolvable, ValueError, TypeError, AttributeError, IndexError):
            return None
        contents = resolved.contents
        found = self.located.get(id(contents))
        if found is not None and found.value is contents:
            return found
        start = self.resources.get(str(uri))
        if start is None or (fragment and not fragment.startswith("/")):
            return None
        found = follow_pointer(start, unquote(fragment))
        if found is None or not (found.value is contents or found.value == contents):
            return None
        return found


def follow_pointer(node: Node, pointer: str) -> Node | None:
    current = node
    for raw in pointer.split("/")[1:] if pointer else []:
        token = raw.replace("~1", "/").replace("~0", "~")
        value = current.value
        if isinstance(value, list) and token.isdigit() and int(token) < len(value):
            current = current.child(int(token))
        elif isinstance(value, dict) and token in value:
            current = current.child(token)
        else:
            return None
    return current


def build(documents: Iterable[tuple[str, Any, str, str, str]]) -> References:
    """References over documents given as (path, value, file URI, draft, text)."""
    refs = References()
    resources: dict[str, Resource[Any]] = {}
    anchors: dict[tuple[str, str], Any] = {}
    for path, value, file_uri, draft, text in documents:
        spec = SAFE_SPECS.get(draft, SAFE_SPECS["2020-12"])
        root = Node(value, path, "")
        refs.scopes[path] = {"": file_uri}
        resources[file_uri] = spec.create_resource(value)
        refs.resources[file_uri] = root
        seeds = [(root, file_uri)]
        if _is_api_document(value):
            # An API document's refs are pointers into it; only ids and anchors need the walk.
            has_ids = any(k in text for k in ("$id", "$anchor", "$dynamicAnchor"))
            seeds = [(n, file_uri) for n in _api_schemas(root)] if has_ids else []
        _walk(refs, spec, seeds, resources, anchors, file_uri)
    # Built from the walk, so `referencing` has nothing left to crawl; `_refuse` retrieves.
    resource_map: HashTrieMap[str, Resource[Any]] = HashTrieMap(resources)
    anchor_map: HashTrieMap[tuple[str, str], Any] = HashTrieMap(anchors)
    refs.registry = Registry(  # type: ignore[call-arg]
        resources=resource_map, anchors=anchor_map, retrieve=_refuse
    )
    return refs


def _is_api_document(value: Any) -> bool:
    return isinstance(value, dict) and any(k in value for k in ("openapi", "asyncapi", "swagger"))


def _api_schemas(root: Node) -> list[Node]:
    """The schemas of an OpenAPI or AsyncAPI document: values of `schema` and `payload`
    keys and of `schemas` maps, found without entering examples and defaults."""
    found: list[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        value = node.value
        if isinstance(value, dict):
            for key, item in value.items():
                if key in _API_SKIPPED or not isinstance(item, dict | list):
                    continue
                if key in _API_SCHEMA_KEYS:
                    found.append(node.child(key))
                elif key == "schemas" and isinstance(item, dict):
                    found.extend(node.child(key, name) for name in item)
                else:
                    stack.append(node.child(key))
        elif isinstance(value, list):
            stack.extend(node.child(i) for i in range(len(value)))
    return found


def _walk(
    refs: References,
    spec: Specification[Any],
    seeds: list[tuple[Node, str]],
    resources: dict[str, Resource[Any]],
    anchors: dict[tuple[str, str], Any],
    file_uri: str,
) -> None:
    """Every subschema position under the seeds: resources and anchors, with their nodes."""
    seen: set[int] = set()
    stack = list(seeds)
    while stack:
        node, base = stack.pop()
        value = node.value
        if not isinstance(value, dict) or id(value) in seen:
            continue
        seen.add(id(value))
        own = spec.id_of(value)
        if own is not None:
            base = str(urldefrag(urljoin(base, own))[0])
            resource = spec.create_resource(value)
            resources.setdefault(base, resource)
            refs.resources.setdefault(base, node)
            refs.located.setdefault(id(value), node)
            refs.scopes[node.doc][node.pointer] = base
        for anchor in spec.anchors_in(value):
            refs.located.setdefault(id(value), node)
            for uri in {base, file_uri} if node.pointer == "" else {base}:
                anchors.setdefault((uri, anchor.name), anchor)
        stack.extend((child, base) for child in _subschemas(spec, node))


def _subschemas(spec: Specification[Any], node: Node) -> list[Node]:
    """The subschemas the draft names under `node`, placed by identity among its children."""
    value = node.value
    subs = [s for s in spec.subresources_of(value) if isinstance(s, dict)]
    if not subs:
        return []
    where: dict[int, tuple[str | int, ...]] = {}
    for key, child in value.items():
        where.setdefault(id(child), (key,))
        if isinstance(child, dict):
            for name, item in child.items():
                where.setdefault(id(item), (key, name))
        elif isinstance(child, list):
            for index, item in enumerate(child):
                where.setdefault(id(item), (key, index))
    return [node.child(*where[id(s)]) for s in subs if id(s) in where]
