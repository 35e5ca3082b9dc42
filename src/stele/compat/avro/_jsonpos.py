"""A small JSON reader that remembers where every object key is (1-based line and column).

`json.loads` forgets positions; findings must point at the `"name": ...` of the element they
are about, so the .avsc text is read again here. Values are plain Python values, except that
objects are `PosDict`s carrying the position of each key.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from stele.span import Lines

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_LITERALS = {"true": True, "false": False, "null": None}


class PosDict(dict[str, Any]):
    """A JSON object that knows the line and column of each of its keys."""

    key_pos: dict[str, tuple[int, int]]


class JsonPosError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} at {line}:{column}")
        self.line, self.column = line, column


class JsonLimitError(JsonPosError):
    """The text nests deeper than `max_depth`, or holds more than `max_nodes` values."""

    def __init__(self, too_deep: bool, line: int, column: int) -> None:
        super().__init__("too deep" if too_deep else "too many values", line, column)
        self.too_deep = too_deep


class _Reader:
    def __init__(self, text: str, max_depth: int, max_nodes: int) -> None:
        self.text = text
        self.at = 0
        self.depth = 0
        self.nodes = 0
        self.max_depth, self.max_nodes = max_depth, max_nodes
        self.lines = Lines(text)

    def position(self, offset: int) -> tuple[int, int]:
        return self.lines.position(offset)

    def fail(self, message: str) -> JsonPosError:
        return JsonPosError(message, *self.position(self.at))

    def skip_space(self) -> None:
        match = _WHITESPACE.match(self.text, self.at)
        self.at = match.end() if match else self.at

    def value(self) -> Any:
        self.skip_space()
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise JsonLimitError(False, *self.position(self.at))
        char = self.text[self.at : self.at + 1]
        if char in ("{", "["):
            self.depth += 1
            if self.depth > self.max_depth:
                raise JsonLimitError(True, *self.position(self.at))
            result = self.object() if char == "{" else self.array()
            self.depth -= 1
            return result
        if char == '"':
            return self.string()
        number = _NUMBER.match(self.text, self.at)
        if number and number.group():
            try:
                value = json.loads(number.group())
            except ValueError:  # an integer of thousands of digits
                raise self.fail("a number too long to read") from None
            self.at = number.end()
            return value
        for word, literal in _LITERALS.items():
            if self.text.startswith(word, self.at):
                self.at += len(word)
                return literal
        raise self.fail("expected a JSON value")

    def string(self) -> str:
        value, self.at = scanstring(self.text, self.at + 1)
        return str(value)

    def expect(self, char: str) -> None:
        self.skip_space()
        if self.text[self.at : self.at + 1] != char:
            raise self.fail(f"expected '{char}'")
        self.at += 1

    def more(self, closing: str) -> bool:
        """After an item: True if a comma follows, False at the closing bracket."""
        self.skip_space()
        char = self.text[self.at : self.at + 1]
        if char in (",", closing):
            self.at += 1
            return char == ","
        raise self.fail(f"expected ',' or '{closing}'")

    def object(self) -> PosDict:
        self.at += 1
        result = PosDict()
        result.key_pos = {}
        self.skip_space()
        if self.text.startswith("}", self.at):
            self.at += 1
            return result
        while True:
            self.skip_space()
            if not self.text.startswith('"', self.at):
                raise self.fail("expected a string key")
            where = self.position(self.at)
            key = self.string()
            self.expect(":")
            result[key] = self.value()
            result.key_pos.setdefault(key, where)
            if not self.more("}"):
                return result

    def array(self) -> list[Any]:
        self.at += 1
        items: list[Any] = []
        self.skip_space()
        if self.text.startswith("]", self.at):
            self.at += 1
            return items
        while True:
            items.append(self.value())
            if not self.more("]"):
                return items


def loads_with_positions(text: str, max_depth: int = 256, max_nodes: int = 5_000_000) -> Any:
    """Parse JSON text; objects come back as PosDicts. Raises JsonPosError on bad input, and
    JsonLimitError past `max_depth` nested objects and arrays or `max_nodes` values."""
    reader = _Reader(text, max_depth, max_nodes)
    try:
        result = reader.value()
    except JsonPosError:
        raise
    except (ValueError, IndexError) as exc:  # JSONDecodeError, an integer of 5,000 digits
        raise reader.fail(f"malformed JSON ({exc})") from None
    reader.skip_space()
    if reader.at != len(text):
        raise reader.fail("extra data after the JSON value")
    return result
