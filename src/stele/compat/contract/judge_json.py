"""The JSON judge: does a reader's JSON schema accept the documents the writer's contract allows?

One judge for JSON Schema, OpenAPI and AsyncAPI (their roles are applied by `judges.py`): all
three describe the JSON form of `docs/mapping.md`, validated with format assertion on. The
project's JSON policy and content model decide what an object accepts beyond its properties:
under `lenient` (the default of `stele check`) a document written under one contract holds only
the properties that contract declares, so adding an optional field is compatible both ways.
"""

from __future__ import annotations

from collections.abc import Callable

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.context import ERROR, OK, WARNING, Context, Read, unknown_symbol
from stele.ir import (
    Decimal,
    Enum,
    Field,
    ListOf,
    MapOf,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Union,
    type_text,
)

# JSON Schema formats a validator asserts (format assertion on), by stele scalar.
_FORMATS = {"uuid": "uuid", "date": "date", "timestamp": "date-time", "duration": "duration"}
_STRINGS = ("string", "bytes", "uuid", "date", "timestamp", "duration")


def is_required(f: Field) -> bool:
    """Required in JSON: neither optional nor defaulted (as the JSON Schema emitter says)."""
    return not f.optional and not f.has_default


def side(new: bool) -> str:
    return "new" if new else "old"


def json_kind(t: TypeExpr, ctx: Context, new_side: bool) -> str:
    if isinstance(t, Scalar):
        if t.name == "int64" and ctx.policy.int64_as_string:
            return "string"
        return {
            "bool": "boolean",
            "int32": "integer",
            "int64": "integer",
            "float32": "number",
            "float64": "number",
        }.get(t.name, "string")
    if isinstance(t, Decimal):
        return "string"
    if isinstance(t, ListOf):
        return "array"
    if isinstance(t, MapOf):
        return "object"
    named = ctx.named(t.name, new_side) or ctx.named(t.name, not new_side)
    return "string" if isinstance(named, Enum) else "object"


def accepts(reader: TypeExpr, writer: TypeExpr, reader_new: bool, ctx: Context, what: str) -> Read:
    """Whether the reader's schema for `what` accepts every value of the writer's type."""
    mine = side(reader_new)
    writer = ctx.resolve(writer, not reader_new)
    reader = ctx.resolve(reader, reader_new)
    if reader == writer:
        return Read(OK, f"accept every {type_text(writer)} value of {what}")
    if isinstance(reader, ListOf) and isinstance(writer, ListOf):
        return accepts(reader.item, writer.item, reader_new, ctx, f"the items of {what}")
    if isinstance(reader, MapOf) and isinstance(writer, MapOf):
        return accepts(reader.value, writer.value, reader_new, ctx, f"the values of {what}")
    rk, wk = json_kind(reader, ctx, reader_new), json_kind(writer, ctx, not reader_new)
    if isinstance(reader, Ref) and isinstance(writer, Ref):
        return _named(reader.name, writer.name, reader_new, ctx, what, set())
    if isinstance(reader, Ref) or isinstance(writer, Ref):
        if isinstance(reader, Scalar) and reader.name == "string" and wk == "string":
            return Read(OK, f"accept {what} as any string (the {mine} JSON schema has no enum)")
        return Read(
            ERROR,
            f"reject {what} written as {type_text(writer)} (the {mine} JSON schema expects "
            f"{type_text(reader)})",
        )
    if rk != wk:
        if rk == "number" and wk == "integer":
            return Read(OK, f"accept {what}: every integer is a number")
        return Read(
            ERROR,
            f"reject {what}: a JSON {wk} where the {mine} JSON schema expects {_article(rk)}",
        )
    if rk == "integer":
        assert isinstance(reader, Scalar) and isinstance(writer, Scalar)
        if reader.name == "int32" and writer.name == "int64":
            return Read(
                ERROR, f"reject {what} beyond the int32 range (the {mine} JSON schema's bounds)"
            )
        return Read(OK, f"accept every {writer.name} value of {what}")
    if rk == "number":
        return Read(OK, f"accept {what}: both are JSON numbers")
    return _strings(reader, writer, mine, what, ctx)


