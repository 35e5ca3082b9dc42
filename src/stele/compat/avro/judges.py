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


def primitive_types(pair: Pair[Primitive, Primitive]) -> Iterator[Finding]:
    reader, writer = pair.reader.type, pair.writer.type
    old, new = pair.old_new(reader, writer)
    if reader != writer:
        if not primitive_resolves(reader, writer):
            other_way = (
                " (the promotion only works the other way)"
                if (
                    reader,
                    writer,
                )
                in PROMOTIONS
                else ""
            )
            message = f"type changed from {old} to {new}{other_way}: {pair.consequence}"
            yield pair.finding(rules.TYPE_CHANGED, message)
            return
        yield _promotion(pair, old, new)
    yield from logical_types(pair)


def _promotion(pair: Pair[Primitive, Primitive], old: str, new: str) -> Finding:
    reader, writer = pair.reader.type, pair.writer.type
    if (writer, reader) == ("bytes", "string"):
        message = (
            f"type changed from {old} to {new}: readers of string fail on (or replace) "
            "bytes that are not UTF-8"
        )
        return pair.finding(rules.BYTES_TO_STRING, message)
    if (writer, reader) == ("string", "bytes"):
        message = f"type changed from {old} to {new}: text reaches the reader as bytes"
        return pair.finding(rules.BYTES_TO_STRING, message)
    if (writer, reader) in LOSSY_PROMOTIONS:
        message = (
            f"type changed from {old} to {new}: {writer} is read as {reader}, "
            "large values are rounded"
        )
        return pair.finding(rules.TYPE_PROMOTED_LOSSY, message)
    message = f"type changed from {old} to {new}: {writer} is read as {reader} by promotion"
    return pair.finding(rules.TYPE_PROMOTED, message)


def logical_types(pair: Pair[Primitive, Primitive] | Pair[Named, Named]) -> Iterator[Finding]:
    reader, writer = pair.reader, pair.writer
    if reader.logical != writer.logical:
        old, new = pair.old_new(reader.logical or "none", writer.logical or "none")
        message = (
            f"logical type changed from {old} to {new}: the values decode but mean "
            "something else to the reader"
        )
        yield pair.finding(rules.LOGICAL_TYPE_CHANGED, message)
        return
    if reader.logical != "decimal":
        return
    w_scale, r_scale = writer.scale or 0, reader.scale or 0
    if w_scale > r_scale:
        old, new = pair.old_new(str(r_scale), str(w_scale))
        message = (
            f"decimal scale changed from {old} to {new}: the writer's fractional digits have "
            "no place in the reader's type"
        )
        yield pair.finding(rules.DECIMAL_SCALE_CHANGED, message)
    w_digits, r_digits = (writer.precision or 0) - w_scale, (reader.precision or 0) - r_scale
    if r_digits < w_digits:
        old, new = pair.old_new(
            f"({reader.precision},{r_scale})", f"({writer.precision},{w_scale})"
        )
        message = (
            f"decimal changed from {old} to {new}: the writer may write {w_digits} integer "
            f"digits, the reader holds {r_digits}"
        )
        yield pair.finding(rules.DECIMAL_PRECISION_NARROWED, message)


def kind_changed(pair: Pair[Resolved, Resolved]) -> Iterator[Finding]:
    old, new = pair.old_new(describe(pair.reader), describe(pair.writer))
    yield pair.finding(rules.TYPE_CHANGED, f"type changed from {old} to {new}: {pair.consequence}")


def variants_unwrapped(pair: Pair[Resolved, Resolved]) -> Iterator[Finding]:
    old, new = pair.old_new(describe(pair.reader), describe(pair.writer))
    message = (
        f"type changed from {old} to {new}: a union's values are its variants, the value "
        f"reaches the reader as another contract value"
    )
    yield pair.finding(rules.TYPE_CHANGED, message)


def variant_renamed(pair: Pair[str, str], record: str) -> Iterator[Finding]:
    old, new = pair.old_new(pair.reader, pair.writer)
    message = (
        f"union variant of record {record} renamed from {old} to {new}: its values reach "
        "the reader as another variant"
    )
    yield pair.finding(rules.UNION_VARIANT_RENAMED, message)


def named_names(pair: Pair[Named, Named]) -> Iterator[Finding]:
    reader, writer = pair.reader, pair.writer
    old, new = pair.old_new(reader.fullname, writer.fullname)
    if not names_match(reader, writer):
        message = f"{reader.kind} renamed from {old} to {new} without an alias: {pair.consequence}"
        if writer.name == reader.name or reader.fullname in writer.aliases:
            message += " (an alias only helps readers of the schema that declares it)"
        yield pair.finding(rules.NAME_CHANGED, message)
    elif reader.fullname != writer.fullname and writer.fullname not in reader.aliases:
        old_ns, new_ns = pair.old_new(reader.namespace, writer.namespace)
        message = (
            f"{reader.kind} {reader.name} moved from namespace '{old_ns}' to '{new_ns}': "
            "code and tools that look types up by full name no longer find it"
        )
        yield pair.finding(rules.NAMESPACE_CHANGED, message)


