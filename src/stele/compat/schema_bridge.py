"""The one place where the API checkers (OpenAPI, AsyncAPI) compare two JSON Schemas.

`compare_schema(old, new, direction, subject)` answers, for the schemas at two places in two API
documents: BACKWARD, is every instance valid under OLD valid under NEW; FORWARD, the reverse.
It returns JSON Schema findings (rule ids `json-...`); each API checker then tells them in its
own terms (a request property, a response property, a message payload).

Until the JSON Schema checker is complete this delegates to a small structural comparison
(`stele.compat._interim_schema`) covering properties, `required`, `type`, `enum` and `items`.
"""

from __future__ import annotations

from dataclasses import dataclass

from stele.compat.apidocs import Document
from stele.compat.model import Direction, Finding


@dataclass(frozen=True)
class SchemaAt:
    """A schema in an API document: the document and the JSON pointer of the schema."""

    doc: Document
    pointer: str


def compare_schema(
    old: SchemaAt, new: SchemaAt, direction: Direction, subject: str
) -> list[Finding]:
    from stele.compat import _interim_schema

    return _interim_schema.compare(old, new, direction, subject)
