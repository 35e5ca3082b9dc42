"""Regular expressions from foreign schemas, run only when they cannot backtrack exponentially.

`patternProperties` patterns are matched against property names, both written by the pull
request. Python's `re` backtracks: `^(a+)+$` against 40 `a`s and a `!` runs for days. A pattern
with a repetition inside an unbounded repetition, or an alternation inside one (the classic
catastrophic shapes), is therefore not run: matching a name against it is D009 at the pattern.
Other patterns run as written.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from stele.diagnostics import SteleError, error
from stele.ir import Span

RISKY = "D009"


@lru_cache(maxsize=1024)
def backtracks_exponentially(pattern: str) -> bool:
    """Whether `pattern` nests an unbounded repetition or an alternation in one."""
    parser: Any = re._parser
    try:
        parsed = parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return False  # not a pattern `re` can run: the caller treats it as matching nothing
    try:
        return _nested(list(parsed), inside_repeat=False)
    except RecursionError:
        return True


def _nested(items: list[Any], inside_repeat: bool) -> bool:
    constants: Any = re._constants
    repeats = (constants.MAX_REPEAT, constants.MIN_REPEAT, constants.POSSESSIVE_REPEAT)
    for op, arg in items:
        if op in repeats:
            _, high, body = arg
            unbounded = high == constants.MAXREPEAT
            if inside_repeat and high > 1:
                return True
            if _nested(list(body), inside_repeat or unbounded):
                return True
        elif op is constants.BRANCH:
            if inside_repeat:
                return True
            if any(_nested(list(branch), inside_repeat) for branch in arg[1]):
                return True
        elif op is constants.SUBPATTERN:
            if _nested(list(arg[-1]), inside_repeat):
                return True
        elif op in (constants.ASSERT, constants.ASSERT_NOT) and _nested(
            list(arg[1]), inside_repeat
        ):
            return True
    return False


def refuse(pattern: str, at: tuple[str, int, int]) -> SteleError:
    path, line, column = at
    return SteleError(
        [
            error(
                RISKY,
                f"patternProperties pattern {pattern[:80]!r} nests repetitions: stele does not "
                "run it (matching can take exponential time)",
                Span(path, line, column),
                "write the pattern without a repetition inside a repetition, e.g. ^[a-z]+$",
            )
        ]
    )
