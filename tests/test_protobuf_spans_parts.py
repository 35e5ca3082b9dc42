"""A declaration's part (a field's name, type, number; a message's name) located by looking among
the locations right after the declaration's (`Spans._part_near`) is where the first location of
that path in the whole SourceCodeInfo is, for every part of every `.proto` file of the tests,
a proto2 group and an extension block included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stele.compat.protobuf._descriptors import compile_with_source_info
from stele.compat.protobuf._spans import Spans

TESTS = Path(__file__).parent
EXTRA = b"""syntax = "proto2";
package x;
message A {
  optional group G = 1 { optional string s = 2; }
  extensions 100 to 200;
  oneof o { string t = 3; int32 u = 4; }
  map<string, A> m = 5;
  reserved 7, 9 to 11;
  extend A { optional int32 e = 100; }
  enum K { K0 = 0; }
}
extend A { optional string f = 101; }
service S { rpc R(A) returns (A); }
"""


def _files() -> list[dict[str, bytes]]:
    found = [{"extra.proto": EXTRA}]
    for path in sorted(TESTS.rglob("*.proto")):
        found.append({path.name: path.read_bytes()})
    return found


def _first_locations(locations: Any) -> dict[tuple[int, ...], tuple[int, int]]:
    first: dict[tuple[int, ...], tuple[int, int]] = {}
    for loc in locations:
        first.setdefault(tuple(loc.path), (loc.span[0] + 1, loc.span[1] + 1))
    return first


def test_every_part_is_where_its_first_location_is() -> None:
    from google.protobuf import descriptor_pb2

    checked = near = 0
    for files in _files():
        try:
            compiled = compile_with_source_info(files)
        except Exception:
            continue  # a file that imports others or does not compile: not this test's
        fds = descriptor_pb2.FileDescriptorSet.FromString(compiled)
        for file in fds.file:
            locations = file.source_code_info.location
            expected = _first_locations(locations)
            for path, where in expected.items():
                if len(path) > 1 and len(path) % 2:
                    spans = Spans(locations)  # fresh: the part is the first one asked for
                    assert spans.get(path) == where, (file.name, path)
                    checked += 1
                    near += spans._parts is not None  # found near, not by reading every part
    assert checked > 1000
    assert near > checked * 0.9


@pytest.mark.parametrize("later", [False, True])
def test_a_part_read_near_then_all_parts(later: bool) -> None:
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet.FromString(
        compile_with_source_info({"extra.proto": EXTRA})
    )
    locations = fds.file[0].source_code_info.location
    expected = _first_locations(locations)
    spans = Spans(locations, later=later)
    assert spans.get((4, 0, 2, 0, 1)) == expected[(4, 0, 2, 0, 1)]
    assert (4, 0, 2, 0, 9) not in spans  # no such part: every part read, once
    assert dict(spans.__reduce__()[1][0]) == expected
