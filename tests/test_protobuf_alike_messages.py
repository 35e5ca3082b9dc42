"""Messages declared alike on both sides of a changed file are left unpaired, their fields read
only when asked for, and that changes no finding.

A message with the same DescriptorProto on both sides, in files of the same syntax, edition,
package and options, whose enum fields name enums alike too, holds the same records on both
sides but for their locations (`_descriptors._alike_messages`). Each case below changes what
such a message's records depend on outside its own descriptor, or reads an alike message's
fields through another rule: diffed as `stele diff` does, it must give what each side loaded on
its own gives (nothing shared, nothing skipped), and find something.
"""

from __future__ import annotations

import pickle

import pytest

from stele.compat.model import Direction, Finding
from stele.compat.protobuf import ProtobufChecker, _pairing
from stele.compat.protobuf._decls import FieldDecl, LazyFields, ProtoSchema
from stele.compat.protobuf._descriptors import compile_with_source_info, index_sides
from stele.span import Span

CATEGORIES = ("wire", "wire_json", "package", "file")
DIRECTIONS = (Direction.BACKWARD, Direction.FORWARD)

EDITIONS = """edition = "2023";
package ed;
message Kept {
  int32 count = 1;
  string note = 2;
}
message Changed {
  int32 a = 1;
}
"""
PROTO2 = """syntax = "proto2";
package p2;
enum Level {
  LOW = 1;
  HIGH = 2;
}
message Reading {
  optional Level level = 1;
  optional int32 value = 2;
}
message Other {
  optional string name = 1;
}
"""
RENAMED = """syntax = "proto3";
package rn;
message Money {
  int64 units = 1;
}
message Cash {
  int64 units = 1;
}
message Order {
  Money total = 1;
}
"""
NESTED = """syntax = "proto3";
package ns;
message Holder {
  enum Mode {
    MODE_UNSPECIFIED = 0;
    MODE_A = 1;
  }
  Mode mode = 1;
  message Inner {
    Mode mode = 1;
  }
}
message User {
  Holder.Mode mode = 1;
  Holder.Inner inner = 2;
}
message Bump {
  int32 n = 1;
}
"""
ONEOFS = """syntax = "proto3";
package of;
message A {
  oneof pick {
    int32 x = 1;
    string y = 2;
  }
  optional int32 z = 3;
}
message B {
  oneof pick {
    int32 x = 1;
    string y = 2;
  }
  optional int32 z = 3;
}
message C {
  oneof other {
    int32 x = 1;
    string y = 2;
  }
  optional int32 z = 3;
}
message Holder {
  A a = 1;
}
"""
# name: (file, old text, new text): each keeps most messages' descriptors as they are.
CASES = {
    # Presence follows the file's features: Kept's fields change presence, not their text.
    "editions-file-feature": (
        "ed.proto",
        EDITIONS,
        EDITIONS.replace(
            "package ed;\n", "package ed;\noption features.field_presence = IMPLICIT;\n"
        ).replace("int32 a = 1;", "int32 a = 2;"),
    ),
    # An enum field's default is its enum's first value: Reading's own text is the same.
    "proto2-enum-default": (
        "p2.proto",
        PROTO2,
        PROTO2.replace("  LOW = 1;\n  HIGH = 2;\n", "  HIGH = 2;\n  LOW = 1;\n"),
    ),
    "proto2-enum-value-removed": ("p2.proto", PROTO2, PROTO2.replace("  HIGH = 2;\n", "")),
    # Order's field names another type that has the same fields: both types are alike, and
    # their fields are read to find that they encode alike.
    "renamed-type-alike-fields": (
        "rn.proto",
        RENAMED,
        RENAMED.replace("  Money total = 1;", "  Cash total = 1;"),
    ),
    # An enum nested in a changed message, named from other messages.
    "nested-enum-changed": ("ns.proto", NESTED, NESTED.replace("    MODE_A = 1;\n", "")),
    "nested-enum-kept": ("ns.proto", NESTED, NESTED.replace("int32 n = 1;", "int64 n = 1;")),
    # The renamed-type rule compares alike messages' oneofs too (a proto3 optional field's
    # synthetic oneof left out): B's are A's, C's are not.
    "renamed-type-same-oneofs": ("of.proto", ONEOFS, ONEOFS.replace("  A a = 1;", "  B a = 1;")),
    "renamed-type-other-oneofs": ("of.proto", ONEOFS, ONEOFS.replace("  A a = 1;", "  C a = 1;")),
    "java-utf8-option": (
        "p2.proto",
        PROTO2,
        PROTO2.replace("package p2;\n", "package p2;\noption java_string_check_utf8 = true;\n"),
    ),
}


