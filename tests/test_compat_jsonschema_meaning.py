"""What stele's JSON Schemas mean to their readers, as the JSON Schema checker judges it.

The change corpus (`tests/contract_changes/`) proves these verdicts with real consumers; here
each is pinned on small schemas with exact findings: formats asserted by readers, the decimal
patterns stele generates compared by their digits (and checked against the regular expressions
themselves), a `$ref` target file renamed, and a property every writer writes although it is
not `required` (`x-stele-always-written`).
"""

from __future__ import annotations

import itertools
import json
import re

import pytest

from stele.compat.jsonschema import (
    CHECKER,
    MODEL_FORMATS,
    VALIDATOR_FORMATS,
    compare_schemas,
    load_documents,
)
from stele.compat.jsonschema.decimals import decimal_digits
from stele.compat.model import Direction
from stele.values import decimal_pattern

B, F = Direction.BACKWARD, Direction.FORWARD
Row = tuple[str, str, str, str]


def _one(old: object, new: object, direction: Direction, formats: frozenset[str]) -> list[Row]:
    o = load_documents({"s.json": json.dumps(old).encode()})
    n = load_documents({"s.json": json.dumps(new).encode()})
    found = compare_schemas(
        o.root("s.json"),
        n.root("s.json"),
        direction,
        old_resolver=o,
        new_resolver=n,
        formats=formats,
    )
    return [(f.rule, f.severity.value, f.subject, f.message) for f in found]


def _checked(old: dict[str, object], new: dict[str, object], direction: Direction) -> list[Row]:
    def load(files: dict[str, object]) -> object:
        return CHECKER.load({k: json.dumps(v).encode() for k, v in files.items()})

    found = CHECKER.check(load(old), load(new), direction)
    return [(f.rule, f.severity.value, f.subject, f.message) for f in found]


# -- formats ------------------------------------------------------------------------------

S = {"type": "string"}
ASSERTED = " (asserted: strings of another form are rejected)"


def test_the_readers_formats() -> None:
    assert {"date-time", "date", "uuid"} == VALIDATOR_FORMATS
    assert VALIDATOR_FORMATS | {"duration"} == MODEL_FORMATS


@pytest.mark.parametrize(
    ("old", "new", "direction", "expected"),
    [
        (S, {**S, "format": "uuid"}, B, ("json-format-added", "error", "format added: 'uuid'")),
        (S, {**S, "format": "uuid"}, F, None),
        ({**S, "format": "date"}, S, F, ("json-format-removed", "error", "format removed: 'date'")),
        ({**S, "format": "date"}, S, B, None),
        (
            {**S, "format": "date"},
            {**S, "format": "date-time"},
            B,
            ("json-format-changed", "error", "format changed from 'date' to 'date-time'"),
        ),
        (
            {**S, "format": "date"},
            {**S, "format": "date-time"},
            F,
            ("json-format-changed", "error", "format changed from 'date' to 'date-time'"),
        ),
    ],
)
def test_an_asserted_format_the_writer_lacks_is_an_error(
    old: object, new: object, direction: Direction, expected: tuple[str, str, str] | None
) -> None:
    found = _one(old, new, direction, VALIDATOR_FORMATS)
    if expected is None:
        assert found == []
    else:
        rule, severity, message = expected
        assert found == [(rule, severity, "s.json#", message + ASSERTED)]


def test_duration_is_asserted_by_the_models_only() -> None:
    old, new = {**S, "format": "duration"}, S
    assert _one(old, new, F, MODEL_FORMATS) == [
        ("json-format-removed", "error", "s.json#", "format removed: 'duration'" + ASSERTED)
    ]
    assert _one(old, new, F, VALIDATOR_FORMATS) == [
        ("json-format-removed", "warning", "s.json#", "format removed: 'duration'")
    ]


def test_a_format_no_reader_asserts_cannot_be_proven() -> None:
    assert _one(S, {**S, "format": "email"}, B, MODEL_FORMATS) == [
        ("json-format-added", "warning", "s.json#", "format added: 'email'")
    ]
    assert _one({**S, "format": "uuid"}, {**S, "format": "email"}, B, MODEL_FORMATS) == [
        ("json-format-changed", "warning", "s.json#", "format changed from 'uuid' to 'email'")
    ]