# Renamed types are compared by structure; this many pairs at most (it bounds depth and work).
MAX_PAIRS = 200


def _named(
    reader: str, writer: str, reader_new: bool, ctx: Context, what: str, seen: set[tuple[str, str]]
) -> Read:
    """Two different named types compared by what their JSON form accepts (a renamed enum with
    the same symbols, a record with the same fields, is the same JSON)."""
    r, w = ctx.named(reader, reader_new), ctx.named(writer, not reader_new)
    mine = side(reader_new)
    if (reader, writer) in seen:
        return Read(OK, f"accept {what}")
    if len(seen) >= MAX_PAIRS:
        return Read(
            WARNING,
            f"may reject {what}: stele compares renamed types {MAX_PAIRS} pairs deep, no deeper",
        )
    seen.add((reader, writer))
    if isinstance(r, Enum) and isinstance(w, Enum):
        extra = [s.name for s in w.symbols if s.name not in {x.name for x in r.symbols}]
        if extra:
            return Read(
                ERROR, f"reject {what} `{extra[0]}` (the {mine} JSON schema's {reader} lacks it)"
            )
        return Read(OK, f"accept every symbol of {what}: {reader} lists those of {writer}")
    if isinstance(r, Record) and isinstance(w, Union):
        for v in w.variants:  # each variant's object, with the discriminator property
            found = _named(reader, v.type.name, reader_new, ctx, what, seen)
            if found.severity is ERROR:
                return found
        return Read(OK, f"accept every variant of {writer} as {reader} (the object is open)")
    if isinstance(r, Union) and not isinstance(w, Union):
        return Read(
            ERROR,
            f"reject {what} written as {writer}: it lacks the discriminator `{r.discriminator}` "
            f"of {reader}",
        )
    if isinstance(r, Record) and isinstance(w, Record):
        doubt: Read | None = None
        for rf in r.fields:
            wf = w.field(rf.name)
            if wf is None:
                if is_required(rf):
                    return Read(ERROR, f"reject {what} without `{rf.name}` ({reader} requires it)")
                continue
            if is_required(rf) and not is_required(wf):
                return Read(ERROR, f"reject {what} without `{rf.name}` ({reader} requires it)")
            found = accepts_in(rf.type, wf.type, reader_new, ctx, f"`{rf.name}` of {what}", seen)
            if found.severity is ERROR:
                return found
            if found.severity is WARNING and doubt is None:
                doubt = found
        if ctx.policy.json_content_model == "closed":
            names = {f.name for f in r.fields}
            extra_fields = [f.name for f in w.fields if f.name not in names]
            if extra_fields:
                return Read(ERROR, f"reject {what} with `{extra_fields[0]}` ({reader} is closed)")
        return doubt or Read(OK, f"accept {what}: {reader} accepts every {writer}")
    return Read(
        ERROR, f"reject {what} written as {writer} (the {mine} JSON schema expects {reader})"
    )


