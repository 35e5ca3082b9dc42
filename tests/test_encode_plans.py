"""The encoding layer's compiled converters: recursive types, union bodies, and the quick text
paths (timestamps, dates, uuids) agree exactly with the canonical text functions."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from stele.encode import Codecs, DecodeError
from stele.ir import Ref, Value
from stele.mapping.avro_scalars import timestamp_from_text, timestamp_text
from stele.mapping.avro_values import to_avro_value
from stele.mapping.canonical_text import format_timestamp, parse_timestamp, timestamp_from_micros
from stele.source.config_reader import load_config
from stele.workspace import open_workspace

CONTRACT = """\
package: tree
types:
  Node:
    fields:
      label: {type: string, number: 1}
      children: {type: "list<Node>", number: 2}
      parent: {type: Node?, number: 3}
      at: {type: timestamp?, number: 4}
  Leaf:
    fields:
      id: {type: uuid, number: 1}
  Empty:
    fields: {}
  Shape:
    union:
      leaf: Leaf
      empty: Empty
  Holder:
    fields:
      shape: {type: Shape, number: 1}
      day: {type: date, number: 2}
  Labels:
    fields:
      tags: {type: "map<string,string>", number: 1}
  Price:
    fields:
      amount: {type: "decimal(6,2)", number: 1}
  Size:
    enum: [SMALL, LARGE]
