"""The message templates of the Protobuf rules, by rule id and variant ("" the usual one).

`Context.told` renders a finding's message from its rule's template and keeps the values as
the finding's detail: the element's names (`field`, `name`, `file`, `package`, `rpc`), the
`old` and `new` values as the message shows them, and `why`, the consequence the type and
cardinality ladders give for the category checked.
"""

from __future__ import annotations

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
    # -- fields ------------------------------------------------------------------------------
    "proto-field-renamed": {"": "{kind} {number} was renamed from '{old}' to '{new}'"},
    "proto-field-json-name-changed": {
        "": "field '{field}' changed JSON name from '{old}' to '{new}'"
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
