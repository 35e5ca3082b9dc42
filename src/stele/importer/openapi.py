"""OpenAPI 3.0 and 3.1 documents as contracts: `components.schemas` as types (read as JSON
Schema definitions; 3.0's `nullable`), and operations as request-response operations with HTTP
bindings (path and query parameters and the JSON body into one request record, the first 2xx
JSON response as the response, the other statuses as errors)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from stele.diagnostics import SteleError, error
from stele.importer import names
from stele.importer.jsonschema import JsonSchemaImporter, _Doc
from stele.importer.jsonschema_parts import as_dict, as_list
from stele.importer.model import Imported, IOperation, IRecord, IService
from stele.importer.sources import SourceFile, load_document, locate
from stele.ir import Span

NOT_OPENAPI = "I005"  # not an OpenAPI 3.0 or 3.1 document
APPROX = "I011"
DROPPED = "I012"
METHODS = ("get", "put", "post", "delete", "patch", "head")
_REF = "#/components/schemas/"
_PARAM = re.compile(r"\{([^{}]+)\}")


def _rewrite(value: Any, v30: bool) -> Any:
    """Component references as `$defs` references; 3.0's `nullable: true` as a null type."""
    if isinstance(value, list):
        return [_rewrite(v, v30) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _rewrite(v, v30) for k, v in value.items() if k != "nullable"}
    ref = out.get("$ref")
    if isinstance(ref, str) and ref.startswith(_REF):
        out["$ref"] = "#/$defs/" + ref.removeprefix(_REF)
    if v30 and value.get("nullable") is True and isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    return out


