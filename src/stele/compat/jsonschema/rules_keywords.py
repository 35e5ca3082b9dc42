"""JSON Schema rules for `x-extensible-enum`, the content keywords, conditionals, schema
dependencies and `patternProperties`, and the oasdiff check ids of the rules they sit beside.

oasdiff names each change once per side of an API (`request-property-...`, `response-...`);
a JSON Schema rule names the change and lets the direction say who breaks, so it lists the
oasdiff ids of the side where the change breaks.
"""

from __future__ import annotations

from stele.compat.jsonschema.rows import B, E, F, Row, S

_STR_B64 = '{"type": "string", "contentEncoding": "base64"}'
_JSON_DOC = '{"type": "string", "contentMediaType": "application/json"}'
_CS_OLD = '{"type": "string", "contentMediaType": "application/json", "contentSchema": {"type": "object"}}'
_IF = '"if": {"properties": {"kind": {"const": "card"}}, "required": ["kind"]}'
_THEN = '"then": {"required": ["number"]}'
_OBJ = '"type": "object", "properties": {"kind": {"type": "string"}, "number": {"type": "string"}}'
_EXT = '{"type": "string", "x-extensible-enum": ["ACTIVE", "SUSPENDED"]}'
_EXT_ONE = '{"type": "string", "x-extensible-enum": ["ACTIVE"]}'
_EXT_MORE = '{"type": "string", "x-extensible-enum": ["ACTIVE", "SUSPENDED", "CLOSED"]}'

