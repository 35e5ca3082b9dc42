"""JSON Schema documents: parsing, positions, drafts and `$ref` resolution across files.

A `SchemaSet` is the `load()` result: every document by its relative path, each with its
`$id` (when it has one), its draft and a lazily built map from JSON pointer to line:col. A
`Node` is one schema value at one place; `$ref`s resolve between the documents by absolute URI
(`$id`, or a file URI made from the relative path when a document has none), so relative refs
such as `../common/Money.schema.json#/$defs/X` work with and without `$id`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

from stele.compat.model import Location

# Documents without an `$id` get a base URI under this root, so relative refs between them
# resolve like paths on disk.
FILE_ROOT = "file:///"

DRAFTS = {
    "https://json-schema.org/draft/2020-12/schema": "2020-12",
    "https://json-schema.org/draft/2019-09/schema": "2019-09",
    "http://json-schema.org/draft-07/schema": "7",
    "http://json-schema.org/draft-06/schema": "6",
    "http://json-schema.org/draft-04/schema": "4",
}


@dataclass(frozen=True, eq=False)
class Node:
    """A schema (a dict or a boolean) at `doc#pointer`, with the base URI its refs resolve on."""

    value: Any
    doc: str
    pointer: str
    base: str

    def child(self, *tokens: str | int) -> Node:
        value = self.value
        pointer = self.pointer
        for token in tokens:
            value = value[token]
            pointer += "/" + str(token).replace("~", "~0").replace("/", "~1")
        return Node(value, self.doc, pointer, _child_base(self.base, value))

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc, self.pointer)

    @property
    def subject(self) -> str:
        return f"{self.doc}#{self.pointer}"


def _child_base(base: str, value: Any) -> str:
    if isinstance(value, dict) and isinstance(value.get("$id"), str):
        return str(urldefrag(urljoin(base, value["$id"]))[0])
    return base


@dataclass
class Document:
    path: str
    text: str
    value: Any
    base: str
    draft: str
    openapi30: bool = False
    _positions: dict[str, tuple[int, int]] | None = field(default=None, repr=False)

    def position(self, pointer: str) -> tuple[int, int]:
        if self._positions is None:
            from stele.compat.foreign_yaml import key_positions

            self._positions = key_positions(self.text)
        while pointer not in self._positions and "/" in pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self._positions.get(pointer, (1, 1))


@dataclass
class SchemaSet:
    """Loaded documents plus an index of every `$id` (and file URI) to the node it names."""

    documents: dict[str, Document]
    ids: dict[str, Node] = field(default_factory=dict)
    # (doc, pointer) of every schema whose keywords `shapes.check_tree` found well typed.
    checked: set[tuple[str, str]] = field(default_factory=set)
    # (doc, pointer) -> `compare.canonical` of the value there (union scoring asks again and again).
    spellings: dict[tuple[str, str], str] = field(default_factory=dict)

    def root(self, path: str) -> Node:
        doc = self.documents[path]
        return Node(doc.value, path, "", doc.base)

    def node(self, path: str, pointer: str) -> Node:
        """The node at `path#pointer` (how OpenAPI and AsyncAPI checkers enter a document)."""
        found = _follow_pointer(self.root(path), pointer)
        if found is None:
            raise KeyError(f"{path}#{pointer}")
        return found

    def draft(self, node: Node) -> str:
        return self.documents[node.doc].draft

    def openapi30(self, node: Node) -> bool:
        return self.documents[node.doc].openapi30

    def locate(self, node: Node) -> Location:
        line, column = self.documents[node.doc].position(node.pointer)
        return Location(node.doc, line, column)

    def resolve(self, node: Node, ref: str) -> Node | None:
        """The target of `ref` written in `node`, or None when it points nowhere we loaded."""
        uri, fragment = urldefrag(urljoin(node.base, ref))
        target = self.ids.get(uri)
        if target is None:
            return None
        if fragment and not fragment.startswith("/"):
            return self.ids.get(f"{uri}#{fragment}")  # an $anchor
        return _follow_pointer(target, unquote(fragment))


def _follow_pointer(node: Node, pointer: str) -> Node | None:
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


def load_documents(files: dict[str, bytes], *, openapi30: bool = False) -> SchemaSet:
    """Parse JSON/YAML schema documents (relative path -> bytes) and index their `$id`s.

    Read through `stele.compat.foreign`: limits on size, depth and nodes, located errors.
    """
    from stele.compat.foreign import load_tree

    return index_documents(
        {path: load_tree(path, files[path]) for path in sorted(files)}, openapi30
    )


def index_documents(parsed: dict[str, tuple[str, Any]], openapi30: bool = False) -> SchemaSet:
    """Documents already read (relative path -> (text, value)), with their `$id`s indexed. The
    API checkers pass their documents' data here: it was read within the limits once."""
    documents: dict[str, Document] = {}
    for path in sorted(parsed):
        text, value = parsed[path]
        file_uri = FILE_ROOT + path
        own_id = value.get("$id") if isinstance(value, dict) else None
        base = urldefrag(urljoin(file_uri, own_id))[0] if isinstance(own_id, str) else file_uri
        draft = _draft(value)
        documents[path] = Document(path, text, value, base, draft, openapi30)
    schema_set = SchemaSet(documents)
    for path, doc in documents.items():
        schema_set.ids[FILE_ROOT + path] = Node(doc.value, path, "", doc.base)
        _index_ids(schema_set, Node(doc.value, path, "", doc.base))
    return schema_set


def _draft(value: Any) -> str:
    uri = value.get("$schema", "") if isinstance(value, dict) else ""
    if isinstance(uri, str):
        for known, draft in DRAFTS.items():
            if uri.rstrip("#") == known:
                return draft
    return "2020-12"


def _index_ids(schema_set: SchemaSet, node: Node) -> None:
    value = node.value
    if isinstance(value, dict):
        if isinstance(value.get("$id"), str) and not value["$id"].startswith("#"):
            schema_set.ids.setdefault(node.base, node)
        if isinstance(value.get("$anchor"), str):
            schema_set.ids.setdefault(f"{node.base}#{value['$anchor']}", node)
        for key in value:
            if key not in ("enum", "const", "default", "examples", "example"):
                _index_ids(schema_set, node.child(key))
    elif isinstance(value, list):
        for index in range(len(value)):
            _index_ids(schema_set, node.child(index))
