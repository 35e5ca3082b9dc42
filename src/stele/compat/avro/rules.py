"""The Avro rule catalogue. Directions: BACKWARD = new reader, old writer; FORWARD = the reverse.

A rule that names an addition or a removal exists once per direction: the same resolution
failure (a reader field the writer lacks) is a field *added* when the reader is the new schema
and a field *removed* when the reader is the old one.
"""

from __future__ import annotations

from stele.compat.model import Direction, Rule
from stele.compat.ruledoc import doc, old_new
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
BOTH = (Direction.BACKWARD, Direction.FORWARD)
BACKWARD_ONLY = (Direction.BACKWARD,)
FORWARD_ONLY = (Direction.FORWARD,)


def _doc(flags: str, why: str, old: str, new: str, instead: str) -> str:
    return doc(flags, why, old_new("json", old, new), instead)


def _equivalent(avro_type: str) -> dict[str, str]:
    # Confluent Schema Registry runs Apache Avro's SchemaCompatibility and reports its types.
    return {"avro": avro_type, "confluent": avro_type}


_R = '{"type": "record", "name": "Order", "fields": [%s]}'


def _record(*fields: str) -> str:
    return _R % ", ".join(fields)


FIELD_ADDED_WITHOUT_DEFAULT = Rule(
    "avro-field-added-without-default",
    "avro",
    ERROR,
    "A field was added without a default: new readers cannot read old data.",
    _doc(
        "A field of the new schema that the old schema lacks (by name or by one of the new "
        "field's aliases) and that has no `default`.",
        "Schema resolution fills a reader field the writer did not write from its default. "
        "Without one, readers on the new schema fail on every record written with the old.",
        _record('{"name": "id", "type": "string"}'),
        _record('{"name": "id", "type": "string"}', '{"name": "note", "type": "string"}'),
        'Give the new field a default: `{"name": "note", "type": "string", "default": ""}`, '
        'or make it optional: `{"name": "note", "type": ["null", "string"], "default": null}`.',
    ),
    BACKWARD_ONLY,
    _equivalent("READER_FIELD_MISSING_DEFAULT_VALUE"),
)

FIELD_REMOVED_WITHOUT_DEFAULT = Rule(
    "avro-field-removed-without-default",
    "avro",
    ERROR,
    "A field without a default was removed: old readers cannot read new data.",
    _doc(
        "A field of the old schema that the new schema no longer has (a rename without an "
        "alias known to the old schema counts as a removal) and that had no `default` in the "
        "old schema.",
        "Readers still on the old schema need a value for the field; the new writer does not "
        "write it and the old schema has no default to fill in.",
        _record('{"name": "id", "type": "string"}', '{"name": "note", "type": "string"}'),
        _record('{"name": "id", "type": "string"}'),
        "First release a version that gives the field a default, let readers upgrade, then "
        "remove the field.",
    ),
    FORWARD_ONLY,
    _equivalent("READER_FIELD_MISSING_DEFAULT_VALUE"),
)

FIELD_RENAMED_READ_AS_DEFAULT = Rule(
    "avro-field-renamed-read-as-default",
    "avro",
    ERROR,
    "A field was renamed with an alias: old readers fill in their default instead of its value.",
    _doc(
        "A field of the old schema, with a default, that the new schema renamed and aliased to "
        "the old name. Only the reader's aliases count in resolution: readers on the old schema "
        "do not find the field and read their default. The reference checkers accept it; "
        "stele does not (a deliberate difference, see docs/compat-avro.md).",
        "Every value the new writer writes under the new name reaches old readers as the "
        "default (`null` for an optional field): the data changes without an error.",
        _record('{"name": "note", "type": ["null", "string"], "default": null}'),
        _record(
            '{"name": "remark", "type": ["null", "string"], "default": null, "aliases": ["note"]}'
        ),
        "Keep the old name; or add the new field beside the old one and write both until no "
        "reader of the old schema is left.",
    ),
    FORWARD_ONLY,
)

TYPE_CHANGED = Rule(
    "avro-type-changed",
    "avro",
    ERROR,
    "A type changed to one the reader cannot resolve from the writer's.",
    _doc(
        "A field (or top-level) type whose reader and writer forms do not resolve: different "
        "kinds (string to int, record to enum, array to map) or a promotion the wrong way "
        "(the reader is `int`, the writer `long`).",
        "The binary encoding carries no types; a reader that expects another type misreads "
        "the bytes or stops with a resolution error.",
        _record('{"name": "qty", "type": "long"}'),
        _record('{"name": "qty", "type": "int"}'),
        "Add a new field with the new type (with a default) and deprecate the old one, or "
        "only widen along the promotions int -> long -> float -> double.",
    ),
    BOTH,
    _equivalent("TYPE_MISMATCH"),
)

