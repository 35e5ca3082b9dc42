"""OpenAPI rules about an operation's life: deprecation, sunset dates, stability levels."""

from __future__ import annotations

from stele.compat.openapi.ruledoc import BACKWARD_ONLY, ERROR, INFO, WARNING, _doc, _rule

_OP = "paths:\n  /orders/{id}:\n    get:\n      operationId: getOrder\n"
_PARAM = "parameters:\n  - name: limit\n    in: query\n    schema: {type: integer}\n"

OPERATION_REMOVED_BEFORE_SUNSET = _rule(
    "operation-removed-before-sunset",
    ERROR,
    "A deprecated operation was removed before its `x-sunset` date.",
    _doc(
        "An operation (or every operation of a removed path) that the old document deprecates "
        "with an `x-sunset` date still in the future, and that the new document no longer has. "
        "Removing a deprecated operation after its sunset date is info "
        "(`openapi-operation-removed`); removing one that was never deprecated is an error "
        "there.",
        "The sunset date is a promise to clients: they may keep calling the operation until then.",
        _OP + "      deprecated: true\n      x-sunset: '2099-01-01'",
        "paths: {}",
        "Keep the operation until its sunset date has passed, then remove it.",
    ),
    "api-removed-before-sunset, api-path-removed-before-sunset",
    messages={
        "": "operation {operation} removed before its sunset date {sunset}",
    },
)
SUNSET_INVALID = _rule(
    "sunset-invalid",
    WARNING,
    "An `x-sunset` value is not an ISO date.",
    _doc(
        "An `x-sunset` on an operation of the new document (new, or changed) that is not an ISO "
        "8601 date (`2025-12-31`) or date-time, reported where it is. oasdiff reports it as an "
        "error (`api-deprecated-sunset-parse`); stele warns: the value breaks no client, only "
        "the promise it should carry.",
        "Clients and tools cannot tell when the operation goes away.",
        _OP + "      deprecated: true",
        _OP + "      deprecated: true\n      x-sunset: next spring",
        "Write the date as `YYYY-MM-DD`.",
    ),
    "api-deprecated-sunset-parse, api-path-sunset-parse",
    BACKWARD_ONLY,
    messages={
        "": "{operation}: x-sunset {value} is not a date (YYYY-MM-DD)",
    },
)
STABILITY_DECREASED = _rule(
    "stability-decreased",
    ERROR,
    "An operation's `x-stability-level` decreased (stable -> beta -> alpha -> draft).",
    _doc(
        "`x-stability-level` orders operations draft < alpha < beta < stable (oasdiff's "
        "extension). An operation whose level went down is an error; one whose old level was "
        "draft or alpha may change freely: every finding about it is info (and its removal "
        "too), as oasdiff does. An operation without a level may take any level.",
        "Clients chose the operation for the stability it promised.",
        _OP + "      x-stability-level: stable",
        _OP + "      x-stability-level: beta",
        "Keep the level, or add a new operation at the lower level.",
    ),
    "api-stability-decreased",
    BACKWARD_ONLY,
    messages={
        "": "{operation}: x-stability-level decreased from {old} to {new}",
    },
)
STABILITY_INVALID = _rule(
    "stability-invalid",
    WARNING,
    "An `x-stability-level` is not one of draft, alpha, beta, stable.",
    _doc(
        "An `x-stability-level` of an operation in the new document that is not `draft`, "
        "`alpha`, `beta` or `stable`. oasdiff reports an error (`api-invalid-stability-level`); "
        "stele warns at the value: it breaks no client.",
        "The level cannot be compared, so changes to the operation are judged as for stable.",
        _OP + "      x-stability-level: beta",
        _OP + "      x-stability-level: experimental",
        "Use one of the four levels.",
    ),
    "api-invalid-stability-level",
    BACKWARD_ONLY,
    messages={
        "": "{operation}: x-stability-level {value} is not one of {levels}",
    },
)
PARAMETER_DEPRECATED = _rule(
    "parameter-deprecated",
    INFO,
    "A parameter was deprecated.",
    _doc(
        "A parameter with `deprecated: true` in the new document and not in the old.",
        "It does not break yet: it announces a removal.",
        _PARAM,
        _PARAM + "    deprecated: true",
        "Tell clients what to send instead.",
    ),
    "request-parameter-deprecated",
    BACKWARD_ONLY,
    messages={"": "{parameter} deprecated"},
)
PROPERTY_DEPRECATED = _rule(
    "property-deprecated",
    INFO,
    "A request or response body property was deprecated.",
    _doc(
        "A property of a request or response schema with `deprecated: true` in the new "
        "document and not in the old (a property of a shared component is reported once, at "
        "the component, with the operations it reaches).",
        "It does not break yet: it announces a removal.",
        "properties:\n  note: {type: string}",
        "properties:\n  note: {type: string, deprecated: true}",
        "Say what replaces the property in its description.",
    ),
    "request-property-deprecated, response-property-deprecated",
    BACKWARD_ONLY,
    messages={"": "property '{property}' deprecated"},
)

LIFECYCLE_RULES = (
    OPERATION_REMOVED_BEFORE_SUNSET,
    SUNSET_INVALID,
    STABILITY_DECREASED,
    STABILITY_INVALID,
    PARAMETER_DEPRECATED,
    PROPERTY_DEPRECATED,
)
