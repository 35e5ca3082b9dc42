"""Bounded reading of foreign JSON and YAML documents (the inputs of `stele diff`).

Every artifact `stele diff` reads comes from a pull request and is hostile until read. This
module is the one door for their text: it checks the size, decodes UTF-8 (a located error for
anything else), parses JSON or YAML and enforces limits on nesting depth and on the number of
nodes an alias-laden YAML document expands to, before any checker walks the tree. YAML is read
with the YAML 1.2 core schema, as contracts are: dates and times stay strings, so every value
is JSON-compatible. The limits are the constants below (docs/security.md explains the choice).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stele.diagnostics import Diagnostic, SteleError, error
from stele.ir import Span

if TYPE_CHECKING:
    import yaml

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


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


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
_last: tuple[str, bytes, tuple[str, Any]] | None = None


def load_tree(path: str, data: bytes) -> tuple[str, Any]:
    """(text, value) of a JSON (`.json`) or YAML document, within the limits."""
    global _last
    last, _last = _last, None
    if last is not None and last[0] == path and last[1] == data:
        return last[2]
    text = decode(path, data)
    loaded = text, (load_json(path, text) if path.endswith(".json") else load_yaml(path, text))
    _last = path, data, loaded
    return loaded


# -- JSON -------------------------------------------------------------------------------------

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
        line, column = position(text, match.start()) if match else (1, 1)
        raise fail(
            PARSE, path, f"not JSON: {exc}", line, column, "write the number shorter"
        ) from None
    depth, nodes = measure(value)
    if depth > MAX_FOREIGN_DEPTH:
        raise _too_deep_json(path, text)
    if nodes > MAX_FOREIGN_NODES:
        raise too_many(path, 1, 1)
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
                return position(text, match.start())
        elif token in "]}":
            depth -= 1
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
                return position(text, start)
        elif 0xDC00 <= code <= 0xDFFF:
            before = escapes[i - 1] if i else None
            paired = (
                before is not None
                and before[0] == start - 6
                and before[1] is not None
                and 0xD800 <= int(before[1], 16) <= 0xDBFF
            )
            if not paired:
                return position(text, start)
    return 1, 1


# -- YAML -------------------------------------------------------------------------------------

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MERGE = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


_PLAIN = "tag:stele,plain"  # an untagged plain scalar: resolved by the YAML 1.2 core schema
_QUOTED = "tag:yaml.org,2002:str"


@functools.cache
def _loader() -> Any:
    """A safe loader that leaves scalar resolution to us: PyYAML's YAML 1.1 resolver is Python
    code called for every scalar (most of the time spent composing a large document)."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]
        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode:
                return _PLAIN if implicit[0] else _QUOTED
            return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"

    return Loader


def load_yaml(path: str, text: str) -> Any:
    """Parse one YAML document into JSON-compatible values (None for an empty document)."""
    root = compose(path, text)
    if root is None:
        return None
    return _Converter(path, _shared_nodes(root)).value(root)


