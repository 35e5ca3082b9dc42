"""Examples written with the fields' names: the importers read an example in its JSON form, keyed
by property names, and a property imported under another name (`orderId` as `order_id` with
`json: orderId`) is renamed in it, in nested records, lists, maps and union variants too, once
every type is read (docs/language.md, "JSON names": examples in contracts are written with the
fields' names)."""

from __future__ import annotations

from typing import Any

from stele.importer.model import Imported, IRecord, IType, IUnion


def name_examples_by_fields(imported: Imported) -> None:
    """Rename the properties of every record's, union's and message body's examples to the
    fields' names, in place."""
    for package in imported.packages.values():
        for scope, t in _types(package.types, ""):
            if isinstance(t, (IRecord, IUnion)) and t.examples:
                t.examples = [_named(imported, package.name, scope, t, e) for e in t.examples]
        for message in package.messages.values():
            for example in message.examples:
                if "body" in example:
                    body = _renamed(imported, package.name, "", message.body, example["body"])
                    example["body"] = body


def _types(types: dict[str, IType], prefix: str) -> list[tuple[str, IType]]:
    """(path in the package, type) of every type, nested ones too (`Order.Line`)."""
    out: list[tuple[str, IType]] = []
    for name, t in types.items():
        path = f"{prefix}{name}"
        out.append((path, t))
        if isinstance(t, IRecord):
            out.extend(_types(t.nested, f"{path}."))
    return out


def _renamed(imported: Imported, package: str, scope: str, expr: str, value: Any) -> Any:
    """`value` of the type expression `expr`, written in `package` inside the type `scope`."""
    expr = expr.strip().removesuffix("?")
    if expr.startswith("list<") and isinstance(value, list):
        return [_renamed(imported, package, scope, expr[5:-1], v) for v in value]
    if expr.startswith("map<") and isinstance(value, dict):
        inner = expr[4:-1].rpartition(",")[2]
        return {k: _renamed(imported, package, scope, inner, v) for k, v in value.items()}
    found = _resolve(imported, package, scope, expr)
    if found is None:
        return value
    return _named(imported, *found, value)


def _named(imported: Imported, package: str, path: str, t: IType, value: Any) -> Any:
    """A value of the record or union `t` (at `path` in `package`), its properties renamed."""
    if not isinstance(value, dict):
        return value
    if isinstance(t, IUnion):
        tag = value.get(t.discriminator or "type")
        variant = next((v for v in t.variants if v.name == tag), None)
        if variant is None:
            return value
        return _renamed(imported, package, path, variant.type, value)
    if not isinstance(t, IRecord):
        return value
    fields = {f.json if f.json is not None else f.name: f for f in t.fields}
    out: dict[str, Any] = {}
    for key, item in value.items():
        f = fields.get(key)
        if f is None:  # a union's discriminator, or a property the record does not have
            out[key] = item
        else:
            out[f.name] = _renamed(imported, package, path, f.type, item)
    return out


def _resolve(
    imported: Imported, package: str, scope: str, expr: str
) -> tuple[str, str, IType] | None:
    """(package, path, type) a type expression names, as the language resolves it: a type nested
    in the enclosing types, one of the package, then a qualified name."""
    here = imported.packages[package].types
    parts = scope.split(".") if scope else []
    candidates = [(package, ".".join([*parts[:i], expr])) for i in range(len(parts), -1, -1)]
    candidates += [
        (name, expr[len(name) + 1 :])
        for name in sorted(imported.packages, key=len, reverse=True)
        if expr.startswith(name + ".")
    ]
    for name, path in candidates:
        types = here if name == package else imported.packages[name].types
        t = _at(types, path.split("."))
        if t is not None:
            return name, path, t
    return None


def _at(types: dict[str, IType], parts: list[str]) -> IType | None:
    t = types.get(parts[0])
    for part in parts[1:]:
        if not isinstance(t, IRecord):
            return None
        t = t.nested.get(part)
    return t
