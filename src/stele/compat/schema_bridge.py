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

from dataclasses import dataclass
from typing import Any, Literal

from stele.compat.apidocs import Document
from stele.compat.jsonschema import compare_schemas
from stele.compat.jsonschema.loading import index_documents
from stele.compat.model import Direction, Finding

Policy = Literal["strict", "lenient"]


@dataclass(frozen=True)
class SchemaAt:
    """A schema in an API document: the document and the JSON pointer of the schema."""

    doc: Document
    pointer: str


def compare_schema(
    old: SchemaAt, new: SchemaAt, direction: Direction, subject: str, policy: Policy
) -> list[Finding]:
    return _with_jsonschema_checker(old, new, direction, subject, policy)


_SETS: dict[int, tuple[Document, Any]] = {}


def _schema_set(doc: Document) -> Any:
    """The JSON Schema checker's view of an API document, built once per document.

    Built from the document's data (the API checkers hide readOnly or writeOnly properties in
    it) but located with the original text, whose pointers are the same.
    """
    cached = _SETS.get(id(doc))
    if cached is not None and cached[0] is doc:
        return cached[1]

    if len(_SETS) > 64:
        _SETS.clear()  # a check touches a handful of documents; do not keep old ones alive
    openapi30 = str(doc.data.get("openapi", "")).startswith("3.0")
    # The data as it is (read within the foreign limits once, JSON values only): serializing it
    # and reading it again took longer than the whole comparison for large YAML documents.
    schema_set = index_documents({doc.path: (doc.text, doc.data)}, openapi30=openapi30)
    _SETS[id(doc)] = (doc, schema_set)
    return schema_set


def _with_jsonschema_checker(
    old: SchemaAt, new: SchemaAt, direction: Direction, subject: str, policy: Policy
) -> list[Finding]:
    old_set, new_set = _schema_set(old.doc), _schema_set(new.doc)
    return list(
        compare_schemas(
            old_set.node(old.doc.path, old.pointer),
            new_set.node(new.doc.path, new.pointer),
            direction,
            old_resolver=old_set,
            new_resolver=new_set,
            subject_prefix=subject,
            policy=policy,
        )
    )


def subject_tail(found_subject: str, prefix: str) -> str:
    """Where below the compared schema a JSON Schema finding is: an instance path (`/items/*`)
    when it is under the prefix, else the `#pointer` of the shared definition it is in."""
    if found_subject.startswith(prefix):
        return found_subject[len(prefix) :]
    _, hash_sign, pointer = found_subject.partition("#")
    return f" #{pointer}" if hash_sign else f" {found_subject}"