def accepts_in(
    reader: TypeExpr,
    writer: TypeExpr,
    reader_new: bool,
    ctx: Context,
    what: str,
    seen: set[tuple[str, str]],
) -> Read:
    if isinstance(reader, Ref) and isinstance(writer, Ref) and reader != writer:
        return _named(reader.name, writer.name, reader_new, ctx, what, seen)
    if isinstance(reader, Ref) and reader == writer:
        return Read(OK, f"accept {what}")
    return accepts(reader, writer, reader_new, ctx, what)


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _strings(reader: TypeExpr, writer: TypeExpr, mine: str, what: str, ctx: Context) -> Read:
    if isinstance(reader, Decimal):
        if not isinstance(writer, Decimal):
            return Read(
                ERROR,
                f"reject {what} unless it is a decimal (the {mine} JSON schema's pattern for "
                f"{type_text(reader)})",
            )
        digits, wdigits = reader.precision - reader.scale, writer.precision - writer.scale
        if writer.scale > reader.scale:
            return Read(
                ERROR,
                f"reject {what} with {writer.scale} decimals (the {mine} JSON schema allows "
                f"{reader.scale})",
            )
        if wdigits > digits:
            return Read(
                ERROR,
                f"reject {what} with {wdigits} integer digits (the {mine} JSON schema allows "
                f"{digits})",
            )
        return Read(
            OK,
            f"accept every {type_text(writer)} value of {what} ({type_text(reader)} holds it)",
        )
    assert isinstance(reader, Scalar)
    r = "int64-as-string" if reader.name == "int64" else reader.name
    if r == "string":
        return Read(OK, f"accept {what} as any string")
    if r == "bytes":
        return Read(OK, f"accept {what} as a string (contentEncoding is an annotation)")
    w = writer.name if isinstance(writer, Scalar) else "decimal"
    if r == "duration" and ctx.fmt in ("openapi", "asyncapi"):
        return Read(
            OK,
            f"accept {what} as a string (the {ctx.fmt} format registry asserts no duration)",
        )
    if r in _FORMATS:
        return Read(
            ERROR,
            f"reject {what} written as {type_text(writer)} (the {mine} JSON schema asserts "
            f"format: {_FORMATS[r]})",
        )
    if r == "int64-as-string" and w == "int32":
        return Read(OK, f"accept {what}")
    return Read(ERROR, f"reject {what} written as {type_text(writer)}")


# ---------------------------------------------------------------------------------------------
# Per change kind: (change, reader on the new version?, context) -> Read
# ---------------------------------------------------------------------------------------------


def _name(change: ContractChange, new_side: bool = True) -> str:
    if change.kind == "field-renamed":
        return f"`{change.new if new_side else change.old}`"
    return f"`{change.element.rsplit('.', 1)[-1]}`"


def _closed(ctx: Context) -> bool:
    return ctx.policy.json_content_model == "closed"


