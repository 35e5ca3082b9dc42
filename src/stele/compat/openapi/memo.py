"""One comparison per pair of shared component schemas, however many operations reach it.

An OpenAPI document references the same component schemas from hundreds of operations (Stripe's
error schema from every one, its resources from each other through deep `$ref` chains). The JSON
Schema comparator walks the whole graph below each operation's schema, and asks again below
every union branch it tries (`proves`), so the same pair of components was compared thousands of
times. `SharedComparator` remembers the findings of every pair of `#/components/schemas/...`
nodes it compared, per direction, policy, formats and pair of documents (the request and the
response views are different documents), and replays them when the pair comes again, in any
operation of the same check.

Two modes. The walk that collects an operation's findings does not descend into a pair of
components at all: it links the pair and queues it (`pending`), and `compare_shared` compares
each queued pair on its own, at the top of the stack, once. So the walk's depth is the depth of
one component, however long the chains of `$ref`s between components are (Stripe's expandable
objects reach each other for hundreds of levels; descending into them ran past the comparison's
depth limit, D014), and a `$ref` cycle between components is just two links.

A probe (`proves`: would this branch accept that one?) needs its answer at once: it compares
synchronously and remembers pairs in its own memo. A pair compared while an enclosing pair was
still under way may have been cut short where it met that enclosing pair again (the comparator
assumes a pair met again is compatible, which is right only inside the cycle): such results are
not remembered, so a replay never drops findings.
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
    # The walk's queue of pairs to compare on their own (None: a probe, compare at once).
    pending: dict[Key, tuple[tuple[Node, Node], bool]] | None = None
    probe_memo: Memo = field(default_factory=dict)
    # The walks' pairs from which a finding is reachable (kept up to date as pairs are
    # remembered: expanding an operation's links follows only these), and who links to whom.
    relevant: set[Key] = field(default_factory=set)
    parents: dict[Key, list[Key]] = field(default_factory=dict)
    closures: dict[Key, list[Finding]] = field(default_factory=dict)  # findings below a pair
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
        if self.pending is not None:  # the walk: link the pair, compare it on its own later
            if key not in self.memo:
                self.pending.setdefault(key, (raw, null_settled))
            self._links.append(key)
            return
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
        """The findings of the walk, remembered pairs expanded once each (after `pending` was
        emptied by `compare_shared`)."""
        found = list(self.findings)
        for key in self._links:
            if key in self.relevant:
                found.extend(self._closure(key))
        return found

    def _closure(self, start: Key) -> list[Finding]:
        """The findings of a remembered pair and of every pair it reaches (the entries it
        reaches are complete once the queue is empty, and never change). Pairs in one `$ref`
        cycle share their findings: the strongly connected pairs are found once (Tarjan's
        algorithm, without recursion) and every pair of them keeps the union."""
        if start not in self.closures:
            _strongly_connected(start, self.memo, self.relevant, self.closures)
        return self.closures[start]

    def remember(self, key: Key, raw: tuple[Node, Node], null_settled: bool) -> None:
        """Compare a queued pair on its own (this comparator fresh) and remember what it found."""
        super().compare(*raw, null_settled)
        self.memo[key] = Entry(self.findings, self._links, True)
        for linked in self._links:
            self.parents.setdefault(linked, []).append(key)
        if self.findings or any(k in self.relevant for k in self._links):
            stack = [key]
            while stack:
                current = stack.pop()
                if current not in self.relevant:
                    self.relevant.add(current)
                    stack.extend(self.parents.get(current, ()))

    def proves(self, writer: Node, reader: Node) -> bool:
        probe = SharedComparator(
            self.direction,
            self.writer_set,
            self.reader_set,
            self.policy,
            formats=self.formats,
            memo=self.probe_memo,
            probe_memo=self.probe_memo,
            _parent=self if self.pending is None else None,
        )
        probe._under_way = set(self._under_way)
        probe.depth = self.depth
        probe.compare(writer, reader)
        return not probe.found_any()


def compare_shared(comparator: SharedComparator, writer: Node, reader: Node) -> list[Finding]:
    """The walk of one schema pair, then every pair of components it queued, each compared on
    its own once per check; the findings of all, each once."""
    assert comparator.pending is not None
    comparator.compare(writer, reader)
    pending = comparator.pending
    while pending:
        key, (raw, null_settled) = pending.popitem()
        if key in comparator.memo:
            continue
        own = SharedComparator(
            comparator.direction,
            comparator.writer_set,
            comparator.reader_set,
            comparator.policy,
            formats=comparator.formats,
            memo=comparator.memo,
            pending=pending,
            probe_memo=comparator.probe_memo,
            relevant=comparator.relevant,
            parents=comparator.parents,
            closures=comparator.closures,
        )
        own.remember(key, raw, null_settled)
    return comparator.all_findings()


def _strongly_connected(
    start: Key, memo: Memo, relevant: set[Key], closures: dict[Key, list[Finding]]
) -> None:
    """Fill `closures` for every relevant pair reachable from `start` that lacks one."""
    index: dict[Key, int] = {}
    low: dict[Key, int] = {}
    on_stack: set[Key] = set()
    stack: list[Key] = []
    work: list[tuple[Key, int]] = [(start, 0)]
    while work:
        key, position = work.pop()
        if position == 0:
            index[key] = low[key] = len(index)
            stack.append(key)
            on_stack.add(key)
        links = [k for k in memo[key].links if k in relevant]
        descended = False
        for i in range(position, len(links)):
            linked = links[i]
            if linked in closures:
                continue
            if linked not in index:
                work.append((key, i + 1))
                work.append((linked, 0))
                descended = True
                break
            if linked in on_stack:
                low[key] = min(low[key], index[linked])
        if descended:
            continue
        for linked in links:  # children finished: fold their low links
            if linked in on_stack and linked in low:
                low[key] = min(low[key], low[linked])
        if low[key] != index[key]:
            continue
        members = []
        while True:
            member = stack.pop()
            on_stack.discard(member)
            members.append(member)
            if member == key:
                break
        found: dict[int, Finding] = {}
        for member in members:
            for f in memo[member].findings:
                found[id(f)] = f
            for linked in memo[member].links:
                for f in closures.get(linked, ()):
                    found[id(f)] = f
        union = list(found.values())
        for member in members:
            closures[member] = union
