"""The lock entries of imported types: Protobuf field, enum and variant numbers, and the small
reservations, merged into the project's lock (docs/import.md)."""

from __future__ import annotations

from stele.importer.model import IEnum, Imported, IRecord, IType
from stele.lock import LockFile, TypeLock, dump_lock


def imported_lock(imported: Imported, current: LockFile | None, force: bool = False) -> str:
    lock = LockFile(dict(current.types)) if current is not None else LockFile()
    for pkg in imported.packages.values():
        for t in pkg.types.values():
            _add(lock, f"{pkg.name}.{t.name}", t, force)
    return dump_lock(lock)


def _add(lock: LockFile, qualified: str, t: IType, force: bool) -> None:
    if isinstance(t, IRecord):
        entry = TypeLock("record", {f.name: f.number for f in t.fields if f.number is not None})
        entry.reserved_numbers, entry.reserved_names = (
            set(t.lock_reserved),
            set(t.lock_reserved_names),
        )
        for inner in t.nested.values():
            _add(lock, f"{qualified}.{inner.name}", inner, force)
    elif isinstance(t, IEnum):
        entry = TypeLock("enum", {s.name: s.number for s in t.symbols if s.number is not None})
        entry.reserved_numbers, entry.reserved_names = (
            set(t.lock_reserved),
            set(t.lock_reserved_names),
        )
    else:
        entry = TypeLock("union", {v.name: v.number for v in t.variants if v.number is not None})
    if not entry.numbers and not entry.reserved_numbers and not entry.reserved_names:
        return
    if qualified in lock.types and not force:
        return
    lock.types[qualified] = entry
