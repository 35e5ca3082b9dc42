"""The OpenAPI rule catalogue (3.0 and 3.1), modelled on oasdiff's checker.

Rules are told from the BACKWARD view: existing clients (old document) call the new service. A
FORWARD check (new clients, old service) runs the same rules with the documents swapped, so in
FORWARD "removed" means "the new document has it, the old service does not".
"""

from __future__ import annotations

from stele.compat.model import Rule
from stele.compat.openapi.ruledoc import (
    BACKWARD_ONLY,
    ERROR,
    INFO,
    JSON_SCHEMA_TOLD,
    MEDIA_TYPE_REMOVED,
    WARNING,
    _doc,
    _rule,
)
from stele.compat.openapi.rules_exchange import EXCHANGE_RULES
from stele.compat.openapi.rules_lifecycle import LIFECYCLE_RULES

_GET = "paths:\n  /orders/{id}:\n    get:\n"
_Q = "parameters:\n  - {name: limit, in: query%s, schema: {type: %s}}"
_BODY = (
    "requestBody:\n  content:\n    application/json:\n      schema:\n"
    "        type: object\n        properties: {%s}%s"
)
_RESP = (
    "responses:\n  '200':\n    content:\n      application/json:\n        schema:\n"
    "          type: object\n          properties: {%s}%s"
)

