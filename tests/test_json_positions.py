"""The JSON key-position scanner gives the map the YAML composer gives (differential test)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from stele.compat.foreign_yaml import compose_positions
from stele.compat.json_positions import json_positions

_KEYS = st.text(alphabet=st.sampled_from('ab~/"\\é\n '), max_size=4)
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _KEYS
_DOCS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(doc=_DOCS, indent=st.sampled_from([None, 0, 2]), ascii_only=st.booleans())
def test_the_scanner_agrees_with_the_composer(
    doc: Any, indent: int | None, ascii_only: bool
) -> None:
    text = json.dumps(doc, indent=indent, ensure_ascii=ascii_only)
    assert json_positions(text) == compose_positions(text)


def test_text_the_scanner_does_not_follow_is_left_to_the_composer() -> None:
    assert json_positions("{a: 1}") is None  # YAML flow mapping, not JSON
    assert json_positions('{"a": 1} {"b": 2}') is None
