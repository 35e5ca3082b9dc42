"""The differ of named types: records and their fields, enums and their symbols, unions and
their variants, each type's reservations and deprecation."""

from __future__ import annotations

from stele.compat.contract.changes import (
    deprecated_text,
    field_type_text,
    relation_text,
    type_kind,
    value_text,
)
from stele.compat.contract.pairing import Pairing, pair_names, renamed_from
from stele.ir import Enum, EnumSymbol, Field, NamedType, Record, Reserved, Union, Variant, type_text


class TypeDiff(Pairing):
    """The changes of the paired types."""

    def types(self) -> None:
        for o, n in self.type_pairs:
            before = self.old.types[o] if o else None
            after = self.new.types[n] if n else None
            if before is None and after is not None:
                self.emit(after.name, "type-added", None, type_kind(after), None, after.span)
            elif after is None and before is not None:
                self.emit(before.name, "type-removed", type_kind(before), None, before.span, None)
            elif before is not None and after is not None:
                self.type_pair(before, after)

    def type_pair(self, old: NamedType, new: NamedType) -> None:
        spans = (old.span, new.span)
        if old.name != new.name:
            self.emit(new.name, "type-renamed", old.name, new.name, *spans)
        if type_kind(old) != type_kind(new):
            self.emit(new.name, "type-kind-changed", type_kind(old), type_kind(new), *spans)
            return
        if old.deprecated != new.deprecated:
            self.emit(
                new.name,
                "type-deprecated-changed",
                deprecated_text(old.deprecated),
                deprecated_text(new.deprecated),
                *spans,
            )
        gone = _reservations(old.reserved) - _reservations(new.reserved)
        if gone:
            self.emit(new.name, "type-reservation-removed", ", ".join(sorted(gone)), None, *spans)
        if isinstance(old, Record) and isinstance(new, Record):
            self.record(old, new)
        elif isinstance(old, Enum) and isinstance(new, Enum):
            self.enum(old, new)
        elif isinstance(old, Union) and isinstance(new, Union):
            self.union(old, new)

    def record(self, old: Record, new: Record) -> None:
        before = {f.name: f for f in old.fields}
        after = {f.name: f for f in new.fields}
        for o, n in pair_names(before, after, renamed_from, scope=""):
            if n is None and o is not None:
                f = before[o]
                self.emit(
                    f"{new.name}.{o}",
                    "field-removed",
                    field_type_text(f),
                    None,
                    f.span,
                    None,
                    record=new.name,
                    field=o,
                )
            elif o is None and n is not None:
                f = after[n]
                self.emit(
                    f"{new.name}.{n}",
                    "field-added",
                    None,
                    field_type_text(f),
                    None,
                    f.span,
                    record=new.name,
                    field=n,
                )
            elif o is not None and n is not None:
                self.field(new.name, before[o], after[n])

    def field(self, record: str, old: Field, new: Field) -> None:
        element = f"{record}.{new.name}"
        spans = (old.span, new.span)
        extra: dict[str, object] = {"record": record, "field": new.name}
        if old.name != new.name:
            self.emit(element, "field-renamed", old.name, new.name, *spans, **extra)
        elif old.json_name != new.json_name:
            self.emit(
                element, "field-json-name-changed", old.json_name, new.json_name, *spans, **extra
            )
        if self.norm(old.type) != new.type:
            self.emit(
                element, "field-type-changed", type_text(old.type), type_text(new.type), *spans,
                **extra,
            )  # fmt: skip
        if old.optional != new.optional:
            self.emit(
                element,
                "field-optionality-changed",
                field_type_text(old),
                field_type_text(new),
                *spans,
                **extra,
            )
        if (old.has_default, old.default) != (new.has_default, new.default):
            self.emit(
                element,
                "field-default-changed",
                value_text(old.default) if old.has_default else None,
                value_text(new.default) if new.has_default else None,
                *spans,
                **extra,
            )
        if old.number != new.number and old.number is not None and new.number is not None:
            self.emit(
                element, "field-number-changed", str(old.number), str(new.number), *spans, **extra
            )
        old_rel = None
        if old.relation is not None:
            old_rel = (self.norm_name(old.relation.target), old.relation.name)
        new_rel = None if new.relation is None else (new.relation.target, new.relation.name)
        if old_rel != new_rel:
            self.emit(
                element,
                "field-relation-changed",
                relation_text(old),
                relation_text(new),
                *spans,
                **extra,
            )
        if old.deprecated != new.deprecated:
            self.emit(
                element,
                "field-deprecated-changed",
                deprecated_text(old.deprecated),
                deprecated_text(new.deprecated),
                *spans,
                **extra,
            )

    def enum(self, old: Enum, new: Enum) -> None:
        before: dict[str, EnumSymbol] = {s.name: s for s in old.symbols}
        after: dict[str, EnumSymbol] = {s.name: s for s in new.symbols}
        extra: dict[str, object] = {"enum": new.name}
        for o, n in pair_names(before, after, renamed_from, scope=""):
            if n is None and o is not None:
                s = before[o]
                self.emit(f"{new.name}.{o}", "enum-symbol-removed", o, None, s.span, None, **extra)
            elif o is None and n is not None:
                s = after[n]
                self.emit(f"{new.name}.{n}", "enum-symbol-added", None, n, None, s.span, **extra)
            elif o is not None and n is not None:
                a, b = before[o], after[n]
                element, spans = f"{new.name}.{n}", (a.span, b.span)
                if o != n:
                    self.emit(element, "enum-symbol-renamed", o, n, *spans, **extra)
                if a.number != b.number and a.number is not None and b.number is not None:
                    self.emit(
                        element,
                        "enum-symbol-number-changed",
                        str(a.number),
                        str(b.number),
                        *spans,
                        **extra,
                    )
                if a.deprecated != b.deprecated:
                    self.emit(
                        element,
                        "enum-symbol-deprecated-changed",
                        deprecated_text(a.deprecated),
                        deprecated_text(b.deprecated),
                        *spans,
                        **extra,
                    )
        renamed = {o: n for o, n in pair_names(before, after, renamed_from, scope="") if o and n}
        old_default = renamed.get(old.default, old.default) if old.default else None
        if old_default != new.default:
            self.emit(
                new.name, "enum-default-changed", old.default, new.default, old.span, new.span
            )

    def union(self, old: Union, new: Union) -> None:
        before: dict[str, Variant] = {v.name: v for v in old.variants}
        after: dict[str, Variant] = {v.name: v for v in new.variants}
        extra: dict[str, object] = {"union": new.name}
        for name in sorted(set(before) | set(after)):
            a, b = before.get(name), after.get(name)
            element = f"{new.name}.{name}"
            if b is None and a is not None:
                self.emit(
                    element, "union-variant-removed", a.type.name, None, a.span, None, **extra
                )
            elif a is None and b is not None:
                self.emit(element, "union-variant-added", None, b.type.name, None, b.span, **extra)
            elif a is not None and b is not None:
                if self.norm(a.type) != b.type:
                    self.emit(
                        element,
                        "union-variant-type-changed",
                        a.type.name,
                        b.type.name,
                        a.span,
                        b.span,
                        **extra,
                    )
                if a.number != b.number and a.number is not None and b.number is not None:
                    self.emit(
                        element,
                        "union-variant-number-changed",
                        str(a.number),
                        str(b.number),
                        a.span,
                        b.span,
                        **extra,
                    )
        if old.discriminator != new.discriminator:
            self.emit(
                new.name,
                "union-discriminator-changed",
                old.discriminator,
                new.discriminator,
                old.span,
                new.span,
            )


def _reservations(reserved: Reserved) -> set[str]:
    """Reserved numbers and names, one string each (ranges spelled as written: `9-11`)."""
    numbers = {str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in reserved.numbers}
    return numbers | set(reserved.names)
