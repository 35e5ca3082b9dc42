"""The Flask application: GetOrder, ListOrders and PlaceOrder of `food.order.OrderService`."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from flask import Flask, Response, jsonify, request

from examples.order_service.data import Store

PROBLEM = "application/problem+json"
EXPANSIONS = {
    "consumer": ("consumer_id", "consumers"),
    "restaurant": ("restaurant_id", "restaurants"),
}
MAX_PAGE = 100
CENTS = decimal.Decimal("0.01")
MAX_AMOUNT = decimal.Decimal("9999999999.99")  # decimal(12,2)


def problem(status: int, title: str, detail: str = "") -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM
    return response


def create_app(seed: Store, *, broken: bool = False) -> Flask:
    """The service over a copy of `seed`. `broken` drops the required `version` of every order
    it answers and ignores `expand`: what `stele test http` must catch."""
    store = seed.copy()
    app = Flask("order_service")

    def present(order: dict[str, Any], expand: list[str]) -> dict[str, Any]:
        shown = dict(order)
        if broken:
            shown.pop("version", None)
            return shown
        for name in expand:
            id_field, table = EXPANSIONS[name]
            related = getattr(store, table).get(order[id_field])
            if related is not None:
                shown[name] = related
        return shown

    @app.get("/orders/<order_id>")
    def get_order(order_id: str) -> Response | tuple[Response, int]:
        order = store.orders.get(order_id)
        if order is None:
            return problem(404, "Not Found", f"no order {order_id}")
        expand = [e for value in request.args.getlist("expand") for e in value.split(",") if e]
        unknown = sorted(set(expand) - set(EXPANSIONS))
        if unknown:
            return problem(400, "Bad Request", f"cannot expand {', '.join(unknown)}")
        shown = present(order, expand)
        if request.args.get("include_items", "true").lower() == "false":
            shown["items"] = []
        return jsonify(shown), 200

    @app.get("/orders")
    def list_orders() -> Response | tuple[Response, int]:
        try:
            page_size = int(request.args.get("page_size", "20"))
            start = int(request.args.get("page_token", "0") or "0")
        except ValueError:
            return problem(400, "Bad Request", "page_size and page_token are integers")
        if not 1 <= page_size <= MAX_PAGE or start < 0:
            return problem(400, "Bad Request", f"page_size is 1..{MAX_PAGE}")
        consumer, state = request.args.get("consumer_id"), request.args.get("state")
        matching = [
            o
            for o in reversed(store.orders.values())  # newest first
            if (consumer is None or o["consumer_id"] == consumer)
            and (state is None or o["state"] == state)
        ]
        page = matching[start : start + page_size]
        body: dict[str, Any] = {"orders": [present(o, []) for o in page]}
        if start + page_size < len(matching):
            body["next_page_token"] = str(start + page_size)
        return jsonify(body), 200

    @app.post("/orders")
    def place_order() -> Response | tuple[Response, int]:
        new = request.get_json(silent=True)
        if not isinstance(new, dict):
            return problem(400, "Bad Request", "the body is a JSON object")
        missing = [
            k
            for k in ("consumer_id", "restaurant_id", "items", "payment_method", "delivery_address")
            if k not in new
        ]
        if missing:
            return problem(400, "Bad Request", f"missing {', '.join(missing)}")
        # Synchronous validation with the Consumer and Restaurant services.
        if new["consumer_id"] not in store.consumers:
            return problem(422, "Unprocessable Entity", "unknown consumer")
        if new["restaurant_id"] not in store.restaurants:
            return problem(422, "Unprocessable Entity", "unknown restaurant")
        total = order_total(new["items"])
        if total is None:
            return problem(422, "Unprocessable Entity", "items in several currencies or too dear")
        order = new_order(new, total)
        store.orders[order["id"]] = order
        return jsonify(present(order, [])), 201

    return app


def order_total(items: list[dict[str, Any]]) -> dict[str, str] | None:
    """The sum of the items, or None when it cannot be one Money value."""
    currencies = {item["unit_price"].get("currency", "EUR") for item in items}
    if len(currencies) > 1:
        return None
    amount = sum(
        (
            decimal.Decimal(item["unit_price"]["amount"]) * int(item.get("quantity", 1))
            for item in items
        ),
        decimal.Decimal(0),
    ).quantize(CENTS)
    if abs(amount) > MAX_AMOUNT:
        return None
    return {"amount": str(amount), "currency": currencies.pop() if currencies else "EUR"}


def new_order(new: dict[str, Any], total: dict[str, str]) -> dict[str, Any]:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    order: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "consumer_id": new["consumer_id"],
        "restaurant_id": new["restaurant_id"],
        "items": new["items"],
        "state": "APPROVAL_PENDING",
        "total": total,
        "payment_method": new["payment_method"],
        "delivery_address": new["delivery_address"],
        "placed_at": now.isoformat().replace("+00:00", "Z"),
        "tags": {},
        "version": 1,
    }
    for optional in ("deliver_by", "delivery_instructions"):
        if optional in new:
            order[optional] = new[optional]
    return order
