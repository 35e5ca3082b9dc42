"""Feeds the emitted AsyncAPI documents to their real consumer: the official AsyncAPI 3.0.0 JSON
Schema (vendored in `stele/schemas/asyncapi/`, see its PROVENANCE.md), resolved offline.

On top of the schema, which cannot see across a document, every local `$ref` must resolve, an
operation's messages must be messages of its channel (the specification's MUST), a reply with a
runtime address must use a channel whose address is null, and every message example must match
its headers and payload schemas. Problems are diagnostics with code G005.

The official schema is applied by the Rust validator (`jsonschema_rs`, 200x faster on these
documents) first; a document it rejects is walked again by the reference implementation
(`jsonschema`), whose errors the diagnostics carry.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any

from stele.diagnostics import Diagnostic, error
from stele.emit.base import EmitContext
from stele.ir import Span
from stele.mapping.artifacts import Artifacts

CODE = "G005"
SCHEMA_RESOURCE = "schemas/asyncapi/3.0.0.json"
DOCUMENT_PREFIX = "asyncapi/"
Document = dict[str, Any]


@functools.cache
def official_schema() -> Document:
    from importlib.resources import files

    text = files("stele").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: Document = json.loads(text)
    return schema


@functools.cache
def _schema_validator() -> Any:
    """A draft-07 validator whose registry holds every `$id` embedded in the official bundle,
    so no reference is ever fetched."""
    from jsonschema import Draft7Validator
    from referencing import Registry
    from referencing.jsonschema import DRAFT7

    schema = official_schema()
    resource = DRAFT7.create_resource(schema)
    registry: Registry[Any] = Registry().with_resource(schema["$id"], resource).crawl()
    return Draft7Validator(schema, registry=registry)


@functools.cache
def _fast_validator() -> Any:
    import jsonschema_rs

    def refuse(uri: str, /) -> Document:
        raise ValueError(f"{uri} is not in the official bundle; nothing is fetched")

    # A retriever that refuses instead of the network: every `$id` needed is in the bundle.
    return jsonschema_rs.Draft7Validator(official_schema(), retriever=refuse)


def schema_problems(document: object) -> list[tuple[str, str]]:
    """(JSON path, message) of each violation of the official schema, reduced to its most
    specific cause, sorted by path."""
    if _fast_validator().is_valid(document):
        return []
    found = {(cause.json_path, cause.message) for cause in map(_cause, _violations(document))}
    return sorted(found)


def _violations(document: object) -> Iterator[Any]:
    yield from _schema_validator().iter_errors(document)


def _is_missing_ref(error: Any) -> bool:
    """The failed `Reference` branch of AsyncAPI's everywhere-present "Reference or Object"."""
    return bool(error.validator == "required" and error.validator_value == ["$ref"])


def _cause(error: Any) -> Any:
    """Descend a `oneOf` / `anyOf` failure to its deepest sub-error, ignoring the Reference
    branch, so the message says what is wrong instead of "not valid under any schema"."""
    while error.context:
        branches = [e for e in error.context if not _is_missing_ref(e)] or list(error.context)
        error = max(branches, key=lambda e: len(e.absolute_path))
    return error


def check_document(path: str, document: object) -> list[Diagnostic]:
    """Every problem of one AsyncAPI document, as G005 diagnostics whose span is the document
    and whose message names the JSON path."""
    span = Span(path, 1, 1)
    problems = [
        error(CODE, f"violates the AsyncAPI 3.0.0 schema at {where}: {message}", span)
        for where, message in schema_problems(document)
    ]
    if problems or not isinstance(document, dict):
        return problems
    for where, message in semantic_problems(document):
        problems.append(error(CODE, f"at {where}: {message}", span))
    return problems


def check_artifacts(ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
    del ctx  # the documents carry everything they are checked against
    problems: list[Diagnostic] = []
    for path, content in sorted(artifacts.items()):
        if not path.startswith(DOCUMENT_PREFIX):
            continue
        try:
            document = json.loads(content)
        except ValueError as exc:
            problems.append(error(CODE, f"not JSON: {exc}", Span(path, 1, 1)))
            continue
        problems += check_document(path, document)
    return problems


# ---------------------------------------------------------------------------------------------
# What the schema cannot see
# ---------------------------------------------------------------------------------------------


def resolve(document: Document, ref: str) -> object:
    """The node a local `$ref` (`#/a/b`) points at; KeyError when it points nowhere."""
    if not ref.startswith("#/"):
        raise KeyError(ref)
    node: object = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(ref)
    return node


def _refs(node: object, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield where, value
            else:
                yield from _refs(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _refs(item, f"{where}[{index}]")


def semantic_problems(document: Document) -> list[tuple[str, str]]:
    problems = []
    for where, ref in _refs(document, "$"):
        try:
            resolve(document, ref)
        except KeyError:
            problems.append((where, f"$ref '{ref}' does not resolve inside the document"))
    if problems:
        return problems
    for key, operation in document.get("operations", {}).items():
        problems += _operation_problems(document, f"$.operations.{key}", operation)
    problems += list(_example_problems(document))
    return problems


def _subset_problems(
    where: str, channel_ref: str, messages: list[Document]
) -> list[tuple[str, str]]:
    prefix = channel_ref + "/messages/"
    return [
        (f"{where}.messages[{i}]", f"'{m['$ref']}' is not a message of channel '{channel_ref}'")
        for i, m in enumerate(messages)
        if not m["$ref"].startswith(prefix)
    ]


def _operation_problems(
    document: Document, where: str, operation: Document
) -> list[tuple[str, str]]:
    problems = _subset_problems(where, operation["channel"]["$ref"], operation.get("messages", []))
    reply = operation.get("reply")
    if not isinstance(reply, dict) or "channel" not in reply:
        return problems
    reply_where = f"{where}.reply"
    problems += _subset_problems(reply_where, reply["channel"]["$ref"], reply.get("messages", []))
    channel = resolve(document, reply["channel"]["$ref"])
    if "address" in reply and isinstance(channel, dict) and channel.get("address") is not None:
        message = "a reply with a runtime address needs a channel whose address is null"
        problems.append((reply_where, message))
    return problems


def _example_problems(document: Document) -> Iterator[tuple[str, str]]:
    """Each message example against the message's own headers and payload schemas."""
    for key, message in document.get("components", {}).get("messages", {}).items():
        for index, example in enumerate(message.get("examples", [])):
            for part in ("headers", "payload"):
                if part not in example or part not in message:
                    continue
                pointer = f"#/components/messages/{key}/{part}"
                for where, text in instance_problems(document, pointer, example[part]):
                    location = f"$.components.messages.{key}.examples[{index}].{part}{where[1:]}"
                    yield location, f"example does not match its {part} schema: {text}"


def instance_problems(document: Document, pointer: str, value: object) -> list[tuple[str, str]]:
    """Validate a value against the schema at `pointer` inside the document (draft-07, formats
    asserted), with the document as the only resource."""
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import best_match
    from referencing import Registry
    from referencing.jsonschema import DRAFT7

    uri = "urn:stele:asyncapi-document"
    registry: Registry[Any] = Registry().with_resource(uri, DRAFT7.create_resource(document))
    validator = Draft7Validator(
        {"$ref": uri + pointer}, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER
    )
    found = best_match(validator.iter_errors(value))
    return [] if found is None else [(found.json_path, found.message)]
