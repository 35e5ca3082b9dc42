"""The catalogue of contract change kinds, which is also the catalogue of contract-level rules.

Each kind of change `K` found by the contract diff is judged under the rule `contract-K`; the
verdict's severity depends on the format and direction (the rule's severity is the worst any
format gives). Rules are data: `stele rules contract-field-type-changed` prints one, and
`docs/rules.md` lists them all (generated).
"""

from __future__ import annotations

from stele.compat.model import Direction, Rule
from stele.compat.ruledoc import doc, fenced
from stele.diagnostics import Severity

FORMAT = "contract"
PREFIX = "contract-"

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: notice (info)

# kind, worst severity, summary, why it breaks (or why not), the change, what to do instead.
_KINDS: tuple[tuple[str, Severity, str, str, str, str], ...] = (
    # --- types ---
    (
        "type-added",
        N,
        "A named type was added.",
        "No reader depends on a type that did not exist.",
        'types:\n  Refund: {fields: {amount: "decimal(12,2)"}}',
        "Nothing to do.",
    ),
    (
        "type-removed",
        E,
        "A named type was removed.",
        "Readers that load its Avro or JSON Schema document find it gone.",
        "types:\n  # Refund removed",
        "Deprecate the type first; remove it in a major version.",
    ),
    (
        "type-renamed",
        E,
        "A named type was renamed with `renamed_from`.",
        "Avro readers on the old version know no alias for the new name; JSON Schema documents move.",
        "  Payment:\n    renamed_from: [PaymentMethod]",
        "Keep the name, or release the rename with every consumer upgraded first.",
    ),
    (
        "type-kind-changed",
        E,
        "A record, enum or union became another kind of type.",
        "Every value changes its form in every format.",
        "  State: {fields: ...}  # was an enum",
        "Add a new type and migrate the fields that hold the old one.",
    ),
    (
        "type-deprecated-changed",
        N,
        "A type was deprecated or undeprecated.",
        "Deprecation is documentation: readers are unaffected.",
        "  Order: {deprecated: use Order2}",
        "Nothing to do.",
    ),
    (
        "type-reservation-removed",
        E,
        "Reserved numbers or names of a record, enum or union are no longer reserved.",
        "Protobuf readers of old data may meet a reused number or name with another meaning.",
        "    reserved: [7]   # was [7, 9-11, old_state]",
        "Keep every reservation: the lock adds them, never removes them.",
    ),
    # --- fields ---
    (
        "field-added",
        E,
        "A field was added to a record.",
        "A required field breaks new readers of old data (JSON, Avro without default); an optional "
        "one breaks nobody under the lenient JSON policy.",
        "      region: string",
        "      region: string?   # or {type: string, default: eu}",
    ),
    (
        "field-removed",
        E,
        "A field was removed from a record.",
        "Old readers that require the field (JSON required, Avro without default) reject new data.",
        "      # total removed",
        "Make the field optional first, remove it once readers upgraded.",
    ),
    (
        "field-renamed",
        E,
        "A field was renamed with `renamed_from`.",
        "Protobuf keeps the number and Avro matches the alias for new readers, but the JSON name "
        "changes: JSON readers miss the value, old Avro readers too.",
        "      quantity: {type: int32, renamed_from: [count]}",
        "Add the new field next to the old one, deprecate the old one.",
    ),
    (
        "field-json-name-changed",
        E,
        "A field's JSON name (`json:`) changed.",
        "JSON readers find a value by its property name, and so does Protobuf's JSON mapping "
        "(`json_name`): the other version's readers miss it. Avro and the Protobuf binary wire "
        "are unaffected.",
        "      created_by: {type: string, json: creator}   # was createdBy",
        "Keep the JSON name. To rename a field while JSON readers keep reading it, write "
        "`renamed_from` and `json:` its old name (Protobuf's JSON parsers accept the field's "
        "name too, so the Protobuf JSON mapping still sees a rename).",
    ),
    (
        "field-type-changed",
        E,
        "A field's type changed.",
        "Readers accept only what their own type allows: `decimal(18,2)` -> `decimal(20,4)` makes "
        "old JSON readers reject 4 decimals; `timestamp` -> `date` breaks every asserted format.",
        "      amount: decimal(20,4)   # was decimal(18,2)",
        "Add a field of the new type and deprecate the old one.",
    ),
    (
        "field-optionality-changed",
        E,
        "A field became optional or required.",
        "Readers that require the field reject data without it; Avro readers without a null "
        "branch fail on null.",
        "      note: string   # was string?",
        "Give the field a default instead of making it required.",
    ),
    (
        "field-default-changed",
        W,
        "A field's default was added, changed or removed.",
        "In JSON a default makes the field optional; elsewhere readers fill another value.",
        "      quantity: {type: int32, default: 2}   # was 1",
        "Keep defaults stable.",
    ),
    (
        "field-number-changed",
        E,
        "A field's Protobuf number changed.",
        "Protobuf readers match fields by number: the value lands in another field or is lost.",
        "      total: {type: Money, number: 9}   # was 2",
        "Never renumber; the lock keeps numbers.",
    ),
    (
        "field-relation-changed",
        N,
        "A field's `references` or `as` changed.",
        "The relation drives `?expand=` in OpenAPI: the embedded record changes.",
        "      consumer_id: {type: uuid, references: food.consumer.Account}",
        "Add a new relation field.",
    ),
    (
        "field-deprecated-changed",
        N,
        "A field was deprecated or undeprecated.",
        "Deprecation is documentation: readers are unaffected.",
        "      legacy_code: {type: string?, deprecated: use id}",
        "Nothing to do.",
    ),
    # --- enums ---
    (
        "enum-symbol-added",
        E,
        "An enum symbol was added.",
        "Old readers meet a symbol they do not know: Avro maps it to the enum default (error "
        "without one), JSON schemas reject it.",
        "    enum: [NEW, PAID, REFUNDED]",
        "Give the enum a `default` before adding symbols.",
    ),
    (
        "enum-symbol-removed",
        E,
        "An enum symbol was removed.",
        "New readers meet the old symbol in old data.",
        "    enum: [NEW]   # PAID removed",
        "Deprecate the symbol; keep it until no data holds it.",
    ),
    (
        "enum-symbol-renamed",
        E,
        "An enum symbol was renamed with `renamed_from`.",
        "Protobuf keeps the number, but Avro and JSON carry the symbol's name.",
        "    enum: {SETTLED: {renamed_from: [PAID]}}",
        "Add the new symbol; deprecate the old one.",
    ),
    (
        "enum-symbol-number-changed",
        E,
        "An enum symbol's Protobuf number changed.",
        "Protobuf readers read the number as another symbol.",
        "    enum: {PAID: {number: 5}}",
        "Never renumber.",
    ),
    (
        "enum-symbol-deprecated-changed",
        N,
        "An enum symbol was deprecated or undeprecated.",
        "Deprecation is documentation.",
        "    enum: {PAID: {deprecated: true}}",
        "Nothing to do.",
    ),
    (
        "enum-default-changed",
        W,
        "An enum's default symbol changed or was removed.",
        "Avro readers map unknown symbols to the default: without one, a symbol added later breaks "
        "them.",
        "    # default: NEW removed",
        "Keep a default on every enum.",
    ),
    # --- unions ---
    (
        "union-variant-added",
        E,
        "A union variant was added.",
        "Old readers meet a variant they do not know (Avro and JSON fail).",
        "    union: {card: Card, voucher: Voucher, wallet: Wallet}",
        "Upgrade the readers first (backward mode), or add a new union.",
    ),
    (
        "union-variant-removed",
        E,
        "A union variant was removed.",
        "New readers meet the old variant in old data.",
        "    union: {card: Card}",
        "Deprecate the variant's record; remove it once no data holds it.",
    ),
    (
        "union-variant-type-changed",
        E,
        "A union variant holds another record.",
        "Every format reads the variant with the wrong record.",
        "    union: {card: CardV2}",
        "Add a new variant.",
    ),
    (
        "union-variant-number-changed",
        E,
        "A union variant's Protobuf number changed.",
        "Protobuf readers read the variant as another one.",
        "    union: {card: {type: Card, number: 4}}",
        "Never renumber.",
    ),
    (
        "union-discriminator-changed",
        E,
        "A union's discriminator property changed.",
        "JSON readers look for the variant name in another property.",
        "    discriminator: kind",
        "Keep the discriminator.",
    ),
    # --- messages and headers ---
    (
        "message-added",
        N,
        "A message was added.",
        "No consumer depends on it yet.",
        "messages:\n  OrderShipped: {kind: event, body: Shipment}",
        "Nothing to do.",
    ),
    (
        "message-removed",
        E,
        "A message was removed.",
        "New consumers no longer know a message producers on the old version still send.",
        "messages:\n  # OrderShipped removed",
        "Deprecate the message; remove it in a major version.",
    ),
    (
        "message-kind-changed",
        W,
        "A message's kind changed (command, event, document, reply).",
        "Receivers treat the message by its kind (a command is handled once, an event by all).",
        "    kind: document   # was event",
        "Add a new message.",
    ),
    (
        "message-body-changed",
        E,
        "A message's body is another record.",
        "Every consumer reads the body with the old record.",
        "    body: OrderV2   # was Order",
        "Add a new message with the new body.",
    ),
    (
        "message-deprecated-changed",
        N,
        "A message was deprecated or undeprecated.",
        "Deprecation is documentation.",
        "    deprecated: use OrderPlaced",
        "Nothing to do.",
    ),
    (
        "header-added",
        E,
        "A header was added to a message.",
        "A required header breaks new receivers of old messages.",
        "      region: string",
        "      region: string?",
    ),
    (
        "header-removed",
        E,
        "A header was removed from a message.",
        "Old receivers that require it reject new messages.",
        "      # tenant_id removed",
        "Make the header optional first.",
    ),
    (
        "header-type-changed",
        E,
        "A header's type changed.",
        "Receivers validate the header with their own type.",
        "      order_version: string",
        "Add a new header.",
    ),
    (
        "header-required-changed",
        E,
        "A header became required or optional.",
        "Receivers that require it reject messages without it.",
        "      tenant_id: string?   # was required",
        "Keep headers as they are.",
    ),
    # --- channels ---
    (
        "channel-added",
        N,
        "A channel was added.",
        "Nobody uses it yet.",
        "channels:\n  refunds: {style: point-to-point, ...}",
        "Nothing to do.",
    ),
    (
        "channel-removed",
        E,
        "A channel was removed.",
        "Senders and receivers on the old version still use it.",
        "channels:\n  # order-events removed",
        "Deprecate the operations that use it first.",
    ),
    (
        "channel-address-changed",
        E,
        "A channel's broker address changed.",
        "Senders and receivers of the two versions meet on different addresses.",
        "    address: orders.v2   # was order-events",
        "Add a new channel and move operations.",
    ),
    (
        "channel-style-changed",
        W,
        "A channel changed between point-to-point and publish-subscribe.",
        "Competing consumers become subscribers (or the other way round).",
        "    style: point-to-point   # was publish-subscribe",
        "Add a new channel.",
    ),
    (
        "channel-owner-changed",
        N,
        "A channel's owning service changed.",
        "Documentation for senders and receivers.",
        "    owner: BillingService",
        "Nothing to do.",
    ),
    (
        "channel-message-added",
        W,
        "A channel carries a new message.",
        "Old receivers on the channel get a message they do not know.",
        "    messages: [OrderCreated, OrderShipped]",
        "Upgrade the receivers first.",
    ),
    (
        "channel-message-removed",
        E,
        "A channel no longer carries a message.",
        "Old senders still send it on the channel.",
        "    messages: [OrderCreated]",
        "Deprecate the message first.",
    ),
    # --- services and operations ---
    (
        "service-added",
        N,
        "A service was added.",
        "No client uses it yet.",
        "services:\n  RefundService: {...}",
        "Nothing to do.",
    ),
    (
        "service-removed",
        E,
        "A service was removed.",
        "Its gRPC and AsyncAPI clients find it gone.",
        "services:\n  # RefundService removed",
        "Deprecate its operations first.",
    ),
    (
        "operation-added",
        N,
        "An operation was added.",
        "No client calls it yet.",
        "      Refund: {style: request-response, ...}",
        "Nothing to do.",
    ),
    (
        "operation-removed",
        E,
        "An operation was removed.",
        "Existing clients still call it.",
        "      # GetOrder removed",
        "Deprecate the operation; remove it in a major version.",
    ),
    (
        "operation-style-changed",
        E,
        "An operation's interaction style changed.",
        "Clients interact in the old style.",
        "        style: async-request-response",
        "Add a new operation.",
    ),
    (
        "operation-role-changed",
        E,
        "An asynchronous operation changed between send and receive.",
        "The application's peers expect the other direction.",
        "        role: receive   # was send",
        "Add a new operation.",
    ),
    (
        "operation-request-changed",
        E,
        "A request-response operation takes another request record.",
        "Existing clients send the old request.",
        "        request: GetOrderRequestV2",
        "Add fields to the request record instead.",
    ),
    (
        "operation-response-changed",
        E,
        "A request-response operation returns another record.",
        "Existing clients read the old response.",
        "        response: OrderV2",
        "Add fields to the response record instead.",
    ),
    (
        "operation-errors-changed",
        E,
        "An operation's documented error statuses changed.",
        "Clients handle the statuses they know.",
        "        errors: [404, 409]   # was [404]",
        "Add statuses only where clients tolerate unknown ones.",
    ),
    (
        "operation-message-changed",
        E,
        "An asynchronous operation sends or receives another message.",
        "Peers still exchange the old message.",
        "        message: PlaceOrderV2",
        "Add a new operation.",
    ),
    (
        "operation-channel-changed",
        E,
        "An asynchronous operation uses another channel.",
        "Peers still use the old channel.",
        "        channel: order-commands-v2",
        "Add a new operation on the new channel.",
    ),
    (
        "operation-reply-changed",
        E,
        "An operation's reply was added, removed or changed.",
        "Requesters wait for the reply they know, modelled in the project or not.",
        "        reply: OrderAccepted   # was CreateOrderReply",
        "Keep the reply; add fields to its body.",
    ),
    (
        "operation-reply-channel-changed",
        E,
        "An operation's reply channel changed.",
        "Requesters listen for replies on the old channel.",
        "        reply_channel: replies-v2",
        "Keep the reply channel.",
    ),
    (
        "operation-window-changed",
        N,
        "A publish/async-responses window changed.",
        "Requesters gather replies for another duration.",
        "        window: 60s",
        "Nothing to do.",
    ),
    (
        "operation-uses-added",
        N,
        "An operation sends, publishes or calls something new.",
        "The AsyncAPI document gains a send operation.",
        "          sends: [food.kitchen.CreateTicket]",
        "Nothing to do.",
    ),
    (
        "operation-uses-removed",
        N,
        "An operation no longer sends, publishes or calls something.",
        "The AsyncAPI document loses a send operation.",
        "          publishes: []",
        "Nothing to do.",
    ),
    (
        "operation-deprecated-changed",
        N,
        "An operation was deprecated or undeprecated.",
        "OpenAPI clients see the deprecation.",
        "        deprecated: use ListOrders",
        "Nothing to do.",
    ),
    # --- Protobuf file options (stele.yaml `protobuf:`) ---
    (
        "package-file-option-changed",
        E,
        "A Protobuf file option of a package changed, was set or was dropped in stele.yaml.",
        "The code generated from the file moves (Go import path, Java package or class, C#, PHP "
        "or Ruby namespace): its users' imports break, although the binary and JSON encodings "
        "are the same. An error under `policies: {protobuf: file}`, as buf's FILE_SAME_* rules.",
        "protobuf:\n  file_options: {go_package: example.com/gen/v2/{package_path}}",
        "Keep the file options of a released package; change them in a major version.",
    ),
    # --- gRPC and HTTP bindings ---
    (
        "grpc-binding-added",
        N,
        "A request-response operation became a gRPC method again (`grpc: false` dropped).",
        "No gRPC client calls it yet.",
        "        grpc: true   # was false",
        "Nothing to do.",
    ),
    (
        "grpc-binding-removed",
        E,
        "A request-response operation is no gRPC method any more (`grpc: false`).",
        "Existing gRPC clients call an rpc the service no longer has (UNIMPLEMENTED).",
        "        grpc: false",
        "Keep the gRPC method; deprecate the operation first.",
    ),
    (
        "http-binding-added",
        N,
        "An operation gained an HTTP binding.",
        "No HTTP client calls it yet.",
        "        http: {method: GET, path: /refunds}",
        "Nothing to do.",
    ),
    (
        "http-binding-removed",
        E,
        "An operation lost its HTTP binding.",
        "Existing HTTP clients get 404.",
        "        # http removed",
        "Keep the binding.",
    ),
    (
        "http-method-changed",
        E,
        "An operation's HTTP method changed.",
        "Every existing client calls the old method.",
        "          method: PUT   # was POST",
        "Add a new operation; deprecate the old one.",
    ),
    (
        "http-path-changed",
        E,
        "An operation's HTTP path changed.",
        "Every existing client calls the old path.",
        "          path: /v2/orders/{order_id}",
        "Add a new operation; deprecate the old one.",
    ),
    (
        "http-status-changed",
        W,
        "An operation's success status changed.",
        "Clients that check the status see another one.",
        "          status: 202   # was 201",
        "Keep the status.",
    ),
    (
        "http-parameter-added",
        E,
        "A request field became a path or query parameter.",
        "A required parameter breaks existing clients, which do not send it.",
        "          query: [include_items, region]",
        "Add optional parameters only.",
    ),
    (
        "http-parameter-removed",
        W,
        "A path or query parameter is no longer bound.",
        "Existing clients still send it; the server ignores it.",
        "          query: []",
        "Deprecate the parameter first.",
    ),
    (
        "http-parameter-moved",
        E,
        "A parameter moved between the path and the query.",
        "Clients send it where it was.",
        '          path: "/orders/{order_id}"   # was a query',
        "Keep parameters where they are.",
    ),
    (
        "http-expand-added",
        N,
        "A relation can be expanded with `?expand=`.",
        "Old servers do not know the new expansion.",
        "          expand: [consumer, restaurant]",
        "Nothing to do.",
    ),
    (
        "http-expand-removed",
        E,
        "A relation can no longer be expanded with `?expand=`.",
        "Existing clients still ask for it.",
        "          expand: [consumer]",
        "Keep the expansion.",
    ),
)

KINDS: dict[str, str] = {kind: summary for kind, _, summary, _, _, _ in _KINDS}


def rule_id(kind: str) -> str:
    return PREFIX + kind


def _doc(kind: str, why: str, bad: str, good: str) -> str:
    return doc(
        f"The contract diff found a `{kind}` change in the YAML.",
        f"{why} The verdict of each format and direction says who breaks and how.",
        fenced("yaml", bad),
        fenced("yaml", good) if "\n" in good or good.startswith(" ") else good,
    )


RULES: tuple[Rule, ...] = tuple(
    Rule(
        id=rule_id(kind),
        format=FORMAT,
        severity=severity,
        summary=summary,
        doc=_doc(kind, why, bad, good),
        directions=(Direction.BACKWARD, Direction.FORWARD),
    )
    for kind, severity, summary, why, bad, good in _KINDS
)


def contract_rules() -> dict[str, Rule]:
    return {r.id: r for r in sorted(RULES, key=lambda r: r.id)}
