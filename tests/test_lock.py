"""The field-number lock: every diagnostic with its exact location, and the good cases."""

from __future__ import annotations

from pathlib import Path
from typing import TypedDict, Unpack

import pytest
from protobuf_cases import FILE, at, enum, f, project, rec, s

from stele.diagnostics import Diagnostic, SteleError
from stele.ir import Enum, EnumSymbol, Field, Project, Record, Ref, Reserved, Span, Union, Variant
from stele.lock import LockFile, TypeLock, apply_lock, dump_lock, read_lock

LOCK = "compat/stele.lock"
ORDER = "shop.order.Order"


NOTHING_RESERVED = Reserved()


def order(*fields: Field, reserved: Reserved = NOTHING_RESERVED) -> Project:
    return project(rec(ORDER, list(fields), reserved=reserved))


def numbers_of(p: Project, name: str = ORDER) -> dict[str, int | None]:
    t = p.types[name]
    if isinstance(t, Record):
        return {x.name: x.number for x in t.fields}
    if isinstance(t, Enum):
        return {x.name: x.number for x in t.symbols}
    assert isinstance(t, Union)
    return {x.name: x.number for x in t.variants}


def codes(diagnostics: list[Diagnostic]) -> list[tuple[str, int, int, str]]:
    return [(d.code, d.span.line, d.span.column, d.message) for d in diagnostics]


class _Reserved(TypedDict, total=False):
    """The keyword arguments `locked` passes on to TypeLock."""

    reserved_numbers: set[int]
    reserved_names: set[str]


def locked(numbers: dict[str, int], **kw: Unpack[_Reserved]) -> LockFile:
    return LockFile({ORDER: TypeLock("record", numbers, **kw)})


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


def test_s120_duplicate_number() -> None:
    p = order(f("a", s("string"), 2, number=1), f("b", s("string"), 3, number=1))
    _, lock, diagnostics = apply_lock(p, LockFile(), LOCK)
    assert codes(diagnostics) == [
        ("S120", 3, 7, f"number 1 of 'b' is already used by 'a' in {ORDER}")
    ]
    assert lock == LockFile()  # nothing to write when there are errors


def test_s120_source_number_taken_by_a_locked_field() -> None:
    p = order(f("a", s("string"), 2), f("c", s("string"), 3, number=1))
    _, _, diagnostics = apply_lock(p, locked({"a": 1}), LOCK)
    assert codes(diagnostics) == [
        ("S120", 3, 7, f"number 1 of 'c' is already used by 'a' in {ORDER}")
    ]


@pytest.mark.parametrize("number", [0, -1, 19000, 19999, 536870912])
def test_s121_field_number_out_of_range(number: int) -> None:
    _, _, diagnostics = apply_lock(order(f("a", s("string"), 4, number=number)), LockFile(), LOCK)
    assert codes(diagnostics) == [("S121", 4, 7, f"number {number} of 'a' is out of range")]
    assert diagnostics[0].hint == "use a number in 1..536870911, except 19000..19999"


@pytest.mark.parametrize("number", [1, 18999, 20000, 536870911])
def test_field_numbers_at_the_edges_are_accepted(number: int) -> None:
    p, _, diagnostics = apply_lock(order(f("a", s("string"), 4, number=number)), LockFile(), LOCK)
    assert diagnostics == []
    assert numbers_of(p) == {"a": number}


def test_s121_enum_number_zero_and_too_large() -> None:
    e = enum(
        "shop.order.State",
        [EnumSymbol("OPEN", at(5), number=0), EnumSymbol("SHUT", at(6), number=2**31)],
    )
    _, _, diagnostics = apply_lock(project(e), LockFile(), LOCK)
    assert codes(diagnostics) == [
        ("S121", 5, 7, "number 0 of 'OPEN' is out of range"),
        ("S121", 6, 7, "number 2147483648 of 'SHUT' is out of range"),
    ]
    assert (
        diagnostics[0].hint
        == "use a number in 1..2147483647 (0 is the generated UNSPECIFIED value)"
    )


def test_s122_number_reserved_in_source() -> None:
    p = order(f("a", s("string"), 5, number=10), reserved=Reserved(((9, 11),), (), at(8)))
    _, _, diagnostics = apply_lock(p, LockFile(), LOCK)
    assert codes(diagnostics) == [("S122", 5, 7, f"number 10 of 'a' is reserved in {ORDER}")]


def test_s122_number_reserved_in_lock() -> None:
    p = order(f("a", s("string"), 2), f("b", s("string"), 3, number=4))
    _, _, diagnostics = apply_lock(p, locked({"a": 1}, reserved_numbers={4}), LOCK)
    assert codes(diagnostics) == [("S122", 3, 7, f"number 4 of 'b' is reserved in {ORDER}")]


