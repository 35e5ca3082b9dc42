"""The Avro rule catalogue. Directions: BACKWARD = new reader, old writer; FORWARD = the reverse.

A rule that names an addition or a removal exists once per direction: the same resolution
failure (a reader field the writer lacks) is a field *added* when the reader is the new schema
and a field *removed* when the reader is the old one.
"""

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
from stele.compat.avro.rules_named import (
    DECIMAL_PRECISION_NARROWED as DECIMAL_PRECISION_NARROWED,
)
from stele.compat.avro.rules_named import (
    DECIMAL_SCALE_CHANGED as DECIMAL_SCALE_CHANGED,
)
from stele.compat.avro.rules_named import (
    DEFAULT_CHANGED as DEFAULT_CHANGED,
)
from stele.compat.avro.rules_named import (
    ENUM_DEFAULT_REMOVED as ENUM_DEFAULT_REMOVED,
)
from stele.compat.avro.rules_named import (
    ENUM_SYMBOL_ADDED as ENUM_SYMBOL_ADDED,
)
from stele.compat.avro.rules_named import (
    ENUM_SYMBOL_DEFAULTED as ENUM_SYMBOL_DEFAULTED,
)
from stele.compat.avro.rules_named import (
    ENUM_SYMBOL_REMOVED as ENUM_SYMBOL_REMOVED,
)
from stele.compat.avro.rules_named import (
    FIXED_SIZE_CHANGED as FIXED_SIZE_CHANGED,
)
from stele.compat.avro.rules_named import (
    LOGICAL_TYPE_CHANGED as LOGICAL_TYPE_CHANGED,
)
from stele.compat.avro.rules_named import (
    NAME_CHANGED as NAME_CHANGED,
)
from stele.compat.avro.rules_named import (
    NAMESPACE_CHANGED as NAMESPACE_CHANGED,
)
from stele.compat.avro.rules_named import (
    SCHEMA_REMOVED as SCHEMA_REMOVED,
)
from stele.compat.model import Rule

FIELD_ADDED_WITHOUT_DEFAULT = Rule(
    "avro-field-added-without-default",
    "avro",
    ERROR,
    "A field was added without a default: new readers cannot read old data.",
    rule_doc(
        "A field of the new schema that the old schema lacks (by name or by one of the new "
        "field's aliases) and that has no `default`.",
        "Schema resolution fills a reader field the writer did not write from its default. "
        "Without one, readers on the new schema fail on every record written with the old.",
        record('{"name": "id", "type": "string"}'),
        record('{"name": "id", "type": "string"}', '{"name": "note", "type": "string"}'),
        'Give the new field a default: `{"name": "note", "type": "string", "default": ""}`, '
        'or make it optional: `{"name": "note", "type": ["null", "string"], "default": null}`.',
    ),
    BACKWARD_ONLY,
    equivalent("READER_FIELD_MISSING_DEFAULT_VALUE"),
    messages={
        "": "field {field} added without a default: {consequence}",
    },
)

FIELD_REMOVED_WITHOUT_DEFAULT = Rule(
    "avro-field-removed-without-default",
    "avro",
    ERROR,
    "A field without a default was removed: old readers cannot read new data.",
    rule_doc(
        "A field of the old schema that the new schema no longer has (a rename without an "
        "alias known to the old schema counts as a removal) and that had no `default` in the "
        "old schema.",
        "Readers still on the old schema need a value for the field; the new writer does not "
        "write it and the old schema has no default to fill in.",
        record('{"name": "id", "type": "string"}', '{"name": "note", "type": "string"}'),
        record('{"name": "id", "type": "string"}'),
        "First release a version that gives the field a default, let readers upgrade, then "
        "remove the field.",
    ),
    FORWARD_ONLY,
    equivalent("READER_FIELD_MISSING_DEFAULT_VALUE"),
    messages={
        "": "field {field} removed and the old schema gives it no default: {consequence}",
        "aliased": (
            "field {field} removed and the old schema gives it no default (new field {alias} "
            "aliases it, but old readers do not know the alias): {consequence}"
        ),
    },
)

