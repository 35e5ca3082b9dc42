"""Type expressions: a decimal without its precision and scale says how to write one."""

from __future__ import annotations

import pytest

from stele.ir import Decimal
from stele.source.typeexpr import TypeSyntaxError, parse_type

HINT = (
    "write decimal(P,S), e.g. decimal(12,2) or decimal(12,2)?; inside {...} quote it: "
    '{type: "decimal(12,2)"}'
)


@pytest.mark.parametrize(
    ("text", "message", "offset"),
    [
        ("decimal?", "decimal takes a precision and a scale: expected '(' but found '?'", 7),
        (
            "decimal",
            "decimal takes a precision and a scale: expected '(' but found 'end of text'",
            7,
        ),
        ("decimal(12)", "decimal takes a precision and a scale: expected ',' but found ')'", 10),
        ("decimal(x,2)", "decimal takes a precision and a scale: expected a number", 8),
    ],
)
def test_a_decimal_without_precision_and_scale(text: str, message: str, offset: int) -> None:
    with pytest.raises(TypeSyntaxError) as raised:
        parse_type(text)
    assert (raised.value.message, raised.value.offset, raised.value.hint) == (message, offset, HINT)


def test_a_decimal_with_precision_and_scale() -> None:
    parsed = parse_type("decimal(12, 2)?")
    assert (parsed.type, parsed.optional) == (Decimal(12, 2), True)
