"""Limits on the values a capture record holds: nesting depth, and text that is Unicode.

JSON allows `"\\ud800"`, a lone surrogate: Python reads it into a str that cannot be written as
UTF-8, so a report naming it would fail. Deep nesting makes validators recurse. Both are
findings of the record, found here by one walk without recursion.
"""

from __future__ import annotations

MAX_DEPTH = 64
SHOWN_CHARS = 80

TOO_DEEP = "capture-record-too-deep"
NOT_TEXT = "capture-invalid-record"


def value_problem(value: object, max_depth: int = MAX_DEPTH) -> tuple[str, str] | None:
    """(rule, message) of the first limit `value` breaks, or None."""
    if isinstance(value, str):
        return None if _is_text(value) else (NOT_TEXT, _surrogate(value, ""))
    stack: list[tuple[object, int, str]] = [(value, 1, "")]
    while stack:
        item, depth, where = stack.pop()
        if not isinstance(item, dict | list):
            continue
        if depth > max_depth:
            return TOO_DEEP, f"nests deeper than {max_depth} levels (at {where or '/'})"
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in pairs:
            if isinstance(key, str) and not _is_text(key):
                return NOT_TEXT, _surrogate(key, where)
            if isinstance(child, str) and not _is_text(child):
                return NOT_TEXT, _surrogate(child, f"{where}/{shown(str(key))}")
            if isinstance(child, dict | list):
                stack.append((child, depth + 1, f"{where}/{shown(str(key))}"))
    return None


def _is_text(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _surrogate(text: str, where: str) -> str:
    bad = next(c for c in text if 0xD800 <= ord(c) <= 0xDFFF)
    return (
        f"holds a lone surrogate \\u{ord(bad):04x} (at {where or '/'}): JSON text must be Unicode"
    )


def shown(text: str) -> str:
    """Foreign text fit for a one-line report: control characters escaped, at most 80 chars."""
    if len(text) > SHOWN_CHARS:
        text = text[: SHOWN_CHARS - 3] + "..."
    if text.isprintable() and _is_text(text):
        return text
    return "".join(
        c if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF else ascii(c)[1:-1] for c in text
    )
