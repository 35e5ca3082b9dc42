"""OpenAPI 3.1: one document, `openapi/openapi.json`, for every request/response operation that
has an HTTP binding.

Schemas come from the JSON Schema mapping (`stele.emit.jsonschema`) with references rewritten to
`#/components/schemas/<qualified name>`, so JSON Schema, OpenAPI and AsyncAPI describe a value in
exactly the same way. Errors are RFC 9457 problem details (`application/problem+json`).
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus

from stele.diagnostics import Diagnostic
from stele.emit._openapi_check import check_document
from stele.emit.base import EmitContext, header_line
from stele.emit.jsonschema import (
    ComponentRefs,
    Schema,
    dump_json,
    field_schema,
    is_required,
    named_schema,
    openapi_discriminator,
    record_schema,
)
from stele.ir import (
    Field,
    HttpBinding,
    Operation,
    Project,
    Record,
    Ref,
    Union,
    Value,
    named_refs,
)
from stele.mapping.artifacts import DIALECT, Artifacts, component_name, operation_id
from stele.mapping.json_values import json_value

DOCUMENT_PATH = "openapi/openapi.json"
OPENAPI_VERSION = "3.1.0"
PROBLEM = "Problem"  # a component key without a dot: it cannot clash with a qualified type name
PROBLEM_MEDIA_TYPE = "application/problem+json"
BODY_METHODS = ("POST", "PUT", "PATCH")

REFS = ComponentRefs()


def http_operations(project: Project) -> list[Operation]:
    """Request/response operations with an HTTP binding, in declaration order (one without a
    request has no parameters and no body)."""
    return [op for op in project.operations() if op.http is not None]


def status_phrase(code: int) -> str:
    """The reason phrase of a status; contracts may use codes Python does not know."""
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return f"Status {code}"


def problem_schema() -> Schema:
    """RFC 9457 problem details. Always open: the RFC allows extension members."""
    uri = {"type": "string", "format": "uri-reference"}
    return {
        "type": "object",
        "description": "Problem details for HTTP APIs (RFC 9457).",
        "properties": {
            "type": {**uri, "default": "about:blank", "description": "Identifies the problem."},
            "title": {"type": "string", "description": "Short summary of the problem type."},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "detail": {"type": "string", "description": "Explanation of this occurrence."},
            "instance": {**uri, "description": "Identifies this occurrence."},
        },
    }


# ---------------------------------------------------------------------------------------------
# Parameters, bodies and responses
# ---------------------------------------------------------------------------------------------


def _request_split(
    record: Record, http: HttpBinding
) -> tuple[list[Field], list[Field], list[Field]]:
    """(path, query, body) fields: the rest of the fields travel in the body for POST, PUT and
    PATCH (or when the binding says so), and as query parameters otherwise."""
    in_path = [f for f in record.fields if f.name in http.path_params]
    named_query = [f for f in record.fields if f.name in http.query_params]
    rest = [f for f in record.fields if f not in in_path and f not in named_query]
    if http.body or http.method.upper() in BODY_METHODS:
        return in_path, named_query, rest
    return in_path, named_query + rest, []


def _parameter(project: Project, ctx: EmitContext, f: Field, where: str) -> Schema:
    param: Schema = {"name": f.name, "in": where}
    if f.doc:
        param["description"] = f.doc
    param["required"] = where == "path" or is_required(f)
    if f.deprecated is not None:
        param["deprecated"] = True
    schema = field_schema(project, ctx.options, f, REFS)
    schema.pop("description", None)
    schema.pop("deprecated", None)
    param["schema"] = schema
    return param


def _expand_parameter(http: HttpBinding) -> Schema:
    names = [e.name for e in http.expand]
    return {
        "name": "expand",
        "in": "query",
        "description": "Related resources to embed in the response, comma-separated.",
        "required": False,
        "style": "form",
        "explode": False,
        "schema": {
            "type": "array",
            "items": {"type": "string", "enum": names},
            "uniqueItems": True,
        },
    }


def _parameters(project: Project, ctx: EmitContext, op: Operation) -> list[Schema]:
    assert op.http is not None
    params: list[Schema] = []
    if op.request is not None:
        in_path, in_query, _ = _request_split(project.record(op.request), op.http)
        params += [_parameter(project, ctx, f, "path") for f in in_path]
        params += [_parameter(project, ctx, f, "query") for f in in_query]
    if op.http.expand:
        params.append(_expand_parameter(op.http))
    return params


def _examples(values: Sequence[tuple[str, Value]]) -> Schema:
    return {name or f"example{i + 1}": {"value": v} for i, (name, v) in enumerate(values)}


def _request_body(project: Project, ctx: EmitContext, op: Operation) -> Schema | None:
    assert op.http is not None
    if op.request is None:
        return None
    record = project.record(op.request)
    _, _, body = _request_split(record, op.http)
    if not body:
        return None
    if len(body) == len(record.fields):
        schema: Schema = {"$ref": REFS.named(record.name)}
    else:
        schema = record_schema(project, ctx.options, record, REFS, fields=tuple(body))
    media: Schema = {"schema": schema}
    names = {f.json_name for f in body}
    values = [
        (e.name, _only(json_value(project, ctx.options, Ref(record.name), e.value), names))
        for e in record.examples
    ]
    if values:
        media["examples"] = _examples(values)
    return {"required": True, "content": {"application/json": media}}


def _only(value: Value, names: set[str]) -> Value:
    if not isinstance(value, dict):
        return value
    return {k: v for k, v in value.items() if k in names}


def _expanded_schema(project: Project, ctx: EmitContext, op: Operation) -> Schema:
    """The response record plus one optional property per relation `expand` may embed.

    A copy rather than `allOf`: under the closed content model the record's own schema says
    `additionalProperties: false`, which would reject the embedded objects."""
    assert op.http is not None and op.response is not None
    schema = record_schema(project, ctx.options, project.record(op.response), REFS)
    schema.pop("examples", None)
    for e in op.http.expand:
        schema["properties"][e.name] = {
            "$ref": REFS.named(e.target),
            "description": f"The record `{e.field}` refers to; present with `expand={e.name}`.",
        }
    return schema


def _success(project: Project, ctx: EmitContext, op: Operation) -> tuple[str, Schema]:
    assert op.http is not None
    status = op.http.status
    if op.response is None:
        return str(status), {"description": status_phrase(status)}
    record = project.record(op.response)
    if op.http.expand:
        schema = _expanded_schema(project, ctx, op)
    else:
        schema = {"$ref": REFS.named(record.name)}
    media: Schema = {"schema": schema}
    values = [
        (e.name, json_value(project, ctx.options, Ref(record.name), e.value))
        for e in record.examples
    ]
    if values:
        media["examples"] = _examples(values)
    content = {"application/json": media}
    return str(status), {"description": status_phrase(status), "content": content}


def _problem_response(description: str) -> Schema:
    schema = {"$ref": REFS.named(PROBLEM)}
    return {"description": description, "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}}}


def _responses(project: Project, ctx: EmitContext, op: Operation) -> Schema:
    status, success = _success(project, ctx, op)
    responses: Schema = {status: success}
    for code in sorted(op.errors):
        responses[str(code)] = _problem_response(status_phrase(code))
    responses["default"] = _problem_response("Unexpected error.")
    return responses


def operation_object(project: Project, ctx: EmitContext, op: Operation) -> Schema:
    obj: Schema = {"operationId": operation_id(op), "tags": [op.service.rsplit(".", 1)[-1]]}
    if op.doc:
        obj["summary"] = op.doc.splitlines()[0]
        obj["description"] = op.doc
    params = _parameters(project, ctx, op)
    if params:
        obj["parameters"] = params
    body = _request_body(project, ctx, op)
    if body is not None:
        obj["requestBody"] = body
    obj["responses"] = _responses(project, ctx, op)
    if op.deprecated is not None:
        obj["deprecated"] = True
    return obj


# ---------------------------------------------------------------------------------------------
# Components and the document
# ---------------------------------------------------------------------------------------------


def component_schemas(project: Project, ctx: EmitContext, names: list[str]) -> Schema:
    schemas: Schema = {}
    for name in names:
        schema = named_schema(project, ctx.options, name, REFS)
        named = project.types[name]
        schema = {"title": name[len(named.package) + 1 :], **schema}
        if isinstance(named, Union):
            schema["discriminator"] = openapi_discriminator(named, REFS)
        schemas[component_name(name)] = schema
    return schemas


def _request_roots(project: Project, op: Operation) -> list[str]:
    """The request record when a body carries it whole; otherwise only the types its fields
    name (path and query parameters, a partial body): a record used only for parameters is
    no schema of the API, so it is no component."""
    assert op.http is not None and op.request is not None
    record = project.record(op.request)
    _, _, body = _request_split(record, op.http)
    if body and len(body) == len(record.fields):
        return [record.name]
    return [n for f in record.fields for n in named_refs(f.type)]


def _roots(project: Project, ops: list[Operation]) -> list[str]:
    roots: list[str] = []
    for op in ops:
        assert op.http is not None
        if op.request is not None:
            roots += _request_roots(project, op)
        if op.response is not None:
            roots.append(op.response)
        roots += [e.target for e in op.http.expand]
    return roots


def _tags(project: Project, ops: list[Operation]) -> list[Schema]:
    tags: list[Schema] = []
    for service in project.services.values():
        if any(op.service == service.name for op in ops):
            tag: Schema = {"name": service.short_name}
            if service.doc:
                tag["description"] = service.doc
            tags.append(tag)
    return tags


def openapi_document(ctx: EmitContext) -> Schema:
    project = ctx.project
    ops = http_operations(project)
    paths: Schema = {}
    for op in ops:
        assert op.http is not None
        methods = paths.setdefault(op.http.path, {})
        methods[op.http.method.lower()] = operation_object(project, ctx, op)
    schemas = component_schemas(project, ctx, project.reachable_types(_roots(project, ops)))
    schemas[PROBLEM] = problem_schema()
    sources = ", ".join(sorted(set(ctx.sources.values()))) or "the contracts"
    document: Schema = {"openapi": OPENAPI_VERSION, "info": info_object(ctx, sources)}
    servers = [
        {"url": s.url, **({"description": s.description} if s.description else {})}
        for s in ctx.options.info.http_servers
    ]
    if servers:
        document["servers"] = servers
    return {
        **document,
        "jsonSchemaDialect": DIALECT,
        "tags": _tags(project, ops),
        "paths": paths,
        "components": {"schemas": schemas},
    }


def info_object(ctx: EmitContext, sources: str) -> Schema:
    """`info` from stele.yaml's `info:` (title, version, description, contact, license); the
    description ends with the notice naming the contract files."""
    info = ctx.options.info
    notice = header_line(sources)
    obj: Schema = {
        "title": info.title,
        "version": info.version,
        "description": f"{info.description}\n\n{notice}" if info.description else notice,
    }
    if info.contact is not None:
        contact = info.contact
        obj["contact"] = {
            k: v
            for k, v in (("name", contact.name), ("url", contact.url), ("email", contact.email))
            if v
        }
    if info.license is not None:
        obj["license"] = {"name": info.license.name}
        if info.license.identifier:
            obj["license"]["identifier"] = info.license.identifier
        elif info.license.url:
            obj["license"]["url"] = info.license.url
    return obj


class OpenApiEmitter:
    """Writes `openapi/openapi.json` (nothing when no operation has an HTTP binding)."""

    name = "openapi"

    def emit(self, ctx: EmitContext) -> Artifacts:
        if not http_operations(ctx.project):
            return {}
        return {DOCUMENT_PATH: dump_json(openapi_document(ctx))}

    def validate(self, ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
        return [d for path in sorted(artifacts) for d in check_document(path, artifacts[path])]