def test_s122_number_of_a_field_removed_in_this_change() -> None:
    p = order(f("a", s("string"), 2), f("c", s("string"), 3, number=2))
    _, _, diagnostics = apply_lock(p, locked({"a": 1, "b": 2}), LOCK)
    assert codes(diagnostics) == [("S122", 3, 7, f"number 2 of 'c' is reserved in {ORDER}")]


def test_s123_name_reserved_in_source() -> None:
    p = order(f("old_state", s("string"), 6), reserved=Reserved((), ("old_state",), at(8)))
    _, _, diagnostics = apply_lock(p, LockFile(), LOCK)
    assert codes(diagnostics) == [("S123", 6, 7, f"name 'old_state' is reserved in {ORDER}")]


def test_s123_name_reserved_in_lock() -> None:
    p = order(f("a", s("string"), 2), f("legacy", s("string"), 3))
    _, _, diagnostics = apply_lock(p, locked({"a": 1}, reserved_names={"legacy"}), LOCK)
    assert codes(diagnostics) == [("S123", 3, 7, f"name 'legacy' is reserved in {ORDER}")]
    assert diagnostics[0].hint == (
        "choose another name; to bring back a removed member, delete its name and number from "
        f"the reserved entries of {ORDER} (in the source or in {LOCK})"
    )


def test_s124_source_disagrees_with_lock() -> None:
    p = order(f("a", s("string"), 2, number=5))
    _, lock, diagnostics = apply_lock(p, locked({"a": 1}), LOCK)
    assert codes(diagnostics) == [("S124", 2, 7, f"'a' has number 5 in the source but 1 in {LOCK}")]
    assert diagnostics[0].hint == (
        f"restore `number: 1`; if the renumbering is intended, delete the entry 'a' of {ORDER} "
        f"from {LOCK} and acknowledge the breaking change"
    )
    assert diagnostics[0].span == Span(FILE, 2, 7)
    assert lock == locked({"a": 1})


def test_s124_on_a_union_variant_and_an_enum_symbol() -> None:
    card_variant = Variant("card", Ref("shop.order.Card"), at(4), number=3)
    u = Union("shop.order.Pay", "shop.order", (card_variant,), at(3, 3))
    e = enum("shop.order.State", [EnumSymbol("OPEN", at(8), number=2)], line=7)
    card = rec("shop.order.Card", [f("n", s("string"), 11)], line=10)
    lock = LockFile(
        {
            "shop.order.Pay": TypeLock("union", {"card": 1}),
            "shop.order.State": TypeLock("enum", {"OPEN": 1}),
        }
    )
    _, _, diagnostics = apply_lock(project(u, e, card), lock, LOCK)
    assert codes(diagnostics) == [
        ("S124", 4, 7, f"'card' has number 3 in the source but 1 in {LOCK}"),
        ("S124", 8, 7, f"'OPEN' has number 2 in the source but 1 in {LOCK}"),
    ]


# ---------------------------------------------------------------------------------------------
# Good cases
# ---------------------------------------------------------------------------------------------


def test_first_lock_numbers_in_declaration_order() -> None:
    p = order(f("b", s("string"), 2), f("a", s("string"), 3), f("c", s("string"), 4, number=7))
    numbered, lock, diagnostics = apply_lock(p, LockFile(), LOCK)
    assert diagnostics == []
    # New members go above every used number, explicit ones included.
    assert numbers_of(numbered) == {"b": 8, "a": 9, "c": 7}
    assert lock == locked({"b": 8, "a": 9, "c": 7})


def test_reorder_changes_nothing() -> None:
    _, lock, _ = apply_lock(
        order(f("a", s("string"), 2), f("b", s("int32"), 3), f("c", s("bool"), 4)),
        LockFile(),
        LOCK,
    )
    again, lock2, diagnostics = apply_lock(
        order(f("c", s("bool"), 2), f("a", s("string"), 3), f("b", s("int32"), 4)), lock, LOCK
    )
    assert diagnostics == []
    assert numbers_of(again) == {"c": 3, "a": 1, "b": 2}
    assert lock2 == lock


def test_rename_keeps_the_number_and_does_not_reserve_the_old_name() -> None:
    p = order(f("id", s("string"), 2), f("customer_note", s("string"), 3, renamed_from=("note",)))
    numbered, lock, diagnostics = apply_lock(p, locked({"id": 1, "note": 2}), LOCK)
    assert diagnostics == []
    assert numbers_of(numbered) == {"id": 1, "customer_note": 2}
    assert lock == locked({"id": 1, "customer_note": 2})
    assert numbered.record(ORDER).reserved == Reserved()