FIELD_RENAMED_READ_AS_DEFAULT = Rule(
    "avro-field-renamed-read-as-default",
    "avro",
    ERROR,
    "A field was renamed with an alias: old readers fill in their default instead of its value.",
    rule_doc(
        "A field of the old schema, with a default, that the new schema renamed and aliased to "
        "the old name. Only the reader's aliases count in resolution: readers on the old schema "
        "do not find the field and read their default. The reference checkers accept it; "
        "stele does not (a deliberate difference, see docs/compat-avro.md).",
        "Every value the new writer writes under the new name reaches old readers as the "
        "default (`null` for an optional field): the data changes without an error.",
        record('{"name": "note", "type": ["null", "string"], "default": null}'),
        record(
            '{"name": "remark", "type": ["null", "string"], "default": null, "aliases": ["note"]}'
        ),
        "Keep the old name; or add the new field beside the old one and write both until no "
        "reader of the old schema is left.",
    ),
    FORWARD_ONLY,
    messages={
        "": (
            "field {field} renamed to {alias}: readers on the old schema do not know the "
            "alias and read their default instead of the value"
        ),
    },
)

TYPE_CHANGED = Rule(
    "avro-type-changed",
    "avro",
    ERROR,
    "A type changed to one the reader cannot resolve from the writer's.",
    rule_doc(
        "A field (or top-level) type whose reader and writer forms do not resolve: different "
        "kinds (string to int, record to enum, array to map) or a promotion the wrong way "
        "(the reader is `int`, the writer `long`).",
        "The binary encoding carries no types; a reader that expects another type misreads "
        "the bytes or stops with a resolution error.",
        record('{"name": "qty", "type": "long"}'),
        record('{"name": "qty", "type": "int"}'),
        "Add a new field with the new type (with a default) and deprecate the old one, or "
        "only widen along the promotions int -> long -> float -> double.",
    ),
    BOTH,
    equivalent("TYPE_MISMATCH"),
    messages={
        "": "type changed from {old} to {new}: {consequence}",
        "one-way": (
            "type changed from {old} to {new} (the promotion only works the other way): "
            "{consequence}"
        ),
        "unwrapped": (
            "type changed from {old} to {new}: a union's values are its variants, the value "
            "reaches the reader as another contract value"
        ),
    },
)

TYPE_PROMOTED = Rule(
    "avro-type-promoted",
    "avro",
    INFO,
    "The reader reads the writer's type through a lossless promotion.",
    rule_doc(
        "A type the reader resolves by promotion: int -> long, int -> double, "
        "float -> double, string -> bytes. Reported in the direction that works; the other "
        "direction is an `avro-type-changed` error.",
        "It does not break this direction; it is worth knowing because the opposite direction "
        "fails (readers of the narrow type cannot read the wide one).",
        record('{"name": "qty", "type": "int"}'),
        record('{"name": "qty", "type": "long"}'),
        "Nothing to do when only BACKWARD compatibility is required. Under FULL, keep the type.",
    ),
    BOTH,
    messages={
        "": "type changed from {old} to {new}: {writer} is read as {reader} by promotion",
    },
)

TYPE_PROMOTED_LOSSY = Rule(
    "avro-type-promoted-lossy",
    "avro",
    WARNING,
    "The reader reads the writer's type through a promotion that may round values.",
    rule_doc(
        "A promotion into floating point that loses digits: int -> float, long -> float, "
        "long -> double.",
        "The codec accepts it, but integers beyond 2^24 (float) or 2^53 (double) come back "
        "rounded: the data changes meaning without an error.",
        record('{"name": "amount", "type": "long"}'),
        record('{"name": "amount", "type": "double"}'),
        "Keep integers as `long`, or use `decimal` for amounts.",
    ),
    BOTH,
    messages={
        "": (
            "type changed from {old} to {new}: {writer} is read as {reader}, large values are"
            " rounded"
        ),
    },
)

