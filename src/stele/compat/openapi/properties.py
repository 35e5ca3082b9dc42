"""The properties of two schemas paired by name, for the checks the JSON Schema comparison does
not make: a request property removed from an object that stays open (no document becomes
invalid, yet clients lose what they send) and a property newly `deprecated` (an annotation).

The walk follows `properties`, `items`, same-index `allOf`/`anyOf`/`oneOf` members and local
`$ref`s. Each pair of schemas is walked once per check; an operation's events are the events of
the pairs it reaches, gathered by following the remembered links (each pair once).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from stele.compat.apidocs import Document, child

Key = tuple[int, int, str, str]
MAX_DEPTH = 100  # nested schemas walked below an operation's schema (recursion stays bounded)


@dataclass(frozen=True)
class Event:
    kind: str  # "removed" | "deprecated"
    name: str
    old: str  # pointer of the property (old document)
    new: str  # pointer of the property (new document), or of the object that lost it


@dataclass
class _Entry:
    events: list[Event] = field(default_factory=list)
    links: list[Key] = field(default_factory=list)


@dataclass
class PropertyWalk:
    memo: dict[Key, _Entry] = field(default_factory=dict)
    gathered: dict[Key, list[Event]] = field(default_factory=dict)  # by the pair walked from
    # The pairs from which some event is reachable, kept up to date as the walk links pairs:
    # gathering follows only these (events are rare; shared schemas are many).
    relevant: set[Key] = field(default_factory=set)
    parents: dict[Key, list[Key]] = field(default_factory=dict)

    def events(self, old: Document, old_ptr: str, new: Document, new_ptr: str) -> list[Event]:
        """The events below two schemas, each pair of schemas counted once. Operations share
        their schemas (the same component behind each `$ref`): the events are gathered once
        per pair they start from."""
        start = self._walk(old, old_ptr, new, new_ptr)
        if start not in self.gathered:
            self.gathered[start] = self._gather(start)
        return self.gathered[start]

    def _gather(self, start: Key) -> list[Event]:
        found: list[Event] = []
        seen: set[Key] = set()
        stack = [start] if start in self.relevant else []
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            entry = self.memo[key]
            found.extend(entry.events)
            stack.extend(k for k in entry.links if k in self.relevant)
        return found

    def _mark(self, key: Key) -> None:
        """`key` reaches an event, and so does every pair that links to it."""
        stack = [key]
        while stack:
            current = stack.pop()
            if current not in self.relevant:
                self.relevant.add(current)
                stack.extend(self.parents.get(current, ()))

    def _link(self, parent: Key, key: Key) -> None:
        self.memo[parent].links.append(key)
        self.parents.setdefault(key, []).append(parent)
        if key in self.relevant:
            self._mark(parent)

    def _event(self, key: Key, event: Event) -> None:
        self.memo[key].events.append(event)
        self._mark(key)

    def _walk(
        self, old: Document, old_ptr: str, new: Document, new_ptr: str, depth: int = 0
    ) -> Key:
        old_ptr, old_node = old.resolve(old_ptr)
        new_ptr, new_node = new.resolve(new_ptr)
        key = (id(old), id(new), old_ptr, new_ptr)
        if key in self.memo:
            return key
        self.memo[key] = _Entry()
        if depth >= MAX_DEPTH or not (isinstance(old_node, dict) and isinstance(new_node, dict)):
            return key  # past MAX_DEPTH nested schemas the walk stops (documented)
        for o, n in _pairs(old_node, old_ptr, new_node, new_ptr):
            self._link(key, self._walk(old, o, new, n, depth + 1))
        old_props, new_props = _props(old_node), _props(new_node)
        for name in old_props:
            o = child(old_ptr, "properties", name)
            if name not in new_props:
                if _open(new_node):
                    self._event(key, Event("removed", name, o, new_ptr))
                continue
            n = child(new_ptr, "properties", name)
            _, old_value = old.resolve(o)
            _, new_value = new.resolve(n)
            if _deprecated(new_value) and not _deprecated(old_value):
                self._event(key, Event("deprecated", name, o, n))
            self._link(key, self._walk(old, o, new, n, depth + 1))
        return key


def _props(node: dict[str, Any]) -> dict[str, Any]:
    props = node.get("properties")
    return props if isinstance(props, dict) else {}


def _pairs(
    old: dict[str, Any], old_ptr: str, new: dict[str, Any], new_ptr: str
) -> Iterator[tuple[str, str]]:
    if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
        yield child(old_ptr, "items"), child(new_ptr, "items")
    for keyword in ("allOf", "anyOf", "oneOf"):
        a, b = old.get(keyword), new.get(keyword)
        if isinstance(a, list) and isinstance(b, list):
            for index in range(min(len(a), len(b))):
                yield child(old_ptr, keyword, index), child(new_ptr, keyword, index)


def _open(node: dict[str, Any]) -> bool:
    """Whether an object accepts any undeclared property (no additionalProperties or
    unevaluatedProperties that constrains it)."""
    for keyword in ("additionalProperties", "unevaluatedProperties"):
        if keyword in node and node[keyword] not in (True, {}):
            return False
    return True


def _deprecated(node: Any) -> bool:
    return isinstance(node, dict) and node.get("deprecated") is True
