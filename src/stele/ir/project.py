"""A whole contract project: its packages, types, messages, channels and services."""

from __future__ import annotations

from dataclasses import dataclass

from stele.ir.services import Channel, Message, Operation, Service
from stele.ir.types import NamedType, Record, Union, named_refs
from stele.span import Span


@dataclass(frozen=True)
class Package:
    name: str
    file: str
    span: Span
    doc: str = ""


@dataclass(frozen=True)
class Project:
    """Everything loaded from a contract project, keyed by qualified name, in declaration order."""

    packages: dict[str, Package]
    types: dict[str, NamedType]
    messages: dict[str, Message]
    channels: dict[str, Channel]
    services: dict[str, Service]

    def record(self, name: str) -> Record:
        t = self.types[name]
        assert isinstance(t, Record), name
        return t

    def in_package(self, package: str) -> list[NamedType]:
        return [t for t in self.types.values() if t.package == package]

    def operations(self) -> list[Operation]:
        return [op for s in self.services.values() for op in s.operations]

    def reachable_types(self, roots: list[str]) -> list[str]:
        """The named types reachable from `roots` (themselves included), in declaration order."""
        seen: set[str] = set()
        pending = list(roots)
        while pending:
            name = pending.pop()
            if name in seen or name not in self.types:
                continue
            seen.add(name)
            named = self.types[name]
            if isinstance(named, Record):
                pending += [n for f in named.fields for n in named_refs(f.type)]
            elif isinstance(named, Union):
                pending += [v.type.name for v in named.variants]
        return [name for name in self.types if name in seen]
