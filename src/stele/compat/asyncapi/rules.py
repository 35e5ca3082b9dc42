"""The AsyncAPI 3.0 rule catalogue.

Rules are told from the receivers' view: receivers read what senders write. BACKWARD pairs the
senders of the old document with the receivers of the new one, whichever side of an exchange
the application is on; a FORWARD check runs the same rules with the documents swapped (see
docs/compat-asyncapi.md).
"""

from __future__ import annotations

from stele.compat.model import Direction, Rule
from stele.compat.ruledoc import doc, old_new
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
BOTH = (Direction.BACKWARD, Direction.FORWARD)


def _doc(flags: str, why: str, old: str, new: str, instead: str) -> str:
    return doc(flags, why, old_new("yaml", old, new), instead)


def _rule(
    rule_id: str, severity: Severity, summary: str, doc: str, messages: dict[str, str]
) -> Rule:
    return Rule(f"asyncapi-{rule_id}", "asyncapi", severity, summary, doc, BOTH, messages=messages)


# A JSON Schema finding about a message's payload or headers, told at the message: `cause` is
# the JSON Schema finding's message (its rule is `cause_rule`), `at` where below the schema.
_SCHEMA_CHANGED = "{where} {part}: {cause}{at}"


_CH = "channels:\n  orders:\n    address: %s"
_OP = "operations:\n  onOrder:\n    action: %s\n    channel: {$ref: '#/channels/orders'}"