PATH_REMOVED = _rule(
    "path-removed",
    ERROR,
    "A path was removed: existing clients calling it get 404.",
    _doc(
        "A path of the old document that the new one lacks. Paths match ignoring the names of "
        "their parameters. Info instead of error when every operation of the path was "
        "deprecated in the old document (unless one's `x-sunset` date is still to come: "
        "`openapi-operation-removed-before-sunset`). In FORWARD (the documents swapped) a path only the new "
        "document has is info when none of its operations' `operationId`s is in the old "
        "document (new clients call them only on a new service), an error when one moved.",
        "Clients built against the old document still call the path.",
        _GET + "      operationId: getOrder",
        "paths: {}",
        "Deprecate the operations first (`deprecated: true`, an `x-sunset` date), wait until "
        "clients have moved, then remove the path.",
    ),
    "api-path-removed-without-deprecation",
    messages={
        "": "path {path} removed",
        "deprecated": "path {path} removed (its operations were deprecated)",
        "added": "path {path} added: new in this version, so no client of an old service calls it",
    },
)
OPERATION_REMOVED = _rule(
    "operation-removed",
    ERROR,
    "An operation (method of a path that remains) was removed.",
    _doc(
        "A method of a path present in both documents that only the old document has. Info "
        "instead of error when the old operation was deprecated (unless its `x-sunset` date is "
        "still to come: `openapi-operation-removed-before-sunset`) or its `x-stability-level` "
        "is draft or alpha. In FORWARD (the documents "
        "swapped) an operation only the new document has is info when its `operationId` is not "
        "in the old document, an error when it moved.",
        "Clients built against the old document still call it and get 405 or 404.",
        "paths:\n  /orders:\n    get: {}\n    post: {}",
        "paths:\n  /orders:\n    get: {}",
        "Deprecate the operation first, then remove it once clients have moved.",
    ),
    "api-removed-without-deprecation",
    messages={
        "": "operation {operation} removed",
        "deprecated": "operation {operation} removed (it was deprecated)",
        "added": (
            "operation {operation} added: new in this version, so no client of an old service"
            " calls it"
        ),
    },
)
REQUIRED_PARAMETER_ADDED = _rule(
    "required-parameter-added",
    ERROR,
    "A required parameter was added: existing requests lack it.",
    _doc(
        "A parameter of the new operation, required, that the old operation does not have.",
        "Existing clients do not send it; the new service rejects their requests.",
        _GET + "      parameters: []",
        _GET + "      " + (_Q % (", required: true", "integer")).replace("\n", "\n      "),
        "Add the parameter as optional, with a server-side default.",
    ),
    "new-required-request-parameter",
    messages={
        "": "{operation}: required {parameter} added",
    },
)
PARAMETER_BECAME_REQUIRED = _rule(
    "parameter-became-required",
    ERROR,
    "An optional parameter became required.",
    _doc(
        "A parameter present in both operations, optional in the old and required in the new.",
        "Clients that leave the parameter out are now rejected.",
        _Q % ("", "integer"),
        _Q % (", required: true", "integer"),
        "Keep the parameter optional and default it on the server.",
    ),
    "request-parameter-became-required",
    messages={"": "{parameter} became required"},
)
PARAMETER_REMOVED = _rule(
    "parameter-removed",
    WARNING,
    "A parameter was removed: clients still send it and it is ignored or rejected.",
    _doc(
        "A parameter of the old operation that the new operation lacks (a parameter that "
        "moved to another location is `openapi-parameter-location-changed`).",
        "Old clients keep sending it. Servers that reject unknown parameters fail; others "
        "silently ignore what the client meant to say.",
        _Q % ("", "integer"),
        "parameters: []",
        "Deprecate the parameter first (`deprecated: true`) and keep accepting it.",
    ),
    "request-parameter-removed",
    messages={
        "": "{operation}: {parameter} removed",
    },
)
PARAMETER_LOCATION_CHANGED = _rule(
    "parameter-location-changed",
    ERROR,
    "A parameter moved to another location (query, header, path, cookie).",
    _doc(
        "A parameter whose name is found in the other document under another `in` only.",
        "Clients send it where it used to be; the server looks for it elsewhere.",
        "parameters:\n  - {name: tenant, in: query, schema: {type: string}}",
        "parameters:\n  - {name: tenant, in: header, schema: {type: string}}",
        "Accept both locations for a while: add the new one as optional, deprecate the old.",
    ),
    messages={
        "": "{operation}: parameter '{name}' moved from {old} to {new}",
    },
)
PARAMETER_TYPE_CHANGED = _rule(
    "parameter-type-changed",
    ERROR,
    "A parameter's type changed so that values clients send are rejected.",
    _doc(
        "The type of a parameter's schema no longer accepts every value the old one did "
        "(widening integer to number is fine). Parameters travel as text: a parameter whose "
        "new schema is a plain string (no format, pattern, enum or length) reads any scalar "
        "and is not flagged.",
        "Existing clients send values of the old type.",
        _Q % ("", "string"),
        _Q % ("", "integer"),
        "Widen instead (integer to number), or add a new parameter with the new type.",
    ),
    "request-parameter-type-changed",
    messages=JSON_SCHEMA_TOLD,
)
PARAMETER_ENUM_VALUE_REMOVED = _rule(
    "parameter-enum-value-removed",
    ERROR,
    "A value was removed from a parameter's enum.",
    _doc(
        "An `enum` value of a parameter's schema in the old document that the new one lacks.",
        "Clients that send the value are now rejected.",
        "parameters:\n  - {name: sort, in: query, schema: {enum: [asc, desc]}}",
        "parameters:\n  - {name: sort, in: query, schema: {enum: [asc]}}",
        "Keep accepting the value; document it as deprecated.",
    ),
    "request-parameter-enum-value-removed",
    messages=JSON_SCHEMA_TOLD,
)
PARAMETER_SCHEMA_CHANGED = _rule(
    "parameter-schema-changed",
    ERROR,
    "A parameter's schema no longer accepts every value clients send.",
    _doc(
        "Any other narrowing of a parameter's schema found by the JSON Schema comparison "
        "(bounds, pattern, format, ...): `maxItems` decreased or `minItems` added or increased "
        "on an array parameter, `maxLength` decreased, `pattern` added (an error, as in "
        "oasdiff) or changed (a warning: stele cannot prove one pattern within another, "
        "oasdiff warns too). The message carries the JSON Schema finding and its severity.",
        "Values valid under the old schema are rejected by the new service.",
        "parameters:\n  - {name: limit, in: query, schema: {type: integer, maximum: 100}}",
        "parameters:\n  - {name: limit, in: query, schema: {type: integer, maximum: 10}}",
        "Only widen a parameter's schema.",
    ),
    "request-parameter-max-items-decreased, request-parameter-min-items-increased, "
    "request-parameter-min-items-set, request-parameter-pattern-added, "
    "request-parameter-pattern-changed, request-parameter-max-length-decreased, "
    "request-parameter-max-length-set, request-parameter-min-length-increased, "
    "request-parameter-max-decreased, request-parameter-min-increased",
    messages=JSON_SCHEMA_TOLD,
)
REQUEST_BODY_BECAME_REQUIRED = _rule(
    "request-body-became-required",
    ERROR,
    "The request body became required (or a required body was added).",
    _doc(
        "A request body that is required in the new operation and was optional or absent in "
        "the old one.",
        "Clients that send no body are now rejected.",
        "requestBody:\n  content: {application/json: {schema: {type: object}}}",
        "requestBody:\n  required: true\n  content: {application/json: {schema: {type: object}}}",
        "Keep the body optional and treat its absence as before.",
    ),
    "request-body-became-required",
    messages={
        "": "{operation}: request body became required",
    },
)
REQUEST_MEDIA_TYPE_REMOVED = _rule(
    "request-media-type-removed",
    ERROR,
    "A request body media type was removed.",
    _doc(
        "A media type of the old request body that the new one lacks.",
        "Clients that send the body in that media type get 415.",
        "requestBody:\n  content:\n    application/json: {}\n    application/xml: {}",
        "requestBody:\n  content:\n    application/json: {}",
        "Keep accepting the media type.",
    ),
    "request-body-media-type-removed",
    messages=MEDIA_TYPE_REMOVED,
)
REQUEST_PROPERTY_BECAME_REQUIRED = _rule(
    "request-property-became-required",
    ERROR,
    "A request body property became required, or a required property was added.",
    _doc(
        "A property that the new request schema requires and the old one did not (readOnly "
        "properties are left out: they only matter in responses). A warning when the old "
        "property is marked `x-stele-always-written` (every writer writes it).",
        "Existing clients do not send it; validation rejects their requests. A `default` does "
        "not help: validators do not fill defaults.",
        _BODY % ("id: {type: string}", ""),
        _BODY % ("id: {type: string}", "\n        required: [id]"),
        "Keep the property optional and default it on the server.",
    ),
    "request-property-became-required",
    messages=JSON_SCHEMA_TOLD,
)
REQUEST_PROPERTY_TYPE_CHANGED = _rule(
    "request-property-type-changed",
    ERROR,
    "A request body value's type changed so that existing requests are rejected.",
    _doc(
        "A type in the request schema (the body or one of its properties) that no longer "
        "accepts every value of the old type.",
        "Existing clients send values of the old type.",
        _BODY % ("qty: {type: string}", ""),
        _BODY % ("qty: {type: integer}", ""),
        "Widen only (integer to number); add a new property for the new type.",
    ),
    "request-property-type-changed",
    messages=JSON_SCHEMA_TOLD,
)
REQUEST_ENUM_VALUE_REMOVED = _rule(
    "request-enum-value-removed",
    ERROR,
    "A value was removed from an enum of the request body.",
    _doc(
        "An `enum` value in the old request schema that the new one lacks.",
        "Clients that send the value are now rejected.",
        _BODY % ("size: {enum: [S, M, L]}", ""),
        _BODY % ("size: {enum: [S, M]}", ""),
        "Keep accepting the value and map it on the server.",
    ),
    "request-property-enum-value-removed",
    messages=JSON_SCHEMA_TOLD,
)
REQUEST_SCHEMA_CHANGED = _rule(
    "request-schema-changed",
    ERROR,
    "The request body schema no longer accepts every request existing clients send.",
    _doc(
        "Any other narrowing of a request body schema found by the JSON Schema comparison "
        "(bounds, patterns, formats, closed objects, ...). The message carries the JSON Schema "
        "finding; its severity is the JSON Schema finding's.",
        "Requests valid under the old schema are rejected by the new service.",
        _BODY % ("note: {type: string, maxLength: 200}", ""),
        _BODY % ("note: {type: string, maxLength: 20}", ""),
        "Only widen request schemas.",
    ),
    "request-property-max-length-decreased, request-property-pattern-added, "
    "request-body-any-of-removed, request-property-any-of-removed",
    messages=JSON_SCHEMA_TOLD,
)
RESPONSE_STATUS_REMOVED = _rule(
    "response-status-removed",
    ERROR,
    "A documented response status was removed.",
    _doc(
        "A response status code of the old operation that the new one lacks. Error for "
        "success statuses (2xx), info for the others.",
        "Clients written to expect the status (and its body) receive something else.",
        "responses:\n  '200': {description: OK}\n  '201': {description: Created}",
        "responses:\n  '200': {description: OK}",
        "Keep returning the status, or add the new one alongside for a while.",
    ),
    "response-success-status-removed",
    messages={
        "": "{operation}: response {status} removed",
    },
)
RESPONSE_MEDIA_TYPE_REMOVED = _rule(
    "response-media-type-removed",
    ERROR,
    "A response media type was removed.",
    _doc(
        "A media type of an old response that the new response lacks.",
        "Clients that ask for it (Accept) cannot read what they now get.",
        "responses:\n  '200':\n    content:\n      application/json: {}\n      text/csv: {}",
        "responses:\n  '200':\n    content:\n      application/json: {}",
        "Keep serving the media type.",
    ),
    "response-media-type-removed",
    messages=MEDIA_TYPE_REMOVED,
)
RESPONSE_PROPERTY_REMOVED = _rule(
    "response-property-removed",
    ERROR,
    "A required response property was removed.",
    _doc(
        "A property the old response schema requires that the new one no longer declares "
        "(writeOnly properties are left out: they only matter in requests).",
        "Old clients expect the property in every response.",
        _RESP % ("id: {type: string}", "\n          required: [id]"),
        _RESP % ("", ""),
        "Keep returning the property; deprecate it first.",
    ),
    "response-required-property-removed",
    messages=JSON_SCHEMA_TOLD,
)
RESPONSE_PROPERTY_BECAME_OPTIONAL = _rule(
    "response-property-became-optional",
    ERROR,
    "A response property that was required became optional.",
    _doc(
        "A property the old response schema requires and the new one declares but does not "
        "require. A warning when the new property is marked `x-stele-always-written` (a "
        "required field of a stele contract with a default: every writer writes it).",
        "Old clients rely on the property being present.",
        _RESP % ("id: {type: string}", "\n          required: [id]"),
        _RESP % ("id: {type: string}", ""),
        "Keep the property required in responses.",
    ),
    "response-property-became-optional",
    messages=JSON_SCHEMA_TOLD,
)
RESPONSE_PROPERTY_TYPE_CHANGED = _rule(
    "response-property-type-changed",
    ERROR,
    "A response value's type changed so that old clients cannot read it.",
    _doc(
        "A type in a response schema (the body or one of its properties) that can now hold "
        "values the old type did not allow (narrowing number to integer is fine).",
        "Old clients parse values with the old type.",
        _RESP % ("total: {type: integer}", ""),
        _RESP % ("total: {type: string}", ""),
        "Add a new property with the new type and keep the old one.",
    ),
    "response-property-type-changed",
    messages=JSON_SCHEMA_TOLD,
)
RESPONSE_ENUM_VALUE_ADDED = _rule(
    "response-enum-value-added",
    ERROR,
    "A value was added to an enum of a response.",
    _doc(
        "An `enum` value of a new response schema that the old one lacks.",
        "An old client that validates responses against its schema rejects the value, and one "
        "with a strict enum type cannot decode it. oasdiff warns; stele reports an error, as "
        "JSON Schema does for an enum value added to what a reader reads.",
        _RESP % ("status: {enum: [open, closed]}", ""),
        _RESP % ("status: {enum: [open, closed, on_hold]}", ""),
        "Tell clients that the set grows (document it, `x-extensible-enum`) and make sure they "
        "handle unknown values before sending new ones.",
    ),
    "response-property-enum-value-added",
    messages=JSON_SCHEMA_TOLD,
)
RESPONSE_SCHEMA_CHANGED = _rule(
    "response-schema-changed",
    ERROR,
    "A response schema now allows values old clients do not accept.",
    _doc(
        "Any other widening of a response schema found by the JSON Schema comparison (bounds, "
        "patterns, formats, properties added to closed objects, an `anyOf`/`oneOf` branch "
        "added, ...). The message carries the JSON Schema finding; its severity is the JSON "
        "Schema finding's. oasdiff reports a branch added to a response `anyOf`/`oneOf` as "
        "info (`response-body-any-of-added`, `response-property-any-of-added`); stele reports "
        "an error: an old client that validates responses rejects a value of the new branch.",
        "Responses valid under the new schema fail validation in old clients.",
        _RESP % ("code: {type: string, maxLength: 4}", ""),
        _RESP % ("code: {type: string, maxLength: 8}", ""),
        "Only narrow response schemas, or version the operation.",
    ),
    "response-body-any-of-added, response-property-any-of-added, "
    "response-body-one-of-added, response-property-max-length-increased",
    messages=JSON_SCHEMA_TOLD,
)
SECURITY_CHANGED = _rule(
    "security-changed",
    INFO,
    "An operation's security requirements changed.",
    _doc(
        "Different security alternatives (schemes or scopes) for an operation, from its own "
        "`security` or the document's.",
        "Clients may need other credentials or scopes; whether that breaks them depends on "
        "how they are deployed, so this is information.",
        "security:\n  - oauth: [orders:read]",
        "security:\n  - oauth: [orders:read, orders:admin]",
        "Announce credential changes to client teams before the release.",
    ),
    "api-security-removed",
    BACKWARD_ONLY,
    messages={
        "": "{operation}: security changed from {old} to {new}",
    },
)
OPERATION_DEPRECATED = _rule(
    "operation-deprecated",
    INFO,
    "An operation was deprecated.",
    _doc(
        "An operation with `deprecated: true` in the new document and not in the old.",
        "It does not break yet: it announces a removal. Clients should plan to move.",
        _GET + "      operationId: getOrder",
        _GET + "      operationId: getOrder\n      deprecated: true",
        "Deprecate with an `x-sunset` date so clients know when it goes.",
    ),
    "endpoint-deprecated",
    BACKWARD_ONLY,
    messages={
        "": "operation {operation} deprecated",
    },
)
SUNSET_CHANGED = _rule(
    "sunset-changed",
    WARNING,
    "An operation's sunset date (`x-sunset`) was set or changed.",
    _doc(
        "An `x-sunset` date on an operation that differs from the old one. Warning when the "
        "new date is already past or earlier than the old date; info otherwise.",
        "A sunset in the past or moved earlier leaves clients no time to move.",
        _GET + "      deprecated: true\n      x-sunset: '2030-01-01'",
        _GET + "      deprecated: true\n      x-sunset: '2020-01-01'",
        "Set sunset dates far enough in the future, and only move them later.",
    ),
    "api-sunset-date-too-small",
    BACKWARD_ONLY,
    messages={
        "": "{operation}: sunset set to {new} (announced)",
        "past": "{operation}: sunset set to {new} (already past)",
        "earlier": "{operation}: sunset set to {new} (earlier than {old})",
    },
)

