"""`stele test http`: schemathesis, through its Python API, against a live service.

The generated OpenAPI drives schemathesis (`schemathesis.openapi.from_dict`); for each selected
operation, requests built from the contract examples (`http_cases`) and `--max-examples`
generated ones (hypothesis, seeded by `--seed`) are sent, and every response goes through
schemathesis's checks (server errors, status codes, content types, response headers, response
schema) and stele's own `expand` check: with `expand=NAME`, the response carries a `NAME`
object that matches the related record's schema. Results are located at the operation in the
YAML. Requests go through `http_client.BoundedClient`: within the base URL's origin, a deadline
per request and for the run, a cap on each response body.

Errors about an option are located at the option (`--base-url:1:1`), as `--mode:1:1`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from stele.diagnostics import SteleError, did_you_mean, error
from stele.ir import Operation, Project, Span
from stele.mapping.artifacts import Artifacts, component_name, operation_id
from stele.report.model import Report, Result
from stele.testing.http_cases import known_cases
from stele.testing.http_client import BoundedClient, HttpLimits, origin_of, requests_count
from stele.testing.rules import at_span, result

OPENAPI_PATH = "openapi/openapi.json"
OPENAPI_URI = "urn:stele:openapi"
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
    limits: HttpLimits = field(default_factory=HttpLimits)


@dataclass
class OperationRun:
    op: Operation
    label: str  # METHOD /path
    results: dict[tuple[str, str], Result] = field(default_factory=dict)  # first per failure
    requests: int = 0
    # Answers that say "no such route" (404, 405, 501: `unimplemented`), judged once the
    # operation is done: not implemented when no request got another answer, else checked.
    missing: list[tuple[Any, Any]] = field(default_factory=list)
    answered: int = 0  # answers that were not of that kind

    def add(self, rule: str, text: str, hint: str = "") -> None:
        key = (rule, text)
        if key not in self.results:
            message = f"{self.label}: {text}"
            self.results[key] = result(
                rule, message, at_span(self.op.span), f"http {self.label}", hint=hint
            )


def _bad(code: str, message: str, hint: str = "", at: str = "<command line>") -> SteleError:
    return SteleError([error(code, message, Span(at, 1, 1), hint)])


def check_url(base_url: str) -> None:
    from urllib.parse import urlsplit

    if not base_url.startswith(("http://", "https://")):
        raise _bad("T010", f"'{base_url}' is not an http:// or https:// URL", at="--base-url")
    try:
        parts = urlsplit(base_url)
        host, _port = parts.hostname, parts.port  # .port raises on a port out of range
    except ValueError as exc:
        raise _bad("T010", f"'{base_url}' is not a valid URL: {exc}", at="--base-url") from None
    if not host:
        raise _bad(
            "T010",
            f"'{base_url}' names no host",
            "e.g. --base-url http://localhost:8080",
            at="--base-url",
        )


def check_reachable(client: BoundedClient, base_url: str) -> None:
    """The service accepts a connection. Whatever it answers (or fails to answer in time) is
    judged by the requests of the run."""
    answer = client.send({"method": "GET", "url": base_url})
    if answer.problem is not None and answer.problem[1].startswith("request failed"):
        raise _bad(
            "T010",
            f"cannot reach {base_url}: {answer.problem[1].removeprefix('request failed: ')}",
            "start the service, or check --base-url",
            at="--base-url",
        )


def allowed_origins(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--allow-redirects-to` values as origins (T013 for one that is not an http(s) origin)."""
    from urllib.parse import urlsplit

    found = []
    for value in values:
        try:
            origin = origin_of(value)
            extra = urlsplit(value).path.strip("/") or urlsplit(value).query
        except ValueError:
            origin, extra = "", ""
        if not origin or extra:
            raise _bad(
                "T013",
                f"'{value}' is not an origin",
                "scheme://host[:port], e.g. --allow-redirects-to https://login.example.com",
                at="--allow-redirects-to",
            )
        found.append(origin)
    return tuple(found)


def select_operations(project: Project, wanted: tuple[str, ...]) -> list[Operation]:
    """HTTP operations, all or those named by operationId, Service.Operation or service."""
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
            raise _bad(
                "T011", f"no HTTP operation '{name}'", did_you_mean(name, names), at="--operation"
            )
        chosen += [op for op in names[name] if op not in chosen]
    return [op for op in bound if op in chosen]


