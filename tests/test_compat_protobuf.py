"""The Protobuf checker against buf and against the real codec.

1. Differential: for each edit of a base schema, stele's verdict per category (an error in
   either direction) must equal `buf breaking`'s verdict with the matching category, except
   for the deliberate differences listed in DELIBERATE (documented in docs/compat-protobuf.md).
2. "Compatible implies decodes": for every edit stele calls wire-compatible in BACKWARD, messages
   built with the OLD descriptors and filled with generated values parse with the NEW ones, and
   fields whose number and type are unchanged keep their values.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.compat.model import Direction
from stele.compat.protobuf import CATEGORIES, ProtobufChecker
from stele.compat.protobuf._descriptors import compile_with_source_info
from stele.diagnostics import Severity, SteleError

BASE = """syntax = "proto3";

package shop;

message Order {
  string id = 1;
  int32 qty = 2;
  string note = 3;
  bytes blob = 4;
  repeated string tags = 5;
  Size size = 6;
  oneof payment {
    string card = 7;
    string cash = 8;
  }
  sint32 delta = 9;
  fixed32 code = 10;
  Item item = 11;
  map<string, int32> counts = 12;
  reserved 20 to 22;
  reserved "legacy";
}

message Item {
  string sku = 1;
}

message Unused {
  string id = 1;
}

enum Size {
  SIZE_UNSPECIFIED = 0;
  SIZE_SMALL = 1;
  SIZE_LARGE = 2;
}

enum Spare {
  SPARE_UNSPECIFIED = 0;
}

service OrderService {
  rpc Get(Item) returns (Order);
  rpc Watch(Item) returns (stream Order);
}