# -- decimal patterns ---------------------------------------------------------------------

GRID = [(p, s) for p in range(1, 7) for s in range(0, p + 1)]


@pytest.mark.parametrize(
    ("precision", "scale", "pattern"),
    [
        (4, 4, "^-?0(\\.[0-9]{1,4})?$"),
        (5, 4, "^-?[0-9](\\.[0-9]{1,4})?$"),
        (1, 0, "^-?[0-9]$"),
        (6, 4, "^-?(0|[1-9][0-9]{0,1})(\\.[0-9]{1,4})?$"),
    ],
)
def test_a_decimal_with_at_most_one_integer_digit_has_a_clean_pattern(
    precision: int, scale: int, pattern: str
) -> None:
    """decimal(5,4) was `(0|[1-9][0-9]{0,0})`: one digit is `[0-9]`."""
    assert decimal_pattern(precision, scale) == pattern


def test_every_generated_decimal_pattern_is_recognised() -> None:
    for p, s in [*GRID, (18, 2), (20, 4), (38, 10), (38, 0), (38, 38)]:
        assert decimal_digits(decimal_pattern(p, s)) == (p - s, s)


@pytest.mark.parametrize(
    "pattern",
    [
        "^[A-Z]+$",
        "^-?(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})$",  # the fraction is not optional
        "^-?(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?",  # no end anchor
        "^(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?$",  # no sign
        "^-?(0|[1-9][0-9]{0,15})(\\.[0-9]{1,0})?$",  # zero fraction digits is written without
        "^-?(0|[1-9][0-9]{0,99999})(\\.[0-9]{1,2})?$",
        "^-?(0|[1-9][0-9]{0,0})(\\.[0-9]{1,4})?$",  # one digit is written [0-9]
        "^-?[1-9](\\.[0-9]{1,4})?$",
        7,
    ],
)
def test_other_patterns_are_not_decimals(pattern: object) -> None:
    assert decimal_digits(pattern) is None


def _longest(p: int, s: int) -> list[str]:
    """The strings of decimal(p,s) with the most digits: they decide every inclusion."""
    integer = "9" * (p - s) if p > s else "0"
    values = [integer, "-" + integer]
    if s:
        values += [f"{integer}.{'9' * s}", f"0.{'1' * s}"]
    return values


def test_decimal_verdicts_agree_with_the_regular_expressions() -> None:
    """On every pair of a grid of decimal(p,s), the checker's verdict in both directions is
    exactly whether the writer's longest strings match the reader's pattern."""
    checked = 0
    for (op, os_), (np_, ns) in itertools.product(GRID, GRID):
        old = {**S, "pattern": decimal_pattern(op, os_)}
        new = {**S, "pattern": decimal_pattern(np_, ns)}
        for direction, (wp, ws), reader in ((B, (op, os_), new), (F, (np_, ns), old)):
            matches = all(re.search(reader["pattern"], v) for v in _longest(wp, ws))
            found = _one(old, new, direction, VALIDATOR_FORMATS)
            assert (found == []) == matches, (op, os_, np_, ns, direction, found)
            assert all(f[1] == "error" for f in found)
            checked += 1
    assert checked == 2 * len(GRID) ** 2


def test_decimal_findings_name_the_digits() -> None:
    old = {**S, "pattern": decimal_pattern(18, 2)}
    new = {**S, "pattern": decimal_pattern(20, 4)}
    assert _one(old, new, F, VALIDATOR_FORMATS) == [
        (
            "json-decimal-widened",
            "error",
            "s.json#",
            "decimal changed from decimal(18,2) to decimal(20,4): values with more than 2 "
            "fraction digits fail the old pattern",
        )
    ]
    assert _one(old, new, B, VALIDATOR_FORMATS) == []
    narrower = {**S, "pattern": decimal_pattern(10, 1)}
    assert _one(old, narrower, B, VALIDATOR_FORMATS) == [
        (
            "json-decimal-narrowed",
            "error",
            "s.json#",
            "decimal changed from decimal(18,2) to decimal(10,1): values with more than 9 "
            "integer digits or more than 1 fraction digit fail the new pattern",
        )
    ]


