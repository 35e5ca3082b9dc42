"""Small helpers of the JSON Schema importer: keyword values of the wrong type read as empty,
`const` discriminators, collections of collections."""

from __future__ import annotations

from typing import Any

from stele.importer.model import Imported
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
