"""JSON Schema 2020-12: one schema file per named type and one per message.

The mapping functions here (`schema_for_type`, `named_schema`, `record_schema`, `header_schema`,
`message_schema`) are the ONE mapping from stele types to JSON Schema. The OpenAPI and AsyncAPI
emitters call them with a different `Refs` so that references point at their components instead
of at schema files.

Layout: `jsonschema/<package path>/<Name>.schema.json` for a named type (a nested type is
`<Outer>.<Inner>.schema.json`) and `jsonschema/<package path>/<Name>.message.schema.json` for a
message, whose schema describes the whole envelope `{"headers": {...}, "body": <body>}`.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import Any, Protocol

from stele.config import ContentModel, Options
from stele.diagnostics import Diagnostic
from stele.emit._jsonschema_check import check_artifacts
from stele.emit.base import EmitContext, header_line
from stele.ir import (
    ENVELOPE_HEADERS,
    Decimal,
    Enum,
    Field,
    Header,
    ListOf,
    MapOf,
    Message,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Union,
)
from stele.mapping.artifacts import (
    DIALECT,
    JSONSCHEMA_DIR,
    Artifacts,
    component_name,
    local_name,
    message_schema_path,
    type_schema_path,
)
from stele.mapping.json_values import json_value
from stele.values import decimal_pattern

Schema = dict[str, Any]

OUTPUT_DIR = JSONSCHEMA_DIR
INT32_RANGE = (-(2**31), 2**31 - 1)
INT64_RANGE = (-(2**63), 2**63 - 1)
# int64 as a decimal string: at most 19 digits, no leading zeros, no "-0". The pattern cannot
# bound the value to 2^63-1 exactly; the codecs reject the few 19-digit strings beyond it.
INT64_STRING_PATTERN = "^(0|-?[1-9][0-9]{0,18})$"

_SCALAR_SCHEMAS: dict[str, Schema] = {
    "bool": {"type": "boolean"},
    "int32": {
        "type": "integer",
        "format": "int32",
        "minimum": INT32_RANGE[0],
        "maximum": INT32_RANGE[1],
    },
    "int64": {
        "type": "integer",
        "format": "int64",
        "minimum": INT64_RANGE[0],
        "maximum": INT64_RANGE[1],
    },
    "float32": {"type": "number", "format": "float"},
    "float64": {"type": "number", "format": "double"},
    "string": {"type": "string"},
    "bytes": {"type": "string", "contentEncoding": "base64"},
    "uuid": {"type": "string", "format": "uuid"},
    "date": {"type": "string", "format": "date"},
    "timestamp": {"type": "string", "format": "date-time"},
    "duration": {"type": "string", "format": "duration"},
}


class Refs(Protocol):
    """How a schema refers to a named type, and to a union's variant branch."""

    def named(self, qualified: str) -> str: ...

    def variant(self, union: str, variant: str) -> str: ...


@dataclass(frozen=True)
class FileRefs:
    """References between the emitted schema files, relative to the referencing file."""

    project: Project
    current: str  # path of the referencing file under OUTPUT_DIR

    def named(self, qualified: str) -> str:
        target = type_schema_path(self.project, qualified)
        return posixpath.relpath(target, posixpath.dirname(self.current) or ".")

    def variant(self, union: str, variant: str) -> str:
        # Variant branches live in the `$defs` of the union's own file.
        return f"#/$defs/{variant}"


@dataclass(frozen=True)
class ComponentRefs:
    """References into an OpenAPI / AsyncAPI `components/schemas` section."""

    prefix: str = "#/components/schemas/"

    def named(self, qualified: str) -> str:
        return self.prefix + component_name(qualified)

    def variant(self, union: str, variant: str) -> str:
        return f"{self.prefix}{component_name(union)}/$defs/{variant}"


# ---------------------------------------------------------------------------------------------
# Paths and names
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# The mapping
# ---------------------------------------------------------------------------------------------


