"""The JSON type every keyword the comparison reads must have, checked before it reads them.

Foreign schemas are hostile: `{"type": 5}` or `{"required": "id"}` must be a located error
(D008 at the keyword), not a crash deep inside a keyword check. `check_shape` looks at one
schema object's own keywords; subschemas are checked when the comparison reaches them.
Keywords the comparison never reads (annotations, unknown keywords, `x-` extensions) are free.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from stele.compat.jsonschema.loading import Node, SchemaSet
from stele.diagnostics import SteleError, error

SHAPE = "D008"


def _schema(v: Any) -> bool:
    return isinstance(v, dict | bool)


def _schemas(v: Any) -> bool:
    return isinstance(v, list) and all(_schema(x) for x in v)


def _schema_map(v: Any) -> bool:
    return isinstance(v, dict) and all(_schema(x) for x in v.values())


def _string(v: Any) -> bool:
    return isinstance(v, str)


def _strings(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _number(v: Any) -> bool:
    """A JSON number: YAML's .nan and .inf are not (a bound of NaN compares with nothing)."""
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _count(v: Any) -> bool:
    return _number(v) and v >= 0 and float(v).is_integer()


def _type(v: Any) -> bool:
    return _string(v) or _strings(v)


def _bound(v: Any) -> bool:
    return _number(v) or isinstance(v, bool)  # draft 4 and OpenAPI 3.0: a boolean modifier


def _dependencies(v: Any) -> bool:
    return isinstance(v, dict) and all(_schema(x) or _strings(x) for x in v.values())


def _required_map(v: Any) -> bool:
    return isinstance(v, dict) and all(_strings(x) for x in v.values())


def _discriminator(v: Any) -> bool:
    if not isinstance(v, dict) or not isinstance(v.get("propertyName", ""), str):
        return False
    mapping = v.get("mapping", {})
    return isinstance(mapping, dict) and all(isinstance(x, str) for x in mapping.values())


Check = Callable[[Any], bool]
SHAPES: dict[str, tuple[Check, str]] = {
    "type": (_type, "a type name or a list of type names"),
    "enum": (lambda v: isinstance(v, list), "a list of values"),
    "required": (_strings, "a list of property names"),
    "properties": (_schema_map, "an object of schemas"),
    "patternProperties": (_schema_map, "an object of schemas"),
    "dependentSchemas": (_schema_map, "an object of schemas"),
    "$defs": (_schema_map, "an object of schemas"),
    "definitions": (_schema_map, "an object of schemas"),
    "dependentRequired": (_required_map, "an object of lists of property names"),
    "dependencies": (_dependencies, "an object of schemas or lists of property names"),
    "additionalProperties": (_schema, "a schema"),
    "unevaluatedProperties": (_schema, "a schema"),
    "additionalItems": (_schema, "a schema"),
    "unevaluatedItems": (_schema, "a schema"),
    "propertyNames": (_schema, "a schema"),
    "contains": (_schema, "a schema"),
    "not": (_schema, "a schema"),
    "if": (_schema, "a schema"),
    "then": (_schema, "a schema"),
    "else": (_schema, "a schema"),
    "items": (lambda v: _schema(v) or _schemas(v), "a schema or a list of schemas"),
    "prefixItems": (_schemas, "a list of schemas"),
    "allOf": (lambda v: _schemas(v) and len(v) > 0, "a non-empty list of schemas"),
    "anyOf": (lambda v: _schemas(v) and len(v) > 0, "a non-empty list of schemas"),
    "oneOf": (lambda v: _schemas(v) and len(v) > 0, "a non-empty list of schemas"),
    "minimum": (_number, "a finite number"),
    "maximum": (_number, "a finite number"),
    "exclusiveMinimum": (_bound, "a finite number"),
    "exclusiveMaximum": (_bound, "a finite number"),
    "multipleOf": (lambda v: _number(v) and v > 0, "a finite number above 0"),
    "minLength": (_count, "a non-negative integer"),
    "maxLength": (_count, "a non-negative integer"),
    "minItems": (_count, "a non-negative integer"),
    "maxItems": (_count, "a non-negative integer"),
    "minProperties": (_count, "a non-negative integer"),
    "maxProperties": (_count, "a non-negative integer"),
    "minContains": (_count, "a non-negative integer"),
    "maxContains": (_count, "a non-negative integer"),
    "uniqueItems": (lambda v: isinstance(v, bool), "true or false"),
    "pattern": (_string, "a regular expression"),
    "format": (_string, "a format name"),
    "contentEncoding": (_string, "an encoding name"),
    "contentMediaType": (_string, "a media type"),
    "contentSchema": (_schema, "a schema"),
    "x-extensible-enum": (lambda v: isinstance(v, list), "a list of values"),
    "$ref": (_string, "a URI reference"),
    "$dynamicRef": (_string, "a URI reference"),
    "$recursiveRef": (_string, "a URI reference"),
    "discriminator": (_discriminator, "an object with a 'propertyName' and a 'mapping'"),
}


def check_shape(node: Node, schemas: SchemaSet) -> None:
    """D008 at the first keyword of `node` whose value has the wrong JSON type."""
    value = node.value
    if isinstance(value, bool):
        return
    if not isinstance(value, dict):
        raise _wrong(node, schemas, "a schema must be an object or a boolean")
    for key, (fits, expected) in SHAPES.items():
        if key in value and not fits(value[key]):
            raise _wrong(node.child(key), schemas, f"'{key}' must be {expected}")


_ONE = (
    "additionalProperties", "unevaluatedProperties", "additionalItems", "unevaluatedItems",
    "propertyNames", "contains", "not", "if", "then", "else", "items", "contentSchema",
)  # fmt: skip
_LISTS = ("items", "prefixItems", "allOf", "anyOf", "oneOf")
_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs", "definitions")


def check_tree(node: Node, schemas: SchemaSet) -> None:
    """`check_shape` on a schema and every subschema under it (`$ref` targets are checked when
    they are followed), each once per document set. Without recursion: depth is no problem."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.key in schemas.checked:
            continue
        check_shape(current, schemas)
        schemas.checked.add(current.key)
        value = current.value
        if not isinstance(value, dict):
            continue
        stack.extend(current.child(k) for k in _ONE if isinstance(value.get(k), dict | bool))
        for key in _LISTS:
            if isinstance(value.get(key), list):
                stack.extend(current.child(key, i) for i in range(len(value[key])))
        for key in (*_MAPS, "dependencies"):
            if isinstance(value.get(key), dict):
                stack.extend(
                    current.child(key, name)
                    for name, sub in value[key].items()
                    if isinstance(sub, dict | bool)
                )


def _wrong(node: Node, schemas: SchemaSet, message: str) -> SteleError:
    at = schemas.locate(node)
    return SteleError(
        [
            error(
                SHAPE,
                f"{message} ({node.subject})",
                at,
                "fix the schema; see the JSON Schema specification for the keyword",
            )
        ]
    )
