"""The parts of an AsyncAPI document the importer reads before it maps anything: local `$ref`s
followed inside the document (bounded, never to another file or a URL), qualified names split
into package and name, and the component schemas handed to the JSON Schema importer as the
definitions of one document per package."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from stele.diagnostics import SteleError, error
from stele.importer import names
from stele.importer.jsonschema import JsonSchemaImporter, _Doc
from stele.importer.jsonschema_parts import as_dict, as_list
from stele.importer.model import IType, IUnion, IVariant
from stele.importer.sources import SourceFile, locate
from stele.source.reader import PACKAGE
from stele.span import Span, line_column

BAD_REF = "I007"  # a $ref that leaves the document, resolves nowhere or loops
MAX_HOPS = 32  # a chain of $refs longer than this is refused
SCHEMAS = "#/components/schemas/"
COMPONENT_KEY = re.compile(r"^[A-Za-z0-9.\-_]+$")
_QUALIFIED = re.compile(r"^((?:[a-z][a-z0-9_]*\.)+)([A-Z][A-Za-z0-9_]*(?:\.[A-Z][A-Za-z0-9_]*)*)$")
_FILE = ".asyncapi"  # the suffix of the pseudo-file holding one package's schemas
_UNION = "x-stele-import-variants"  # marks a union whose variants are components


@dataclass
class Source:
    """One AsyncAPI document as read: its file, text and value."""

    file: SourceFile
    text: str
    root: dict[str, Any]

    def span(self, needle: str, section: str = "") -> Span:
        """Where `needle` first is, after the top-level `section` key when one is given."""
        if not section:
            return locate(self.file, self.text, needle)

        start = re.search(
            rf'^(?:{re.escape(section)}:|\s*"{re.escape(section)}"\s*:)', self.text, re.M
        )
        offset = start.end() if start else 0
        rest = self.text[offset:]
        found = re.search(rf'"{re.escape(needle)}"|^[ \t-]*{re.escape(needle)}:', rest, re.M)
        if found is None:
            return locate(self.file, self.text, needle)
        at = (
            offset
            + found.start()
            + (len(found[0]) - len(needle) - 1 if found[0].endswith(":") else 0)
        )
        line, column = line_column(self.text, at)
        return Span(self.file.shown, line, column)

    def refused(self, message: str, needle: str, hint: str) -> SteleError:
        return SteleError([error(BAD_REF, message, self.span(needle), hint)])

    def pointer(self, pointer: str, needle: str) -> Any:
        """The value at a local JSON pointer (`#/components/messages/X`); I007 when none."""
        if not pointer.startswith("#"):
            raise self.refused(
                f"$ref '{pointer}' leaves the document: only local references (#/...) are read",
                needle,
                "import a document whose references stay inside it (bundle it first)",
            )
        node: Any = self.root
        for raw in [p for p in pointer[1:].split("/") if p]:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise self.refused(
                    f"$ref '{pointer}' resolves nowhere in the document", needle, "fix the $ref"
                )
        return node

    def resolve(self, node: Any, needle: str) -> tuple[str | None, Any]:
        """(the pointer the last `$ref` of a chain named, or None; the object it leads to)."""
        pointer: str | None = None
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            pointer = str(node["$ref"])
            if pointer in seen or len(seen) >= MAX_HOPS:
                raise self.refused(
                    f"$ref '{pointer}' is a loop or a chain of more than {MAX_HOPS} references",
                    needle,
                    "refer to the object itself",
                )
            seen.add(pointer)
            node = self.pointer(pointer, needle)
        return pointer, node


def split_qualified(name: str, package: str) -> tuple[str, str]:
    """(package, path) of `food.kitchen.Ticket.Line` (a name stele wrote), else (`package`,
    the name in PascalCase)."""
    found = _QUALIFIED.match(name)
    if found and PACKAGE.match(found[1][:-1]):
        return found[1][:-1], found[2]
    return package, names.pascal(name)


class SchemaSet(JsonSchemaImporter):
    """The component schemas of every document, as one JSON Schema document per package whose
    `$defs` are keyed by the component key (`food.kitchen.Ticket.Line` -> the nested type
    `Ticket.Line` of `food.kitchen`). A key two documents define is read from the first."""

    def __init__(self, package: str | None) -> None:
        super().__init__(package)
        self.paths: dict[str, dict[str, str]] = {}  # package -> {component key: type path}
        self.owners: dict[str, str] = {}  # component key -> its package
        self.first: dict[str, Any] = {}  # component key -> the schema first read
        # package -> the order of its keys in a document of a service of that package (the
        # owner's order, which stele wrote in the contract's order)
        self.order: dict[str, list[str]] = {}
        self.referenced: set[str] = set()  # component keys a schema refers to

    def add_document(self, source: Source, default_package: str) -> None:
        schemas = as_dict(as_dict(source.root.get("components")).get("schemas"))
        own = [k for k in schemas if split_qualified(k, default_package)[0] == default_package]
        self.order.setdefault(default_package, own)
        for key in schemas:
            if not COMPONENT_KEY.match(key):
                raise source.refused(
                    f"component key '{key}' is not of the form AsyncAPI allows ([A-Za-z0-9.-_]+)",
                    key,
                    "rename the component",
                )
            self.owners.setdefault(key, split_qualified(key, default_package)[0])
        for key, schema in schemas.items():
            self.add(source, key, schema, default_package)

    def add(self, source: Source, key: str, schema: Any, default_package: str) -> None:
        package, path = split_qualified(key, default_package)
        self.owners.setdefault(key, package)
        if key in self.first:
            if self.first[key] != schema:
                self.result.note(
                    "I010",
                    f"schema '{key}' is defined differently by another document; the first"
                    " one is imported",
                    source.span(key),
                    "give each schema its own name",
                )
            return
        self.first[key] = schema
        doc = self.document(source, package)
        rewritten = self.rewrite(source, schema, 0)
        variants = _named_variants(source, key, schema)
        if variants and isinstance(rewritten, dict):
            rewritten[_UNION] = variants
        doc.root["$defs"][key] = rewritten
        self.paths.setdefault(package, {})[key] = path

    def document(self, source: Source, package: str) -> _Doc:
        """The JSON Schema document of a package's components."""
        rel = f"{package}{_FILE}"
        if rel not in self.docs:
            pseudo = SourceFile(source.file.shown, rel, source.file.data)
            self.docs[rel] = _Doc(
                pseudo, source.text, {"$defs": {}}, package, "", root_is_type=False
            )
        return self.docs[rel]

    def rewrite(self, source: Source, value: Any, depth: int) -> Any:
        """Component references as references to the package documents; a reference into a
        component (a union's `$defs` variant) is inlined."""
        if depth > MAX_HOPS * 8:
            raise source.refused("a schema nested too deeply", "schemas", "flatten the schema")
        if isinstance(value, list):
            return [self.rewrite(source, v, depth + 1) for v in value]
        if not isinstance(value, dict):
            return value
        ref = value.get("$ref")
        if isinstance(ref, str):
            if ref.startswith(SCHEMAS) and "/" not in ref.removeprefix(SCHEMAS):
                key = ref.removeprefix(SCHEMAS)
                source.pointer(ref, ref)  # I007 when the component does not exist
                owner = self.owners.get(key) or split_qualified(key, "imported")[0]
                self.referenced.add(key)
                return {**value, "$ref": f"{owner}{_FILE}#/$defs/{key}"}
            _, target = source.resolve({"$ref": ref}, ref)
            if depth > MAX_HOPS * 4:
                raise source.refused(f"$ref '{ref}' inlines itself", ref, "refer to a component")
            return self.rewrite(source, target, depth + 1)
        return {k: self.rewrite(source, v, depth + 1) for k, v in value.items()}

    def _name_definitions(self) -> None:
        for package, paths in self.paths.items():
            doc = self.docs[f"{package}{_FILE}"]
            rank = {k: i for i, k in enumerate(self.order.get(package, []))}
            keys = sorted(paths, key=lambda k: rank.get(k, len(rank)))  # stable
            doc.defs = {f"#/$defs/{key}": paths[key] for key in keys}

    def _union(self, doc: _Doc, name: str, schema: dict[str, Any], span: Span) -> IType | None:
        """A union stele wrote whose variants are components of their own: the variants keep
        those records (`CardPayment`), rather than records named after the union."""
        named = schema.get(_UNION)
        if not isinstance(named, dict):
            return super()._union(doc, name, schema, span)
        union = IUnion(name, str(schema.get("description", "")))
        union.discriminator = str(schema.get("x-stele-discriminator"))
        union.examples = [e for e in as_list(schema.get("examples")) if isinstance(e, dict)]
        for variant, key in named.items():
            owner = self.owners.get(key, doc.package)
            path = split_qualified(key, owner)[1]
            target = path if owner == doc.package else f"{owner}.{path}"
            union.variants.append(IVariant(names.snake(str(variant)), target))
        return union

    def type_of(self, key: str) -> tuple[str, str] | None:
        """(package, path) of the type a component key was imported as."""
        package = self.owners.get(key)
        if package is None or key not in self.paths.get(package, {}):
            return None
        return package, self.paths[package][key]


