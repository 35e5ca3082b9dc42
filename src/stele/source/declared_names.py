"""Checks on the names a contract declares: the shape of a member's name (snake_case fields,
UPPER_SNAKE symbols), reserved words, names that differ only in case, names too long to name a
generated file."""

from __future__ import annotations

import re

from stele.source.names import Kind, NameTable
from stele.source.reader import IDENT, RESERVED_WORDS, UPPER_SNAKE, Reader
from stele.source.yaml_nodes import YNode, YScalar

# The suffix of the value 0 Protobuf generates for every enum (`ORDER_STATE_UNSPECIFIED`).
ZERO_SYMBOL = "UNSPECIFIED"

MAX_QUALIFIED_NAME = 200  # a generated file name holds it: `<name>.message.schema.json` <= 255


def report_too_long(reader: Reader, what: str, name: str, node: YNode) -> bool:
    """S110 for a qualified name too long to name a generated file (255 bytes on common file
    systems); True when it was reported."""
    if len(name) <= MAX_QUALIFIED_NAME:
        return False
    shown = name if len(name) <= 80 else name[:77] + "..."
    reader.report(
        "S110",
        f"{what} '{shown}' is {len(name)} characters long: generated files are named after it, "
        f"and {MAX_QUALIFIED_NAME} is the most they allow",
        node,
        "shorten the name (or the package)",
    )
    return True


def report_case_twin(reader: Reader, names: NameTable, kind: Kind, name: str, key: YNode) -> None:
    """S103: a name that differs from an earlier one only in case (their generated files would
    overwrite each other on a case-insensitive file system); S110 for one too long."""
    if report_too_long(reader, f"{kind} name", name, key):
        return
    twin = names.case_twin(kind, name, key.span)
    if twin is not None:
        reader.report(
            "S103",
            f"'{name}' differs only in case from '{twin[0]}' at {twin[1]}: their generated files "
            "would overwrite each other on a case-insensitive file system",
            key,
            "rename one of the two",
        )


def member_name(
    reader: Reader, name: str, key: YScalar, what: str, pattern: re.Pattern[str], shape: str
) -> bool:
    """S110 for a member (field, header, enum symbol, union variant) whose name is no identifier
    of the shape its kind asks for, or a reserved word; True when the name is good."""
    # A field or header may be named as a Python or Protobuf keyword (`from`, `message`):
    # protoc takes it, the pydantic models write `from_` with `alias='from'` (language.md).
    reserved = name in RESERVED_WORDS and what not in ("field", "header")
    if not IDENT.match(name) or reserved:
        reason = "a reserved word" if reserved else "not a valid identifier"
        reader.report(
            "S110",
            f"{what} name '{name}' is {reason} in a target format",
            key,
            f"use {shape}",
        )
        return False
    if not pattern.match(name):
        reader.report(
            "S110",
            f"{what} name '{name}' is not {shape.split(' such')[0]}",
            key,
            f"use {shape}",
        )
        return False
    return True


def symbol_name(reader: Reader, name: str, key: YScalar) -> bool:
    if not member_name(
        reader, name, key, "enum symbol", UPPER_SNAKE, "UPPER_SNAKE such as APPROVED"
    ):
        return False
    if name == ZERO_SYMBOL:
        # Protobuf gives every enum <PREFIX>_UNSPECIFIED = 0; a symbol of that name would
        # generate the same value name twice, which only protoc would notice.
        reader.report(
            "S110",
            f"enum symbol name '{name}' is taken by the generated Protobuf zero value",
            key,
            "use another name, such as UNKNOWN or NOT_SET",
        )
        return False
    return True
