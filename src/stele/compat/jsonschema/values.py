"""What the JSON Schema comparison reads of schemas, apart from the walk itself: the policy, the
limits, the formats readers assert, the keywords that never constrain, one spelling per JSON
value, and nodes for absent keywords (`compare.Comparator` and every keyword module use them)."""

from __future__ import annotations

import json
import math
from typing import Any, Literal

from stele.compat.jsonschema.loading import Node

Policy = Literal["strict", "lenient"]

REF_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")
# A `$ref` that leads to another `$ref` this many times is refused (D014), as is a comparison
# that nests this many subschema pairs (through `$ref`s to ever new definitions: a document's
# own nesting is bounded by the reader's depth limit).
MAX_REF_CHAIN = 64
MAX_COMPARE_DEPTH = 200

# The `format`s a reader asserts. JSON Schema 2020-12 makes `format` an annotation unless the
# validator turns format assertion on; the consumers of stele's artifacts do (a validator with
# its format checker, the generated pydantic models). Validators assert the formats stele emits
# except `duration` (its checker needs an optional library); the models assert it too. Other
# formats stay "cannot prove" warnings.
VALIDATOR_FORMATS = frozenset({"date-time", "date", "uuid"})
MODEL_FORMATS = VALIDATOR_FORMATS | {"duration"}

# Keywords that never change which instances are valid.
ANNOTATIONS = frozenset(
    {
        "$schema", "$id", "$anchor", "$comment", "$defs", "definitions", "$vocabulary",
        "title", "description", "default", "examples", "example", "deprecated", "readOnly",
        "writeOnly", "externalDocs", "xml", "discriminator", "$dynamicAnchor",
    }
)  # fmt: skip


def canonical(value: Any) -> str:
    """One spelling per JSON value (1 and 1.0 agree; true and 1 do not)."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(value)  # NaN, Infinity: YAML holds them, JSON does not
    if isinstance(value, int | float):
        return repr(float(value)) if float(value) != int(value) else str(int(value))
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{canonical(value[k])}" for k in sorted(value)) + "}"
    return json.dumps(value)


def constraints(value: Any) -> dict[str, Any]:
    """The keywords of a schema that constrain instances."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if k not in ANNOTATIONS and not k.startswith("x-")}


def accepts_everything(node: Node) -> bool:
    return node.value is True or (isinstance(node.value, dict) and not constraints(node.value))


def ref_keyword(value: Any) -> str | None:
    """The reference keyword of a schema: `$ref`, else `$dynamicRef` (2020-12) or
    `$recursiveRef` (2019-09), followed to their initial target (no dynamic scope)."""
    if isinstance(value, dict):
        for keyword in REF_KEYWORDS:
            if isinstance(value.get(keyword), str):
                return keyword
    return None


def synthetic(parent: Node, key: str, value: Any) -> Node:
    """A node for a keyword's default value (absent `items` is `true`), placed at its parent."""
    return Node(value, parent.doc, f"{parent.pointer}/{key}")


def child_or(parent: Node, key: str, default: Any = True) -> Node:
    value = parent.value
    if isinstance(value, dict) and key in value:
        return parent.child(key)
    return synthetic(parent, key, default)
