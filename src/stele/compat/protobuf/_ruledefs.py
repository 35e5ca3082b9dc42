"""The pieces every Protobuf rule record is built from: categories, directions, doc layout.

Categories map 1:1 onto buf's breaking categories: `wire` (WIRE), `wire_json` (WIRE_JSON),
`package` (PACKAGE) and `file` (FILE). A rule lists every category that runs it.
"""

from __future__ import annotations

from collections.abc import Mapping

from stele.compat import ruledoc
from stele.compat.model import Direction, Rule
from stele.compat.protobuf._messages import MESSAGES
from stele.compat.ruledoc import fenced, old_new
from stele.config_keys import PROTOBUF_CATEGORIES
from stele.diagnostics import Severity

ALL = PROTOBUF_CATEGORIES  # the ladder, most lenient first (stele.config_keys)
JSON_UP = ALL[ALL.index("wire_json") :]
CODE = ALL[ALL.index("package") :]  # generated code: buf's PACKAGE and FILE
FILE = ("file",)
PACKAGE = ("package",)
BOTH = (Direction.BACKWARD, Direction.FORWARD)
BACKWARD = (Direction.BACKWARD,)
FORWARD = (Direction.FORWARD,)


def doc(flags: str, why: str, bad_old: str, bad_new: str, good: str) -> str:
    """A rule's doc whose example is an old and a new fragment of a .proto file (as every
    format's: `ruledoc.old_new`)."""
    return ruledoc.doc(flags, why, old_new("protobuf", bad_old, bad_new), fenced("protobuf", good))


def rule(
    id: str,
    summary: str,
    text: str,
    categories: tuple[str, ...],
    directions: tuple[Direction, ...],
    buf: str,
    severity: Severity = Severity.ERROR,
    messages: Mapping[str, str] | None = None,
) -> Rule:
    equivalents = {"buf": buf} if buf else {}
    messages = MESSAGES.get(id, {}) if messages is None else messages
    return Rule(
        id, "protobuf", severity, summary, text, directions, equivalents, categories, messages
    )
