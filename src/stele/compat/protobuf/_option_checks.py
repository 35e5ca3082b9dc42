"""Rules over options and resolved features: file options and syntax, message, enum, field and
rpc options, extension ranges and oneofs. Each finding sits where buf puts it: at the option
when the new file writes it, else at the element."""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator

from stele.compat.handlers import handles
from stele.compat.model import Finding
from stele.compat.protobuf._context import Context
from stele.compat.protobuf._decls import (
    ENUM_FEATURES,
    ENUM_OPTIONS,
    FEATURE_ENUM_TYPE,
    FEATURE_JSON_FORMAT,
    FEATURE_UTF8,
    FIELD_CTYPE,
    FIELD_DEFAULT,
    FIELD_FEATURES,
    FIELD_JSTYPE,
    FIELD_OPTIONS,
    FILE_OPTIONS,
    MESSAGE_FEATURES,
    MESSAGE_NO_STANDARD_ACCESSOR,
    MESSAGE_OPTIONS,
    METHOD_IDEMPOTENCY,
    METHOD_OPTIONS,
    FieldDecl,
    ProtoSchema,
)
from stele.compat.protobuf._member_checks import subtract
from stele.compat.protobuf._option_rules import file_option_rule_id
from stele.compat.protobuf._pairing import EnumPair, MessagePair, Pair, ServicePair
from stele.compat.protobuf.rules import by_id

_INT64 = frozenset({"int64", "uint64", "sint64", "fixed64", "sfixed64"})
_JAVA_CHECK_UTF8 = 27  # FileOptions.java_string_check_utf8
_CPP, _JAVA = 1000, 1001  # (pb.cpp) and (pb.java) in FeatureSet; their features are field 2


@handles(
    *by_id(
        "proto-file-cc-enable-arenas-changed",
        "proto-file-cc-generic-services-changed",
        "proto-file-csharp-namespace-changed",
        "proto-file-go-package-changed",
        "proto-file-java-generic-services-changed",
        "proto-file-java-multiple-files-changed",
        "proto-file-java-outer-classname-changed",
        "proto-file-java-package-changed",
        "proto-file-objc-class-prefix-changed",
        "proto-file-optimize-for-changed",
        "proto-file-php-class-prefix-changed",
        "proto-file-php-metadata-namespace-changed",
        "proto-file-php-namespace-changed",
        "proto-file-py-generic-services-changed",
        "proto-file-ruby-package-changed",
        "proto-file-swift-prefix-changed",
        "proto-file-syntax-changed",
    )
)
def file_options_changed(ctx: Context) -> Iterator[Finding]:
    if not ctx.backward:
        return
    for pair in ctx.pairing.files:
        new_options = {o.name: o for o in pair.new.options}
        for before in pair.old.options:
            after = new_options.get(before.name)
            if after is None or after.value == before.value:
                continue
            rule = (
                "proto-file-syntax-changed"
                if before.name == "syntax"
                else file_option_rule_id(before.name)
            )
            old = ctx.pairing.old.at(pair.old.path, before.path) or pair.old.start
            new = ctx.pairing.new.at(pair.new.path, after.path) or pair.new.start
            values = {"file": pair.new.path, "old": before.value, "new": after.value}
            if before.name != "syntax":
                values["option"] = before.name
            yield from ctx.report(rule, pair.new.path, old, new, **values)


@handles(
    *by_id(
        "proto-extension-range-removed",
        "proto-message-descriptor-accessor-removed",
        "proto-message-json-format-changed",
        "proto-oneof-removed",
    )
)
def message_options_changed(ctx: Context, pair: MessagePair) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    name = old.full_name
    if ctx.backward:
        for low, high in old.extension_ranges:
            for a, b in subtract((low, high), new.extension_ranges):
                where, numbers = ctx.pair_at(pair), _range(a, b)
                rule = "proto-extension-range-removed"
                yield from ctx.report(rule, name, *where, message=name, range=numbers)
        for oneof in old.oneofs:
            if oneof not in new.oneofs:
                where = ctx.pair_at(pair)
                yield from ctx.report(
                    "proto-oneof-removed", name, *where, oneof=oneof, message=name
                )
        if old.json_format == "ALLOW" and new.json_format != "ALLOW":
            where = ctx.pair_at(pair, (MESSAGE_OPTIONS, MESSAGE_FEATURES, FEATURE_JSON_FORMAT))
            change = {"name": name, "old": old.json_format, "new": new.json_format}
            yield from ctx.report("proto-message-json-format-changed", name, *where, **change)
        if new.no_standard_accessor and not old.no_standard_accessor:
            where = ctx.pair_at(pair, (MESSAGE_OPTIONS, MESSAGE_NO_STANDARD_ACCESSOR))
            rule = "proto-message-descriptor-accessor-removed"
            yield from ctx.report(rule, name, *where, name=name)


@handles(*by_id("proto-enum-json-format-changed", "proto-enum-type-changed"))
def enum_options_changed(ctx: Context, pair: EnumPair) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    name = old.full_name
    if old.closed != new.closed:
        before, after = ("open", "closed") if new.closed else ("closed", "open")
        where = ctx.pair_at(pair, (ENUM_OPTIONS, ENUM_FEATURES, FEATURE_ENUM_TYPE))
        kinds = {"name": name, "old": before, "new": after}
        yield from ctx.report("proto-enum-type-changed", name, *where, **kinds)
    if ctx.backward and old.json_format == "ALLOW" and new.json_format != "ALLOW":
        where = ctx.pair_at(pair, (ENUM_OPTIONS, ENUM_FEATURES, FEATURE_JSON_FORMAT))
        change = {"name": name, "old": old.json_format, "new": new.json_format}
        yield from ctx.report("proto-enum-json-format-changed", name, *where, **change)