def _checked(old: dict[str, bytes], new: dict[str, bytes], category: str) -> list[Finding]:
    """Diffed as `stele diff` does: both sides indexed together, alike messages skipped."""
    compiled = [compile_with_source_info(files, set(files)) for files in (old, new)]
    old_schema, new_schema = index_sides(compiled[0], set(old), compiled[1], set(new))
    checker = ProtobufChecker(category)
    return [f for d in DIRECTIONS for f in checker.check(old_schema, new_schema, d)]


def _loaded(old: dict[str, bytes], new: dict[str, bytes], category: str) -> list[Finding]:
    checker = ProtobufChecker(category)
    old_schema, new_schema = checker.load(old), checker.load(new)
    return [f for d in DIRECTIONS for f in checker.check(old_schema, new_schema, d)]


@pytest.mark.parametrize("case", sorted(CASES))
def test_alike_messages_change_no_finding(case: str) -> None:
    name, before, after = CASES[case]
    assert before != after
    old, new = {name: before.encode()}, {name: after.encode()}
    found_any = False
    for category in CATEGORIES:
        _pairing.pair.cache_clear()
        checked = _checked(old, new, category)
        _pairing.pair.cache_clear()
        assert checked == _loaded(old, new, category), category
        found_any = found_any or bool(checked)
    _pairing.pair.cache_clear()
    assert found_any


def _indexed(case: str) -> tuple[ProtoSchema, ProtoSchema]:
    name, before, after = CASES[case]
    old, new = {name: before.encode()}, {name: after.encode()}
    compiled = [compile_with_source_info(files, set(files)) for files in (old, new)]
    return index_sides(compiled[0], set(old), compiled[1], set(new))


def test_which_messages_are_alike() -> None:
    old, new = _indexed("proto2-enum-default")
    assert old.alike == new.alike == {"p2.Other"}
    old, new = _indexed("nested-enum-kept")
    assert old.alike == {"ns.Holder", "ns.Holder.Inner", "ns.User"}
    old, new = _indexed("nested-enum-changed")
    assert old.alike == {"ns.Bump"}
    old, new = _indexed("editions-file-feature")
    assert old.alike == frozenset()
    old, new = _indexed("renamed-type-same-oneofs")
    assert old.alike == {"of.A", "of.B", "of.C"}
    assert new.messages["of.B"].oneofs == ("pick",)


def test_an_alike_messages_fields_are_read_when_asked_for() -> None:
    old, new = _indexed("nested-enum-kept")
    user = new.messages["ns.User"]
    assert isinstance(user.fields, LazyFields)
    assert user.fields._read is not None  # not read by indexing or pairing
    holder = new.messages["ns.Holder"]
    assert holder.oneofs == () and new.messages["ns.Bump"].oneofs == ()
    _pairing.pair.cache_clear()
    _pairing.pair(old, new)
    _pairing.pair.cache_clear()
    assert user.fields._read is not None
    assert [(f.name, f.number, f.type_name) for f in user.fields] == [
        ("mode", 1, "ns.Holder.Mode"),
        ("inner", 2, "ns.Holder.Inner"),
    ]
    assert user.fields._read is None
    assert user.fields[1].location.line == 15


def test_lazy_fields_behave_as_their_tuple() -> None:
    field = FieldDecl(
        "m", "a", 1, "a", "int32", "", "singular", "implicit", "", False, Span("m.proto", 3, 5)
    )  # fmt: skip
    lazy = LazyFields(lambda: (field,))
    assert lazy == (field,) and (field,) == lazy and lazy == LazyFields(lambda: (field,))
    assert lazy != (field, field) and lazy != [field]
    assert hash(lazy) == hash((field,))
    assert len(lazy) == 1 and lazy[0] is field and lazy[:1] == (field,) and list(lazy) == [field]
    assert pickle.loads(pickle.dumps(lazy)) == (field,)
    assert repr(lazy) == repr((field,))
    assert field in lazy and LazyFields(lambda: ("a", "b")) == ("a", "b")
