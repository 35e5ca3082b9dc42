"""The decimal patterns stele generates, compared by their digits.

A `decimal(p,s)` is a JSON string whose `pattern` is `stele.values.decimal_pattern(p, s)`:
an optional `-`, at most p-s integer digits without leading zeros, at most s fraction digits.
Two such patterns are compared as the languages they are: the writer's strings all match the
reader's pattern exactly when the reader allows at least as many integer digits and at least as
many fraction digits. A pattern is recognised only when it is character for character the one
`decimal_pattern` writes for the digits read from it; any other pattern stays a regular
expression that stele cannot compare (`json-pattern-changed`, a warning).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from stele.compat.handlers import handles
from stele.compat.jsonschema.rules import by_id
from stele.values import decimal_pattern

if TYPE_CHECKING:
    from stele.compat.jsonschema.compare import Comparator
    from stele.compat.jsonschema.loading import Node

_SHAPE = re.compile(
    r"\^-\?(?:0|(?P<one>\[0-9\])|\(0\|\[1-9\]\[0-9\]\{0,(?P<more>\d{1,4})\}\))"
    r"(?:\(\\\.\[0-9\]\{1,(?P<scale>\d{1,4})\}\)\?)?\$"
)


def decimal_digits(pattern: object) -> tuple[int, int] | None:
    """(integer digits, fraction digits) of a pattern `decimal_pattern` generates, else None."""
    if not isinstance(pattern, str):
        return None
    shape = _SHAPE.fullmatch(pattern)
    if shape is None:
        return None
    if shape["more"] is not None:
        integer = int(shape["more"]) + 1
    else:
        integer = 1 if shape["one"] is not None else 0
    scale = int(shape["scale"]) if shape["scale"] is not None else 0
    if decimal_pattern(integer + scale, scale) != pattern:
        return None
    return integer, scale


@handles(*by_id("json-decimal-narrowed", "json-decimal-widened"))
def compare_decimal_patterns(
    cmp: Comparator, writer: Node, reader: Node, w_pattern: object, r_pattern: object
) -> bool:
    """Judge two decimal patterns (True), or leave them to the caller (False: not both are)."""
    w_digits, r_digits = decimal_digits(w_pattern), decimal_digits(r_pattern)
    if w_digits is None or r_digits is None:
        return False
    if w_digits[0] <= r_digits[0] and w_digits[1] <= r_digits[1]:
        return True  # every writer string matches the reader's pattern
    old, new = cmp.old_new(w_digits, r_digits)
    rule = cmp.pick("json-decimal-narrowed", "json-decimal-widened")
    lost = []
    if w_digits[0] > r_digits[0]:
        lost.append(_digits(r_digits[0], "integer"))
    if w_digits[1] > r_digits[1]:
        lost.append(_digits(r_digits[1], "fraction"))
    cmp.emit(rule, writer, reader, old=_show(old), new=_show(new), lost=" or ".join(lost))
    return True


def _show(digits: tuple[int, int]) -> str:
    integer, scale = digits
    return f"decimal({integer + scale},{scale})"


def _digits(count: int, kind: str) -> str:
    return f"more than {count} {kind} digit{'' if count == 1 else 's'}"