CHANNEL_REMOVED = _rule(
    "channel-removed",
    ERROR,
    "A channel was removed (no channel of the new document has its key or its address).",
    _doc(
        "A channel of the old document that the new one lacks, matched by key and then by "
        "address (a key renamed with the same address is the same channel). In FORWARD it is a "
        "warning: receivers on the old version listen on a channel nobody sends to, which "
        "breaks no reader; a channel only the new document has is no finding.",
        "Applications built against the old document still publish to or listen on it.",
        _CH % "orders.v1",
        "channels: {}",
        "Keep the channel until no application uses it; deprecate its operations first.",
    ),
    {
        "": "channel {channel} removed",
        "forward": (
            "channel {channel} removed: its receivers on the old version no longer get "
            "messages on it"
        ),
    },
)
CHANNEL_ADDRESS_CHANGED = _rule(
    "channel-address-changed",
    ERROR,
    "A channel's address changed.",
    _doc(
        "A channel present in both documents (same key) whose `address` differs.",
        "Senders and receivers meet at the address: old applications use the old one.",
        _CH % "orders.v1",
        _CH % "orders.v2",
        "Add a new channel for the new address and run both until every application moved.",
    ),
    {"": "channel {channel}: address changed from {old} to {new}"},
)
OPERATION_REMOVED = _rule(
    "operation-removed",
    ERROR,
    "An operation the application receives on was removed (a removed send operation: a warning).",
    _doc(
        "A `receive` operation of the old document that the new one lacks, matched by key and "
        "then by action and channel address (BACKWARD; in FORWARD, one the new document adds). "
        "A `send` operation the new document lacks is a warning in FORWARD: receivers built "
        "against the old document wait for messages that never come, which breaks no reader.",
        "Partners built against the old document still send to it and nobody receives.",
        _OP % "receive",
        "operations: {}",
        "Deprecate the operation, wait for its partners to move, then remove it.",
    ),
    {
        "": "operation {operation} removed: senders on the old version send to it",
        "forward": (
            "operation {operation} added: the old version does not receive what senders on "
            "the new version send"
        ),
        "send": (
            "operation {operation} removed: its receivers on the old version no longer get "
            "its messages"
        ),
    },
)
OPERATION_ACTION_CHANGED = _rule(
    "operation-action-changed",
    WARNING,
    "An operation's action changed between send and receive.",
    _doc(
        "A paired operation whose `action` differs. Its messages are still compared: receivers "
        "read what senders write, whichever side now sends.",
        "The application now does the opposite of what its partners expect: they may wait for "
        "messages nobody sends. No reader meets a message it cannot read, hence a warning.",
        _OP % "receive",
        _OP % "send",
        "Add a new operation for the other action.",
    ),
    {"": "operation {operation}: action changed from {old} to {new}"},
)
OPERATION_CHANNEL_CHANGED = _rule(
    "operation-channel-changed",
    ERROR,
    "An operation moved to a channel with another address.",
    _doc(
        "A paired operation whose channel is not the old channel's counterpart and has "
        "another address.",
        "Partners still send to or listen on the old channel.",
        _OP % "receive",
        "operations:\n  onOrder:\n    action: receive\n    channel: {$ref: '#/channels/orders-v2'}",
        "Add an operation on the new channel and keep the old one for a while.",
    ),
    {"": "operation {operation}: channel changed from {old} to {new}"},
)
MESSAGE_REMOVED = _rule(
    "message-removed",
    ERROR,
    "A message the application receives was removed from an operation.",
    _doc(
        "A message of a `receive` operation in the old document that the new one lacks "
        "(BACKWARD: old senders still send it); in FORWARD, one the new document adds (new "
        "senders send it, the old application does not handle it).",
        "Old senders still send it and the application no longer handles it.",
        "messages:\n  - $ref: '#/channels/orders/messages/OrderPlaced'\n"
        "  - $ref: '#/channels/orders/messages/OrderCancelled'",
        "messages:\n  - $ref: '#/channels/orders/messages/OrderPlaced'",
        "Keep handling the message until no sender sends it.",
    ),
    {
        "": (
            "{where}: message {message} is sent by partners on the {senders} version and not "
            "received by the {receivers} one"
        ),
    },
)
MESSAGE_ADDED = _rule(
    "message-added",
    WARNING,
    "The application sends a message its receivers do not declare.",
    _doc(
        "A message of a `send` operation that the new document adds (FORWARD: receivers built "
        "against the old document meet it) or removes (BACKWARD: receivers built against the "
        "new document still meet it from the old application).",
        "Receivers get a message type they were not built for; many skip it, some fail.",
        "messages:\n  - $ref: '#/channels/orders/messages/OrderPlaced'",
        "messages:\n  - $ref: '#/channels/orders/messages/OrderPlaced'\n"
        "  - $ref: '#/channels/orders/messages/OrderOnHold'",
        "Make sure receivers skip unknown message types, or send the message on a new channel.",
    ),
    {
        "": (
            "{where}: message {message} is sent by the {senders} version and its receivers on"
            " the {receivers} version do not declare it"
        ),
    },
)
PAYLOAD_CHANGED = _rule(
    "payload-changed",
    ERROR,
    "A message payload changed so that its receivers cannot read what its senders write.",
    _doc(
        "A JSON Schema finding between the old and new payload of a paired message, compared "
        "in the direction of the exchange: the receiver's schema must accept what the sender's "
        "schema allows. The message carries the JSON Schema finding and its severity.",
        "Receivers validate or parse the payload with their own version of the schema.",
        "payload:\n  type: object\n  properties: {qty: {type: integer}}",
        "payload:\n  type: object\n  properties: {qty: {type: string}}",
        "Only widen what the application receives and narrow what it sends.",
    ),
    {"": _SCHEMA_CHANGED},
)
HEADERS_CHANGED = _rule(
    "headers-changed",
    ERROR,
    "Message headers changed so that receivers cannot read what senders write.",
    _doc(
        "A JSON Schema finding between the old and new `headers` schema of a paired message, "
        "compared in the direction of the exchange.",
        "Receivers read headers (ids, routing, tenancy) with their own version of the schema.",
        "headers:\n  type: object\n  properties: {tenant: {type: string}}",
        "headers:\n  type: object\n  properties: {tenant: {type: string}}\n  required: [tenant]",
        "Add headers as optional; keep sending the ones receivers require.",
    ),
    {"": _SCHEMA_CHANGED},
)
CORRELATION_ID_CHANGED = _rule(
    "correlation-id-changed",
    ERROR,
    "A message's correlation id moved or was removed.",
    _doc(
        "A paired message whose `correlationId` location differs (or is gone).",
        "Requesters match replies by the correlation id where they expect to find it.",
        "correlationId:\n  location: $message.header#/correlation_id",
        "correlationId:\n  location: $message.payload#/request_id",
        "Keep the correlation id where it is; add a second one if you must.",
    ),
    {"": "{where}: correlation id moved from {old} to {new}"},
)
REPLY_REMOVED = _rule(
    "reply-removed",
    ERROR,
    "Requesters wait for a reply the replier's version does not send (a reply removed or added).",
    _doc(
        "An operation whose `reply` the new document removes (FORWARD: requesters built against "
        "the old document wait for it) or adds (BACKWARD: requesters built against the new "
        "document wait for a reply the old replier never sends), whether the application is "
        "the requester (`send`) or the replier (`receive`).",
        "Requesters wait for replies that never come.",
        _OP % "receive" + "\n    reply:\n      channel: {$ref: '#/channels/order-replies'}",
        _OP % "receive",
        "Keep replying until no requester expects it.",
    ),
    {
        "": (
            "operation {operation}: reply {change}: requesters on the {receivers} version "
            "wait for a reply the {senders} version never sends"
        ),
    },
)
REPLY_MESSAGE_CHANGED = _rule(
    "reply-message-changed",
    ERROR,
    "A reply message the requester's version does not declare.",
    _doc(
        "A reply message that the replier's version sends and the requester's version does not "
        "declare (matched by key, then by `name`): a reply message replaced, or one added "
        "(FORWARD) or removed (BACKWARD).",
        "The requester waits for its reply and gets a message it cannot read.",
        "reply:\n  messages:\n    - $ref: '#/channels/order-replies/messages/OrderPlaced'",
        "reply:\n  messages:\n    - $ref: '#/channels/order-replies/messages/PriceQuoted'",
        "Keep sending the reply requesters know; add a new operation for a new reply.",
    ),
    {
        "": (
            "{where}: the {senders} version replies {message}, which requesters on the "
            "{receivers} version do not declare"
        ),
    },
)
REPLY_ADDRESS_CHANGED = _rule(
    "reply-address-changed",
    ERROR,
    "The channel address (or address expression) of a reply changed.",
    _doc(
        "A paired operation whose reply goes to another address.",
        "Requesters listen for replies where the old document said they come.",
        "reply:\n  channel: {$ref: '#/channels/order-replies'}",
        "reply:\n  channel: {$ref: '#/channels/order-replies-v2'}",
        "Keep replying to the old address, or take the address from the request (`reply_to`).",
    ),
    {"": "operation {operation}: reply address changed from {old} to {new}"},
)

RULES: tuple[Rule, ...] = (
    CHANNEL_REMOVED,
    CHANNEL_ADDRESS_CHANGED,
    OPERATION_REMOVED,
    OPERATION_ACTION_CHANGED,
    OPERATION_CHANNEL_CHANGED,
    MESSAGE_REMOVED,
    MESSAGE_ADDED,
    PAYLOAD_CHANGED,
    HEADERS_CHANGED,
    CORRELATION_ID_CHANGED,
    REPLY_REMOVED,
    REPLY_MESSAGE_CHANGED,
    REPLY_ADDRESS_CHANGED,
)