def test_removal_reserves_number_and_name_and_new_fields_go_above() -> None:
    p = order(f("id", s("string"), 2), f("added", s("string"), 3))
    numbered, lock, diagnostics = apply_lock(p, locked({"id": 1, "gone": 5}), LOCK)
    assert diagnostics == []
    assert numbers_of(numbered) == {"id": 1, "added": 6}
    assert lock == locked({"id": 1, "added": 6}, reserved_numbers={5}, reserved_names={"gone"})
    # The record span stands for the reservation, which the source does not spell.
    assert numbered.record(ORDER).reserved == Reserved(((5, 5),), ("gone",), at(1, 3))


def test_removed_reservation_merges_with_the_source_without_overlap() -> None:
    source = Reserved(((5, 6),), ("gone",), at(9))
    p = order(f("id", s("string"), 2), reserved=source)
    numbered, lock, _ = apply_lock(p, locked({"id": 1, "gone": 5, "other": 8}), LOCK)
    assert numbered.record(ORDER).reserved == Reserved(((5, 6), (8, 8)), ("gone", "other"), at(9))
    assert lock.types[ORDER].reserved_numbers == {5, 8}


def test_new_numbers_skip_reserved_ranges_and_the_implementation_range() -> None:
    p = order(f("a", s("string"), 2, number=18999), f("b", s("string"), 3))
    numbered, _, _ = apply_lock(p, LockFile(), LOCK)
    assert numbers_of(numbered) == {"a": 18999, "b": 20000}
    p = order(f("a", s("string"), 2), reserved=Reserved(((9, 11),), (), at(4)))
    numbered, _, _ = apply_lock(p, LockFile(), LOCK)
    assert numbers_of(numbered) == {"a": 12}


def test_enum_symbols_start_at_one_and_removed_symbols_are_reserved() -> None:
    e = enum("shop.order.State", ["OPEN", "SHUT"])
    numbered, lock, _ = apply_lock(project(e), LockFile(), LOCK)
    assert numbers_of(numbered, e.name) == {"OPEN": 1, "SHUT": 2}
    e2 = enum("shop.order.State", ["SHUT", "PAUSED"])
    numbered, lock, diagnostics = apply_lock(project(e2), lock, LOCK)
    assert diagnostics == []
    assert numbers_of(numbered, e.name) == {"SHUT": 2, "PAUSED": 3}
    assert lock.types[e.name] == TypeLock("enum", {"SHUT": 2, "PAUSED": 3}, {1}, {"OPEN"})


def test_renamed_type_takes_over_its_lock_entry() -> None:
    p = project(rec("shop.order.Purchase", [f("id", s("string"), 2)], renamed_from=("Order",)))
    numbered, lock, diagnostics = apply_lock(p, locked({"id": 4}), LOCK)
    assert diagnostics == []
    assert numbers_of(numbered, "shop.order.Purchase") == {"id": 4}
    assert sorted(lock.types) == ["shop.order.Purchase"]


def test_removed_type_keeps_its_entry() -> None:
    p = project(rec("shop.order.Other", [f("x", s("string"), 2)]))
    _, lock, _ = apply_lock(p, locked({"id": 1}), LOCK)
    assert sorted(lock.types) == [ORDER, "shop.order.Other"]


def test_apply_is_idempotent() -> None:
    p = order(f("a", s("string"), 2), f("b", s("string"), 3))
    once, lock, _ = apply_lock(p, locked({"a": 1, "gone": 2}), LOCK)
    twice, lock2, diagnostics = apply_lock(p, lock, LOCK)
    assert diagnostics == []
    assert (twice, lock2) == (once, lock)


# ---------------------------------------------------------------------------------------------
# The file
# ---------------------------------------------------------------------------------------------

EXPECTED_TEXT = """\
# Generated by `stele lock` (also run by `stele generate`). Commit this file.
# It keeps Protobuf field, enum and variant numbers stable across reorders, renames and
# removals. Edit it only to delete an entry whose renumbering is an acknowledged break.
version: 1
types:
  shop.order.Order:
    fields:
      id: 1
      b_field: 3
    reserved_numbers: [2, 9]
    reserved_names: [gone, old]
  shop.order.Pay:
    variants: {}
  shop.order.State:
    symbols:
      OPEN: 1
"""


def sample_lock() -> LockFile:
    return LockFile(
        {
            "shop.order.State": TypeLock("enum", {"OPEN": 1}),
            "shop.order.Pay": TypeLock("union"),
            ORDER: TypeLock("record", {"b_field": 3, "id": 1}, {9, 2}, {"old", "gone"}),
        }
    )