def type_schema(project: Project, options: Options, expr: TypeExpr, refs: Refs) -> Schema:
    """The inline schema of a type expression; named types become a `$ref`."""
    if isinstance(expr, Scalar):
        if expr.name == "int64" and options.int64_as_string:
            return {"type": "string", "pattern": INT64_STRING_PATTERN}
        return dict(_SCALAR_SCHEMAS[expr.name])
    if isinstance(expr, Decimal):
        return {"type": "string", "pattern": decimal_pattern(expr.precision, expr.scale)}
    if isinstance(expr, ListOf):
        return {"type": "array", "items": type_schema(project, options, expr.item, refs)}
    if isinstance(expr, MapOf):
        value = type_schema(project, options, expr.value, refs)
        return {"type": "object", "additionalProperties": value}
    return {"$ref": refs.named(expr.name)}


def schema_for_type(
    project: Project, options: Options, expr_or_name: TypeExpr | str, refs: Refs
) -> Schema:
    """A qualified type name gives the full definition of that type; a type expression gives
    its inline schema (with `$ref`s to named types)."""
    if isinstance(expr_or_name, str):
        return named_schema(project, options, expr_or_name, refs)
    return type_schema(project, options, expr_or_name, refs)


def named_schema(project: Project, options: Options, qualified: str, refs: Refs) -> Schema:
    """The definition of a record, enum or union (without `$schema` / `$id`)."""
    named = project.types[qualified]
    if isinstance(named, Record):
        return record_schema(project, options, named, refs)
    if isinstance(named, Enum):
        return enum_schema(project, options, named)
    return union_schema(project, options, named, refs)


def _annotations(schema: Schema, doc: str, deprecated: str | None) -> Schema:
    if doc:
        schema["description"] = doc
    if deprecated is not None:
        schema["deprecated"] = True
    return schema


def field_schema(project: Project, options: Options, f: Field, refs: Refs) -> Schema:
    schema = type_schema(project, options, f.type, refs)
    _annotations(schema, f.doc, f.deprecated)
    if f.has_default:
        schema["default"] = json_value(project, options, f.type, f.default)
    if f.examples:
        schema["examples"] = [json_value(project, options, f.type, e.value) for e in f.examples]
    return schema


def is_required(f: Field) -> bool:
    """Required in JSON: neither optional nor defaulted."""
    return not f.optional and not f.has_default


# A required field with a default is left out of `required` (readers fill the default when it
# is absent) yet written by every writer of the contract; the mark says so, for the
# compatibility checkers (an optional field with a default may be left out).
ALWAYS_WRITTEN = "x-stele-always-written"


def _property_schema(project: Project, options: Options, f: Field, refs: Refs) -> Schema:
    schema = field_schema(project, options, f, refs)
    if not f.optional and f.has_default:
        schema[ALWAYS_WRITTEN] = True
    return schema


def record_schema(
    project: Project,
    options: Options,
    record: Record,
    refs: Refs,
    fields: tuple[Field, ...] | None = None,
) -> Schema:
    """An object schema of the record's fields (or of a subset, for an HTTP request body)."""
    chosen = record.fields if fields is None else fields
    schema: Schema = {"type": "object"}
    _annotations(schema, record.doc, record.deprecated)
    schema["properties"] = {
        f.json_name: _property_schema(project, options, f, refs) for f in chosen
    }
    required = [f.json_name for f in chosen if is_required(f)]
    if required:
        schema["required"] = required
    if options.json_content_model is ContentModel.CLOSED:
        schema["additionalProperties"] = False
    if record.examples and fields is None:
        ref = Ref(record.name)
        schema["examples"] = [json_value(project, options, ref, e.value) for e in record.examples]
    return schema


def enum_schema(project: Project, options: Options, enum: Enum) -> Schema:
    schema: Schema = {"type": "string"}
    _annotations(schema, enum.doc, enum.deprecated)
    schema["enum"] = [s.name for s in enum.symbols]
    if enum.examples:
        schema["examples"] = [e.value for e in enum.examples]
    return schema


def variant_branch(
    project: Project, options: Options, union: Union, variant_name: str, refs: Refs
) -> Schema:
    """The variant record's object schema, extended with the discriminator property.

    A copy rather than `allOf` + `$ref`: under the closed content model the referenced record
    says `additionalProperties: false`, which would reject the discriminator property."""
    variant = next(v for v in union.variants if v.name == variant_name)
    record = project.record(variant.type.name)
    base = record_schema(project, options, record, refs)
    base.pop("examples", None)
    branch: Schema = {"title": f"{union.short_name} {variant.name}", "type": "object"}
    if variant.doc or record.doc:
        branch["description"] = variant.doc or record.doc
    tag: Schema = {"const": variant.name}
    branch["properties"] = {union.discriminator: tag, **base["properties"]}
    branch["required"] = [union.discriminator, *base.get("required", [])]
    if "additionalProperties" in base:
        branch["additionalProperties"] = base["additionalProperties"]
    return branch


