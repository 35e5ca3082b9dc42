"""API documents (OpenAPI, AsyncAPI) for the compatibility checkers: data, positions, references.

Both formats are JSON or YAML trees addressed by JSON pointers. A `Document` keeps the parsed data
and the line and column of every key, so a finding can point at the element it is about in the
artifact the user wrote. Shared by the OpenAPI and AsyncAPI checkers; it knows neither format.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from stele.compat.foreign_yaml import load_tree
from stele.compat.model import Direction, Finding
from stele.compat.positions import LazyPositions
from stele.diagnostics import SteleError, error
from stele.ir import Span


@dataclass(frozen=True)
class Document:
    path: str  # the relative path the document was loaded under
    data: Any
    positions: Mapping[str, tuple[int, int]]  # JSON pointer -> (line, column), 1-based
    text: str = ""  # the source, for schema comparisons that load documents themselves

    def get(self, pointer: str) -> Any:
        """The node at a JSON pointer, or None."""
        node = self.data
        for token in split_pointer(pointer):
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    def locate(self, pointer: str) -> Span:
        """The position of a pointer's key, or of its nearest located ancestor."""
        tokens = split_pointer(pointer)
        while tokens:
            found = self.positions.get(join_pointer(tokens))
            if found:
                return Span(self.path, *found)
            tokens = tokens[:-1]
        return Span(self.path, 1, 1)

    def resolve(self, pointer: str) -> tuple[str, Any]:
        """Follow local `$ref`s from the node at `pointer`: (pointer of the target, target)."""
        node = self.get(pointer)
        seen = {pointer}
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#"):
                break  # references to other files are outside what the checkers follow
            pointer = ref[1:]
            if pointer in seen:
                break
            seen.add(pointer)
            node = self.get(pointer)
        return pointer, node


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]


def join_pointer(tokens: Iterable[str]) -> str:
    return "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)


def child(pointer: str, *tokens: str | int) -> str:
    return pointer + join_pointer(str(t) for t in tokens)


def load_documents(files: Mapping[str, bytes], marker: str) -> dict[str, Document]:
    """Parse JSON or YAML documents that carry `marker` (openapi, asyncapi) at the top level.

    Read through `stele.compat.foreign`: limits on size, depth and nodes, located errors.
    """
    documents = {}
    for path in sorted(files):
        text, data = load_tree(path, files[path])
        if not isinstance(data, dict) or marker not in data:
            raise SteleError(
                [
                    error(
                        "D003",
                        f"'{path}' is not an {marker} document",
                        _span(path),
                        f"a document with a top-level '{marker}:' key",
                    )
                ]
            )
        documents[path] = Document(path, data, LazyPositions(text), text)
    return documents


def _span(path: str, line: int = 1, column: int = 1) -> Span:
    return Span(path, line, column)


def pair_documents(
    old: Mapping[str, Document], new: Mapping[str, Document], marker: str
) -> list[tuple[Document, Document]]:
    """Documents paired by relative path; a missing side is an empty document of the format.

    Two single documents pair whatever their names (`stele diff old.yaml new.yaml`).
    """
    if len(old) == 1 and len(new) == 1:
        return [(next(iter(old.values())), next(iter(new.values())))]
    pairs = []
    for path in sorted(set(old) | set(new)):
        empty = Document(path, {marker: ""}, {})
        pairs.append((old.get(path, empty), new.get(path, empty)))
    return pairs


def as_forward(findings: Iterable[Finding]) -> list[Finding]:
    """Findings of a BACKWARD check run on swapped documents, told as FORWARD findings.

    For an API both sides are programs: FORWARD (new clients, old service) is exactly BACKWARD
    with the documents swapped. The locations are swapped back so `old` stays in the old document.
    """
    return [
        dataclasses.replace(f, direction=Direction.FORWARD, old=f.new, new=f.old) for f in findings
    ]


K = TypeVar("K", str, tuple[str, str])
V = TypeVar("V")


def matched(old: Mapping[K, V], new: Mapping[K, V]) -> Iterator[tuple[K, V | None, V | None]]:
    """Keys of both maps in sorted order, with the value on each side (None when absent)."""
    for key in sorted(old.keys() | new.keys()):
        yield key, old.get(key), new.get(key)
