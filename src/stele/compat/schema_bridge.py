"""The one place where the API checkers (OpenAPI, AsyncAPI) compare two JSON Schemas.

`compare_schema(old, new, direction, subject, policy)` answers, for the schemas at two places in
two API documents: BACKWARD, is every instance valid under OLD valid under NEW; FORWARD, the
reverse. It returns JSON Schema findings (rule ids `json-...`); each API checker then tells them
in its own terms (a request property, a response property, a message payload).

`policy` is the JSON Schema checker's: "lenient" assumes no instance carries a property its
schema does not declare (so adding an optional property to an open object is fine), "strict"
does not assume it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from stele.compat.apidocs import Document
from stele.compat.model import Direction, Finding

Policy = Literal["strict", "lenient"]

# The JSON Schema checker's comparison once its rule catalogue is in place; until then a small
# structural comparison of our own (stele.compat._interim_schema).
USE_JSONSCHEMA_CHECKER = False


@dataclass(frozen=True)
class SchemaAt:
    """A schema in an API document: the document and the JSON pointer of the schema."""

    doc: Document
    pointer: str


def compare_schema(
    old: SchemaAt, new: SchemaAt, direction: Direction, subject: str, policy: Policy
) -> list[Finding]:
    if USE_JSONSCHEMA_CHECKER:
        return _with_jsonschema_checker(old, new, direction, subject, policy)
    from stele.compat import _interim_schema

    return _interim_schema.compare(old, new, direction, subject)


_SETS: dict[int, tuple[Document, Any]] = {}


def _schema_set(doc: Document) -> Any:
    """The JSON Schema checker's view of an API document, built once per document.

    Built from the document's data (the API checkers hide readOnly or writeOnly properties in
    it) but located with the original text, whose pointers are the same.
    """
    cached = _SETS.get(id(doc))
    if cached is not None and cached[0] is doc:
        return cached[1]
    from stele.compat.jsonschema.loading import load_documents

    openapi30 = str(doc.data.get("openapi", "")).startswith("3.0")
    schema_set = load_documents({doc.path: json.dumps(doc.data).encode()}, openapi30=openapi30)
    schema_set.documents[doc.path].text = doc.text
    _SETS[id(doc)] = (doc, schema_set)
    return schema_set


def _with_jsonschema_checker(
    old: SchemaAt, new: SchemaAt, direction: Direction, subject: str, policy: Policy
) -> list[Finding]:
    from stele.compat.jsonschema.compare import Comparator

    old_set, new_set = _schema_set(old.doc), _schema_set(new.doc)
    old_node, new_node = (
        old_set.node(old.doc.path, old.pointer),
        new_set.node(new.doc.path, new.pointer),
    )
    backward = direction is Direction.BACKWARD
    writer_set, reader_set = (old_set, new_set) if backward else (new_set, old_set)
    writer, reader = (old_node, new_node) if backward else (new_node, old_node)
    comparator = Comparator(direction, writer_set, reader_set, policy, (old_node.subject, subject))
    comparator.compare(writer, reader)
    return comparator.findings
