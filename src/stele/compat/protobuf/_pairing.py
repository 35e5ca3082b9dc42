"""Pairing old and new declarations, once per comparison.

Files pair by path; messages, enums and services by full name; fields by number AND by name (a
field keeping its name under a new number is a move, not a removal plus an addition); enum
values the same way; methods by name. Rules only judge the pairs made here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from stele.compat.protobuf import _decls as decls
from stele.compat.protobuf._descriptors import (
    EnumDecl,
    EnumValueDecl,
    FieldDecl,
    FileDecl,
    MessageDecl,
    MethodDecl,
    ProtoSchema,
    ServiceDecl,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Pair(Generic[T]):
    old: T
    new: T


@dataclass(frozen=True)
class Members(Generic[T]):
    """The members (fields or enum values) of a matched container, paired by number and name."""

    same_number: tuple[Pair[T], ...]
    number_moved: tuple[Pair[T], ...]  # same name, another number
    removed: tuple[T, ...]  # number gone, and the name did not move to another number
    added: tuple[T, ...]  # number new, and the name was not under another number before


@dataclass(frozen=True)
class MessagePair:
    old: MessageDecl
    new: MessageDecl
    fields: Members[FieldDecl]


@dataclass(frozen=True)
class EnumPair:
    old: EnumDecl
    new: EnumDecl
    values: Members[EnumValueDecl]


@dataclass(frozen=True)
class ServicePair:
    old: ServiceDecl
    new: ServiceDecl
    methods: tuple[Pair[MethodDecl], ...]
    removed: tuple[MethodDecl, ...]


@dataclass(frozen=True)
class Pairing:
    old: ProtoSchema
    new: ProtoSchema
    files: tuple[Pair[FileDecl], ...]
    removed_files: tuple[FileDecl, ...]
    messages: tuple[MessagePair, ...]
    removed_messages: tuple[MessageDecl, ...]
    enums: tuple[EnumPair, ...]
    removed_enums: tuple[EnumDecl, ...]
    services: tuple[ServicePair, ...]
    removed_services: tuple[ServiceDecl, ...]
    # Extensions pair by extended message and number, as buf pairs them for the field rules.
    extensions: tuple[Pair[FieldDecl], ...] = ()


@lru_cache(maxsize=4)
def pair(old: ProtoSchema, new: ProtoSchema) -> Pairing:
    """Pair two schemas (cached: a FULL check pairs once for both directions).

    A declaration of a file unchanged on both sides, its imports too (`ProtoSchema.unchanged`),
    is the same record on both: it is not paired, since no rule can find anything in it (every
    rule over a pair compares the two records and the types they reach through imports). It
    still counts as present, so nothing in it is reported removed. A message declared alike on
    both sides of a changed file (`ProtoSchema.alike`: the same descriptor, in the same file
    context, with the enums its fields name alike too) is left unpaired for the same reason."""
    same = old.unchanged & new.unchanged if decls.SKIP_UNCHANGED else frozenset()
    alike = old.alike & new.alike if decls.SKIP_UNCHANGED else frozenset()
    messages, enums, services = [], [], []
    for name, message in old.messages.items():
        twin = new.messages.get(name)
        if (
            twin is not None
            and not (twin is message and message.file in same)
            and name not in alike
        ):
            messages.append(MessagePair(message, twin, _members(message.fields, twin.fields)))
    for name, enum in old.enums.items():
        other = new.enums.get(name)
        if other is not None and not (other is enum and enum.file in same):
            enums.append(EnumPair(enum, other, _members(enum.values, other.values)))
    for name, service in old.services.items():
        theirs = new.services.get(name)
        if theirs is not None and not (theirs is service and service.file in same):
            services.append(_service_pair(service, theirs))
    return Pairing(
        old=old,
        new=new,
        files=tuple(Pair(f, new.files[p]) for p, f in old.files.items() if p in new.files),
        removed_files=tuple(f for p, f in old.files.items() if p not in new.files),
        messages=tuple(messages),
        removed_messages=tuple(m for n, m in old.messages.items() if n not in new.messages),
        enums=tuple(enums),
        removed_enums=tuple(e for n, e in old.enums.items() if n not in new.enums),
        services=tuple(services),
        removed_services=tuple(s for n, s in old.services.items() if n not in new.services),
        extensions=_extension_pairs(old, new, same),
    )


def _extension_pairs(
    old: ProtoSchema, new: ProtoSchema, same: frozenset[str]
) -> tuple[Pair[FieldDecl], ...]:
    by_key = {(e.extendee, e.number): e for e in new.extensions.values()}
    pairs = []
    for extension in old.extensions.values():
        twin = by_key.get((extension.extendee, extension.number))
        if twin is not None and not (twin is extension and extension.location.path in same):
            pairs.append(Pair(extension, twin))
    return tuple(pairs)


M = TypeVar("M", FieldDecl, EnumValueDecl)


def _members(old: Sequence[M], new: Sequence[M]) -> Members[M]:
    new_by_number: dict[int, list[M]] = {}
    for member in new:
        new_by_number.setdefault(member.number, []).append(member)
    old_numbers = {m.number for m in old}
    old_names = {m.name: m for m in old}
    new_names = {m.name: m for m in new}
    same_number = []
    for member in old:
        candidates = new_by_number.get(member.number, [])
        if candidates:
            # Enum aliases share a number: prefer the alias with the same name.
            match = next((c for c in candidates if c.name == member.name), candidates[0])
            same_number.append(Pair(member, match))
    number_moved = tuple(
        Pair(m, new_names[m.name])
        for m in old
        if m.name in new_names and new_names[m.name].number != m.number
    )
    moved_names = {p.old.name for p in number_moved}
    return Members(
        same_number=tuple(same_number),
        number_moved=number_moved,
        removed=tuple(
            m for m in old if m.number not in new_by_number and m.name not in moved_names
        ),
        added=tuple(
            m
            for m in new
            if m.number not in old_numbers
            and not (m.name in old_names and old_names[m.name].number != m.number)
        ),
    )


def _service_pair(old: ServiceDecl, new: ServiceDecl) -> ServicePair:
    new_methods = {m.name: m for m in new.methods}
    return ServicePair(
        old,
        new,
        tuple(Pair(m, new_methods[m.name]) for m in old.methods if m.name in new_methods),
        tuple(m for m in old.methods if m.name not in new_methods),
    )