TYPE_PROMOTED = Rule(
    "avro-type-promoted",
    "avro",
    INFO,
    "The reader reads the writer's type through a lossless promotion.",
    _doc(
        "A type the reader resolves by promotion: int -> long, int -> double, "
        "float -> double, string -> bytes. Reported in the direction that works; the other "
        "direction is an `avro-type-changed` error.",
        "It does not break this direction; it is worth knowing because the opposite direction "
        "fails (readers of the narrow type cannot read the wide one).",
        _record('{"name": "qty", "type": "int"}'),
        _record('{"name": "qty", "type": "long"}'),
        "Nothing to do when only BACKWARD compatibility is required. Under FULL, keep the type.",
    ),
    BOTH,
)

TYPE_PROMOTED_LOSSY = Rule(
    "avro-type-promoted-lossy",
    "avro",
    WARNING,
    "The reader reads the writer's type through a promotion that may round values.",
    _doc(
        "A promotion into floating point that loses digits: int -> float, long -> float, "
        "long -> double.",
        "The codec accepts it, but integers beyond 2^24 (float) or 2^53 (double) come back "
        "rounded: the data changes meaning without an error.",
        _record('{"name": "amount", "type": "long"}'),
        _record('{"name": "amount", "type": "double"}'),
        "Keep integers as `long`, or use `decimal` for amounts.",
    ),
    BOTH,
)

BYTES_TO_STRING = Rule(
    "avro-bytes-to-string",
    "avro",
    ERROR,
    "`bytes` and `string` read as each other: the value changes type (or fails).",
    _doc(
        "A `bytes` writer type read as `string`, or a `string` writer type read as `bytes`. "
        "The specification allows both and the reference checkers accept them (string to bytes "
        "is a promotion); stele does not (a deliberate difference, see docs/compat-avro.md).",
        "Bytes that are not valid UTF-8 fail to decode (fastavro) or are silently replaced "
        "(Java); text read as `bytes` reaches the reader as bytes, not as the string it was "
        "written as: the data fails or changes type.",
        _record('{"name": "payload", "type": "bytes"}'),
        _record('{"name": "payload", "type": "string"}'),
        "Add a new field of the new type and fill it from producers that know the conversion.",
    ),
    BOTH,
)

UNION_BRANCH_REMOVED = Rule(
    "avro-union-branch-removed",
    "avro",
    ERROR,
    "A type the old schema could write is no longer accepted by the new schema.",
    _doc(
        "A branch of the old union (or the old non-union type) that no branch of the new type "
        "can read.",
        "Old data may hold that branch; readers on the new schema have nothing to resolve it to.",
        _record('{"name": "ref", "type": ["null", "string", "long"]}'),
        _record('{"name": "ref", "type": ["null", "string"]}'),
        "Keep the branch in the union until no data written with it remains.",
    ),
    BACKWARD_ONLY,
    _equivalent("MISSING_UNION_BRANCH"),
)

UNION_VARIANT_RENAMED = Rule(
    "avro-union-variant-renamed",
    "avro",
    ERROR,
    "A record of a stele union is read as another variant than it was written as.",
    _doc(
        "In schemas stele generated, a union field names the contract variant of each record "
        'branch in `"stele.variants"` (in branch order; the schema itself has no such names). '
        "Flagged when a record both sides' unions hold has another variant name. The "
        "reference checkers do not see it (a deliberate difference, see docs/compat-avro.md).",
        "Avro resolves the branch by the record's name, so the value decodes, but the reader "
        "takes it for another variant: the discriminator of the contract value changes.",
        _record(
            '{"name": "payment", "type": [{"type": "record", "name": "Card", "fields": []}], '
            '"stele.variants": ["card"]}'
        ),
        _record(
            '{"name": "payment", "type": [{"type": "record", "name": "Card", "fields": []}], '
            '"stele.variants": ["credit_card"]}'
        ),
        "Keep variant names; add a new variant (and let readers upgrade) instead of renaming.",
    ),
    BOTH,
)

UNION_BRANCH_ADDED = Rule(
    "avro-union-branch-added",
    "avro",
    ERROR,
    "The new schema can write a type (union branch) that old readers cannot read.",
    _doc(
        "A branch of the new union (or a type that became a union) that the old type cannot "
        "read, for example `null` added to a required field.",
        "Readers still on the old schema fail on records that use the new branch.",
        _record('{"name": "ref", "type": "string"}'),
        _record('{"name": "ref", "type": ["null", "string"], "default": null}'),
        "Let readers upgrade to a schema that accepts the branch first (FORWARD needs the old "
        "reader to accept it), or only require BACKWARD compatibility.",
    ),
    FORWARD_ONLY,
    _equivalent("MISSING_UNION_BRANCH"),
)

