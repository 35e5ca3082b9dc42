"""The words of OpenAPI findings told back in the documents' order.

The FORWARD check (new clients, old service) runs the BACKWARD rules on the documents swapped,
and a callback is judged with the documents swapped too: a finding of such a run is about the
change from the new document to the old one. `told_back` tells it about the change from the old
document to the new one, as every other finding is told: it renders the message from the
variant below (`told-back` for the rule's usual template, `told-back-<variant>` for another),
with the old and new values swapped. A template that names only the values (`{old}`, `{new}`)
reads right once they are swapped and has no entry, nor has an `added` variant (already worded
for FORWARD); two variants that tell each other's change are paired in `told_back.PAIRED`. `openapi.ruledoc._rule` adds these variants to the rule records.
"""

from __future__ import annotations

BACK = "told-back"

TOLD_BACK: dict[str, dict[str, str]] = {
    # FORWARD: a path or operation only the new document has, whose operationId the old one
    # has elsewhere or which has none (it may have moved: `checks._moved`).
    "openapi-path-removed": {
        BACK: "path {path} added: new clients call it, and the old service does not serve it",
        f"{BACK}-deprecated": (
            "path {path} added (its operations deprecated): new clients call it, and the old "
            "service does not serve it"
        ),
    },
    "openapi-operation-removed": {
        BACK: (
            "operation {operation} added: new clients call it, and the old service does not "
            "serve it"
        ),
        f"{BACK}-deprecated": (
            "operation {operation} added (deprecated): new clients call it, and the old service "
            "does not serve it"
        ),
    },
    "openapi-required-parameter-added": {
        BACK: "{operation}: required {parameter} removed; the old service still requires it",
    },
    "openapi-parameter-became-required": {
        BACK: "{parameter} became optional; the old service requires it",
    },
    "openapi-parameter-removed": {
        BACK: "{operation}: {parameter} added; the old service does not declare it",
    },
    "openapi-request-body-became-required": {
        BACK: "{operation}: request body became optional; the old service requires it",
    },
    "openapi-request-media-type-removed": {
        BACK: "media type {media} of the {what} added; the old version does not declare it",
    },
    "openapi-response-media-type-removed": {
        BACK: "media type {media} of the {what} added; the old version does not declare it",
    },
    "openapi-response-status-removed": {
        BACK: "{operation}: response {status} added; the old version does not declare it",
    },
    "openapi-operation-deprecated": {
        BACK: "operation {operation} no longer deprecated",
    },
    "openapi-parameter-deprecated": {
        BACK: "{parameter} no longer deprecated",
    },
    "openapi-property-deprecated": {
        BACK: "property '{property}' no longer deprecated",
    },
    "openapi-stability-decreased": {
        BACK: "{operation}: x-stability-level increased from {old} to {new}",
    },
    "openapi-request-property-removed": {
        BACK: "property '{property}' added; the old service does not declare it",
    },
    "openapi-response-header-removed": {
        BACK: "{requirement} header {name} added; the old version does not declare it",
    },
    "openapi-response-header-became-optional": {
        BACK: "header {name} became required; the old version may leave it out",
    },
    "openapi-response-link-changed": {
        f"{BACK}-removed": "link {name} added",
    },
    "openapi-callback-removed": {
        BACK: "{operation} callback {callback} added",
        f"{BACK}-operation": "{operation} callback {callback} operation {callback_operation} added",
    },
}
