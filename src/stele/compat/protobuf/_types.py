"""How a field's type or cardinality change reads, per category, for one reader and one writer.

Binary classification follows the Protobuf language guide ("Updating A Message Type"): types
that share a wire encoding are compatible, with values truncated or reinterpreted when they do
not fit the reader's type (a warning), and plain widening is harmless (info). The JSON mapping
only tolerates swaps with the same JSON representation.
"""

from __future__ import annotations

from stele.compat.protobuf._descriptors import EnumDecl, FieldDecl
from stele.diagnostics import Severity

Verdict = tuple[Severity, str] | None

_VARINT_RANGES = {
    "bool": (0, 1),
    "int32": (-(2**31), 2**31 - 1),
    "enum": (-(2**31), 2**31 - 1),
    "uint32": (0, 2**32 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "uint64": (0, 2**64 - 1),
}
_WIRE_GROUP = {
    **{t: "varint" for t in _VARINT_RANGES},
    "sint32": "zigzag",
    "sint64": "zigzag",
    "fixed32": "i32",
    "sfixed32": "i32",
    "fixed64": "i64",
    "sfixed64": "i64",
    "string": "len",
    "bytes": "len",
    "message": "len",
}
_CODE = ("package", "file")  # generated code: any change breaks it
_JSON_SWAPPABLE = (
    frozenset({"int32", "uint32"}),
    frozenset({"int64", "uint64"}),
    frozenset({"fixed32", "sfixed32"}),
    frozenset({"fixed64", "sfixed64"}),
)
_LENGTH_DELIMITED = {
    ("bytes", "string"): (Severity.INFO, "bytes readers accept any string"),
    ("string", "bytes"): (Severity.WARNING, "string readers reject bytes that are not UTF-8"),
    ("bytes", "message"): (Severity.INFO, "bytes readers receive the encoded message"),
    ("message", "bytes"): (
        Severity.WARNING,
        "message readers fail on bytes that are not an encoded message",
    ),
}


def type_change(
    reader: FieldDecl,
    writer: FieldDecl,
    category: str,
    reader_enums: dict[str, EnumDecl],
    writer_enums: dict[str, EnumDecl],
    backward: bool,
) -> Verdict:
    if reader.type == writer.type and reader.type_name == writer.type_name:
        return None
    if reader.type == writer.type == "enum":
        return _enum_change(reader, writer, category, reader_enums, writer_enums, backward)
    if category in _CODE:
        return Severity.ERROR, "generated code changes type"
    if reader.type == writer.type:  # two message or group types
        return Severity.ERROR, "the message types differ"
    wire = _wire_change(reader.type, writer.type)
    if category == "wire" or wire[0] is Severity.ERROR:
        return wire
    if frozenset({reader.type, writer.type}) in _JSON_SWAPPABLE:
        return wire
    return Severity.ERROR, "the JSON encodings differ"


def _wire_change(reader: str, writer: str) -> tuple[Severity, str]:
    group = _WIRE_GROUP.get(reader)
    if group is None or group != _WIRE_GROUP.get(writer):
        return Severity.ERROR, "the wire encodings differ"
    if group == "varint":
        return _varint_change(reader, writer)
    if group == "zigzag":
        if reader == "sint64":
            return Severity.INFO, "sint64 readers hold every sint32 value"
        return Severity.WARNING, "sint64 values outside the sint32 range are truncated"
    if group in ("i32", "i64"):
        return Severity.WARNING, "values are reinterpreted across signedness"
    return _LENGTH_DELIMITED.get(
        (reader, writer), (Severity.ERROR, "a string is not an encoded message")
    )


def _varint_change(reader: str, writer: str) -> tuple[Severity, str]:
    if reader == "enum":
        return Severity.WARNING, "numbers without an enum value are unknown to readers"
    if reader == "bool":
        return Severity.WARNING, "every non-zero number reads as true"
    low, high = _VARINT_RANGES[reader]
    wlow, whigh = _VARINT_RANGES[writer]
    if low <= wlow and whigh <= high:
        return Severity.INFO, f"{reader} readers hold every {writer} value"
    return (
        Severity.WARNING,
        f"{writer} values outside the {reader} range are truncated or change sign",
    )


def _enum_change(
    reader: FieldDecl,
    writer: FieldDecl,
    category: str,
    reader_enums: dict[str, EnumDecl],
    writer_enums: dict[str, EnumDecl],
    backward: bool,
) -> Verdict:
    if category in _CODE:
        return Severity.ERROR, "generated code changes type"
    # Like buf: an enum that moved (same short name) and kept every value is the same enum;
    # values it gained are judged like added values.
    writer_enum, reader_enum = (
        writer_enums.get(writer.type_name),
        reader_enums.get(reader.type_name),
    )
    same_short = reader.type_name.rsplit(".", 1)[-1] == writer.type_name.rsplit(".", 1)[-1]
    if writer_enum and reader_enum and same_short:
        old, new = (writer_enum, reader_enum) if backward else (reader_enum, writer_enum)
        if _values(old) <= _values(new):
            return None
    return Severity.ERROR, "the enum types differ"


def _values(enum: EnumDecl) -> set[tuple[str, int]]:
    return {(v.name, v.number) for v in enum.values}


def cardinality_change(reader: FieldDecl, writer: FieldDecl, category: str) -> Verdict:
    if reader.cardinality != writer.cardinality:
        return _repetition_change(reader, writer, category)
    if reader.presence == "required" and writer.presence != "required":
        return Severity.ERROR, "readers require a value that writers may omit"
    if writer.presence == "required" and reader.presence != "required" and category in _CODE:
        return Severity.ERROR, "generated code changes the required label"
    return None


def _repetition_change(reader: FieldDecl, writer: FieldDecl, category: str) -> Verdict:
    change = f"{writer.cardinality} written, {reader.cardinality} read"
    if category != "wire":
        return Severity.ERROR, f"{change}: the JSON shapes differ"
    if {reader.cardinality, writer.cardinality} == {"repeated", "map"}:
        return None  # a map is a repeated entry message on the wire
    if reader.cardinality != "singular":
        return Severity.INFO, f"{change}: a repeated reader accepts one value"
    if writer.packed:
        return Severity.ERROR, f"{change}: singular readers cannot parse packed values"
    if writer.type in ("message", "group"):
        return Severity.WARNING, f"{change}: singular readers merge all elements into one"
    return Severity.WARNING, f"{change}: singular readers keep only the last element"
