"""One comparison per pair of shared component schemas, however many operations reach it.

An OpenAPI document references the same component schemas from hundreds of operations (Stripe's
error schema from every one, its resources from each other through deep `$ref` chains). The JSON
Schema comparator walks the whole graph below each operation's schema, and asks again below
every union branch it tries (`proves`), so the same pair of components was compared thousands of
times. `SharedComparator` remembers the findings of every pair of `#/components/schemas/...`
nodes it compared, per direction, policy, formats and pair of documents (the request and the
response views are different documents), and replays them when the pair comes again, in any
operation of the same check.

A pair compared while an enclosing pair was still under way may have been cut short where it
met that enclosing pair again (the comparator assumes a pair met again is compatible, which is
right only inside the cycle): such results are not remembered, so a replay never drops findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stele.compat.jsonschema.compare import Comparator
from stele.compat.jsonschema.loading import Node
from stele.compat.model import Finding

SHARED = "/components/schemas/"

Pair = tuple[tuple[str, str], tuple[str, str]]
Key = tuple[Any, ...]


@dataclass
class Entry:
    """What comparing one pair found: its own findings and the remembered pairs it met."""

    findings: list[Finding]
    links: list[Key]
    nonempty: bool  # a finding here or in a linked pair


Memo = dict[Key, Entry]


@dataclass
class _Frame:
    pair: Pair
    start: int  # where its findings begin in the comparator's list
    links: list[Key] = field(default_factory=list)
    dependent: bool = False
    nonempty: bool = False  # a linked pair has findings


@dataclass
class SharedComparator(Comparator):
    """A JSON Schema comparator that compares each pair of shared components once.

    Remembered pairs are linked, not copied: a pair met along many paths (schema_1 reaches
    schema_9 through three others) adds its findings once when `all_findings` expands the links.
    """

    memo: Memo = field(default_factory=dict)
    _frames: list[_Frame] = field(default_factory=list)
    _links: list[Key] = field(default_factory=list)  # remembered pairs met outside any frame
    _parent: SharedComparator | None = None  # the comparator a probe (`proves`) works for

    def compare(self, writer: Node, reader: Node, null_settled: bool = False) -> None:
        # The comparator's own `compare` dereferences again: it needs the nodes as given (an
        # OpenAPI 3.0 `nullable` beside a reference is said before the reference).
        raw = (writer, reader)
        self.passed_nullable = False
        w = self.deref(writer, self.writer_set)
        nulls = (self.passed_nullable, False)
        self.passed_nullable = False
        r = self.deref(reader, self.reader_set)
        nulls = (nulls[0], self.passed_nullable)
        self.passed_nullable = False
        if not (w.pointer.startswith(SHARED) and r.pointer.startswith(SHARED)):
            super().compare(writer, reader, null_settled)
            return
        pair = (w.key, r.key)
        where = (raw[0].key, raw[1].key) if any(nulls) else None
        key = self._key(pair, (null_settled, nulls, where))
        if key in self.memo:
            self._link(key)
            return
        if pair in self._under_way:
            other = self._key(pair, (not null_settled, nulls, where))
            if other in self.memo and not any(f.pair == pair for f in self._frames):
                self._link(other)  # compared in this walk the other way: once is enough
            else:
                self._cut(pair)
            return
        frame = _Frame(pair, len(self.findings))
        self._frames.append(frame)
        try:
            super().compare(*raw, null_settled)
        finally:
            self._frames.pop()
        if frame.dependent:  # its findings stay inline, its links go to the enclosing frame
            if self._frames:
                self._frames[-1].links.extend(frame.links)
                self._frames[-1].nonempty |= frame.nonempty
            else:
                self._links.extend(frame.links)
            return
        own = self.findings[frame.start :]
        del self.findings[frame.start :]
        self.memo[key] = Entry(own, frame.links, bool(own) or frame.nonempty)
        self._link(key)

    def _key(self, pair: Pair, context: object) -> Key:
        return (
            pair,
            context,
            self.direction,
            self.policy,
            self.formats,
            id(self.writer_set),
            id(self.reader_set),
        )

    def _link(self, key: Key) -> None:
        if not self.memo[key].nonempty:
            return  # nothing to replay: the pair was compatible
        if self._frames:
            self._frames[-1].links.append(key)
            self._frames[-1].nonempty = True
        else:
            self._links.append(key)

    def _cut(self, pair: Pair) -> None:
        """The pair is under way (a cycle) or was compared without being remembered: the
        frames above it (all of them when it is not on the stack) depend on this comparison."""
        for frame in reversed(self._frames):
            if frame.pair == pair:
                return
            frame.dependent = True
        if self._parent is not None:
            self._parent._cut(pair)  # a probe's verdict decides its parent's findings

    def found_any(self) -> bool:
        return bool(self.findings) or bool(self._links)

    def all_findings(self) -> list[Finding]:
        """The findings of the walk, remembered pairs expanded once each."""
        found = list(self.findings)
        seen: set[Key] = set()
        stack = list(reversed(self._links))
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            entry = self.memo[key]
            found.extend(entry.findings)
            stack.extend(reversed(entry.links))
        return found

    def proves(self, writer: Node, reader: Node) -> bool:
        probe = SharedComparator(
            self.direction,
            self.writer_set,
            self.reader_set,
            self.policy,
            formats=self.formats,
            memo=self.memo,
            _parent=self,
        )
        probe._under_way = set(self._under_way)
        probe.depth = self.depth
        probe.compare(writer, reader)
        return not probe.found_any()