RULES: tuple[Rule, ...] = (
    PATH_REMOVED,
    OPERATION_REMOVED,
    REQUIRED_PARAMETER_ADDED,
    PARAMETER_BECAME_REQUIRED,
    PARAMETER_REMOVED,
    PARAMETER_LOCATION_CHANGED,
    PARAMETER_TYPE_CHANGED,
    PARAMETER_ENUM_VALUE_REMOVED,
    PARAMETER_SCHEMA_CHANGED,
    REQUEST_BODY_BECAME_REQUIRED,
    REQUEST_MEDIA_TYPE_REMOVED,
    REQUEST_PROPERTY_BECAME_REQUIRED,
    REQUEST_PROPERTY_TYPE_CHANGED,
    REQUEST_ENUM_VALUE_REMOVED,
    REQUEST_SCHEMA_CHANGED,
    RESPONSE_STATUS_REMOVED,
    RESPONSE_MEDIA_TYPE_REMOVED,
    RESPONSE_PROPERTY_REMOVED,
    RESPONSE_PROPERTY_BECAME_OPTIONAL,
    RESPONSE_PROPERTY_TYPE_CHANGED,
    RESPONSE_ENUM_VALUE_ADDED,
    RESPONSE_SCHEMA_CHANGED,
    SECURITY_CHANGED,
    OPERATION_DEPRECATED,
    SUNSET_CHANGED,
    *LIFECYCLE_RULES,
    *EXCHANGE_RULES,
)
