"""Feeds the emitted OpenAPI document to its real consumers: `openapi-spec-validator` for the
document, and `jsonschema` for every example of a request body or response (code G004)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from stele.diagnostics import Diagnostic, error
from stele.emit._jsonschema_check import InstanceValidator
from stele.ir import Span

CODE = "G004"
DOCUMENT_URI = "urn:stele:openapi"


def check_document(path: str, content: bytes) -> list[Diagnostic]:
    from openapi_spec_validator import validate

    span = Span(path, 1, 1)
    try:
        document = json.loads(content)
        validate(document)
    except Exception as exc:  # the validator raises several unrelated exception types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [error(CODE, f"invalid OpenAPI 3.1 document: {first}", span)]
    return _check_examples(document, span)


def _pointer(parts: list[str]) -> str:
    escaped = (p.replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + "/".join(quote(p, safe="") for p in escaped)


def _media_examples(document: dict[str, Any]) -> Iterator[tuple[list[str], str, Any]]:
    """(pointer parts of the media type, example name, value) of every media type example."""
    for route, methods in document.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {})
            places = [(["requestBody", "content", m], media) for m, media in body.items()]
            for status, response in op.get("responses", {}).items():
                content = response.get("content", {}).items()
                places += [(["responses", status, "content", m], media) for m, media in content]
            for parts, media in places:
                for name, example in media.get("examples", {}).items():
                    yield ["paths", route, method, *parts], name, example.get("value")


def _check_examples(document: dict[str, Any], span: Span) -> list[Diagnostic]:
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012

    resource = DRAFT202012.create_resource(document)
    registry = Registry().with_resource(DOCUMENT_URI, resource)
    problems: list[Diagnostic] = []
    validator = InstanceValidator(registry)
    for parts, name, value in _media_examples(document):
        uri = DOCUMENT_URI + _pointer([*parts, "schema"])
        for found in validator.validate(uri, value, span):
            problems.append(error(CODE, f"example '{name}': {found.message}", span, found.hint))
    return problems
