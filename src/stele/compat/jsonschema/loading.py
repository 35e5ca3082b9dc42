"""JSON Schema documents: parsing, positions, drafts and `$ref` resolution across files.

A `SchemaSet` is the `load()` result: every document by its relative path, each with its draft
and a lazily built map from JSON pointer to line:col. A `Node` is one schema value at one
place. `$ref`s resolve between the documents with the `referencing` library (`references`):
each document is a resource under a file URI made from its relative path and under its own
`$id` (draft 4: `id`), embedded resources and anchors included, so relative refs such as
`../common/Money.schema.json#/$defs/X` work with and without `$id`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stele.compat.foreign_yaml import load_tree
from stele.compat.jsonschema.nodes import Node
from stele.compat.jsonschema.references import References, build, follow_pointer
from stele.compat.positions import key_positions
from stele.span import Span

__all__ = ["FILE_ROOT", "Document", "Node", "SchemaSet", "index_documents", "load_documents"]

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


@dataclass
class Document:
    path: str
    text: str
    value: Any
    draft: str
    openapi30: bool = False
    _positions: dict[str, tuple[int, int]] | None = field(default=None, repr=False)

    def position(self, pointer: str) -> tuple[int, int]:
        if self._positions is None:
            self._positions = key_positions(self.text)
        while pointer not in self._positions and "/" in pointer:
            pointer = pointer.rsplit("/", 1)[0]
        return self._positions.get(pointer, (1, 1))


@dataclass
class SchemaSet:
    """Loaded documents plus the registry their `$ref`s resolve in."""

    documents: dict[str, Document]
    references: References = field(default_factory=References)
    # (doc, pointer) of every schema whose keywords `shapes.check_tree` found well typed.
    checked: set[tuple[str, str]] = field(default_factory=set)
    # (doc, pointer) -> `compare.canonical` of the value there (union scoring asks again and again).
    spellings: dict[tuple[str, str], str] = field(default_factory=dict)

    def root(self, path: str) -> Node:
        return Node(self.documents[path].value, path, "")

    def node(self, path: str, pointer: str) -> Node:
        """The node at `path#pointer` (how OpenAPI and AsyncAPI checkers enter a document)."""
        found = follow_pointer(self.root(path), pointer)
        if found is None:
            raise KeyError(f"{path}#{pointer}")
        return found

    def draft(self, node: Node) -> str:
        return self.documents[node.doc].draft

    def openapi30(self, node: Node) -> bool:
        return self.documents[node.doc].openapi30

    def locate(self, node: Node) -> Span:
        line, column = self.documents[node.doc].position(node.pointer)
        return Span(node.doc, line, column)

    def resolve(self, node: Node, ref: str) -> Node | None:
        """The target of `ref` written in `node`, or None when it points nowhere we loaded."""
        return self.references.resolve(node, ref)


def load_documents(files: dict[str, bytes], *, openapi30: bool = False) -> SchemaSet:
    """Parse JSON/YAML schema documents (relative path -> bytes) and index their `$id`s.

    Read through `stele.compat.foreign`: limits on size, depth and nodes, located errors.
    """
    return index_documents(
        {path: load_tree(path, files[path]) for path in sorted(files)}, openapi30
    )


def index_documents(parsed: dict[str, tuple[str, Any]], openapi30: bool = False) -> SchemaSet:
    """Documents already read (relative path -> (text, value)), with their `$id`s indexed. The
    API checkers pass their documents' data here: it was read within the limits once."""
    documents: dict[str, Document] = {}
    for path in sorted(parsed):
        text, value = parsed[path]
        documents[path] = Document(path, text, value, _draft(value), openapi30)
    references = build(
        (path, doc.value, FILE_ROOT + path, doc.draft, doc.text) for path, doc in documents.items()
    )
    return SchemaSet(documents, references)


def _draft(value: Any) -> str:
    uri = value.get("$schema", "") if isinstance(value, dict) else ""
    if isinstance(uri, str):
        for known, draft in DRAFTS.items():
            if uri.rstrip("#") == known:
                return draft
    return "2020-12"
