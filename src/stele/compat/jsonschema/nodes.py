"""A schema value at one place: `doc#pointer` (the JSON pointer its findings are located by)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, eq=False)
class Node:
    """A schema (a dict or a boolean) at `doc#pointer`. The base URI its `$ref`s resolve on is
    the document set's business (`SchemaSet.resolve`), from the resources around it."""

    value: Any
    doc: str
    pointer: str

    def child(self, *tokens: str | int) -> Node:
        value = self.value
        pointer = self.pointer
        for token in tokens:
            value = value[token]
            pointer += "/" + str(token).replace("~", "~0").replace("/", "~1")
        return Node(value, self.doc, pointer)

    @property
    def key(self) -> tuple[str, str]:
        return (self.doc, self.pointer)

    @property
    def subject(self) -> str:
        return f"{self.doc}#{self.pointer}"