def run_http(project: Project, artifacts: Artifacts, request: HttpRequest) -> Report:
    import schemathesis

    if OPENAPI_PATH not in artifacts:
        raise _bad("T012", "the project generates no OpenAPI document")
    # The names first: a misspelt --operation is reported as such, service up or not.
    selected = select_operations(project, request.operations)
    check_url(request.base_url)
    origins = allowed_origins(request.limits.allowed_origins)
    client = BoundedClient(request.base_url, replace(request.limits, allowed_origins=origins))
    try:
        check_reachable(client, request.base_url)
        document = json.loads(artifacts[OPENAPI_PATH])
        schema = schemathesis.openapi.from_dict(document)
        api_ops = {_op_id(o): o for o in _api_operations(schema)}
        runner = CaseRunner(client, request.base_url, ExpandCheck(document))
        runs: list[OperationRun] = []

        for op in selected:
            api_op = api_ops[operation_id(op)]
            run = OperationRun(op, f"{api_op.method.upper()} {api_op.path}")
            for case in _known(project, op, api_op):
                runner.exercise(run, case, op)
            _generated(run, api_op, request, runner, op)
            runner.settle(run, op)
            runs.append(run)
    finally:
        client.close()
    results = [r for run in runs for r in run.results.values()]
    checks = [f"http {run.label}" for run in runs]
    notes = [f"{requests_count(client.requests)} to {request.base_url}"]
    if runner.untested:
        notes.append(f"not tested after the total deadline: {', '.join(runner.untested)}")
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
    run: OperationRun, api_op: Any, request: HttpRequest, runner: CaseRunner, op: Operation
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
        runner.exercise(run, case, op)

    send()


@dataclass
class CaseRunner:
    """Sends each case through the bounded client and judges the answer. Once the total
    deadline has run out, cases are skipped without a request (hypothesis still draws them,
    which costs no network)."""

    client: BoundedClient
    base_url: str
    expand: ExpandCheck
    untested: list[str] = field(default_factory=list)
    stopped: bool = False

    def exercise(self, run: OperationRun, case: Any, op: Operation) -> None:

        if self.client.expired:
            self._stop(run)
            return
        run.requests += 1
        answer = self.client.send(case.as_transport_kwargs(base_url=self.base_url))
        if answer.problem is not None:
            if answer.problem[0] == "http-total-deadline":
                self._stop(run)
            else:
                run.add(*answer.problem)
            return
        response = answer.response
        if unimplemented(op, response):
            run.missing.append((case, response))
            return
        run.answered += 1
        self.judge(run, case, op, response)

    def judge(self, run: OperationRun, case: Any, op: Operation, response: Any) -> None:
        from schemathesis.core.failures import Failure, FailureGroup

        try:
            case.validate_response(response, checks=_checks())
        except FailureGroup as group:
            for failure in group.exceptions:
                _add_failure(run, failure)
        except Failure as failure:
            _add_failure(run, failure)
        for rule, text in self.expand.problems(op, case, response):
            run.add(rule, text)

    def settle(self, run: OperationRun, op: Operation) -> None:
        """An operation that got only "no such route" answers is not implemented: one result
        naming the status, instead of what the checks say about an HTML error page. Where
        other requests were answered, those answers are checked like any other."""
        if not run.missing:
            return
        if run.answered:
            for case, response in run.missing:
                self.judge(run, case, op, response)
            return
        statuses = sorted({r.status_code for _, r in run.missing})
        _, first = run.missing[0]
        said = " or ".join(f"{s} {_reason(s)}" for s in statuses)
        kind = first.headers.get("Content-Type", "no content type").split(";")[0].strip()
        run.add(
            "http-not-implemented",
            f"not implemented by the service: all {_count(len(run.missing), 'request')} "
            f"answered {said} ({kind}), e.g. {first.request.method} {first.request.path_url}",
            f"implement {run.label} in the service, or leave it out with --operation",
        )

    def _stop(self, run: OperationRun) -> None:
        if not self.stopped:
            self.stopped = True
            run.add("http-total-deadline", self.client.total_text())
        if run.label not in self.untested and run.requests == 0:
            self.untested.append(run.label)


NO_ROUTE = (404, 405, 501)
JSON_TYPES = ("application/json", "application/problem+json")


def unimplemented(op: Operation, response: Any) -> bool:
    """A 404, 405 or 501 that is not an answer the operation declares: a 404 the contract
    lists (`errors: [404]`) in JSON is the operation saying "no such entity", not "no route"."""
    status = int(response.status_code)
    if status not in NO_ROUTE:
        return False
    kind = str(response.headers.get("Content-Type", "")).split(";")[0].strip().lower()
    declared = status in op.errors
    return not (declared and (kind in JSON_TYPES or kind.endswith("+json")))


def _reason(status: int) -> str:
    from http import HTTPStatus

    return HTTPStatus(status).phrase


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


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