service AdminService {
  rpc Purge(Item) returns (Item);
}
"""


def _swap(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


NO_NOTE = "  string note = 3;\n"
# name -> an edit of BASE. Each is a single change a schema author might make.
EDITS: dict[str, Callable[[str], str]] = {
    "field-added": _swap("  int32 qty = 2;\n", "  int32 qty = 2;\n  int64 total = 13;\n"),
    "field-removed": _swap(NO_NOTE, ""),
    "field-removed-number-reserved": _swap(NO_NOTE, "  reserved 3;\n"),
    "field-removed-both-reserved": _swap(NO_NOTE, '  reserved 3;\n  reserved "note";\n'),
    "field-renamed": _swap("string note = 3", "string remark = 3"),
    "field-json-name": _swap("string note = 3", 'string note = 3 [json_name = "comment"]'),
    "field-number-changed": _swap("string note = 3", "string note = 14"),
    "int32-to-int64": _swap("int32 qty", "int64 qty"),
    "int32-to-uint32": _swap("int32 qty", "uint32 qty"),
    "int32-to-bool": _swap("int32 qty", "bool qty"),
    "int32-to-string": _swap("int32 qty", "string qty"),
    "int32-to-sint32": _swap("int32 qty", "sint32 qty"),
    "sint32-to-sint64": _swap("sint32 delta", "sint64 delta"),
    "fixed32-to-sfixed32": _swap("fixed32 code", "sfixed32 code"),
    "fixed32-to-float": _swap("fixed32 code", "float code"),
    "string-to-bytes": _swap("string note", "bytes note"),
    "bytes-to-string": _swap("bytes blob", "string blob"),
    "enum-to-int32": _swap("Size size", "int32 size"),
    "message-to-bytes": _swap("Item item", "bytes item"),
    "message-type-changed": _swap("Item item", "Unused item"),
    # Order.item's type renamed to a copy that encodes alike (the wire and JSON carry no names)
    "message-type-renamed": lambda text: _swap("Item item", "Article item")(
        _swap("message Unused {", "message Article {\n  string sku = 1;\n}\n\nmessage Unused {")(
            text
        )
    ),
    "map-value-widened": _swap("map<string, int32>", "map<string, int64>"),
    "singular-to-repeated": _swap("int32 qty", "repeated int32 qty"),
    "repeated-string-to-singular": _swap("repeated string tags", "string tags"),
    "optional-added": _swap("string note", "optional string note"),
    "into-new-oneof": _swap(NO_NOTE, "  oneof remark {\n    string note = 3;\n  }\n"),
    "out-of-oneof": _swap("    string cash = 8;\n  }\n", "  }\n  string cash = 8;\n"),
    "enum-value-added": _swap("  SIZE_LARGE = 2;\n", "  SIZE_LARGE = 2;\n  SIZE_HUGE = 3;\n"),
    "enum-value-removed": _swap("  SIZE_LARGE = 2;\n", ""),
    "enum-value-removed-reserved": _swap(
        "  SIZE_LARGE = 2;\n", '  reserved 2;\n  reserved "SIZE_LARGE";\n'
    ),
    "enum-value-renamed": _swap("SIZE_SMALL = 1", "SIZE_S = 1"),
    "enum-value-number-changed": _swap("SIZE_LARGE = 2", "SIZE_LARGE = 3"),
    "message-removed": _swap("message Unused {\n  string id = 1;\n}\n\n", ""),
    "enum-removed": _swap("enum Spare {\n  SPARE_UNSPECIFIED = 0;\n}\n\n", ""),
    "rpc-removed": _swap("  rpc Watch(Item) returns (stream Order);\n", ""),
    "service-removed": _swap(
        "\nservice AdminService {\n  rpc Purge(Item) returns (Item);\n}\n", ""
    ),
    "rpc-streaming-changed": _swap("returns (stream Order)", "returns (Order)"),
    "rpc-request-changed": _swap("rpc Get(Item)", "rpc Get(Unused)"),
    "reserved-range-shrunk": _swap("reserved 20 to 22;", "reserved 20 to 21;"),
    "reserved-number-reused": _swap(
        "reserved 20 to 22;", "reserved 21 to 22;\n  int32 recycled = 20;"
    ),
    "reserved-name-reused": _swap('  reserved "legacy";\n', "  int32 legacy = 23;\n"),
    "package-changed": _swap("package shop;", "package shop.v2;"),
}
# note leaves its place and joins the existing oneof `payment`
EDITS["into-existing-oneof"] = lambda text: _swap(
    "    string cash = 8;\n", "    string cash = 8;\n    string note = 3;\n"
)(_swap(NO_NOTE, "")(text))

BUF_CATEGORY = {"wire": "WIRE", "wire_json": "WIRE_JSON", "package": "PACKAGE", "file": "FILE"}

# Deliberate differences: (edit, category) -> stele's verdict ("breaking" or "compatible") and
# why. Each is written up in docs/compat-protobuf.md ("Deliberate differences from buf").
DELIBERATE: dict[tuple[str, str], tuple[str, str]] = {
    **{
        (edit, cat): ("breaking", "old clients calling a removed rpc or service get UNIMPLEMENTED")
        for edit in ("rpc-removed", "service-removed")
        for cat in ("wire", "wire_json")
    },
    **{
        (edit, "wire"): ("compatible", "the language guide lists the pair as wire-compatible")
        for edit in (
            "bytes-to-string",
            "enum-to-int32",
            "message-to-bytes",
            "repeated-string-to-singular",
        )
    },
    **{
        (edit, cat): ("compatible", "the language guide allows these oneof moves")
        for edit in ("into-new-oneof", "out-of-oneof")
        for cat in ("wire", "wire_json")
    },
    ("reserved-name-reused", "wire"): ("compatible", "names are not on the binary wire"),
    **{
        ("message-type-renamed", cat): (
            "compatible",
            "a renamed message type that encodes alike: no message names on the wire or in JSON",
        )
        for cat in ("wire", "wire_json")
    },
}


def _buf() -> str:
    found = shutil.which("buf") or str(Path(sys.executable).parent / "buf")
    if not Path(found).exists():
        pytest.skip("the buf binary is not installed")
    return found


def _buf_breaking(tmp: Path, old: str, new: str, category: str) -> list[str]:
    for side, text in (("old", old), ("new", new)):
        folder = tmp / category / side
        folder.mkdir(parents=True)
        (folder / "order.proto").write_text(text)
        (folder / "buf.yaml").write_text(
            f"version: v2\nbreaking:\n  use:\n    - {BUF_CATEGORY[category]}\n"
        )
    run = subprocess.run(
        [_buf(), "breaking", "new", "--against", "old", "--error-format", "json"],
        cwd=tmp / category,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 100), run.stderr
    return sorted({json.loads(line)["type"] for line in run.stdout.splitlines() if line})


def _stele_breaking(old: str, new: str, category: str) -> list[str]:
    checker = ProtobufChecker(category)
    old_schema = checker.load({"order.proto": old.encode()})
    new_schema = checker.load({"order.proto": new.encode()})
    findings = [
        f
        for direction in (Direction.BACKWARD, Direction.FORWARD)
        for f in checker.check(old_schema, new_schema, direction)
    ]
    return sorted({f.rule for f in findings if f.severity is Severity.ERROR})


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_verdicts_agree_with_buf(edit: str, tmp_path: Path) -> None:
    new = EDITS[edit](BASE)
    assert new != BASE
    for category in CATEGORIES:
        buf_rules = _buf_breaking(tmp_path, BASE, new, category)
        stele_rules = _stele_breaking(BASE, new, category)
        verdict = "breaking" if stele_rules else "compatible"
        if (edit, category) in DELIBERATE:
            expected, why = DELIBERATE[(edit, category)]
            assert verdict == expected, (category, why, stele_rules)
            assert bool(buf_rules) != bool(stele_rules), (category, "no longer a difference")
        else:
            assert bool(stele_rules) == bool(buf_rules), (category, stele_rules, buf_rules)


def test_the_ladder_only_grows() -> None:
    """Everything `wire` calls breaking, `wire_json` does too, and `file` too."""
    for edit, change in EDITS.items():
        new = change(BASE)
        verdicts = [bool(_stele_breaking(BASE, new, c)) for c in CATEGORIES]
        assert verdicts == sorted(verdicts), edit


def test_unknown_category_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown Protobuf category 'strict'"):
        ProtobufChecker("strict")


def test_protoc_errors_are_located() -> None:
    broken = 'syntax = "proto3";\n\nmessage A {\n  strin x = 1;\n}\n'
    with pytest.raises(SteleError) as caught:
        ProtobufChecker().load({"shop/a.proto": broken.encode()})
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.code, str(diagnostic.span), diagnostic.message) == (
        "D010",
        "shop/a.proto:4:3",
        'protoc: "strin" is not defined.',
    )


# --- compatible implies decodes ------------------------------------------------------------


def _wire_backward_severities(edit: str) -> set[Severity]:
    checker = ProtobufChecker("wire")
    old, new = (checker.load({"order.proto": t.encode()}) for t in (BASE, EDITS[edit](BASE)))
    return {f.severity for f in checker.check(old, new, Direction.BACKWARD)}


# Edits without errors or warnings: new readers must decode old data losslessly. A warning
# promises less (data may change meaning or fail on some values; see the next test). Written out
# (the parametrization of the decode property is known at collection without running the
# checker); the next test checks it against the checker.
WIRE_COMPATIBLE = [
    "enum-removed",
    "enum-to-int32",
    "enum-value-added",
    "enum-value-removed-reserved",
    "enum-value-renamed",
    "field-added",
    "field-json-name",
    "field-removed-both-reserved",
    "field-removed-number-reserved",
    "field-renamed",
    "int32-to-int64",
    "into-new-oneof",
    "map-value-widened",
    "message-removed",
    "message-to-bytes",
    "message-type-renamed",
    "optional-added",
    "out-of-oneof",
    "reserved-name-reused",
    "singular-to-repeated",
    "sint32-to-sint64",
    "string-to-bytes",
]


def test_the_decode_property_covers_exactly_the_edits_without_errors_or_warnings() -> None:
    quiet = [
        edit
        for edit in sorted(EDITS)
        if not _wire_backward_severities(edit) & {Severity.ERROR, Severity.WARNING}
    ]
    assert quiet == WIRE_COMPATIBLE


def test_a_warning_is_real_bytes_read_as_string() -> None:
    from google.protobuf.message import DecodeError

    assert _wire_backward_severities("bytes-to-string") == {Severity.WARNING}
    old_order = _classes_cached(BASE)["Order"]
    new_order = _classes_cached(EDITS["bytes-to-string"](BASE))["Order"]
    assert new_order.FromString(old_order(blob=b"ok").SerializeToString()).blob == "ok"
    with pytest.raises(DecodeError):
        new_order.FromString(old_order(blob=b"\x80").SerializeToString())


def _message_classes(text: str) -> dict[str, Any]:
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    fds = descriptor_pb2.FileDescriptorSet()
    fds.ParseFromString(compile_with_source_info({"order.proto": text.encode()}))
    pool = descriptor_pool.DescriptorPool()
    for file in fds.file:
        pool.Add(file)
    names = [f"{fds.file[-1].package}.{m.name}" for m in fds.file[-1].message_type]
    return {
        n.rsplit(".", 1)[-1]: message_factory.GetMessageClass(pool.FindMessageTypeByName(n))
        for n in names
    }


_SCALAR_VALUES: dict[int, st.SearchStrategy[Any]] = {
    1: st.floats(allow_nan=False, width=64),  # double
    2: st.floats(allow_nan=False, width=32),  # float
    3: st.integers(-(2**63), 2**63 - 1),  # int64
    4: st.integers(0, 2**64 - 1),  # uint64
    5: st.integers(-(2**31), 2**31 - 1),  # int32
    6: st.integers(0, 2**64 - 1),  # fixed64
    7: st.integers(0, 2**32 - 1),  # fixed32
    8: st.booleans(),
    9: st.text(max_size=8),
    12: st.binary(max_size=8),
    13: st.integers(0, 2**32 - 1),  # uint32
    15: st.integers(-(2**31), 2**31 - 1),  # sfixed32
    16: st.integers(-(2**63), 2**63 - 1),  # sfixed64
    17: st.integers(-(2**31), 2**31 - 1),  # sint32
    18: st.integers(-(2**63), 2**63 - 1),  # sint64
}


def _fill(message: Any, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
    for field in message.DESCRIPTOR.fields:
        if field.message_type is not None:
            if field.message_type.GetOptions().map_entry:
                key = draw(st.text(max_size=4))
                getattr(message, field.name)[key] = draw(st.integers(-(2**31), 2**31 - 1))
            elif not _is_repeated(field):
                _fill(getattr(message, field.name), draw)
            continue
        if field.enum_type is not None:
            values = st.sampled_from([v.number for v in field.enum_type.values])
        else:
            values = _SCALAR_VALUES[field.type]
        if _is_repeated(field):
            getattr(message, field.name).extend(draw(st.lists(values, max_size=3)))
        else:
            setattr(message, field.name, draw(values))


def _is_repeated(field: Any) -> bool:
    return bool(field.is_repeated)


def _unchanged_fields(old_cls: Any, new_cls: Any) -> list[tuple[str, str]]:
    new_by_number = {f.number: f for f in new_cls.DESCRIPTOR.fields}
    pairs = []
    for field in old_cls.DESCRIPTOR.fields:
        twin = new_by_number.get(field.number)
        if twin is None or twin.type != field.type or _is_repeated(twin) != _is_repeated(field):
            continue
        if field.message_type is not None and (
            twin.message_type is None
            or twin.message_type.full_name.rsplit(".", 1)[-1]
            != field.message_type.full_name.rsplit(".", 1)[-1]
        ):
            continue
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            continue  # map entries are compared through their own key and value types
        pairs.append((field.name, twin.name))
    return pairs


@pytest.mark.parametrize("edit", WIRE_COMPATIBLE)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_wire_compatible_implies_decodes(edit: str, data: st.DataObject) -> None:
    old_classes = _classes_cached(BASE)
    new_classes = _classes_cached(EDITS[edit](BASE))
    for name, old_cls in old_classes.items():
        if name not in new_classes:
            continue
        written = old_cls()
        _fill(written, data.draw)
        read = new_classes[name].FromString(written.SerializeToString())
        for old_name, new_name in _unchanged_fields(old_cls, new_classes[name]):
            before, after = getattr(written, old_name), getattr(read, new_name)
            if hasattr(before, "SerializeToString"):
                before, after = before.SerializeToString(), after.SerializeToString()
            elif _is_repeated(old_cls.DESCRIPTOR.fields_by_name[old_name]):
                before, after = list(before), list(after)
            assert after == before, (edit, name, old_name)


_CLASSES: dict[str, dict[str, Any]] = {}


def _classes_cached(text: str) -> dict[str, Any]:
    if text not in _CLASSES:
        _CLASSES[text] = _message_classes(text)
    return _CLASSES[text]
