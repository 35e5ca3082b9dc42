"""JSON Schema compatibility (drafts 2020-12, 2019-09 and 7).

`CHECKER` is the FormatChecker the framework uses (strict policy). OpenAPI and AsyncAPI reuse
`compare_schemas` for bodies, parameters, payloads and headers: load their documents with
`load_documents` (`openapi30=True` for OpenAPI 3.0's `nullable` and `$ref` rules), take the
nodes with `SchemaSet.node(path, pointer)` and choose the direction that applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stele.compat.handlers import handles
from stele.compat.jsonschema.compare import Comparator
from stele.compat.jsonschema.limits import nested_too_deep
from stele.compat.jsonschema.loading import Node, SchemaSet, load_documents
from stele.compat.jsonschema.rules import RULES_BY_ID, by_id
from stele.compat.jsonschema.values import MODEL_FORMATS, VALIDATOR_FORMATS, Policy
from stele.compat.model import Direction, Finding, sort_findings
from stele.diagnostics import Severity

__all__ = [
    "CHECKER",
    "LENIENT_CHECKER",
    "MODEL_FORMATS",
    "VALIDATOR_FORMATS",
    "JsonSchemaChecker",
    "Node",
    "Policy",
    "SchemaSet",
    "compare_schemas",
    "load_documents",
]


def compare_schemas(
    old_schema: Node,
    new_schema: Node,
    direction: Direction,
    *,
    old_resolver: SchemaSet,
    new_resolver: SchemaSet,
    subject_prefix: str | None = None,
    policy: Policy = "strict",
    formats: frozenset[str] = VALIDATOR_FORMATS,
) -> list[Finding]:
    """Findings for one pair of schemas.

    BACKWARD: every instance valid under `old_schema` must be valid under `new_schema` (a new
    reader accepts what old writers wrote); FORWARD: the reverse. The resolvers are the document
    sets the nodes come from; `$ref`s resolve within them. Subjects are `doc#pointer` of the old
    element (the new one when there is no old one); with `subject_prefix`, the old schema's own
    `doc#pointer` is replaced by it (e.g. `POST /orders request body`), deeper pointers kept.
    Locations are line:col in the documents. `formats` are the `format`s readers assert (the
    API checkers' validators by default; the JSON Schema checker adds the models' `duration`).
    """
    comparator = _compare(
        old_schema,
        new_schema,
        direction,
        old_resolver,
        new_resolver,
        subject_prefix,
        policy,
        formats,
    )
    return sort_findings(comparator.findings)


def _compare(
    old_schema: Node,
    new_schema: Node,
    direction: Direction,
    old_resolver: SchemaSet,
    new_resolver: SchemaSet,
    subject_prefix: str | None,
    policy: Policy,
    formats: frozenset[str],
) -> Comparator:
    backward = direction is Direction.BACKWARD
    writer, reader = (old_schema, new_schema) if backward else (new_schema, old_schema)
    writer_set, reader_set = (
        (old_resolver, new_resolver) if backward else (new_resolver, old_resolver)
    )
    prefix = (old_schema.subject, subject_prefix) if subject_prefix is not None else None
    comparator = Comparator(direction, writer_set, reader_set, policy, prefix, formats)
    try:
        comparator.compare(writer, reader)
    except RecursionError:  # a backstop: MAX_COMPARE_DEPTH stops the walks we know of first
        raise nested_too_deep(writer_set, writer) from None
    return comparator


@dataclass(frozen=True)
class JsonSchemaChecker:
    """Pairs schema documents by relative path and compares each pair."""

    policy: Policy = "strict"
    format: str = "jsonschema"

    def load(self, files: dict[str, bytes]) -> Any:
        return load_documents(files)

    def check(self, old: Any, new: Any, direction: Direction) -> list[Finding]:
        findings: list[Finding] = []
        roots: dict[str, set[str]] = {}  # old file -> new files compared with it as roots
        removed = []
        for path, new_path in _pairs(old, new):
            if new_path is None:
                removed.append(path)
                continue
            comparator = _compare(
                old.root(path),
                new.root(new_path),
                direction,
                old,
                new,
                None,
                self.policy,
                MODEL_FORMATS,
            )
            findings += comparator.findings
            for old_doc, new_doc in comparator.roots:
                roots.setdefault(old_doc, set()).add(new_doc)
        findings += [_removed(old, new, path, roots, direction) for path in removed]
        return sort_findings(findings)


@handles(*by_id("json-schema-removed"))
def _removed(
    old: SchemaSet, new: SchemaSet, path: str, roots: dict[str, set[str]], direction: Direction
) -> Finding:
    """A file of the old set without a counterpart of the same path. When a `$ref` to it became
    a `$ref` to a file the old set lacks (a type renamed), the two were compared there: a
    document does not name its schema's file, so no reader of the referring schemas breaks."""
    rule = RULES_BY_ID["json-schema-removed"]
    root = old.root(path)
    renamed = sorted(n for n in roots.get(path, ()) if n not in old.documents)
    if renamed:
        new_root = new.locate(new.root(renamed[0]))
        return rule.report(
            direction,
            root.subject,
            old.locate(root),
            new_root,
            Severity.INFO,
            "renamed",
            path=path,
            renamed=renamed[0],
        )
    return rule.report(direction, root.subject, old.locate(root), path=path)


def _pairs(old: SchemaSet, new: SchemaSet) -> list[tuple[str, str | None]]:
    """Old documents with their new counterpart: same relative path; two single files pair."""
    if len(old.documents) == 1 and len(new.documents) == 1:
        return [(next(iter(old.documents)), next(iter(new.documents)))]
    return [(path, path if path in new.documents else None) for path in old.documents]


CHECKER = JsonSchemaChecker()
LENIENT_CHECKER = JsonSchemaChecker(policy="lenient")