def _named_variants(source: Source, key: str, schema: Any) -> dict[str, str] | None:
    """{variant: component key} of a union stele wrote (`x-stele-discriminator`, a `oneOf` of
    its own `$defs`) when every variant is a component without the discriminator, else None."""
    disc = as_dict(schema).get("x-stele-discriminator")
    branches = as_dict(schema).get("oneOf")
    if not isinstance(disc, str) or not isinstance(branches, list) or not branches:
        return None
    components = as_dict(as_dict(source.root.get("components")).get("schemas"))
    defs = as_dict(schema.get("$defs"))
    found: dict[str, str] = {}
    for branch in branches:
        ref = as_dict(branch).get("$ref")
        prefix = f"{SCHEMAS}{key}/$defs/"
        if not isinstance(ref, str) or not ref.startswith(prefix):
            return None
        variant = as_dict(defs.get(ref.removeprefix(prefix)))
        tag = as_dict(as_dict(variant.get("properties")).get(disc)).get("const")
        plain = {k: v for k, v in variant.items() if k != "title"}
        plain["properties"] = {
            k: v for k, v in as_dict(variant.get("properties")).items() if k != disc
        }
        if "required" in variant:
            plain["required"] = [r for r in as_list(variant.get("required")) if r != disc]
        match = next((c for c, s in components.items() if c != key and s == plain), None)
        if not isinstance(tag, str) or match is None:
            return None
        found[tag] = match
    return found
