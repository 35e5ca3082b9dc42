"""What a descriptor says once its features are resolved: presence, packing, the delimited
encoding, and the options and features that buf's FILE and PACKAGE rules compare.

Pure functions over descriptor_pb2 messages and resolved features (`_features`).
"""

from __future__ import annotations

from typing import Any

from stele.compat.protobuf import _features as feat
from stele.compat.protobuf._decls import (
    FILE_EDITION,
    FILE_OPTIONS,
    FILE_SYNTAX,
    LABEL_REPEATED,
    LABEL_REQUIRED,
    TYPE_NAMES,
    FileOption,
    Path,
)

# The FileOptions buf compares (FILE_SAME_*), in buf's order.
FILE_OPTIONS_COMPARED = (
    "go_package",
    "java_package",
    "java_multiple_files",
    "java_outer_classname",
    "csharp_namespace",
    "objc_class_prefix",
    "php_class_prefix",
    "php_namespace",
    "php_metadata_namespace",
    "ruby_package",
    "swift_prefix",
    "optimize_for",
    "cc_enable_arenas",
    "cc_generic_services",
    "java_generic_services",
    "py_generic_services",
)
_PACKABLE = frozenset(TYPE_NAMES.values()) - {"string", "bytes", "message", "group"}


def file_options(file: Any) -> tuple[FileOption, ...]:
    """The syntax (or edition) and each compared option, valued as buf prints them."""
    if file.syntax == "editions":
        # One value for every edition, as buf compares: a new edition is judged by what its
        # defaults change, field by field (presence, UTF-8, the C++ string type...).
        found = [FileOption("syntax", "editions", (FILE_EDITION,))]
    else:
        found = [FileOption("syntax", file.syntax or "proto2", (FILE_SYNTAX,))]
    options = file.options
    fields = options.DESCRIPTOR.fields_by_name
    for name in FILE_OPTIONS_COMPARED:
        field = fields[name]
        value = getattr(options, name)
        if field.enum_type is not None:
            text = field.enum_type.values_by_number[value].name
        elif isinstance(value, bool):
            text = "true" if value else "false"
        else:
            text = str(value)
        found.append(FileOption(name, text, (FILE_OPTIONS, field.number)))
    return tuple(found)


def java_check_utf8(file: Any) -> bool | None:
    """The file's java_string_check_utf8, None when not set."""
    options = file.options
    return (
        bool(options.java_string_check_utf8) if options.HasField("java_string_check_utf8") else None
    )


def field_type(field: Any, features: feat.Features) -> str:
    name = TYPE_NAMES[field.type]
    if name == "message" and feat.get(features, "message_encoding") == "DELIMITED":
        return "group"  # editions: a delimited-encoded message is a group on the wire
    return name


def presence(field: Any, oneof: str, syntax: str, features: feat.Features) -> str:
    if field.label == LABEL_REPEATED:
        return "repeated"
    setting = feat.get(features, "field_presence")
    if field.label == LABEL_REQUIRED or setting == "LEGACY_REQUIRED":
        return "required"
    if field.type in (10, 11) or oneof or field.proto3_optional or field.extendee:
        return "explicit"  # messages, oneof members and extensions always track presence
    if syntax == "proto3":
        return "implicit"
    return "implicit" if setting == "IMPLICIT" else "explicit"


def packed(field: Any, features: feat.Features) -> bool:
    if field.label != LABEL_REPEATED or TYPE_NAMES[field.type] not in _PACKABLE:
        return False
    if field.options.HasField("packed"):
        return bool(field.options.packed)
    return feat.get(features, "repeated_field_encoding") == "PACKED"


def string_type(field: Any, features: feat.Features, edition: int) -> str:
    """The C++ string type: the `ctype` option before edition 2024 (STRING_PIECE kept apart,
    as buf does), else the (pb.cpp).string_type feature."""
    options = field.options
    if edition < feat.EDITION_2024 and options.HasField("ctype"):
        ctype = options.DESCRIPTOR.fields_by_name["ctype"].enum_type
        return str(ctype.values_by_number[options.ctype].name)
    return feat.get(features, feat.CPP_STRING_TYPE)


def java_utf8(features: feat.Features, syntax: str, check_utf8: bool | None) -> str:
    """VERIFY when Java checks UTF-8 for a string field, else the utf8_validation feature."""
    default = feat.get(features, "utf8_validation")
    if syntax != "editions" or check_utf8 is not None:
        return "VERIFY" if check_utf8 else default
    return "VERIFY" if feat.get(features, feat.JAVA_UTF8) == "VERIFY" else default


_JSTYPES = ("JS_NORMAL", "JS_STRING", "JS_NUMBER")  # FieldOptions.JSType by number


def jstype(field: Any) -> str:
    value = field.options.jstype
    return _JSTYPES[value] if 0 <= value < len(_JSTYPES) else str(value)


def default(field: Any) -> str | None:
    return str(field.default_value) if field.HasField("default_value") else None


def idempotency(method: Any) -> str:
    options = method.options
    enum = options.DESCRIPTOR.fields_by_name["idempotency_level"].enum_type
    return str(enum.values_by_number[options.idempotency_level].name)


def extension_ranges(message: Any) -> tuple[tuple[int, int], ...]:
    return tuple((r.start, r.end - 1) for r in message.extension_range)


def sub(path: Path, *more: int) -> Path:
    return (*path, *more)
