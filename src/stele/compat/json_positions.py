"""Key positions of a JSON text, read by a token scanner instead of the YAML composer.

`foreign_yaml.key_positions` reads JSON as YAML to learn where every key is, which cost seconds
on a 4 MB OpenAPI document (the composer builds a node per value). JSON needs no composer: one
pass over its tokens gives the same map, JSON pointer -> 1-based (line, column) of the key (or
list item) holding each value. A text the scanner does not follow returns None, and the caller
composes it as before.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
_SPACE = re.compile(r"\s*")


def json_positions(text: str) -> dict[str, tuple[int, int]] | None:
    starts = [0]
    starts += [m.end() for m in re.finditer("\n", text)]

    def at(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    positions: dict[str, tuple[int, int]] = {}
    # Open containers: [is_object, pointer, next index (arrays), pointer of the current key].
    stack: list[list[object]] = []
    expect_key = False
    pos = _SPACE.match(text).end()  # type: ignore[union-attr]
    size = len(text)
    while pos < size:
        match = _TOKEN.match(text, pos)
        if match is None:
            return None
        token = match.group()
        start = pos
        pos = _SPACE.match(text, match.end()).end()  # type: ignore[union-attr]
        if token in (",", ":"):
            expect_key = token == "," and bool(stack) and stack[-1][0] is True
            continue
        if token in ("}", "]"):
            if not stack:
                return None
            stack.pop()
            expect_key = False
            continue
        if expect_key:
            if token[0] != '"':
                return None
            try:
                name = json.loads(token)
            except ValueError:
                return None
            top = stack[-1]
            pointer = f"{top[1]}/{str(name).replace('~', '~0').replace('/', '~1')}"
            positions[pointer] = at(start)
            top[3] = pointer
            expect_key = False
            continue
        if not stack:
            if positions:
                return None  # a second value at the top level
            pointer = ""
            positions[""] = at(start)
        elif stack[-1][0] is True:
            pointer = str(stack[-1][3])
        else:
            top = stack[-1]
            pointer = f"{top[1]}/{top[2]}"
            top[2] = int(str(top[2])) + 1
            positions[pointer] = at(start)
        if token == "{":
            stack.append([True, pointer, 0, ""])
            expect_key = True
        elif token == "[":
            stack.append([False, pointer, 0, ""])
    return positions if not stack and positions else None
