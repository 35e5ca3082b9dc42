"""The alias-bomb count ahead of the reader (stele.source.yaml_expansion): the node it names is the
node at which counting the expanded tree in document order passes the limit, found without
expanding it."""

from __future__ import annotations

import yaml
from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from stele.source.yaml_expansion import children, overflow_node


def _composed(text: str) -> yaml.Node:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    assert root is not None
    return root


def _walked(root: yaml.Node, cap: int) -> yaml.Node | None:
    """The reference: expand the tree in document order, node by node, and stop past `cap`."""
    seen = 0
    stack = [root]
    while stack:
        node = stack.pop()
        seen += 1
        if seen > cap:
            return node
        stack.extend(reversed(children(node)))
    return None


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """Lists and maps that alias earlier anchors, a few levels of them."""
    lines: list[str] = []
    for i in range(draw(st.integers(1, 5))):
        parts = []
        for j in range(draw(st.integers(1, 4))):
            if i and draw(st.booleans()):
                parts.append(f"*a{draw(st.integers(0, i - 1))}")
            else:
                parts.append(f"v{j}")
        if draw(st.booleans()):
            body = "[" + ", ".join(parts) + "]"
        else:
            body = "{" + ", ".join(f"k{j}: {p}" for j, p in enumerate(parts)) + "}"
        lines.append(f"a{i}: &a{i} {body}")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(200))
@given(_documents(), st.integers(1, 120))
def test_the_node_past_the_limit_is_the_one_the_expansion_reaches(text: str, cap: int) -> None:
    root = _composed(text)
    assert overflow_node(root, cap) is _walked(root, cap)


def test_a_billion_laughs_is_found_on_the_composed_graph() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    root = _composed("\n".join(lines) + "\n")
    node = overflow_node(root, 200_000)
    assert node is not None
    assert (node.start_mark.line, node.start_mark.column, node.value) == (0, 15, "x")


def test_a_cycle_is_left_to_the_reader_and_a_small_document_passes() -> None:
    cyclic = _composed("a: &a [*a]\n")
    assert overflow_node(cyclic, 10) is None
    small = _composed("a: [1, 2]\n")
    assert overflow_node(small, 5) is None  # map, key, list, two items
    assert overflow_node(small, 4) is not None
