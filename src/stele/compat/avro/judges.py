"""Rule functions: each judges one matched reader/writer pair (paired in `pairing`).

Messages speak of old and new, not reader and writer: the direction decides which is which.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from stele.compat.avro import rules
from stele.compat.avro.pair import Pair
from stele.compat.avro.resolution import (
    LOSSY_PROMOTIONS,
    PROMOTIONS,
    names_match,
    primitive_resolves,
)
from stele.compat.avro.schema import ArrayOf, Field, MapOf, Named, Primitive, Resolved, Union
from stele.compat.handlers import handles
from stele.compat.model import Finding


def describe(schema: Resolved) -> str:
    if isinstance(schema, Primitive):
        return f"{schema.type} ({schema.logical})" if schema.logical else schema.type
    if isinstance(schema, Named):
        return f"{schema.kind} {schema.fullname}"
    if isinstance(schema, ArrayOf):
        return "array"
    if isinstance(schema, MapOf):
        return "map"
    assert isinstance(schema, Union)
    return "union"


@handles(rules.BYTES_TO_STRING, rules.TYPE_CHANGED, rules.TYPE_PROMOTED, rules.TYPE_PROMOTED_LOSSY)
def primitive_types(pair: Pair[Primitive, Primitive]) -> Iterator[Finding]:
    reader, writer = pair.reader.type, pair.writer.type
    old, new = pair.old_new(reader, writer)
    if reader != writer:
        if not primitive_resolves(reader, writer):
            one_way = "one-way" if (reader, writer) in PROMOTIONS else ""
            yield pair.report(rules.TYPE_CHANGED, one_way, old=old, new=new)
            return
        yield _promotion(pair, old, new)
    yield from logical_types(pair)


def _promotion(pair: Pair[Primitive, Primitive], old: str, new: str) -> Finding:
    reader, writer = pair.reader.type, pair.writer.type
    if (writer, reader) == ("bytes", "string"):
        return pair.report(rules.BYTES_TO_STRING, old=old, new=new)
    if (writer, reader) == ("string", "bytes"):
        return pair.report(rules.BYTES_TO_STRING, "to-bytes", old=old, new=new)
    rule = (
        rules.TYPE_PROMOTED_LOSSY if (writer, reader) in LOSSY_PROMOTIONS else rules.TYPE_PROMOTED
    )
    return pair.report(rule, old=old, new=new, writer=writer, reader=reader)


@handles(rules.DECIMAL_PRECISION_NARROWED, rules.DECIMAL_SCALE_CHANGED, rules.LOGICAL_TYPE_CHANGED)
def logical_types(pair: Pair[Primitive, Primitive] | Pair[Named, Named]) -> Iterator[Finding]:
    reader, writer = pair.reader, pair.writer
    if reader.logical != writer.logical:
        old, new = pair.old_new(reader.logical or "none", writer.logical or "none")
        yield pair.report(rules.LOGICAL_TYPE_CHANGED, old=old, new=new)
        return
    if reader.logical != "decimal":
        return
    w_scale, r_scale = writer.scale or 0, reader.scale or 0
    if w_scale > r_scale:
        old, new = pair.old_new(str(r_scale), str(w_scale))
        yield pair.report(rules.DECIMAL_SCALE_CHANGED, old=old, new=new)
    w_digits, r_digits = (writer.precision or 0) - w_scale, (reader.precision or 0) - r_scale
    if r_digits < w_digits:
        old, new = pair.old_new(
            f"({reader.precision},{r_scale})", f"({writer.precision},{w_scale})"
        )
        digits = {"writer_digits": str(w_digits), "reader_digits": str(r_digits)}
        yield pair.report(rules.DECIMAL_PRECISION_NARROWED, old=old, new=new, **digits)


@handles(rules.TYPE_CHANGED)
def kind_changed(pair: Pair[Resolved, Resolved]) -> Iterator[Finding]:
    old, new = pair.old_new(describe(pair.reader), describe(pair.writer))
    yield pair.report(rules.TYPE_CHANGED, old=old, new=new)


@handles(rules.TYPE_CHANGED)
def variants_unwrapped(pair: Pair[Resolved, Resolved]) -> Iterator[Finding]:
    old, new = pair.old_new(describe(pair.reader), describe(pair.writer))
    yield pair.report(rules.TYPE_CHANGED, "unwrapped", old=old, new=new)


@handles(rules.UNION_VARIANT_RENAMED)
def variant_renamed(pair: Pair[str, str], record: str) -> Iterator[Finding]:
    old, new = pair.old_new(pair.reader, pair.writer)
    yield pair.report(rules.UNION_VARIANT_RENAMED, record=record, old=old, new=new)


@handles(rules.NAME_CHANGED, rules.NAMESPACE_CHANGED)
def named_names(pair: Pair[Named, Named]) -> Iterator[Finding]:
    reader, writer = pair.reader, pair.writer
    old, new = pair.old_new(reader.fullname, writer.fullname)
    if not names_match(reader, writer):
        aliased = writer.name == reader.name or reader.fullname in writer.aliases
        variant = "aliased" if aliased else ""
        yield pair.report(rules.NAME_CHANGED, variant, kind=reader.kind, old=old, new=new)
    elif reader.fullname != writer.fullname and writer.fullname not in reader.aliases:
        old_ns, new_ns = pair.old_new(reader.namespace, writer.namespace)
        names = {"kind": reader.kind, "name": reader.name}
        yield pair.report(rules.NAMESPACE_CHANGED, old=old_ns, new=new_ns, **names)


@handles(rules.ENUM_SYMBOL_ADDED, rules.ENUM_SYMBOL_DEFAULTED, rules.ENUM_SYMBOL_REMOVED)
def enum_symbols(pair: Pair[Named, Named]) -> Iterator[Finding]:
    reader, writer = pair.reader, pair.writer
    known = set(reader.symbols)
    unknown = [s for s in writer.symbols if s not in known]
    fallback = reader.enum_default if reader.enum_default in known else None
    for symbol in unknown:
        at = _symbol_pair(pair, symbol)
        if fallback:
            side = "new" if pair.reader_is_new else "old"
            yield at.report(rules.ENUM_SYMBOL_DEFAULTED, symbol=symbol, default=fallback, side=side)
        elif pair.reader_is_new:
            yield at.report(rules.ENUM_SYMBOL_REMOVED, symbol=symbol)
        else:
            yield at.report(rules.ENUM_SYMBOL_ADDED, symbol=symbol)


def _symbol_pair(pair: Pair[Named, Named], symbol: str) -> Pair[Named, Named]:
    import dataclasses

    return dataclasses.replace(pair, subject=f"{pair.subject}.{symbol}")


@handles(rules.DEFAULT_CHANGED, rules.ENUM_DEFAULT_REMOVED)
def enum_default(pair: Pair[Named, Named]) -> Iterator[Finding]:
    if not pair.reader_is_new:
        return  # defaults are what the new reader fills in: reported once, in BACKWARD
    old, new = pair.writer.enum_default, pair.reader.enum_default
    if old is not None and new is None:
        yield pair.report(rules.ENUM_DEFAULT_REMOVED, old=old)
    elif old is not None and new is not None and old != new:
        yield pair.report(rules.DEFAULT_CHANGED, "symbol", old=old, new=new)


@handles(rules.FIXED_SIZE_CHANGED)
def fixed_size(pair: Pair[Named, Named]) -> Iterator[Finding]:
    if pair.reader.size != pair.writer.size:
        old, new = pair.old_new(str(pair.reader.size), str(pair.writer.size))
        yield pair.report(rules.FIXED_SIZE_CHANGED, old=old, new=new)


@handles(
    rules.FIELD_ADDED_WITHOUT_DEFAULT,
    rules.FIELD_REMOVED_WITHOUT_DEFAULT,
    rules.FIELD_RENAMED_READ_AS_DEFAULT,
)
def reader_field_missing(pair: Pair[Field, Named]) -> Iterator[Finding]:
    field = pair.reader
    if field.has_default:
        renamed = [f.name for f in pair.writer.fields if field.name in f.aliases]
        if renamed and not pair.reader_is_new:
            yield pair.report(
                rules.FIELD_RENAMED_READ_AS_DEFAULT, field=field.name, alias=renamed[0]
            )
        return
    if pair.reader_is_new:
        yield pair.report(rules.FIELD_ADDED_WITHOUT_DEFAULT, field=field.name)
        return
    renamed = [f.name for f in pair.writer.fields if field.name in f.aliases]
    if renamed:
        rule = rules.FIELD_REMOVED_WITHOUT_DEFAULT
        yield pair.report(rule, "aliased", field=field.name, alias=renamed[0])
    else:
        yield pair.report(rules.FIELD_REMOVED_WITHOUT_DEFAULT, field=field.name)


@handles(rules.DEFAULT_CHANGED)
def field_default(pair: Pair[Field, Field]) -> Iterator[Finding]:
    if not pair.reader_is_new:
        return  # defaults are what the new reader fills in: reported once, in BACKWARD
    old, new = pair.writer, pair.reader
    if old.has_default and new.has_default and _canonical(old.default) != _canonical(new.default):
        values = {"old": _canonical(old.default), "new": _canonical(new.default)}
        yield pair.report(rules.DEFAULT_CHANGED, **values)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


@handles(rules.UNION_BRANCH_ADDED, rules.UNION_BRANCH_REMOVED)
def union_branch_missing(pair: Pair[Resolved, Resolved]) -> Iterator[Finding]:
    branch = describe(pair.writer)
    rule = rules.UNION_BRANCH_REMOVED if pair.reader_is_new else rules.UNION_BRANCH_ADDED
    yield pair.report(rule, branch=branch)
