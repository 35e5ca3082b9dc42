"""The message templates of the JSON Schema rules, by rule id and variant ("" the usual one).

`Comparator.emit` renders a finding's message from its rule's template and keeps the values
as the finding's detail: `property` (a property's name), `keyword` (the keyword that changed),
`old` and `new` (the values on each side, as the message shows them: `none` for absent),
`values`, `pattern`, `format`, `branch`, `ref`, `path`... A `!r` template shows a string value
quoted, as the messages always have. The API checkers spread this detail into their own
findings' detail, so no key here is named `at`, `where`, `part`, `cause` or `cause_rule`.
"""

from __future__ import annotations

CHANGED = {"": "{keyword} changed from {old} to {new}"}
_ASSERTED = " (asserted: strings of another form are rejected)"
_ALWAYS_WRITTEN = " (the writer's schema marks it x-stele-always-written)"
_PARTIAL = "additionalProperties/patternProperties"


def _fixed(text: str) -> dict[str, str]:
    return {"": text}


def _removed_from(model: str, consequence: str) -> dict[str, str]:
    return _fixed(f"property '{{property}}' removed; the new schema's {model} {consequence}")


def _added_to(model: str, consequence: str) -> dict[str, str]:
    return _fixed(f"property '{{property}}' added where the old schema's {model} {consequence}")


def _verbs(rule: str, text: str) -> dict[str, dict[str, str]]:
    """A rule pair `<rule>-added` / `<rule>-removed` whose messages differ by that word."""
    return {f"{rule}-{verb}": _fixed(text.format(verb=verb)) for verb in ("added", "removed")}


def _format(text: str) -> dict[str, str]:
    return {"": text, "asserted": text + _ASSERTED}


def _counts(*rules: str) -> dict[str, dict[str, str]]:
    return {rule: CHANGED for rule in rules}


MESSAGES: dict[str, dict[str, str]] = {
    # -- objects --------------------------------------------------------------------------
    "json-property-removed-from-closed-model": _removed_from(
        "closed content model", "rejects old values of it"
    ),
    "json-property-removed-from-open-model": _removed_from(
        "open content model", "accepts any value for it"
    ),
    "json-property-removed-from-partially-open-model": _removed_from(
        _PARTIAL, "rejects old values of it"
    ),
    "json-property-added-to-closed-model": _added_to("closed content model", "rejected it"),
    "json-property-added-to-open-model": _added_to("open content model", "accepted other values"),
    "json-property-added-to-partially-open-model": _added_to(_PARTIAL, "accepted other values"),
    "json-required-added": {
        "": "property '{property}' became required",
        "always-written": "property '{property}' became required" + _ALWAYS_WRITTEN,
    },
    "json-required-removed": {
        "": "property '{property}' is no longer required",
        "always-written": "property '{property}' is no longer required" + _ALWAYS_WRITTEN,
    },
    "json-content-model-closed": _fixed("content model closed"),
    "json-content-model-opened": _fixed("content model opened"),
    "json-additional-properties-narrowed": _fixed(
        "additionalProperties narrowed: undeclared properties are now constrained"
    ),
    "json-additional-properties-widened": _fixed(
        "additionalProperties widened: undeclared properties are no longer constrained"
    ),
    "json-pattern-properties-changed": {
        verb: f"cannot prove compatibility: patternProperties '{{pattern}}' {verb}"
        for verb in ("added", "removed")
    },
    **_verbs("json-pattern-property", "patternProperties '{{pattern}}' {verb}"),
    **_counts(
        "json-min-properties-increased",
        "json-min-properties-decreased",
        "json-max-properties-decreased",
        "json-max-properties-increased",
    ),
    "json-dependent-required-added": _fixed("property '{property}' now requires {required}"),
    "json-dependent-required-removed": _fixed(
        "property '{property}' no longer requires {required}"
    ),
    # -- types, null, values ---------------------------------------------------------------
    "json-type-narrowed": {
        "": "type changed from {old} to {new}",
        "rejects-all": "the new schema accepts no value here",
    },
    "json-type-widened": {
        "": "type changed from {old} to {new}",
        "accepts-now": "the new schema accepts values where the old one accepted none",
    },
    "json-type-changed": _fixed("type changed from {old} to {new}"),
    "json-nullable-removed": _fixed("null is no longer allowed"),
    "json-nullable-added": _fixed("null is now allowed"),
    "json-enum-value-removed": _fixed("enum values removed: {values}"),
    "json-enum-value-added": _fixed("enum values added: {values}"),
    **_verbs("json-enum", "enum {verb}: {{values}}"),
    **_verbs("json-const", "const {verb}: {{values}}"),
    "json-const-changed": _fixed("const changed from {old} to {new}"),
    "json-extensible-enum-value-removed": _fixed("x-extensible-enum values removed: {values}"),
    # -- numbers, strings, arrays ----------------------------------------------------------
    **_counts(
        "json-minimum-increased",
        "json-minimum-decreased",
        "json-maximum-decreased",
        "json-maximum-increased",
        "json-multiple-of-changed",
        "json-min-length-increased",
        "json-min-length-decreased",
        "json-max-length-decreased",
        "json-max-length-increased",
        "json-min-items-increased",
        "json-min-items-decreased",
        "json-max-items-decreased",
        "json-max-items-increased",
    ),
    **_verbs("json-pattern", "pattern {verb}: {{pattern!r}}"),
    "json-pattern-changed": _fixed(
        "cannot prove compatibility: pattern changed from {old!r} to {new!r}"
    ),
    "json-decimal-narrowed": _fixed(
        "decimal changed from {old} to {new}: values with {lost} fail the new pattern"
    ),
    "json-decimal-widened": _fixed(
        "decimal changed from {old} to {new}: values with {lost} fail the old pattern"
    ),
    "json-format-added": _format("format added: {format!r}"),
    "json-format-removed": _format("format removed: {format!r}"),
    "json-format-changed": _format("format changed from {old!r} to {new!r}"),
    **_verbs("json-unique-items", "uniqueItems {verb}"),
    **_verbs("json-contains", "contains {verb}"),
    "json-contains-count-changed": {
        **CHANGED,
        "same-count": "{keyword} {count} now counts the items of a changed contains",
    },
    "json-content-encoding-changed": {
        "": "{keyword} changed from {old!r} to {new!r}",
        "added": "{keyword} changed from none to {new!r}",
        "removed": "{keyword} changed from {old!r} to none",
    },
    **_verbs("json-content-schema", "contentSchema {verb}"),
    # -- combinators, conditionals, references, files ----------------------------------------
    **_verbs("json-one-of-branch", "oneOf branch {{branch}} {verb}"),
    **_verbs("json-any-of-branch", "anyOf branch {{branch}} {verb}"),
    **_verbs("json-all-of-branch", "allOf member {{branch}} {verb}"),
    "json-not-changed": _fixed("cannot prove compatibility: 'not' changed"),
    "json-conditional-changed": _fixed("cannot prove compatibility: 'if' changed"),
    **_verbs("json-conditional", "if/then/else {verb}"),
    **_verbs("json-dependent-schema", "schema dependency on '{{property}}' {verb}"),
    "json-ref-unresolved": _fixed(
        "cannot prove compatibility: '$ref' {ref!r} points outside the given files"
    ),
    "json-schema-removed": {
        "": "schema '{path}' removed",
        "renamed": (
            "schema '{path}' removed; the references to it now point to '{renamed}' "
            "(compared there: documents do not name their schema file)"
        ),
    },
}
MESSAGES["json-content-media-type-changed"] = MESSAGES["json-content-encoding-changed"]