def union_schema(project: Project, options: Options, union: Union, refs: Refs) -> Schema:
    schema: Schema = {}
    _annotations(schema, union.doc, union.deprecated)
    schema["oneOf"] = [{"$ref": refs.variant(union.name, v.name)} for v in union.variants]
    schema["$defs"] = {
        v.name: variant_branch(project, options, union, v.name, refs) for v in union.variants
    }
    if union.examples:
        ref = Ref(union.name)
        schema["examples"] = [json_value(project, options, ref, e.value) for e in union.examples]
    return schema


def openapi_discriminator(union: Union, refs: Refs) -> Schema:
    """The OpenAPI `discriminator` keyword of a union (not a JSON Schema keyword)."""
    mapping = {v.name: refs.variant(union.name, v.name) for v in union.variants}
    return {"propertyName": union.discriminator, "mapping": mapping}


def envelope_headers(message: Message) -> tuple[Header, ...]:
    """The envelope headers every message carries, then the message's declared headers."""
    standard = tuple(
        Header(name, Scalar(type_name), message.span, required, doc, standard=True)
        for name, type_name, required, doc in ENVELOPE_HEADERS
    )
    return standard + message.headers


def header_schema(
    project: Project, options: Options, message: Message, refs: Refs | None = None
) -> Schema:
    """The schema of a message's headers: envelope headers plus declared ones."""
    chosen_refs: Refs = refs or ComponentRefs()
    headers = envelope_headers(message)
    properties: Schema = {}
    for h in headers:
        prop = type_schema(project, options, h.type, chosen_refs)
        properties[h.name] = _annotations(prop, h.doc, None)
    schema: Schema = {"title": f"{message.short_name} headers", "type": "object"}
    schema["properties"] = properties
    schema["required"] = [h.name for h in headers if h.required]
    if options.json_content_model is ContentModel.CLOSED:
        schema["additionalProperties"] = False
    return schema


def message_schema(project: Project, options: Options, message: Message, refs: Refs) -> Schema:
    """The envelope of a message: `{"headers": {...}, "body": <body type>}`."""
    schema: Schema = {"type": "object"}
    _annotations(schema, message.doc, message.deprecated)
    schema["properties"] = {
        "headers": header_schema(project, options, message, refs),
        "body": {"$ref": refs.named(message.body.name)},
    }
    schema["required"] = ["headers", "body"]
    if options.json_content_model is ContentModel.CLOSED:
        schema["additionalProperties"] = False
    return schema


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# The emitter
# ---------------------------------------------------------------------------------------------


def dump_json(document: Schema) -> bytes:
    """The one serializer of JSON artifacts: 2-space indent, key order as built, final newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _file_document(ctx: EmitContext, package: str, path: str, title: str, body: Schema) -> Schema:
    source = ctx.sources.get(package, package)
    head: Schema = {
        "$schema": DIALECT,
        "$id": ctx.options.schema_base_uri + path,
        "$comment": header_line(source),
        "title": title,
    }
    return {**head, **body}


class JsonSchemaEmitter:
    """Writes `jsonschema/**`; see the module doc for the layout."""

    name = "jsonschema"

    def emit(self, ctx: EmitContext) -> Artifacts:
        project, options = ctx.project, ctx.options
        out: Artifacts = {}
        for qualified, named in project.types.items():
            path = type_schema_path(project, qualified)
            body = named_schema(project, options, qualified, FileRefs(project, path))
            title = local_name(project, qualified)
            doc = _file_document(ctx, named.package, path, title, body)
            out[f"{OUTPUT_DIR}/{path}"] = dump_json(doc)
        for message in project.messages.values():
            path = message_schema_path(message)
            body = message_schema(project, options, message, FileRefs(project, path))
            title = message.name[len(message.package) + 1 :]
            doc = _file_document(ctx, message.package, path, title, body)
            out[f"{OUTPUT_DIR}/{path}"] = dump_json(doc)
        return out

    def validate(self, ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
        return check_artifacts(ctx, artifacts)
