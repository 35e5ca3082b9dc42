"""`stele test` (examples): every example against every artifact and through every format."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from stele.encode import Codecs, DecodeError, normal_form
from stele.ir import Message, Project, Ref, Span, Value
from stele.mapping.artifacts import Artifacts, message_schema_path, type_schema_path
from stele.mapping.json_values import json_value
from stele.report.model import Result
from stele.testing.rules import at_span, result
from stele.testing.validators import JsonSchemas, Models, imported_models

# Envelope headers an example does not write: filled in so the whole message can be validated.
SAMPLE_TIMESTAMP = "2026-01-01T00:00:00Z"


@dataclass(frozen=True)
class ExampleCase:
    """One example: the value of `type_name` (a message body for message examples)."""

    owner: str  # the type or message it belongs to
    name: str
    type_name: str
    value: Value
    span: Span
    message: Message | None = None
    headers: dict[str, Value] | None = None

    @property
    def label(self) -> str:
        return f"{self.owner} example '{self.name}'"


def example_cases(project: Project) -> Iterator[ExampleCase]:
    """Type examples (records, enums, unions), then message examples, in declaration order."""
    for name, named in project.types.items():
        for i, ex in enumerate(named.examples, 1):
            yield ExampleCase(name, ex.name or f"example-{i}", name, ex.value, ex.span)
    for name, message in project.messages.items():
        for i, mex in enumerate(message.examples, 1):
            yield ExampleCase(
                name,
                mex.name or f"example-{i}",
                message.body.name,
                mex.body,
                mex.span,
                message,
                dict(mex.headers),
            )


def sample_envelope(message: Message, headers: dict[str, Value]) -> dict[str, Value]:
    """The envelope headers every message carries, deterministic, then the example's own."""
    message_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"stele:{message.name}"))
    envelope: dict[str, Value] = {
        "message_id": message_id,
        "message_type": message.name,
        "timestamp": SAMPLE_TIMESTAMP,
        "content_type": "application/json",
    }
    return {**envelope, **headers}


def run_examples(project: Project, artifacts: Artifacts, codecs: Codecs) -> tuple[Result, ...]:
    """Every failure of every example; an empty tuple when all pass."""
    schemas = JsonSchemas(artifacts)
    found: list[Result] = []
    # The pydantic models are checked when the project generates them (`options.formats`).
    modelled = artifacts if "python-models" in codecs.options.formats else {}
    with imported_models(modelled) as models:
        for case in example_cases(project):
            found += check_schemas(project, codecs, schemas, models, case)
            found += check_formats(project, codecs, case)
    return tuple(found)


def _schema_target(project: Project, codecs: Codecs, case: ExampleCase) -> tuple[str, Value]:
    """The schema path and the instance to validate: the whole message for message examples."""
    body = json_value(project, codecs.options, Ref(case.type_name), case.value)
    if case.message is None:
        return type_schema_path(project, case.type_name), body
    headers = sample_envelope(case.message, case.headers or {})
    return message_schema_path(case.message), {"headers": headers, "body": body}


def check_schemas(
    project: Project,
    codecs: Codecs,
    schemas: JsonSchemas,
    models: Models | None,
    case: ExampleCase,
) -> list[Result]:
    path, instance = _schema_target(project, codecs, case)
    found: list[Result] = []
    check = f"examples {case.owner}"
    if path in schemas:
        problem = schemas.first_error(path, instance)
        if problem:
            message = f"{case.label} does not match {path} {problem}"
            found.append(
                result(
                    "example-jsonschema-invalid",
                    message,
                    at_span(case.span),
                    check,
                    fmt="jsonschema",
                )
            )
    if models is not None and path in schemas:
        problem = models.first_error(path, schemas.titles[path], instance)
        if problem:
            message = f"{case.label} is rejected by the pydantic model of {path} {problem}"
            found.append(
                result(
                    "example-model-invalid", message, at_span(case.span), check, fmt="python-models"
                )
            )
    return found


def check_formats(project: Project, codecs: Codecs, case: ExampleCase) -> list[Result]:
    """Encode with each codec, decode, and compare with the normal form of the example."""
    found: list[Result] = []
    check = f"examples {case.owner}"
    try:
        expected = normal_form(project, case.type_name, case.value)
    except (ValueError, KeyError, TypeError):
        expected = case.value
    for codec in codecs:
        try:
            data = codec.encode(case.type_name, case.value)
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            message = f"{case.label} cannot be encoded as {codec.name}: {exc}"
            found.append(
                result("example-encode-failed", message, at_span(case.span), check, fmt=codec.name)
            )
            continue
        try:
            back = normal_form(project, case.type_name, codec.decode(case.type_name, data))
        except (DecodeError, ValueError) as exc:
            message = f"{case.label} does not read back from {codec.name}: {exc}"
            found.append(
                result(
                    "example-round-trip-mismatch",
                    message,
                    at_span(case.span),
                    check,
                    fmt=codec.name,
                )
            )
            continue
        if back != expected:
            message = (
                f"{case.label} reads back different from {codec.name}: "
                f"{_first_difference(expected, back)}"
            )
            found.append(
                result(
                    "example-round-trip-mismatch",
                    message,
                    at_span(case.span),
                    check,
                    fmt=codec.name,
                )
            )
    return found


def _first_difference(expected: Value, actual: Value, path: str = "") -> str:
    """Where two values first differ, as `path: expected X, got Y`."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in [*expected, *(k for k in actual if k not in expected)]:
            if expected.get(key, _MISSING) != actual.get(key, _MISSING):
                return _first_difference(
                    expected.get(key, _MISSING), actual.get(key, _MISSING), f"{path}/{key}"
                )
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (a, b) in enumerate(zip(expected, actual, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}/{i}")
    return f"{path or '(root)'}: expected {_show(expected)}, got {_show(actual)}"


_MISSING = "<absent>"


def _show(value: Value) -> str:
    import json

    text = value if value == _MISSING else json.dumps(value, ensure_ascii=False)
    return str(text) if len(str(text)) <= 80 else str(text)[:77] + "..."
