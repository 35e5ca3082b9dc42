"""The Avro emitter: each named type defined once, and one self-contained schema per message.

Layout (under the output directory):

- `avro/<package as path>/<Name>.avsc` for every record and enum: that type's definition only,
  referring to the other named types it uses by full name (a nested type is named
  `<Outer>_<Inner>` in its package's namespace). Types that refer to each other in a cycle are
  defined together in the file of the first declared one (`stele.mapping.avro_layout`);
- `avro/messages/<qualified message name>.avsc`: the body schema a registry would register,
  self-contained: the first use of each named type is its definition, later uses its full name;
- `avro/index.json`: for every type its Avro full name, its file and the files it depends on;
  for every message its body and file; `order`, every per-type file after the files it uses.

The per-type files load together, in `order`, with fastavro's named schemas or the Apache
parser's `Names`; the output grows linearly with the project. See docs/avro.md.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from stele.config import Options
from stele.diagnostics import Diagnostic, error
from stele.emit.avro_defaults import avro_default, union_variant_of
from stele.emit.base import EmitContext, header_line, source_of_package
from stele.ir import (
    Decimal,
    Enum,
    Field,
    ListOf,
    MapOf,
    NamedType,
    Project,
    Record,
    Ref,
    Scalar,
    Span,
    TypeExpr,
    Union,
)
from stele.mapping.artifacts import Artifacts, message_path
from stele.mapping.avro_layout import ROOT, avro_path, layout
from stele.mapping.avro_values import avro_full_name

AvroSchema = str | dict[str, Any] | list[Any]

# Extra attribute carrying the generated-by notice (Avro JSON has no comments; the specification
# allows attributes it does not define, and registries keep them).
GENERATED_ATTRIBUTE = "stele.generated"
__all__ = ["ROOT", "AvroEmitter", "avro_path", "avro_schema_for", "avro_schema_for_type"]

_PRIMITIVES: Mapping[str, AvroSchema] = {
    "bool": "boolean",
    "int32": "int",
    "int64": "long",
    "float32": "float",
    "float64": "double",
    "string": "string",
    "bytes": "bytes",
    "uuid": {"type": "string", "logicalType": "uuid"},
    "date": {"type": "int", "logicalType": "date"},
    "timestamp": {"type": "long", "logicalType": "timestamp-micros"},
    # Not a standard logical type: readers that do not know it see the long.
    "duration": {"type": "long", "logicalType": "duration-micros"},
}


class _SchemaBuilder:
    """Builds one file's schema; remembers which named types that file has already defined.

    `local` is the set of full names the file defines (a per-type file: its type, or its
    cycle); every other named type is written as its full name. None: define everything at
    its first use (a self-contained schema).
    """

    def __init__(self, project: Project, local: frozenset[str] | None = None) -> None:
        self.project = project
        self.defined: set[str] = set()
        self.local = local

    def type_schema(self, t: TypeExpr) -> AvroSchema:
        if isinstance(t, Scalar):
            primitive = _PRIMITIVES[t.name]
            return dict(primitive) if isinstance(primitive, dict) else primitive
        if isinstance(t, Decimal):
            return {
                "type": "bytes",
                "logicalType": "decimal",
                "precision": t.precision,
                "scale": t.scale,
            }
        if isinstance(t, ListOf):
            return {"type": "array", "items": self.type_schema(t.item)}
        if isinstance(t, MapOf):
            return {"type": "map", "values": self.type_schema(t.value)}
        return self.named(self.project.types[t.name])

    def named(self, t: NamedType, first_variant: str | None = None) -> AvroSchema:
        if isinstance(t, Union):
            return self.union_branches(t, first_variant)
        full_name = avro_full_name(t)
        if full_name in self.defined or (self.local is not None and full_name not in self.local):
            return full_name
        self.defined.add(full_name)
        return self.record(t) if isinstance(t, Record) else self.enum(t)

    def union_branches(self, union: Union, first_variant: str | None = None) -> list[Any]:
        """The variant records; `first_variant` goes first (a union default names the first)."""
        return [self.type_schema(v.type) for v in _variant_order(union, first_variant)]

    def record(self, r: Record) -> dict[str, Any]:
        schema = _named_header("record", r)
        schema["fields"] = [self.field(f) for f in r.fields]
        return schema

    def enum(self, e: Enum) -> dict[str, Any]:
        schema = _named_header("enum", e, _symbol_notes(e))
        schema["symbols"] = [s.name for s in e.symbols]
        if e.default is not None:
            schema["default"] = e.default
        return schema

    def field(self, f: Field) -> dict[str, Any]:
        out: dict[str, Any] = {"name": f.name}
        variant = None
        if f.optional:
            # Avro unions do not nest: an optional union is null plus the variant records.
            inner = self.type_schema(f.type)
            out["type"] = ["null", *(inner if isinstance(inner, list) else [inner])]
        elif f.has_default and isinstance(f.type, Ref):
            variant = union_variant_of(self.project, f.type, f.default)
            out["type"] = self.named(self.project.types[f.type.name], variant)
        else:
            out["type"] = self.type_schema(f.type)
        doc = _doc(f.doc, f.deprecated)
        if doc:
            out["doc"] = doc
        if f.optional:
            out["default"] = None
        elif f.has_default:
            out["default"] = avro_default(self.project, f.type, f.default)
        if f.renamed_from:
            out["aliases"] = list(f.renamed_from)
        if f.deprecated is not None:
            out["deprecated"] = True
        union = self.project.types.get(f.type.name) if isinstance(f.type, Ref) else None
        if isinstance(union, Union):
            # The variant names of the union's records, in branch order: the names are not in
            # the schema, yet a value read as another variant is another contract value.
            out[VARIANTS_KEY] = [v.name for v in _variant_order(union, variant)]
        return out


VARIANTS_KEY = "stele.variants"


def _variant_order(union: Union, first_variant: str | None) -> list[Any]:
    """The variants in branch order; `first_variant` goes first (a union default names it)."""
    return sorted(union.variants, key=lambda v: v.name != first_variant)


def _named_header(kind: str, t: Record | Enum, notes: str = "") -> dict[str, Any]:
    namespace, _, name = avro_full_name(t).rpartition(".")
    schema: dict[str, Any] = {"type": kind, "name": name}
    if namespace:
        schema["namespace"] = namespace
    doc = "\n\n".join(part for part in (_doc(t.doc, t.deprecated), notes) if part)
    if doc:
        schema["doc"] = doc
    if t.renamed_from:
        schema["aliases"] = [_type_alias(t, old) for old in t.renamed_from]
    if t.deprecated is not None:
        schema["deprecated"] = True
    return schema


def _type_alias(t: Record | Enum, old: str) -> str:
    """The Avro full name of an earlier name of `t`.

    A qualified earlier name (it starts with a lower-case package) is taken as is, with nested
    names joined by `_`; a short one is in the same package and under the same outer type.
    """
    first = old.split(".", 1)[0]
    if "." in old and first[:1].islower():
        segments = old.split(".")
        package = [s for s in segments if s[:1].islower()]
        local = segments[len(package) :]
        return ".".join([*package, "_".join(local)])
    full = avro_full_name(t)
    prefix = full.rpartition("_")[0] + "_" if t.parent else full.rpartition(".")[0] + "."
    return prefix + old.replace(".", "_")


def _symbol_notes(e: Enum) -> str:
    """Avro symbols carry no doc: symbol docs and deprecations go into the enum's doc."""
    lines = []
    for symbol in e.symbols:
        parts = [symbol.doc] if symbol.doc else []
        if symbol.deprecated is not None:
            parts.append(f"Deprecated: {symbol.deprecated}" if symbol.deprecated else "Deprecated.")
        if parts:
            lines.append(f"{symbol.name}: {' '.join(parts)}")
    return "\n".join(lines)