ENUM_SYMBOL_REMOVED = Rule(
    "avro-enum-symbol-removed",
    "avro",
    ERROR,
    "An enum symbol was removed and the new enum has no default symbol.",
    _doc(
        "A symbol of the old enum missing from the new enum, when the new enum has no `default`.",
        "Old data may hold the symbol; readers on the new schema cannot map it to anything.",
        '{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED", "LOST"]}',
        '{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED"]}',
        'Keep the symbol, or give the enum a default symbol: `"default": "OPEN"`.',
    ),
    BACKWARD_ONLY,
    _equivalent("MISSING_ENUM_SYMBOLS"),
)

ENUM_SYMBOL_ADDED = Rule(
    "avro-enum-symbol-added",
    "avro",
    ERROR,
    "An enum symbol was added and the old enum has no default symbol.",
    _doc(
        "A symbol of the new enum missing from the old enum, when the old enum has no `default`.",
        "Readers still on the old schema fail on records holding the new symbol.",
        '{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED"]}',
        '{"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED", "LOST"]}',
        'Give enums a default symbol from their first version (`"default": "UNKNOWN"`), so '
        "old readers map new symbols to it.",
    ),
    FORWARD_ONLY,
    _equivalent("MISSING_ENUM_SYMBOLS"),
)

ENUM_SYMBOL_DEFAULTED = Rule(
    "avro-enum-symbol-defaulted",
    "avro",
    INFO,
    "Readers map a symbol they do not know to the enum's default symbol.",
    _doc(
        "A writer symbol the reader's enum lacks, when the reader's enum has a `default`.",
        "It does not break: the reader reads the symbol as its default. The value loses its "
        "meaning for those readers, which is worth knowing.",
        '{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN"], "default": "UNKNOWN"}',
        '{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN", "LOST"], '
        '"default": "UNKNOWN"}',
        "Nothing to do; this is what enum defaults are for.",
    ),
    BOTH,
)

ENUM_DEFAULT_REMOVED = Rule(
    "avro-enum-default-removed",
    "avro",
    WARNING,
    "The enum lost its default symbol: future symbol changes will break readers.",
    _doc(
        "An enum whose old version has a `default` symbol and whose new version has none.",
        "Nothing fails today, but readers on the new schema can no longer absorb symbols they "
        "do not know: the next symbol added by a writer breaks them.",
        '{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN"], "default": "UNKNOWN"}',
        '{"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OPEN"]}',
        "Keep the default symbol.",
    ),
    BACKWARD_ONLY,
)

NAME_CHANGED = Rule(
    "avro-name-changed",
    "avro",
    ERROR,
    "A record, enum or fixed was renamed without an alias for its old name.",
    _doc(
        "A named type whose reader and writer names differ (unqualified name) and whose reader "
        "form has no alias equal to the writer's full name.",
        "Schema resolution matches named types by name; a renamed type does not resolve.",
        '{"type": "record", "name": "Order", "namespace": "shop", "fields": []}',
        '{"type": "record", "name": "Purchase", "namespace": "shop", "fields": []}',
        'Add the old full name as an alias: `"aliases": ["shop.Order"]` (FORWARD still fails: '
        "old readers do not know the new name).",
    ),
    BOTH,
    _equivalent("NAME_MISMATCH"),
)

