"""JSON Schema documents (drafts 7, 2019-09, 2020-12) as contracts: objects, required,
enums, `$ref` to `$defs`/`definitions` and to other files, `oneOf` with const discriminators,
formats. Each file's root schema is one type; each definition another."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from stele.diagnostics import SteleError, error
from stele.importer import names
from stele.importer.jsonschema_parts import (
    DROPPED,
    as_dict,
    as_list,
    collection_of,
    consts,
    definitions,
    discriminated,
    is_variant_def,
    kept_examples,
    mapped_tag,
    root_name,
)
from stele.importer.model import (
    IEnum,
    IField,
    Imported,
    IRecord,
    ISymbol,
    IType,
    IUnion,
    IVariant,
)
from stele.importer.sources import SourceFile, load_document, locate
from stele.ir import Span

NOT_SCHEMA = "I003"  # not a JSON Schema stele can read: a $ref that resolves nowhere, ...
RENAMED = "I010"
APPROX_TYPE = "I011"
NULLABLE = "I018"  # null as a value: imported as an optional property
_DECIMAL = re.compile(r"^\^-\?\(0\|\[1-9\]\[0-9\]\{0,(\d+)\}\)(?:\(\\\.\[0-9\]\{1,(\d+)\}\)\?)?\$$")
_FORMATS = {"uuid": "uuid", "date": "date", "date-time": "timestamp", "duration": "duration"}
INT32 = (-(2**31), 2**31 - 1)


@dataclass
class _Doc:
    source: SourceFile
    text: str
    root: Any
    package: str
    name: str  # the root type's path in its package (`Order`, `Order.Cancellation`)
    defs: dict[str, str] = field(default_factory=dict)  # pointer -> type path
    root_is_type: bool = True  # False: a document of definitions only (OpenAPI components)


class JsonSchemaImporter:
    def __init__(self, package: str | None) -> None:
        self.package = package
        self.result = Imported("jsonschema")
        self.docs: dict[str, _Doc] = {}  # relative path -> document
        self.roots: dict[str, str] = {}  # shown path -> regenerated file, for the proof
        # (package, type) of a union's variant record -> its discriminator property
        self.variant_discriminators: dict[tuple[str, str], str] = {}
        self.converting: set[int] = set()  # schemas being converted, by identity
        self.closed = False  # the project's objects are closed (additionalProperties: false)

    def collect(self, source: SourceFile) -> None:
        text, root = load_document(source)
        if not isinstance(root, dict):
            raise _refused(
                "the root of a JSON Schema must be an object",
                Span(source.shown, 1, 1),
                "import JSON Schema documents",
            )
        package, name = root_name(source, root, self.package)
        taken = {(d.package, d.name) for d in self.docs.values()}
        if (package, name) in taken:  # two files of one type name: the later one is renamed
            renamed = next(
                f"{name}{i}" for i in range(2, 999) if (package, f"{name}{i}") not in taken
            )
            self.result.note(
                RENAMED,
                f"'{name}' is defined by another file too; this one is imported as '{renamed}'",
                Span(source.shown, 1, 1),
                "give each schema its own title",
            )
            name = renamed
        doc = _Doc(source, text, root, package, name)
        self.docs[source.relative] = doc
        self.roots[source.shown] = f"{package.replace('.', '/')}/{name}.schema.json"

    def convert(self) -> Imported:
        self._name_definitions()
        for rel in sorted(self.docs):
            doc = self.docs[rel]
            for _, schema in [(doc.name, doc.root), *definitions(doc.root)]:
                branches = as_dict(schema).get("oneOf")
                for b in branches if isinstance(branches, list) else []:
                    found = self._deref(doc, b, Span(doc.source.shown, 1, 1))
                    tags = mapped_tag(as_dict(schema), b) or (consts(found[1]) if found else {})
                    if found and found[0] and len(tags) == 1:
                        package, _, path = found[0].rpartition(".")
                        owner = (package, path) if package else (doc.package, found[0])
                        self.variant_discriminators[owner] = next(iter(tags))
        for rel in sorted(self.docs):
            doc = self.docs[rel]
            pkg = self.result.package(doc.package)
            pkg.sources.append(doc.source.shown)
            for pointer, def_name in doc.defs.items():
                key, _, raw = pointer[2:].partition("/")
                schema = doc.root[key][raw]
                if is_variant_def(doc.root, pointer):
                    continue  # inlined variant of the root union (stele's own layout)
                self._named(doc, def_name, schema, pkg.types)
            if doc.root_is_type:
                self._named(doc, doc.name, doc.root, pkg.types)
        return self.result

    def _name_definitions(self) -> None:
        """A definition is a type of its own name; of the root's name and its own when another
        file of the package defines the same name."""
        count: dict[tuple[str, str], int] = {}
        for doc in self.docs.values():
            count[(doc.package, doc.name)] = count.get((doc.package, doc.name), 0) + 1
            for pointer, _ in definitions(doc.root):
                key = (doc.package, names.pascal(pointer.rpartition("/")[2]))
                count[key] = count.get(key, 0) + 1
        for doc in self.docs.values():
            for pointer, _ in definitions(doc.root):
                short = names.pascal(pointer.rpartition("/")[2])
                unique = count[(doc.package, short)] == 1
                doc.defs[pointer] = short if unique else f"{doc.name}{short}"

    # -- types -----------------------------------------------------------------------------------
    def _named(self, doc: _Doc, path: str, schema: Any, into: dict[str, IType]) -> None:
        head, _, rest = path.partition(".")
        if rest:  # a nested type: Order.Cancellation.schema.json
            holder = into.get(head)
            if not isinstance(holder, IRecord):
                holder = IRecord(head)
                into[head] = holder
            self._named(doc, rest, schema, holder.nested)
            return
        t = self._type_of(doc, path, schema)
        if t is not None:
            earlier = into.get(path)
            if isinstance(earlier, IRecord) and isinstance(t, IRecord):
                t.nested = {**earlier.nested, **t.nested}
            into[path] = t

    def _type_of(self, doc: _Doc, name: str, schema: Any, at: Span | None = None) -> IType | None:
        if not isinstance(schema, dict) or id(schema) in self.converting:
            return None  # a schema that is its own branch (`oneOf: [{$ref: "#"}]`)
        self.converting.add(id(schema))
        try:
            return self._convert(doc, name, schema, at)
        finally:
            self.converting.discard(id(schema))

    def _convert(
        self, doc: _Doc, name: str, schema: dict[str, Any], at: Span | None
    ) -> IType | None:
        span = at or self._span(doc, name)
        description = str(schema.get("description", ""))
        if "oneOf" in schema or "anyOf" in schema:
            return self._union(doc, name, schema, span)
        if "enum" in schema:
            return self._enum(doc, name, schema, span)
        kind = schema.get("type")
        if kind not in (None, "object") or not ({"properties", "allOf"} & set(schema) or kind):
            self.result.note(
                DROPPED,
                f"'{name}' is not an object, an enum or a oneOf: it is not imported as a type",
                span,
                "the language's named types are records, enums and unions",
            )
            return None
        record = IRecord(name, doc=description)
        closed = schema.get("additionalProperties") is False
        if closed != self.closed:
            model = "closed" if self.closed else "open"
            self.result.note(
                APPROX_TYPE,
                f"'{name}' is {'closed' if closed else 'open'} (additionalProperties); the"
                f" project writes {model} objects",
                span,
                "set options.json_content_model in stele.yaml to match the schemas",
                record.notes,
            )
        props = dict(as_dict(schema.get("properties")))
        merged_required: list[Any] = []
        for part in as_list(schema.get("allOf")):
            target = self._deref(doc, part, span) if isinstance(part, dict) else None
            if isinstance(target, tuple):
                props = {**as_dict(target[1].get("properties")), **props}
                merged_required.extend(as_list(target[1].get("required")))
        if as_list(schema.get("allOf")):
            self.result.note(
                APPROX_TYPE,
                f"'{name}': allOf is imported as one object of the properties it combines",
                span,
                notes=record.notes,
            )
        required = {
            r for r in [*as_list(schema.get("required")), *merged_required] if isinstance(r, str)
        }
        disc = self.variant_discriminators.get((doc.package, name))
        for prop, sub in props.items():
            if prop == disc:
                continue  # the union writes it back
            f = self._field(doc, record, name, prop, sub, prop in required)
            if f is not None:
                record.fields.append(f)
        record.examples = kept_examples(schema, props, record)
        return record

    def _enum(self, doc: _Doc, name: str, schema: dict[str, Any], span: Span) -> IEnum | None:
        values = as_list(schema.get("enum"))
        if not values or not all(isinstance(v, str) for v in values):
            self.result.note(DROPPED, f"'{name}': an enum of other than strings", span)
            return None
        e = IEnum(name, doc=str(schema.get("description", "")))
        for v in values:
            symbol = names.upper_snake(v)
            if symbol != v:
                self.result.note(
                    RENAMED, f"enum value '{v}' is imported as '{symbol}'", span, notes=e.notes
                )
            e.symbols.append(ISymbol(symbol))
        if isinstance(schema.get("default"), str):
            e.default = names.upper_snake(schema["default"])
        return e

    def _union(self, doc: _Doc, name: str, schema: dict[str, Any], span: Span) -> IType | None:
        key = "oneOf" if "oneOf" in schema else "anyOf"
        branches = [self._deref(doc, b, span) for b in as_list(schema[key])]
        objects = [b for b in branches if b is not None]
        tags = [consts(b[1]) for b in objects]
        if len(objects) == len(branches) and "discriminator" in schema:  # OpenAPI's keyword
            tags = discriminated(schema, key, tags, name, span, self.result)
        common = set.intersection(*(set(t) for t in tags)) if tags else set()
        if len(objects) != len(branches) or not common:
            self.result.note(
                APPROX_TYPE,
                f"'{name}': a {key} without a const discriminator property in every branch is"
                " imported as its first branch",
                span,
                "the language's unions are records told apart by a discriminator",
            )
            return self._type_of(doc, name, objects[0][1]) if objects else None
        disc = sorted(common)[0]
        union = IUnion(name, doc=str(schema.get("description", "")), discriminator=disc)
        union.examples = [e for e in as_list(schema.get("examples")) if isinstance(e, dict)]
        for (where, branch), t in zip(objects, tags, strict=True):
            variant = names.snake(str(t[disc]))
            if where is not None:
                target = where
            else:
                target = f"{name}{names.pascal(variant)}"
                self.variant_discriminators[(doc.package, target)] = disc
                record = self._type_of(doc, target, branch)
                if not isinstance(record, IRecord):
                    self.result.note(
                        DROPPED, f"'{name}': variant '{variant}' is not an object", span
                    )
                    continue
                record.fields = [f for f in record.fields if f.name != disc]
                self.result.package(doc.package).types[target] = record
            union.variants.append(IVariant(variant, target))
        return union

    def _deref(
        self, doc: _Doc, schema: Any, span: Span
    ) -> tuple[str | None, dict[str, Any]] | None:
        """(the type a `$ref` names, or None for an inline schema; the schema itself)."""
        if not isinstance(schema, dict) or not schema:
            return None
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            return None, schema
        target = self._resolve(doc, ref, span)
        file, _, pointer = ref.partition("#")
        other = self.docs[self._file(doc, file)] if file else doc
        node: Any = other.root
        for part in [p for p in pointer.split("/") if p]:
            node = node.get(part) if isinstance(node, dict) else None
        return (None if target is None else target, node) if isinstance(node, dict) else None

    def _file(self, doc: _Doc, file: str) -> str:
        folder = doc.source.relative.rpartition("/")[0]
        return posixpath.normpath(posixpath.join(folder, file))

    def _resolve(self, doc: _Doc, ref: str, span: Span) -> str | None:
        file, _, pointer = ref.partition("#")
        other = doc
        if file:
            rel = self._file(doc, file)
            if rel not in self.docs:
                raise _refused(
                    f"$ref '{ref}' names no file imported", span, "import the file it names too"
                )
            other = self.docs[rel]
        pointer = f"#{pointer}"
        if pointer in ("#", "#/"):
            path = other.name
        elif pointer in other.defs:
            if is_variant_def(other.root, pointer):
                return None
            path = other.defs[pointer]
        else:
            raise _refused(
                f"$ref '{ref}' names no definition",
                span,
                "refer to a $defs or definitions entry, or a whole file",
            )
        return path if other.package == doc.package else f"{other.package}.{path}"

    def _field(
        self,
        doc: _Doc,
        record: IRecord,
        owner: str,
        prop: str,
        sub: Any,
        required: bool,
        keep_json: bool = True,
        renamed: Callable[[str], str] | None = None,
    ) -> IField | None:
        """The field of a property; a property name not in `snake_case` is kept as the field's
        JSON name (`json:`), or, for what is no JSON property (`keep_json` False: a query or
        path parameter), reported as renamed (I010: `renamed` words it, given the field name)."""
        span = self._span(doc, prop)
        name = names.snake(prop)
        f = IField(name, "string", optional=not required)
        if name != prop and keep_json:
            f.json = prop
        elif name != prop:
            said = f"property '{prop}' is imported as '{name}': its JSON name changes"
            self.result.note(RENAMED, renamed(name) if renamed else said, span, notes=f.notes)
        if not isinstance(sub, dict):
            self.result.note(DROPPED, f"property '{prop}' has no schema", span, notes=record.notes)
            return None
        f.doc = str(sub.get("description", ""))
        f.examples = [e for e in as_list(sub.get("examples")) if not isinstance(e, (dict, list))]
        f.deprecated = sub.get("deprecated") is True
        if "default" in sub:  # stele marks a required field with a default (left out of
            f.default = sub["default"]  # `required`, readers fill it in) as always written
            f.optional = not required and sub.get("x-stele-always-written") is not True
        before = len(self.result.diagnostics)
        expr = self._expr(doc, record, owner, prop, sub, span, f.notes)
        if expr is None:
            if len(self.result.diagnostics) == before:
                self.result.note(DROPPED, f"property '{prop}' is not imported", span)
            record.notes.append(f"{DROPPED} property '{prop}' is not imported")
            return None
        if expr.endswith("?"):
            expr, f.optional = expr[:-1], True
        f.type = expr
        return f

    def _expr(
        self,
        doc: _Doc,
        record: IRecord,
        owner: str,
        prop: str,
        s: dict[str, Any],
        span: Span,
        notes: list[str],
    ) -> str | None:
        if "$ref" in s:
            return self._resolve(doc, str(s["$ref"]), span)
        kind = s.get("type")
        if isinstance(kind, list):
            rest = [k for k in kind if k != "null"]
            if len(rest) == 1 and len(kind) == 2:
                self.result.note(
                    NULLABLE,
                    f"property '{prop}': null is imported as an absent property",
                    span,
                    notes=notes,
                )
                inner = self._expr(doc, record, owner, prop, {**s, "type": rest[0]}, span, notes)
                return None if inner is None else inner.removesuffix("?") + "?"
            self.result.note(
                APPROX_TYPE, f"property '{prop}': a type of several kinds", span, notes=notes
            )
            return None
        if "oneOf" in s or "anyOf" in s or "enum" in s:
            nested = names.pascal(f"{owner}_{prop}")
            t = self._type_of(doc, nested, s, span)
            if t is None:
                return None
            self.result.package(doc.package).types[nested] = t
            return nested
        if "const" in s:
            self.result.note(DROPPED, f"property '{prop}': a const value", span, notes=notes)
            return None
        if kind == "string":
            fmt = s.get("format")
            if isinstance(fmt, str) and fmt in _FORMATS:
                return _FORMATS[fmt]
            if s.get("contentEncoding") == "base64":
                return "bytes"
            m = _DECIMAL.match(str(s.get("pattern", "")))
            if m:
                scale = int(m[2] or 0)
                return f"decimal({int(m[1]) + 1 + scale},{scale})"
            lost = [k for k in ("format", "pattern", "minLength", "maxLength") if k in s]
            if lost:
                self.result.note(
                    APPROX_TYPE,
                    f"property '{prop}': {', '.join(lost)} not imported",
                    span,
                    "the language's strings carry no constraints",
                    notes,
                )
            return "string"
        if kind == "integer":
            fmt = s.get("format")
            if fmt in ("int32", "int64"):
                if "minimum" not in s or "maximum" not in s:
                    self.result.note(
                        APPROX_TYPE,
                        f"property '{prop}': format {fmt} without bounds; stele writes the"
                        f" {fmt} bounds",
                        span,
                        notes=notes,
                    )
                return str(fmt)
            low, high = s.get("minimum"), s.get("maximum")
            if (
                isinstance(low, int)
                and isinstance(high, int)
                and INT32[0] <= low
                and high <= INT32[1]
            ):
                self.result.note(
                    APPROX_TYPE, f"property '{prop}': bounds become int32's", span, notes=notes
                )
                return "int32"
            self.result.note(
                APPROX_TYPE,
                f"property '{prop}': an integer without format is imported as int64"
                " (its bounds are added)",
                span,
                notes=notes,
            )
            return "int64"
        if kind == "number":
            return "float32" if s.get("format") == "float" else "float64"
        if kind == "boolean":
            return "bool"
        if kind == "array":
            items = s.get("items")
            if not isinstance(items, dict):
                self.result.note(DROPPED, f"property '{prop}': a tuple", span, notes=notes)
                return None
            inner = self._expr(doc, record, owner, f"{prop}_item", items, span, notes)
            return collection_of("list", inner, prop, span, self.result, notes)
        if kind == "object" or "properties" in s:
            extra = s.get("additionalProperties")
            if not s.get("properties") and isinstance(extra, dict):
                inner = self._expr(doc, record, owner, f"{prop}_value", extra, span, notes)
                return collection_of("map", inner, prop, span, self.result, notes)
            nested = names.pascal(prop)
            t = self._type_of(doc, nested, s)
            if t is None:
                return None
            record.nested[nested] = t
            return f"{owner}.{nested}"
        self.result.note(
            APPROX_TYPE, f"property '{prop}': any value is imported as string", span, notes=notes
        )
        return "string"

    def _span(self, doc: _Doc, needle: str) -> Span:
        return locate(doc.source, doc.text, needle)


def _refused(message: str, span: Span, hint: str) -> SteleError:
    return SteleError([error(NOT_SCHEMA, message, span, hint)])


def import_jsonschema(
    sources: list[SourceFile], package: str | None, closed: bool = False
) -> Imported:
    """`closed`: the project writes closed objects (`options.json_content_model: closed`)."""
    importer = JsonSchemaImporter(package)
    importer.closed = closed
    for source in sources:
        importer.collect(source)
    result = importer.convert()
    result.counterparts = dict(importer.roots)
    return result
