"""Fuzzing `stele diff` per foreign format: mutated documents never make it exit 3.

Each reader (OpenAPI, AsyncAPI, JSON Schema, Avro, Protobuf) starts from the valid old/new pairs
of its rule cases (tests/compat_cases). One side is mutated structurally: a subtree is replaced
by a random JSON value, a value of the wrong type, deep nesting, a huge string or odd unicode, or
deleted; a .proto is mutated token by token. The diff runs in process (click's CliRunner) and
must end with findings (exit 0 or 1) or located diagnostics (exit 2) of the diff's own codes.
Work is bounded by the limits: a document nested past MAX_FOREIGN_DEPTH must give exactly D005.

`make test` runs 40 examples per reader; `STELE_FUZZ_EXAMPLES=2000` (`make fuzz`) runs more.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.cli.main import cli
from stele.compat.foreign import MAX_FOREIGN_DEPTH
from stele.diagnostics import SteleError

CASES = Path(__file__).resolve().parent / "compat_cases"
EXAMPLES = int(os.environ.get("STELE_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 40,  # `make test` is reproducible; `make fuzz` explores
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DIFF_CODE = re.compile(r"D\d{3}")


def seeds(fmt: str) -> list[tuple[str, bytes, bytes]]:
    """(suffix, old, new) of every rule case of the format."""
    found = []
    for case in sorted((CASES / fmt).glob("*/*")):
        olds = sorted(case.glob("old.*"))
        if olds and olds[0].is_file():
            suffix = olds[0].suffix
            new = case / f"new{suffix}"
            if new.is_file():
                found.append((suffix, olds[0].read_bytes(), new.read_bytes()))
    return found


# --- structure-aware mutations of JSON/YAML trees ------------------------------------------------

ODD_TEXT = [
    "\ud800",  # a lone surrogate: JSON escapes it, YAML cannot hold it
    "\u202e\u2066rtl",
    "\x00nul",
    "line\u2028sep",
    "\ufeffbom",
    "e\u0301",
    "\U0001f600",
    "#/components/schemas/Nope",
    "#/$defs/../..",
    "#",
    "",
    "2024-10-01",
    "null",
]
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(ODD_TEXT)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
DEEP = "@@deep{}@@"


def _paths(tree: Any) -> list[tuple[Any, ...]]:
    """Every path of the tree (keys and indexes), the root first."""
    found: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), tree)]
    while stack:
        path, node = stack.pop()
        found.append(path)
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))
    return sorted(found, key=lambda p: (len(p), [str(x) for x in p]))


def _get(tree: Any, path: tuple[Any, ...]) -> Any:
    for token in path:
        tree = tree[token]
    return tree


def _set(tree: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    _get(tree, path[:-1])[path[-1]] = value
    return tree


def _wrong_type(value: Any) -> Any:
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return {str(i): v for i, v in enumerate(value)}
    if isinstance(value, str):
        return 5
    if isinstance(value, bool) or value is None:
        return "true"
    return [value]


@st.composite
def mutated_tree(draw: st.DrawFn, tree: Any) -> Any:
    """The tree with 1 to 3 mutations (deep nesting is a placeholder `render` expands)."""
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(tree)))
        kind = draw(
            st.sampled_from(["random", "wrong-type", "delete", "deep", "huge", "odd", "copy"])
        )
        if kind == "random":
            tree = _set(tree, path, draw(JSON_VALUES))
        elif kind == "wrong-type":
            tree = _set(tree, path, _wrong_type(_get(tree, path)))
        elif kind == "delete" and path:
            parent = _get(tree, path[:-1])
            del parent[path[-1]]
        elif kind == "deep":
            depth = draw(
                st.sampled_from([50, MAX_FOREIGN_DEPTH - 20, MAX_FOREIGN_DEPTH + 5, 5_000])
            )
            tree = _set(tree, path, DEEP.format(depth))
        elif kind == "huge":
            tree = _set(tree, path, "x" * draw(st.sampled_from([10_000, 1_000_000])))
        elif kind == "odd":
            tree = _set(tree, path, draw(st.sampled_from(ODD_TEXT)))
        elif kind == "copy" and path:  # the same subtree in a second place
            other = draw(st.sampled_from(_paths(tree)))
            if other[: len(path)] != path:
                tree = _set(tree, other, json.loads(json.dumps(_get(tree, path))))
    return tree


def render(tree: Any, as_yaml: bool) -> tuple[bytes, bool]:
    """The tree as YAML when asked and YAML can hold it, else as JSON (ensure_ascii, so a lone
    surrogate is an escape); True when YAML was written."""
    text = None
    if as_yaml:
        try:
            text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=1000)
            text.encode("utf-8")
        except (yaml.YAMLError, UnicodeEncodeError, RecursionError):
            text = None
    written_yaml = text is not None
    if text is None:
        text = json.dumps(tree, ensure_ascii=True)
    text = re.sub(r"['\"]?@@deep(\d+)@@['\"]?", lambda m: "[" * int(m[1]) + "]" * int(m[1]), text)
    return text.encode("utf-8"), written_yaml


# --- running the diff ----------------------------------------------------------------------------


def run_diff(
    tmp: Path, fmt: str, names: tuple[str, str], old: bytes, new: bytes, output: str = "json"
) -> tuple[int, list[str]]:
    """Exit code and diagnostic codes of `stele diff` in process; exit 3 fails the test."""
    (tmp / names[0]).write_bytes(old)
    (tmp / names[1]).write_bytes(new)
    args = ["diff", "--format", fmt, "--mode", "full", "-o", output]
    result = CliRunner().invoke(
        cli, [*args, str(tmp / names[0]), str(tmp / names[1])], catch_exceptions=True
    )
    if isinstance(result.exception, SteleError):
        diagnostics = result.exception.diagnostics
        for d in diagnostics:
            assert DIFF_CODE.fullmatch(d.code), d.render()
            assert Path(d.span.path).name in names, d.render()
            assert d.span.line >= 1 and d.span.column >= 1, d.render()
            d.render().encode("utf-8")  # printable
        return 2, [d.code for d in diagnostics]
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # an internal error: `stele` would exit 3
    assert result.exit_code in (0, 1), result.output
    if output == "json":
        json.loads(result.output)
    result.output.encode("utf-8")
    return result.exit_code, []


def _fuzz_tree_format(
    tmp_path_factory: pytest.TempPathFactory,
    fmt: str,
    seed: tuple[str, bytes, bytes],
    mutate_new: bool,
    as_yaml: bool,
    data: st.DataObject,
) -> None:
    suffix, old, new = seed
    load = json.loads if suffix in (".json", ".avsc") else yaml.safe_load
    target = load(new if mutate_new else old)
    tree = data.draw(mutated_tree(target))
    yaml_file = suffix in (".yaml", ".yml")
    text, written_yaml = render(tree, as_yaml and yaml_file)
    # JSON text of a YAML seed goes into a .json file half the time (read as JSON, not YAML).
    mutated_suffix = (
        ".json" if yaml_file and not written_yaml and data.draw(st.booleans()) else suffix
    )
    names = (
        (f"old{suffix}", f"new{mutated_suffix}")
        if mutate_new
        else (f"old{mutated_suffix}", f"new{suffix}")
    )
    old, new = (old, text) if mutate_new else (text, old)
    output = data.draw(st.sampled_from(["json", "text"]))
    code, codes = run_diff(tmp_path_factory.mktemp("fuzz"), fmt, names, old, new, output)
    if _nesting(text) > MAX_FOREIGN_DEPTH:  # brackets alone nest too deep: the limit's code
        read_as_yaml = mutated_suffix in (".yaml", ".yml")
        if read_as_yaml and (not written_yaml or _has_surrogate(tree)):
            # YAML rejects surrogate escapes (D004), and may meet one before the deep part.
            assert code == 2 and codes[0] in ("D004", "D005"), codes
        else:
            assert (code, codes) == (2, ["D005"]), codes


def _has_surrogate(tree: Any) -> bool:
    from stele.compat.foreign import strings

    return any(re.search("[\ud800-\udfff]", text) for text in strings(tree))


def _nesting(text: bytes) -> int:
    depth = deepest = 0
    for token in re.finditer(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
        char = token.group()
        if char in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif char in (b"]", b"}"):
            depth -= 1
    return deepest


@pytest.mark.parametrize("fmt", ["openapi", "asyncapi", "jsonschema", "avro"])
def test_fuzz_tree_readers(tmp_path_factory: pytest.TempPathFactory, fmt: str) -> None:
    pool = seeds(fmt)
    assert len(pool) >= 4

    @FUZZ
    @given(
        seed=st.sampled_from(pool),
        mutate_new=st.booleans(),
        as_yaml=st.booleans(),
        data=st.data(),
    )
    def fuzz(
        seed: tuple[str, bytes, bytes], mutate_new: bool, as_yaml: bool, data: st.DataObject
    ) -> None:
        _fuzz_tree_format(tmp_path_factory, fmt, seed, mutate_new, as_yaml, data)

    fuzz()


# --- Protobuf: token mutations -------------------------------------------------------------------

TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_.]*|-?\d+|\S')
PROTO_TOKENS = [
    "message", "enum", "service", "rpc", "returns", "stream", "oneof", "map<string, int32>",
    "repeated", "optional", "required", "reserved", "extensions", "extend", "option", "import",
    "package", "syntax", "edition", "=", ";", "{", "}", "(", ")", "<", ">", ",", "[", "]",
    "0", "-1", "1", "19000", "536870911", "536870912", "2147483648", "99999999999999999999",
    '"proto2"', '"proto3"', '"2023"', '"google/protobuf/any.proto"', '"missing.proto"',
    '"\\xff"', "int32", "string", "bytes", "group", "max", "to", "\u00e9", "\x00", "\ufeff",
]  # fmt: skip


@st.composite
def mutated_proto(draw: st.DrawFn, text: str) -> bytes:
    tokens = TOKEN.findall(text)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "replace", "insert", "bytes"]))
        i = draw(st.integers(0, max(len(tokens) - 1, 0)))
        if not tokens:
            tokens = [draw(st.sampled_from(PROTO_TOKENS))]
        elif kind == "delete":
            del tokens[i]
        elif kind == "duplicate":
            tokens[i:i] = tokens[i : i + draw(st.integers(1, 8))]
        elif kind == "swap":
            j = draw(st.integers(0, len(tokens) - 1))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif kind == "replace":
            tokens[i] = draw(st.sampled_from(PROTO_TOKENS))
        elif kind == "insert":
            tokens.insert(i, draw(st.sampled_from(PROTO_TOKENS) | st.text(max_size=6)))
    data = " ".join(tokens).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
    return data


def proto_seeds() -> list[tuple[dict[str, bytes], dict[str, bytes]]]:
    """(old files, new files) of every Protobuf rule case (directories of .proto files)."""
    found = []
    for case in sorted((CASES / "protobuf").glob("*/*")):
        sides = [
            {
                p.relative_to(case / side).as_posix(): p.read_bytes()
                for p in (case / side).rglob("*.proto")
            }
            for side in ("old", "new")
        ]
        if all(sides):
            found.append((sides[0], sides[1]))
    return found


def _write_tree(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def test_fuzz_protobuf_reader(tmp_path_factory: pytest.TempPathFactory) -> None:
    pool = proto_seeds()
    assert len(pool) >= 4

    @FUZZ
    @given(seed=st.sampled_from(pool), mutate_new=st.booleans(), data=st.data())
    def fuzz(
        seed: tuple[dict[str, bytes], dict[str, bytes]], mutate_new: bool, data: st.DataObject
    ) -> None:
        old, new = dict(seed[0]), dict(seed[1])
        target = new if mutate_new else old
        name = data.draw(st.sampled_from(sorted(target)))
        target[name] = data.draw(mutated_proto(target[name].decode("utf-8")))
        tmp = tmp_path_factory.mktemp("fuzz")
        _write_tree(tmp / "old", old)
        _write_tree(tmp / "new", new)
        args = ["diff", "--format", "protobuf", "--mode", "full", "-o", "json"]
        result = CliRunner().invoke(cli, [*args, str(tmp / "old"), str(tmp / "new")])
        if isinstance(result.exception, SteleError):
            codes = [d.code for d in result.exception.diagnostics]
            assert set(codes) <= {"D010", "D005"}, codes
            # protoc's errors are capped: at most 20 per file and code, and one summary line.
            per_file: dict[str, int] = {}
            for d in result.exception.diagnostics:
                assert d.span.line >= 1 and d.span.column >= 1, d.render()
                per_file[d.span.path] = per_file.get(d.span.path, 0) + 1
            assert max(per_file.values()) <= 21, per_file
            return
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception  # an internal error: `stele` would exit 3
        assert result.exit_code in (0, 1), result.output
        json.loads(result.output)

    fuzz()


# --- JSON Schema: YAML scalars JSON cannot hold --------------------------------------------------

# Plain and tagged YAML scalars a JSON Schema in YAML may carry: dates and timestamps, binary,
# NaN and infinities, YAML 1.1 booleans and numbers, explicit tags, and text that looks like any.
YAML_SCALARS = [
    "2024-10-01", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "!!binary aGVsbG8=",
    ".nan", ".NaN", ".inf", "-.Inf", "+.inf", "~", "null", "yes", "No", "on", "OFF", "0o17",
    "0x1F", "017", "1_000", "1e400", "-0", "0.", "12:30:45", "!!str 12", "!!int '7'",
    "!!float 1", "!!timestamp 2024-01-01", "!!null ''", "!!bool 'true'", "'2024-10-01'",
    "!!set {a, b}", "!!omap [{a: 1}]", "!!python/object:os.system ls", "!custom x", "&a 5",
    "*a", "[2024-10-01, .nan]", "{2024-10-01: x, 1: y, true: z, null: w, .inf: v}", '"\\ud800"',
    "|\n    text", ">-\n    folded",
]  # fmt: skip
# Keys a YAML mapping may have that JSON cannot: numbers, booleans, null, dates, NaN, complex.
YAML_KEYS = ["1", "2.5", "true", "null", "~", "2024-10-01", ".nan", "[a, b]", "{a: 1}", "? x"]
# Places in a schema for a scalar: annotations, constraints, names and references.
SCHEMA_TEMPLATE = """\
$schema: https://json-schema.org/draft/2020-12/schema
$id: {id}
title: {title}
type: object
default: {default}
examples: [{example}]
properties:
  {key}: {{type: string, const: {const}}}
  when: {{type: string, format: date, enum: [{enum}], maxLength: {length}}}
  size: {{type: number, maximum: {maximum}, multipleOf: {multiple}}}
  ref: {{$ref: {ref}}}
  pattern: {{type: string, pattern: {pattern}}}
