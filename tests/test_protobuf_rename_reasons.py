"""The Protobuf judge of a field rename names the JSON names the emitter writes (json_name: the
field's `json:`, else its name), not the field names, and says what a rename that keeps `json:`
still changes: the field name Protobuf JSON parsers also accept."""

from __future__ import annotations

from _contract_projects import SHOP, edited, load

from stele.compat.contract.diff import diff_projects
from stele.compat.contract.judges import FORMATS, Policy, judge_all
from stele.compat.model import Direction

B, F = Direction.BACKWARD, Direction.FORWARD
COUNT = "count: {type: int32, number: 7}"


def _reasons(old_field: str, new_field: str) -> dict[Direction, tuple[str, str]]:
    base = SHOP.replace(COUNT, old_field)
    old, new = load(base), load(edited(base, (old_field, new_field)))
    changes = [c for c in diff_projects(old, new) if c.kind == "field-renamed"]
    return {
        v.direction: (v.severity.value if v.severity else "ok", v.reason)
        for v in judge_all(changes, FORMATS, (B, F), Policy(), old, new)
        if v.format == "protobuf"
    }


def test_a_rename_that_keeps_json_keeps_the_json_name_and_changes_the_field_name() -> None:
    reasons = _reasons(
        "count: {type: int32, number: 7, json: qty}",
        "quantity: {type: int32, number: 7, json: qty, renamed_from: [count]}",
    )
    assert {d: r[0] for d, r in reasons.items()} == {B: "error", F: "error"}
    assert reasons[F][1].endswith(
        "read `qty` in the Protobuf JSON mapping (json_name, which the rename keeps), but not"
        " `quantity`, the field name that writers keeping proto field names write"
    )
    # In backward the old clients of the service read what the new service writes.
    assert reasons[B][1] == (
        "old gRPC clients of shop.OrderService.GetOrder read `qty` in the Protobuf JSON mapping"
        " (json_name, which the rename keeps), but not `quantity`, the field name that writers"
        " keeping proto field names write"
    )


def test_a_rename_without_json_names_the_json_names_written() -> None:
    reasons = _reasons(COUNT, "quantity: {type: int32, number: 7, renamed_from: [count]}")
    assert reasons[F][1].endswith(
        "look for `count` in the Protobuf JSON mapping (json_name), where the other version"
        " writes `quantity`"
    )
