"""The loader never raises on any input: it answers with located diagnostics.

A property test mutates the example project's contract files (lines deleted, duplicated, swapped,
re-indented, truncated; characters, tabs, anchors, aliases and bytes inserted; scalars replaced),
and hostile inputs (alias bombs, deep nesting, huge files, NUL and non-UTF-8 bytes) are each
rejected with the right code, quickly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.ir import Operation
from stele.source.loader import LoadResult, load

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = sorted((ROOT / "contracts").glob("*.yaml"))
SOURCES = {p.name: p.read_bytes() for p in CONTRACTS}

SNIPPETS = [
    "\t", ":", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "*nope", "? ", "!!python/object ",
    "!tag ", "'", '"', "#", "---\n", "...\n", "<<: *a\n", "\n", "  ", "|", ">", "%YAML 1.2\n",
    ",", "@", "`", "\x00", "\ufeff", "é", "\u2028", "list<", "map<string,", "decimal(1,", "?",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(["", "~", "null", "true", "NO", "0x1F", "1e9", ".inf", "-0", "2024-01-01"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=12),
)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = SOURCES[draw(st.sampled_from(sorted(SOURCES)))]
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        data = draw(st.sampled_from(MUTATIONS))(draw, data)
    return data


def delete_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i = draw(st.integers(0, len(lines) - 1))
    return b"\n".join(lines[:i] + lines[i + 1 :])


def duplicate_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i = draw(st.integers(0, len(lines) - 1))
    return b"\n".join(lines[: i + 1] + lines[i:])


def swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def reindent_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    i = draw(st.integers(0, len(lines) - 1))
    indent = draw(st.sampled_from([b"", b" ", b"   ", b"\t", b"        "]))
    lines[i] = indent + lines[i].lstrip(b" ")
    return b"\n".join(lines)


def insert_snippet(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    snippet = draw(st.sampled_from(SNIPPETS)).encode("utf-8")
    return data[:at] + snippet + data[at:]


def insert_text(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.text(max_size=8)).encode("utf-8", "surrogatepass") + data[at:]


def insert_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    at = draw(st.integers(0, len(data)))
    return data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]


def truncate(draw: st.DrawFn, data: bytes) -> bytes:
    return data[: draw(st.integers(0, len(data)))]


def replace_scalar(draw: st.DrawFn, data: bytes) -> bytes:
    """Replace the value after a `key: ` with another scalar."""
    lines = _lines(data)
    candidates = [i for i, line in enumerate(lines) if b": " in line]
    if not candidates:
        return data
    i = draw(st.sampled_from(candidates))
    key, _ = lines[i].split(b": ", 1)
    lines[i] = key + b": " + draw(SCALARS).encode("utf-8", "surrogatepass")
    return b"\n".join(lines)


MUTATIONS = [
    delete_line,
    duplicate_line,
    swap_lines,
    reindent_line,
    insert_snippet,
    insert_text,
    insert_bytes,
    truncate,
    replace_scalar,
]


def load_bytes(tmp: Path, files: dict[str, bytes]) -> LoadResult:
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    return load([tmp], tmp)


def assert_located(result: LoadResult, names: set[str]) -> None:
    for d in result.diagnostics:
        assert d.span.path in names, d.render()
        assert d.span.line >= 1 and d.span.column >= 1, d.render()
        assert d.code[0] == "S" and len(d.code) == 4, d.render()
    if result.project is None:
        assert any(d.severity == "error" for d in result.diagnostics)


@settings(
    max_examples=int(os.environ.get("STELE_FUZZ_EXAMPLES", examples(150))),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=mutated(), name=st.sampled_from(sorted(SOURCES)))
def test_mutated_project_gives_diagnostics_never_an_exception(
    tmp_path_factory: pytest.TempPathFactory, data: bytes, name: str
) -> None:
    """One file of the example project is mutated; the others stay, so references cross files."""
    tmp = tmp_path_factory.mktemp("fuzz")
    files = {**SOURCES, name: data}
    result = load_bytes(tmp, files)
    assert_located(result, set(files))


def test_the_unmutated_project_loads() -> None:
    """The fuzz starts from a clean project, so every diagnostic above is caused by a mutation."""
    result = load([ROOT / "contracts"], ROOT)
    assert result.project is not None
    assert {d.code for d in result.diagnostics} == {"S182"}


# --- hostile inputs ----------------------------------------------------------------------------


def _billion_laughs() -> bytes:
    lines = ["package: demo.bomb", "l0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, 12):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return ("\n".join(lines) + "\n").encode()


HOSTILE = {
    "alias-bomb": (_billion_laughs(), "S003", (2, 10)),
    "nesting-10k-flow": (
        b"package: demo.deep\ndoc: " + b"[" * 10_000 + b"]" * 10_000,
        "S003",
        (2, 1005),
    ),
    "nesting-5k-block": (b"package: demo.deep\ndoc:\n" + b"- " * 5_000 + b"x\n", "S003", (3, 1999)),
    "five-megabytes": (
        b"package: demo.big\ndoc: |\n" + (b"  " + b"y" * 98 + b"\n") * 52_000,
        "S003",
        (1, 1),
    ),
    "nul-byte": (b"package: demo.nul\ndoc: a\x00b\n", "S001", (2, 7)),
    "latin-1": (b"package: demo.latin\ndoc: caf\xe9\n", "S007", (2, 1)),
    "utf-16": ("package: demo.wide\n".encode("utf-16"), "S007", (1, 1)),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_rejected_with_the_right_code(tmp_path: Path, name: str) -> None:
    # Time is not asserted (shared machines are noisy): the limits on size, depth and node
    # count are what bound the work, and the code each limit reports is asserted here.
    data, code, position = HOSTILE[name]
    result = load_bytes(tmp_path, {"hostile.yaml": data})
    assert result.project is None
    assert [d.code for d in result.diagnostics] == [code]
    (d,) = result.diagnostics
    assert d.span.path == "hostile.yaml"
    if position is not None:
        assert (d.span.line, d.span.column) == position


def _layered_calls(layers: int, width: int) -> bytes:
    """`width` operations per service, each calling every operation of the next service."""
    lines = ["package: demo.layers", "types:", "  R:", "    fields:", "      id: uuid", "services:"]
    for layer in range(layers):
        lines += [f"  Layer{layer}Service:", "    operations:"]
        for k in range(width):
            lines += [f"      Op{k}:", "        style: request-response"]
            lines += ["        request: R", "        response: R"]
            if layer + 1 < layers:
                callees = ", ".join(f"Layer{layer + 1}Service.Op{j}" for j in range(width))
                lines += ["        uses:", f"          calls: [{callees}]"]
    return ("\n".join(lines) + "\n").encode()


def test_a_layered_call_graph_is_linted_per_operation_not_per_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """4^9 call paths from the top: chain depths come from the memoized walk (one visit per
    operation); the exhaustive search over paths, kept for operations that reach a cycle, must
    not run at all on a graph without cycles."""
    from stele.lint import dependencies

    searches = 0
    exhaustive = dependencies.depth

    def counted(
        by_name: dict[str, Operation], op: Operation, seen: frozenset[str] = frozenset()
    ) -> int:
        nonlocal searches
        searches += 1
        return exhaustive(by_name, op, seen)

    monkeypatch.setattr(dependencies, "depth", counted)
    result = load_bytes(tmp_path, {"layers.yaml": _layered_calls(10, 4)})
    assert searches == 0
    chains = sorted((d.span.line, d.message) for d in result.diagnostics if d.code == "S180")
    # Layers 0..6 call chains of 9..3 links; each of their 4 operations is warned about.
    assert len(chains) == 7 * 4
    assert chains[0][1] == "Op0 waits on a chain of 9 synchronous calls"
    assert chains[-1][1] == "Op3 waits on a chain of 3 synchronous calls"
