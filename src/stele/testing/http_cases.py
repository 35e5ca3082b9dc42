"""Requests built from the contract's own examples, so that `stele test http` reaches the
success responses (and the `expand` promise) even where random values only find 404s.

A path parameter is filled from the examples of the response record: a parameter named like a
field of the record takes that field (`consumer_id`), and `<record>_id` takes the record's `id`
(`order_id` of an `Order`). A request body comes from the examples of the request record and of
the messages that carry it. Each request is sent once plainly and once per `expand` relation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stele.ir import Operation, Project, Record, Value


@dataclass(frozen=True)
class KnownCase:
    path_parameters: dict[str, Value]
    query: dict[str, Value]
    body: Value = None
    has_body: bool = False


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def examples_of(project: Project, type_name: str) -> list[Value]:
    named = project.types.get(type_name)
    values = [ex.value for ex in named.examples] if named is not None else []
    for message in project.messages.values():
        if message.body.name == type_name:
            values += [ex.body for ex in message.examples]
    return values


def _path_values(record: Record, example: Value, params: tuple[str, ...]) -> dict[str, Value]:
    if not isinstance(example, dict):
        return {}
    found: dict[str, Value] = {}
    for param in params:
        if param in example:
            found[param] = example[param]
        elif param == f"{snake(record.short_name)}_id" and "id" in example:
            found[param] = example["id"]
    return found if len(found) == len(params) else {}


def known_cases(project: Project, op: Operation) -> list[KnownCase]:
    http = op.http
    if http is None:
        return []
    expansions = [[e.name] for e in http.expand]
    if len(http.expand) > 1:
        expansions.append([e.name for e in http.expand])
    # `expand` is a form-style, non-exploded array: one comma-separated value on the wire.
    queries: list[dict[str, Value]] = [{}] + [{"expand": ",".join(names)} for names in expansions]
    cases: list[KnownCase] = []
    if http.path_params and op.response and isinstance(project.types.get(op.response), Record):
        record = project.record(op.response)
        seen: list[dict[str, Value]] = []
        for example in examples_of(project, op.response):
            params = _path_values(record, example, http.path_params)
            if params and params not in seen:
                seen.append(params)
        cases = [KnownCase(p, q) for p in seen for q in queries]
    elif not http.path_params and http.body and op.request:
        cases = [KnownCase({}, {}, b, True) for b in examples_of(project, op.request)]
    elif not http.path_params:
        cases = [KnownCase({}, q) for q in queries]
    return cases