def test_dump_is_sorted_and_round_trips(tmp_path: Path) -> None:
    text = dump_lock(sample_lock())
    assert text == EXPECTED_TEXT
    path = tmp_path / "stele.lock"
    path.write_text(text, encoding="utf-8")
    assert read_lock(path) == sample_lock()
    assert dump_lock(read_lock(path)) == text


def test_empty_and_missing_lock(tmp_path: Path) -> None:
    assert read_lock(tmp_path / "absent.lock") == LockFile()
    empty = dump_lock(LockFile())
    assert empty.endswith("version: 1\ntypes: {}\n")
    (tmp_path / "e.lock").write_text(empty, encoding="utf-8")
    assert read_lock(tmp_path / "e.lock") == LockFile()


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("- 1\n", 1, 1, "expected a mapping with 'version' and 'types'"),
        ("version: 2\ntypes: {}\n", 1, 10, "expected 'version: 1'"),
        ("version: 1\nkinds: {}\n", 2, 1, "unknown key 'kinds'"),
        ("version: 1\ntypes:\n  a.B:\n    fields: {x: one}\n", 4, 17, "expected an integer"),
        (
            "version: 1\ntypes:\n  a.B:\n    fields: {}\n    symbols: {}\n",
            4,
            5,
            "expected exactly one of 'fields', 'symbols', 'variants'",
        ),
        ("version: 1\ntypes:\n  a.B:\n    fields: {}\n    extra: 1\n", 5, 5, "unknown key 'extra'"),
        (
            "version: 1\ntypes:\n  a.B:\n    fields: {}\n    reserved_numbers: 3\n",
            5,
            23,
            "expected a list",
        ),
    ],
)
def test_corrupt_lock_is_a_located_error(
    tmp_path: Path, text: str, line: int, column: int, message: str
) -> None:
    path = tmp_path / "stele.lock"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SteleError) as caught:
        read_lock(path)
    assert codes(caught.value.diagnostics) == [
        ("S125", line, column, f"malformed lock file: {message}")
    ]
    assert caught.value.diagnostics[0].span.path == str(path)


def test_a_directory_in_place_of_the_lock_is_s125(tmp_path: Path) -> None:
    path = tmp_path / "stele.lock"
    path.mkdir()
    with pytest.raises(SteleError) as caught:
        read_lock(path, "compat/stele.lock")
    assert codes(caught.value.diagnostics) == [
        ("S125", 1, 1, "malformed lock file: it cannot be read")
    ]
    assert caught.value.exit_code == 2


def test_yaml_syntax_error_in_lock_is_located(tmp_path: Path) -> None:
    path = tmp_path / "stele.lock"
    path.write_text("version: 1\ntypes: {a: [\n", encoding="utf-8")
    with pytest.raises(SteleError) as caught:
        read_lock(path)
    assert [(d.code, d.span.line) for d in caught.value.diagnostics] == [("S001", 3)]


def test_rename_and_removal_through_yaml_contracts(tmp_path: Path) -> None:
    from stele.source.loader import load_project

    contract = tmp_path / "order.yaml"
    contract.write_text(
        "package: shop.order\ntypes:\n  Order:\n    fields:\n      id: string\n"
        "      note: string\n      legacy: string\n",
        encoding="utf-8",
    )
    _, lock, diagnostics = apply_lock(load_project([contract], tmp_path), LockFile(), LOCK)
    assert diagnostics == []
    contract.write_text(
        "package: shop.order\ntypes:\n  Order:\n    fields:\n      extra: int32\n"
        "      customer_note: {type: string, renamed_from: [note]}\n      id: string\n",
        encoding="utf-8",
    )
    numbered, lock, diagnostics = apply_lock(load_project([contract], tmp_path), lock, LOCK)
    assert diagnostics == []
    assert numbers_of(numbered) == {"extra": 4, "customer_note": 2, "id": 1}
    assert lock == locked(
        {"id": 1, "customer_note": 2, "extra": 4}, reserved_numbers={3}, reserved_names={"legacy"}
    )
    contract.write_text(
        "package: shop.order\ntypes:\n  Order:\n    fields:\n      id: string\n"
        "      legacy: {type: string, number: 3}\n",
        encoding="utf-8",
    )
    _, _, diagnostics = apply_lock(load_project([contract], tmp_path), lock, LOCK)
    assert codes(diagnostics) == [("S123", 6, 7, f"name 'legacy' is reserved in {ORDER}")]
    assert diagnostics[0].span.path == "order.yaml"
