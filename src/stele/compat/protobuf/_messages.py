"""The message templates of the Protobuf rules, by rule id and variant ("" the usual one).

`Context.report` renders a finding's message from its rule's template and keeps the values as
the finding's detail: the element's names (`field`, `name`, `file`, `package`, `rpc`), the
`old` and `new` values as the message shows them, and `why`, the consequence the type and
cardinality ladders give for the category checked.
"""

from __future__ import annotations

_MOVED = (
    "{kind} '{name}' moved from number {old} to {new}: data written under {old} is no longer "
    "read as '{name}'"
)

# A file option other than syntax (`proto-file-<option>-changed`, `_option_rules`).
FILE_OPTION = {"": "file '{file}' changed option '{option}' from '{old}' to '{new}'"}

MESSAGES: dict[str, dict[str, str]] = {
    # -- files, packages, declarations -------------------------------------------------------
    "proto-file-removed": {"": "file '{file}' was removed"},
    "proto-package-removed": {"": "package '{package}' was removed: no file declares it any more"},
    "proto-package-changed": {
        "": (
            "file '{file}' changed package from '{old}' to '{new}': every type and method it "
            "declares has a new full name"
        )
    },
    "proto-declaration-moved": {"": "{kind} '{name}' moved from '{old}' to '{new}'"},
    "proto-message-removed": {"": "message '{name}' was removed"},
    "proto-enum-removed": {"": "enum '{name}' was removed"},
    "proto-service-removed": {"": "service '{name}' was removed: old clients calling it fail"},
    "proto-extension-removed": {"": "extension '{name}' was removed"},
    # -- services ----------------------------------------------------------------------------
    "proto-rpc-removed": {"": "rpc '{rpc}' was removed: old clients calling it fail"},
    "proto-rpc-request-type-changed": {"": "rpc '{rpc}' request type changed from {old} to {new}"},
    "proto-rpc-response-type-changed": {
        "": "rpc '{rpc}' response type changed from {old} to {new}"
    },
    "proto-rpc-streaming-changed": {
        change: f"rpc '{{rpc}}' {{side}} side {change} streaming"
        for change in ("became", "stopped")
    },
    # -- members and reservations -------------------------------------------------------------
    "proto-field-removed": {"": "field '{name}' ({number}) was removed: {why}"},
    "proto-enum-value-removed": {"": "enum value '{name}' ({number}) was removed: {why}"},
    "proto-field-number-changed": {"": _MOVED},
    "proto-enum-value-number-changed": {"": _MOVED},
    "proto-enum-value-renamed": {"": "enum value {number} was renamed from '{old}' to '{new}'"},
    "proto-enum-value-added": {"": "enum value '{name}' ({number}) was added: {why}"},
    "proto-required-field-added": {
        "": "required field '{name}' ({number}) was added: old data lacks it"
    },
    "proto-reserved-number-reused": {
        "": "number {number} was reserved and is now used by '{name}'"
    },
    "proto-reserved-name-reused": {"": "name '{name}' was reserved and is now used again"},
    "proto-reserved-range-removed": {
        "range": "reserved range {range} is no longer fully reserved",
        "name": "reserved name '{name}' is no longer reserved",
    },
    # -- options ----------------------------------------------------------------------------
    "proto-file-syntax-changed": {"": "file '{file}' changed syntax from '{old}' to '{new}'"},
    "proto-extension-range-removed": {
        "": "extension numbers {range} of '{message}' are no longer extensions"
    },
    "proto-oneof-removed": {"": "oneof '{oneof}' was removed from '{message}'"},
    "proto-message-json-format-changed": {
        "": "message '{name}' JSON format changed from {old} to {new}"
    },
    "proto-message-descriptor-accessor-removed": {
        "": "message '{name}' set no_standard_descriptor_accessor"
    },
    "proto-enum-type-changed": {
        "": "enum '{name}' changed from {old} to {new}: readers disagree on unknown values"
    },
    "proto-enum-json-format-changed": {"": "enum '{name}' JSON format changed from {old} to {new}"},
    "proto-rpc-idempotency-changed": {
        "": "rpc '{rpc}' changed idempotency_level from {old} to {new}"
    },
    "proto-field-jstype-changed": {"": "{field} changed jstype from {old} to {new}"},
    "proto-field-cpp-string-type-changed": {
        "": "{field} changed C++ string type from {old} to {new}"
    },
    "proto-field-utf8-validation-changed": {
        "": "{field} changed UTF-8 validation from {old} to {new}"
    },
    "proto-field-java-utf8-validation-changed": {
        "": "{field} changed Java UTF-8 validation from {old} to {new}"
    },
    "proto-field-default-changed": {
        "": "{field} changed default from {old} to {new}: readers of an unset field read another value"
    },
    # -- contract forms -----------------------------------------------------------------------
    "proto-union-variant-changed": {
        change: (
            f"union variant '{{name}}' ({{number}}) {change}: its values reach readers on "
            "{lacking} as a union without a variant"
        )
        for change in ("added", "removed")
    },
    "proto-message-body-changed": {
        "": (
            "message {name} changed its body from {old} to {new}: its readers parse the other "
            "record's fields"
        )
    },
    # -- fields ------------------------------------------------------------------------------
    "proto-field-renamed": {"": "{kind} {number} was renamed from '{old}' to '{new}'"},
    "proto-field-json-name-changed": {
        "": "field '{field}' changed its json_name from '{old}' to '{new}'",
        "old-default": (
            "field '{field}' changed JSON name from '{old}' (protoc's default, no json_name) to"
            " '{new}' (its json_name)"
        ),
        "new-default": (
            "field '{field}' changed JSON name from '{old}' (its json_name) to '{new}'"
            " (protoc's default, json_name dropped)"
        ),
        "defaults": (
            "field '{field}' changed JSON name from '{old}' to '{new}' (protoc's defaults of the"
            " field names, no json_name)"
        ),
    },
    "proto-field-type-changed": {"": "{field} changed type from {old} to {new}: {why}"},
    "proto-field-cardinality-changed": {"": "{field} changed from {old} to {new}: {why}"},
    "proto-field-presence-changed": {
        "": (
            "{field} changed from {old} to {new} presence: generated code gains or loses its "
            "has-accessor"
        )
    },
    "proto-field-moved-into-oneof": {
        "": "{field} moved into oneof '{new}': {why}",
        "from-oneof": "{field} moved from oneof '{old}' into oneof '{new}': {why}",
    },
    "proto-field-moved-out-of-oneof": {"": "{field} moved out of oneof '{old}': {why}"},
}
