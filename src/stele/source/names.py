"""The table of declared names and how a reference written in a file is resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from stele.ir import Span


class Kind(StrEnum):
    TYPE = "type"
    MESSAGE = "message"
    CHANNEL = "channel"
    SERVICE = "service"
    OPERATION = "operation"


@dataclass
class NameTable:
    declared: dict[Kind, dict[str, Span]] = field(
        default_factory=lambda: {kind: {} for kind in Kind}
    )
    folded: dict[Kind, dict[str, tuple[str, Span]]] = field(default_factory=dict)
    # Files that could not be read (their package unknown) and packages whose file's top level
    # is broken: names they would declare are missing, and unresolved references to them are
    # follow-on errors of the file's own error, not reported (see `suspect`).
    unread: bool = False
    broken: set[str] = field(default_factory=set)
    packages: dict[str, str] = field(default_factory=dict)  # package -> the file declaring it

    def declare(self, kind: Kind, name: str, span: Span) -> Span | None:
        """Record a declaration; returns the span of an earlier one of the same name."""
        for other in (Kind.TYPE, Kind.MESSAGE) if kind in (Kind.TYPE, Kind.MESSAGE) else (kind,):
            if name in self.declared[other]:
                return self.declared[other][name]
        self.declared[kind][name] = span
        return None

    def case_twin(self, kind: Kind, name: str, span: Span) -> tuple[str, Span] | None:
        """Record a declaration under its lower-case name; returns an earlier declaration whose
        name differs from this one only in case. Generated files are named after types,
        messages and services (`Order.schema.json`, `ORDER.schema.json`): on a case-insensitive
        file system one would overwrite the other."""
        group = Kind.TYPE if kind is Kind.MESSAGE else kind
        folded = self.folded.setdefault(group, {})
        earlier = folded.setdefault(name.lower(), (name, span))
        return earlier if earlier[0] != name else None

    def resolve(self, kind: Kind, text: str, package: str, scope: str | None = None) -> str | None:
        """Resolve `text` seen in `package` (inside the named type `scope`, if any)."""
        names = self.declared[kind]
        if scope:
            parts = scope.split(".")
            # Walk from the innermost enclosing type out to the package.
            while len(parts) > len(package.split(".")):
                candidate = ".".join([*parts, text])
                if candidate in names:
                    return candidate
                parts.pop()
        local = f"{package}.{text}"
        if local in names:
            return local
        if text in names:
            return text
        return None

    def candidates(self, kind: Kind, package: str) -> list[str]:
        """Names a user could have meant: short names in the package, qualified elsewhere."""
        out = []
        for name in self.declared[kind]:
            prefix = package + "."
            out.append(name[len(prefix) :] if name.startswith(prefix) else name)
        return out

    def suspect(self, text: str, package: str) -> bool:
        """Whether `text`, unresolved in `package`, may be declared by a file that did not load
        whole: qualified into a broken package, written in one, or qualified into a package no
        file read declares while a file was not read. Its error would follow from that file's."""
        owner = next((p for p in self.packages if text.startswith(p + ".")), None)
        if owner is not None:
            return owner in self.broken
        if package in self.broken:
            return True
        return self.unread and "." in text and text[:1].islower()

    def missing_hint(self, kind: Kind, text: str, package: str) -> str:
        """The hint for an unresolved `text` with no spelling suggestion: a qualified name names
        its package (missing, or declaring no such name) and the files that declare packages;
        a short one is declared here or qualified, with an example from this project."""
        if "." in text and text[:1].islower():
            parts = text.split(".")
            owner = ".".join(p for p in parts[:-1] if p[:1].islower()) or parts[0]
            if owner in self.packages:
                return (
                    f"package '{owner}' ({self.packages[owner]}) declares no {kind} '{parts[-1]}'"
                )
            files = sorted(set(self.packages.values()))
            shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
            where = f"packages are declared by {shown}" if files else "no file declares a package"
            return f"no contract file declares package '{owner}' ({where}): add it to the sources"
        section = "types" if kind is Kind.TYPE else f"{kind}s"
        others = sorted(n for n in self.declared[kind] if not n.startswith(package + "."))
        example = f" such as {others[0]}" if others else ""
        return f"declare it under '{section}:' or use a qualified name{example}"
