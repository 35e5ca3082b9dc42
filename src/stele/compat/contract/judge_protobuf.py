"""The Protobuf judge: the wire format, and the JSON mapping when the policy asks for it.

Fields are matched by number, so a rename keeps the wire but changes the JSON name (every field
has `json_name` = its source name). Types are judged by wire group as the language guide says:
int32, int64, bool and enums share the varint encoding (values that do not fit the reader's
type are truncated), string, bytes and messages are length-delimited; the JSON mapping only
accepts changes that keep the JSON encoding. The policy is the buf-like category ladder:
`wire`, `wire_json` (the default) or `file` (any change to generated code).
"""

from __future__ import annotations

from collections.abc import Callable

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.context import (
    ERROR,
    INFO,
    OK,
    WARNING,
    Context,
    Read,
    read,
    unknown_symbol,
)
from stele.compat.contract.judge_json import MAX_PAIRS
from stele.diagnostics import Severity
from stele.ir import Decimal, Enum, ListOf, MapOf, Record, Ref, Scalar, TypeExpr, type_text
from stele.mapping.artifacts import SCALARS

_VARINT = {"bool", "int32", "int64", "enum"}
_LEN = {"string", "bytes", "message"}
_RANGES = {"int32": 32, "int64": 64}


def proto_type(t: TypeExpr, ctx: Context, new_side: bool) -> tuple[str, str]:
    """(cardinality, type): cardinality singular | repeated | map; enums and messages by name."""
    if isinstance(t, ListOf):
        return ("repeated", proto_type(t.item, ctx, new_side)[1])
    if isinstance(t, MapOf):
        return ("map", proto_type(t.value, ctx, new_side)[1])
    if isinstance(t, Scalar):
        return ("singular", SCALARS[t.name])
    if isinstance(t, Decimal):
        return ("singular", "string")
    assert isinstance(t, Ref)
    named = ctx.named(t.name, new_side)
    return ("singular", f"{'enum' if isinstance(named, Enum) else 'message'} {t.name}")


def _ref(t: TypeExpr) -> str | None:
    if isinstance(t, ListOf):
        return _ref(t.item)
    if isinstance(t, MapOf):
        return _ref(t.value)
    return t.name if isinstance(t, Ref) else None


def _text_type(t: TypeExpr) -> TypeExpr | None:
    """The text scalar a field holds (through lists and maps), None for other types."""
    if isinstance(t, ListOf):
        return _text_type(t.item)
    if isinstance(t, MapOf):
        return _text_type(t.value)
    if isinstance(t, Decimal) or (isinstance(t, Scalar) and t.name in ("string", "uuid", "date")):
        return t
    return None


def _text_fits(writer: TypeExpr | None, reader: TypeExpr | None) -> bool:
    """Whether every text the writer's type allows passes the reader's check: a plain string
    takes any text, a decimal one with no more fraction or integer digits."""
    if writer is None or reader is None or type_text(writer) == type_text(reader):
        return True
    if isinstance(reader, Scalar) and reader.name == "string":
        return True
    if isinstance(writer, Decimal) and isinstance(reader, Decimal):
        return writer.scale <= reader.scale and (
            writer.precision - writer.scale <= reader.precision - reader.scale
        )
    return False


def _group(proto: str) -> str:
    head = proto.split(" ", 1)[0]
    if head in ("enum",):
        return "varint"
    if head in ("message",) or proto.startswith("google.protobuf."):
        return "len"
    return "varint" if head in _VARINT else "len" if head in _LEN else head


