"""Small helpers of the JSON Schema importer: keyword values of the wrong type read as empty,
`const` discriminators, collections of collections."""

from __future__ import annotations

from typing import Any

from stele.importer import names
from stele.importer.model import Imported, IRecord
from stele.importer.sources import SourceFile
from stele.ir import Span

DROPPED = "I012"


def collection_of(
    kind: str, inner: str | None, prop: str, span: Span, result: Imported, notes: list[str]
) -> str | None:
    """`list<T>` or `map<string,T>`; None, reported, for a collection of collections."""
    if inner is None:
        return None
    if inner.startswith(("list<", "map<")):
        result.note(
            DROPPED,
            f"property '{prop}': a {kind} of collections cannot be written (Protobuf has no"
            " nested collections)",
            span,
            "wrap the inner collection in an object",
            notes,
        )
        return None
    item = inner.removesuffix("?")
    return f"list<{item}>" if kind == "list" else f"map<string,{item}>"


def consts(schema: dict[str, Any]) -> dict[str, Any]:
    props = as_dict(schema.get("properties"))
    return {k: v["const"] for k, v in props.items() if isinstance(v, dict) and "const" in v}


def is_variant_def(root: dict[str, Any], pointer: str) -> bool:
    """Whether `#/$defs/x` is a branch of the root's own oneOf (stele inlines union variants)."""
    return any(as_dict(b).get("$ref") == pointer for b in as_list(root.get("oneOf")))


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def discriminated(
    schema: dict[str, Any],
    key: str,
    tags: list[dict[str, Any]],
    name: str,
    span: Span,
    result: Imported,
) -> list[dict[str, Any]]:
    """The branches' discriminator values by OpenAPI's `discriminator` keyword; I011 when a
    branch declared the property as a plain string (stele writes a const)."""
    mapped = [mapped_tag(schema, b) for b in as_list(schema[key])]
    if any(m and not t for m, t in zip(mapped, tags, strict=True)):
        result.note(
            "I011",
            f"'{name}': the discriminator property becomes a const in each variant"
            " (stele's union form), where the branches declared a plain string",
            span,
        )
    return [m or t for m, t in zip(mapped, tags, strict=True)]


def mapped_tag(schema: dict[str, Any], branch: Any) -> dict[str, Any]:
    """{property: value} naming a `$ref` branch by OpenAPI's `discriminator` keyword (its
    `mapping`, else the referenced schema's name), or {}."""
    keyword = as_dict(schema.get("discriminator"))
    prop = keyword.get("propertyName")
    ref = as_dict(branch).get("$ref")
    if not isinstance(prop, str) or not isinstance(ref, str):
        return {}
    mapping = {v: k for k, v in as_dict(keyword.get("mapping")).items() if isinstance(v, str)}
    return {prop: mapping.get(ref, ref.rpartition("/")[2])}


def definitions(root: Any) -> list[tuple[str, Any]]:
    """(pointer, schema) of every `$defs` and `definitions` entry of a document's root."""
    found: list[tuple[str, Any]] = []
    for key in ("$defs", "definitions"):
        defs = as_dict(as_dict(root).get(key))
        found.extend((f"#/{key}/{name}", defs[name]) for name in sorted(defs))
    return found


def kept_examples(schema: dict[str, Any], props: dict[str, Any], record: IRecord) -> list[Any]:
    """The object's `examples`, when every property was imported (under its own name, or as a
    field's `json:` name): the contract's examples then go through every codec with `stele
    test`, and the proof's load checks them against the imported types (S144). They are in the
    JSON form here; `examples.name_examples_by_fields` writes them with the fields' names."""
    names = {f.name if f.json is None else f.json for f in record.fields}
    if set(props) != names:
        return []
    found = as_list(schema.get("examples"))
    return [e for e in found if isinstance(e, dict) and set(e) <= names]


def root_name(source: SourceFile, root: dict[str, Any], package: str | None) -> tuple[str, str]:
    """(package, type) of a file's root schema: the package given, else the file's folder
    (inside the folder imported, else the folder's own name); the type is the `title`, else
    the file name (`Order.Cancellation.schema.json` is the nested type `Order.Cancellation`)."""
    stem = source.relative.rpartition("/")[2]
    for suffix in (".json", ".yaml", ".yml", ".schema"):
        stem = stem.removesuffix(suffix)
    folder = source.relative.rpartition("/")[0]
    given = source.shown.rpartition("/")[0].rpartition("/")[2] if not folder else ""
    chosen = names.package(package or folder.replace("/", ".") or given.strip(".") or "imported")
    name = ".".join(names.pascal(p) for p in stem.split(".") if p)
    title = root.get("title")
    if isinstance(title, str) and "." not in stem and " " not in title:
        name = names.pascal(title)
    return chosen, name
