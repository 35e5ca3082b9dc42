"""`x-extensible-enum` and the content keywords: `contentEncoding`, `contentMediaType`,
`contentSchema`.

Validators treat all four as annotations; their readers do not. An `x-extensible-enum` lists
the values a string is known to take and tells readers to tolerate others: a value removed
breaks writers that still send it (BACKWARD), a value added breaks no one. A string's encoding
and media type say how its consumer decodes and parses it: any difference breaks both ways.
`contentSchema` holds the decoded content: compared like any schema when both sides have one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from stele.compat.handlers import handles
from stele.compat.jsonschema.keywords import _dict, common_types
from stele.compat.jsonschema.loading import Node
from stele.compat.jsonschema.rules import by_id
from stele.compat.jsonschema.values import canonical
from stele.diagnostics import Severity

if TYPE_CHECKING:  # annotations only: compare imports this module
    from stele.compat.jsonschema.compare import Comparator

EXTENSIBLE_ENUM = "x-extensible-enum"


@handles(
    *by_id(
        "json-content-encoding-changed",
        "json-content-media-type-changed",
        "json-content-schema-added",
        "json-content-schema-removed",
        "json-extensible-enum-value-removed",
    )
)
def compare_content(cmp: Comparator, writer: Node, reader: Node) -> None:
    if "string" not in common_types(cmp, writer, reader):
        return
    _compare_extensible_enum(cmp, writer, reader)
    for keyword, rule in (
        ("contentEncoding", "json-content-encoding-changed"),
        ("contentMediaType", "json-content-media-type-changed"),
    ):
        w_value, r_value = _dict(writer).get(keyword), _dict(reader).get(keyword)
        if _text(w_value) != _text(r_value):
            old, new = cmp.old_new(_text(w_value), _text(r_value))
            # Added or removed, the JSON text is the same string (stele's `bytes` <-> `string`):
            # every validator and generated model reads it; only a consumer that decodes by the
            # keyword sees other content. A warning. One encoding for another is an error.
            one_sided = w_value is None or r_value is None
            severity = Severity.WARNING if one_sided else None
            shown = {k: v for k, v in (("old", old), ("new", new)) if v is not None}
            variant = "" if len(shown) == 2 else "added" if old is None else "removed"
            cmp.emit(
                rule, writer, reader, severity=severity, variant=variant, keyword=keyword, **shown
            )
    _compare_content_schema(cmp, writer, reader)


def _text(value: Any) -> str | None:
    """Encodings and media types compare without case (`Base64` is `base64`)."""
    return value.lower() if isinstance(value, str) else None


def _values(node: Node) -> dict[str, Any] | None:
    values = _dict(node).get(EXTENSIBLE_ENUM)
    return {canonical(v): v for v in values} if isinstance(values, list) else None


def _compare_extensible_enum(cmp: Comparator, writer: Node, reader: Node) -> None:
    if not cmp.backward:
        return  # new writers' values old readers must tolerate: no break
    w_values, r_values = _values(writer), _values(reader)
    if w_values is None or r_values is None:
        return
    removed = sorted(k for k in w_values if k not in r_values)
    if removed:
        values = ", ".join(removed)
        cmp.emit("json-extensible-enum-value-removed", writer, reader, values=values)


def _compare_content_schema(cmp: Comparator, writer: Node, reader: Node) -> None:
    if not isinstance(_dict(reader).get("contentSchema"), dict | bool):
        return
    r_schema = reader.child("contentSchema")
    if isinstance(_dict(writer).get("contentSchema"), dict | bool):
        cmp.compare(writer.child("contentSchema"), r_schema)
        return
    rule = cmp.pick("json-content-schema-added", "json-content-schema-removed")
    cmp.emit(rule, writer, r_schema)
