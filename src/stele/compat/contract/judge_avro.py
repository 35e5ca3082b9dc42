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
from stele.compat.contract.context import ERROR, OK, Context, Read, unknown_symbol
from stele.compat.contract.judge_json import side
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
        return Read(OK, f"resolve {what} unchanged")
    if isinstance(reader, ListOf) and isinstance(writer, ListOf):
        return resolves(reader.item, writer.item, reader_new, ctx, f"the items of {what}")
    if isinstance(reader, MapOf) and isinstance(writer, MapOf):
        return resolves(reader.value, writer.value, reader_new, ctx, f"the values of {what}")
    if isinstance(reader, Decimal) and isinstance(writer, Decimal):
        # Bytes are decoded with the writer's scale; the value must then fit the reader's
        # decimal(p,s): no more fraction digits, no more integer digits.
        digits, wdigits = reader.precision - reader.scale, writer.precision - writer.scale
        if writer.scale > reader.scale:
            return Read(
                ERROR,
                f"cannot hold {what} with {writer.scale} decimals in {type_text(reader)}",
            )
        if wdigits > digits:
            return Read(
                ERROR,
                f"cannot hold {what} with {wdigits} integer digits in {type_text(reader)}",
            )
        return Read(OK, f"read every {type_text(writer)} value of {what} as {type_text(reader)}")
    (r, r_logical), (w, w_logical) = avro_type(reader), avro_type(writer)
    if r == "named" or w == "named":
        return Read(
            ERROR,
            f"cannot resolve {what}: the {mine} schema expects {type_text(reader)}, the data "
            f"holds {type_text(writer)}",
        )
    if r == w:
        base: Read = Read(OK, f"read {what} as {r}")
    elif (w, r) in _PROMOTIONS:
        if not _PROMOTIONS[(w, r)]:
            return Read(
                ERROR,
                f"read {what} through the {w} -> {r} promotion: the value they get is not the "
                f"{type_text(writer)} written",
            )
        base = Read(OK, f"read {what} through the lossless {w} -> {r} promotion")
    else:
        return Read(ERROR, f"cannot resolve {what}: {w} is not readable as {r}")
    if r_logical == w_logical:
        return base
    return Read(
        ERROR,
        f"read {what} written as {type_text(writer)} as {type_text(reader)} (the Avro "
        f"logical type {w_logical or 'none'} became {r_logical or 'none'})",
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
        return Read(OK, f"skip {name}, unknown to the old schema")
    if f is not None and not has_avro_default(f):
        return Read(ERROR, f"cannot read old data: {name} has no default in the new schema")
    return Read(OK, f"fill {name} with its default where old data lacks it")


def _field_removed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    f = ctx.field(change, False)
    name = _name(change, False)
    if reader_new:
        return Read(OK, f"skip {name} in old data")
    if f is not None and not has_avro_default(f):
        return Read(ERROR, f"cannot read new data: {name} has no default in the old schema")
    return Read(OK, f"fill {name} with its default")


def _field_renamed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    if reader_new:
        return Read(OK, f"find {_name(change)} under its alias {change.old}")
    old = ctx.field(change, False)
    if old is not None and not has_avro_default(old):
        return Read(
            ERROR,
            f"cannot read new data: the old schema knows no alias {change.new} and "
            f"`{change.old}` has no default",
        )
    return Read(
        ERROR,
        f"read `{change.old}` as its default: the value written as `{change.new}` is lost "
        "(the old schema has no alias for the new name)",
    )


def _field_type(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = ctx.field(change, False), ctx.field(change, True)
    if old is None or new is None:
        return Read(OK, "read it")
    reader, writer = (new, old) if reader_new else (old, new)
    return resolves(reader.type, writer.type, reader_new, ctx, _name(change))


def _optionality(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = ctx.field(change, False), ctx.field(change, True)
    if old is None or new is None:
        return Read(OK, "read it")
    reader, writer = (new, old) if reader_new else (old, new)
    name = _name(change)
    if writer.optional and not reader.optional:
        return Read(
            ERROR,
            f"fail on a null {name}: the {side(reader_new)} schema has no null branch",
        )
    return Read(OK, f"read {name} through the null union")


def _default(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    return Read(
        OK,
        f"fill {_name(change)} with {change.new if reader_new else change.old or 'no default'} "
        "where the data lacks it",
    )


def _enum_symbol(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    enum_name = str(change.detail.get("enum", ""))
    symbol = unknown_symbol(change, reader_new)
    if symbol is None:
        return Read(OK, f"know every symbol of {enum_name} they meet")
    reader_enum: Enum | None = ctx.enum(enum_name, reader_new)
    if reader_enum is not None and reader_enum.default is not None:
        return Read(OK, f"read `{symbol}` of {enum_name} as the default `{reader_enum.default}`")
    return Read(
        ERROR,
        f"fail on `{symbol}` of {enum_name}: the {side(reader_new)} enum lacks it and has "
        "no default",
    )


def _enum_default(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    # The default matters only when a reader meets a symbol it lacks: that change is judged
    # where it happens (enum-symbol-added/removed), against the reader's own default.
    if change.new is None:
        return Read(OK, f"read every symbol they know; {change.element} has no default now")
    return Read(OK, f"map symbols of {change.element} they lack to `{change.new}`")


def _variant(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    union = str(change.detail.get("union", ""))
    variant = change.element.rsplit(".", 1)[-1]
    added = change.kind == "union-variant-added"
    if added == reader_new:
        return Read(OK, f"know every branch of {union} they meet")
    return Read(
        ERROR,
        f"fail on the `{variant}` branch of {union}: the {side(reader_new)} union lacks it",
    )


def _always(severity: object, what: str) -> Callable[[ContractChange, bool, Context], Read]:
    def judge(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
        return Read(severity, what.format(old=change.old, new=change.new))  # type: ignore[arg-type]

    return judge


def _type_renamed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    if reader_new:
        return Read(OK, f"match {change.new} to {change.old} through its alias")
    return Read(
        ERROR, f"cannot resolve {change.new}: the old schema names it {change.old}, without alias"
    )


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
    "union-variant-type-changed": _always(
        ERROR, "cannot resolve the branch: {old} and {new} are different records"
    ),
    "type-kind-changed": _always(ERROR, "cannot resolve a {old} written where a {new} is read"),
    "type-renamed": _type_renamed,
    "message-body-changed": _always(ERROR, "cannot resolve the message body: {old} became {new}"),
}
