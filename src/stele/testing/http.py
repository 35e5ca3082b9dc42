"""`stele test http`: schemathesis, through its Python API, against a live service.

The generated OpenAPI drives schemathesis (`schemathesis.openapi.from_dict`); for each selected
operation, requests built from the contract examples (`http_cases`) and `--max-examples`
generated ones (hypothesis, seeded by `--seed`) are sent, and every response goes through
schemathesis's checks (server errors, status codes, content types, response headers, response
schema) and stele's own `expand` check: with `expand=NAME`, the response carries a `NAME`
object that matches the related record's schema. Results are located at the operation in the
YAML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from stele.diagnostics import SteleError, did_you_mean, error
from stele.emit.base import Artifacts
from stele.ir import Operation, Project, Span
from stele.report.model import Report, Result
from stele.testing.http_cases import known_cases
from stele.testing.rules import at_span, result

OPENAPI_PATH = "openapi/openapi.json"
OPENAPI_URI = "urn:stele:openapi"
TIMEOUT_S = 10.0
RULE_OF_FAILURE = {
    "ServerError": "http-server-error",
    "UndefinedStatusCode": "http-status-code",
    "UndefinedContentType": "http-content-type",
    "MissingContentType": "http-content-type",
    "MalformedMediaType": "http-content-type",
    "JsonSchemaError": "http-response-schema",
    "MalformedJson": "http-response-schema",
    "ContentDeserializationError": "http-response-schema",
    "DiscriminatorMismatch": "http-response-schema",
    "MissingHeaders": "http-response-headers",
}


@dataclass(frozen=True)
class HttpRequest:
    base_url: str
    max_examples: int = 20
    seed: int = 0
    operations: tuple[str, ...] = ()


@dataclass
class OperationRun:
    op: Operation
    label: str  # METHOD /path
    results: dict[tuple[str, str], Result] = field(default_factory=dict)  # first per failure
    requests: int = 0

    def add(self, rule: str, text: str) -> None:
        key = (rule, text)
        if key not in self.results:
            message = f"{self.label}: {text}"
            self.results[key] = result(rule, message, at_span(self.op.span), f"http {self.label}")


def _bad(code: str, message: str, hint: str = "") -> SteleError:
    return SteleError([error(code, message, Span("<command line>", 1, 1), hint)])


def check_reachable(base_url: str) -> None:
    from urllib.parse import urlsplit

    import requests

    if not base_url.startswith(("http://", "https://")):
        raise _bad("T010", f"'{base_url}' is not an http:// or https:// URL")
    try:
        parts = urlsplit(base_url)
        host, _port = parts.hostname, parts.port  # .port raises on a port out of range
    except ValueError as exc:
        raise _bad("T010", f"'{base_url}' is not a valid URL: {exc}") from None
    if not host:
        raise _bad("T010", f"'{base_url}' names no host", "e.g. --base-url http://localhost:8080")
    try:
        requests.get(base_url, timeout=TIMEOUT_S)
    except requests.RequestException as exc:
        raise _bad(
            "T010",
            f"cannot reach {base_url}: {type(exc).__name__}",
            "start the service, or check --base-url",
        ) from None


def select_operations(project: Project, wanted: tuple[str, ...]) -> list[Operation]:
    """HTTP operations, all or those named by operationId, Service.Operation or service."""
    from stele.emit.openapi import operation_id

    bound = [op for op in project.operations() if op.http is not None]
    if not wanted:
        return bound
    names: dict[str, list[Operation]] = {}
    for op in bound:
        short_service = op.service.rsplit(".", 1)[-1]
        for key in (operation_id(op), op.qualified_name, f"{short_service}.{op.name}"):
            names.setdefault(key, []).append(op)
        for key in (op.service, short_service):
            names.setdefault(key, []).append(op)
    chosen: list[Operation] = []
    for name in wanted:
        if name not in names:
            raise _bad("T011", f"no HTTP operation '{name}'", did_you_mean(name, names))
        chosen += [op for op in names[name] if op not in chosen]
    return [op for op in bound if op in chosen]


def run_http(project: Project, artifacts: Artifacts, request: HttpRequest) -> Report:
    import schemathesis

    if OPENAPI_PATH not in artifacts:
        raise _bad("T012", "the project generates no OpenAPI document")
    # The names first: a misspelt --operation is reported as such, service up or not.
    selected = select_operations(project, request.operations)
    check_reachable(request.base_url)
    document = json.loads(artifacts[OPENAPI_PATH])
    schema = schemathesis.openapi.from_dict(document)
    api_ops = {_op_id(o): o for o in _api_operations(schema)}
    expand = ExpandCheck(document)
    runs: list[OperationRun] = []
    from stele.emit.openapi import operation_id

    for op in selected:
        api_op = api_ops[operation_id(op)]
        run = OperationRun(op, f"{api_op.method.upper()} {api_op.path}")
        for case in _known(project, op, api_op):
            _exercise(run, case, request.base_url, expand, op)
        _generated(run, api_op, request, expand, op)
        runs.append(run)
    results = [r for run in runs for r in run.results.values()]
    checks = [f"http {run.label}" for run in runs]
    notes = [f"{sum(run.requests for run in runs)} requests to {request.base_url}"]
    return Report.of("test http", results, checks, notes=notes)


def _api_operations(schema: Any) -> list[Any]:
    return [found.ok() for found in schema.get_all_operations()]


def _op_id(api_op: Any) -> str:
    return str(api_op.definition.raw.get("operationId", ""))


def _known(project: Project, op: Operation, api_op: Any) -> list[Any]:
    cases = []
    for known in known_cases(project, op):
        kwargs: dict[str, Any] = {"path_parameters": known.path_parameters, "query": known.query}
        if known.has_body:
            kwargs.update(body=known.body, media_type="application/json")
        cases.append(api_op.Case(**kwargs))
    return cases


def _generated(
    run: OperationRun, api_op: Any, request: HttpRequest, expand: ExpandCheck, op: Operation
) -> None:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    @settings(
        max_examples=request.max_examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
        print_blob=False,
    )
    @hypothesis_seed(request.seed)
    @given(api_op.as_strategy())
    def send(case: Any) -> None:
        _exercise(run, case, request.base_url, expand, op)

    send()


def _exercise(
    run: OperationRun, case: Any, base_url: str, expand: ExpandCheck, op: Operation
) -> None:
    import requests
    from schemathesis.core.failures import Failure, FailureGroup

    run.requests += 1
    try:
        response = case.call(base_url=base_url, timeout=TIMEOUT_S)
    except requests.RequestException as exc:
        run.add("http-check-failed", f"request failed: {type(exc).__name__}")
        return
    try:
        case.validate_response(response, checks=_checks())
    except FailureGroup as group:
        for failure in group.exceptions:
            _add_failure(run, failure)
    except Failure as failure:
        _add_failure(run, failure)
    for rule, text in expand.problems(op, case, response):
        run.add(rule, text)


def _add_failure(run: OperationRun, failure: Any) -> None:
    rule = RULE_OF_FAILURE.get(type(failure).__name__, "http-check-failed")
    detail = str(failure.message).strip().splitlines()
    text = f"{failure.title}: {detail[0]}" if detail else str(failure.title)
    run.add(rule, text)


def _checks() -> list[Any]:
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
    ]


class ExpandCheck:
    """With `expand=NAME` on a successful call, the body carries a valid `NAME` object."""

    def __init__(self, document: dict[str, Any]) -> None:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry: Any = Registry().with_resource(OPENAPI_URI, resource)
        self._validators: dict[str, Any] = {}

    def problems(self, op: Operation, case: Any, response: Any) -> list[tuple[str, str]]:
        asked = _expand_names(case.query or {})
        if not asked or op.http is None or not 200 <= response.status_code < 300:
            return []
        try:
            body = response.json()
        except ValueError:
            return []  # the schema check reports a body that is not JSON
        if not isinstance(body, dict):
            return []
        targets = {e.name: e.target for e in op.http.expand}
        found: list[tuple[str, str]] = []
        for name in asked:
            if name not in targets:
                continue
            if not isinstance(body.get(name), dict):
                found.append(("http-expand-missing", f"expand={name} returned no `{name}` object"))
                continue
            problem = self._first_error(targets[name], body[name])
            if problem:
                found.append(("http-expand-invalid", f"the embedded `{name}` {problem}"))
        return found

    def _first_error(self, target: str, value: Any) -> str:
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import best_match

        from stele.emit.jsonschema import component_name

        if target not in self._validators:
            ref = f"{OPENAPI_URI}#/components/schemas/{component_name(target)}"
            self._validators[target] = Draft202012Validator(
                {"$ref": ref},
                registry=self._registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
        found = best_match(self._validators[target].iter_errors(value))
        if found is None:
            return ""
        where = "/".join(str(p) for p in found.absolute_path) or "(root)"
        return f"does not match {target} at {where}: {found.message}"


def _expand_names(query: dict[str, Any]) -> list[str]:
    raw = query.get("expand")
    items = raw if isinstance(raw, list) else str(raw or "").split(",")
    return [str(item) for item in items if item]