required: [when, {required}]
$defs:
  anchor: &shared {{type: string, description: {description}}}
  again: *shared
"""
SLOTS = (
    "id", "title", "default", "example", "const", "enum", "length", "maximum", "multiple",
    "ref", "pattern", "required", "description",
)  # fmt: skip
PLAIN = {
    "id": "s.yaml", "title": "T", "default": "{}", "example": "{}", "const": "x", "enum": "a",
    "length": "10", "maximum": "100", "multiple": "1", "ref": "'#/$defs/anchor'",
    "pattern": "'^a'", "required": "when", "description": "d", "key": "name",
}  # fmt: skip


@st.composite
def yaml_schema(draw: st.DrawFn) -> bytes:
    """The template with a few slots (and perhaps the property name) holding odd scalars."""
    values = dict(PLAIN)
    for slot in draw(st.lists(st.sampled_from(SLOTS), min_size=1, max_size=4, unique=True)):
        values[slot] = draw(st.sampled_from(YAML_SCALARS))
    if draw(st.booleans()):
        values["key"] = draw(st.sampled_from(YAML_KEYS))
    return SCHEMA_TEMPLATE.format(**values).encode("utf-8")


def test_fuzz_yaml_scalars_in_json_schemas(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Both sides YAML JSON Schemas with odd scalars: findings or located D-codes, never exit 3."""

    @FUZZ
    @given(old=yaml_schema(), new=yaml_schema(), output=st.sampled_from(["json", "text"]))
    def fuzz(old: bytes, new: bytes, output: str) -> None:
        tmp = tmp_path_factory.mktemp("fuzz")
        run_diff(tmp, "jsonschema", ("old.yaml", "new.yaml"), old, new, output)

    fuzz()


def test_yaml_dates_and_odd_keys_diff_cleanly(tmp_path: Path) -> None:
    """The plain template (dates in examples, a numeric key, aliases) compares like JSON."""
    values = dict(PLAIN, example="{when: 2024-10-01, at: 2001-12-14t21:59:43.10-05:00}", key="1")
    old = SCHEMA_TEMPLATE.format(**values).encode("utf-8")
    new = old.replace(b"maxLength: 10", b"maxLength: 5")
    code, codes = run_diff(tmp_path, "jsonschema", ("old.yaml", "new.yaml"), old, new)
    assert (code, codes) == (1, [])
