"""Bounded reading of foreign JSON and YAML documents (the inputs of `stele diff`).

Every artifact `stele diff` reads comes from a pull request and is hostile until read. This
module is the one door for their text: it checks the size, decodes UTF-8 (a located error for
anything else), parses JSON (YAML in `foreign_yaml`) and enforces limits on nesting depth and
on the number of nodes, before any checker walks the tree. Every value is JSON-compatible. The
limits are the constants below (docs/security.md explains the choice).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from stele.diagnostics import Diagnostic, SteleError, error
from stele.span import Span, line_column

# Foreign specifications are larger than contracts (the largest public OpenAPI documents are
# around 10 MiB of JSON and a million nodes), so the limits are 16x (size), 4x (depth) and 25x
# (nodes) the contract reader's.
MAX_FOREIGN_BYTES = 64 * 1024 * 1024
MAX_FOREIGN_DEPTH = 256
MAX_FOREIGN_NODES = 5_000_000
# Diagnostics of one code reported for one file before the rest are summed up in one line.
MAX_REPEATED_DIAGNOSTICS = 20

PARSE = "D004"  # not JSON / YAML
LIMIT = "D005"  # over a size, depth or node limit
TEXT = "D006"  # not UTF-8, or a lone surrogate


def fail(
    code: str, path: str, message: str, line: int = 1, column: int = 1, hint: str = ""
) -> SteleError:
    return SteleError([error(code, message, Span(path, line, column), hint)])


# -- bytes to text ----------------------------------------------------------------------------

_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def read_bounded(path: Path) -> bytes:
    """The bytes of a file, but never more than one byte over the size limit (`decode` then
    rejects them), so a huge file is not read into memory whole."""
    with path.open("rb") as stream:
        return stream.read(MAX_FOREIGN_BYTES + 1)


def check_size(path: str, data: bytes) -> None:
    if len(data) > MAX_FOREIGN_BYTES:
        raise fail(
            LIMIT,
            path,
            f"the file is larger than {MAX_FOREIGN_BYTES // (1024 * 1024)} MiB",
            hint="split the document, or compare a smaller part of it",
        )


def decode(path: str, data: bytes) -> str:
    """The text of a foreign file: size-checked UTF-8 (a leading byte order mark is dropped)."""
    check_size(path, data)
    for bom, encoding in _WIDE_BOMS:
        if data.startswith(bom):
            raise fail(
                TEXT,
                path,
                f"the file is {encoding} text; stele reads UTF-8",
                hint="save the file as UTF-8",
            )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise fail(
            TEXT,
            path,
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            line,
            column,
            "save the file as UTF-8",
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


# The last document read, handed to the next reader of the same bytes once: `stele diff`
# sniffs a document's format, then its checker loads it (reading a large YAML file twice cost
# a third of the diff). One entry, taken by the next call whatever it reads.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LONG_DIGITS = re.compile(r"\d{4000,}")


def load_json(path: str, text: str) -> Any:
    """Parse JSON text; D004 with the position of a syntax error, D005/D006 as documented."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(
            PARSE, path, f"not JSON: {exc.msg}", exc.lineno, exc.colno, "fix the JSON syntax"
        ) from None
    except RecursionError:
        raise _too_deep_json(path, text) from None
    except ValueError as exc:  # an integer of thousands of digits
        match = _LONG_DIGITS.search(text)
        line, column = line_column(text, match.start()) if match else (1, 1)
        raise fail(
            PARSE, path, f"not JSON: {exc}", line, column, "write the number shorter"
        ) from None
    depth, nodes = measure(value)
    if depth > MAX_FOREIGN_DEPTH:
        raise _too_deep_json(path, text)
    if nodes > MAX_FOREIGN_NODES:
        raise too_many(path, *value_position(text, MAX_FOREIGN_NODES + 1))
    check_strings(path, text, value)
    return value


def check_strings(path: str, text: str, value: Any) -> None:
    """D006 when a string of JSON `value` (parsed from `text`) holds a lone surrogate."""
    if _SURROGATE_ESCAPE.search(text) and any(_SURROGATE.search(s) for s in strings(value)):
        line, column = _lone_surrogate_at(text)
        raise fail(
            TEXT,
            path,
            "a string holds a lone surrogate escape, which is not a Unicode character",
            line,
            column,
            "escape characters outside the BMP as a surrogate pair, or remove the escape",
        )


