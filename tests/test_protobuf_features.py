"""Editions features as the Protobuf checker resolves them: each edition's defaults, explicit
values down the tree (file, message, field; enums), and the language features read back from
unknown fields."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stele.compat.protobuf import ProtobufChecker
from stele.compat.protobuf import _features as feat


@pytest.mark.parametrize(
    ("edition", "expected"),
    [
        (feat.EDITION_PROTO2, ("EXPLICIT", "CLOSED", "EXPANDED", "NONE", "LEGACY_BEST_EFFORT")),
        (feat.EDITION_PROTO3, ("IMPLICIT", "OPEN", "PACKED", "VERIFY", "ALLOW")),
        (1000, ("EXPLICIT", "OPEN", "PACKED", "VERIFY", "ALLOW")),
    ],
)
def test_edition_defaults_come_from_descriptor_proto(
    edition: int, expected: tuple[str, ...]
) -> None:
    resolved = feat.defaults(edition)
    names = ("field_presence", "enum_type", "repeated_field_encoding", "utf8_validation")
    assert tuple(feat.get(resolved, n) for n in (*names, "json_format")) == expected


def test_cpp_string_type_default_changes_in_2024() -> None:
    assert feat.get(feat.defaults(1000), feat.CPP_STRING_TYPE) == "STRING"
    assert feat.get(feat.defaults(feat.EDITION_2024), feat.CPP_STRING_TYPE) == "VIEW"


TREE = """edition = "2023";

package shop;

import "google/protobuf/cpp_features.proto";

option features.field_presence = IMPLICIT;
option features.enum_type = CLOSED;

message Order {
  option features.json_format = LEGACY_BEST_EFFORT;
  int32 qty = 1;
  int32 kept = 2 [features.field_presence = EXPLICIT];
  bytes blob = 3 [features.(pb.cpp).string_type = CORD];
  message Line {
    string sku = 1 [features.utf8_validation = NONE];
  }
  enum Status {
    STATUS_UNSPECIFIED = 0;
  }
  repeated int32 codes = 4 [features.repeated_field_encoding = EXPANDED];
}

enum Size {
  option features.enum_type = OPEN;
  SIZE_UNSPECIFIED = 0;
}
"""


def test_features_resolve_down_the_tree() -> None:
    schema = ProtobufChecker().load({"order.proto": TREE.encode()})
    order, line = schema.messages["shop.Order"], schema.messages["shop.Order.Line"]
    fields = {f.name: f for f in order.fields}
    assert (fields["qty"].presence, fields["kept"].presence) == ("implicit", "explicit")
    assert fields["blob"].string_type == "CORD"
    assert not fields["codes"].packed
    assert (order.json_format, line.json_format) == ("LEGACY_BEST_EFFORT", "LEGACY_BEST_EFFORT")
    assert line.fields[0].utf8 == "NONE"
    assert schema.enums["shop.Order.Status"].closed  # the file's CLOSED, through its message
    assert not schema.enums["shop.Size"].closed


@given(st.binary(max_size=64), st.integers(0, 20))
def test_reading_a_language_feature_never_fails(data: bytes, number: int) -> None:
    value = feat._varint_field(data, number)
    assert value is None or value >= 0
