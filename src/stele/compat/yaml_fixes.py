"""How to fix a compatibility finding in the contract YAML, the file users edit.

The rule docs of the artifact checkers explain a break in `.avsc`, `.proto` or JSON Schema terms,
which is how the readers see it; a stele user writes none of those files. `stele rules ID` and
docs/rules.md show this section first: the YAML change that avoids the break (`renamed_from`,
`default:`, `?`, `deprecated:`, `reserved:`), and the acknowledgement that records an intended
one. Every contract rule and every artifact rule that can be an error or a warning gets the
acknowledgement; the rules below get a fix of their own.
"""

from __future__ import annotations

from stele.compat.model import Rule
from stele.diagnostics import Severity

# rule id -> (what to do, in words; the YAML that does it)
_DEPRECATE_FIELD = (
    "Deprecate the field and make it optional in one release; remove it in a later major "
    "release, once no reader needs it (the lock reserves its number and name).",
    '      note: {type: string?, deprecated: "use customer_note"}',
)
_OPTIONAL_FIELD = (
    "Add the field as optional (`?`) or with a `default:`, so that old data without it reads.",
    "      region: string?                         # optional, or\n"
    "      country: {type: string, default: DE}    # with a default",
)
_RENAME_FIELD = (
    "Keep the old name, or rename with `renamed_from` so that Protobuf keeps the number and "
    "Avro readers get an alias; `json:` with the old name keeps the JSON name (JSON Schema, "
    "OpenAPI, AsyncAPI and Protobuf's json_name), else JSON carries the new name.",
    "      customer_note: {type: string?, renamed_from: [note], json: note}",
)
_ENUM_DEFAULT = (
    "Give the enum a `default:` before adding symbols: readers on the old version map a symbol "
    "they do not know to it (Avro) and the generated OpenAPI and JSON Schema say so.",
    "  OrderState:\n    enum: [APPROVAL_PENDING, APPROVED, REJECTED, CANCELLED]\n"
    "    default: APPROVAL_PENDING",
)
_DEPRECATE_SYMBOL = (
    "Deprecate the symbol and keep it until no data holds it; once removed, the lock reserves "
    "its number and name.",
    "    enum:\n      PAID: {deprecated: true}",
)
_NUMBERS = (
    "Never set `number:` to another value: the lock (compat/stele.lock) keeps every number "
    "handed out; remove the `number:` override and run `stele lock`.",
    "      total: Money            # no `number: 9`: the lock keeps 2",
)
_RESERVED = (
    "Keep every reservation: list removed numbers and names under `reserved:` (the lock adds "
    "them, never removes them).",
    "    reserved: [7, 9-11, old_state]",
)
_NEW_TYPE = (
    "Add a new field (or type) of the new type next to the old one, deprecate the old one, "
    "remove it in a later major release.",
    '      amount: {type: "decimal(18,2)", deprecated: use amount_v2}\n'
    '      amount_v2: "decimal(20,4)?"',
)
_KEEP_OPERATION = (
    "Keep the operation and deprecate it; remove it in a later major release.",
    "      GetOrderV1:\n        style: request-response\n        deprecated: use GetOrder",
)
_RESPONSE_OPTIONAL = (
    "Keep the response field required while clients read it; give it a `default:` when it "
    "may be unknown.",
    "      delivery_address: Address      # was required: keep it so",
)