def measure(value: Any) -> tuple[int, int]:
    """(depth, node count) of a parsed JSON value, without recursion. Scalars have depth 0."""
    deepest, nodes = 0, 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if isinstance(item, dict):
            depth += 1
            stack.extend((v, depth) for v in item.values())
        elif isinstance(item, list):
            depth += 1
            stack.extend((v, depth) for v in item)
        deepest = max(deepest, depth)
        if deepest > MAX_FOREIGN_DEPTH or nodes > MAX_FOREIGN_NODES:
            break
    return deepest, nodes


def strings(value: Any) -> Iterator[str]:
    """Every string of a JSON value, keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from item.keys()
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_ESCAPES = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)


def deep_position(text: str, limit: int = MAX_FOREIGN_DEPTH) -> tuple[int, int]:
    """Where JSON text first opens a bracket at depth `limit + 1` (strings skipped)."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return line_column(text, match.start())
        elif token in "]}":
            depth -= 1
    return 1, 1


_VALUES = re.compile(r'"(?:[^"\\]|\\.)*"\s*(:?)|[\[{]|-?\d[\d.eE+-]*|true|false|null', re.DOTALL)


def value_position(text: str, n: int) -> tuple[int, int]:
    """Where JSON text starts its n-th value (objects, lists and scalars; keys are not values)."""
    count = 0
    for match in _VALUES.finditer(text):
        if match.group(1):  # a key
            continue
        count += 1
        if count == n:
            return line_column(text, match.start())
    return 1, 1


def _too_deep_json(path: str, text: str) -> SteleError:
    return too_deep(path, *deep_position(text))


def too_deep(path: str, line: int, column: int) -> SteleError:
    return fail(
        LIMIT,
        path,
        f"the document nests deeper than {MAX_FOREIGN_DEPTH} levels",
        line,
        column,
        "flatten the structure",
    )


def too_many(path: str, line: int, column: int) -> SteleError:
    return fail(
        LIMIT,
        path,
        f"the document expands to more than {MAX_FOREIGN_NODES:,} nodes",
        line,
        column,
        "YAML aliases that expand exponentially are rejected; write the values out",
    )


def _lone_surrogate_at(text: str) -> tuple[int, int]:
    escapes = [(m.start(), m.group(1)) for m in _ESCAPES.finditer(text)]
    for i, (start, hex_digits) in enumerate(escapes):
        if hex_digits is None:
            continue
        code = int(hex_digits, 16)
        if 0xD800 <= code <= 0xDBFF:
            after = escapes[i + 1] if i + 1 < len(escapes) else None
            paired = (
                after is not None
                and after[0] == start + 6
                and after[1] is not None
                and 0xDC00 <= int(after[1], 16) <= 0xDFFF
            )
            if not paired:
                return line_column(text, start)
        elif 0xDC00 <= code <= 0xDFFF:
            before = escapes[i - 1] if i else None
            paired = (
                before is not None
                and before[0] == start - 6
                and before[1] is not None
                and 0xD800 <= int(before[1], 16) <= 0xDBFF
            )
            if not paired:
                return line_column(text, start)
    return 1, 1


def capped(diagnostics: list[Diagnostic], what: str) -> list[Diagnostic]:
    """At most MAX_REPEATED_DIAGNOSTICS diagnostics per (file, code), then one summary line."""
    kept: list[Diagnostic] = []
    counts: dict[tuple[str, str], int] = {}
    first_dropped: dict[tuple[str, str], Diagnostic] = {}
    for d in diagnostics:
        group = (d.span.path, d.code)
        counts[group] = counts.get(group, 0) + 1
        if counts[group] <= MAX_REPEATED_DIAGNOSTICS:
            kept.append(d)
        else:
            first_dropped.setdefault(group, d)
    for group, d in first_dropped.items():
        more = counts[group] - MAX_REPEATED_DIAGNOSTICS
        kept.append(error(d.code, f"... and {more} more {what} in this file", d.span))
    return kept