def compose(path: str, text: str) -> yaml.Node | None:
    """The composed node graph of one YAML document, checked against the limits."""
    import yaml

    try:
        root = yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "maximum nesting depth" in problem:
            raise too_deep(path, line, column) from None
        raise fail(
            PARSE, path, f"not YAML: {problem}", line, column, "fix the YAML syntax"
        ) from None
    except yaml.reader.ReaderError as exc:
        line, column = position(text, exc.position)
        raise fail(
            PARSE,
            path,
            f"not YAML: control character #x{exc.character:04x} is not allowed",
            line,
            column,
            "remove the character, or write it as an escape in a double-quoted string",
        ) from None
    except yaml.YAMLError as exc:
        raise fail(PARSE, path, f"not YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise too_deep(path, 1, 1) from None
    if root is not None:
        _check_graph(path, root)
    return root


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_graph(path: str, root: yaml.Node) -> None:
    """Reject alias cycles, and documents whose expansion is too deep or has too many nodes.

    Aliases make the composed graph a DAG whose expansion can be exponential, so the expanded
    size and height of every collection are computed once (memoized by identity); scalars,
    most of the nodes, are counted where they stand.
    """
    import yaml

    scalar = yaml.ScalarNode
    if isinstance(root, scalar):
        return
    sizes: dict[int, tuple[int, int]] = {}  # id -> (expanded nodes, height)
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        kids = _children(node)
        if done:
            on_path.discard(key)
            total, height = 1, 0
            for kid in kids:
                if type(kid) is scalar:
                    total, kid_height = total + 1, 1
                else:
                    count, kid_height = sizes[id(kid)]
                    total += count
                height = max(height, kid_height)
            sizes[key] = (min(total, MAX_FOREIGN_NODES + 1), height + 1)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise fail(
                LIMIT,
                path,
                "an alias refers to a node that contains it (a recursive document)",
                *_mark(node),
                hint="write the values out",
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in kids if type(k) is not scalar and id(k) not in sizes)
    total, height = sizes[id(root)]

    def size(node: yaml.Node) -> tuple[int, int]:
        return (1, 1) if type(node) is scalar else sizes[id(node)]

    if height > MAX_FOREIGN_DEPTH + 1:
        node = root
        for _ in range(MAX_FOREIGN_DEPTH):
            node = max(_children(node), key=lambda k: size(k)[1])
        raise too_deep(path, *_mark(node))
    if total > MAX_FOREIGN_NODES:
        node = root
        while True:
            bigger = [k for k in _children(node) if size(k)[0] > MAX_FOREIGN_NODES]
            if not bigger:
                break
            node = bigger[0]
        raise too_many(path, *_mark(node))


def _shared_nodes(root: yaml.Node) -> set[int]:
    """Collections reached more than once (through aliases): converted once, then shared."""
    import yaml

    seen: set[int] = set()
    shared: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if type(node) is yaml.ScalarNode:
            continue
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        stack.extend(_children(node))
    return shared


class _Converter:
    """Composed YAML nodes to plain values; a node reached through several aliases is shared."""

    def __init__(self, path: str, shared: set[int]) -> None:
        from stele.source.yaml_nodes import resolve_plain

        self.path = path
        self.shared = shared
        self.done: dict[int, Any] = {}
        self.resolve_plain = resolve_plain

    def value(self, node: yaml.Node) -> Any:
        import yaml

        if type(node) is yaml.ScalarNode:
            return self.scalar(node)
        key = id(node)
        if key in self.done:
            return self.done[key]
        if node.tag not in _COLLECTION_TAGS:
            raise self.bad_tag(node)
        result: Any
        if isinstance(node, yaml.SequenceNode):
            result = [self.value(item) for item in node.value]
        else:
            assert isinstance(node, yaml.MappingNode)
            result = self.mapping(node)
        if key in self.shared:
            self.done[key] = result
        return result

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _PLAIN:
            return self.resolve_plain(node.value)
        if node.tag not in _SCALAR_TAGS:
            raise self.bad_tag(node)
        return node.value  # quoted, or tagged explicitly (`!!str 12`)

    def key(self, node: yaml.Node) -> str:
        """A mapping key as JSON has it: the text of a scalar (`200:` is the key "200")."""
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            raise fail(
                PARSE,
                self.path,
                "a mapping key must be a scalar",
                *_mark(node),
                hint="use a plain name as the key",
            )
        if node.tag != _PLAIN and node.tag not in _SCALAR_TAGS:
            raise self.bad_tag(node)
        return str(node.value)

    def mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        import yaml

        result: dict[str, Any] = {}
        merged: list[dict[str, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE or (key_node.tag == _PLAIN and key_node.value == "<<"):
                sources = (
                    value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                )
                for source in sources:
                    if not isinstance(source, yaml.MappingNode):
                        raise fail(
                            PARSE,
                            self.path,
                            "a merge key ('<<') needs a mapping or a list of mappings",
                            *_mark(source),
                            hint="merge an anchored mapping: '<<: *name'",
                        )
                    merged.append(self.value(source))
                continue
            result[self.key(key_node)] = self.value(value_node)
        for source in merged:  # explicit keys win, then earlier merged mappings
            for name, item in source.items():
                result.setdefault(name, item)
        return result

    def bad_tag(self, node: yaml.Node) -> SteleError:
        return fail(
            PARSE,
            self.path,
            f"YAML tag '{node.tag}' is not supported in a foreign document",
            *_mark(node),
            hint="remove the tag",
        )


def key_positions(text: str) -> dict[str, tuple[int, int]]:
    """JSON pointer -> 1-based (line, column) of the key (or list item) holding each value.

    JSON is read as YAML, which keeps the marks of every node. Text YAML cannot compose, or
    that breaks a limit, has no positions: findings then point at the top of the document.
    """
    try:
        root = compose("", text)
    except SteleError:
        return {}
    import yaml

    if root is None:
        return {}
    positions: dict[str, tuple[int, int]] = {"": _mark(root)}
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


class LazyPositions(Mapping[str, tuple[int, int]]):
    """`key_positions(text)`, computed when a finding is first located (most diffs of large
    documents locate nothing, and composing the text again costs as much as reading it)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._positions: dict[str, tuple[int, int]] | None = None

    def _get(self) -> dict[str, tuple[int, int]]:
        if self._positions is None:
            self._positions = key_positions(self._text)
        return self._positions

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        return self._get()[pointer]

    def __iter__(self) -> Iterator[str]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def capped(diagnostics: list[Diagnostic], what: str) -> list[Diagnostic]:
    """At most MAX_REPEATED_DIAGNOSTICS diagnostics per (file, code), then one summary line."""
    kept: list[Diagnostic] = []
    counts: dict[tuple[str, str], int] = {}
    first_dropped: dict[tuple[str, str], Diagnostic] = {}
    for d in diagnostics:
        group = (d.span.file, d.code)
        counts[group] = counts.get(group, 0) + 1
        if counts[group] <= MAX_REPEATED_DIAGNOSTICS:
            kept.append(d)
        else:
            first_dropped.setdefault(group, d)
    for group, d in first_dropped.items():
        more = counts[group] - MAX_REPEATED_DIAGNOSTICS
        kept.append(error(d.code, f"... and {more} more {what} in this file", d.span))
    return kept