NAMESPACE_CHANGED = Rule(
    "avro-namespace-changed",
    "avro",
    WARNING,
    "A named type moved to another namespace (same unqualified name).",
    _doc(
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
)

FIXED_SIZE_CHANGED = Rule(
    "avro-fixed-size-changed",
    "avro",
    ERROR,
    "A fixed type changed its size.",
    _doc(
        "A `fixed` whose reader and writer sizes differ.",
        "A fixed value is exactly `size` bytes with no length prefix; any other size misreads "
        "everything after it.",
        '{"type": "fixed", "name": "Hash", "size": 16}',
        '{"type": "fixed", "name": "Hash", "size": 32}',
        "Add a new fixed type with a new name and a new field that uses it.",
    ),
    BOTH,
    _equivalent("FIXED_SIZE_MISMATCH"),
)

LOGICAL_TYPE_CHANGED = Rule(
    "avro-logical-type-changed",
    "avro",
    ERROR,
    "A logical type was added, removed or changed on a type that still resolves: the value "
    "changes meaning.",
    _doc(
        "A `logicalType` that differs between reader and writer while the underlying types "
        "resolve: timestamp-millis to timestamp-micros, date added to an `int`, uuid removed "
        "from a `string`, decimal added to `bytes`.",
        "The codecs read the same numbers or bytes, but the reader interprets them differently: "
        "a millisecond timestamp read as microseconds is a date in 1970, a uuid reaches a "
        "reader of plain strings as a UUID object (fastavro applies the writer's logical type). "
        "The reference checkers ignore logical types; stele reports an error (a deliberate "
        "difference, see docs/compat-avro.md).",
        _record('{"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}'),
        _record('{"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}}'),
        "Add a new field with the new logical type and deprecate the old field.",
    ),
    BOTH,
)

DECIMAL_SCALE_CHANGED = Rule(
    "avro-decimal-scale-changed",
    "avro",
    ERROR,
    "A decimal's scale narrowed: the writer's fractional digits have no place in the reader.",
    _doc(
        "A `decimal` (bytes or fixed) whose writer `scale` is larger than the reader's. A "
        "larger reader scale is not flagged when the reader also has room for the writer's "
        "integer digits (`avro-decimal-precision-narrowed` otherwise).",
        "A decimal is stored as an unscaled integer. fastavro applies the writer's scale and "
        "12.34 reaches a reader of scale 1 as a value its type cannot hold; readers that "
        "apply their own scale (Java) shift the decimal point.",
        _record(
            '{"name": "price", "type": {"type": "bytes", "logicalType": "decimal", '
            '"precision": 9, "scale": 2}}'
        ),
        _record(
            '{"name": "price", "type": {"type": "bytes", "logicalType": "decimal", '
            '"precision": 9, "scale": 1}}'
        ),
        "Add a new field with the new scale.",
    ),
    BOTH,
)

DECIMAL_PRECISION_NARROWED = Rule(
    "avro-decimal-precision-narrowed",
    "avro",
    ERROR,
    "The reader's decimal has fewer integer digits than the writer's.",
    _doc(
        "A `decimal` whose reader has room for fewer integer digits (`precision - scale`) "
        "than the writer: a narrowed precision, or a scale widened without widening the "
        "precision as much.",
        "Values with more digits than the reader allows reach it as values its type cannot "
        "hold (and overflow target columns sized from it).",
        _record(
            '{"name": "price", "type": {"type": "bytes", "logicalType": "decimal", '
            '"precision": 12, "scale": 2}}'
        ),
        _record(
            '{"name": "price", "type": {"type": "bytes", "logicalType": "decimal", '
            '"precision": 9, "scale": 2}}'
        ),
        "Only widen the precision.",
    ),
    BOTH,
)

DEFAULT_CHANGED = Rule(
    "avro-default-changed",
    "avro",
    INFO,
    "A field default or an enum default symbol changed.",
    _doc(
        "A field whose `default` differs between the old and the new schema, or an enum whose "
        "`default` symbol differs.",
        "It does not break decoding, but readers on the new schema fill in another value for "
        "data that lacks the field (or symbol) than readers on the old one.",
        _record('{"name": "qty", "type": "int", "default": 1}'),
        _record('{"name": "qty", "type": "int", "default": 0}'),
        "Keep defaults stable; add a new field if the meaning of a missing value changes.",
    ),
    BACKWARD_ONLY,
)

SCHEMA_REMOVED = Rule(
    "avro-schema-removed",
    "avro",
    ERROR,
    "A top-level schema of the old directory is missing from the new one.",
    _doc(
        "In a directory diff, a top-level named schema (paired by full name) that the new "
        "directory no longer holds.",
        "Data written with it can no longer be read with any schema of the new version.",
        "shop/Order.avsc, shop/Refund.avsc",
        "shop/Order.avsc",
        "Keep publishing the schema (deprecated) while data written with it exists.",
    ),
    BACKWARD_ONLY,
)

RULES: tuple[Rule, ...] = (
    FIELD_ADDED_WITHOUT_DEFAULT,
    FIELD_REMOVED_WITHOUT_DEFAULT,
    FIELD_RENAMED_READ_AS_DEFAULT,
    TYPE_CHANGED,
    TYPE_PROMOTED,
    TYPE_PROMOTED_LOSSY,
    BYTES_TO_STRING,
    UNION_BRANCH_REMOVED,
    UNION_BRANCH_ADDED,
    UNION_VARIANT_RENAMED,
    ENUM_SYMBOL_REMOVED,
    ENUM_SYMBOL_ADDED,
    ENUM_SYMBOL_DEFAULTED,
    ENUM_DEFAULT_REMOVED,
    NAME_CHANGED,
    NAMESPACE_CHANGED,
    FIXED_SIZE_CHANGED,
    LOGICAL_TYPE_CHANGED,
    DECIMAL_SCALE_CHANGED,
    DECIMAL_PRECISION_NARROWED,
    DEFAULT_CHANGED,
    SCHEMA_REMOVED,
)
