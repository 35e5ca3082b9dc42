"""The map of JSON pointers to positions: the JSON scanner gives the map the YAML composer gives
(differential test), YAML and unreadable text, and the offsets of the core (`stele.span`)."""

from __future__ import annotations

import json
from typing import Any

from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from stele.compat.positions import LazyPositions, compose_positions, json_positions, key_positions
from stele.span import Lines, line_column

_KEYS = st.text(alphabet=st.sampled_from('ab~/"\\é\n '), max_size=4)
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _KEYS
_DOCS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=examples(300), deadline=None)
@given(doc=_DOCS, indent=st.sampled_from([None, 0, 2]), ascii_only=st.booleans())
def test_the_scanner_agrees_with_the_composer(
    doc: Any, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(doc, indent=indent, ensure_ascii=ascii_only)
    assert json_positions(text) == compose_positions(text)


def test_text_the_scanner_does_not_follow_is_left_to_the_composer() -> None:
    assert json_positions("{a: 1}") is None  # YAML flow mapping, not JSON
    assert json_positions('{"a": 1} {"b": 2}') is None


def test_key_positions_of_json_yaml_and_unreadable_text() -> None:
    json_text = '{\n  "a/b": [1, {"~c": 2}]\n}\n'
    expected = {
        "": (1, 1),
        "/a~1b": (2, 3),
        "/a~1b/0": (2, 11),
        "/a~1b/1": (2, 14),
        "/a~1b/1/~0c": (2, 15),
    }
    assert json_positions(json_text) == expected
    assert key_positions(json_text) == expected
    yaml_text = "a/b:\n  - 1\n  - ~c: 2\n"
    assert key_positions(yaml_text) == {
        "": (1, 1),
        "/a~1b": (1, 1),
        "/a~1b/0": (2, 5),
        "/a~1b/1": (3, 5),
        "/a~1b/1/~0c": (3, 5),
    }
    assert key_positions("a: [1\n") == {}  # does not compose: findings point at the top
    assert key_positions("") == {}


def test_lazy_positions_read_the_text_when_first_asked() -> None:
    lazy = LazyPositions('{"a": 1}')
    assert lazy._positions is None
    assert (lazy["/a"], len(lazy), list(lazy)) == ((1, 2), 2, ["", "/a"])


@given(text=st.text(alphabet=st.sampled_from("ab\n\r"), max_size=30), data=st.data())
def test_one_lookup_and_the_line_index_agree(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(min_value=0, max_value=len(text)))
    lines = Lines(text)
    expected = (text[:offset].count("\n") + 1, offset - (text[:offset].rfind("\n") + 1) + 1)
    assert line_column(text, offset) == lines.position(offset) == expected
