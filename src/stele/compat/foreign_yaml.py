"""Bounded reading of foreign YAML documents: limits, the YAML 1.2 core schema; and
`load_tree`, which reads a foreign JSON or YAML document.

The composed node graph is checked before a value is built: alias cycles are refused, and the
expanded size and depth of every node are computed once, so an alias bomb costs the size of its
text. Scalars are resolved with the YAML 1.2 core schema, as contracts are: dates and times stay
strings, `no` is a string, and every value is JSON-compatible. Tags are refused; merge keys work.
Where each value of a document is: `stele.compat.positions`.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from stele.compat import foreign
from stele.compat.foreign import LIMIT, PARSE, fail, too_deep, too_many
from stele.diagnostics import SteleError
from stele.source.yaml_scalars import resolve_plain
from stele.span import line_column

if TYPE_CHECKING:
    import yaml

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
        line, column = line_column(text, exc.position)
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
            sizes[key] = (min(total, foreign.MAX_FOREIGN_NODES + 1), height + 1)
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

    if height > foreign.MAX_FOREIGN_DEPTH + 1:
        node = root
        for _ in range(foreign.MAX_FOREIGN_DEPTH):
            node = max(_children(node), key=lambda k: size(k)[1])
        raise too_deep(path, *_mark(node))
    if total > foreign.MAX_FOREIGN_NODES:
        node = root
        while True:
            bigger = [k for k in _children(node) if size(k)[0] > foreign.MAX_FOREIGN_NODES]
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


_last: tuple[str, bytes, tuple[str, Any]] | None = None


def load_tree(path: str, data: bytes) -> tuple[str, Any]:
    """(text, value) of a JSON (`.json`) or YAML document, within the limits."""
    global _last
    last, _last = _last, None
    if last is not None and last[0] == path and last[1] == data:
        return last[2]
    text = foreign.decode(path, data)
    loaded = (
        text,
        (foreign.load_json(path, text) if path.endswith(".json") else load_yaml(path, text)),
    )
    _last = path, data, loaded
    return loaded


# -- JSON -------------------------------------------------------------------------------------
