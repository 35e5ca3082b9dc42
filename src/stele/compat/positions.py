"""Where each value of a JSON or YAML text is: JSON pointer -> 1-based (line, column) of the key
(or list item) holding it. The one pointer-to-position map of stele: the checkers of OpenAPI,
AsyncAPI and JSON Schema documents and the reader of buf.yaml locate their findings with it.

JSON is read by a token scanner (`json_positions`): one pass over its tokens, a third of the
time the YAML composer takes (seconds on a 4 MB OpenAPI document, which builds a node per
value). YAML, and a text the scanner does not follow, is composed within the foreign readers'
limits (`compose_positions`); a text that cannot compose, or breaks a limit, has no positions,
and findings point at the top of the document. Character offsets become lines and columns in
the core (`stele.span.Lines`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from stele.compat.foreign_yaml import compose
from stele.diagnostics import SteleError
from stele.span import Lines

if TYPE_CHECKING:
    import yaml

Positions = dict[str, tuple[int, int]]

_JSON_START = re.compile(r"\s*[\[{]")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+')
_SPACE = re.compile(r"\s*")


def key_positions(text: str) -> Positions:
    """JSON pointer -> 1-based (line, column) of the key (or list item) holding each value; the
    whole document at "". Empty when the text cannot be read."""
    if _JSON_START.match(text):
        found = json_positions(text)
        if found is not None:
            return found
    return compose_positions(text)


class LazyPositions(Mapping[str, tuple[int, int]]):
    """`key_positions(text)`, computed when a finding is first located (most diffs of large
    documents locate nothing, and reading the text again costs as much as reading it)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._positions: Positions | None = None

    def _get(self) -> Positions:
        if self._positions is None:
            self._positions = key_positions(self._text)
        return self._positions

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        return self._get()[pointer]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def json_positions(text: str) -> Positions | None:
    """`key_positions` of a JSON text by its tokens; None for a text the scanner does not follow
    (YAML, two documents, a token out of place), which the caller composes instead."""
    lines = Lines(text)
    positions: Positions = {}
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
            pointer = f"{top[1]}/{_escape(str(name))}"
            positions[pointer] = lines.position(start)
            top[3] = pointer
            expect_key = False
            continue
        if not stack:
            if positions:
                return None  # a second value at the top level
            pointer = ""
            positions[""] = lines.position(start)
        elif stack[-1][0] is True:
            pointer = str(stack[-1][3])
        else:
            top = stack[-1]
            pointer = f"{top[1]}/{top[2]}"
            top[2] = int(str(top[2])) + 1
            positions[pointer] = lines.position(start)
        if token == "{":
            stack.append([True, pointer, 0, ""])
            expect_key = True
        elif token == "[":
            stack.append([False, pointer, 0, ""])
    return positions if not stack and positions else None


def compose_positions(text: str) -> Positions:
    """`key_positions` by the YAML composer (any YAML or JSON text), within the foreign
    readers' limits (`foreign_yaml.compose`)."""
    try:
        root = compose("", text)
    except SteleError:
        return {}
    import yaml

    if root is None:
        return {}
    positions: Positions = {"": _mark(root)}
    stack: list[tuple[str, yaml.Node]] = [("", root)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                path = f"{pointer}/{_escape(str(key.value))}"
                positions[path] = _mark(key)
                stack.append((path, value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                path = f"{pointer}/{index}"
                positions[path] = _mark(item)
                stack.append((path, item))
    return positions


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _escape(token: str) -> str:
    """A key as a JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")
