"""The Avro judge: Avro schema resolution of the writer's schema by the reader's.

The mapping (`docs/mapping.md`) gives each stele type its Avro type; resolution then follows
the specification: promotions int -> long -> float -> double and string <-> bytes, reader fields
missing from the writer need a default (an optional field's is null), writer fields unknown to
the reader are skipped, field aliases (`renamed_from`) match a renamed field for new readers
only, an enum symbol unknown to the reader needs the reader's enum default, and a union branch
the reader lacks fails.
"""

from __future__ import annotations

from collections.abc import Callable

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.context import ERROR, OK, Context, Read, read, unknown_symbol
from stele.compat.contract.judge_json import side
from stele.diagnostics import Severity
from stele.ir import Decimal, Enum, Field, ListOf, MapOf, Scalar, TypeExpr, type_text

# stele scalar -> (Avro type, logical type)
_AVRO = {
    "bool": ("boolean", None),
    "int32": ("int", None),
    "int64": ("long", None),
    "float32": ("float", None),
    "float64": ("double", None),
    "string": ("string", None),
    "bytes": ("bytes", None),
    "uuid": ("string", "uuid"),
    "date": ("int", "date"),
    "timestamp": ("long", "timestamp-micros"),
    "duration": ("long", "duration-micros"),
}
# (writer, reader) -> whether the value reads back as written. Avro resolves every pair, but
# an int read as a double comes back as a float and a string read as bytes as bytes: the
# reader's value is not the writer's (the change corpus proves it with fastavro).
_PROMOTIONS = {
    ("int", "long"): True,
    ("int", "float"): False,
    ("int", "double"): True,
    ("long", "float"): False,
    ("long", "double"): False,
    ("float", "double"): True,
    ("string", "bytes"): False,
    ("bytes", "string"): False,
}


def avro_type(t: TypeExpr) -> tuple[str, str | None]:
    if isinstance(t, Scalar):
        return _AVRO[t.name]
    if isinstance(t, Decimal):
        return ("bytes", "decimal")
    if isinstance(t, ListOf):
        return ("array", None)
    if isinstance(t, MapOf):
        return ("map", None)
    return ("named", t.name)


def resolves(reader: TypeExpr, writer: TypeExpr, reader_new: bool, ctx: Context, what: str) -> Read:
    """How a reader of `reader` resolves data written as `writer`."""
    writer = ctx.resolve(writer, not reader_new)
    reader = ctx.resolve(reader, reader_new)
    mine = side(reader_new)
    if reader == writer:
        return read(OK, "avro.resolves.1", target=what)
    if isinstance(reader, ListOf) and isinstance(writer, ListOf):
        return resolves(reader.item, writer.item, reader_new, ctx, f"the items of {what}")
    if isinstance(reader, MapOf) and isinstance(writer, MapOf):
        return resolves(reader.value, writer.value, reader_new, ctx, f"the values of {what}")
    if isinstance(reader, Decimal) and isinstance(writer, Decimal):
        # Bytes are decoded with the writer's scale; the value must then fit the reader's
        # decimal(p,s): no more fraction digits, no more integer digits.
        digits, wdigits = reader.precision - reader.scale, writer.precision - writer.scale
        if writer.scale > reader.scale:
            return read(
                ERROR,
                "avro.resolves.2",
                target=what,
                writer_scale=writer.scale,
                reader_type=type_text(reader),
            )
        if wdigits > digits:
            return read(
                ERROR,
                "avro.resolves.3",
                target=what,
                writer_digits=wdigits,
                reader_type=type_text(reader),
            )
        return read(
            OK,
            "avro.resolves.4",
            writer_type=type_text(writer),
            target=what,
            reader_type=type_text(reader),
        )
    (r, r_logical), (w, w_logical) = avro_type(reader), avro_type(writer)
    if r == "named" or w == "named":
        return read(
            ERROR,
            "avro.resolves.5",
            target=what,
            side=mine,
            reader_type=type_text(reader),
            writer_type=type_text(writer),
        )
    if r == w:
        base: Read = read(OK, "avro.resolves.6", target=what, reader_encoding=r)
    elif (w, r) in _PROMOTIONS:
        if not _PROMOTIONS[(w, r)]:
            return read(
                ERROR,
                "avro.resolves.7",
                target=what,
                writer_encoding=w,
                reader_encoding=r,
                writer_type=type_text(writer),
            )
        base = read(OK, "avro.resolves.8", target=what, writer_encoding=w, reader_encoding=r)
    else:
        return read(ERROR, "avro.resolves.9", target=what, writer_encoding=w, reader_encoding=r)
    if r_logical == w_logical:
        return base
    return read(
        ERROR,
        "avro.resolves.10",
        target=what,
        writer_type=type_text(writer),
        reader_type=type_text(reader),
        writer_logical=w_logical or "none",
        reader_logical=r_logical or "none",
    )