def test_a_foreign_pattern_change_stays_a_warning() -> None:
    old = {**S, "pattern": decimal_pattern(18, 2)}
    new = {**S, "pattern": "^[0-9]+$"}
    assert _one(old, new, B, VALIDATOR_FORMATS) == [
        (
            "json-pattern-changed",
            "warning",
            "s.json#",
            f"cannot prove compatibility: pattern changed from {old['pattern']!r} to '^[0-9]+$'",
        )
    ]


# -- a renamed $ref target ----------------------------------------------------------------

SIZE = {"type": "string", "enum": ["SMALL", "LARGE"]}


def _holder(target: str) -> dict[str, object]:
    return {"type": "object", "properties": {"size": {"$ref": target}}, "required": ["size"]}


def test_a_renamed_ref_target_is_compared_where_it_is_referenced() -> None:
    old = {"Item.json": _holder("Size.json"), "Size.json": SIZE}
    new = {"Item.json": _holder("Dimension.json"), "Dimension.json": SIZE}
    for direction in Direction:
        assert _checked(old, new, direction) == [
            (
                "json-schema-removed",
                "info",
                "Size.json#",
                "schema 'Size.json' removed; the references to it now point to "
                "'Dimension.json' (compared there: documents do not name their schema file)",
            )
        ]


def test_a_renamed_ref_target_that_changed_is_judged_by_its_content() -> None:
    old = {"Item.json": _holder("Size.json"), "Size.json": SIZE}
    smaller = {"type": "string", "enum": ["SMALL"]}
    new = {"Item.json": _holder("Dimension.json"), "Dimension.json": smaller}
    assert [row[:3] for row in _checked(old, new, B)] == [
        ("json-enum-value-removed", "error", "Size.json#"),
        ("json-schema-removed", "info", "Size.json#"),
    ]


def test_a_removed_schema_nothing_points_elsewhere_for_is_an_error() -> None:
    old = {"Item.json": _holder("Size.json"), "Size.json": SIZE, "Gone.json": SIZE}
    new = {"Item.json": _holder("Size.json"), "Size.json": SIZE}
    assert _checked(old, new, B) == [
        ("json-schema-removed", "error", "Gone.json#", "schema 'Gone.json' removed")
    ]


# -- x-stele-always-written ---------------------------------------------------------------


def _count(required: bool, mark: bool) -> dict[str, object]:
    prop: dict[str, object] = {"type": "integer", "default": 1}
    if mark:
        prop["x-stele-always-written"] = True
    schema: dict[str, object] = {"type": "object", "properties": {"count": prop}}
    if required:
        schema["required"] = ["count"]
    return schema


def test_a_property_every_writer_writes_need_not_be_required() -> None:
    """A required field given a default leaves `required` (readers default it) and is marked:
    writers still write it, so old readers that require it do not break."""
    old, new = _count(required=True, mark=False), _count(required=False, mark=True)
    note = " (the writer's schema marks it x-stele-always-written)"
    assert _one(old, new, F, VALIDATOR_FORMATS) == [
        (
            "json-required-removed",
            "warning",
            "s.json#/properties/count",
            "property 'count' is no longer required" + note,
        )
    ]
    assert _one(new, old, B, VALIDATOR_FORMATS) == [
        (
            "json-required-added",
            "warning",
            "s.json#/properties/count",
            "property 'count' became required" + note,
        )
    ]


def test_a_default_alone_does_not_make_a_property_written() -> None:
    old, new = _count(required=True, mark=False), _count(required=False, mark=False)
    assert _one(old, new, F, VALIDATOR_FORMATS) == [
        (
            "json-required-removed",
            "error",
            "s.json#/properties/count",
            "property 'count' is no longer required",
        )
    ]


def test_the_emitter_and_the_checker_name_the_same_mark() -> None:
    from stele.compat.jsonschema.objects import ALWAYS_WRITTEN
    from stele.emit.jsonschema import ALWAYS_WRITTEN as EMITTED

    assert EMITTED == ALWAYS_WRITTEN == "x-stele-always-written"
