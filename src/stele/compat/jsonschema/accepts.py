"""Whether a schema provably accepts one JSON value (the values of an `enum` or a `const`).

Union branches are paired by what they accept: an old `enum` branch whose values a new
`pattern` branch still matches lost nothing. This evaluator answers for scalar values and the
keywords that judge them (`type`, `enum`, `const`, `pattern`, lengths, bounds, `multipleOf`,
`format` as an annotation); a schema with any other constraint that could apply (an applicator,
an unresolved reference) is "not proven", never a guess. A pattern that could backtrack
exponentially is not run (not proven either).
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from stele.compat.jsonschema.loading import Node, SchemaSet
from stele.compat.jsonschema.patterns import backtracks_exponentially
from stele.compat.jsonschema.values import canonical, constraints

if TYPE_CHECKING:  # annotations only: compare imports this module
    from stele.compat.jsonschema.compare import Comparator

_SCALAR_KEYWORDS = frozenset(
    {
        "type", "enum", "const", "pattern", "minLength", "maxLength", "format", "minimum",
        "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "nullable",
        "x-extensible-enum",
    }
)  # fmt: skip
# Keywords about objects and arrays: they do not apply to a scalar value.
_CONTAINER_KEYWORDS = frozenset(
    {
        "properties", "patternProperties", "additionalProperties", "unevaluatedProperties",
        "required", "propertyNames", "minProperties", "maxProperties", "dependentRequired",
        "dependentSchemas", "dependencies", "items", "prefixItems", "additionalItems",
        "unevaluatedItems", "contains", "minContains", "maxContains", "minItems", "maxItems",
        "uniqueItems",
    }
)  # fmt: skip


def json_type(value: Any) -> str | None:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    return None  # objects and arrays: not judged here


def accepts(cmp: Comparator, node: Node, schemas: SchemaSet, value: Any) -> bool:
    """Whether every validator accepts `value` under the schema at `node` (False: not proven)."""
    kind = json_type(value)
    if kind is None:
        return False
    node = cmp.deref(node, schemas)
    if node.value is True or node.value is False:
        return bool(node.value)
    schema = constraints(node.value)
    unknown = set(schema) - _SCALAR_KEYWORDS - _CONTAINER_KEYWORDS
    if unknown - {"anyOf", "oneOf"}:
        return False
    nullable = schemas.openapi30(node) and schema.get("nullable") is True
    if not _type_ok(schema.get("type"), kind, value, nullable):
        return False
    if schema.get("format") in cmp.formats:
        return False  # an asserted format: not judged here
    if "enum" in schema and canonical(value) not in {canonical(v) for v in schema["enum"]}:
        return False
    if "const" in schema and canonical(value) != canonical(schema["const"]):
        return False
    if kind == "string" and not _string_ok(schema, value):
        return False
    if kind in ("integer", "number") and not _number_ok(schema, value):
        return False
    return _branches_ok(cmp, node, schemas, value)


def _type_ok(raw: Any, kind: str, value: Any, nullable: bool) -> bool:
    if raw is None or (nullable and value is None):
        return True
    types = {raw} if isinstance(raw, str) else set(raw)
    return kind in types or (kind == "integer" and "number" in types)


def _string_ok(schema: dict[str, Any], value: str) -> bool:
    length = len(value)
    if isinstance(schema.get("minLength"), int) and length < schema["minLength"]:
        return False
    if isinstance(schema.get("maxLength"), int) and length > schema["maxLength"]:
        return False
    pattern = schema.get("pattern")
    if pattern is None:
        return True
    if not isinstance(pattern, str) or backtracks_exponentially(pattern):
        return False
    try:
        return re.search(pattern, value) is not None
    except (re.error, RecursionError, OverflowError):
        return False


def _number_ok(schema: dict[str, Any], value: float) -> bool:
    def number(key: str) -> float | None:
        found = schema.get(key)
        if not isinstance(found, int | float) or isinstance(found, bool):
            return None
        return float(found) if math.isfinite(found) else None

    low, high = number("minimum"), number("maximum")
    ex_low, ex_high = number("exclusiveMinimum"), number("exclusiveMaximum")
    if schema.get("exclusiveMinimum") is True:  # draft 4: a modifier of `minimum`
        low, ex_low = None, low
    if schema.get("exclusiveMaximum") is True:
        high, ex_high = None, high
    checks = (
        low is None or value >= low,
        high is None or value <= high,
        ex_low is None or value > ex_low,
        ex_high is None or value < ex_high,
    )
    if not all(checks):
        return False
    step = number("multipleOf")
    if step is None or step <= 0:
        return True
    try:
        return (Fraction(str(value)) / Fraction(str(step))).denominator == 1
    except (ValueError, ZeroDivisionError):
        return False


def _branches_ok(cmp: Comparator, node: Node, schemas: SchemaSet, value: Any) -> bool:
    """An `anyOf` accepts when one branch does; a `oneOf` only when exactly one provably does
    and every other provably does not, which this evaluator cannot say: not proven."""
    schema = node.value
    if "oneOf" in schema:
        return False
    branches = schema.get("anyOf")
    if not isinstance(branches, list):
        return True
    return any(accepts(cmp, node.child("anyOf", i), schemas, value) for i in range(len(branches)))