def enum_symbols(pair: Pair[Named, Named]) -> Iterator[Finding]:
    reader, writer = pair.reader, pair.writer
    known = set(reader.symbols)
    unknown = [s for s in writer.symbols if s not in known]
    fallback = reader.enum_default if reader.enum_default in known else None
    for symbol in unknown:
        at = _symbol_pair(pair, symbol)
        if fallback:
            side = "new" if pair.reader_is_new else "old"
            message = f"symbol {symbol} is read as the default {fallback} by readers on the {side}"
            yield at.finding(rules.ENUM_SYMBOL_DEFAULTED, message + " schema")
        elif pair.reader_is_new:
            message = f"symbol {symbol} removed and the new enum has no default symbol"
            yield at.finding(rules.ENUM_SYMBOL_REMOVED, f"{message}: {pair.consequence}")
        else:
            message = f"symbol {symbol} added and the old enum has no default symbol"
            yield at.finding(rules.ENUM_SYMBOL_ADDED, f"{message}: {pair.consequence}")


def _symbol_pair(pair: Pair[Named, Named], symbol: str) -> Pair[Named, Named]:
    import dataclasses

    return dataclasses.replace(pair, subject=f"{pair.subject}.{symbol}")


def enum_default(pair: Pair[Named, Named]) -> Iterator[Finding]:
    if not pair.reader_is_new:
        return  # defaults are what the new reader fills in: reported once, in BACKWARD
    old, new = pair.writer.enum_default, pair.reader.enum_default
    if old is not None and new is None:
        message = f"default symbol {old} removed: readers can no longer absorb unknown symbols"
        yield pair.finding(rules.ENUM_DEFAULT_REMOVED, message)
    elif old is not None and new is not None and old != new:
        yield pair.finding(rules.DEFAULT_CHANGED, f"default symbol changed from {old} to {new}")


def fixed_size(pair: Pair[Named, Named]) -> Iterator[Finding]:
    if pair.reader.size != pair.writer.size:
        old, new = pair.old_new(str(pair.reader.size), str(pair.writer.size))
        message = f"size changed from {old} to {new} bytes: {pair.consequence}"
        yield pair.finding(rules.FIXED_SIZE_CHANGED, message)


def reader_field_missing(pair: Pair[Field, Named]) -> Iterator[Finding]:
    field = pair.reader
    if field.has_default:
        renamed = [f.name for f in pair.writer.fields if field.name in f.aliases]
        if renamed and not pair.reader_is_new:
            message = (
                f"field {field.name} renamed to {renamed[0]}: readers on the old schema do not "
                "know the alias and read their default instead of the value"
            )
            yield pair.finding(rules.FIELD_RENAMED_READ_AS_DEFAULT, message)
        return
    if pair.reader_is_new:
        message = f"field {field.name} added without a default: {pair.consequence}"
        yield pair.finding(rules.FIELD_ADDED_WITHOUT_DEFAULT, message)
        return
    message = f"field {field.name} removed and the old schema gives it no default"
    renamed = [f.name for f in pair.writer.fields if field.name in f.aliases]
    if renamed:
        message += f" (new field {renamed[0]} aliases it, but old readers do not know the alias)"
    yield pair.finding(rules.FIELD_REMOVED_WITHOUT_DEFAULT, f"{message}: {pair.consequence}")


def field_default(pair: Pair[Field, Field]) -> Iterator[Finding]:
    if not pair.reader_is_new:
        return  # defaults are what the new reader fills in: reported once, in BACKWARD
    old, new = pair.writer, pair.reader
    if old.has_default and new.has_default and _canonical(old.default) != _canonical(new.default):
        message = f"default changed from {_canonical(old.default)} to {_canonical(new.default)}"
        yield pair.finding(rules.DEFAULT_CHANGED, message)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def union_branch_missing(pair: Pair[Resolved, Resolved]) -> Iterator[Finding]:
    branch = describe(pair.writer)
    if pair.reader_is_new:
        message = f"the new type no longer accepts {branch}, which the old schema can write"
        yield pair.finding(rules.UNION_BRANCH_REMOVED, f"{message}: {pair.consequence}")
    else:
        message = f"the new type can write {branch}, which the old type cannot read"
        yield pair.finding(rules.UNION_BRANCH_ADDED, f"{message}: {pair.consequence}")