def wire_reads(
    reader: TypeExpr, writer: TypeExpr, reader_new: bool, ctx: Context, what: str
) -> Read:
    writer = ctx.resolve(writer, not reader_new)
    reader = ctx.resolve(reader, reader_new)
    (rc, r), (wc, w) = proto_type(reader, ctx, reader_new), proto_type(writer, ctx, not reader_new)
    if rc != wc:
        return read(
            ERROR,
            "protobuf.wire-reads.1",
            target=what,
            writer_cardinality=wc,
            reader_cardinality=rc,
        )
    if r == w and not _text_fits(_text_type(writer), _text_type(reader)):
        # uuid, date and decimal travel as strings whose text the Protobuf codec checks.
        return read(
            ERROR,
            "protobuf.wire-reads.2",
            target=what,
            writer_type=type_text(writer),
            reader_type=type_text(reader),
        )
    if r == w:
        return read(OK, "protobuf.wire-reads.3", target=what, reader_encoding=r)
    r_ref, w_ref = _ref(reader), _ref(writer)
    if (
        r_ref is not None
        and w_ref is not None
        and r.startswith("message")
        and w.startswith("message")
        and same_message(r_ref, w_ref, reader_new, ctx)
        and ctx.policy.protobuf != "file"
    ):
        return read(OK, "protobuf.wire-reads.4", target=what, writer_ref=w_ref, reader_ref=r_ref)
    category = ctx.policy.protobuf
    if category == "file":
        return read(
            ERROR, "protobuf.wire-reads.5", target=what, writer_encoding=w, reader_encoding=r
        )
    wire = _wire(r, w, what)
    if category == "wire" or wire.severity is ERROR:
        return wire
    return read(ERROR, "protobuf.wire-reads.6", target=what, writer_encoding=w, reader_encoding=r)


def same_message(reader: str, writer: str, reader_new: bool, ctx: Context) -> bool:
    """Two records with the same fields (names, numbers, types) are the same on the wire and in
    the JSON mapping, whatever their names."""
    seen: set[tuple[str, str]] = set()

    def same(r_name: str, w_name: str) -> bool:
        if (r_name, w_name) in seen or r_name == w_name:
            return True
        if len(seen) >= MAX_PAIRS:
            return False  # not proven the same: judged as different messages
        seen.add((r_name, w_name))
        r, w = ctx.named(r_name, reader_new), ctx.named(w_name, not reader_new)
        if not isinstance(r, Record) or not isinstance(w, Record):
            return False
        if [f.name for f in r.fields] != [f.name for f in w.fields]:
            return False
        for rf, wf in zip(r.fields, w.fields, strict=True):
            if (rf.number, rf.optional) != (wf.number, wf.optional):
                return False
            if isinstance(rf.type, Ref) and isinstance(wf.type, Ref):
                if not same(rf.type.name, wf.type.name):
                    return False
            elif rf.type != wf.type:
                return False
        return True

    return same(reader, writer)


def _wire(r: str, w: str, what: str) -> Read:
    group, wgroup = _group(r), _group(w)
    if group != wgroup or group not in ("varint", "len"):
        return read(ERROR, "protobuf.wire.1", target=what, writer_encoding=w, reader_encoding=r)
    if group == "varint":
        if r.startswith("enum") or w.startswith("enum"):
            return read(ERROR, "protobuf.wire.2", target=what, writer_encoding=w, reader_encoding=r)
        if r == "bool":
            return read(WARNING, "protobuf.wire.3", target=what)
        if _RANGES.get(r, 0) >= _RANGES.get(w, 1):
            return read(INFO, "protobuf.wire.4", writer_encoding=w, target=what, reader_encoding=r)
        return read(WARNING, "protobuf.wire.5", writer_encoding=w, target=what, reader_encoding=r)
    kinds = {r.split(" ", 1)[0], w.split(" ", 1)[0]}
    if r == "bytes" and w == "string":
        return read(INFO, "protobuf.wire.6", target=what)
    if r == "string" and w == "bytes":
        return read(WARNING, "protobuf.wire.7", target=what)
    if "string" in kinds or "bytes" in kinds:
        return read(ERROR, "protobuf.wire.8", target=what, writer_encoding=w, reader_encoding=r)
    return read(ERROR, "protobuf.wire.9", target=what, writer_encoding=w, reader_encoding=r)


def _name(change: ContractChange) -> str:
    return f"`{change.element.rsplit('.', 1)[-1]}`"


