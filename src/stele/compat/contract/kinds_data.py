"""Contract change kinds of the data: types, fields, enums and unions (see `kinds`)."""

from __future__ import annotations

from stele.diagnostics import Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: notice (info)
Kind = tuple[str, Severity, str, str, str, str]

# kind, worst severity, summary, why it breaks (or why not), the change, what to do instead.
DATA_KINDS: tuple[Kind, ...] = (
    # --- types ---
    (
        "type-added",
        N,
        "A named type was added.",
        "No reader depends on a type that did not exist.",
        'types:\n  Refund: {fields: {amount: "decimal(12,2)"}}',
        "Nothing to do.",
    ),
    (
        "type-removed",
        E,
        "A named type was removed.",
        "Readers that load its Avro or JSON Schema document find it gone.",
        "types:\n  # Refund removed",
        "Deprecate the type first; remove it in a major version.",
    ),
    (
        "type-renamed",
        E,
        "A named type was renamed with `renamed_from`.",
        "Avro readers on the old version know no alias for the new name; JSON Schema documents move.",
        "  Payment:\n    renamed_from: [PaymentMethod]",
        "Keep the name, or release the rename with every consumer upgraded first.",
    ),
    (
        "type-kind-changed",
        E,
        "A record, enum or union became another kind of type.",
        "Every value changes its form in every format.",
        "  State: {fields: ...}  # was an enum",
        "Add a new type and migrate the fields that hold the old one.",
    ),
    (
        "type-deprecated-changed",
        N,
        "A type was deprecated or undeprecated.",
        "Deprecation is documentation: readers are unaffected.",
        "  Order: {deprecated: use Order2}",
        "Nothing to do.",
    ),
    (
        "type-reservation-removed",
        E,
        "Reserved numbers or names of a record, enum or union are no longer reserved.",
        "Protobuf readers of old data may meet a reused number or name with another meaning.",
        "    reserved: [7]   # was [7, 9-11, old_state]",
        "Keep every reservation: the lock adds them, never removes them.",
    ),
    # --- fields ---
    (
        "field-added",
        E,
        "A field was added to a record.",
        "A required field breaks new readers of old data (JSON, Avro without default); an optional "
        "one breaks nobody under the lenient JSON policy.",
        "      region: string",
        "      region: string?   # or {type: string, default: eu}",
    ),
    (
        "field-removed",
        E,
        "A field was removed from a record.",
        "Old readers that require the field (JSON required, Avro without default) reject new data.",
        "      # total removed",
        "Make the field optional first, remove it once readers upgraded.",
    ),
    (
        "field-renamed",
        E,
        "A field was renamed with `renamed_from`.",
        "Protobuf keeps the number and Avro matches the alias for new readers, but the JSON name "
        "changes: JSON readers miss the value, old Avro readers too.",
        "      quantity: {type: int32, renamed_from: [count]}",
        "Add the new field next to the old one, deprecate the old one.",
    ),
    (
        "field-json-name-changed",
        E,
        "A field's JSON name (`json:`) changed.",
        "JSON readers find a value by its property name, and so does Protobuf's JSON mapping "
        "(`json_name`): the other version's readers miss it. Avro and the Protobuf binary wire "
        "are unaffected.",
        "      created_by: {type: string, json: creator}   # was createdBy",
        "Keep the JSON name. To rename a field while JSON readers keep reading it, write "
        "`renamed_from` and `json:` its old name (Protobuf's JSON parsers accept the field's "
        "name too, so the Protobuf JSON mapping still sees a rename).",
    ),
    (
        "field-type-changed",
        E,
        "A field's type changed.",
        "Readers accept only what their own type allows: `decimal(18,2)` -> `decimal(20,4)` makes "
        "old JSON readers reject 4 decimals; `timestamp` -> `date` breaks every asserted format.",
        "      amount: decimal(20,4)   # was decimal(18,2)",
        "Add a field of the new type and deprecate the old one.",
    ),
    (
        "field-optionality-changed",
        E,
        "A field became optional or required.",
        "Readers that require the field reject data without it; Avro readers without a null "
        "branch fail on null.",
        "      note: string   # was string?",
        "Give the field a default instead of making it required.",
    ),
    (
        "field-default-changed",
        W,
        "A field's default was added, changed or removed.",
        "In JSON a default makes the field optional; elsewhere readers fill another value.",
        "      quantity: {type: int32, default: 2}   # was 1",
        "Keep defaults stable.",
    ),
    (
        "field-number-changed",
        E,
        "A field's Protobuf number changed.",
        "Protobuf readers match fields by number: the value lands in another field or is lost.",
        "      total: {type: Money, number: 9}   # was 2",
        "Never renumber; the lock keeps numbers. Give the field back the number the release "
        "gave it (`number:`), or restore `compat/stele.lock` from the release's copy "
        "(`compat/releases/<version>/compat/stele.lock`) if the lock changed by mistake.",
    ),
    (
        "field-relation-changed",
        N,
        "A field's `references` or `as` changed.",
        "The relation drives `?expand=` in OpenAPI: the embedded record changes.",
        "      consumer_id: {type: uuid, references: food.consumer.Account}",
        "Add a new relation field.",
    ),
    (
        "field-deprecated-changed",
        N,
        "A field was deprecated or undeprecated.",
        "Deprecation is documentation: readers are unaffected.",
        "      legacy_code: {type: string?, deprecated: use id}",
        "Nothing to do.",
    ),
    # --- enums ---
    (
        "enum-symbol-added",
        E,
        "An enum symbol was added.",
        "Old readers meet a symbol they do not know: Avro maps it to the enum default (error "
        "without one), JSON schemas reject it.",
        "    enum: [NEW, PAID, REFUNDED]",
        "Give the enum a `default` before adding symbols.",
    ),
    (
        "enum-symbol-removed",
        E,
        "An enum symbol was removed.",
        "New readers meet the old symbol in old data.",
        "    enum: [NEW]   # PAID removed",
        "Deprecate the symbol; keep it until no data holds it.",
    ),
    (
        "enum-symbol-renamed",
        E,
        "An enum symbol was renamed with `renamed_from`.",
        "Protobuf keeps the number, but Avro and JSON carry the symbol's name.",
        "    enum: {SETTLED: {renamed_from: [PAID]}}",
        "Add the new symbol; deprecate the old one.",
    ),
    (
        "enum-symbol-number-changed",
        E,
        "An enum symbol's Protobuf number changed.",
        "Protobuf readers read the number as another symbol.",
        "    enum: {PAID: {number: 5}}",
        "Never renumber.",
    ),
    (
        "enum-symbol-deprecated-changed",
        N,
        "An enum symbol was deprecated or undeprecated.",
        "Deprecation is documentation.",
        "    enum: {PAID: {deprecated: true}}",
        "Nothing to do.",
    ),
    (
        "enum-default-changed",
        W,
        "An enum's default symbol changed or was removed.",
        "Avro readers map unknown symbols to the default: without one, a symbol added later breaks "
        "them.",
        "    # default: NEW removed",
        "Keep a default on every enum.",
    ),
    # --- unions ---
    (
        "union-variant-added",
        E,
        "A union variant was added.",
        "Old readers meet a variant they do not know (Avro and JSON fail).",
        "    union: {card: Card, voucher: Voucher, wallet: Wallet}",
        "Upgrade the readers first (backward mode), or add a new union.",
    ),
    (
        "union-variant-removed",
        E,
        "A union variant was removed.",
        "New readers meet the old variant in old data.",
        "    union: {card: Card}",
        "Deprecate the variant's record; remove it once no data holds it.",
    ),
    (
        "union-variant-type-changed",
        E,
        "A union variant holds another record.",
        "Every format reads the variant with the wrong record.",
        "    union: {card: CardV2}",
        "Add a new variant.",
    ),
    (
        "union-variant-number-changed",
        E,
        "A union variant's Protobuf number changed.",
        "Protobuf readers read the variant as another one.",
        "    union: {card: {type: Card, number: 4}}",
        "Never renumber.",
    ),
    (
        "union-discriminator-changed",
        E,
        "A union's discriminator property changed.",
        "JSON readers look for the variant name in another property.",
        "    discriminator: kind",
        "Keep the discriminator.",
    ),
)
