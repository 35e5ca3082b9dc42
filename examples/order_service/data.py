"""The in-memory data of the reference service, seeded from the contracts' examples."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ORDER = "food.order.Order"
CONSUMER = "food.consumer.Consumer"
RESTAURANT = "food.restaurant.Restaurant"


@dataclass
class Store:
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)  # by id, insertion order
    consumers: dict[str, dict[str, Any]] = field(default_factory=dict)
    restaurants: dict[str, dict[str, Any]] = field(default_factory=dict)

    def copy(self) -> Store:
        return copy.deepcopy(self)


def _examples(project: Any, type_name: str) -> list[dict[str, Any]]:
    return [dict(ex.value) for ex in project.types[type_name].examples]


def load_seed(contracts: Path) -> Store:
    """Orders, consumers and restaurants from the examples of the contract project."""
    from stele.diagnostics import SteleError
    from stele.source.loader import load

    result = load([contracts], contracts.parent)
    if result.project is None:
        raise SteleError(result.diagnostics)
    project = result.project
    store = Store()
    for order in _examples(project, ORDER):
        store.orders[order["id"]] = order
    for message in project.messages.values():  # event bodies are orders too
        if message.body.name == ORDER:
            for ex in message.examples:
                store.orders.setdefault(ex.body["id"], dict(ex.body))  # type: ignore[index,call-overload]
    for consumer in _examples(project, CONSUMER):
        store.consumers[consumer["id"]] = consumer
    for restaurant in _examples(project, RESTAURANT):
        store.restaurants[restaurant["id"]] = restaurant
    return store