def _doc(doc: str, deprecated: str | None) -> str:
    if deprecated is None:
        return doc
    note = f"Deprecated: {deprecated}" if deprecated else "Deprecated."
    return f"{doc}\n\n{note}" if doc else note


# ---------------------------------------------------------------------------------------------
# Public helpers (the encoding layer reuses them)
# ---------------------------------------------------------------------------------------------


def avro_schema_for_type(project: Project, type_expr: TypeExpr) -> AvroSchema:
    """A self-contained Avro schema for any type expression (a union gives a JSON array)."""
    return _SchemaBuilder(project).type_schema(type_expr)


def avro_schema_for(project: Project, options: Options, type_name: str) -> dict[str, Any]:
    """The self-contained schema of a record or enum (`options` is for symmetry with the
    other emitters: no option changes Avro output today)."""
    del options
    t = project.types[type_name]
    if isinstance(t, Union):
        raise ValueError(f"{type_name} is a union: Avro unions are not named; use its variants")
    schema = _SchemaBuilder(project).named(t)
    assert isinstance(schema, dict)
    return schema


def serialize(value: object) -> bytes:
    """The canonical serializer of Avro JSON: indented, for the per-type files and the index."""
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def serialize_compact(value: object) -> bytes:
    """The serializer of the per-message files: one line. They repeat the per-type definitions
    for machines (a registry stores the schema compactly anyway); indenting their deep nesting
    made them three times larger."""
    return (json.dumps(value, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The emitter
# ---------------------------------------------------------------------------------------------


def _with_notice(schema: AvroSchema, notice: str) -> AvroSchema:
    """Put the generated-by notice next to the top-level `doc` (before the members)."""
    if not isinstance(schema, dict):
        return schema  # a bare union or primitive cannot carry attributes
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in ("aliases", "deprecated", "fields", "symbols", "default"):
            out.setdefault(GENERATED_ATTRIBUTE, notice)
        out[key] = value
    out.setdefault(GENERATED_ATTRIBUTE, notice)
    return out


class AvroEmitter:
    name = "avro"

    def emit(self, ctx: EmitContext) -> Artifacts:
        project = ctx.project
        files: dict[str, bytes] = {}
        types: dict[str, dict[str, Any]] = {}
        messages: dict[str, dict[str, str]] = {}
        plan = layout(project)
        for group in plan.groups:
            top = group.members[0]
            schema = _SchemaBuilder(project, group.full_names).named(top)
            files[group.path] = serialize(_with_notice(schema, _notice(ctx, top.package)))
        for t in project.types.values():
            if isinstance(t, Union):
                continue
            path = plan.files[t.name]
            depends = plan.groups[plan.position[path]].depends
            types[t.name] = {
                "avro": avro_full_name(t),
                "file": _relative(path),
                "depends": [_relative(d) for d in depends],
            }
        for m in project.messages.values():
            path = message_path(m.name)
            schema = _SchemaBuilder(project).type_schema(m.body)
            files[path] = serialize_compact(_with_notice(schema, _notice(ctx, m.package)))
            messages[m.name] = {"body": m.body.name, "file": _relative(path)}
        notice = header_line(source_of_package(ctx, ""))
        files[f"{ROOT}/index.json"] = serialize(
            {
                "stele.generated": notice,
                "types": types,
                "messages": messages,
                "order": [_relative(p) for p in plan.order],
            }
        )
        return dict(sorted(files.items()))

    def validate(self, ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
        """Parse the per-type files with fastavro in dependency order, each with the named
        types of the files before it (as a registry holding its references reads it), and
        every message file alone (a registry subject without references)."""
        import fastavro

        spans = _source_spans(ctx.project)
        problems = _ambiguous_unions(ctx.project)
        avsc = sorted(p for p in artifacts if p.startswith(f"{ROOT}/") and p.endswith(".avsc"))
        plan = layout(ctx.project)
        ordered = [g.path for g in plan.groups if g.path in artifacts]
        depends = {g.path: g.depends for g in plan.groups}
        failed: set[str] = set()
        shared: dict[str, Any] = {}
        for path in ordered + sorted(set(avsc) - set(ordered)):
            if failed.intersection(depends.get(path, ())):
                failed.add(path)  # its dependency's error says it all
                continue
            alone = path.startswith(f"{ROOT}/messages/")
            try:
                fastavro.parse_schema(
                    json.loads(artifacts[path]), named_schemas={} if alone else shared
                )
            except Exception as exc:  # fastavro raises several unrelated exception types
                failed.add(path)
                problems.append(
                    error(
                        "G002",
                        f"generated Avro schema '{path}' does not parse: {exc}",
                        spans.get(path, Span(path, 1, 1)),
                        hint="this is a defect of the Avro emitter; report it with the contract",
                    )
                )
        return problems


def _relative(path: str) -> str:
    return path[len(ROOT) + 1 :]


def _ambiguous_unions(project: Project) -> list[Diagnostic]:
    """Unions with two variants of one record: the specification forbids a union holding the
    same name twice (fastavro does not notice, the Apache parsers reject it)."""
    problems = []
    for t in project.types.values():
        if not isinstance(t, Union):
            continue
        records = [v.type.name for v in t.variants]
        repeated = sorted({r for r in records if records.count(r) > 1})
        for record in repeated:
            variants = ", ".join(v.name for v in t.variants if v.type.name == record)
            problems.append(
                error(
                    "G002",
                    f"union {t.name} cannot be written in Avro: variants {variants} are all "
                    f"record {record}, and an Avro union holds a name only once",
                    t.span,
                    hint="give each variant its own record type",
                )
            )
    return problems


def _notice(ctx: EmitContext, package: str) -> str:
    source = ctx.sources.get(package)
    if source is None:
        known = ctx.project.packages.get(package)
        source = known.file if known else package
    return header_line(source)


def _source_spans(project: Project) -> dict[str, Span]:
    spans: dict[str, Span] = {}
    for t in project.types.values():
        if not isinstance(t, Union):
            spans.setdefault(avro_path(t), t.span)
    for m in project.messages.values():
        spans[message_path(m.name)] = m.span
    return spans
