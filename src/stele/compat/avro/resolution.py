"""The specification's resolution predicates, shared by the pairing walk and the rules."""

from __future__ import annotations

from stele.compat.avro.schema import Field, Named

# (writer, reader) pairs the specification resolves by promotion.
PROMOTIONS = frozenset(
    {
        ("int", "long"),
        ("int", "float"),
        ("int", "double"),
        ("long", "float"),
        ("long", "double"),
        ("float", "double"),
        ("string", "bytes"),
        ("bytes", "string"),
    }
)
# Promotions into floating point that round large integers.
LOSSY_PROMOTIONS = frozenset({("int", "float"), ("long", "float"), ("long", "double")})


def primitive_resolves(reader: str, writer: str) -> bool:
    return reader == writer or (writer, reader) in PROMOTIONS


def names_match(reader: Named, writer: Named) -> bool:
    """Same unqualified name, or a reader alias naming the writer (as the Java checker does)."""
    return reader.name == writer.name or writer.fullname in reader.aliases


def writer_field_for(reader_field: Field, writer: Named) -> Field | None:
    """The writer field a reader field reads: by name first, then by the reader's aliases."""
    by_name = writer.fields_by_name
    for name in (reader_field.name, *reader_field.aliases):
        if name in by_name:
            return by_name[name]
    return None
