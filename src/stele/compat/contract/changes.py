"""The contract diff: two versions of a project -> a typed list of changes, one per element.

Elements pair by qualified name, and by `renamed_from` for types, fields and enum symbols. Each
changed attribute of a paired element is one `ContractChange`, with the old and new values in
the YAML's own spelling and the element's span on each side: located by construction, never by
matching a name found in an artifact. A type changed once is one change at that type's member,
not one per message that holds it; the judges find the holders (`holders.py`).

Documentation and examples are not part of the contract: editing them is no change.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from stele.ir import (
    Enum,
    EnumSymbol,
    Field,
    Header,
    HttpBinding,
    ListOf,
    MapOf,
    Message,
    NamedType,
    Operation,
    Project,
    Record,
    Ref,
    Reserved,
    Span,
    Style,
    TypeExpr,
    Union,
    Variant,
    type_text,
)

T = TypeVar("T")


@dataclass(frozen=True)
class ContractChange:
    """One changed attribute of one contract element."""

    element: str  # the new qualified name when the element exists on the new side, else the old
    kind: str  # what changed, kebab-case: a key of `kinds.KINDS`
    old: str | None  # the old value in the YAML's spelling (None when there was none)
    new: str | None
    old_span: Span | None  # where the element is written in the old YAML (None when added)
    new_span: Span | None  # where it is written in the new YAML (None when removed)
    detail: Mapping[str, object] = field(default_factory=dict, hash=False)

    @property
    def span(self) -> Span:
        """Where a report shows the change: the new place, else the old one."""
        found = self.new_span or self.old_span
        assert found is not None, self
        return found

    def sort_key(self) -> tuple[str, str, str, str]:
        return (self.element, self.kind, self.old or "", self.new or "")

    def to_json(self) -> dict[str, object]:
        def place(span: Span | None) -> dict[str, object] | None:
            if span is None:
                return None
            return span.to_json()

        return {
            "element": self.element,
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "old_span": place(self.old_span),
            "new_span": place(self.new_span),
            "detail": {k: _jsonable(v) for k, v in sorted(self.detail.items())},
        }


def _jsonable(value: object) -> object:
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def diff_projects(old: Project, new: Project) -> list[ContractChange]:
    """Every change from `old` to `new`, sorted by element, kind and values."""
    differ = _Differ(old, new)
    differ.run()
    unique = {(c.sort_key(), c.old_span, c.new_span): c for c in differ.out}
    return sorted(unique.values(), key=ContractChange.sort_key)


# ---------------------------------------------------------------------------------------------
# Spelling values as the YAML writes them
# ---------------------------------------------------------------------------------------------


def field_type_text(f: Field) -> str:
    return type_text(f.type) + ("?" if f.optional else "")


def header_type_text(h: Header) -> str:
    return type_text(h.type) + ("" if h.required else "?")


def value_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), sort_keys=True)


def deprecated_text(reason: str | None) -> str | None:
    if reason is None:
        return None
    return f"deprecated: {reason}" if reason else "deprecated"


def type_kind(t: NamedType) -> str:
    return "record" if isinstance(t, Record) else "enum" if isinstance(t, Enum) else "union"


def relation_text(f: Field) -> str | None:
    if f.relation is None:
        return None
    return f"references {f.relation.target} as {f.relation.name}"


# ---------------------------------------------------------------------------------------------
# Pairing
# ---------------------------------------------------------------------------------------------


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


def _renamed_from(node: object) -> tuple[str, ...]:
    found = getattr(node, "renamed_from", ())
    return found if isinstance(found, tuple) else ()


# ---------------------------------------------------------------------------------------------
# The differ
# ---------------------------------------------------------------------------------------------


class _Differ:
    def __init__(self, old: Project, new: Project) -> None:
        self.old = old
        self.new = new
        self.out: list[ContractChange] = []
        self.type_pairs = pair_names(old.types, new.types, _renamed_from)
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

    def run(self) -> None:
        self.types()
        self.messages()
        self.channels()
        self.services()

    # --- types -----------------------------------------------------------------------------

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
        for o, n in pair_names(before, after, _renamed_from, scope=""):
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
        for o, n in pair_names(before, after, _renamed_from, scope=""):
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
        renamed = {o: n for o, n in pair_names(before, after, _renamed_from, scope="") if o and n}
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

    # --- messages ----------------------------------------------------------------------------

    def messages(self) -> None:
        for name in _union_keys(self.old.messages, self.new.messages):
            a, b = self.old.messages.get(name), self.new.messages.get(name)
            if b is None and a is not None:
                self.emit(name, "message-removed", a.kind.value, None, a.span, None)
            elif a is None and b is not None:
                self.emit(name, "message-added", None, b.kind.value, None, b.span)
            elif a is not None and b is not None:
                self.message(a, b)

    def message(self, old: Message, new: Message) -> None:
        spans = (old.span, new.span)
        if old.kind != new.kind:
            self.emit(new.name, "message-kind-changed", old.kind.value, new.kind.value, *spans)
        if self.norm(old.body) != new.body:
            self.emit(new.name, "message-body-changed", old.body.name, new.body.name, *spans)
        if old.deprecated != new.deprecated:
            self.emit(
                new.name,
                "message-deprecated-changed",
                deprecated_text(old.deprecated),
                deprecated_text(new.deprecated),
                *spans,
            )
        before = {h.name: h for h in old.headers}
        after = {h.name: h for h in new.headers}
        extra: dict[str, object] = {"message": new.name}
        for name in _union_keys(before, after):
            a, b = before.get(name), after.get(name)
            element = f"{new.name}.headers.{name}"
            if b is None and a is not None:
                self.emit(
                    element, "header-removed", header_type_text(a), None, a.span, None, **extra
                )
            elif a is None and b is not None:
                self.emit(element, "header-added", None, header_type_text(b), None, b.span, **extra)
            elif a is not None and b is not None:
                if a.type != b.type:
                    self.emit(
                        element,
                        "header-type-changed",
                        type_text(a.type),
                        type_text(b.type),
                        a.span,
                        b.span,
                        **extra,
                    )
                if a.required != b.required:
                    self.emit(
                        element,
                        "header-required-changed",
                        header_type_text(a),
                        header_type_text(b),
                        a.span,
                        b.span,
                        **extra,
                    )

    # --- channels ----------------------------------------------------------------------------

    def channels(self) -> None:
        for name in _union_keys(self.old.channels, self.new.channels):
            a, b = self.old.channels.get(name), self.new.channels.get(name)
            if b is None and a is not None:
                self.emit(name, "channel-removed", a.address, None, a.span, None)
            elif a is None and b is not None:
                self.emit(name, "channel-added", None, b.address, None, b.span)
            elif a is not None and b is not None:
                spans = (a.span, b.span)
                if a.address != b.address:
                    self.emit(name, "channel-address-changed", a.address, b.address, *spans)
                if a.style != b.style:
                    self.emit(name, "channel-style-changed", a.style.value, b.style.value, *spans)
                if a.owner != b.owner:
                    self.emit(name, "channel-owner-changed", a.owner, b.owner, *spans)
                for m in a.messages:
                    if m not in b.messages:
                        self.emit(name, "channel-message-removed", m, None, *spans, message=m)
                for m in b.messages:
                    if m not in a.messages:
                        self.emit(name, "channel-message-added", None, m, *spans, message=m)

    # --- services and operations -----------------------------------------------------------

    def services(self) -> None:
        for name in _union_keys(self.old.services, self.new.services):
            a, b = self.old.services.get(name), self.new.services.get(name)
            if b is None and a is not None:
                self.emit(name, "service-removed", name, None, a.span, None)
            elif a is None and b is not None:
                self.emit(name, "service-added", None, name, None, b.span)
        before = {op.qualified_name: op for op in self.old.operations()}
        after = {op.qualified_name: op for op in self.new.operations()}
        for name in _union_keys(before, after):
            was, now = before.get(name), after.get(name)
            if now is None and was is not None:
                self.emit(name, "operation-removed", was.style.value, None, was.span, None)
            elif was is None and now is not None:
                self.emit(name, "operation-added", None, now.style.value, None, now.span)
            elif was is not None and now is not None:
                self.operation(was, now)

    def operation(self, old: Operation, new: Operation) -> None:
        name, spans = new.qualified_name, (old.span, new.span)
        for attribute, kind in _OPERATION_ATTRIBUTES:
            was, now = getattr(old, attribute), getattr(new, attribute)
            if attribute in ("request", "response"):
                was = self.norm_name(was)
            if was != now:
                self.emit(name, kind, _text(was), _text(now), *spans)
        if old.deprecated != new.deprecated:
            self.emit(
                name,
                "operation-deprecated-changed",
                deprecated_text(old.deprecated),
                deprecated_text(new.deprecated),
                *spans,
            )
        for part in ("calls", "sends", "publishes"):
            was_uses, now_uses = getattr(old.uses, part), getattr(new.uses, part)
            for target in was_uses:
                if target not in now_uses:
                    self.emit(name, "operation-uses-removed", f"{part} {target}", None, *spans)
            for target in now_uses:
                if target not in was_uses:
                    self.emit(name, "operation-uses-added", None, f"{part} {target}", *spans)
        self.http(name, old, new)

    def http(self, name: str, old_op: Operation, new_op: Operation) -> None:
        if old_op.style is new_op.style is Style.REQUEST_RESPONSE and old_op.grpc != new_op.grpc:
            kind = "grpc-binding-added" if new_op.grpc else "grpc-binding-removed"
            before, after = (f"grpc: {str(op.grpc).lower()}" for op in (old_op, new_op))
            self.emit(name, kind, before, after, old_op.span, new_op.span)
        old, new = old_op.http, new_op.http
        if old is None and new is None:
            return
        if old is None and new is not None:
            self.emit(name, "http-binding-added", None, _binding(new), None, new.span)
            return
        if new is None and old is not None:
            self.emit(name, "http-binding-removed", _binding(old), None, old.span, None)
            return
        assert old is not None and new is not None
        spans = (old.span, new.span)
        if old.method != new.method:
            self.emit(name, "http-method-changed", old.method, new.method, *spans)
        if old.path != new.path:
            self.emit(name, "http-path-changed", old.path, new.path, *spans)
        if old.status != new.status:
            self.emit(name, "http-status-changed", str(old.status), str(new.status), *spans)
        was = _parameters(old)
        now = _parameters(new)
        for param in _union_keys(was, now):
            a, b = was.get(param), now.get(param)
            if a == b:
                continue
            if a is None:
                self.emit(
                    name, "http-parameter-added", None, f"{b} {param}", *spans, parameter=param
                )
            elif b is None:
                self.emit(
                    name, "http-parameter-removed", f"{a} {param}", None, *spans, parameter=param
                )
            else:
                self.emit(
                    name,
                    "http-parameter-moved",
                    f"{a} {param}",
                    f"{b} {param}",
                    *spans,
                    parameter=param,
                )
        old_expand = [e.name for e in old.expand]
        new_expand = [e.name for e in new.expand]
        for e in old_expand:
            if e not in new_expand:
                self.emit(name, "http-expand-removed", e, None, *spans)
        for e in new_expand:
            if e not in old_expand:
                self.emit(name, "http-expand-added", None, e, *spans)


# Operation attributes compared as values: (attribute, change kind).
_OPERATION_ATTRIBUTES = (
    ("style", "operation-style-changed"),
    ("role", "operation-role-changed"),
    ("request", "operation-request-changed"),
    ("response", "operation-response-changed"),
    ("errors", "operation-errors-changed"),
    ("message", "operation-message-changed"),
    ("channel", "operation-channel-changed"),
    ("reply", "operation-reply-changed"),
    ("reply_channel", "operation-reply-channel-changed"),
    ("window_ms", "operation-window-changed"),
)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value.value) if hasattr(value, "value") else str(value)


def _binding(b: HttpBinding) -> str:
    return f"{b.method.upper()} {b.path}"


def _parameters(b: HttpBinding) -> dict[str, str]:
    """Request fields bound to the URL: name -> `path` or `query`."""
    out = {p: "path" for p in b.path_params}
    out.update({q: "query" for q in b.query_params if q not in out})
    return out


def _reservations(reserved: Reserved) -> set[str]:
    """Reserved numbers and names, one string each (ranges spelled as written: `9-11`)."""
    numbers = {str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in reserved.numbers}
    return numbers | set(reserved.names)


def _union_keys(old: Mapping[str, object], new: Mapping[str, object]) -> list[str]:
    return [*old, *(k for k in new if k not in old)]