def _field_type(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = ctx.field(change, False), ctx.field(change, True)
    if old is None or new is None:
        return read(OK, "protobuf.field-type")
    reader, writer = (new, old) if reader_new else (old, new)
    return wire_reads(reader.type, writer.type, reader_new, ctx, _name(change))


def _field_added(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    if reader_new:
        return read(OK, "protobuf.field-added.1", name=_name(change))
    return read(OK, "protobuf.field-added.2", name=_name(change))


def _field_removed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    if reader_new:
        return read(OK, "protobuf.field-removed.1", name=_name(change))
    return read(OK, "protobuf.field-removed.2", name=_name(change))


def _json_name(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    if ctx.policy.protobuf == "wire":
        return read(OK, "protobuf.json-name.1")
    looked, written = (change.new, change.old) if reader_new else (change.old, change.new)
    return read(ERROR, "protobuf.json-name.2", looked=looked, written=written)


def _field_renamed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    if ctx.policy.protobuf == "wire":
        return read(OK, "protobuf.field-renamed.1", new=change.new, old=change.old)
    # The JSON mapping keys a field by its json_name, which the emitter writes from `json:`
    # (else the field's name); its parsers accept the field's name too, as writers that keep
    # proto field names write it. A rename that keeps `json:` changes only that second name.
    old, new = ctx.field(change, False), ctx.field(change, True)
    names = (old.json_name, new.json_name) if old and new else (change.old, change.new)
    if names[0] == names[1]:
        written = change.old if reader_new else change.new
        return read(ERROR, "protobuf.field-renamed.3", json_name=names[1], written=written)
    return read(
        ERROR,
        "protobuf.field-renamed.2",
        looked=names[1] if reader_new else names[0],
        written=names[0] if reader_new else names[1],
    )


def _presence(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old = ctx.field(change, False)
    if old is not None and proto_type(old.type, ctx, False)[1].startswith(("message", "google.")):
        return read(OK, "protobuf.presence.1")
    if old is not None and proto_type(old.type, ctx, False)[0] != "singular":
        return read(OK, "protobuf.presence.2")
    if ctx.policy.protobuf == "file":
        return read(ERROR, "protobuf.presence.3", name=_name(change))
    return read(OK, "protobuf.presence.4", name=_name(change))


def _number(what: str) -> Callable[[ContractChange, bool, Context], Read]:
    def judge(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
        return read(
            ERROR,
            "protobuf.number",
            element_kind=what,
            member=change.element.rsplit(".", 1)[-1],
            written=change.new if not reader_new else change.old,
            read=change.old if not reader_new else change.new,
        )

    return judge


def _enum_symbol(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    enum_name = str(change.detail.get("enum", ""))
    if change.kind == "enum-symbol-renamed":
        if ctx.policy.protobuf == "wire":
            return read(OK, "protobuf.enum-symbol.1", new=change.new, enum=enum_name)
        return read(
            ERROR,
            "protobuf.enum-symbol.2",
            symbol=change.old if reader_new else change.new,
            enum=enum_name,
        )
    symbol = unknown_symbol(change, reader_new)
    if symbol is None:
        return read(OK, "protobuf.enum-symbol.3", enum=enum_name)
    return read(OK, "protobuf.enum-symbol.4", symbol=symbol, enum=enum_name)


def _variant(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    union = str(change.detail.get("union", ""))
    variant = change.element.rsplit(".", 1)[-1]
    added = change.kind == "union-variant-added"
    if added == reader_new:
        # The change corpus proves it: the generated classes of the two versions do not agree
        # on the oneof of the union, whichever side writes.
        return read(ERROR, "protobuf.variant.1", union=union, branch=variant)
    return read(ERROR, "protobuf.variant.2", union=union, branch=variant)


def _always(
    severity: Severity | None, phrase: str
) -> Callable[[ContractChange, bool, Context], Read]:
    def judge(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
        return read(severity, phrase, old=change.old, new=change.new)

    return judge


def _type_renamed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    if ctx.policy.protobuf == "file":
        return read(ERROR, "protobuf.type-renamed.1", old=change.old, new=change.new)
    return read(OK, "protobuf.type-renamed.2", new=change.new, old=change.old)


JUDGES: dict[str, Callable[[ContractChange, bool, Context], Read]] = {
    "field-added": _field_added,
    "field-removed": _field_removed,
    "field-renamed": _field_renamed,
    "field-json-name-changed": _json_name,
    "field-type-changed": _field_type,
    "field-optionality-changed": _presence,
    "field-number-changed": _number("field"),
    "enum-symbol-added": _enum_symbol,
    "enum-symbol-removed": _enum_symbol,
    "enum-symbol-renamed": _enum_symbol,
    "enum-symbol-number-changed": _number("enum value"),
    "union-variant-added": _variant,
    "union-variant-removed": _variant,
    "union-variant-number-changed": _number("union member"),
    "union-variant-type-changed": _always(ERROR, "protobuf.union-variant-type-changed"),
    "type-kind-changed": _always(ERROR, "protobuf.type-kind-changed"),
    "type-renamed": _type_renamed,
    "message-body-changed": _always(ERROR, "protobuf.message-body-changed"),
}
