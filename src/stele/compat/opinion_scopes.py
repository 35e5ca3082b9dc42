"""What an opinion's element reaches, for comparing the opinions of `stele check`.

The contract judges name the element that changed (`Payment.voucher`, `Item.size`); an artifact
checker names what its format shows (the Avro union of the field `Item.payment` that holds
Payment, the new record `Dimension` that `Item.size` now refers to). Both speak of the same break.
An element's scope is the element itself, the named types a field holds (in either version), and
the places that hold its enclosing type: the fields and union variants of that type, the messages
whose body reaches it, the operations that carry it. Two opinions are about the same change when
their scopes meet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from stele.compat.contract.holders import Holders
from stele.ir import Project, Record, Union, named_refs


def related(a: str, b: str) -> bool:
    """One element is the other, holds it or is held by it (by qualified name)."""
    if not a or not b:
        return False
    return a == b or a.startswith(b + ".") or b.startswith(a + ".")


@dataclass
class Scopes:
    """Element scopes over both versions of a project."""

    projects: tuple[Project, ...]
    _cache: dict[str, frozenset[str]] = field(default_factory=dict)
    _holders: list[Holders] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._holders = [Holders(p) for p in self.projects]

    def of(self, element: str) -> frozenset[str]:
        if element not in self._cache:
            self._cache[element] = frozenset(self._compute(element)) if element else frozenset()
        return self._cache[element]

    def meet(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """Whether some element of one scope is, holds or is held by one of the other's."""
        left = {n for name in a for n in self.of(name)}
        right = {n for name in b for n in self.of(name)}
        right_prefixes = {p for y in right for p in _prefixes(y)}
        return any(x in right_prefixes or not right.isdisjoint(_prefixes(x)) for x in left)

    def _compute(self, element: str) -> set[str]:
        out = {element}
        for project, holders in zip(self.projects, self._holders, strict=True):
            out.update(_field_types(project, element))
            out.update(_exchange(project, element))
            owner = _enclosing_type(project, element)
            if owner is None:
                continue
            holding = holders.holding(owner)
            out.update(holding.messages, holding.requests, holding.responses)
            out.update(holding.channels, holding.operations)
            out.update(_places_holding(project, owner))
        return out


def _exchange(project: Project, element: str) -> set[str]:
    """An asynchronous operation with its messages and channels; a message or channel with the
    operations that send, receive or answer with it."""
    out: set[str] = set()
    for op in project.operations():
        parts = {op.message, op.channel, op.reply, op.reply_channel} - {None}
        if element == op.qualified_name:
            out.update(p for p in parts if p is not None)
        elif element in parts:
            out.add(op.qualified_name)
    return out


def _enclosing_type(project: Project, element: str) -> str | None:
    """The named type that is `element` or declares it (a field, symbol or variant)."""
    parts = element.split(".")
    for cut in range(len(parts), 0, -1):
        name = ".".join(parts[:cut])
        if name in project.types:
            return name
    return None


def _field_types(project: Project, element: str) -> list[str]:
    owner, _, member = element.rpartition(".")
    record = project.types.get(owner)
    if isinstance(record, Record):
        for f in record.fields:
            if f.name == member:
                return named_refs(f.type)
    if isinstance(record, Union):
        for v in record.variants:
            if v.name == member:
                return [v.type.name]
    return []


def _places_holding(project: Project, type_name: str) -> list[str]:
    """The fields and union variants whose type refers to `type_name` directly."""
    out: list[str] = []
    for t in project.types.values():
        if isinstance(t, Record):
            out += [f"{t.name}.{f.name}" for f in t.fields if type_name in named_refs(f.type)]
        elif isinstance(t, Union):
            out += [f"{t.name}.{v.name}" for v in t.variants if v.type.name == type_name]
    return out


def _prefixes(name: str) -> list[str]:
    """`a.b.c` -> `a`, `a.b`, `a.b.c`."""
    parts = name.split(".")
    return [".".join(parts[:cut]) for cut in range(1, len(parts) + 1)]
