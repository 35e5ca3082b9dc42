"""Feeds the emitted JSON Schemas to the real consumer, the `jsonschema` library.

Every schema must pass the 2020-12 metaschema, every `$ref` must resolve in a registry built
from the emitted files alone, and every example of the project must validate against its
schema (with format assertions on). Problems are diagnostics with code G003.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from stele.diagnostics import Diagnostic, error
from stele.emit.base import EmitContext
from stele.ir import Message, Project, Record, Ref, Span, Value
from stele.mapping.artifacts import (
    DIALECT,
    JSONSCHEMA_DIR,
    Artifacts,
    message_schema_path,
    type_schema_path,
)
from stele.mapping.json_values import json_value

CODE = "G003"
Schema = dict[str, Any]

# Envelope header values used to complete a message example, which declares only its own headers.
SAMPLE_ENVELOPE: dict[str, Value] = {
    "message_id": "00000000-0000-4000-8000-000000000000",
    "timestamp": "2000-01-01T00:00:00Z",
    "content_type": "application/json",
}


def check_artifacts(ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
    documents, problems = _load(artifacts)
    if problems:
        return problems
    registry = _registry(documents)
    problems += _check_refs(documents, registry)
    if problems:
        return problems
    base = ctx.options.schema_base_uri
    validator = InstanceValidator(registry)
    for target, value, span in _examples(ctx):
        problems += validator.validate(base + target, value, span)
    return problems


def _load(artifacts: Artifacts) -> tuple[dict[str, Schema], list[Diagnostic]]:
    import jsonschema_rs
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    documents: dict[str, Schema] = {}
    problems: list[Diagnostic] = []
    for path, content in sorted(artifacts.items()):
        if not path.startswith(JSONSCHEMA_DIR + "/"):
            continue
        span = Span(path, 1, 1)
        try:
            document = json.loads(content)
            # The Rust metaschema check is ~500x faster; a schema it rejects is checked again by
            # the reference implementation, whose message the diagnostic carries.
            if not jsonschema_rs.meta.is_valid(document):
                Draft202012Validator.check_schema(document)
        except (ValueError, SchemaError) as exc:
            problems.append(error(CODE, f"invalid JSON Schema: {_first_line(exc)}", span))
            continue
        documents[path] = document
    return documents, problems


def _registry(documents: dict[str, Schema]) -> Any:
    from referencing import Registry, Resource

    resources = [(d["$id"], Resource.from_contents(d)) for d in documents.values()]
    # Crawled once here: otherwise every validator built on it crawls the whole registry again.
    return Registry().with_resources(resources).crawl()


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _check_refs(documents: dict[str, Schema], registry: Any) -> list[Diagnostic]:
    from referencing.exceptions import Unresolvable

    problems: list[Diagnostic] = []
    for path, document in documents.items():
        resolver = registry.resolver(base_uri=document["$id"])
        for ref in _refs(document):
            try:
                resolver.lookup(ref)
            except Unresolvable:
                problems.append(error(CODE, f"unresolvable $ref '{ref}'", Span(path, 1, 1)))
    return problems


class InstanceValidator:
    """Validates values against schemas of one registry.

    One validator is built and then evolved per schema: building a jsonschema validator combines
    its registry with the metaschemas, which copies the whole registry (5 ms per call at 5,000
    schemas), so a validator per example made validation quadratic.
    """

    def __init__(self, registry: Any) -> None:
        from jsonschema import Draft202012Validator

        self._base = Draft202012Validator(
            {"$schema": DIALECT},
            registry=registry,
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )

    def validate(self, uri: str, value: Value, span: Span) -> list[Diagnostic]:
        """Validate one value against the schema at `uri` (may carry a JSON pointer fragment)."""
        from jsonschema.exceptions import best_match

        validator = self._base.evolve(schema={"$schema": DIALECT, "$ref": uri})
        found = best_match(validator.iter_errors(value))
        if found is None:
            return []
        where = "/".join(str(p) for p in found.absolute_path) or "(root)"
        message = f"example does not match its JSON Schema at {where}: {found.message}"
        return [error(CODE, message, span, hint=f"schema {uri}")]


def _examples(ctx: EmitContext) -> Iterator[tuple[str, Value, Span]]:
    """(schema URI relative to the base, value in schema form, span) of every example."""
    project, options = ctx.project, ctx.options
    for qualified, named in project.types.items():
        path = type_schema_path(project, qualified)
        for example in named.examples:
            yield path, json_value(project, options, Ref(qualified), example.value), example.span
        if isinstance(named, Record):
            for f in named.fields:
                for example in f.examples:
                    value = json_value(project, options, f.type, example.value)
                    # The property is the JSON name, as a JSON pointer in a URI fragment.
                    prop = quote(f.json_name.replace("~", "~0").replace("/", "~1"), safe="")
                    yield f"{path}#/properties/{prop}", value, example.span
    for message in project.messages.values():
        yield from _message_examples(project, ctx, message)


def _message_examples(
    project: Project, ctx: EmitContext, message: Message
) -> Iterator[tuple[str, Value, Span]]:
    path = message_schema_path(message)
    for example in message.examples:
        headers: dict[str, Value] = {**SAMPLE_ENVELOPE, "message_type": message.name}
        headers.update(example.headers)
        body = json_value(project, ctx.options, message.body, example.body)
        yield path, {"headers": headers, "body": body}, example.span


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
