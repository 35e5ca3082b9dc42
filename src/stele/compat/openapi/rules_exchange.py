"""OpenAPI rules about the rest of an exchange: parameter defaults, request properties removed,
response headers, links and callbacks."""

from __future__ import annotations

from stele.compat.openapi.ruledoc import (
    BACKWARD_ONLY,
    ERROR,
    INFO,
    JSON_SCHEMA_TOLD,
    WARNING,
    _doc,
    _rule,
)

_RESP = "responses:\n  '200':\n    description: OK\n    headers:\n"
_HEADER = "      X-Rate-Limit:\n        required: true\n        schema: {type: integer}"

PARAMETER_DEFAULT_CHANGED = _rule(
    "parameter-default-changed",
    INFO,
    "A parameter's default value was changed, added or removed.",
    _doc(
        "The `default` of a parameter's schema differs between the documents (changed, added "
        "or removed). Info, as in oasdiff: requests stay valid, but a client that leaves the "
        "parameter out now gets another behaviour.",
        "Clients that omit the parameter relied on the old default.",
        "parameters:\n  - {name: limit, in: query, schema: {type: integer, default: 10}}",
        "parameters:\n  - {name: limit, in: query, schema: {type: integer, default: 50}}",
        "Announce the new default, or keep the old one and add a parameter.",
    ),
    "request-parameter-default-value-changed, request-parameter-default-value-added, "
    "request-parameter-default-value-removed",
    BACKWARD_ONLY,
    messages={
        "": "{parameter}: default changed from {old} to {new}",
        "added": "{parameter}: default {new} added",
        "removed": "{parameter}: default {old} removed",
    },
)
REQUEST_PROPERTY_REMOVED = _rule(
    "request-property-removed",
    WARNING,
    "A property of a request body was removed (the schema stays open to it).",
    _doc(
        "A property the old request schema declares and the new one does not, in an object "
        "that still accepts undeclared properties (a closed object that now rejects it is "
        "`openapi-request-schema-changed`, an error). A warning, as in oasdiff: old clients "
        "still send it and the service ignores what they meant.",
        "Clients keep sending the property; the service no longer reads it.",
        "requestBody:\n  content:\n    application/json:\n      schema:\n"
        "        properties: {note: {type: string}, qty: {type: integer}}",
        "requestBody:\n  content:\n    application/json:\n      schema:\n"
        "        properties: {qty: {type: integer}}",
        "Deprecate the property first and keep reading it until clients have moved.",
    ),
    "request-property-removed",
    messages={"": "property '{property}' removed"},
)
RESPONSE_HEADER_REMOVED = _rule(
    "response-header-removed",
    ERROR,
    "A response header was removed (an error when it was required, else a warning).",
    _doc(
        "A header of an old response that the new response lacks. An error when the old "
        "header was `required`, a warning otherwise (oasdiff: "
        "`required-response-header-removed`, `optional-response-header-removed`). In FORWARD "
        "this is a header the new document adds that the old service does not send.",
        "Clients read the header (a rate limit, a location, a cursor).",
        _RESP + _HEADER,
        _RESP.replace("    headers:\n", "") + "",
        "Keep sending the header.",
    ),
    "required-response-header-removed, optional-response-header-removed",
    messages={"": "{requirement} header {name} removed"},
)
RESPONSE_HEADER_BECAME_OPTIONAL = _rule(
    "response-header-became-optional",
    ERROR,
    "A required response header became optional.",
    _doc(
        "A header `required` in the old response and not in the new.",
        "Clients rely on the header being present.",
        _RESP + _HEADER,
        _RESP + _HEADER.replace("required: true", "required: false"),
        "Keep the header required.",
    ),
    "response-header-became-optional",
    messages={"": "header {name} became optional"},
)
RESPONSE_HEADER_SCHEMA_CHANGED = _rule(
    "response-header-schema-changed",
    ERROR,
    "A response header's schema now allows values old clients do not accept.",
    _doc(
        "The schema of a response header present in both documents, compared as a response "
        "(the new values must be valid under the old schema). The message carries the JSON "
        "Schema finding and its severity. oasdiff has no such check.",
        "Clients parse the header with the old schema.",
        _RESP + _HEADER,
        _RESP + _HEADER.replace("integer", "string"),
        "Add a new header with the new schema.",
    ),
    messages=JSON_SCHEMA_TOLD,
)
RESPONSE_LINK_CHANGED = _rule(
    "response-link-changed",
    WARNING,
    "A response link was removed, or points to another operation.",
    _doc(
        "A `links` entry of an old response that the new response lacks, or whose "
        "`operationId`/`operationRef` changed. oasdiff has no such check.",
        "Clients that follow the link (hypermedia, generated SDKs) lose it or land elsewhere.",
        "responses:\n  '201':\n    links:\n      GetOrder: {operationId: getOrder}",
        "responses:\n  '201':\n    links: {}",
        "Keep the link; add new links next to it.",
    ),
    messages={"": "link {name} now points to {new} (was {old})", "removed": "link {name} removed"},
)
CALLBACK_REMOVED = _rule(
    "callback-removed",
    WARNING,
    "A callback (or one of its operations) was removed.",
    _doc(
        "A callback of an operation, or an operation of one, that the new document lacks. "
        "Callbacks are requests the service makes to the client: the callbacks both documents "
        "have are compared with the sides reversed (the service writes the callback request, "
        "the client reads it), by the same rules as operations, their messages naming the "
        "callback. oasdiff has no such check.",
        "Clients waiting for the callback never receive it.",
        "callbacks:\n  onShipped:\n    '{$request.body#/url}':\n      post: {}",
        "callbacks: {}",
        "Keep sending the callback until clients have moved.",
    ),
    "",
    BACKWARD_ONLY,
    messages={
        "": "{operation} callback {callback} removed",
        "operation": "{operation} callback {callback} operation {callback_operation} removed",
    },
)

EXCHANGE_RULES = (
    PARAMETER_DEFAULT_CHANGED,
    REQUEST_PROPERTY_REMOVED,
    RESPONSE_HEADER_REMOVED,
    RESPONSE_HEADER_BECAME_OPTIONAL,
    RESPONSE_HEADER_SCHEMA_CHANGED,
    RESPONSE_LINK_CHANGED,
    CALLBACK_REMOVED,
)
