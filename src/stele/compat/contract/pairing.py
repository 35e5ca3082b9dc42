"""Pairing the elements of two versions: by qualified name, and by `renamed_from` for types,
fields and enum symbols; and the base of the differ, which records the changes it finds with
the old side's references to renamed types spelled by their new names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from stele.compat.contract.changes import ContractChange
from stele.ir import ListOf, MapOf, Project, Ref, Span, TypeExpr

T = TypeVar("T")


def pair_names(
    old: Mapping[str, T],
    new: Mapping[str, T],
    previous: Callable[[T], tuple[str, ...]],
    scope: str | None = None,
) -> list[tuple[str | None, str | None]]:
    """(old name, new name) pairs: same name, or a new element `renamed_from` an old one that is
    gone. Qualified elements (`scope` None) read a short previous name as a sibling's; members
    (`scope` "") use it as written."""
    renamed: dict[str, str] = {}  # new -> old
    for name, node in new.items():
        if name in old:
            continue
        for earlier in previous(node):
            if scope is None:  # qualified elements: a short previous name is a sibling's
                here = name.rsplit(".", 1)[0]
                candidates = [earlier, f"{here}.{earlier}"] if "." in earlier else []
                candidates = candidates or [f"{here}.{earlier}"]
            else:
                candidates = [earlier]
            found = next((c for c in candidates if c in old and c not in new), None)
            if found is not None and found not in renamed.values():
                renamed[name] = found
                break
    pairs: list[tuple[str | None, str | None]] = []
    taken = set(renamed.values())
    for name in old:
        if name in new:
            pairs.append((name, name))
        elif name not in taken:
            pairs.append((name, None))
    for name in new:
        if name not in old:
            pairs.append((renamed.get(name), name))
    return pairs


def renamed_from(node: object) -> tuple[str, ...]:
    found = getattr(node, "renamed_from", ())
    return found if isinstance(found, tuple) else ()


class Pairing:
    """Both versions, their paired types, and the changes found so far."""

    def __init__(self, old: Project, new: Project) -> None:
        self.old = old
        self.new = new
        self.out: list[ContractChange] = []
        self.type_pairs = pair_names(old.types, new.types, renamed_from)
        # Old type name -> new type name, so a reference to a renamed type is not a type change.
        self.renames = {o: n for o, n in self.type_pairs if o and n and o != n}

    def emit(
        self,
        element: str,
        kind: str,
        old: str | None,
        new: str | None,
        old_span: Span | None,
        new_span: Span | None,
        /,
        **detail: object,
    ) -> None:
        self.out.append(ContractChange(element, kind, old, new, old_span, new_span, detail))

    def norm(self, t: TypeExpr) -> TypeExpr:
        """An old type expression with renamed types spelled by their new names."""
        if isinstance(t, Ref):
            return Ref(self.renames.get(t.name, t.name))
        if isinstance(t, ListOf):
            return ListOf(self.norm(t.item))
        if isinstance(t, MapOf):
            return MapOf(self.norm(t.value))
        return t

    def norm_name(self, name: str | None) -> str | None:
        return None if name is None else self.renames.get(name, name)


def union_keys(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    """The names of both sides: the old ones in order, then those only the new side has."""
    return [*old, *(k for k in new if k not in old)]
