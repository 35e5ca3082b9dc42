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
from stele.compat.contract.context import (
    ERROR,
    OK,
    WARNING,
    Context,
    Read,
    read,
    unknown_symbol,
)
from stele.diagnostics import Severity
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
        return read(OK, "json.accepts.1", writer_type=type_text(writer), target=what)
    if isinstance(reader, ListOf) and isinstance(writer, ListOf):
        return accepts(reader.item, writer.item, reader_new, ctx, f"the items of {what}")
    if isinstance(reader, MapOf) and isinstance(writer, MapOf):
        return accepts(reader.value, writer.value, reader_new, ctx, f"the values of {what}")
    rk, wk = json_kind(reader, ctx, reader_new), json_kind(writer, ctx, not reader_new)
    if isinstance(reader, Ref) and isinstance(writer, Ref):
        return _named(reader.name, writer.name, reader_new, ctx, what, set())
    if isinstance(reader, Ref) or isinstance(writer, Ref):
        if isinstance(reader, Scalar) and reader.name == "string" and wk == "string":
            return read(OK, "json.accepts.2", target=what, side=mine)
        return read(
            ERROR,
            "json.accepts.3",
            target=what,
            writer_type=type_text(writer),
            side=mine,
            reader_type=type_text(reader),
        )
    if rk != wk:
        if rk == "number" and wk == "integer":
            return read(OK, "json.accepts.4", target=what)
        return read(
            ERROR, "json.accepts.5", target=what, writer_kind=wk, side=mine, expected=_article(rk)
        )
    if rk == "integer":
        assert isinstance(reader, Scalar) and isinstance(writer, Scalar)
        if reader.name == "int32" and writer.name == "int64":
            return read(ERROR, "json.accepts.6", target=what, side=mine)
        return read(OK, "json.accepts.7", writer_type=writer.name, target=what)
    if rk == "number":
        return read(OK, "json.accepts.8", target=what)
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
        return read(OK, "json.named.1", target=what)
    if len(seen) >= MAX_PAIRS:
        return read(WARNING, "json.named.2", target=what, depth=MAX_PAIRS)
    seen.add((reader, writer))
    if isinstance(r, Enum) and isinstance(w, Enum):
        extra = [s.name for s in w.symbols if s.name not in {x.name for x in r.symbols}]
        if extra:
            return read(
                ERROR, "json.named.3", target=what, symbol=extra[0], side=mine, reader=reader
            )
        return read(OK, "json.named.4", target=what, reader=reader, writer=writer)
    if isinstance(r, Record) and isinstance(w, Union):
        for v in w.variants:  # each variant's object, with the discriminator property
            found = _named(reader, v.type.name, reader_new, ctx, what, seen)
            if found.severity is ERROR:
                return found
        return read(OK, "json.named.5", writer=writer, reader=reader)
    if isinstance(r, Union) and not isinstance(w, Union):
        return read(
            ERROR,
            "json.named.6",
            target=what,
            writer=writer,
            discriminator=r.discriminator,
            reader=reader,
        )
    if isinstance(r, Record) and isinstance(w, Record):
        doubt: Read | None = None
        for rf in r.fields:
            wf = w.field(rf.name)
            if wf is None:
                if is_required(rf):
                    return read(ERROR, "json.named.7", target=what, field=rf.name, reader=reader)
                continue
            if is_required(rf) and not is_required(wf):
                return read(ERROR, "json.named.8", target=what, field=rf.name, reader=reader)
            found = accepts_in(rf.type, wf.type, reader_new, ctx, f"`{rf.name}` of {what}", seen)
            if found.severity is ERROR:
                return found
            if found.severity is WARNING and doubt is None:
                doubt = found
        if ctx.policy.json_content_model == "closed":
            names = {f.name for f in r.fields}
            extra_fields = [f.name for f in w.fields if f.name not in names]
            if extra_fields:
                return read(
                    ERROR, "json.named.9", target=what, field=extra_fields[0], reader=reader
                )
        return doubt or read(OK, "json.named.10", target=what, reader=reader, writer=writer)
    return read(ERROR, "json.named.11", target=what, writer=writer, side=mine, reader=reader)


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
        return read(OK, "json.accepts-in", target=what)
    return accepts(reader, writer, reader_new, ctx, what)


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _strings(reader: TypeExpr, writer: TypeExpr, mine: str, what: str, ctx: Context) -> Read:
    if isinstance(reader, Decimal):
        if not isinstance(writer, Decimal):
            return read(
                ERROR, "json.strings.1", target=what, side=mine, reader_type=type_text(reader)
            )
        digits, wdigits = reader.precision - reader.scale, writer.precision - writer.scale
        if writer.scale > reader.scale:
            return read(
                ERROR,
                "json.strings.2",
                target=what,
                writer_scale=writer.scale,
                side=mine,
                reader_scale=reader.scale,
            )
        if wdigits > digits:
            return read(
                ERROR,
                "json.strings.3",
                target=what,
                writer_digits=wdigits,
                side=mine,
                reader_digits=digits,
            )
        return read(
            OK,
            "json.strings.4",
            writer_type=type_text(writer),
            target=what,
            reader_type=type_text(reader),
        )
    assert isinstance(reader, Scalar)
    r = "int64-as-string" if reader.name == "int64" else reader.name
    if r == "string":
        return read(OK, "json.strings.5", target=what)
    if r == "bytes":
        return read(OK, "json.strings.6", target=what)
    w = writer.name if isinstance(writer, Scalar) else "decimal"
    if r == "duration" and ctx.fmt in ("openapi", "asyncapi"):
        return read(OK, "json.strings.7", target=what, format=ctx.fmt)
    if r in _FORMATS:
        return read(
            ERROR,
            "json.strings.8",
            target=what,
            writer_type=type_text(writer),
            side=mine,
            reader_form=_FORMATS[r],
        )
    if r == "int64-as-string" and w == "int32":
        return read(OK, "json.strings.9", target=what)
    return read(ERROR, "json.strings.10", target=what, writer_type=type_text(writer))


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
            return read(ERROR, "json.field-added.1", name=name)
        if ctx.policy.json == "strict" and not _closed(ctx):
            return read(ERROR, "json.field-added.2", name=name)
        return read(OK, "json.field-added.3", name=name)
    if _closed(ctx):
        return read(ERROR, "json.field-added.4", name=name)
    return read(OK, "json.field-added.5", name=name)


