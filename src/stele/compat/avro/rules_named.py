"""The Avro rule catalogue, named types: enum symbols and defaults, names and namespaces, fixed
sizes, logical types and decimals, defaults, whole schemas (`rules` holds fields, types and
unions, and the whole catalogue)."""

from __future__ import annotations

from stele.compat.avro._ruledefs import (
    BACKWARD_ONLY,
    BOTH,
    ERROR,
    FORWARD_ONLY,
    INFO,
    WARNING,
    equivalent,
    record,
    rule_doc,
)
from stele.compat.model import Rule

ENUM_SYMBOL_REMOVED = Rule(
    "avro-enum-symbol-removed",
    "avro",
    ERROR,
    "An enum symbol was removed and the new enum has no default symbol.",
    rule_doc(
        "A symbol of the old enum missing from the new enum, when the new enum has no `default`.",
        "Old data may hold the symbol; readers on the new schema cannot map it to anything.",
        '{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED", "LOST"]}',
        '{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED"]}',
        'Keep the symbol, or give the enum a default symbol: `"default": "OPEN"`.',
    ),
    BACKWARD_ONLY,
    equivalent("MISSING_ENUM_SYMBOLS"),
    messages={
        "": "symbol {symbol} removed and the new enum has no default symbol: {consequence}",
    },
)

ENUM_SYMBOL_ADDED = Rule(
    "avro-enum-symbol-added",
    "avro",
    ERROR,
    "An enum symbol was added and the old enum has no default symbol.",
    rule_doc(
        "A symbol of the new enum missing from the old enum, when the old enum has no `default`.",
        "Readers still on the old schema fail on records holding the new symbol.",
        '{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED"]}',
        '{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED", "LOST"]}',
        'Give enums a default symbol from their first version (`"default": "UNKNOWN"`), so '
        "old readers map new symbols to it.",
    ),
    FORWARD_ONLY,
    equivalent("MISSING_ENUM_SYMBOLS"),
    messages={
        "": "symbol {symbol} added and the old enum has no default symbol: {consequence}",
    },
)

ENUM_SYMBOL_DEFAULTED = Rule(
    "avro-enum-symbol-defaulted",
    "avro",
    INFO,
    "Readers map a symbol they do not know to the enum's default symbol.",
    rule_doc(
        "A writer symbol the reader's enum lacks, when the reader's enum has a `default`.",
        "It does not break: the reader reads the symbol as its default. The value loses its "
        "meaning for those readers, which is worth knowing.",
        '{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN"], "default": "UNKNOWN"}',
        '{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN", "LOST"], '
        '"default": "UNKNOWN"}',
        "Nothing to do; this is what enum defaults are for.",
    ),
    BOTH,
    messages={
        "": "symbol {symbol} is read as the default {default} by readers on the {side} schema",
    },
)

ENUM_DEFAULT_REMOVED = Rule(
    "avro-enum-default-removed",
    "avro",
    WARNING,
    "The enum lost its default symbol: future symbol changes will break readers.",
    rule_doc(
        "An enum whose old version has a `default` symbol and whose new version has none.",
        "Nothing fails today, but readers on the new schema can no longer absorb symbols they "
        "do not know: the next symbol added by a writer breaks them.",
        '{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN"], "default": "UNKNOWN"}',
        '{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN"]}',
        "Keep the default symbol.",
    ),
    BACKWARD_ONLY,
    messages={
        "": "default symbol {old} removed: readers can no longer absorb unknown symbols",
    },
)

NAME_CHANGED = Rule(
    "avro-name-changed",
    "avro",
    ERROR,
    "A record, enum or fixed was renamed without an alias for its old name.",
    rule_doc(
        "A named type whose reader and writer names differ (unqualified name) and whose reader "
        "form has no alias equal to the writer's full name.",
        "Schema resolution matches named types by name; a renamed type does not resolve.",
        '{"type": "record", "name": "Order", "namespace": "shop", "fields": []}',
        '{"type": "record", "name": "Purchase", "namespace": "shop", "fields": []}',
        'Add the old full name as an alias: `"aliases": ["shop.Order"]` (FORWARD still fails: '
        "old readers do not know the new name).",
    ),
    BOTH,
    equivalent("NAME_MISMATCH"),
    messages={
        "": "{kind} renamed from {old} to {new} without an alias: {consequence}",
        "aliased": (
            "{kind} renamed from {old} to {new} without an alias: {consequence} (an alias "
            "only helps readers of the schema that declares it)"
        ),
    },
)

NAMESPACE_CHANGED = Rule(
    "avro-namespace-changed",
    "avro",
    WARNING,
    "A named type moved to another namespace (same unqualified name).",
    rule_doc(
        "A named type whose unqualified name is unchanged but whose namespace differs, without "
        "a reader alias for the writer's full name.",
        "The specification matches by unqualified name, so the codecs resolve it, but generated "
        "code (Java specific records, classes named by full name), registries keyed by subject "
        "name and older Avro releases (before 1.9) look types up by full name.",
        '{"type": "record", "name": "Order", "namespace": "shop", "fields": []}',
        '{"type": "record", "name": "Order", "namespace": "shop.v2", "fields": []}',
        'Keep the namespace, or alias the old full name: `"aliases": ["shop.Order"]`.',
    ),
    BOTH,
    messages={
        "": (
            "{kind} {name} moved from namespace '{old}' to '{new}': code and tools that look "
            "types up by full name no longer find it"
        ),
    },
)

