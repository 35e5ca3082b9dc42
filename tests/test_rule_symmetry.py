"""Every rule about a change in one sense has its twin in the other sense, or a written waiver.

A rule whose id says a thing was `added` has a `removed` twin (and `widened`/`narrowed`,
`increased`/`decreased`, `opened`/`closed`, `added-to`/`removed-from`,
`became-required`/`became-optional`), as oasdiff checks of its own rules. Where the other sense
breaks nobody, or another rule already reports it, the waiver below says so; a rule added later
without its twin or a waiver fails here, and so does a waiver that no longer waives anything.
"""

from __future__ import annotations

from stele.compat.catalogue import every_rule

# The senses, longest first: `added-to` is the `added` of a property to a model.
OPPOSITES = (
    ("added-to", "removed-from"),
    ("became-required", "became-optional"),
    ("added", "removed"),
    ("widened", "narrowed"),
    ("increased", "decreased"),
    ("opened", "closed"),
)

SWAPPED = (
    "the checker runs FORWARD with the two documents swapped, so the opposite change is this "
    "rule's FORWARD finding"
)
UNREFERENCED = (
    "adding one breaks no reader or writer: code and documents of the old version never refer to it"
)
REQUEST_SIDE = (
    "the server reads requests, and a new server accepting more (an optional or new element) "
    "breaks no client; the FORWARD check (new clients, old service) reports it as this rule"
)
RESPONSE_SIDE = (
    "clients read responses, and a response giving more (a required or new element) breaks no "
    "client; the FORWARD check (new clients, old service) reports it as this rule"
)
FEWER_RESERVED = "a reservation added only forbids future edits; no reader or writer breaks"

WAIVERS: dict[str, str] = {
    # AsyncAPI: FORWARD swaps the senders' and the receivers' documents (docs/compat-asyncapi.md).
    "asyncapi-channel-removed": SWAPPED,
    "asyncapi-operation-removed": SWAPPED,
    "asyncapi-reply-removed": "one rule for a reply removed or added (its summary says both)",
    # Avro: a rule compares the reader's schema to the writer's; each direction swaps the two.
    "avro-decimal-precision-narrowed": (
        "a precision widened is a reader with fewer digits in the other direction: this rule"
    ),
    "avro-enum-default-removed": "a default added makes later symbol changes safe; none breaks",
    "avro-schema-removed": UNREFERENCED,
    # Contract level.
    "contract-type-reservation-removed": FEWER_RESERVED,
    # GraphQL: FORWARD swaps the schemas (stele.compat.graphql).
    "graphql-argument-removed": SWAPPED,
    "graphql-directive-argument-removed": SWAPPED,
    "graphql-directive-location-removed": SWAPPED,
    "graphql-directive-removed": SWAPPED,
    "graphql-directive-repeatable-removed": SWAPPED,
    "graphql-field-removed": SWAPPED,
    "graphql-type-removed": SWAPPED,
    "graphql-optional-argument-added": "its removal is graphql-argument-removed",
    "graphql-required-argument-added": "its removal is graphql-argument-removed",
    "graphql-required-directive-argument-added": "its removal is graphql-directive-argument-removed",
    "graphql-optional-input-field-added": "its removal is graphql-field-removed (input types too)",
    "graphql-required-input-field-added": "its removal is graphql-field-removed (input types too)",
    # JSON Schema.
    "json-extensible-enum-value-removed": (
        "an x-extensible-enum promises new values: readers must take values they do not know"
    ),
    "json-schema-removed": UNREFERENCED,
    # OpenAPI: FORWARD (new clients, old service) is BACKWARD on swapped documents.
    "openapi-callback-removed": (
        "a new callback is called only at a URL the client sends, which old clients do not send"
    ),
    "openapi-operation-removed": SWAPPED,
    "openapi-operation-removed-before-sunset": (
        "it qualifies openapi-operation-removed (a removal before the announced sunset); an "
        "added operation has no sunset to come before"
    ),
    "openapi-path-removed": SWAPPED,
    "openapi-parameter-became-required": REQUEST_SIDE,
    "openapi-parameter-enum-value-removed": REQUEST_SIDE,
    "openapi-parameter-removed": REQUEST_SIDE,
    "openapi-required-parameter-added": "its removal is openapi-parameter-removed",
    "openapi-request-body-became-required": REQUEST_SIDE,
    "openapi-request-enum-value-removed": REQUEST_SIDE,
    "openapi-request-media-type-removed": REQUEST_SIDE,
    "openapi-request-property-became-required": REQUEST_SIDE,
    "openapi-request-property-removed": REQUEST_SIDE,
    "openapi-response-enum-value-added": RESPONSE_SIDE,
    "openapi-response-header-became-optional": RESPONSE_SIDE,
    "openapi-response-header-removed": RESPONSE_SIDE,
    "openapi-response-media-type-removed": RESPONSE_SIDE,
    "openapi-response-property-became-optional": RESPONSE_SIDE,
    "openapi-response-property-removed": RESPONSE_SIDE,
    "openapi-response-status-removed": RESPONSE_SIDE,
    "openapi-stability-decreased": "a stability raised promises clients more; none breaks",
    # Protobuf: as buf, removals only; an addition is skipped by old readers or never referred to.
    "proto-enum-removed": UNREFERENCED,
    "proto-extension-range-removed": "an extension range added only allows new extensions",
    "proto-extension-removed": UNREFERENCED,
    "proto-field-removed": "old readers skip a field number they do not know (buf: no rule)",
    "proto-file-removed": UNREFERENCED,
    "proto-message-descriptor-accessor-removed": (
        "the accessor given back adds a generated method; code using the old one still builds"
    ),
    "proto-message-removed": UNREFERENCED,
    "proto-oneof-removed": "a oneof added around new fields changes no existing field",
    "proto-package-removed": UNREFERENCED,
    "proto-required-field-added": "its removal is proto-field-removed (required fields too)",
    "proto-reserved-range-removed": FEWER_RESERVED,
    "proto-rpc-removed": UNREFERENCED,
    "proto-service-removed": UNREFERENCED,
}


def twins(rule_id: str) -> list[str]:
    """The ids the rule's twin could have: its first sense word turned to the opposite."""
    dashed = f"-{rule_id}-"
    for one, other in OPPOSITES:
        found = [
            dashed.replace(f"-{a}-", f"-{b}-", 1).strip("-")
            for a, b in ((one, other), (other, one))
            if f"-{a}-" in dashed
        ]
        if found:
            return found
    return []


def lacking_twin() -> set[str]:
    ids = set(every_rule())
    return {i for i in ids if twins(i) and not any(t in ids for t in twins(i))}


def test_twins_are_found_by_sense_word() -> None:
    assert twins("json-maximum-increased") == ["json-maximum-decreased"]
    assert twins("json-property-added-to-open-model") == ["json-property-removed-from-open-model"]
    assert twins("openapi-parameter-became-required") == ["openapi-parameter-became-optional"]
    assert twins("json-type-changed") == []


def test_every_rule_has_its_twin_or_a_waiver() -> None:
    assert sorted(lacking_twin() - WAIVERS.keys()) == []


def test_every_waiver_waives_a_rule_without_its_twin() -> None:
    assert sorted(WAIVERS.keys() - lacking_twin()) == []


def test_the_symmetric_rules_are_counted() -> None:
    """The pairs found, so that a broken sense list cannot pass by finding nothing."""
    ids = set(every_rule())
    paired = {i for i in ids if any(t in ids for t in twins(i))}
    assert (len(paired), len(WAIVERS)) == (110, 55)