ROWS_KEYWORDS: tuple[Row, ...] = (
    Row("json-extensible-enum-value-removed", E, (B,), "A value was removed from an `x-extensible-enum`.",
        "The old `x-extensible-enum` lists a value the new one lacks. `x-extensible-enum` (an extension from Zalando's API guidelines) lists the values a string is known to take while telling readers to tolerate others: validators ignore it, the values are the contract. Values added are not reported in either direction: readers of an extensible enum must accept values they do not know.",
        "Writers that keep sending the removed value (a client's request) reach a reader that no longer handles it. The opposite change, a value added, is fine where old readers meet it (a response), since they must tolerate unknown values.",
        (_EXT, _EXT_ONE),
        (_EXT, _EXT_MORE),
        oasdiff="request-property-x-extensible-enum-value-removed request-parameter-x-extensible-enum-value-removed"),
    Row("json-content-encoding-changed", E, (B, F), "A string's `contentEncoding` changed, was added or removed.",
        "The reader's `contentEncoding` (`base64`, `base32`, `quoted-printable`...) is not the writer's. Validators treat it as an annotation, but the consumer decodes the string by it. One encoding for another is an error; an encoding added or removed (a plain string beside an encoded one, as a contract's `bytes` field becoming `string`) is a warning: the JSON text is the same string, every validator and generated model reads it, and only a consumer that decodes by the keyword sees other content (stele's contract verdicts call `bytes` <-> `string` compatible in JSON).",
        "A string encoded one way does not decode the other way: a reader that expects base64 gets raw text, or the reverse.",
        (_STR_B64, '{"type": "string", "contentEncoding": "base32"}'),
        (_STR_B64, _STR_B64),
        oasdiff="request-property-content-encoding-changed response-property-content-encoding-changed"),
    Row("json-content-media-type-changed", E, (B, F), "A string's `contentMediaType` changed, was added or removed.",
        "The reader's `contentMediaType` is not the writer's (`application/json` became `application/xml`, or one side names none).",
        "The consumer parses the string's content as the media type it knows; content of another type does not parse.",
        (_JSON_DOC, '{"type": "string", "contentMediaType": "application/xml"}'),
        (_JSON_DOC, _JSON_DOC),
        oasdiff="request-property-content-media-type-changed response-property-content-media-type-changed"),
    Row("json-content-schema-added", E, (B,), "A `contentSchema` was added to a string's content.",
        "The new schema has a `contentSchema` (the schema the decoded content must satisfy) where the old one had none. With both present, the two are compared and their own rules reported.",
        "Old writers' content was never held to the schema; a consumer that checks it rejects some of it.",
        (_JSON_DOC, _CS_OLD),
        (_CS_OLD, _JSON_DOC),
        oasdiff="request-property-content-schema-added request-body-content-schema-added"),
    Row("json-content-schema-removed", E, (F,), "A `contentSchema` was removed from a string's content.",
        "The old schema had a `contentSchema` and the new one has none.",
        "New writers' content is no longer held to the schema old consumers check it against.",
        (_CS_OLD, _JSON_DOC),
        (_JSON_DOC, _CS_OLD),
        oasdiff="response-property-content-schema-removed response-body-content-schema-removed"),
    Row("json-conditional-added", E, (B,), "An `if`/`then`/`else` was added.",
        "The new schema has an `if` with a `then` or `else` and the old one has no `if`, and the old schema is not provably within both branches. With an `if` on both sides, a changed `if` is `json-conditional-changed` (a warning) and an unchanged one has its `then` and `else` compared.",
        "Old documents that meet the condition may fail the branch it selects.",
        (f'{{{_OBJ}}}', f'{{{_OBJ}, {_IF}, {_THEN}}}'),
        (f'{{{_OBJ}, {_IF}, {_THEN}}}', f'{{{_OBJ}}}'),
        oasdiff="request-property-if-added request-body-if-added"),
    Row("json-conditional-removed", E, (F,), "An `if`/`then`/`else` was removed.",
        "The old schema has an `if` with a `then` or `else` that the new one lacks, and the new schema is not provably within both branches.",
        "New documents that meet the condition may break the branch old readers still apply.",
        (f'{{{_OBJ}, {_IF}, {_THEN}}}', f'{{{_OBJ}}}'),
        (f'{{{_OBJ}}}', f'{{{_OBJ}, {_IF}, {_THEN}}}'),
        oasdiff="response-property-if-removed response-body-if-removed"),
    Row("json-dependent-schema-added", E, (B,), "A schema dependency (`dependentSchemas`) was added.",
        "The new schema has a `dependentSchemas` entry (draft 7: a schema-valued `dependencies` entry) the old one lacks, and the old schema is not provably within it. With the entry on both sides, the two schemas are compared and their own rules reported.",
        "Old documents that carry the property must now also satisfy the dependent schema.",
        ('{"type": "object"}', '{"type": "object", "dependentSchemas": {"card": {"required": ["cvv"]}}}'),
        ('{"type": "object", "dependentSchemas": {"card": {"required": ["cvv"]}}}', '{"type": "object"}'),
        confluent="DEPENDENCY_SCHEMA_ADDED",
        oasdiff="request-property-dependent-schema-added request-body-dependent-schema-added"),
    Row("json-dependent-schema-removed", E, (F,), "A schema dependency (`dependentSchemas`) was removed.",
        "The old schema has a `dependentSchemas` entry the new one lacks, and the new schema is not provably within it.",
        "New documents that carry the property may break the dependent schema old readers still apply.",
        ('{"type": "object", "dependentSchemas": {"card": {"required": ["cvv"]}}}', '{"type": "object"}'),
        ('{"type": "object"}', '{"type": "object", "dependentSchemas": {"card": {"required": ["cvv"]}}}'),
        confluent="DEPENDENCY_SCHEMA_REMOVED",
        differs="Confluent accepts it in every mode; stele flags it in FORWARD.",
        oasdiff="response-property-dependent-schema-removed response-body-dependent-schema-removed"),
    Row("json-pattern-property-added", E, (B, F), "A `patternProperties` entry was added that the old schema's rule for those names does not match.",
        "The new schema has a pattern the old one lacks (and no pattern was removed: a pattern replaced by another is `json-pattern-properties-changed`, a warning). BACKWARD breaks when the old schema gave those names any value, or another schema (`additionalProperties`) that is not provably within the new one; FORWARD breaks when the old schema rejected those names (`additionalProperties: false`) or held them to a schema the new one is not within. The lenient policy accepts it where the old schema was open, as for properties.",
        "Old documents may carry names matching the pattern with values it now rejects (BACKWARD); new documents may carry such names where old readers reject them (FORWARD).",
        ('{"type": "object"}', f'{{"type": "object", "patternProperties": {{"^x-": {S}}}}}'),
        (f'{{"type": "object", "additionalProperties": {S}}}', f'{{"type": "object", "additionalProperties": {S}, "patternProperties": {{"^x-": {S}}}}}'),
        oasdiff="request-property-pattern-property-added request-body-pattern-property-added"),
    Row("json-pattern-property-removed", E, (B, F), "A `patternProperties` entry was removed and the new rule for those names does not match it.",
        "The old schema has a pattern the new one lacks (and no pattern was added). BACKWARD breaks when the new schema rejects those names or holds them to a schema the old pattern's is not within; FORWARD breaks when the new schema gives them any value (strict policy) or a schema not within the old pattern's.",
        "Old documents with names matching the pattern may be rejected by the new schema; new documents may carry values the old pattern rejects.",
        (f'{{"type": "object", "patternProperties": {{"^x-": {S}}}, "additionalProperties": false}}', '{"type": "object", "additionalProperties": false}'),
        (f'{{"type": "object", "patternProperties": {{"^x-": {S}}}, "additionalProperties": {S}}}', f'{{"type": "object", "additionalProperties": {S}}}'),
        oasdiff="response-property-pattern-property-removed response-body-pattern-property-removed"),
)  # fmt: skip

