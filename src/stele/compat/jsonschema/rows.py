"""The table row a JSON Schema rule is generated from, and the spellings the tables share."""

from __future__ import annotations

from dataclasses import dataclass

from stele.compat.model import Direction
from stele.diagnostics import Severity

B, F = Direction.BACKWARD, Direction.FORWARD
E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Row:
    id: str
    severity: Severity
    directions: tuple[Direction, ...]
    summary: str
    flags: str
    why: str
    bad: tuple[str, str]
    good: tuple[str, str]
    confluent: str = ""
    differs: str = ""
    # oasdiff's check ids for the same change (request side, response side), and why stele's
    # level differs from oasdiff's where it does.
    oasdiff: str = ""
    oasdiff_differs: str = ""


def _obj(props: str, extra: str = "") -> str:
    tail = f", {extra}" if extra else ""
    return f'{{"type": "object", "properties": {{{props}}}{tail}}}'


S = '{"type": "string"}'
I = '{"type": "integer"}'  # noqa: E741
CLOSED = '"additionalProperties": false'
DEC_18_2 = '{"type": "string", "pattern": "^-?(0|[1-9][0-9]{0,15})(\\\\.[0-9]{1,2})?$"}'
DEC_20_4 = '{"type": "string", "pattern": "^-?(0|[1-9][0-9]{0,15})(\\\\.[0-9]{1,4})?$"}'
DEC_10_2 = '{"type": "string", "pattern": "^-?(0|[1-9][0-9]{0,7})(\\\\.[0-9]{1,2})?$"}'
OLD_DOC_OPEN = "An old document may carry the property under the open content model with any value"
