"""The AsyncAPI checker on the example project's documents (one per service)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stele.compat.asyncapi import CHECKER, AsyncApiChecker
from stele.compat.model import Direction, Finding
from stele.diagnostics import Severity

EXAMPLES = Path(__file__).parent.parent / "codegen" / "asyncapi"
ORDER = "food.order.OrderService.json"
Edit = Callable[[dict[str, Any]], None]


def _files(edit: Edit | None = None) -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted(EXAMPLES.glob("*.json"))}
    if edit is not None:
        doc = json.loads(files[ORDER])
        edit(doc)
        files[ORDER] = (json.dumps(doc, indent=2) + "\n").encode()
    return files


def _check(
    edit: Edit, direction: Direction = Direction.BACKWARD, checker: AsyncApiChecker = CHECKER
) -> list[Finding]:
    return checker.check(checker.load(_files()), checker.load(_files(edit)), direction)


def _summary(findings: list[Finding]) -> list[tuple[str, str, str, str]]:
    return [(f.rule, f.severity.value, f.subject, f.message) for f in findings]


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = doc["components"]["schemas"]
    return schemas


def test_the_example_documents_are_compatible_with_themselves() -> None:
    docs = CHECKER.load(_files())
    assert len(docs) == 6
    assert CHECKER.check(docs, docs, Direction.BACKWARD) == []
    assert CHECKER.check(docs, docs, Direction.FORWARD) == []


def test_a_received_command_gains_a_required_field() -> None:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["food.order.NewOrder"]["required"].append("delivery_instructions")

    findings = _check(edit)
    assert _summary(findings) == [
        (
            "asyncapi-payload-changed",
            "error",
            "CreateOrder/food.order.CreateOrder/payload "
            "#/components/schemas/food.order.NewOrder/properties/delivery_instructions",
            "CreateOrder/food.order.CreateOrder payload: "
            "property 'delivery_instructions' became required "
            "at #/components/schemas/food.order.NewOrder/properties/delivery_instructions",
        )
    ]
    assert findings[0].old is not None and findings[0].old.path == ORDER


def test_a_published_event_makes_a_field_optional() -> None:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["food.order.OrderStateChange"]["required"].remove("changed_at")

    # Receivers read what senders write: subscribers on the old document rely on the field the
    # new service may leave out (FORWARD); new subscribers read old events, which carry it.
    at = "#/components/schemas/food.order.OrderStateChange/properties/changed_at"
    message = f"payload: property 'changed_at' is no longer required at {at}"
    assert _check(edit) == []
    assert _summary(_check(edit, Direction.FORWARD)) == [
        ("asyncapi-payload-changed", "error", f"{op}/{msg}/payload {at}", f"{op}/{msg} {message}")
        for op, msg in (
            ("PublishOrderApproved", "food.order.OrderApproved"),
            ("PublishOrderRejected", "food.order.OrderRejected"),
        )
    ]


def test_a_published_event_gains_an_optional_field() -> None:
    def edit(doc: dict[str, Any]) -> None:
        _schemas(doc)["food.order.OrderStateChange"]["properties"]["note"] = {"type": "string"}

    # New subscribers read the events of the old service, whose open schema let it write any
    # 'note' (strict policy, the default of stele diff); the lenient policy assumes it did not.
    at = "#/components/schemas/food.order.OrderStateChange/properties/note"
    message = (
        "payload: property 'note' added where the old schema's open content model accepted "
        f"other values at {at}"
    )
    assert _summary(_check(edit)) == [
        ("asyncapi-payload-changed", "error", f"{op}/{msg}/payload {at}", f"{op}/{msg} {message}")
        for op, msg in (
            ("PublishOrderApproved", "food.order.OrderApproved"),
            ("PublishOrderRejected", "food.order.OrderRejected"),
        )
    ]
    assert _check(edit, Direction.FORWARD) == []
    lenient = AsyncApiChecker(policy="lenient")
    assert _check(edit, Direction.BACKWARD, lenient) == []
    assert _check(edit, Direction.FORWARD, lenient) == []


def test_a_removed_operation_and_its_channel() -> None:
    def edit(doc: dict[str, Any]) -> None:
        del doc["operations"]["NotifyConsumerOfApproval"]
        del doc["channels"]["food.consumer.notification-commands"]

    # A send operation: new receivers were never sent anything by it (no BACKWARD finding for
    # the operation); old receivers wait for messages that never come (a FORWARD warning).
    assert _summary(_check(edit)) == [
        (
            "asyncapi-channel-removed",
            "error",
            "food.consumer.notification-commands",
            "channel food.consumer.notification-commands removed",
        ),
    ]
    forward = [f for f in _check(edit, Direction.FORWARD) if f.rule != "asyncapi-channel-removed"]
    assert _summary(forward) == [
        (
            "asyncapi-operation-removed",
            "warning",
            "NotifyConsumerOfApproval",
            "operation NotifyConsumerOfApproval removed: its receivers on the old version no "
            "longer get its messages",
        ),
    ]
    assert forward[0].old is not None and forward[0].new is None


def test_a_removed_receive_operation() -> None:
    def edit(doc: dict[str, Any]) -> None:
        del doc["operations"]["CreateOrder"]

    assert _summary(_check(edit)) == [
        (
            "asyncapi-operation-removed",
            "error",
            "CreateOrder",
            "operation CreateOrder removed: senders on the old version send to it",
        ),
    ]
    assert _check(edit, Direction.FORWARD) == []
    # Added, it breaks the other way: new partners send to an old service that does not listen.
    checker = CHECKER
    added = checker.check(checker.load(_files(edit)), checker.load(_files()), Direction.FORWARD)
    assert _summary(added) == [
        (
            "asyncapi-operation-removed",
            "error",
            "CreateOrder",
            "operation CreateOrder added: the old version does not receive what senders on the "
            "new version send",
        ),
    ]
    assert added[0].old is None and added[0].new is not None


def test_a_moved_correlation_id() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["components"]["correlationIds"]["correlation_id"]["location"] = (
            "$message.payload#/order_id"
        )

    subjects = [f.subject for f in _check(edit) if f.rule == "asyncapi-correlation-id-changed"]
    # Every message of the service carries the shared correlation id.
    assert subjects == [
        "CreateOrder/food.order.CreateOrder",
        "CreateOrder/reply/food.order.CreateOrderReply",
        "NotifyConsumerOfApproval/food.consumer.SendNotification",
        "PublishOrderApproved/food.order.OrderApproved",
        "PublishOrderCancelled/food.order.OrderCancelled",
        "PublishOrderCreated/food.order.OrderCreated",
        "PublishOrderRejected/food.order.OrderRejected",
        "send.food.accounting.AuthorizeCard/food.accounting.AuthorizeCard",
        "send.food.accounting.AuthorizeCard/reply/food.accounting.AuthorizeCardReply",
        "send.food.kitchen.CreateTicket/food.kitchen.CreateTicket",
        "send.food.kitchen.CreateTicket/reply/food.kitchen.TicketConfirmation",
    ]


def test_a_removed_reply() -> None:
    def edit(doc: dict[str, Any]) -> None:
        del doc["operations"]["CreateOrder"]["reply"]

    # Requesters read the reply: old requesters wait for it (FORWARD); new ones do not
    # (BACKWARD: the old service's reply is ignored). Added, it is the other way round.
    assert _check(edit) == []
    removed = "operation CreateOrder: reply removed: requesters on the old version wait for a "
    assert _summary(_check(edit, Direction.FORWARD)) == [
        (
            "asyncapi-reply-removed",
            "error",
            "CreateOrder/reply",
            removed + "reply the new version never sends",
        )
    ]
    checker = CHECKER
    added = checker.check(checker.load(_files(edit)), checker.load(_files()), Direction.BACKWARD)
    assert _summary(added) == [
        (
            "asyncapi-reply-removed",
            "error",
            "CreateOrder/reply",
            "operation CreateOrder: reply added: requesters on the new version wait for a reply "
            "the old version never sends",
        )
    ]


def test_a_replaced_reply_message() -> None:
    def edit(doc: dict[str, Any]) -> None:
        reply = doc["operations"]["CreateOrder"]["reply"]
        channel = reply["channel"]["$ref"].split("/")[-1]
        messages = doc["channels"][channel]["messages"]
        messages["food.order.Receipt"] = {"$ref": "#/components/messages/food.order.Receipt"}
        doc["components"]["messages"]["food.order.Receipt"] = {
            "name": "food.order.Receipt",
            "payload": {"type": "object", "properties": {"receipt": {"type": "string"}}},
        }
        reply["messages"] = [{"$ref": f"#/channels/{channel}/messages/food.order.Receipt"}]

    # Every requester breaks: new ones get the old reply, old ones the new (was a warning).
    subject = "CreateOrder/reply/food.order.CreateOrderReply"
    assert _summary(_check(edit)) == [
        (
            "asyncapi-reply-message-changed",
            "error",
            subject,
            "CreateOrder/reply: the old version replies food.order.CreateOrderReply, which "
            "requesters on the new version do not declare",
        )
    ]
    assert _summary(_check(edit, Direction.FORWARD)) == [
        (
            "asyncapi-reply-message-changed",
            "error",
            "CreateOrder/reply/food.order.Receipt",
            "CreateOrder/reply: the new version replies food.order.Receipt, which "
            "requesters on the old version do not declare",
        )
    ]


def test_an_action_changed() -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["operations"]["PublishOrderCreated"]["action"] = "receive"

    # Its messages still read as before, whichever side sends: partners may wait for messages
    # nobody sends, which no reader proves broken (a warning).
    assert _summary(_check(edit)) == [
        (
            "asyncapi-operation-action-changed",
            "warning",
            "PublishOrderCreated",
            "operation PublishOrderCreated: action changed from send to receive",
        )
    ]


@pytest.mark.parametrize("direction", [Direction.BACKWARD, Direction.FORWARD])
def test_a_renamed_channel_key_with_the_same_address_is_no_change(direction: Direction) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["channels"]["events"] = doc["channels"].pop("food.order.order-events")
        for op in doc["operations"].values():
            if op["channel"]["$ref"] == "#/channels/food.order.order-events":
                op["channel"]["$ref"] = "#/channels/events"
                for m in op["messages"]:
                    m["$ref"] = m["$ref"].replace("food.order.order-events", "events")

    assert _check(edit, direction) == []


def test_severity_overrides() -> None:
    from stele.compat.catalogue import apply_severity_overrides

    def edit(doc: dict[str, Any]) -> None:
        del doc["operations"]["CreateOrder"]["reply"]

    found = _check(edit, Direction.FORWARD)
    assert [f.severity for f in found] == [Severity.ERROR]
    overridden = apply_severity_overrides(found, {"asyncapi-reply-removed": "warning"})
    assert [f.severity for f in overridden] == [Severity.WARNING]
