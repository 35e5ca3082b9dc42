"""Small contract projects written as YAML strings, for the contract diff and judge tests."""

from __future__ import annotations

import tempfile
from pathlib import Path

from stele.ir import Project, Span
from stele.source.loader import load_project

FILE = "contracts/shop.yaml"

SHOP = """\
package: shop
types:
  Money:
    fields:
      amount: decimal(18,2)
      currency: string
  State:
    enum: [NEW, PAID]
    default: NEW
  Card:
    fields:
      last4: string
  Voucher:
    fields:
      code: string
  Payment:
    union:
      card: Card
      voucher: Voucher
    discriminator: method
  Order:
    fields:
      id: {type: uuid, number: 1}
      total: {type: Money, number: 2}
      state: {type: State, number: 3}
      placed_at: {type: timestamp, number: 4}
      note: {type: string?, number: 5}
      payment: {type: Payment, number: 6}
      count: {type: int32, number: 7}
  GetOrderRequest:
    fields:
      order_id: uuid
      verbose: bool?
messages:
  OrderCreated:
    kind: event
    body: Order
    headers:
      tenant_id: {type: string, required: true}
  PlaceOrder:
    kind: command
    body: GetOrderRequest
  OrderPlaced:
    kind: reply
    body: Order
channels:
  order-events: {style: publish-subscribe, owner: OrderService, messages: [OrderCreated]}
  order-commands: {style: point-to-point, owner: OrderService, messages: [PlaceOrder]}
  order-replies: {style: point-to-point, owner: OrderService, messages: [OrderPlaced]}
services:
  OrderService:
    operations:
      GetOrder:
        style: request-response
        request: GetOrderRequest
        response: Order
        http: {method: GET, path: "/orders/{order_id}", query: [verbose]}
      Place:
        style: async-request-response
        message: PlaceOrder
        channel: order-commands
        reply: OrderPlaced
        reply_channel: order-replies
      Publish:
        style: publish-subscribe
        role: send
        message: OrderCreated
        channel: order-events
"""


def load(text: str, file: str = FILE) -> Project:
    """The project of one contract file, its spans relative to the project root."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / file
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
        return load_project([root / "contracts"], root)


def edited(text: str, *edits: tuple[str, str]) -> str:
    """`text` with each (old, new) replaced; each old occurs exactly once."""
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def at(text: str, needle: str, file: str = FILE) -> Span:
    """The span of the unique `needle` in `text` (1-based line and column)."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    before = text[: text.index(needle)]
    line = before.count("\n") + 1
    return Span(file, line, len(before) - (before.rfind("\n") + 1) + 1)