def _field_removed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    f = ctx.field(change, False)
    name = _name(change, False)
    if reader_new:
        if _closed(ctx):
            return read(ERROR, "json.field-removed.1", name=name)
        return read(OK, "json.field-removed.2", name=name)
    if f is not None and is_required(f):
        return read(ERROR, "json.field-removed.3", name=name)
    if ctx.policy.json == "strict" and not _closed(ctx):
        return read(ERROR, "json.field-removed.4", name=name)
    return read(OK, "json.field-removed.5", name=name)


def _json_name(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    del ctx
    looked, written = (change.new, change.old) if reader_new else (change.old, change.new)
    return read(ERROR, "json.json-name", looked=looked, written=written)


def _field_renamed(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = _fields(change, ctx)
    if old is not None and new is not None and old.json_name == new.json_name:
        return read(OK, "json.field-renamed.1", json_name=new.json_name)
    added = _field_added(change, reader_new, ctx)
    removed = _field_removed(change, reader_new, ctx)
    found = added.worse(removed)
    if found.severity is None:
        lost = _name(change, not reader_new)
        return read(OK, "json.field-renamed.2", lost=lost)
    return found


def _fields(change: ContractChange, ctx: Context) -> tuple[Field | None, Field | None]:
    return ctx.field(change, False), ctx.field(change, True)


def _field_type(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = _fields(change, ctx)
    if old is None or new is None:
        return read(OK, "json.field-type")
    reader, writer = (new, old) if reader_new else (old, new)
    return accepts(reader.type, writer.type, reader_new, ctx, _name(change))


def _required(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    old, new = _fields(change, ctx)
    if old is None or new is None:
        return read(OK, "json.required.1")
    name = _name(change)
    reader, writer = (new, old) if reader_new else (old, new)
    if change.kind == "field-default-changed":
        # Writers write every field of the contract; a JSON default is an annotation.
        return read(OK, "json.required.2", name=name)
    if is_required(reader) and not is_required(writer):
        return read(
            ERROR,
            "json.required.3",
            name=name,
            side=side(reader_new),
            other_side=side(not reader_new),
        )
    return read(OK, "json.required.4", name=name)


def _enum_symbol(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    enum_name = str(change.detail.get("enum", ""))
    symbol = unknown_symbol(change, reader_new)
    if symbol is None:
        return read(OK, "json.enum-symbol.1", enum=enum_name)
    reader_enum = ctx.enum(enum_name, reader_new)
    listed = ", ".join(s.name for s in reader_enum.symbols) if reader_enum else ""
    mine = side(reader_new)
    if reader_enum is not None and reader_enum.default is not None:
        default = reader_enum.default
        return read(
            ERROR, "json.enum-symbol.3",
            symbol=symbol, enum=enum_name, side=mine, listed=listed, default=default,
        )  # fmt: skip
    return read(
        ERROR, "json.enum-symbol.2", symbol=symbol, enum=enum_name, side=mine, listed=listed
    )


def _variant(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
    union = str(change.detail.get("union", ""))
    variant = change.element.rsplit(".", 1)[-1]
    added = change.kind == "union-variant-added"
    if added == reader_new:
        return read(OK, "json.variant.1", union=union)
    return read(ERROR, "json.variant.2", branch=variant, union=union, side=side(reader_new))


def _always(
    severity: Severity | None, phrase: str
) -> Callable[[ContractChange, bool, Context], Read]:
    def judge(change: ContractChange, reader_new: bool, ctx: Context) -> Read:
        return read(severity, phrase, old=change.old, new=change.new)

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
        return read(OK, "json.header.1", name=name)
    if writer is None:
        if reader.required:
            return read(ERROR, "json.header.2", name=name)
        return read(OK, "json.header.3", name=name)
    if reader.required and not writer.required:
        return read(ERROR, "json.header.4", name=name)
    if reader.type != writer.type:
        return accepts(reader.type, writer.type, reader_new, ctx, f"the {name}")
    return read(OK, "json.header.5", name=name)


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
    "union-variant-type-changed": _always(ERROR, "json.union-variant-type-changed"),
    "union-discriminator-changed": _always(
        ERROR,
        "json.union-discriminator-changed",
    ),
    "type-kind-changed": _always(ERROR, "json.type-kind-changed"),
    "message-body-changed": lambda change, reader_new, ctx: _body(change, reader_new, ctx),
    "header-added": _header,
    "header-removed": _header,
    "header-type-changed": _header,
    "header-required-changed": _header,
}