def _name(change: ContractChange, new_side: bool = True) -> str:
    if change.kind == "field-renamed":
        return f"`{change.new if new_side else change.old}`"
    return f"`{change.element.rsplit('.', 1)[-1]}`"


def has_avro_default(f: Field) -> bool:
    return f.optional or f.has_default


def _field_added(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    f = ctx.field(change, True)
    name = _name(change)
    if not reader_new:
        return read(OK, "avro.field-added.1", name=name)
    if f is not None and not has_avro_default(f):
        return read(ERROR, "avro.field-added.2", name=name)
    return read(OK, "avro.field-added.3", name=name)


def _field_removed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    f = ctx.field(change, False)
    name = _name(change, False)
    if reader_new:
        return read(OK, "avro.field-removed.1", name=name)
    if f is not None and not has_avro_default(f):
        return read(ERROR, "avro.field-removed.2", name=name)
    return read(OK, "avro.field-removed.3", name=name)


def _field_renamed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    if reader_new:
        return read(OK, "avro.field-renamed.1", name=_name(change), old=change.old)
    old = ctx.field(change, False)
    if old is not None and not has_avro_default(old):
        return read(ERROR, "avro.field-renamed.2", new=change.new, old=change.old)
    return read(ERROR, "avro.field-renamed.3", old=change.old, new=change.new)


def _field_type(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = ctx.field(change, False), ctx.field(change, True)
    if old is None or new is None:
        return read(OK, "avro.field-type")
    reader, writer = (new, old) if reader_new else (old, new)
    return resolves(reader.type, writer.type, reader_new, ctx, _name(change))


def _optionality(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = ctx.field(change, False), ctx.field(change, True)
    if old is None or new is None:
        return read(OK, "avro.optionality.1")
    reader, writer = (new, old) if reader_new else (old, new)
    name = _name(change)
    if writer.optional and not reader.optional:
        return read(ERROR, "avro.optionality.2", name=name, side=side(reader_new))
    return read(OK, "avro.optionality.3", name=name)


def _default(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    return read(
        OK,
        "avro.default",
        name=_name(change),
        default=change.new if reader_new else change.old or "no default",
    )


def _enum_symbol(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    enum_name = str(change.detail.get("enum", ""))
    symbol = unknown_symbol(change, reader_new)
    if symbol is None:
        return read(OK, "avro.enum-symbol.1", enum=enum_name)
    reader_enum: Enum | None = ctx.enum(enum_name, reader_new)
    if reader_enum is not None and reader_enum.default is not None:
        return read(
            OK, "avro.enum-symbol.2", symbol=symbol, enum=enum_name, default=reader_enum.default
        )
    return read(ERROR, "avro.enum-symbol.3", symbol=symbol, enum=enum_name, side=side(reader_new))


def _enum_default(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    # The default matters only when a reader meets a symbol it lacks: that change is judged
    # where it happens (enum-symbol-added/removed), against the reader's own default.
    if change.new is None:
        return read(OK, "avro.enum-default.1", element=change.element)
    return read(OK, "avro.enum-default.2", element=change.element, new=change.new)


def _variant(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    union = str(change.detail.get("union", ""))
    variant = change.element.rsplit(".", 1)[-1]
    added = change.kind == "union-variant-added"
    if added == reader_new:
        return read(OK, "avro.variant.1", union=union)
    return read(ERROR, "avro.variant.2", branch=variant, union=union, side=side(reader_new))


def _always(
    severity: Severity | None, phrase: str
) -> Callable[[ContractChange, bool, Context], Read]:
    def judge(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
        return read(severity, phrase, old=change.old, new=change.new)

    return judge


def _type_renamed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    if reader_new:
        return read(OK, "avro.type-renamed.1", new=change.new, old=change.old)
    return read(ERROR, "avro.type-renamed.2", new=change.new, old=change.old)


JUDGES: dict[str, Callable[[ContractChange, bool, Context], Read]] = {
    "field-added": _field_added,
    "field-removed": _field_removed,
    "field-renamed": _field_renamed,
    "field-type-changed": _field_type,
    "field-optionality-changed": _optionality,
    "field-default-changed": _default,
    "enum-symbol-added": _enum_symbol,
    "enum-symbol-removed": _enum_symbol,
    "enum-symbol-renamed": _enum_symbol,
    "enum-default-changed": _enum_default,
    "union-variant-added": _variant,
    "union-variant-removed": _variant,
    "union-variant-type-changed": _always(ERROR, "avro.union-variant-type-changed"),
    "type-kind-changed": _always(ERROR, "avro.type-kind-changed"),
    "type-renamed": _type_renamed,
    "message-body-changed": _always(ERROR, "avro.message-body-changed"),
}