FIXES: dict[str, tuple[str, str]] = {
    # contract rules
    "contract-field-removed": _DEPRECATE_FIELD,
    "contract-field-added": _OPTIONAL_FIELD,
    "contract-field-renamed": (
        "A rename changes the JSON name unless `json:` keeps the old one: add the new field "
        "next to the old one and deprecate the old one, or rename with `renamed_from` and "
        "`json:` the old name (Protobuf JSON parsers that read the field name still see it "
        "change), or acknowledge the JSON break.",
        '      note: {type: string?, deprecated: "use customer_note"}\n'
        "      customer_note: string?\n"
        "      # or: customer_note: {type: string?, renamed_from: [note], json: note}",
    ),
    "contract-field-type-changed": _NEW_TYPE,
    "contract-field-optionality-changed": (
        "Instead of making an optional field required, give it a `default:`; instead of making "
        "a required field optional, keep it required and deprecate it.",
        '      note: {type: string, default: ""}    # was string?',
    ),
    "contract-field-number-changed": _NUMBERS,
    "contract-enum-symbol-added": _ENUM_DEFAULT,
    "contract-enum-symbol-removed": _DEPRECATE_SYMBOL,
    "contract-enum-symbol-renamed": (
        "Add the new symbol and deprecate the old one; rename with `renamed_from` only when "
        "every reader is on the new version.",
        "    enum:\n      PAID: {deprecated: use SETTLED}\n      SETTLED: {}",
    ),
    "contract-enum-symbol-number-changed": _NUMBERS,
    "contract-enum-default-changed": _ENUM_DEFAULT,
    "contract-type-removed": (
        "Deprecate the type first; remove it in a major release.",
        '  Refund:\n    deprecated: use Reimbursement\n    fields: {amount: "decimal(12,2)"}',
    ),
    "contract-type-renamed": (
        "Keep the old name, or release the rename (`renamed_from`) after every consumer "
        "upgraded: Avro readers on the old version know no alias for the new name.",
        "  Payment:\n    renamed_from: [PaymentMethod]",
    ),
    "contract-type-reservation-removed": _RESERVED,
    "contract-union-variant-removed": (
        "Keep the variant and deprecate the type it holds; remove it in a major release.",
        "  PaymentMethod:\n    union: [Card, Voucher, Cash]   # keep Cash",
    ),
    "contract-union-variant-added": (
        "Readers on the old version cannot read a variant they do not know: add it in a "
        "release their consumers take first, or acknowledge the break.",
        "  PaymentMethod:\n    union: [Card, Voucher]        # Wallet: in the next major",
    ),
    "contract-operation-removed": _KEEP_OPERATION,
    "contract-message-removed": (
        "Keep the message and deprecate it; remove it in a major release.",
        "  OrderRejected: {kind: event, body: Order, deprecated: use OrderCancelled}",
    ),
    "contract-http-path-changed": (
        "Keep the old path: add an operation with the new one and deprecate the old operation.",
        '        http: {method: GET, path: "/orders/{order_id}"}   # unchanged',
    ),
    "contract-http-method-changed": (
        "Keep the old method: add an operation with the new one and deprecate the old one.",
        '        http: {method: GET, path: "/orders/{order_id}"}   # unchanged',
    ),
    # Avro
    "avro-field-removed-without-default": _DEPRECATE_FIELD,
    "avro-field-added-without-default": _OPTIONAL_FIELD,
    "avro-field-renamed-read-as-default": _RENAME_FIELD,
    "avro-enum-symbol-added": _ENUM_DEFAULT,
    "avro-enum-symbol-removed": _DEPRECATE_SYMBOL,
    "avro-enum-default-removed": _ENUM_DEFAULT,
    "avro-type-changed": _NEW_TYPE,
    "avro-name-changed": (
        "Keep the type's name; a rename with `renamed_from` gives new readers an alias, not "
        "old ones.",
        "  Payment:\n    renamed_from: [PaymentMethod]",
    ),
    # Protobuf
    "proto-field-removed": _DEPRECATE_FIELD,
    "proto-field-renamed": _RENAME_FIELD,
    "proto-field-number-changed": _NUMBERS,
    "proto-field-type-changed": _NEW_TYPE,
    "proto-enum-value-removed": _DEPRECATE_SYMBOL,
    "proto-enum-value-number-changed": _NUMBERS,
    "proto-reserved-range-removed": _RESERVED,
    "proto-reserved-number-reused": _RESERVED,
    "proto-reserved-name-reused": _RESERVED,
    "proto-rpc-removed": _KEEP_OPERATION,
    # JSON Schema
    "json-required-added": _OPTIONAL_FIELD,
    "json-property-removed-from-closed-model": _DEPRECATE_FIELD,
    "json-property-removed-from-open-model": _DEPRECATE_FIELD,
    "json-property-added-to-closed-model": _OPTIONAL_FIELD,
    "json-enum-value-added": _ENUM_DEFAULT,
    "json-enum-value-removed": _DEPRECATE_SYMBOL,
    "json-type-changed": _NEW_TYPE,
    # OpenAPI
    "openapi-operation-removed": _KEEP_OPERATION,
    "openapi-path-removed": _KEEP_OPERATION,
    "openapi-request-property-became-required": _OPTIONAL_FIELD,
    "openapi-response-property-removed": _DEPRECATE_FIELD,
    "openapi-response-property-became-optional": _RESPONSE_OPTIONAL,
    "openapi-response-enum-value-added": _ENUM_DEFAULT,
}


def yaml_fix(rule: Rule) -> str:
    """The markdown section `## In the contract YAML` of `rule`, or "" for a rule that never
    breaks anyone (an info) and has no fix of its own."""
    fix = FIXES.get(rule.id)
    if fix is None and rule.severity is Severity.INFO:
        return ""
    lines = ["## In the contract YAML", ""]
    if fix is not None:
        words, snippet = fix
        lines += [words, "", "```yaml", snippet, "```", ""]
    lines.append(
        (
            "An intended break"
            if fix is not None
            else "Change the contract, or, for an intended break,"
        )
        + f" acknowledge it at its element: `acknowledge: [{{rule: {rule.id}, reason: ...}}]`, "
        'optionally with `expires:` a date or a release (docs/language.md, "Acknowledged '
        'breaks").'
    )
    return "\n".join(lines)
