"""Editions features resolved the way protoc resolves them.

A compiled descriptor carries only the features a file sets explicitly. The value that applies
to an element is the nearest explicit one on the way up (field, oneof, message and its enclosing
messages, file; an enum value's enum; an extension's scope), else the edition's default. The
defaults come from descriptor.proto itself (each FeatureSet field's `edition_defaults`), so
proto2 and proto3 files resolve as the editions EDITION_PROTO2 and EDITION_PROTO3: proto2 has
closed enums, explicit presence and no UTF-8 check, proto3 the opposite.

Two language features that buf compares are read too: `(pb.cpp).string_type` and
`(pb.java).utf8_validation`, extensions of FeatureSet that the Python runtime does not know and
keeps as unknown fields.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Each is a FeatureSet field whose value is an enum value name.
FEATURES = (
    "field_presence",
    "enum_type",
    "repeated_field_encoding",
    "utf8_validation",
    "message_encoding",
    "json_format",
)
EDITION_PROTO2 = 998
EDITION_PROTO3 = 999
EDITION_2024 = 1001
# Extensions of FeatureSet: (pb.cpp) = 1000, (pb.java) = 1001; the feature's field number in
# its message, its enum value names by number, and its default before and from edition 2024.
_CPP, _JAVA = 1000, 1001
CPP_STRING_TYPE = "cpp.string_type"
JAVA_UTF8 = "java.utf8_validation"
_LANGUAGE = {
    CPP_STRING_TYPE: (_CPP, 2, {1: "VIEW", 2: "CORD", 3: "STRING"}, ("STRING", "VIEW")),
    JAVA_UTF8: (_JAVA, 2, {1: "DEFAULT", 2: "VERIFY"}, ("DEFAULT", "DEFAULT")),
}

Features = tuple[tuple[str, str], ...]


def edition_of(file: Any) -> int:
    """The edition a file resolves features in: proto2 (also a file without `syntax`), proto3,
    or its `edition`."""
    if file.syntax == "editions":
        return int(file.edition)
    return EDITION_PROTO3 if file.syntax == "proto3" else EDITION_PROTO2


@lru_cache(maxsize=16)
def defaults(edition: int) -> Features:
    from google.protobuf import descriptor_pb2

    fields = descriptor_pb2.FeatureSet.DESCRIPTOR.fields_by_name
    resolved = []
    for name in FEATURES:
        value = ""
        for default in fields[name].GetOptions().edition_defaults:
            if default.edition <= edition:
                value = default.value
        resolved.append((name, value))
    for name, (_, _, _, (legacy, modern)) in _LANGUAGE.items():
        resolved.append((name, modern if edition >= EDITION_2024 else legacy))
    return tuple(resolved)


def overlay(parent: Features, options: Any) -> Features:
    """`parent` with the features `options` sets explicitly (the same object when none)."""
    if not options.HasField("features"):
        return parent
    features = options.features
    explicit: dict[str, str] = {}
    for field, value in features.ListFields():
        if field.name in FEATURES:
            explicit[field.name] = field.enum_type.values_by_number[value].name
    explicit.update(_language_features(features))
    if not explicit:
        return parent
    return tuple((name, explicit.get(name, value)) for name, value in parent)


# Each feature's place in a resolved Features tuple (the order `defaults` builds).
_INDEX = {name: i for i, name in enumerate((*FEATURES, *_LANGUAGE))}


def get(features: Features, name: str) -> str:
    return features[_INDEX[name]][1]


def _language_features(features: Any) -> dict[str, str]:
    from google.protobuf.unknown_fields import UnknownFieldSet

    found: dict[str, str] = {}
    unknowns: Any = UnknownFieldSet(features)
    for unknown in unknowns:
        if unknown.wire_type != 2:
            continue
        for name, (extension, number, names, _) in _LANGUAGE.items():
            if unknown.field_number == extension:
                value = _varint_field(bytes(unknown.data), number)
                if value in names:
                    found[name] = names[value]
    return found


def _varint_field(data: bytes, number: int) -> int | None:
    """The last value of varint field `number` in an encoded message (None when absent)."""
    found, at = None, 0
    while at < len(data):
        tag, at = _varint(data, at)
        wire = tag & 7
        if wire == 0:
            value, at = _varint(data, at)
            if tag >> 3 == number:
                found = value
        elif wire == 2:
            size, at = _varint(data, at)
            at += size
        elif wire in (1, 5):
            at += 8 if wire == 1 else 4
        else:
            return found
    return found


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value, shift = 0, 0
    while at < len(data) and shift < 64:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
        shift += 7
    return value, at