# oasdiff's ids for rules of the base table (rules.py).
OASDIFF: dict[str, str] = {
    "json-nullable-removed": "request-property-became-not-nullable request-body-became-not-nullable",
    "json-nullable-added": "response-property-became-nullable response-body-became-nullable",
    "json-all-of-branch-added": "request-property-all-of-added request-body-all-of-added",
    "json-all-of-branch-removed": "response-property-all-of-removed response-body-all-of-removed",
    "json-dependent-required-added": "request-property-dependent-required-added request-body-dependent-required-added",
    "json-dependent-required-removed": "response-property-dependent-required-removed response-body-dependent-required-removed",
    "json-enum-value-removed": "request-property-enum-value-removed request-body-enum-value-removed",
    "json-enum-value-added": "response-property-enum-value-added",
    "json-pattern-added": "request-property-pattern-added",
    "json-pattern-changed": "request-property-pattern-changed",
    "json-required-added": "request-property-became-required",
    "json-max-length-decreased": "request-property-max-length-decreased request-body-max-length-decreased",
    "json-maximum-decreased": "request-property-max-decreased request-body-max-decreased",
    "json-any-of-branch-removed": "request-property-any-of-removed request-body-any-of-removed",
    "json-one-of-branch-removed": "request-property-one-of-removed request-body-one-of-removed",
    "json-any-of-branch-added": "response-property-any-of-added response-body-any-of-added",
    "json-one-of-branch-added": "response-property-one-of-added response-body-one-of-added",
}  # fmt: skip

_INFO_IN_OASDIFF = (
    "oasdiff reports it as info on a response; stele reports the FORWARD break as an error, "
    "since an old client that validates a response of the new variant rejects it (a client that "
    "ignores the schema lowers the rule's severity in stele.yaml)."
)
# Why stele's level differs from oasdiff's, for rules of the base table.
OASDIFF_DIFFERS: dict[str, str] = {
    "json-any-of-branch-added": _INFO_IN_OASDIFF,
    "json-one-of-branch-added": _INFO_IN_OASDIFF,
    "json-enum-value-added": "oasdiff warns on a response; stele reports an error: a reader with "
    "a closed enum type cannot decode the new value (mark the enum `x-extensible-enum` when "
    "readers must tolerate new values).",
}
