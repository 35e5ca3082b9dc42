"""D014: `$ref`s that never reach a schema, and comparisons nested past the limit.

A `$ref` chain that loops (`A -> B -> A` with no schema in between) names no schema at all; a
chain longer than `MAX_REF_CHAIN` and a comparison nested deeper than `MAX_COMPARE_DEPTH` (a
schema whose definitions refer to ever new definitions) are refused before they exhaust the
stack. Each is a located error at the schema where it starts, never an internal error.
"""

from __future__ import annotations

from stele.compat.jsonschema.loading import SchemaSet
from stele.compat.jsonschema.nodes import Node
from stele.compat.jsonschema.values import MAX_COMPARE_DEPTH, MAX_REF_CHAIN
from stele.diagnostics import SteleError, error

REFS = "D014"


def ref_chain_too_long(schemas: SchemaSet, start: Node, looped: bool) -> SteleError:
    what = (
        "enters a loop of $refs that never reaches a schema"
        if looped
        else f"leads through more than {MAX_REF_CHAIN} references without reaching a schema"
    )
    return _refuse(
        schemas,
        start,
        f"the $ref at {start.subject} {what}",
        "point the $ref at a schema (an object or a boolean), not at another $ref",
    )


def nested_too_deep(schemas: SchemaSet, at: Node) -> SteleError:
    return _refuse(
        schemas,
        at,
        f"the comparison nests more than {MAX_COMPARE_DEPTH} subschemas deep through $refs "
        f"(at {at.subject})",
        "compare a smaller part of the schema, or shorten the chain of definitions",
    )


def _refuse(schemas: SchemaSet, node: Node, message: str, hint: str) -> SteleError:
    at = schemas.locate(node)
    return SteleError([error(REFS, message, at, hint)])