BYTES_TO_STRING = Rule(
    "avro-bytes-to-string",
    "avro",
    ERROR,
    "`bytes` and `string` read as each other: the value changes type (or fails).",
    rule_doc(
        "A `bytes` writer type read as `string`, or a `string` writer type read as `bytes`. "
        "The specification allows both and the reference checkers accept them (string to bytes "
        "is a promotion); stele does not (a deliberate difference, see docs/compat-avro.md).",
        "Bytes that are not valid UTF-8 fail to decode (fastavro) or are silently replaced "
        "(Java); text read as `bytes` reaches the reader as bytes, not as the string it was "
        "written as: the data fails or changes type.",
        record('{"name": "payload", "type": "bytes"}'),
        record('{"name": "payload", "type": "string"}'),
        "Add a new field of the new type and fill it from producers that know the conversion.",
    ),
    BOTH,
    messages={
        "": (
            "type changed from {old} to {new}: readers of string fail on (or replace) bytes "
            "that are not UTF-8"
        ),
        "to-bytes": "type changed from {old} to {new}: text reaches the reader as bytes",
    },
)

UNION_BRANCH_REMOVED = Rule(
    "avro-union-branch-removed",
    "avro",
    ERROR,
    "A type the old schema could write is no longer accepted by the new schema.",
    rule_doc(
        "A branch of the old union (or the old non-union type) that no branch of the new type "
        "can read.",
        "Old data may hold that branch; readers on the new schema have nothing to resolve it to.",
        record('{"name": "ref", "type": ["null", "string", "long"]}'),
        record('{"name": "ref", "type": ["null", "string"]}'),
        "Keep the branch in the union until no data written with it remains.",
    ),
    BACKWARD_ONLY,
    equivalent("MISSING_UNION_BRANCH"),
    messages={
        "": (
            "the new type no longer accepts {branch}, which the old schema can write: {consequence}"
        ),
    },
)

UNION_VARIANT_RENAMED = Rule(
    "avro-union-variant-renamed",
    "avro",
    ERROR,
    "A record of a stele union is read as another variant than it was written as.",
    rule_doc(
        "In schemas stele generated, a union field names the contract variant of each record "
        'branch in `"stele.variants"` (in branch order; the schema itself has no such names). '
        "Flagged when a record both sides' unions hold has another variant name. The "
        "reference checkers do not see it (a deliberate difference, see docs/compat-avro.md).",
        "Avro resolves the branch by the record's name, so the value decodes, but the reader "
        "takes it for another variant: the discriminator of the contract value changes.",
        record(
            '{"name": "payment", "type": [{"type": "record", "name": "Card", "fields": []}], '
            '"stele.variants": ["card"]}'
        ),
        record(
            '{"name": "payment", "type": [{"type": "record", "name": "Card", "fields": []}], '
            '"stele.variants": ["credit_card"]}'
        ),
        "Keep variant names; add a new variant (and let readers upgrade) instead of renaming.",
    ),
    BOTH,
    messages={
        "": (
            "union variant of record {record} renamed from {old} to {new}: its values reach "
            "the reader as another variant"
        ),
    },
)

UNION_BRANCH_ADDED = Rule(
    "avro-union-branch-added",
    "avro",
    ERROR,
    "The new schema can write a type (union branch) that old readers cannot read.",
    rule_doc(
        "A branch of the new union (or a type that became a union) that the old type cannot "
        "read, for example `null` added to a required field.",
        "Readers still on the old schema fail on records that use the new branch.",
        record('{"name": "ref", "type": "string"}'),
        record('{"name": "ref", "type": ["null", "string"], "default": null}'),
        "Let readers upgrade to a schema that accepts the branch first (FORWARD needs the old "
        "reader to accept it), or only require BACKWARD compatibility.",
    ),
    FORWARD_ONLY,
    equivalent("MISSING_UNION_BRANCH"),
    messages={
        "": "the new type can write {branch}, which the old type cannot read: {consequence}",
    },
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