"""


@pytest.fixture(scope="module")
def codecs(tmp_path_factory: pytest.TempPathFactory) -> Codecs:
    root = tmp_path_factory.mktemp("plans")
    (root / "contracts").mkdir()
    (root / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    (root / "contracts" / "tree.yaml").write_text(CONTRACT, encoding="utf-8")
    return Codecs.from_workspace(open_workspace(load_config(root / "stele.yaml")))


TREE: Value = {
    "label": "root",
    "children": [
        {"label": "a", "children": [{"label": "a1", "children": []}]},
        {"label": "b", "children": [], "at": "2026-11-25T12:30:00.250Z"},
    ],
    "parent": {"label": "up", "children": []},
}


@pytest.mark.parametrize("fmt", ["protobuf", "avro"])
def test_a_recursive_record_round_trips(codecs: Codecs, fmt: str) -> None:
    codec = codecs[fmt]
    assert codec.decode("tree.Node", codec.encode("tree.Node", TREE)) == TREE


@pytest.mark.parametrize("fmt", ["protobuf", "avro"])
def test_union_bodies_round_trip_including_an_empty_variant(codecs: Codecs, fmt: str) -> None:
    codec = codecs[fmt]
    leaf: dict[str, Value] = {
        "shape": {"type": "leaf", "id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11"}
    }
    empty: dict[str, Value] = {"shape": {"type": "empty"}}
    for value in ({**leaf, "day": "2026-02-28"}, {**empty, "day": "0001-01-01"}):
        assert codec.decode("tree.Holder", codec.encode("tree.Holder", value)) == value


def test_an_empty_variant_is_still_the_chosen_protobuf_branch(codecs: Codecs) -> None:
    value: Value = {"shape": {"type": "empty"}, "day": "2026-01-01"}
    data = codecs["protobuf"].encode("tree.Holder", value)
    # field 1 (shape), length 2: field 2 of the oneof (empty), length 0; then field 2 (day).
    assert data == b"\x0a\x02\x12\x00\x12\x0a2026-01-01"


def test_protobuf_map_entries_are_written_in_key_order(codecs: Codecs) -> None:
    # The runtime's own order follows a per-process hash seed: the same value would give
    # different bytes in every run.
    keys = [f"k{n:02d}" for n in random.Random(3).sample(range(40), 40)]
    data = codecs["protobuf"].encode("tree.Labels", {"tags": dict.fromkeys(keys, "v")})
    entry = b"\x0a\x08\x0a\x03%s\x12\x01v"
    assert data == b"".join(entry % f"k{n:02d}".encode() for n in range(40))


@pytest.mark.parametrize("fmt", ["protobuf", "avro"])
def test_errors_name_the_record_and_field(codecs: Codecs, fmt: str) -> None:
    codec = codecs[fmt]
    with pytest.raises(ValueError, match=r"tree\.Node: required field 'label' is missing"):
        codec.encode("tree.Node", {"label": "x", "children": [{"children": []}]})
    with pytest.raises(ValueError, match=r"tree\.Shape: 'round' is not a variant"):
        codec.encode("tree.Holder", {"shape": {"type": "round"}, "day": "2026-01-01"})


# Both binary codecs check the text forms the same way (Protobuf carries them as strings).
BAD_TEXT = [
    ("tree.Leaf", {"id": "0b8e6a51-5b2c-4e0e-9d9a"}, "badly formed hexadecimal UUID string"),
    ("tree.Holder", {"shape": {"type": "empty"}, "day": "2026-02-30"}, "day is out of range"),
    ("tree.Holder", {"shape": {"type": "empty"}, "day": "25/11/2026"}, "is not a date"),
    ("tree.Price", {"amount": "9.505"}, r"'9\.505' does not fit decimal\(6,2\)"),
    ("tree.Price", {"amount": "12345.5"}, r"does not fit decimal\(6,2\)"),
    ("tree.Price", {"amount": "nine"}, "'nine' is not a decimal number"),
]


@pytest.mark.parametrize("fmt", ["protobuf", "avro"])
@pytest.mark.parametrize(("type_name", "value", "message"), BAD_TEXT)
def test_malformed_text_scalars_are_refused_by_both_codecs(
    codecs: Codecs, fmt: str, type_name: str, value: dict[str, Value], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        codecs[fmt].encode(type_name, value)


def test_protobuf_writes_checked_text_scalars_as_given(codecs: Codecs) -> None:
    codec = codecs["protobuf"]
    # 1 (amount), length 3, then the text itself: not brought to the scale.
    assert codec.encode("tree.Price", {"amount": "9.5"}) == b"\x0a\x039.5"
    upper: Value = {"id": "0B8E6A51-5B2C-4E0E-9D9A-3F1F3A1A0C11"}
    assert codec.decode("tree.Leaf", codec.encode("tree.Leaf", upper)) == upper


def test_protobuf_refuses_an_enum_type_with_a_value_error(codecs: Codecs) -> None:
    codec = codecs["protobuf"]
    with pytest.raises(ValueError, match=r"tree\.Size is an enum, not a message") as raised:
        codec.encode("tree.Size", "SMALL")
    assert type(raised.value) is ValueError
    with pytest.raises(DecodeError, match=r"tree\.Size is an enum, not a message"):
        codec.decode("tree.Size", b"\x08\x01")


def test_uuids_are_normalised_for_avro(codecs: Codecs) -> None:
    project = codecs.project
    for text in (
        "0B8E6A51-5B2C-4E0E-9D9A-3F1F3A1A0C11",
        "{0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11}",
        "0b8e6a515b2c4e0e9d9a3f1f3a1a0c11",
        "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11",
    ):
        written = to_avro_value(project, Ref("tree.Leaf"), {"id": text})
        assert written == {"id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11"}
    with pytest.raises(ValueError, match="badly formed hexadecimal UUID string"):
        to_avro_value(project, Ref("tree.Leaf"), {"id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c1"})


TIMESTAMPS = [
    "2026-11-25T12:30:00Z",
    "2026-11-25T12:30:00.5Z",
    "2026-11-25T12:30:00.1234Z",
    "2026-11-25T12:30:00.123456Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
    "2026-11-25T14:30:00.5+02:00",
    "2026-11-25T00:30:00-00:30",
    "2024-02-29T00:00:00Z",
]
BAD_TIMESTAMPS = [
    "2026-02-29T00:00:00Z",
    "2026-11-25T24:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-11-25T12:30:00.1234567Z",
    "2026-11-25t12:30:00z",
    "2026-11-25 12:30:00Z",
    "2026-11-25T12:30Z",
    "\u0662026-11-25T12:30:00Z",  # an Arabic-Indic digit: the regex of parse_timestamp takes it
]


@pytest.mark.parametrize("text", TIMESTAMPS + BAD_TIMESTAMPS)
def test_timestamp_from_text_is_parse_timestamp(text: str) -> None:
    try:
        expected: object = parse_timestamp(text)
    except ValueError as exc:
        expected = str(exc)
    try:
        got: object = timestamp_from_text(text)
    except ValueError as exc:
        got = str(exc)
    assert got == expected
    if isinstance(got, dt.datetime):
        assert got.tzinfo is dt.UTC


def test_timestamp_text_is_format_timestamp() -> None:
    rng = random.Random(5)
    low, high = -62_135_596_800 * 10**6, 253_402_300_799 * 10**6
    for _ in range(5000):
        micros = rng.choice(
            (rng.randrange(low, high), rng.randrange(0, 10**15) // 1000 * 1000, 10**6 * 7)
        )
        moment = timestamp_from_micros(micros)
        assert timestamp_text(moment) == format_timestamp(moment)
        elsewhere = moment.astimezone(dt.timezone(dt.timedelta(hours=-3)))
        if elsewhere.year > 1:
            assert timestamp_text(elsewhere) == format_timestamp(moment)
