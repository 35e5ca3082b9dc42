"""How many nodes a composed YAML document becomes once its aliases are expanded, counted on the
composed graph (each node once), so that an alias bomb is refused without expanding it.

PyYAML composes `&a [...]` once and every `*a` as the same node object: the graph is as small as
the text, while the tree it stands for may hold 10^9 nodes. The reader (`yaml_nodes._Reader`)
counts the nodes it builds and stops past its limit; this module finds, before the reader builds
anything, the node at which that count would pass the limit: the same node, so the diagnostic is
the same, at a cost linear in the text instead of in the limit.
"""

from __future__ import annotations

import yaml


def children(node: yaml.Node) -> list[yaml.Node]:
    """A node's children in the reader's order: the items of a sequence, each key then its
    value of a mapping."""
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def expanded_sizes(root: yaml.Node, cap: int) -> dict[int, int] | None:
    """The expanded size of every node of the graph, by `id`, counted up to `cap + 1`; None for a
    graph with a cycle (`&a [*a]`), which the reader refuses by its depth limit."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_nodes.discard(key)
            total = 1
            for child in children(node):
                total = min(total + sizes[id(child)], cap + 1)
            sizes[key] = total
        elif key in open_nodes:
            return None
        elif key not in sizes:
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children(node))
    return sizes


def overflow_node(root: yaml.Node, cap: int) -> yaml.Node | None:
    """The node at which the reader, building the tree in document order and counting every node,
    would pass `cap` nodes; None when the expanded document has at most `cap` (or a cycle)."""
    sizes = expanded_sizes(root, cap)
    if sizes is None or sizes[id(root)] <= cap:
        return None
    budget, node = cap, root
    while True:
        budget -= 1  # the node itself
        if budget < 0:
            return node
        for child in children(node):
            if sizes[id(child)] > budget:
                node = child
                break
            budget -= sizes[id(child)]