class OpenApiImporter:
    def __init__(self, package: str | None, closed: bool) -> None:
        self.schemas = JsonSchemaImporter(package)
        self.schemas.closed = closed
        self.schemas.result = Imported("openapi")
        self.package = package
        self.documents: list[tuple[_Doc, dict[str, Any], bool]] = []

    @property
    def result(self) -> Imported:
        return self.schemas.result

    def collect(self, source: SourceFile) -> None:
        text, root = load_document(source)
        version = as_dict(root).get("openapi")
        if not isinstance(version, str) or not version.startswith(("3.0", "3.1")):
            raise SteleError(
                [
                    error(
                        NOT_OPENAPI,
                        "not an OpenAPI 3.0 or 3.1 document (no `openapi: 3.0.x` or `3.1.x`)",
                        Span(source.shown, 1, 1),
                        "import OpenAPI 3 documents; convert Swagger 2.0 first",
                    )
                ]
            )
        v30 = version.startswith("3.0")
        title = as_dict(root.get("info")).get("title")
        package = names.package(self.package or (str(title) if title else "api"))
        schemas = as_dict(as_dict(root.get("components")).get("schemas"))
        doc = _Doc(source, text, {"$defs": _rewrite(schemas, v30)}, package, "", root_is_type=False)
        self.schemas.docs[source.relative] = doc
        self.documents.append((doc, root, v30))

    def convert(self) -> Imported:
        self.schemas.convert()
        for doc, root, v30 in self.documents:
            for path, item in as_dict(root.get("paths")).items():
                for method in METHODS:
                    op = as_dict(item).get(method)
                    if isinstance(op, dict):
                        self._operation(doc, str(path), method, op, as_dict(item), v30)
        return self.result

    def _operation(
        self, doc: _Doc, path: str, method: str, op: dict[str, Any], item: dict[str, Any], v30: bool
    ) -> None:
        span = locate(doc.source, doc.text, path)
        pkg = self.result.package(doc.package)
        tags = [t for t in as_list(op.get("tags")) if isinstance(t, str)]
        service_name = names.pascal(tags[0] if tags else doc.package.rpartition(".")[2])
        if not service_name.endswith("Service"):
            service_name += "Service"
        service = pkg.services.setdefault(service_name, IService(service_name))
        op_id = op.get("operationId")
        raw = str(op_id).rpartition("_")[2] if isinstance(op_id, str) else f"{method}_{path}"
        name = names.pascal(raw)
        request = IRecord(self.result.free_name(doc.package, f"{name}Request"))
        query: list[str] = []
        path_fields: dict[str, str] = {}
        params = [*as_list(item.get("parameters")), *as_list(op.get("parameters"))]
        for p in params:
            p = as_dict(p)
            where, pname = p.get("in"), p.get("name")
            if where not in ("path", "query") or not isinstance(pname, str):
                self.result.note(
                    DROPPED, f"{method.upper()} {path}: {where} parameter '{pname}'", span
                )
                continue
            schema = _rewrite(as_dict(p.get("schema")), v30)
            renamed = _renamed(method, path, str(where), pname, request.name)
            needed = bool(p.get("required"))
            f = self.schemas._field(
                doc, request, request.name, pname, schema, needed, False, renamed
            )
            if f is not None:
                request.fields.append(f)
                if where == "query":
                    query.append(f.name)
                elif f.name != pname:
                    # The path names the field: `{memberId}` becomes `{member_id}`.
                    path_fields[pname] = f.name
        body = as_dict(
            as_dict(as_dict(op.get("requestBody")).get("content")).get("application/json")
        )
        if body:
            schema = _rewrite(as_dict(body.get("schema")), v30)
            target = self.schemas._deref(doc, schema, span)
            props = as_dict(target[1].get("properties")) if target else {}
            required = set(as_list(target[1].get("required"))) if target else set()
            for prop, sub in props.items():
                f = self.schemas._field(doc, request, request.name, prop, sub, prop in required)
                if f is not None:
                    request.fields.append(f)
        response, status, errors = self._responses(doc, name, op, span, v30)
        http: dict[str, Any] = {"method": method.upper(), "path": _path(path, path_fields)}
        if query and method not in ("get", "head", "delete"):
            http["query"] = query
        if status != 200:
            http["status"] = status
        operation = IOperation(
            name,
            request.name if request.fields else None,
            response,
            doc=str(op.get("description") or op.get("summary") or ""),
            http=http,
            grpc=False,
        )
        operation.errors = errors
        if request.fields:
            pkg.types[request.name] = request
        service.operations.append(operation)

    def _responses(
        self, doc: _Doc, name: str, op: dict[str, Any], span: Span, v30: bool
    ) -> tuple[str, int, list[int]]:
        pkg = self.result.package(doc.package)
        responses = as_dict(op.get("responses"))
        codes = sorted(c for c in responses if str(c).isdigit())
        ok = [c for c in codes if str(c).startswith("2")]
        errors = [int(c) for c in codes if str(c)[0] in "45"]
        for c in codes:
            if str(c)[0] in "45":
                media = set(as_dict(as_dict(responses.get(c)).get("content")))
                if media != {"application/problem+json"}:
                    self.result.note(
                        APPROX,
                        f"operation '{name}': response {c} becomes application/problem+json"
                        f" (was {', '.join(sorted(media)) or 'no content'})",
                        span,
                        "stele answers errors with RFC 9457 problem details",
                    )
        status = int(ok[0]) if ok else 200
        content = as_dict(as_dict(responses.get(ok[0]) if ok else {}).get("content"))
        schema = _rewrite(as_dict(as_dict(content.get("application/json")).get("schema")), v30)
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.schemas._resolve(doc, ref, span)
            if target is not None:
                return target, status, errors
        record = IRecord(self.result.free_name(doc.package, f"{name}Response"))
        kind = schema.get("type", "object" if "properties" in schema else None)
        if schema and kind != "object":
            shown = kind if isinstance(kind, str) else "schema without an object type"
            self.result.note(
                APPROX,
                f"operation '{name}': the {status} response is a JSON {shown}; an operation "
                "answers a record, and an empty record is written",
                span,
                "answer a record that holds the value (for an array, a field `items: list<T>`);"
                " its JSON body is an object",
            )
        elif schema:
            for prop, sub in as_dict(schema.get("properties")).items():
                required = prop in as_list(schema.get("required"))
                f = self.schemas._field(doc, record, record.name, prop, sub, required)
                if f is not None:
                    record.fields.append(f)
        else:
            self.result.note(
                APPROX, f"operation '{name}': no JSON response; an empty record is written", span
            )
        pkg.types[record.name] = record
        return record.name, status, errors


def _renamed(method: str, path: str, where: str, pname: str, record: str) -> Callable[[str], str]:
    """I010's words for a parameter whose name is not `snake_case`, given the field's name. A
    path parameter's name is not sent: the path template names the field and the URLs stay the
    same. A query parameter's name is sent: requests name the field instead."""

    def said(name: str) -> str:
        told = f"{where} parameter '{pname}' of {method.upper()} {path} is imported as field"
        told += f" '{name}' of {record}"
        if where == "path":
            return f"{told}: the path template says {{{name}}}, the URLs stay the same"
        return f"{told}: requests send ?{name}= instead of ?{pname}="

    return said


def _path(path: str, fields: dict[str, str]) -> str:
    """The path template with each renamed parameter written as its field's name."""
    for pname, field_name in fields.items():
        path = path.replace("{" + pname + "}", "{" + field_name + "}")
    return path


def import_openapi(sources: list[SourceFile], package: str | None, closed: bool) -> Imported:
    importer = OpenApiImporter(package, closed)
    for source in sources:
        importer.collect(source)
    return importer.convert()
