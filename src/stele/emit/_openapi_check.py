"""Feeds the emitted OpenAPI document to its real consumers: `openapi-spec-validator` for the
document, and `jsonschema` for every example of a request body or response (code G004).

openapi-spec-validator runs whole, with two changes to its schema walk that keep its verdicts:
the metaschema check of each schema object is tried first with the Rust metaschema check (the
same one the JSON Schema checker uses), and only a schema it rejects goes through the reference
implementation, whose message the diagnostic carries (the reference check was 80 % of the time);
and the walk remembers the schemas it has seen in sets, not lists (a list made it quadratic in
the number of schema objects).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

from stele.diagnostics import Diagnostic, error
from stele.emit._jsonschema_check import InstanceValidator
from stele.ir import Span
from stele.mapping.artifacts import DIALECT

CODE = "G004"
DOCUMENT_URI = "urn:stele:openapi"


def check_document(path: str, content: bytes) -> list[Diagnostic]:
    span = Span(path, 1, 1)
    try:
        document = json.loads(content)
        _spec_validator()(document).validate()
    except Exception as exc:  # the validator raises several unrelated exception types
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [error(CODE, f"invalid OpenAPI 3.1 document: {first}", span)]
    return _check_examples(document, span)


class _SeenIds(list[int]):
    """The list openapi-spec-validator keeps of the schemas it has visited, answering `in` from
    a set."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[int] = set()

    def __contains__(self, item: object) -> bool:
        return item in self._set

    def append(self, item: int) -> None:
        self._set.add(item)
        super().append(item)


@functools.cache
def _spec_validator() -> Any:
    """openapi-spec-validator's OpenAPI 3.1 validator with the schema walk described above."""
    import jsonschema_rs
    from openapi_spec_validator.validation import keywords
    from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator

    class SchemaWalk(keywords.OpenAPIV31SchemaValidator):
        def __init__(self, registry: Any) -> None:
            super().__init__(registry)
            self.visited_schema_ids = _SeenIds()
            self.meta_checked_schema_ids = _SeenIds()

        def _get_schema_checker(self, schema: Any, schema_value: Any) -> Any:
            reference = super()._get_schema_checker(schema, schema_value)
            if self._get_schema_dialect_id(schema, schema_value) != DIALECT:
                return reference

            def check(value: Any) -> None:
                if not jsonschema_rs.meta.is_valid(value):
                    reference(value)

            return check

    class SpecValidator(OpenAPIV31SpecValidator):
        keyword_validators = {**OpenAPIV31SpecValidator.keyword_validators, "schema": SchemaWalk}

    return SpecValidator


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