FIXED_SIZE_CHANGED = Rule(
    "avro-fixed-size-changed",
    "avro",
    ERROR,
    "A fixed type changed its size.",
    rule_doc(
        "A `fixed` whose reader and writer sizes differ.",
        "A fixed value is exactly `size` bytes with no length prefix; any other size misreads "
        "everything after it.",
        '{"type": "fixed", "name": "Hash", "size": 16}',
        '{"type": "fixed", "name": "Hash", "size": 32}',
        "Add a new fixed type with a new name and a new field that uses it.",
    ),
    BOTH,
    equivalent("FIXED_SIZE_MISMATCH"),
    messages={
        "": "size changed from {old} to {new} bytes: {consequence}",
    },
)

LOGICAL_TYPE_CHANGED = Rule(
    "avro-logical-type-changed",
    "avro",
    ERROR,
    "A logical type was added, removed or changed on a type that still resolves: the value "
    "changes meaning.",
    rule_doc(
        "A `logicalType` that differs between reader and writer while the underlying types "
        "resolve: timestamp-millis to timestamp-micros, date added to an `int`, uuid removed "
        "from a `string`, decimal added to `bytes`.",
        "The codecs read the same numbers or bytes, but the reader interprets them differently: "
        "a millisecond timestamp read as microseconds is a date in 1970, a uuid reaches a "
        "reader of plain strings as a UUID object (fastavro applies the writer's logical type). "
        "The reference checkers ignore logical types; stele reports an error (a deliberate "
        "difference, see docs/compat-avro.md).",
        record('{"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}'),
        record('{"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}}'),
        "Add a new field with the new logical type and deprecate the old field.",
    ),
    BOTH,
    messages={
        "": (
            "logical type changed from {old} to {new}: the values decode but mean something "
            "else to the reader"
        ),
    },
)

DECIMAL_SCALE_CHANGED = Rule(
    "avro-decimal-scale-changed",
    "avro",
    ERROR,
    "A decimal's scale narrowed: the writer's fractional digits have no place in the reader.",
    rule_doc(
        "A `decimal` (bytes or fixed) whose writer `scale` is larger than the reader's. A "
        "larger reader scale is not flagged when the reader also has room for the writer's "
        "integer digits (`avro-decimal-precision-narrowed` otherwise).",
        "A decimal is stored as an unscaled integer. fastavro applies the writer's scale and "
        "12.34 reaches a reader of scale 1 as a value its type cannot hold; readers that "
        "apply their own scale (Java) shift the decimal point.",
        record(
            '{"name": "price", "type": {"type": "bytes", "logicalType": "decimal", '
            '"precision": 9, "scale": 2}}'
        ),
        record(
            '{"name": "price", "type": {"type": "bytes", "logicalType": "decimal", '
            '"precision": 9, "scale": 1}}'
        ),
        "Add a new field with the new scale.",
    ),
    BOTH,
    messages={
        "": (
            "decimal scale changed from {old} to {new}: the writer's fractional digits have "
            "no place in the reader's type"
        ),
    },
)

DECIMAL_PRECISION_NARROWED = Rule(
    "avro-decimal-precision-narrowed",
    "avro",
    ERROR,
    "The reader's decimal has fewer integer digits than the writer's.",
    rule_doc(
        "A `decimal` whose reader has room for fewer integer digits (`precision - scale`) "
        "than the writer: a narrowed precision, or a scale widened without widening the "
        "precision as much.",
        "Values with more digits than the reader allows reach it as values its type cannot "
        "hold (and overflow target columns sized from it).",
        record(
            '{"name": "price", "type": {"type": "bytes", "logicalType": "decimal", '
            '"precision": 12, "scale": 2}}'
        ),
        record(
            '{"name": "price", "type": {"type": "bytes", "logicalType": "decimal", '
            '"precision": 9, "scale": 2}}'
        ),
        "Only widen the precision.",
    ),
    BOTH,
    messages={
        "": (
            "decimal changed from {old} to {new}: the writer may write {writer_digits} "
            "integer digits, the reader holds {reader_digits}"
        ),
    },
)

DEFAULT_CHANGED = Rule(
    "avro-default-changed",
    "avro",
    INFO,
    "A field default or an enum default symbol changed.",
    rule_doc(
        "A field whose `default` differs between the old and the new schema, or an enum whose "
        "`default` symbol differs.",
        "It does not break decoding, but readers on the new schema fill in another value for "
        "data that lacks the field (or symbol) than readers on the old one.",
        record('{"name": "qty", "type": "int", "default": 1}'),
        record('{"name": "qty", "type": "int", "default": 0}'),
        "Keep defaults stable; add a new field if the meaning of a missing value changes.",
    ),
    BACKWARD_ONLY,
    messages={
        "": "default changed from {old} to {new}",
        "symbol": "default symbol changed from {old} to {new}",
    },
)

SCHEMA_REMOVED = Rule(
    "avro-schema-removed",
    "avro",
    ERROR,
    "A top-level schema of the old directory is missing from the new one.",
    rule_doc(
        "In a directory diff, a top-level named schema (paired by full name) that the new "
        "directory no longer holds.",
        "Data written with it can no longer be read with any schema of the new version.",
        "shop/Order.avsc, shop/Refund.avsc",
        "shop/Order.avsc",
        "Keep publishing the schema (deprecated) while data written with it exists.",
    ),
    BACKWARD_ONLY,
    messages={
        "": "schema {schema} ({path}) was removed",
    },
)
