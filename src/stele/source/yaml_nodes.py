"""Safe YAML reading into a small node tree that keeps the position of every node.

PyYAML composes the document (no object construction, so no tags can run code); this module
turns the composed graph into plain nodes while enforcing limits on file size, nesting depth and
alias expansion, rejecting duplicate keys and explicit tags, and resolving plain scalars with the
YAML 1.2 core schema (so `NO` stays a string and `2024-01-01` is not a date object).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import yaml

from stele.diagnostics import SteleError, error
from stele.ir import Span, Value
from stele.source.yaml_expansion import overflow_node
from stele.source.yaml_scalars import Scalar as Scalar
from stele.source.yaml_scalars import resolve_plain as resolve_plain
from stele.span import line_column

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000


@dataclass(frozen=True)
class YScalar:
    value: Scalar
    span: Span
    quoted: bool = False


@dataclass(frozen=True)
class YSeq:
    items: tuple[YNode, ...]
    span: Span


@dataclass(frozen=True)
class YMap:
    items: tuple[tuple[YScalar, YNode], ...]
    span: Span

    def get(self, key: str) -> YNode | None:
        for k, v in self.items:
            if k.value == key:
                return v
        return None

    def keys(self) -> list[str]:
        return [str(k.value) for k, _ in self.items]


YNode: TypeAlias = YScalar | YSeq | YMap

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:value",
}


class _Reader:
    def __init__(self, file: str) -> None:
        self.file = file
        self.nodes = 0

    def span(self, node: yaml.Node) -> Span:
        mark = node.start_mark
        return Span(self.file, mark.line + 1, mark.column + 1)

    def too_many(self, node: yaml.Node) -> SteleError:
        """S003 at the node past the limit (found ahead by `yaml_expansion.overflow_node`)."""
        return SteleError(
            [
                error(
                    "S003",
                    f"the document expands to more than {MAX_NODES} nodes",
                    self.span(node),
                    "aliases that expand exponentially are rejected; write the values out",
                )
            ]
        )

    def convert(self, node: yaml.Node, depth: int) -> YNode:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.too_many(node)
        if depth > MAX_DEPTH:
            raise SteleError(
                [
                    error(
                        "S003",
                        f"the document nests deeper than {MAX_DEPTH} levels",
                        self.span(node),
                        "flatten the structure",
                    )
                ]
            )
        if node.tag not in _ALLOWED_TAGS:
            raise SteleError(
                [
                    error(
                        "S004",
                        f"YAML tag '{node.tag}' is not allowed in contract files",
                        self.span(node),
                        "remove the tag; contract files hold plain maps, lists and scalars",
                    )
                ]
            )
        if isinstance(node, yaml.ScalarNode):
            quoted = node.style not in (None, "")
            value: Scalar = node.value if quoted else resolve_plain(node.value)
            if node.tag == "tag:yaml.org,2002:str":
                value = node.value
            return YScalar(value, self.span(node), quoted)
        if isinstance(node, yaml.SequenceNode):
            return YSeq(tuple(self.convert(n, depth + 1) for n in node.value), self.span(node))
        assert isinstance(node, yaml.MappingNode)
        items: list[tuple[YScalar, YNode]] = []
        seen: dict[Scalar, Span] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise SteleError(
                    [
                        error(
                            "S004",
                            "YAML merge keys ('<<') are not supported in contract files",
                            self.span(key_node),
                            "write the keys out",
                        )
                    ]
                )
            key = self.convert(key_node, depth + 1)
            if not isinstance(key, YScalar):
                raise SteleError(
                    [
                        error(
                            "S005",
                            "a mapping key must be a scalar",
                            key.span,
                            "use a plain name as the key",
                        )
                    ]
                )
            if key.value in seen:
                first = seen[key.value]
                raise SteleError(
                    [
                        error(
                            "S002",
                            f"duplicate key '{key.value}' (first at line {first.line})",
                            key.span,
                            "remove or rename one of the two entries",
                        )
                    ]
                )
            seen[key.value] = key.span
            items.append((key, self.convert(value_node, depth + 1)))
        return YMap(tuple(items), self.span(node))


def read_bounded(path: Path, file: str) -> bytes:
    """The bytes of a file, read no further than the size limit: a larger file is S003 after
    reading 4 MiB, not its whole size. Raises OSError when it cannot be read."""
    with path.open("rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(file)
    return data


def _too_large(file: str) -> SteleError:
    return SteleError(
        [
            error(
                "S003",
                f"file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB",
                Span(file, 1, 1),
                "split the contracts into several files",
            )
        ]
    )


def parse_yaml(text: str, file: str) -> YNode | None:
    """Parse one YAML document into nodes. Raises SteleError with a located diagnostic."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _too_large(file)
    try:
        documents = list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            # The end of the file is no help: point at the quote that is never closed.
            mark, problem = exc.context_mark, "a quoted value is never closed"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if mark and text[mark.index : mark.index + 1] == "\t":
            problem = "a tab character cannot indent or start a value"
        if "maximum nesting depth" in problem:
            # libyaml's own depth limit: the same finding as ours in _Reader.convert.
            raise SteleError(
                [
                    error(
                        "S003",
                        "the document nests too deeply",
                        Span(file, line, col),
                        "flatten the structure",
                    )
                ]
            ) from None
        raise SteleError(
            [
                error(
                    "S001",
                    f"YAML syntax error: {problem}",
                    Span(file, line, col),
                    _yaml_hint(problem),
                )
            ]
        ) from None
    except yaml.reader.ReaderError as exc:
        # A control character such as NUL: locate it by its offset in the text.
        line, col = line_column(text, exc.position)
        raise SteleError(
            [
                error(
                    "S001",
                    f"YAML syntax error: control character #x{exc.character:04x} is not allowed",
                    Span(file, line, col),
                    "remove the character, or write it as an escape in a double-quoted string",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise SteleError([error("S001", f"YAML error: {exc}", Span(file, 1, 1))]) from None
    except RecursionError:
        raise _too_deep(file) from None
    if not documents:
        return None
    if len(documents) > 1:
        second = documents[1]
        raise SteleError(
            [
                error(
                    "S006",
                    "a contract file holds one YAML document",
                    Span(file, second.start_mark.line + 1, second.start_mark.column + 1),
                    "move the second document ('---') into a file of its own",
                )
            ]
        )
    too_many = overflow_node(documents[0], MAX_NODES)
    if too_many is not None:
        raise _Reader(file).too_many(too_many)
    try:
        return _Reader(file).convert(documents[0], 0)
    except RecursionError:
        raise _too_deep(file) from None


def _too_deep(file: str) -> SteleError:
    return SteleError(
        [error("S003", "the document nests too deeply", Span(file, 1, 1), "flatten the structure")]
    )


def _yaml_hint(problem: str) -> str:
    if "tab" in problem:
        return "indent with spaces, not tabs"
    if "quoted value is never closed" in problem:
        return "close the quote, or escape a quote inside the value"
    if "mapping values are not allowed" in problem:
        return "quote values that contain ': ', or fix the indentation"
    if "could not find expected ':'" in problem:
        return "a key needs a ':' after it; check the indentation of this line"
    return "check the indentation and quoting around this position"


def to_value(node: YNode) -> Value:
    """The plain value of a node (for defaults, examples and headers)."""
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSeq):
        return [to_value(n) for n in node.items]
    return {str(k.value): to_value(v) for k, v in node.items}


def describe(node: YNode) -> str:
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    v = node.value
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, int):
        return "an integer"
    if isinstance(v, float):
        return "a number"
    return f"the string '{v}'"
