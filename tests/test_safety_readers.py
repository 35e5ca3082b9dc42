"""Hostile foreign input to `stele diff`: every reader answers with a located error (exit 2) or
findings, never an internal error (exit 3), and is bounded by limits whose codes are asserted.

Time is not asserted (shared machines are noisy): the limits on size, depth and node count bound
the work, and algorithmic bounds are proven by counting work.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from stele.cli.main import cli
from stele.compat.foreign import MAX_FOREIGN_BYTES, MAX_FOREIGN_DEPTH, MAX_FOREIGN_NODES
from stele.diagnostics import SteleError

if TYPE_CHECKING:
    from stele.compat.jsonschema.compare import Comparator
    from stele.compat.jsonschema.nodes import Node

Located = tuple[str, str, int, int]  # (code, file, line, column)


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def diff(*args: str | Path) -> tuple[int, list[Located], str]:
    """`stele diff ARGS` in process: the exit code `main` gives, the located diagnostics, stdout.

    Anything but a SteleError or an exit is an internal error (exit 3) and fails the test.
    """
    result = CliRunner().invoke(cli, ["diff", *map(str, args)], catch_exceptions=True)
    if isinstance(result.exception, SteleError):
        located = [
            (d.code, Path(d.span.path).name, d.span.line, d.span.column)
            for d in result.exception.diagnostics
        ]
        return 2, located, result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, [], result.output


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def alias_bomb(header: str) -> str:
    """A 'billion laughs': 12 levels of 10 aliases each, about 2 KB."""
    lines = [header, "x-l0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, 12):
        lines.append(f"x-l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


OPENAPI = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}"
ASYNCAPI = "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}"
JSONSCHEMA = "$schema: https://json-schema.org/draft/2020-12/schema\ntype: object"


# --- limits: size, depth, nodes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "fmt", "where"),
    [
        (OPENAPI, "openapi", 10),
        (ASYNCAPI, "asyncapi", 9),
        (JSONSCHEMA, "jsonschema", 9),
    ],
)
def test_a_yaml_alias_bomb_stops_at_the_node_limit(
    tmp_path: Path, header: str, fmt: str, where: int
) -> None:
    """The 10^7-node list (`x-l6`) is the first that is over the limit on the way down."""
    bomb = write(tmp_path, "bomb.yaml", alias_bomb(header))
    assert len(bomb.read_bytes()) < 2048
    for args in (["--format", fmt], []):  # detection reads the document with the same limits
        code, located, _ = diff(*args, bomb, bomb)
        assert (code, located) == (2, [("D005", "bomb.yaml", where, 7)])


def test_a_recursive_yaml_alias_is_rejected(tmp_path: Path) -> None:
    spec = write(tmp_path, "loop.yaml", OPENAPI + "\nx-loop: &a [1, *a]\n")
    assert diff("--format", "openapi", spec, spec)[:2] == (2, [("D005", "loop.yaml", 4, 9)])


def test_yaml_nested_deeper_than_the_limit(tmp_path: Path) -> None:
    deep = (
        OPENAPI
        + "\nx-deep:\n"
        + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(MAX_FOREIGN_DEPTH + 10))
    )
    spec = write(tmp_path, "deep.yaml", deep)
    # The root mapping is level 1, x-deep's value (holding k0) level 2: level 257 is the mapping
    # that holds k255 (line 5 + 255, indented 256 times).
    assert diff("--format", "openapi", spec, spec)[:2] == (2, [("D005", "deep.yaml", 260, 513)])


def test_json_nested_100000_deep(tmp_path: Path) -> None:
    text = '{"openapi": "3.0.3", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    spec = write(tmp_path, "deep.json", text)
    # The root object is level 1: level 257 is the 256th bracket, column 27 + 255.
    assert diff("--format", "openapi", spec, spec)[:2] == (2, [("D005", "deep.json", 1, 282)])
    schema = write(
        tmp_path, "deep.schema.json", '{"type": "object", "x": ' + "[" * 300 + "]" * 300 + "}"
    )
    assert diff("--format", "jsonschema", schema, schema)[:2] == (
        2,
        [("D005", "deep.schema.json", 1, 280)],
    )


def test_a_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("stele.compat.foreign.MAX_FOREIGN_BYTES", 1024)
    spec = write(tmp_path, "big.yaml", OPENAPI + "\nx-pad: '" + "y" * 1100 + "'\n")
    assert diff("--format", "openapi", spec, spec)[:2] == (2, [("D005", "big.yaml", 1, 1)])
    assert MAX_FOREIGN_BYTES == 64 * 1024 * 1024


def test_json_over_the_node_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("stele.compat.foreign.MAX_FOREIGN_NODES", 100)
    text = json.dumps({"type": "object", "enum": list(range(200))})
    schema = write(tmp_path, "wide.json", text)
    # Value 101 is the enum's 98th item (the object, "object" and the list come first).
    assert diff("--format", "jsonschema", schema, schema)[:2] == (
        2,
        [("D005", "wide.json", 1, text.index(" 97,") + 2)],
    )
    assert MAX_FOREIGN_NODES == 5_000_000


# --- YAML values are JSON values --------------------------------------------------------------


DATED_SPEC = """\
openapi: 3.0.3
info: {title: t, version: 2024-10-01}
paths:
  /a:
    get:
      responses:
        200:
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {d: {type: string, example: 2024-10-01}}}
"""


def test_unquoted_dates_stay_strings(tmp_path: Path) -> None:
    old = write(tmp_path, "old.yaml", DATED_SPEC)
    new = write(tmp_path, "new.yaml", DATED_SPEC.replace("type: string, ex", "type: integer, ex"))
    code, _, out = diff(old, new, "-o", "json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["new"]["line"], finding["new"]["column"]) == (
        "openapi-response-property-type-changed",
        11,
        51,
    )
    schema = "type: object\nproperties: {d: {type: string, const: 2024-10-01}}\n"
    old_schema = write(tmp_path, "old.schema.yaml", schema)
    new_schema = write(tmp_path, "new.schema.yaml", schema.replace("10-01", "10-02"))
    code, _, out = diff("--format", "jsonschema", old_schema, new_schema, "-o", "json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert (finding["rule"], finding["message"]) == (
        "json-const-changed",
        'const changed from "2024-10-01" to "2024-10-02"',
    )


def test_yaml_reads_the_core_schema(tmp_path: Path) -> None:
    from stele.compat.foreign_yaml import load_yaml

    text = "a: 2024-10-01\nb: 2024-10-01T10:00:00Z\nc: no\nd: 0x1F\ne: ~\n200: x\nf: !!str 12\n"
    assert load_yaml("t.yaml", text) == {
        "a": "2024-10-01",
        "b": "2024-10-01T10:00:00Z",
        "c": "no",
        "d": 31,
        "e": None,
        "200": "x",
        "f": "12",
    }
    assert load_yaml("t.yaml", "base: &b {x: 1, y: 2}\nc: {<<: *b, y: 3}\n") == {
        "base": {"x": 1, "y": 2},
        "c": {"y": 3, "x": 1},
    }


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("openapi: 3.0.3\nx: !!python/object:os.system ls\n", (2, 4)),
        ("openapi: 3.0.3\nx: !!binary aGk=\n", (2, 4)),
        ("openapi: 3.0.3\n? [a, b]\n: c\n", (2, 3)),
        ("openapi: 3.0.3\nx: {<<: 1}\n", (2, 9)),
        ("openapi: 3.0.3\nx: a\x00b\n", (2, 5)),
        ("openapi: 3.0.3\nx: [\n", (3, 1)),
        ("openapi: 3.0.3\n---\nopenapi: 3.0.3\n", (2, 1)),
    ],
)
def test_yaml_that_is_not_plain_data_is_a_located_error(
    tmp_path: Path, text: str, where: tuple[int, int]
) -> None:
    spec = write(tmp_path, "odd.yaml", text)
    assert diff("--format", "openapi", spec, spec)[:2] == (2, [("D004", "odd.yaml", *where)])


# --- text that is not UTF-8, strings that are not Unicode --------------------------------------


@pytest.mark.parametrize("fmt", ["openapi", "jsonschema", "asyncapi"])
def test_utf16_and_random_bytes(tmp_path: Path, fmt: str) -> None:
    wide = write(tmp_path, "wide.yaml", "openapi: 3.0.3\n".encode("utf-16"))
    assert diff("--format", fmt, wide, wide)[:2] == (2, [("D006", "wide.yaml", 1, 1)])
    noise = write(tmp_path, "noise.json", b'{"a":\n  "caf\xe9"}')
    assert diff("--format", fmt, noise, noise)[:2] == (2, [("D006", "noise.json", 2, 7)])


def test_a_lone_surrogate_escape_is_a_located_error(tmp_path: Path) -> None:
    text = '{"type": "object",\n "properties": {"ok\\ud83d\\ude00": {}, "\\ud800": {}}}'
    schema = write(tmp_path, "s.json", text)
    assert diff("--format", "jsonschema", schema, schema)[:2] == (2, [("D006", "s.json", 2, 40)])
    spec = write(tmp_path, "s.yaml", 'openapi: 3.0.3\nx: "\\ud800"\n')
    assert diff("--format", "openapi", spec, spec)[:2] == (2, [("D004", "s.yaml", 2, 7)])


# --- Avro ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "located"),
    [
        ('{"type": "record", "name": "R", "fields": ["x"]}', ("D101", 1, 33)),
        (
            '{"type": "record", "name": "R", "fields": [{"name": null, "type": "int"}]}',
            ("D101", 1, 45),
        ),
        ('{"type": "record", "name": "R", "fields": [{"type": "int"}]}', ("D101", 1, 33)),
        ('{"type": "record", "name": "null", "fields": []}', ("D101", 1, 20)),
        ('{"type": "record", "name": "R", "fields": {"a": 1}}', ("D101", 1, 33)),
        ('{"type": "record", "name": "R", "aliases": 5, "fields": []}', ("D101", 1, 33)),
        ('{"type": "fixed", "name": "F", "size": "x"}', ("D101", 1, 32)),
        ('{"type": "enum", "name": "E", "symbols": "AB"}', ("D101", 1, 31)),
        ('{"type": "array"}', ("D101", 1, 2)),
        ('{"type": 5}', ("D101", 1, 2)),
        ('{"type": "int", "logicalType": 5}', ("D101", 1, 17)),
        ('{"type": "long", "default": 1' + "0" * 5000 + "}", ("D101", 1, 29)),
        ('{"type": "record", "name": "\\udc00", "fields": []}', ("D006", 1, 29)),
    ],
)
def test_malformed_avro_is_a_located_error(
    tmp_path: Path, text: str, located: tuple[str, int, int]
) -> None:
    schema = write(tmp_path, "bad.avsc", text)
    assert diff(schema, schema)[:2] == (2, [(located[0], "bad.avsc", *located[1:])])


def test_avro_nested_100000_deep(tmp_path: Path) -> None:
    text = '{"type": "record", "name": "R", "fields": ' + "[" * 100_000 + "]" * 100_000 + "}"
    schema = write(tmp_path, "deep.avsc", text)
    # The record is level 1; the 256th bracket (column 43 + 255) is level 257.
    assert diff(schema, schema)[:2] == (2, [("D005", "deep.avsc", 1, 298)])


def test_avro_over_the_value_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("stele.compat.foreign.MAX_FOREIGN_NODES", 50)
    text = json.dumps({"type": "enum", "name": "E", "symbols": [f"S{i}" for i in range(60)]})
    schema = write(tmp_path, "wide.avsc", text)
    # Value 51 is symbol S46 (the object, two strings and the list come first).
    assert diff(schema, schema)[:2] == (2, [("D005", "wide.avsc", 1, text.index('"S46"') + 1)])


def _union_of_records(branches: int, with_default: bool) -> bytes:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from bench_diff_avro_union import union_schema

    return union_schema(branches, with_default)


@pytest.mark.parametrize("branches", [100, 400])
def test_avro_union_branch_resolution_is_linear(branches: int) -> None:
    """Each writer branch is tried against the one reader branch of its name (was all of them:
    10,000 branches took over 300 s). Work is counted: one check per branch and direction."""
    from stele.compat.avro import CHECKER
    from stele.compat.avro.pairing import Walk
    from stele.compat.model import Direction

    old = CHECKER.load({"u.avsc": _union_of_records(branches, False)})
    new = CHECKER.load({"u.avsc": _union_of_records(branches, True)})
    for direction in Direction:
        reader, writer = (new, old) if direction is Direction.BACKWARD else (old, new)
        walk = Walk(reader, writer, direction)
        walk.files(reader.files["u.avsc"], writer.files["u.avsc"])
        assert (walk.branch_checks, walk.findings) == (branches, [])


# --- Protobuf ------------------------------------------------------------------------------------


def test_random_bytes_as_proto_give_capped_diagnostics(tmp_path: Path) -> None:
    import random

    noise = bytes(random.Random(7).randrange(256) for _ in range(200_000))
    proto = write(tmp_path, "noise.proto", noise)
    # One run (protoc on 200 KB of noise takes seconds): what `diff` returns is read off it.
    result = CliRunner().invoke(cli, ["diff", str(proto), str(proto)], catch_exceptions=True)
    assert isinstance(result.exception, SteleError)
    located = result.exception.diagnostics
    # 20 errors, then one line that counts the rest (was 151,820 lines of diagnostics).
    assert len(located) == 21
    assert {d.code for d in located} == {"D010"}
    *shown, summary = result.exception.diagnostics
    assert summary.message.startswith("... and ") and summary.message.endswith(
        " more protoc errors in this file"
    )
    assert summary.hint == ""
    assert all(d.message.startswith("protoc: ") for d in shown)


def test_the_cap_is_per_file_and_code() -> None:
    from stele.compat.foreign import capped
    from stele.diagnostics import error
    from stele.ir import Span

    many = [
        error("D010", f"e{i}", Span(f, i + 1, 1)) for f in ("a.proto", "b.proto") for i in range(25)
    ]
    kept = capped(many, "protoc errors")
    assert [(d.span.path, d.message) for d in kept if not d.message.startswith("e")] == [
        ("a.proto", "... and 5 more protoc errors in this file"),
        ("b.proto", "... and 5 more protoc errors in this file"),
    ]
    assert len(kept) == 42


def test_protoc_warnings_are_not_errors(tmp_path: Path) -> None:
    no_syntax = write(tmp_path, "plain.proto", "message A { optional int32 x = 1; }\n")
    assert diff(no_syntax, no_syntax) == (
        0,
        [],
        "compatible (protobuf, BACKWARD): 0 errors, 0 warnings, 0 infos\n",
    )
    unused = write(
        tmp_path,
        "unused.proto",
        'syntax = "proto3";\nimport "google/protobuf/any.proto";\nmessage B { int32 x = 1; }\n',
    )
    assert diff(unused, unused)[:2] == (0, [])
    broken = write(
        tmp_path,
        "broken.proto",
        'syntax = "proto3";\nimport "google/protobuf/any.proto";\nmessage B { int32 x = 1 }\n',
    )
    assert diff(broken, broken)[:2] == (2, [("D010", "broken.proto", 3, 25)])


# --- JSON Schema keywords of the wrong JSON type -------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "where"),
    [
        ('{"type": 5}', (1, 2)),
        ('{"type": [null]}', (1, 2)),
        ('{"type": "object",\n "required": "id"}', (2, 2)),
        ('{"properties": {"a": 5}}', (1, 2)),
        ('{"anyOf": {"type": "string"}}', (1, 2)),
        ('{"minLength": -1}', (1, 2)),
        ('{"multipleOf": 0}', (1, 2)),
        ('{"enum": "abc"}', (1, 2)),
        ("[1, 2]", (1, 1)),
    ],
)
def test_a_keyword_of_the_wrong_type_is_a_located_error(
    tmp_path: Path, schema: str, where: tuple[int, int]
) -> None:
    old = write(tmp_path, "old.json", schema)
    new = write(tmp_path, "new.json", '{"type": "string"}')
    for a, b in ((old, new), (new, old), (old, old)):
        assert diff("--format", "jsonschema", "--mode", "full", a, b)[:2] == (
            2,
            [("D008", "old.json", *where)],
        )


def test_a_nested_keyword_of_the_wrong_type_is_located_where_it_is(tmp_path: Path) -> None:
    schema = write(tmp_path, "s.json", '{"properties": {"a": {"items": [1]}}}')
    assert diff("--format", "jsonschema", schema, schema)[:2] == (2, [("D008", "s.json", 1, 23)])


def test_an_openapi_schema_of_the_wrong_type_is_a_located_error(tmp_path: Path) -> None:
    spec = DATED_SPEC.replace("{type: string, example: 2024-10-01}", "{type: [1], example: 1}")
    old, new = write(tmp_path, "old.yaml", DATED_SPEC), write(tmp_path, "new.yaml", spec)
    assert diff(old, new)[:2] == (2, [("D008", "new.yaml", 11, 55)])


# --- the codes are documented --------------------------------------------------------------------


def test_every_diff_code_is_documented() -> None:
    """The D codes `stele diff` reports (src/stele/compat) each have a row in diagnostics.md."""
    import re

    root = Path(__file__).resolve().parent.parent
    found: set[str] = set()
    for path in (root / "src" / "stele" / "compat").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            found.update(re.findall(r"""["'](D\d{3})["']""", line.split("#", 1)[0]))
    doc = (root / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(D\d{3})` \|", doc, re.MULTILINE))
    assert {"D004", "D005", "D006", "D008", "D010", "D101"} <= found
    assert sorted(found - documented) == []


@pytest.mark.parametrize("branches", [50, 200])
def test_a_discriminated_json_union_pairs_in_linear_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, branches: int
) -> None:
    """Branches are found by their discriminator const (one score each), not by scoring every
    branch against every other (500 branches took 5 s, 5,000 would take minutes)."""
    from stele.compat.jsonschema import pairing

    calls = []
    score = pairing.score

    def counting(cmp: Comparator, w_branch: Node, r_branch: Node) -> float:
        calls.append(1)
        return score(cmp, w_branch, r_branch)

    monkeypatch.setattr(pairing, "score", counting)

    def union(kind: str) -> str:
        return json.dumps(
            {
                "anyOf": [
                    {"type": "object", "properties": {"k": {"const": f"v{i}"}, "x": {"type": kind}}}
                    for i in range(branches)
                ]
            }
        )

    old, new = (
        write(tmp_path, "old.json", union("string")),
        write(tmp_path, "new.json", union("integer")),
    )
    code, _, out = diff("--format", "jsonschema", old, new, "-o", "json")
    assert (code, len(json.loads(out)["findings"])) == (1, branches)
    assert len(calls) == branches


def test_a_pattern_that_backtracks_exponentially_is_not_run(tmp_path: Path) -> None:
    """`^(a+)+$` against a long name of `a`s and a `!` would run for days."""
    old = write(
        tmp_path,
        "old.json",
        '{"type": "object",\n "patternProperties": {"^(a+)+$": {"type": "string"}}}',
    )
    name = "a" * 40 + "!"
    new = write(tmp_path, "new.json", json.dumps({"type": "object", "properties": {name: {}}}))
    assert diff("--format", "jsonschema", "--mode", "forward", old, new)[:2] == (
        2,
        [("D009", "old.json", 2, 24)],
    )
    safe = write(
        tmp_path,
        "safe.json",
        '{"type": "object", "patternProperties": {"^a+!$": {"type": "string"}}}',
    )
    assert diff("--format", "jsonschema", "--mode", "forward", safe, new)[:2] == (1, [])


def test_a_document_read_to_sniff_its_format_is_not_read_again() -> None:
    from stele.compat.foreign_yaml import load_tree

    data = b"openapi: 3.0.3\npaths: {}\n"
    first = load_tree("a.yaml", data)
    assert load_tree("a.yaml", data) is first  # the checker's read after the sniff
    assert load_tree("a.yaml", data) is not first  # handed over once only
    assert load_tree("b.yaml", data) is not first


def test_avro_that_is_not_utf8(tmp_path: Path) -> None:
    wide = write(tmp_path, "wide.avsc", '{"type": "int"}'.encode("utf-16"))
    assert diff(wide, wide)[:2] == (2, [("D006", "wide.avsc", 1, 1)])
    noise = write(tmp_path, "noise.avsc", b'{"type":\n "\xc3\x28"}')
    assert diff(noise, noise)[:2] == (2, [("D006", "noise.avsc", 2, 3)])
