"""The pieces every Protobuf rule record is built from: categories, directions, doc layout.

Categories map 1:1 onto buf's breaking categories: `wire` (WIRE), `wire_json` (WIRE_JSON),
`package` (PACKAGE) and `file` (FILE). A rule lists every category that runs it.
"""

from __future__ import annotations

from stele.compat.model import Direction, Rule
from stele.diagnostics import Severity

ALL = ("wire", "wire_json", "package", "file")
JSON_UP = ("wire_json", "package", "file")
CODE = ("package", "file")  # generated code: buf's PACKAGE and FILE
FILE = ("file",)
PACKAGE = ("package",)
BOTH = (Direction.BACKWARD, Direction.FORWARD)
BACKWARD = (Direction.BACKWARD,)
FORWARD = (Direction.FORWARD,)


def doc(flags: str, why: str, bad_old: str, bad_new: str, good: str) -> str:
    return (
        f"## What it flags\n\n{flags}\n\n## Why it breaks\n\n{why}\n\n## Example\n\n"
        f"```protobuf\n// old\n{bad_old}\n// new\n{bad_new}\n```\n\n"
        f"## Instead\n\n```protobuf\n{good}\n```\n"
    )


def rule(
    id: str,
    summary: str,
    text: str,
    categories: tuple[str, ...],
    directions: tuple[Direction, ...],
    buf: str,
    severity: Severity = Severity.ERROR,
) -> Rule:
    equivalents = {"buf": buf} if buf else {}
    return Rule(id, "protobuf", severity, summary, text, directions, equivalents, categories)
