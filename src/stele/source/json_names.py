"""A field's `json:` option: the property name of the field in every JSON form when it is not
the field's name (docs/language.md, "JSON names")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stele.diagnostics import error
from stele.ir import Field
from stele.source.reader import Reader
from stele.source.yaml_nodes import YNode

JSON_NAME = re.compile(r'^[^\s"\\]{1,128}$')  # a property name without spaces, quotes, escapes


def read_json_name(reader: Reader, name: str, node: YNode | None) -> str | None:
    """The field's JSON name, None when it is the field's own; S110 when it cannot be one."""
    if node is None:
        return None
    text = reader.string(node, "json")
    if text is None:
        return None
    if not JSON_NAME.match(text):
        reader.report(
            "S110",
            f"json name '{text}' of field '{name}' is not a property name (1 to 128 characters,"
            " no spaces, quotes or backslashes)",
            node,
            "write the name the JSON documents use, such as createdBy",
        )
        return None
    return None if text == name else text


def report_json_clashes(reader: Reader, fields: Iterable[Field]) -> None:
    """Two fields of one record with the same JSON property name: S101."""
    seen: dict[str, Field] = {}
    for f in fields:
        other = seen.setdefault(f.json_name, f)
        if other is not f:
            reader.diagnostics.append(
                error(
                    "S101",
                    f"fields '{other.name}' and '{f.name}' have the same JSON name '{f.json_name}'",
                    f.span,
                    "give one of them another json name",
                )
            )
