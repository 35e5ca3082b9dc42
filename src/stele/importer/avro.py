"""Avro schemas (`.avsc`) as contracts: records, enums, named references across files,
namespaces, aliases, defaults, logical types and unions (docs/import.md has the table)."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from stele.diagnostics import SteleError, error
from stele.importer import names
from stele.importer.model import (
    NO_DEFAULT,
    IEnum,
    IField,
    Imported,
    IRecord,
    ISymbol,
    IUnion,
    IVariant,
)
from stele.importer.sources import SourceFile, load_document, locate
from stele.ir import Span

NOT_AVRO = "I002"  # not an Avro schema, or a name that resolves nowhere
RENAMED = "I010"  # a name changed to the language's form
APPROX_TYPE = "I011"  # a type imported approximately
DROPPED = "I012"  # a construct not imported
DEFAULT_LOST = "I013"  # a default the language cannot hold
_PRIMITIVES = {
    "boolean": "bool",
    "int": "int32",
    "long": "int64",
    "float": "float32",
    "double": "float64",
    "string": "string",
    "bytes": "bytes",
}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class _Def:
    full: str
    schema: dict[str, Any]
    source: SourceFile
    text: str


class AvroImporter:
    def __init__(self, default_package: str | None) -> None:
        self.default_package = default_package or "imported"
        self.result = Imported("avro")
        self.defs: dict[str, _Def] = {}
        self.where: dict[str, tuple[str, str]] = {}  # full Avro name -> (package, type path)
        self.unions: dict[tuple[str, tuple[str, ...]], str] = {}
        self.renamed_namespaces: set[str] = set()

    # -- pass 1: every named definition, by full name ----------------------------------------
    def collect(self, source: SourceFile) -> None:
        text, doc = load_document(source)
        top = doc if isinstance(doc, list) else [doc]
        for schema in top:
            self._collect(schema, None, source, text)

    def _collect(self, schema: Any, ns: str | None, source: SourceFile, text: str) -> None:
        if isinstance(schema, list):
            for s in schema:
                self._collect(s, ns, source, text)
            return
        if not isinstance(schema, dict):
            return
        kind = schema.get("type")
        if kind in ("record", "error", "enum", "fixed"):
            name = schema.get("name")
            if not isinstance(name, str) or not name:
                raise self._bad(source, text, str(kind), f"a {kind} without a name")
            full = self._full(name, schema.get("namespace", ns))
            if full in self.defs:
                other = self.defs[full]
                if other.schema != schema:
                    raise self._bad(source, text, name, f"'{full}' is defined twice, differently")
            self.defs[full] = _Def(full, schema, source, text)
            inner_ns = full.rpartition(".")[0] or None
            fields = schema.get("fields")
            for f in fields if isinstance(fields, list) and kind != "enum" else []:
                if isinstance(f, dict):
                    self._collect(f.get("type"), inner_ns, source, text)
        elif kind in ("array", "map"):
            self._collect(schema.get("items" if kind == "array" else "values"), ns, source, text)
        elif isinstance(kind, (dict, list)):
            self._collect(kind, ns, source, text)

    @staticmethod
    def _full(name: str, ns: Any) -> str:
        if "." in name or not ns:
            return name
        return f"{ns}.{name}"

    def _bad(self, source: SourceFile, text: str, needle: str, message: str) -> SteleError:
        hint = "check the file against the Avro specification"
        return SteleError([error(NOT_AVRO, message, locate(source, text, needle), hint)])

    # -- pass 2: placing each named type in a package ----------------------------------------
    def place(self) -> None:
        for full in sorted(self.defs, key=lambda n: (n.count("_"), n)):
            ns, _, name = full.rpartition(".")
            pkg = names.package(ns) if ns else names.package(self.default_package)
            outer, _, inner = name.partition("_")
            # stele writes a nested type `Line` of `Order` as `Order_Line`: nest it again.
            parent = f"{ns}.{outer}" if ns else outer
            if inner and parent in self.where and self.defs[parent].schema.get("type") == "record":
                path = f"{self.where[parent][1]}.{names.pascal(inner)}"
            else:
                path = names.pascal(name)
            placed = set(self.where.values())
            if (pkg, path) in placed:  # `order` and `Order`: both PascalCase `Order`
                path = next(
                    f"{path}{i}" for i in range(2, 10_000) if (pkg, f"{path}{i}") not in placed
                )
            self.where[full] = (pkg, path)

    def convert(self) -> Imported:
        self.place()
        for full in sorted(self.defs, key=lambda n: (n.count("_"), n)):
            d = self.defs[full]
            pkg_name, path = self.where[full]
            pkg = self.result.package(pkg_name)
            if d.source.shown not in pkg.sources:
                pkg.sources.append(d.source.shown)
            converted = self._named(d, path.rpartition(".")[2])
            if converted is None:
                continue
            if "." in path:
                holder = pkg.types[path.split(".")[0]]
                for part in path.split(".")[1:-1]:
                    assert isinstance(holder, IRecord)
                    holder = holder.nested[part]
                assert isinstance(holder, IRecord)
                holder.nested[converted.name] = converted
            else:
                pkg.types[converted.name] = converted
        return self.result

    def _named(self, d: _Def, name: str) -> IRecord | IEnum | None:
        s = d.schema
        span = locate(d.source, d.text, str(s.get("name")))
        short = str(s["name"]).rpartition(".")[2]
        pkg, path = self.where[d.full]
        ns = d.full.rpartition(".")[0]
        if name != short and "." not in path:
            self.result.note(RENAMED, f"type name '{short}' is imported as '{name}'", span)
        if ns and ns != pkg and ns not in self.renamed_namespaces:
            self.renamed_namespaces.add(ns)
            self.result.note(
                RENAMED,
                f"namespace '{ns}' of '{short}' is imported as package '{pkg}'",
                span,
                "packages are lower-case dotted names",
            )
        if s["type"] == "enum":
            return self._enum(d, name, span)
        if s["type"] == "fixed":
            self.result.note(
                DROPPED,
                f"fixed '{d.full}' has no counterpart: fields of it are imported as bytes",
                span,
                "a fixed size is not a constraint the language has",
            )
            return None
        record = IRecord(name, doc=str(s.get("doc", "")))
        aliases = s.get("aliases") or []
        record.renamed_from = [str(a).rpartition(".")[2] for a in aliases if isinstance(a, str)]
        fields = s.get("fields")
        if not isinstance(fields, list):
            raise self._bad(d.source, d.text, short, f"record '{d.full}' has no list of fields")
        inherited = ns or None
        for f in fields:
            if not isinstance(f, dict) or not isinstance(f.get("name"), str):
                raise self._bad(d.source, d.text, short, f"a field of '{d.full}' has no name")
            field = self._field(d, f, inherited, record)
            if field is not None:
                record.fields.append(field)
        return record

    def _enum(self, d: _Def, name: str, span: Span) -> IEnum:
        s = d.schema
        symbols = s.get("symbols")
        if not isinstance(symbols, list) or not all(isinstance(x, str) for x in symbols):
            raise self._bad(d.source, d.text, str(s["name"]), f"enum '{d.full}' has no symbols")
        doc, notes = _symbol_docs(str(s.get("doc", "")), symbols)
        e = IEnum(name, doc=doc)
        for sym in symbols:
            new = names.upper_snake(sym)
            if new != sym:
                self.result.note(
                    RENAMED, f"symbol '{sym}' is imported as '{new}'", span, notes=e.notes
                )
            text, deprecated = notes.get(sym, ("", False))
            e.symbols.append(ISymbol(new, doc=text, deprecated=deprecated))
        if isinstance(s.get("default"), str):
            e.default = names.upper_snake(s["default"])
        return e

    def _field(self, d: _Def, f: dict[str, Any], ns: str | None, rec: IRecord) -> IField | None:
        raw = f["name"]
        span = locate(d.source, d.text, raw)
        name = names.snake(raw)
        field = IField(name, "string", doc=str(f.get("doc", "")))
        if name != raw:
            self.result.note(
                RENAMED,
                f"field name '{raw}' is imported as '{name}': its Avro and JSON name changes",
                span,
                "the language's field names are snake_case",
                field.notes,
            )
        if f.get("deprecated") is True:
            field.doc, field.deprecated = _deprecation(field.doc)
        field.renamed_from = [str(a) for a in f.get("aliases") or [] if isinstance(a, str)]
        schema = f.get("type")
        default = f.get("default", NO_DEFAULT)
        variants = f.get("stele.variants")
        branches = schema if isinstance(schema, list) else None
        if branches is not None:
            non_null = [b for b in branches if b != "null"]
            if len(non_null) < len(branches):
                field.optional = True
                if branches[0] != "null" or default not in (None, NO_DEFAULT):
                    self.result.note(
                        DEFAULT_LOST,
                        f"field '{raw}': a union with null first and default null is how the"
                        " language writes an optional field; this one is imported as one",
                        span,
                        notes=field.notes,
                    )
                default = NO_DEFAULT
            if not non_null:
                self.result.note(DROPPED, f"field '{raw}' is always null", span, notes=rec.notes)
                return None
            if len(non_null) == 1:
                schema = non_null[0]
            else:
                field.type = self._union(d, rec, raw, non_null, ns, span, variants)
                return self._with_default(field, default, None, span, raw)
        before = len(self.result.diagnostics)
        expr = self._type(d, schema, ns, span, field.notes, raw)
        if expr is None:
            if len(self.result.diagnostics) == before:
                self.result.note(DROPPED, f"field '{raw}' is not imported", span)
            rec.notes.append(f"{DROPPED} field '{raw}' is not imported")
            return None
        field.type = expr
        return self._with_default(field, default, schema, span, raw)

    def _union(
        self,
        d: _Def,
        rec: IRecord,
        raw: str,
        branches: list[Any],
        ns: str | None,
        span: Span,
        variants: Any,
    ) -> str:
        refs = [self._type(d, b, ns, span, [], raw) for b in branches]
        records = [r for r, b in zip(refs, branches, strict=True) if r and self._is_record(b, ns)]
        if len(records) != len(branches):
            self.result.note(
                APPROX_TYPE,
                f"field '{raw}': a union of other than records is imported as its first branch",
                span,
                "the language's unions are unions of records",
                rec.notes,
            )
            return refs[0] or "string"
        pkg = self.where[d.full][0]
        key = (pkg, tuple(records))
        if key not in self.unions:
            given = variants if isinstance(variants, list) and len(variants) == len(records) else []
            wanted = names.pascal(f"{self.where[d.full][1].replace('.', '')}_{raw}")
            placed = {path for p, path in self.where.values() if p == pkg}
            name = self.result.free_name(pkg, wanted, placed)
            union = IUnion(name)
            for i, ref in enumerate(records):
                v = given[i] if given else names.snake(ref.rpartition(".")[2])
                union.variants.append(IVariant(str(v), ref))
            self.result.package(pkg).types[name] = union
            self.unions[key] = name
        return self.unions[key]

    def _is_record(self, schema: Any, ns: str | None) -> bool:
        if isinstance(schema, dict):
            return schema.get("type") in ("record", "error")
        if isinstance(schema, str) and schema not in _PRIMITIVES:
            d = self.defs.get(self._full(schema, ns)) or self.defs.get(schema)
            return d is not None and d.schema.get("type") in ("record", "error")
        return False

    def _type(
        self, d: _Def, s: Any, ns: str | None, span: Span, notes: list[str], raw: str
    ) -> str | None:
        if isinstance(s, str):
            if s == "null":
                return None
            if s in _PRIMITIVES:
                return _PRIMITIVES[s]
            return self._ref(d, s, ns, span)
        if isinstance(s, list):
            self.result.note(
                APPROX_TYPE, f"field '{raw}': a nested union is not imported", span, notes=notes
            )
            return None
        if not isinstance(s, dict):
            raise self._bad(d.source, d.text, raw, f"field '{raw}' has no Avro type")
        kind = s.get("type")
        logical = s.get("logicalType")
        if isinstance(logical, str):
            return self._logical(s, kind, logical, span, notes, raw)
        if kind in ("record", "error", "enum", "fixed"):
            return self._ref(d, self._full(str(s["name"]), s.get("namespace", ns)), None, span)
        if kind in ("array", "map"):
            inner = s.get("items" if kind == "array" else "values")
            if isinstance(inner, dict) and inner.get("type") in ("array", "map"):
                self.result.note(
                    DROPPED,
                    f"field '{raw}': a {kind} of {inner['type']}s cannot be written (Protobuf has"
                    " no nested collections)",
                    span,
                    "wrap the inner collection in a record",
                    notes,
                )
                return None
            item = self._type(d, inner, ns, span, notes, raw)
            if item is None:
                return None
            return f"list<{item}>" if kind == "array" else f"map<string,{item}>"
        if isinstance(kind, (str, list, dict)):
            return self._type(d, kind, ns, span, notes, raw)
        raise self._bad(d.source, d.text, raw, f"field '{raw}' has no Avro type")

    def _logical(
        self, s: dict[str, Any], kind: Any, logical: str, span: Span, notes: list[str], raw: str
    ) -> str:
        exact = {
            ("string", "uuid"): "uuid",
            ("int", "date"): "date",
            ("long", "timestamp-micros"): "timestamp",
            ("long", "duration-micros"): "duration",
        }
        if (kind, logical) in exact:
            return exact[(kind, logical)]
        if kind == "bytes" and logical == "decimal":
            return f"decimal({int(s.get('precision', 38))},{int(s.get('scale', 0))})"
        base = _PRIMITIVES.get(str(kind), "bytes")
        self.result.note(
            APPROX_TYPE,
            f"field '{raw}': logical type {logical} of {kind} is imported as {base}",
            span,
            "the language's scalars are listed in docs/mapping.md",
            notes,
        )
        return base

    def _ref(self, d: _Def, name: str, ns: str | None, span: Span) -> str:
        full = self._full(name, ns)
        if full not in self.defs:
            full = name
        if full not in self.defs:
            raise SteleError(
                [
                    error(
                        NOT_AVRO,
                        f"'{name}' names no type defined in the files imported",
                        span,
                        "import the file that defines it too",
                    )
                ]
            )
        if self.defs[full].schema.get("type") == "fixed":
            return "bytes"
        pkg, path = self.where[full]
        if pkg == self.where[d.full][0]:
            return path
        return f"{pkg}.{path}"

    def _with_default(
        self, field: IField, default: Any, schema: Any, span: Span, raw: str
    ) -> IField:
        if default is NO_DEFAULT:
            return field
        converted = _json_default(field.type, default)
        if converted is NO_DEFAULT:
            self.result.note(
                DEFAULT_LOST,
                f"field '{raw}': its default is not imported",
                span,
                notes=field.notes,
            )
        else:
            field.default = converted
        return field


def _symbol_docs(doc: str, symbols: list[str]) -> tuple[str, dict[str, tuple[str, bool | str]]]:
    """The enum's doc and its symbols' docs and deprecations: Avro symbols carry no doc, so
    stele writes a last paragraph of `SYMBOL: doc Deprecated: reason` lines; read them back."""
    body, _, last = doc.rpartition("\n\n") if "\n\n" in doc else ("", "", doc)
    found: dict[str, tuple[str, bool | str]] = {}
    for line in last.split("\n"):
        symbol, sep, text = line.partition(": ")
        if not sep or symbol not in symbols or symbol in found:
            return doc, {}
        deprecated: bool | str = False
        if text == "Deprecated." or text.endswith(" Deprecated."):
            text, deprecated = text.removesuffix("Deprecated.").rstrip(), True
        elif text.startswith("Deprecated: ") or " Deprecated: " in text:
            text, _, reason = f" {text}".rpartition(" Deprecated: ")
            text, deprecated = text.strip(), reason
        found[symbol] = (text, deprecated)
    return body, found


def _deprecation(doc: str) -> tuple[str, bool | str]:
    """The doc and the reason of a deprecated element: stele writes the reason into the doc
    (`Deprecated: reason`, or `Deprecated.`) as its last paragraph."""
    body, _, last = doc.rpartition("\n\n") if "\n\n" in doc else ("", "", doc)
    if last == "Deprecated.":
        return body, True
    if last.startswith("Deprecated: "):
        return body, last.removeprefix("Deprecated: ")
    return doc, True


def _json_default(expr: str, default: Any) -> Any:
    """An Avro default in the language's JSON form (docs/mapping.md), or NO_DEFAULT."""
    try:
        if expr == "bytes" and isinstance(default, str):
            return base64.b64encode(default.encode("latin-1")).decode("ascii")
        if expr == "date" and isinstance(default, int):
            return (dt.date(1970, 1, 1) + dt.timedelta(days=default)).isoformat()
        if expr == "timestamp" and isinstance(default, int):
            moment = _EPOCH + dt.timedelta(microseconds=default)
            return moment.isoformat().replace("+00:00", "Z")
        if expr.startswith("decimal") or expr == "duration":
            return NO_DEFAULT
    except (ValueError, OverflowError, UnicodeEncodeError):
        return NO_DEFAULT
    return default


def import_avro(sources: list[SourceFile], package: str | None) -> Imported:
    importer = AvroImporter(package)
    for source in sources:
        importer.collect(source)
    return importer.convert()