def _field_added(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    f = ctx.field(change, True)
    name = _name(change, True)
    if reader_new:
        if f is not None and is_required(f):
            return Read(
                ERROR, f"reject documents without {name} (it is required in the new JSON schema)"
            )
        if ctx.policy.json == "strict" and not _closed(ctx):
            return Read(
                ERROR,
                f"may reject an old document that already holds {name} with another value "
                "(strict JSON policy: the old object was open)",
            )
        return Read(OK, f"accept documents without {name} (it is optional)")
    if _closed(ctx):
        return Read(ERROR, f"reject {name}, unknown to the old closed object")
    return Read(OK, f"ignore {name}, unknown to them (the old object is open)")


def _field_removed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    f = ctx.field(change, False)
    name = _name(change, False)
    if reader_new:
        if _closed(ctx):
            return Read(ERROR, f"reject {name}, which old documents carry (the object is closed)")
        return Read(OK, f"ignore {name} in old documents (the new object is open)")
    if f is not None and is_required(f):
        return Read(
            ERROR, f"reject documents without {name} (it is required in the old JSON schema)"
        )
    if ctx.policy.json == "strict" and not _closed(ctx):
        return Read(
            ERROR,
            f"may reject a new document that holds {name} with another value "
            "(strict JSON policy: the new object is open)",
        )
    return Read(OK, f"accept documents without {name} (it was optional)")


def _json_name(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    del ctx
    looked, written = (change.new, change.old) if reader_new else (change.old, change.new)
    return Read(
        ERROR, f"look for the property `{looked}` where the other version writes `{written}`"
    )


def _field_renamed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = _fields(change, ctx)
    if old is not None and new is not None and old.json_name == new.json_name:
        return Read(OK, f"read the property `{new.json_name}`, whose JSON name the rename keeps")
    added = _field_added(change, reader_new, ctx)
    removed = _field_removed(change, reader_new, ctx)
    found = added.worse(removed)
    if found.severity is None:
        lost = _name(change, not reader_new)
        return Read(
            OK,
            f"accept documents without {lost} (optional on both sides); its value is not seen "
            "under the other name",
        )
    return found


def _fields(change: ContractChange, ctx: Context) -> tuple[Field | None, Field | None]:
    return ctx.field(change, False), ctx.field(change, True)


def _field_type(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = _fields(change, ctx)
    if old is None or new is None:
        return Read(OK, "read it")
    reader, writer = (new, old) if reader_new else (old, new)
    return accepts(reader.type, writer.type, reader_new, ctx, _name(change))


def _required(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = _fields(change, ctx)
    if old is None or new is None:
        return Read(OK, "read it")
    name = _name(change)
    reader, writer = (new, old) if reader_new else (old, new)
    if change.kind == "field-default-changed":
        # Writers write every field of the contract; a JSON default is an annotation.
        return Read(OK, f"see the documented default of {name} change; writers still write it")
    if is_required(reader) and not is_required(writer):
        return Read(
            ERROR,
            f"reject documents without {name} (required in the {side(reader_new)} JSON schema, "
            f"optional in the {side(not reader_new)} one)",
        )
    return Read(OK, f"accept {name} present or absent")


def _enum_symbol(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    enum_name = str(change.detail.get("enum", ""))
    symbol = unknown_symbol(change, reader_new)
    if symbol is None:
        return Read(OK, f"accept every symbol of {enum_name} they meet")
    reader_enum = ctx.enum(enum_name, reader_new)
    listed = ", ".join(s.name for s in reader_enum.symbols) if reader_enum else ""
    default = (
        f"; the enum's default `{reader_enum.default}` does not help a JSON validator"
        if reader_enum is not None and reader_enum.default is not None
        else ""
    )
    return Read(
        ERROR,
        f"reject `{symbol}` of {enum_name} (the {side(reader_new)} JSON schema lists "
        f"{listed}){default}",
    )


def _variant(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    union = str(change.detail.get("union", ""))
    variant = change.element.rsplit(".", 1)[-1]
    added = change.kind == "union-variant-added"
    if added == reader_new:
        return Read(OK, f"accept every variant of {union} they meet")
    return Read(
        ERROR,
        f"reject the `{variant}` variant of {union} (no branch of the {side(reader_new)} "
        "JSON schema's oneOf matches it)",
    )


def _always(severity: object, what: str) -> Callable[[ContractChange, bool, Context], Read]:
    def judge(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
        return Read(severity, what.format(old=change.old, new=change.new))  # type: ignore[arg-type]

    return judge


def _body(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = change.old or "", change.new or ""
    reader, writer = (new, old) if reader_new else (old, new)
    return _named(reader, writer, reader_new, ctx, "the body", set())


def _header(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = ctx.header(change, False), ctx.header(change, True)
    name = f"header `{change.element.rsplit('.', 1)[-1]}`"
    reader, writer = (new, old) if reader_new else (old, new)
    if reader is None:
        return Read(OK, f"ignore the {name}")
    if writer is None:
        if reader.required:
            return Read(ERROR, f"reject messages without the {name} (required for them)")
        return Read(OK, f"accept messages without the optional {name}")
    if reader.required and not writer.required:
        return Read(ERROR, f"reject messages without the {name} (required for them)")
    if reader.type != writer.type:
        return accepts(reader.type, writer.type, reader_new, ctx, f"the {name}")
    return Read(OK, f"accept the {name}")


JUDGES: dict[str, Callable[[ContractChange, bool, Context], Read]] = {
    "field-added": _field_added,
    "field-removed": _field_removed,
    "field-renamed": _field_renamed,
    "field-json-name-changed": _json_name,
    "field-type-changed": _field_type,
    "field-optionality-changed": _required,
    "field-default-changed": _required,
    "enum-symbol-added": _enum_symbol,
    "enum-symbol-removed": _enum_symbol,
    "enum-symbol-renamed": _enum_symbol,
    "union-variant-added": _variant,
    "union-variant-removed": _variant,
    "union-variant-type-changed": _always(
        ERROR, "reject the variant written as {old} (they expect {new} or the other way round)"
    ),
    "union-discriminator-changed": _always(
        ERROR,
        "reject every value of the union: the discriminator property moved from {old} to {new}",
    ),
    "type-kind-changed": _always(ERROR, "reject every value: a {old} became a {new}"),
    "message-body-changed": lambda change, reader_new, ctx: _body(change, reader_new, ctx),
    "header-added": _header,
    "header-removed": _header,
    "header-type-changed": _header,
    "header-required-changed": _header,
}