@handles(*by_id("proto-rpc-idempotency-changed"))
def rpc_options_changed(ctx: Context, pair: ServicePair) -> Iterator[Finding]:
    for methods in pair.methods:
        old, new = methods.old, methods.new
        if old.idempotency != new.idempotency:
            option = (METHOD_OPTIONS, METHOD_IDEMPOTENCY)
            where = (
                ctx.pairing.old.at(pair.old.file, (*old.path, *option)) or old.location,
                ctx.pairing.new.at(pair.new.file, (*new.path, *option))
                or ctx.pairing.new.files[pair.new.file].start,
            )
            change = {"rpc": old.name, "old": old.idempotency, "new": new.idempotency}
            yield from ctx.report("proto-rpc-idempotency-changed", old.full_name, *where, **change)


@handles(
    *by_id(
        "proto-field-cpp-string-type-changed",
        "proto-field-default-changed",
        "proto-field-java-utf8-validation-changed",
        "proto-field-jstype-changed",
        "proto-field-utf8-validation-changed",
    )
)
def field_options_changed(
    ctx: Context, messages: MessagePair | None, pair: Pair[FieldDecl]
) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    name = old.full_name
    label = old.shown
    if ctx.backward and old.type in _INT64 and new.type in _INT64 and old.jstype != new.jstype:
        where = ctx.pair_at(pair, (FIELD_OPTIONS, FIELD_JSTYPE))
        change = {"field": label, "old": old.jstype, "new": new.jstype}
        yield from ctx.report("proto-field-jstype-changed", name, *where, **change)
    in_map_entry = messages is not None and messages.old.map_entry
    if ctx.backward and not in_map_entry and _cpp_string_type_changed(old, new):
        where = ctx.pair_at(
            pair, (FIELD_OPTIONS, FIELD_CTYPE), (FIELD_OPTIONS, FIELD_FEATURES, _CPP, 2)
        )
        change = {"field": label, "old": old.string_type, "new": new.string_type}
        yield from ctx.report("proto-field-cpp-string-type-changed", name, *where, **change)
    if old.type == new.type == "string":
        if old.utf8 != new.utf8:
            where = ctx.pair_at(pair, (FIELD_OPTIONS, FIELD_FEATURES, FEATURE_UTF8))
            change = {"field": label, "old": old.utf8, "new": new.utf8}
            yield from ctx.report("proto-field-utf8-validation-changed", name, *where, **change)
        if old.java_utf8 != new.java_utf8:
            where = (
                ctx.pairing.old.at(old.location.path, (FILE_OPTIONS, _JAVA_CHECK_UTF8))
                or ctx.at("old", old, (FIELD_OPTIONS, FIELD_FEATURES, _JAVA, 2)),
                ctx.pairing.new.at(new.location.path, (FILE_OPTIONS, _JAVA_CHECK_UTF8))
                or ctx.at("new", new, (FIELD_OPTIONS, FIELD_FEATURES, _JAVA, 2)),
            )
            change = {"field": label, "old": old.java_utf8, "new": new.java_utf8}
            rule = "proto-field-java-utf8-validation-changed"
            yield from ctx.report(rule, name, *where, **change)
    yield from _default_changed(ctx, pair)


def _cpp_string_type_changed(old: FieldDecl, new: FieldDecl) -> bool:
    if not ({old.type, new.type} <= {"string", "bytes"}):
        return False
    if old.string_type == new.string_type:
        return False
    return not (old.string_type == "STRING_PIECE" and new.string_type == "STRING")


def _default_changed(ctx: Context, pair: Pair[FieldDecl]) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    if not (_has_default(old) and _has_default(new)):
        return
    before = _default_value(old, ctx.pairing.old)
    after = _default_value(new, ctx.pairing.new)
    if (_is_zero(before) and _is_zero(after)) or _same_default(before, after):
        return
    where = ctx.pair_at(pair, (FIELD_DEFAULT,))
    change = {"field": old.shown, "old": _shown(old), "new": _shown(new)}
    yield from ctx.report("proto-field-default-changed", old.full_name, *where, **change)


def _has_default(field: FieldDecl) -> bool:
    return field.cardinality == "singular" and field.type not in ("message", "group")


Value = str | int | float


def _default_value(field: FieldDecl, schema: ProtoSchema) -> Value:
    text = field.default
    if field.type in ("string", "bytes"):
        return text or ""
    if field.type == "enum":
        enum = schema.all_enums.get(field.type_name)
        values = enum.values if enum is not None else ()
        if text is None:
            return values[0].number if values else 0
        return next((v.number for v in values if v.name == text), 0)
    if field.type == "bool":
        return int(text == "true")
    if field.type in ("float", "double"):
        value = float(text) if text is not None else 0.0
        return _float32(value) if field.type == "float" else value
    return int(text) if text is not None else 0


def _float32(value: float) -> float:
    if math.isnan(value) or math.isinf(value):
        return value
    return float(struct.unpack("<f", struct.pack("<f", value))[0])


def _is_zero(value: Value) -> bool:
    return value in ("", 0) and not (isinstance(value, float) and math.copysign(1, value) < 0)


def _same_default(before: Value, after: Value) -> bool:
    if isinstance(before, str) or isinstance(after, str):
        return before == after
    if isinstance(before, float) and isinstance(after, float):
        if math.isnan(before) and math.isnan(after):
            return True
        return before == after or _float32(before) == _float32(after)
    return before == after


def _shown(field: FieldDecl) -> str:
    return repr(field.default) if field.default is not None else "unset"


def _range(low: int, high: int) -> str:
    return str(low) if low == high else f"{low} to {high}"


FILE_CHECKS = (file_options_changed,)
