"""The judges: exact verdict tables (format x direction) for contract changes, and reasons that
say who breaks and how in the YAML's terms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from _contract_projects import SHOP, edited, load

from stele.compat.contract.diff import diff_projects
from stele.compat.contract.judges import FORMATS, Policy, Verdict, judge, judge_all
from stele.compat.contract.kinds import KINDS, contract_rules, rule_id
from stele.compat.model import Direction

B, F = Direction.BACKWARD, Direction.FORWARD
DEFAULT = Policy()
COUNT = "count: {type: int32, number: 7}"
HTTP = 'http: {method: GET, path: "/orders/{order_id}", query: [verbose]}'

# Per format: (backward, forward) severities, "ok" when the readers read it.
Table = dict[str, tuple[str, str]]


def table(**cells: str) -> Table:
    """`protobuf="ok ok"` style cells; formats not named are ok in both directions."""
    out: Table = {fmt: ("ok", "ok") for fmt in FORMATS}
    for fmt, text in cells.items():
        bwd, fwd = text.split()
        out[fmt] = (bwd, fwd)
    return out


def verdicts(
    edits: list[tuple[str, str]], policy: Policy = DEFAULT, base: str = SHOP
) -> dict[str, Table]:
    """kind -> its verdict table (the worst of several changes of one kind)."""
    old, new = load(base), load(edited(base, *edits))
    found: dict[str, Table] = {}
    rank = {"ok": 0, "info": 1, "warning": 2, "error": 3}
    for v in judge_all(diff_projects(old, new), FORMATS, (B, F), policy, old, new):
        cells = found.setdefault(v.change.kind, {fmt: ("ok", "ok") for fmt in FORMATS})
        bwd, fwd = cells[v.format]
        cell = v.severity.value if v.severity else "ok"
        if v.direction is B and rank[cell] > rank[bwd]:
            bwd = cell
        if v.direction is F and rank[cell] > rank[fwd]:
            fwd = cell
        cells[v.format] = (bwd, fwd)
    return found


CASES: dict[str, tuple[list[tuple[str, str]], dict[str, Table]]] = {
    "decimal scale widened": (
        [("amount: decimal(18,2)", "amount: decimal(20,4)")],
        {
            "field-type-changed": table(
                protobuf="error error",
                avro="ok error",
                jsonschema="ok error",
                openapi="error ok",
                asyncapi="ok error",
            ),
        },
    ),
    "decimal narrowed": (
        [("amount: decimal(18,2)", "amount: decimal(12,2)")],
        {
            "field-type-changed": table(
                protobuf="error error",
                avro="error ok",
                jsonschema="error ok",
                openapi="ok error",
                asyncapi="error ok",
            ),
        },
    ),
    "timestamp to date": (
        [("placed_at: {type: timestamp,", "placed_at: {type: date,")],
        {
            "field-type-changed": table(
                protobuf="error error",
                avro="error error",
                jsonschema="error error",
                openapi="error error",
                asyncapi="error error",
            ),
        },
    ),
    "uuid to string": (
        [("id: {type: uuid,", "id: {type: string,")],
        {
            "field-type-changed": table(
                protobuf="error error",
                avro="error error",
                jsonschema="ok error",
                openapi="error ok",
                asyncapi="ok error",
            ),
        },
    ),
    "int32 to int64": (
        [("count: {type: int32, number: 7}", "count: {type: int64, number: 7}")],
        {
            "field-type-changed": table(
                protobuf="error error",
                avro="ok error",
                jsonschema="ok error",
                openapi="error ok",
                asyncapi="ok error",
            ),
        },
    ),
    "optional field added to an event": (
        [
            (
                "      count: {type: int32, number: 7}\n",
                "      count: {type: int32, number: 7}\n      extra: {type: string?, number: 8}\n",
            )
        ],
        {
            "field-added": table(),
        },
    ),
    "required field added": (
        [
            (
                "      count: {type: int32, number: 7}\n",
                "      count: {type: int32, number: 7}\n      extra: {type: string, number: 8}\n",
            )
        ],
        {
            "field-added": table(
                avro="error ok", jsonschema="error ok", openapi="ok error", asyncapi="error ok"
            ),
        },
    ),
    "required field removed": (
        [("      count: {type: int32, number: 7}\n", "")],
        {
            "field-removed": table(
                avro="ok error", jsonschema="ok error", openapi="error ok", asyncapi="ok error"
            ),
        },
    ),
    "required to optional": (
        [("count: {type: int32, number: 7}", "count: {type: int32?, number: 7}")],
        {
            "field-optionality-changed": table(
                avro="ok error", jsonschema="ok error", openapi="error ok", asyncapi="ok error"
            ),
        },
    ),
    "optional to required": (
        [("note: {type: string?, number: 5}", "note: {type: string, number: 5}")],
        {
            "field-optionality-changed": table(
                avro="error ok", jsonschema="error ok", openapi="ok error", asyncapi="error ok"
            ),
        },
    ),
    "default added to a required field": (
        [("count: {type: int32, number: 7}", "count: {type: int32, number: 7, default: 1}")],
        {
            "field-default-changed": table(),
        },
    ),
    "field number changed": (
        [("count: {type: int32, number: 7}", "count: {type: int32, number: 9}")],
        {
            "field-number-changed": table(protobuf="error error"),
        },
    ),
    "renamed with renamed_from": (
        [
            (
                "count: {type: int32, number: 7}",
                "quantity: {type: int32, number: 7, renamed_from: [count]}",
            )
        ],
        {
            "field-renamed": table(
                protobuf="error error",
                avro="ok error",
                jsonschema="error error",
                openapi="error error",
                asyncapi="error error",
            ),
        },
    ),
    "enum symbol added, enum with a default": (
        [("enum: [NEW, PAID]", "enum: [NEW, PAID, REFUNDED]")],
        {
            "enum-symbol-added": table(
                jsonschema="ok error", openapi="error ok", asyncapi="ok error"
            ),
        },
    ),
    "enum symbol added and the default removed": (
        [("enum: [NEW, PAID]", "enum: [NEW, PAID, REFUNDED]"), ("    default: NEW\n", "")],
        {
            "enum-default-changed": table(),
            "enum-symbol-added": table(
                jsonschema="ok error", openapi="error ok", asyncapi="ok error"
            ),
        },
    ),
    "enum symbol removed": (
        [("enum: [NEW, PAID]", "enum: [NEW]")],
        {
            "enum-symbol-removed": table(
                jsonschema="error ok", openapi="ok error", asyncapi="error ok"
            ),
        },
    ),
    "union variant added": (
        [("      voucher: Voucher\n", "      voucher: Voucher\n      gift: Voucher\n")],
        {
            "union-variant-added": table(
                protobuf="error error",
                avro="ok error",
                jsonschema="ok error",
                openapi="error ok",
                asyncapi="ok error",
            ),
        },
    ),
    "union variant removed": (
        [("      voucher: Voucher\n", "")],
        {
            "union-variant-removed": table(
                protobuf="error error",
                avro="error ok",
                jsonschema="error ok",
                openapi="ok error",
                asyncapi="error ok",
            ),
        },
    ),
    "discriminator changed": (
        [("discriminator: method", "discriminator: kind")],
        {
            "union-discriminator-changed": table(
                jsonschema="error error", openapi="error error", asyncapi="error error"
            ),
        },
    ),
    "required header added": (
        [
            (
                "tenant_id: {type: string, required: true}",
                "tenant_id: {type: string, required: true}\n      region: string",
            )
        ],
        {
            "header-added": table(jsonschema="error ok", asyncapi="error ok"),
        },
    ),
    "message kind changed": (
        [("kind: event", "kind: document")],
        {
            "message-kind-changed": table(),
        },
    ),
    "channel moved": (
        [("messages: [OrderCreated]}", "messages: [OrderCreated], address: orders.v2}")],
        {
            "channel-address-changed": table(asyncapi="error error"),
        },
    ),
    "reply of a received request changed, no requester modelled": (
        [("reply: OrderPlaced", "reply: OrderCreated")],
        {
            "operation-reply-changed": table(asyncapi="error error"),
        },
    ),
    "http method and path changed": (
        [
            (
                'http: {method: GET, path: "/orders/{order_id}", query: [verbose]}',
                'http: {method: POST, path: "/v2/orders/{order_id}", query: [verbose]}',
            )
        ],
        {
            "http-method-changed": table(openapi="error error"),
            "http-path-changed": table(openapi="error error"),
        },
    ),
    "http query parameter removed": (
        [
            (
                'http: {method: GET, path: "/orders/{order_id}", query: [verbose]}',
                'http: {method: GET, path: "/orders/{order_id}"}',
            )
        ],
        {
            "http-parameter-removed": table(openapi="warning ok"),
        },
    ),
    "operation removed": (
        [
            (
                '      GetOrder:\n        style: request-response\n        request: GetOrderRequest\n        response: Order\n        http: {method: GET, path: "/orders/{order_id}", query: [verbose]}\n',
                "",
            )
        ],
        {
            "operation-removed": table(protobuf="error ok", openapi="error ok"),
        },
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_verdict_table(name: str) -> None:
    edits, expected = CASES[name]
    assert verdicts(edits) == expected


def test_the_reason_says_who_breaks_and_how() -> None:
    old = load(SHOP)
    new = load(edited(SHOP, ("amount: decimal(18,2)", "amount: decimal(20,4)")))
    (change,) = diff_projects(old, new)
    reasons = {
        (v.format, v.direction): (v.severity.value if v.severity else "ok", v.reason)
        for v in judge_all([change], FORMATS, (B, F), Policy(), old, new)
    }
    assert reasons[("jsonschema", F)] == (
        "error",
        "consumers of shop.OrderCreated and shop.OrderPlaced on the old version reject `amount`"
        " with 4 decimals (the old JSON schema allows 2)",
    )
    assert reasons[("openapi", B)] == (
        "error",
        "old clients of shop.OrderService.GetOrder reject `amount` with 4 decimals (the old JSON"
        " schema allows 2)",
    )
    assert reasons[("asyncapi", F)] == (
        "error",
        "receivers of shop.OrderCreated and shop.OrderPlaced on the old version reject `amount`"
        " with 4 decimals (the old JSON schema allows 2)",
    )
    assert reasons[("avro", F)] == (
        "error",
        "consumers of shop.OrderCreated and shop.OrderPlaced on the old version cannot hold"
        " `amount` with 4 decimals in decimal(18,2)",
    )
    assert reasons[("jsonschema", B)] == (
        "ok",
        "consumers of shop.OrderCreated and shop.OrderPlaced on the new version accept every"
        " decimal(18,2) value of `amount` (decimal(20,4) holds it)",
    )


def test_the_reply_breaks_requesters_nobody_modelled() -> None:
    old = load(SHOP)
    new = load(edited(SHOP, ("reply: OrderPlaced", "reply: OrderCreated")))
    (change,) = diff_projects(old, new)
    verdict = judge(change, "asyncapi", B, Policy(), old, new)
    assert verdict == Verdict(
        change,
        "asyncapi",
        B,
        verdict.severity,
        "contract-operation-reply-changed",
        "new requesters of shop.OrderService.Place, modelled or not, wait for shop.OrderCreated"
        " and get shop.OrderPlaced from the old service",
    )
    assert verdict.severity is not None and verdict.severity.value == "error"


def test_a_request_received_is_read_by_the_new_service_in_backward() -> None:
    """PlaceOrder's body is received by OrderService: a required field added breaks the new
    receiver of old commands (backward), not old receivers."""
    edits = [("      verbose: bool?\n", "      verbose: bool?\n      region: string\n")]
    assert verdicts(edits)["field-added"]["asyncapi"] == ("error", "ok")
    # GetOrderRequest is also an HTTP request: the new server reads old requests in backward.
    assert verdicts(edits)["field-added"]["openapi"] == ("error", "ok")


def test_strict_json_policy_flags_an_optional_field_added() -> None:
    edits = [(f"      {COUNT}\n", f"      {COUNT}\n      extra: {{type: string?, number: 8}}\n")]
    assert verdicts(edits, Policy(json="strict"))["field-added"] == table(
        jsonschema="error ok", openapi="ok error", asyncapi="error ok"
    )


def test_closed_content_model_rejects_unknown_properties() -> None:
    edits = [(f"      {COUNT}\n", f"      {COUNT}\n      extra: {{type: string?, number: 8}}\n")]
    policy = Policy(json_content_model="closed")
    assert verdicts(edits, policy)["field-added"] == table(
        jsonschema="ok error", openapi="error ok", asyncapi="ok error"
    )


def test_protobuf_wire_policy_accepts_a_rename() -> None:
    edits = [(COUNT, "quantity: {type: int32, number: 7, renamed_from: [count]}")]
    assert verdicts(edits, Policy(protobuf="wire"))["field-renamed"]["protobuf"] == ("ok", "ok")
    assert verdicts(edits, Policy(protobuf="wire"))["field-renamed"]["avro"] == ("ok", "error")


def test_protobuf_wire_policy_judges_int32_to_int64_on_the_wire() -> None:
    edits = [(COUNT, "count: {type: int64, number: 7}")]
    cells = verdicts(edits, Policy(protobuf="wire"))["field-type-changed"]["protobuf"]
    # New readers widen old values (info); old gRPC clients of GetOrder truncate new ones, in
    # both directions a warning.
    assert cells == ("warning", "warning")


def test_enum_symbol_added_without_default() -> None:
    base = edited(SHOP, ("    default: NEW\n", ""))
    found = verdicts([("enum: [NEW, PAID]", "enum: [NEW, PAID, REFUNDED]")], base=base)
    assert found == {
        "enum-symbol-added": table(
            avro="ok error", jsonschema="ok error", openapi="error ok", asyncapi="ok error"
        )
    }


def test_int64_back_to_int32() -> None:
    base = edited(SHOP, (COUNT, "count: {type: int64, number: 7}"))
    found = verdicts([("count: {type: int64,", "count: {type: int32,")], base=base)
    assert found == {
        "field-type-changed": table(
            protobuf="error error",
            avro="error ok",
            jsonschema="error ok",
            openapi="ok error",
            asyncapi="error ok",
        )
    }


def test_int64_as_string_changes_the_json_kind() -> None:
    edits = [(COUNT, "count: {type: int64, number: 7}")]
    cells = verdicts(edits, Policy(int64_as_string=True))["field-type-changed"]
    assert cells["jsonschema"] == ("error", "error")


def test_every_change_kind_is_a_catalogued_rule() -> None:
    package = Path(__file__).parent.parent / "src/stele/compat/contract"
    differs = ("diff_types.py", "diff_services.py")  # the modules that emit the changes
    source = "".join((package / name).read_text() for name in differs)
    emitted = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"', source))
    assert emitted <= set(KINDS)
    rules = contract_rules()
    assert sorted(rules) == sorted(rule_id(k) for k in KINDS)
    for rule in rules.values():
        assert rule.format == "contract"
        for section in ("## What it flags", "## Why it breaks", "## Example", "## Instead"):
            assert section in rule.doc, rule.id


def test_every_verdict_has_a_catalogued_rule_and_a_reason() -> None:
    from test_contract_diff import CASES as DIFF_CASES
    from test_contract_diff import MORE

    rules = contract_rules()
    edit_sets = [e for e, _ in (*CASES.values(), *STRUCTURE.values())]
    edit_sets += [e for e, _ in (*DIFF_CASES.values(), *MORE.values())]
    old = load(SHOP)
    judged = 0
    for edits in edit_sets:
        new = load(edited(SHOP, *edits))
        for v in judge_all(diff_projects(old, new), FORMATS, (B, F), Policy(), old, new):
            assert v.rule == rule_id(v.change.kind) and v.rule in rules
            assert v.reason, v
            assert not any(f"{{{k}}}" in v.reason for k in ("element", "old", "new")), v
            judged += 1
    assert judged == 880  # 88 changes x 5 formats x 2 directions


STRUCTURE: dict[str, tuple[list[tuple[str, str]], dict[str, Table]]] = {
    "channel renamed, same address": (
        [
            ("  order-events: {style", "  product-events: {address: order-events, style"),
            ("channel: order-events", "channel: product-events"),
        ],
        {
            "channel-added": table(),
            "channel-removed": table(),
            "operation-channel-changed": table(),
        },
    ),
    "channel renamed to another address": (
        [
            ("  order-events: {style", "  product-events: {style"),
            ("channel: order-events", "channel: product-events"),
        ],
        {
            "channel-added": table(),
            "channel-removed": table(asyncapi="error ok"),
            "operation-channel-changed": table(asyncapi="error error"),
        },
    ),
    "http operation renamed, same binding": (
        [("      GetOrder:\n", "      FetchOrder:\n")],
        {
            "operation-added": table(),
            "operation-removed": table(protobuf="error ok"),
        },
    ),
    "path parameter renamed with its field": (
        [
            ("      order_id: uuid\n      verbose", "      id: uuid\n      verbose"),
            ('path: "/orders/{order_id}"', 'path: "/orders/{id}"'),
        ],
        {
            "field-added": table(avro="error ok", jsonschema="error ok", asyncapi="error ok"),
            "field-removed": table(avro="ok error", jsonschema="ok error", asyncapi="ok error"),
            "http-parameter-added": table(),
            "http-parameter-removed": table(),
            "http-path-changed": table(),
        },
    ),
    "success status changed": (
        [("query: [verbose]}", "query: [verbose], status: 203}")],
        {"http-status-changed": table(openapi="error error")},
    ),
    "reply removed": (
        [
            ("        style: async-request-response\n", "        style: notification\n"),
            ("        reply: OrderPlaced\n        reply_channel: order-replies\n", ""),
        ],
        {
            "operation-reply-changed": table(asyncapi="ok error"),
            "operation-reply-channel-changed": table(),
            "operation-style-changed": table(),
        },
    ),
    "published operation removed": (
        [
            (
                "      Publish:\n        style: publish-subscribe\n        role: send\n"
                "        message: OrderCreated\n        channel: order-events\n",
                "",
            )
        ],
        {"operation-removed": table()},
    ),
    "received operation removed": (
        [
            (
                "      Place:\n        style: async-request-response\n        message: PlaceOrder\n"
                "        channel: order-commands\n        reply: OrderPlaced\n"
                "        reply_channel: order-replies\n",
                "",
            )
        ],
        {"operation-removed": table(asyncapi="error ok")},
    ),
}


@pytest.mark.parametrize("name", list(STRUCTURE))
def test_structure_verdict_table(name: str) -> None:
    edits, expected = STRUCTURE[name]
    assert verdicts(edits) == expected


def test_a_reply_added_breaks_new_requesters_of_the_old_service() -> None:
    notification = edited(
        SHOP,
        ("        style: async-request-response\n", "        style: notification\n"),
        ("        reply: OrderPlaced\n        reply_channel: order-replies\n", ""),
    )
    old, new = load(notification), load(SHOP)
    (change,) = [c for c in diff_projects(old, new) if c.kind == "operation-reply-changed"]
    verdict = judge(change, "asyncapi", B, Policy(), old, new)
    assert verdict.reason == (
        "new requesters of shop.OrderService.Place wait for shop.OrderPlaced, which the old "
        "service never sends"
    )
    assert verdict.severity is not None and verdict.severity.value == "error"
    assert judge(change, "asyncapi", F, Policy(), old, new).severity is None


def _chain(prefix: str, length: int) -> str:
    lines = ["package: deep", "types:"]
    for i in range(length - 1):
        lines += [f"  {prefix}{i}:", "    fields:", f"      next: {prefix}{i + 1}"]
    lines += [f"  {prefix}{length - 1}:", "    fields:", "      value: string"]
    lines += ["messages:", "  Deep:", "    kind: event", f"    body: {prefix}0", ""]
    return "\n".join(lines)


def test_renamed_types_are_compared_to_a_bounded_depth() -> None:
    """300 records renamed without renamed_from, each holding the next: the structural
    comparison stops at MAX_PAIRS (200) pairs with a warning, never a recursion error."""
    from stele.compat.contract.judge_json import MAX_PAIRS

    old, new = (
        load(_chain("A", 300), "contracts/deep.yaml"),
        load(_chain("B", 300), "contracts/deep.yaml"),
    )
    (body,) = [c for c in diff_projects(old, new) if c.kind == "message-body-changed"]
    verdict = judge(body, "jsonschema", B, Policy(), old, new)
    assert MAX_PAIRS == 200
    assert verdict.reason == (
        "consumers of deep.Deep on the new version may reject "
        + "`next` of " * MAX_PAIRS
        + "the body: stele compares renamed types 200 pairs deep, no deeper"
    )
    assert verdict.severity is not None and verdict.severity.value == "warning"
    assert judge(body, "protobuf", B, Policy(), old, new).severity is not None


def test_a_reservation_removed_breaks_protobuf_only() -> None:
    base = edited(SHOP, (f"      {COUNT}\n", f"      {COUNT}\n    reserved: [9, old_name]\n"))
    found = verdicts([("reserved: [9, old_name]", "reserved: [9]")], base=base)
    assert found == {"type-reservation-removed": table(protobuf="error error")}


def test_a_field_of_a_renamed_record_is_judged_against_its_old_self() -> None:
    edits = [
        (
            "  Card:\n    fields:\n      last4: string\n",
            "  CardPayment:\n    renamed_from: [Card]\n    fields:\n      last4: uuid\n",
        ),
        ("card: Card", "card: CardPayment"),
    ]
    found = verdicts(edits)
    assert found["field-type-changed"] == table(
        protobuf="error error",
        avro="error error",
        jsonschema="error ok",
        openapi="ok error",
        asyncapi="error ok",
    )
    assert found["type-renamed"] == table(avro="ok error")


def test_the_reverse_index_names_every_holder() -> None:
    from stele.compat.contract.holders import Holders, Holding

    holders = Holders(load(SHOP))
    assert holders.holding("shop.Card") == Holding(
        messages=("shop.OrderCreated", "shop.OrderPlaced"),
        requests=(),
        responses=("shop.OrderService.GetOrder",),
        records=("shop.Payment", "shop.Order"),
        channels=("shop.order-events", "shop.order-replies"),
        operations=("shop.OrderService.Place", "shop.OrderService.Publish"),
    )


def test_a_field_removed_beside_an_added_one_of_its_type_suggests_renamed_from() -> None:
    old = load(SHOP)
    new = load(
        edited(
            SHOP,
            ("placed_at: {type: timestamp, number: 4}", "made_at: {type: timestamp, number: 4}"),
        )
    )
    removed = [c for c in diff_projects(old, new) if c.kind == "field-removed"]
    reasons = {
        (v.format, v.direction): (v.severity.value if v.severity else "ok", v.reason)
        for v in judge_all(removed, FORMATS, (B, F), Policy(), old, new)
        if v.severity is not None
    }
    hint = "; if made_at is placed_at renamed, write `renamed_from: [placed_at]` on made_at"
    assert reasons and all(reason.endswith(hint) for _, reason in reasons.values())


def test_a_field_removed_alone_suggests_no_rename() -> None:
    old = load(SHOP)
    new = load(edited(SHOP, ("      placed_at: {type: timestamp, number: 4}\n", "")))
    removed = [c for c in diff_projects(old, new) if c.kind == "field-removed"]
    reasons = [v.reason for v in judge_all(removed, FORMATS, (B, F), Policy(), old, new)]
    assert reasons and not any("renamed_from" in r for r in reasons)
