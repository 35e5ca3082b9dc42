"""Invalid values of the example project, and which consumers reject each one.

Each case starts from a valid value of a record of `contracts/` and breaks one rule. `rejected_by`
is the measured, asserted set of consumers that refuse it (see `_conformance_support.CHECKERS`);
every other consumer accepts it. docs/conformance.md is rendered from this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ORDER_ID = "5f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f"
TICKET_LINE = {"menu_item_id": "CROQ-1", "name": "Croque-monsieur", "quantity": 2}
STATE_CHANGE = {"order_id": ORDER_ID, "state": "APPROVED", "changed_at": "2026-11-25T12:31:10Z"}
CARD = {
    "card_token": "tok_1f2e3d",
    "brand": "VISA",
    "last4": "4242",
    "expires_on": "2028-06-30",
}
MONEY = {"amount": "9.50", "currency": "EUR"}
TICKET_DETAILS = {
    "ticket_id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11",
    "order_id": ORDER_ID,
    "estimated_preparation_time": "PT15M",
}
VALIDATION = {"consumer_id": ORDER_ID, "approved": False, "reason": "too far"}
CONSUMER = {
    "id": ORDER_ID,
    "name": "Ada",
    "email": "ada@example.com",
    "default_address": {
        "street1": "3 avenue Victoria",
        "city": "Paris",
        "postal_code": "75004",
        "country_code": "FR",
    },
    "registered_at": "2026-11-25T12:30:00Z",
}

# The valid base value of every type the cases break (each is itself accepted by everyone).
BASES: dict[str, dict[str, Any]] = {
    "food.kitchen.Ticket.Line": TICKET_LINE,
    "food.order.OrderStateChange": STATE_CHANGE,
    "food.accounting.CardPayment": CARD,
    "food.common.Money": MONEY,
    "food.kitchen.TicketDetails": TICKET_DETAILS,
    "food.consumer.OrderValidation": VALIDATION,
    "food.accounting.PaymentMethod": {"method": "card", **CARD},
    "food.consumer.Consumer": CONSUMER,
}

_TYPED = frozenset(
    {"jsonschema", "pydantic", "check_value", "protobuf-runtime", "protobuf", "avro"}
)
_STELE_CODECS = frozenset({"check_value", "protobuf", "avro"})


@dataclass(frozen=True)
class Case:
    id: str
    rule: str  # what the value breaks, as the docs say it
    type_name: str
    field: str
    value: Any  # the field's broken value; `MISSING` removes the field
    rejected_by: frozenset[str]
    note: str = ""

    def instance(self) -> dict[str, Any]:
        base = dict(BASES[self.type_name])
        if self.value is MISSING:
            del base[self.field]
        else:
            base[self.field] = self.value
        return base


class _Missing:
    def __repr__(self) -> str:
        return "(absent)"


MISSING: Any = _Missing()

CASES: tuple[Case, ...] = (
    Case(
        "missing-required-field",
        "a required field is absent",
        "food.kitchen.Ticket.Line",
        "name",
        MISSING,
        frozenset({"jsonschema", "pydantic", *_STELE_CODECS}),
        "proto3 has no required fields: the Protobuf runtime reads the empty string; stele's "
        "Protobuf codec checks the contract before it encodes",
    ),
    Case(
        "unknown-enum-symbol",
        "an enum value that is not a symbol",
        "food.order.OrderStateChange",
        "state",
        "SHIPPED",
        _TYPED,
    ),
    Case(
        "int32-above-range",
        "an int32 above 2^31-1",
        "food.kitchen.Ticket.Line",
        "quantity",
        2**31,
        _TYPED,
    ),
    Case(
        "int32-below-range",
        "an int32 below -2^31",
        "food.kitchen.Ticket.Line",
        "quantity",
        -(2**31) - 1,
        _TYPED,
    ),
    Case(
        "int64-above-range",
        "an int64 above 2^63-1",
        "food.consumer.Consumer",
        "loyalty_points",
        2**63,
        _TYPED,
    ),
    Case(
        "integral-float-for-int",
        "a number with a zero fraction where an integer is due",
        "food.kitchen.Ticket.Line",
        "quantity",
        2.0,
        frozenset({"check_value", "protobuf", "avro"}),
        "JSON Schema counts 2.0 as an integer; pydantic and the Protobuf JSON mapping read it",
    ),
    Case(
        "string-for-int",
        "a numeric string where an integer is due",
        "food.kitchen.Ticket.Line",
        "quantity",
        "2",
        frozenset({"jsonschema", *_STELE_CODECS}),
        "pydantic (lax mode) and the Protobuf JSON mapping both read integers from strings",
    ),
    Case(
        "int-for-string",
        "an integer where a string is due",
        "food.kitchen.Ticket.Line",
        "name",
        42,
        _TYPED,
    ),
    Case(
        "null-for-optional-field",
        "null as the value of an optional field (absent is the only spelling)",
        "food.consumer.OrderValidation",
        "reason",
        None,
        frozenset({"jsonschema", "check_value"}),
        "pydantic models type optional fields as `T | None`; the Protobuf mapping and both "
        "binary codecs read null as absent",
    ),
    Case(
        "extra-unknown-property",
        "a property the record does not declare",
        "food.kitchen.Ticket.Line",
        "colour",
        "red",
        frozenset({"check_value", "protobuf-runtime"}),
        "open content model: the JSON Schema and the pydantic model accept it; the binary codecs "
        "drop it (it does not survive the round trip)",
    ),
    Case(
        "union-unknown-variant",
        "a discriminator that names no variant",
        "food.accounting.PaymentMethod",
        "method",
        "cash",
        _TYPED,
    ),
    Case(
        "malformed-uuid",
        "a uuid that is not a UUID",
        "food.order.OrderStateChange",
        "order_id",
        "5f0c2b1e-8d4a-4c3b-9e2f",
        frozenset({"jsonschema", "pydantic", *_STELE_CODECS}),
        "the Protobuf runtime carries uuids as plain strings; stele's Protobuf codec checks them",
    ),
    Case(
        "uuid-without-hyphens",
        "a uuid in its 32-digit form, without hyphens",
        "food.order.OrderStateChange",
        "order_id",
        "5f0c2b1e8d4a4c3b9e2f1a2b3c4d5e6f",
        frozenset({"jsonschema", "check_value"}),
        "pydantic's UUID and both binary codecs read every form Python's uuid.UUID reads; the "
        "Avro codec writes it back hyphenated, the Protobuf codec as given",
    ),
    Case(
        "malformed-date",
        "a date that does not exist",
        "food.accounting.CardPayment",
        "expires_on",
        "2028-02-30",
        frozenset({"jsonschema", "pydantic", *_STELE_CODECS}),
        "the Protobuf runtime carries dates as plain strings; stele's Protobuf codec checks them",
    ),
    Case(
        "timestamp-without-offset",
        "a date-time without a zone offset",
        "food.order.OrderStateChange",
        "changed_at",
        "2026-11-25T12:31:10",
        _TYPED,
    ),
    Case(
        "decimal-beyond-scale",
        "a decimal(12,2) with three fraction digits",
        "food.common.Money",
        "amount",
        "9.505",
        frozenset({"jsonschema", "pydantic", *_STELE_CODECS}),
        "the Protobuf runtime carries decimals as plain strings; stele's Protobuf codec checks "
        "them",
    ),
    Case(
        "decimal-leading-zeros",
        "a decimal with leading zeros",
        "food.common.Money",
        "amount",
        "009.50",
        frozenset({"jsonschema", "check_value"}),
        "the canonical text has no leading zeros (one pattern, `stele.values.decimal_pattern`, "
        "for JSON Schema and `check_value`); both binary codecs and the pydantic model (a "
        "`Decimal`, written back as `9.50`) read the number",
    ),
    Case(
        "malformed-duration",
        "a duration that is not ISO 8601",
        "food.kitchen.TicketDetails",
        "estimated_preparation_time",
        "15 minutes",
        frozenset({"pydantic", "check_value", "protobuf-runtime", "protobuf", "avro"}),
        "`format: duration` is only an annotation here: jsonschema asserts it only when the "
        "optional isoduration package is installed",
    ),
)
