"""Hostile captures: `stele test messages` reads every format as a stream under a message-size
limit and ends every hostile input in a finding (exit 1) or a located bad-input error (exit 2),
never an internal error (exit 3).

Memory bounds are proven by counting: tracemalloc's peak while a reader consumes a capture whose
record is three times the limit stays below the limit plus a fixed allowance."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import os
import tracemalloc
import zlib
from pathlib import Path
from typing import Any, cast

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.cli.main import cli
from stele.diagnostics import SteleError
from stele.encode import Codecs, frame_for_registry
from stele.encode.avro_codec import AvroCodec
from stele.encode.protobuf_codec import ProtobufCodec
from stele.source.config_reader import load_config
from stele.testing.capture_records import ReadOptions, ReadProblem
from stele.testing.captures import CaptureReader, read_jsonl
from stele.testing.captures_avro import MAGIC, blocks, read_header
from stele.testing.captures_binary import frames
from stele.testing.messages import check_stream
from stele.testing.proto_index import encode_indexes, index_path
from stele.testing.schema_map import SchemaMap, stand_in_id
from stele.testing.validators import JsonSchemas
from stele.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "tests" / "captures" / "good.jsonl").read_bytes().splitlines()
ORDER_CREATED = "food.order.OrderCreated"
MIB = 1024 * 1024
# What a reader may hold besides the one record it reads: buffers, a decoded line, small objects.
ALLOWANCE = 256 * 1024


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def codecs() -> Codecs:
    ws = open_workspace(load_config(ROOT / "stele.yaml"))
    return Codecs.from_workspace(ws, schemaless=False)


def run(args: list[str]) -> tuple[int, list[tuple[str, int, str]]]:
    """Exit code and (rule, line, message) of every result."""
    outcome = CliRunner().invoke(cli, ["test", "messages", *args, "--output", "json"])
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.output
    assert outcome.exit_code in (0, 1), outcome.output
    doc = json.loads(outcome.output)
    return outcome.exit_code, [(r["rule"], r["line"], r["message"]) for r in doc["results"]]


def run_bad(args: list[str]) -> tuple[int, str]:
    """Exit code and stderr of a run that stops on bad input."""
    outcome = CliRunner().invoke(cli, ["test", "messages", *args])
    assert isinstance(outcome.exception, SystemExit | SteleError), outcome.output
    if isinstance(outcome.exception, SteleError):
        return 2, "\n".join(d.render() for d in outcome.exception.diagnostics)
    return outcome.exit_code, outcome.output


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def zigzag(n: int) -> bytes:
    return varint((n << 1) ^ (n >> 63))


def peak_while(consume: Any) -> int:
    """The peak of memory allocated while `consume` runs. The objects alive before it are frozen
    out of the garbage collector meanwhile: in an xdist worker that has run a few thousand tests,
    each full collection (traced) walked them all, and the 30 MiB capture's took 80 s, not 3."""
    gc.collect()
    gc.freeze()
    tracemalloc.start()
    try:
        consume()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        gc.unfreeze()


# ---------------------------------------------------------------------------------------------
# JSON lines
# ---------------------------------------------------------------------------------------------


def big_line(size: int) -> bytes:
    head = b'{"headers":{"message_type":"food.order.OrderCreated"},"payload":{"pad":"'
    return head + b"x" * (size - len(head) - 3) + b'"}}'


def test_a_line_over_the_limit_is_a_finding_and_the_next_line_is_read(tmp_path: Path) -> None:
    capture = tmp_path / "big.jsonl"
    capture.write_bytes(big_line(3 * MIB) + b"\n" + envelope('{"message_type":"x"}', "{}") + b"\n")
    code, found = run([str(capture), "--max-message-size", "1MiB"])
    assert (code, found) == (
        1,
        [
            (
                "capture-record-too-large",
                1,
                "line 1: 3145728 bytes, over the limit of 1048576 bytes per message "
                "(--max-message-size)",
            ),
            ("capture-unknown-message-type", 2, "line 2: 'x' is not a message of the contracts"),
        ],
    )


def test_reading_a_line_three_times_the_limit_stays_within_the_limit() -> None:
    data = big_line(3 * MIB) + b"\n" + GOOD[1] + b"\n"
    items: list[object] = []
    peak = peak_while(lambda: items.extend(read_jsonl(io.BytesIO(data), MIB)))
    assert [type(i).__name__ for i in items] == ["ReadProblem", "Record"]
    assert peak < MIB + ALLOWANCE < len(data)


def test_a_line_without_an_end_is_too_large_at_its_line(tmp_path: Path) -> None:
    capture = tmp_path / "endless.jsonl"
    capture.write_bytes(GOOD[0] + b"\n\n" + b"[" * (2 * MIB))
    code, found = run([str(capture), "--max-message-size", "1MiB"])
    assert (code, found) == (
        1,
        [
            (
                "capture-record-too-large",
                3,
                "line 3: 2097152 bytes, over the limit of 1048576 bytes per message "
                "(--max-message-size)",
            )
        ],
    )


def envelope(headers: str, payload: str) -> bytes:
    return f'{{"headers":{headers},"payload":{payload}}}'.encode()


@pytest.mark.parametrize(
    ("line", "rule", "message"),
    [
        (
            envelope('{"message_type":"food.order.OrderCreated"}', "[" * 100_000 + "]" * 100_000),
            "capture-record-too-deep",
            "line 1: the record nests deeper than 64 levels",
        ),
        (
            envelope("[" * 100_000 + "]" * 100_000, "{}"),
            "capture-record-too-deep",
            "line 1: the record nests deeper than 64 levels",
        ),
        (
            envelope('{"message_type":"x"}', '{"a":' * 70 + "1" + "}" * 70),
            "capture-record-too-deep",
            f"line 1: the record nests deeper than 64 levels (at /payload{'/a' * 63})",
        ),
        (
            envelope('{"message_type":"\\ud800"}', "{}"),
            "capture-invalid-record",
            "line 1: the record holds a lone surrogate \\ud800 (at /headers/message_type): "
            "JSON text must be Unicode",
        ),
        (
            envelope('{"message_type":"food.order.OrderCreated"}', '{"\\udfff":1}'),
            "capture-invalid-record",
            "line 1: the record holds a lone surrogate \\udfff (at /payload): JSON text must be "
            "Unicode",
        ),
        (
            envelope('{"message_type":"x"}', '{"a":NaN}'),
            "capture-invalid-record",
            "line 1: not JSON: NaN is not JSON",
        ),
        (
            envelope('{"message_type":"x"}', '{"a":' + "9" * 5000 + "}"),
            "capture-invalid-record",
            "line 1: not JSON: Exceeds the limit (4300 digits) for integer string conversion: "
            "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit",
        ),
        (
            envelope('{"message_type":"x"}', '"caf\xe9"').replace(b"\xc3\xa9", b"\xe9"),
            "capture-invalid-record",
            "line 1: not UTF-8: invalid byte at column 47",
        ),
    ],
    ids=[
        "deep-payload",
        "deep-headers",
        "payload-70-levels",
        "surrogate-header",
        "surrogate-key",
        "nan",
        "long-integer",
        "latin-1",
    ],
)
def test_hostile_json_is_a_finding(tmp_path: Path, line: bytes, rule: str, message: str) -> None:
    capture = tmp_path / "hostile.jsonl"
    capture.write_bytes(line + b"\n" + GOOD[0] + b"\n")
    code, found = run([str(capture)])
    assert (code, found) == (1, [(rule, 1, message)])


# ---------------------------------------------------------------------------------------------
# Length-prefixed records (framed, proto-delimited)
# ---------------------------------------------------------------------------------------------


def proto_record(codecs: Codecs) -> bytes:
    value = codecs.project.messages[ORDER_CREATED].examples[0].body
    return codecs["protobuf"].encode(codecs.project.messages[ORDER_CREATED].body.name, value)


def test_a_length_announcing_2_gib_in_a_small_file_is_a_truncated_record(
    codecs: Codecs, tmp_path: Path
) -> None:
    good = proto_record(codecs)
    capture = tmp_path / "orders.pb"
    capture.write_bytes(varint(len(good)) + good + varint(2 * 1024 * MIB) + b"\x08\x01")
    code, found = run(
        [str(capture), "--format", "proto-delimited", "--message-type", ORDER_CREATED]
    )
    offset = len(varint(len(good)) + good)
    assert (code, found) == (
        1,
        [
            (
                "capture-truncated-record",
                0,
                f"record 2 (byte {offset}): the file ends before the record's declared length",
            )
        ],
    )


def test_a_record_over_the_limit_is_skipped_and_the_next_one_read(
    codecs: Codecs, tmp_path: Path
) -> None:
    good = proto_record(codecs)
    big = b"\x0a" + varint(3 * MIB) + b"x" * (3 * MIB)  # field 1 as 3 MiB of bytes
    capture = tmp_path / "orders.pb"
    capture.write_bytes(varint(len(big)) + big + varint(len(good)) + good)
    code, found = run(
        [
            str(capture),
            "--format",
            "proto-delimited",
            "--message-type",
            ORDER_CREATED,
            "--max-message-size",
            "1MiB",
        ]
    )
    assert (code, found) == (
        1,
        [
            (
                "capture-record-too-large",
                0,
                f"record 1 (byte 0): {len(big)} bytes, over the limit of 1048576 bytes per "
                "message (--max-message-size)",
            )
        ],
    )


def test_reading_a_record_three_times_the_limit_stays_within_the_limit(tmp_path: Path) -> None:
    big = b"x" * (3 * MIB)
    capture = tmp_path / "big.bin"
    capture.write_bytes(varint(len(big)) + big + varint(3) + b"abc")
    items: list[tuple[int, int, bytes] | ReadProblem] = []
    with capture.open("rb") as stream:
        peak = peak_while(lambda: items.extend(frames(stream, MIB)))
    assert [i if isinstance(i, tuple) else i.rule for i in items] == [
        "capture-record-too-large",
        (2, 3 * MIB + 4, b"abc"),
    ]
    assert peak < ALLOWANCE


def test_a_length_prefix_that_never_ends(codecs: Codecs, tmp_path: Path) -> None:
    good = proto_record(codecs)
    capture = tmp_path / "orders.pb"
    capture.write_bytes(varint(len(good)) + good + b"\xff" * 64)
    args = [str(capture), "--format", "proto-delimited", "--message-type", ORDER_CREATED]
    code, found = run(args)
    offset = len(varint(len(good)) + good)
    assert (code, found) == (
        1,
        [
            (
                "capture-invalid-record",
                0,
                f"record 2 (byte {offset}): the length prefix does not end within 10 bytes",
            )
        ],
    )
    capture.write_bytes(b"\xff" * 64)
    assert run_bad(args) == (
        2,
        f"{capture}:1:1: error T002 no record of {capture} can be read as proto-delimited: the "
        "length prefix does not end within 10 bytes\n"
        "    hint: check --format (and --payload for framed records)",
    )


# ---------------------------------------------------------------------------------------------
# Avro object container files
# ---------------------------------------------------------------------------------------------


def ocf(schema: object, blocks_: list[tuple[int, bytes]], codec: str = "null") -> bytes:
    sync = b"S" * 16
    meta = {"avro.schema": json.dumps(schema).encode(), "avro.codec": codec.encode()}
    head = MAGIC + zigzag(len(meta))
    for k, v in meta.items():
        head += zigzag(len(k)) + k.encode() + zigzag(len(v)) + v
    head += zigzag(0) + sync
    return head + b"".join(zigzag(n) + zigzag(len(d)) + d + sync for n, d in blocks_)


LONGS = {"type": "record", "name": "Row", "fields": [{"name": "n", "type": "long"}]}


def test_a_deflate_bomb_is_a_finding_within_the_limit(tmp_path: Path) -> None:
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = bomb.compress(b"\x02" * (3 * MIB)) + bomb.flush()
    data = ocf(LONGS, [(3 * MIB, packed), (1, zlib.compress(b"\x04")[2:-4])], "deflate")
    first_block = len(ocf(LONGS, [], "deflate"))
    capture = tmp_path / "bomb.avro"
    capture.write_bytes(data)
    code, found = run([str(capture), "--max-message-size", "1MiB"])
    assert (code, found) == (
        1,
        [
            (
                "capture-record-too-large",
                0,
                f"record 1: the block of records 1 to {3 * MIB} at byte {first_block} is more than "
                "1048576 "
                "bytes, the limit per message (--max-message-size)",
            ),
            (
                "capture-unknown-message-type",
                0,
                f"record {3 * MIB + 1}: 'Row' is not a message of the contracts",
            ),
        ],
    )
    stream = io.BytesIO(data)

    def consume() -> None:
        header = read_header(stream, MIB)
        list(blocks(stream, header, stream.tell(), MIB))

    assert peak_while(consume) < MIB + ALLOWANCE


def test_a_block_size_over_the_limit_is_skipped(tmp_path: Path) -> None:
    capture = tmp_path / "rows.avro"
    capture.write_bytes(ocf(LONGS, [(1, b"\x02" * (2 * MIB)), (1, b"\x04")]))
    code, found = run([str(capture), "--max-message-size", "1MiB"])
    assert [rule for rule, *_ in found] == [
        "capture-record-too-large",
        "capture-unknown-message-type",
    ]
    assert code == 1


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (
            {"type": "record", "name": "A", "fields": [{"name": "a", "type": "A"}]},
            None,
        ),
        (
            {"type": "array", "items": "null"},
            "its schema has an array of items that take no bytes: a count could make a record "
            "unbounded",
        ),
        (
            {
                "type": "array",
                "items": {"type": "record", "name": "E", "fields": [{"name": "z", "type": "null"}]},
            },
            "its schema has an array of items that take no bytes: a count could make a record "
            "unbounded",
        ),
    ],
    ids=["self-recursive", "array-of-null", "array-of-empty-record"],
)
def test_hostile_writer_schemas(tmp_path: Path, schema: object, message: str | None) -> None:
    capture = tmp_path / "hostile.avro"
    capture.write_bytes(ocf(schema, [(1, b"\x00" * 64), (1, zigzag(2**62) + b"\x00")]))
    if message is None:  # the Python reader recurses until RecursionError: a finding
        code, found = run([str(capture)])
        assert (code, found) == (
            1,
            [
                ("capture-record-too-deep", 0, "record 1: the record nests too deeply to read"),
                ("capture-record-too-deep", 0, "record 2: the record nests too deeply to read"),
            ],
        )
        return
    assert run_bad([str(capture)]) == (
        2,
        f"{capture}:1:1: error T002 {capture} is not an Avro object container file: {message}",
    )


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (
            MAGIC + zigzag(1) + zigzag(2**40),
            "the header is larger than the limit of 16777216 bytes",
        ),
        (MAGIC + zigzag(1) + zigzag(3) + b"abc", "the metadata map is cut off or malformed"),
        (
            ocf(json.loads("[" * 100 + "]" * 100), []),
            "avro.schema nests deeper than 64 levels (at /0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/"
            "0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/"
            "0/0/0/0)",
        ),
        (
            ocf(LONGS, [], codec="snappy"),
            "codec 'snappy' is not supported (stele reads null, deflate, bzip2, xz)",
        ),
        (ocf({"type": "nope"}, []), "its schema is not Avro: UnknownType"),
    ],
    ids=["huge-metadata", "cut-metadata", "deep-schema", "codec", "bad-schema"],
)
def test_a_hostile_container_header_is_bad_input(tmp_path: Path, data: bytes, why: str) -> None:
    capture = tmp_path / "hostile.avro"
    capture.write_bytes(data)
    assert run_bad([str(capture)]) == (
        2,
        f"{capture}:1:1: error T002 {capture} is not an Avro object container file: {why}",
    )


# ---------------------------------------------------------------------------------------------
# The capture file itself and the option
# ---------------------------------------------------------------------------------------------


def test_a_directory_or_a_fifo_is_not_a_capture(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    assert run_bad([str(fifo)]) == (
        2,
        f"{fifo}:1:1: error T001 cannot read the capture: it is not a regular file",
    )
    folder = tmp_path / "dir.jsonl"
    folder.mkdir()
    assert run_bad([str(folder)]) == (
        2,
        f"{folder}:1:1: error T001 cannot read the capture: it is a directory",
    )


@pytest.mark.parametrize("size", ["0", "lots", "16MB", "-1", "9999999999999"])
def test_a_bad_max_message_size_is_a_usage_error(size: str) -> None:
    code, output = run_bad(["tests/captures/good.jsonl", "--max-message-size", size])
    assert code == 2
    assert output.splitlines()[-1] == (
        f"Error: Invalid value for '--max-message-size': '{size}' is not a size: write bytes, "
        "or KiB, MiB or GiB, such as 16MiB"
    )


# ---------------------------------------------------------------------------------------------
# Fuzzing: structure-aware mutations of valid captures never end in an internal error
# ---------------------------------------------------------------------------------------------

FUZZ_EXAMPLES = int(os.environ.get("STELE_FUZZ_EXAMPLES", "40"))


@pytest.fixture(scope="module")
def schemas() -> JsonSchemas:
    from stele.cli.testrun import TEST_FORMATS
    from stele.generate import cached_artifacts

    ws = open_workspace(load_config(ROOT / "stele.yaml"))
    return JsonSchemas(cached_artifacts(ws, TEST_FORMATS, validate=False))


@pytest.fixture(scope="module")
def checker(codecs: Codecs, schemas: JsonSchemas) -> Any:
    def check(data: bytes, fmt: str, payload: str = "avro") -> None:
        options = ReadOptions(fmt, SchemaMap.stand_in(codecs.project), ORDER_CREATED, payload, 4096)
        stream = io.BytesIO(data)
        reader = CaptureReader(stream, "fuzz", codecs.project, codecs, options)
        with contextlib.suppress(SteleError):  # bad input, located: exit 2
            check_stream(reader, schemas)

    return check


def valid_captures(codecs: Codecs) -> dict[str, tuple[bytes, str, str]]:
    import fastavro

    from stele.ir import Ref
    from stele.mapping.avro_values import to_avro_value

    project = codecs.project
    body = project.messages[ORDER_CREATED].body.name
    value = project.messages[ORDER_CREATED].examples[0].body
    avro = codecs["avro"].encode(body, value)
    proto = proto_record(codecs)
    descriptor_set = cast(ProtobufCodec, codecs["protobuf"]).descriptor_set
    indexes = encode_indexes(index_path(descriptor_set, body) or [0])
    containers: dict[str, bytes] = {}
    for codec in ("deflate", "null", "bzip2"):
        out = io.BytesIO()
        fastavro.writer(
            out,
            cast(AvroCodec, codecs["avro"]).parsed_schema(body),
            [to_avro_value(project, Ref(body), value)] * 3,
            metadata={"stele.message_type": ORDER_CREATED},
            codec=codec,
            sync_interval=200,  # a block per record or two
        )
        containers[codec] = out.getvalue()
    framed = frame_for_registry(stand_in_id(ORDER_CREATED), avro)
    return {
        "jsonl": (b"\n".join(GOOD) + b"\n", "jsonl", "avro"),
        "framed": (varint(len(framed)) + framed, "framed", "avro"),
        "framed-proto": (
            varint(len(proto) + 5 + len(indexes))
            + frame_for_registry(stand_in_id(ORDER_CREATED), indexes + proto),
            "framed",
            "protobuf",
        ),
        "delimited": ((varint(len(proto)) + proto) * 2, "proto-delimited", "avro"),
        "ocf": (containers["deflate"], "avro-ocf", "avro"),
        "ocf-null": (containers["null"], "avro-ocf", "avro"),
        "ocf-bzip2": (containers["bzip2"], "avro-ocf", "avro"),
    }


MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "cut", "insert", "repeat", "varint", "nest", "json"]),
        st.integers(min_value=0, max_value=1 << 16),
        st.binary(min_size=1, max_size=12),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, steps: list[tuple[str, int, bytes]]) -> bytes:
    for kind, where, blob in steps:
        at = where % (len(data) + 1)
        if kind == "flip" and data:
            at %= len(data)
            data = data[:at] + bytes([data[at] ^ (blob[0] | 1)]) + data[at + 1 :]
        elif kind == "cut":
            data = data[:at]
        elif kind == "insert":
            data = data[:at] + blob + data[at:]
        elif kind == "repeat":
            data = data[:at] + data[at : at + 64] * (1 + blob[0] % 8) + data[at:]
        elif kind == "varint":  # a length or count announcing up to 2**63
            data = data[:at] + varint(int.from_bytes(blob[:8], "big")) + data[at:]
        elif kind == "json":  # a JSON line whose value at some path becomes a hostile one
            data = mutate_json(data, where, blob)
        else:  # deep JSON nesting or a surrogate escape
            data = data[:at] + (b"[" * 200 if blob[0] % 2 else b'"\\ud800"') + data[at:]
    return data


HOSTILE_VALUES: list[object] = [
    None,
    True,
    -1,
    2**70,
    1e308,
    "",
    "\ud800",
    "x" * 5000,
    [],
    {},
    [[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]],
    {"message_type": ["x"]},
    "2026-02-30T25:61:00Z",
    "0001-01-01T00:00:00+23:59",
]


def mutate_json(data: bytes, where: int, blob: bytes) -> bytes:
    """Replace one value (or key) of one JSON line with a hostile value; other data as is."""
    lines = data.split(b"\n")
    number = where % len(lines)
    try:
        doc = json.loads(lines[number])
    except ValueError:
        return data
    paths: list[list[object]] = []
    stack: list[tuple[object, list[object]]] = [(doc, [])]
    while stack:
        node, path = stack.pop()
        paths.append(path)
        if isinstance(node, dict):
            stack.extend((child, [*path, key]) for key, child in node.items())
        elif isinstance(node, list):
            stack.extend((child, [*path, key]) for key, child in enumerate(node))
    path = paths[blob[0] % len(paths)]
    value = HOSTILE_VALUES[blob[-1] % len(HOSTILE_VALUES)]
    if not path:
        doc = value
    else:
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    lines[number] = json.dumps(doc).encode()
    return b"\n".join(lines)


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    which=st.sampled_from(
        ["jsonl", "framed", "framed-proto", "delimited", "ocf", "ocf-null", "ocf-bzip2"]
    ),
    steps=MUTATIONS,
)
def test_mutated_captures_never_reach_an_internal_error(
    codecs: Codecs, checker: Any, which: str, steps: list[tuple[str, int, bytes]]
) -> None:
    data, fmt, payload = valid_captures(codecs)[which]
    checker(mutate(data, steps), fmt, payload)


def test_valid_captures_of_the_fuzzer_pass(codecs: Codecs, checker: Any) -> None:
    """The seeds are valid: every mutation starts from a capture that reads cleanly."""
    for data, fmt, payload in valid_captures(codecs).values():
        options = ReadOptions(fmt, SchemaMap.stand_in(codecs.project), ORDER_CREATED, payload)
        reader = CaptureReader(io.BytesIO(data), "seed", codecs.project, codecs, options)
        items = list(reader.items())
        assert [i for i in items if isinstance(i, ReadProblem)] == []
        assert items


RECURSIVE = """\
package: demo.rec
types:
  Node:
    fields:
      value: int32
      next: Node?
messages:
  NodeSeen:
    kind: event
    body: Node
"""


def test_a_deep_record_of_a_recursive_contract_type_is_a_finding(tmp_path: Path) -> None:
    """Each level of `next` costs 2 bytes: 500,000 levels in 1 MB. fastavro's compiled reader
    recursed in C until the process died (exit 139); captures read recursive schemas with its
    Python reader, whose RecursionError is the finding."""
    (tmp_path / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "rec.yaml").write_text(RECURSIVE, encoding="utf-8")
    record = frame_for_registry(stand_in_id("demo.rec.NodeSeen"), b"\x00\x02" * 500_000 + b"\0\0")
    capture = tmp_path / "deep.bin"
    capture.write_bytes(varint(len(record)) + record)
    config = str(tmp_path / "stele.yaml")
    assert run([str(capture), "--format", "framed", "--config", config]) == (
        1,
        [
            (
                "capture-record-too-deep",
                0,
                "record 1 (byte 0): the record nests too deeply to read",
            )
        ],
    )


def alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ids: " + "[" * 5000 + "]" * 5000 + "\n",
            "map.yaml:1:1005: error S003 the document nests too deeply\n"
            "    hint: flatten the structure",
        ),
        (
            alias_bomb(),
            "map.yaml:1:16: error S003 the document expands to more than 200000 nodes\n"
            "    hint: aliases that expand exponentially are rejected; write the values out",
        ),
        (
            "ids: !!python/object/apply:os.system [ls]\n",
            "map.yaml:1:6: error S004 YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
            "is not allowed in contract files\n"
            "    hint: remove the tag; contract files hold plain maps, lists and scalars",
        ),
        (
            'ids: {7: "\\e[31mx"}\n',
            "map.yaml:1:1: error T003 unknown message '\\x1b[31mx'",
        ),
    ],
    ids=["deep", "alias-bomb", "tag", "control-characters"],
)
def test_a_hostile_schema_map_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    """The schema map was read with yaml.safe_load: 5,000 levels ended in an internal
    RecursionError, and an alias bomb expanded without limit. It now has the contract reader's
    limits."""
    (tmp_path / "map.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "c.bin").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    config = str(ROOT / "stele.yaml")
    args = ["c.bin", "--format", "framed", "--schema-map", "map.yaml", "--config", config]
    assert run_bad(args) == (2, expected)


def test_reading_stops_after_1000_unreadable_records(tmp_path: Path) -> None:
    """Each unreadable line is a result held until the report: a capture of millions of broken
    lines would fill memory with them. After 1,000 the rest is not read."""
    capture = tmp_path / "broken.jsonl"
    capture.write_bytes(GOOD[0] + b"\n" + b"x\n" * 5000)
    code, found = run([str(capture)])
    assert code == 1
    assert len(found) == 1001
    assert found[-2:] == [
        (
            "capture-invalid-record",
            1001,
            "line 1001: 1000 records could not be read: the rest of the capture is not read",
        ),
        (
            "capture-invalid-record",
            1001,
            "line 1001: not JSON: Expecting value: line 1 column 1 (char 0)",
        ),
    ]
    capture.write_bytes(b"x\n" * 5000)
    assert run_bad([str(capture)]) == (
        2,
        f"{capture}:1:1: error T002 no record of {capture} can be read as jsonl: not JSON: "
        "Expecting value: line 1 column 1 (char 0)\n"
        "    hint: check --format (and --payload for framed records)",
    )


def test_a_validator_message_quoting_a_huge_value_is_clipped(tmp_path: Path) -> None:
    """jsonschema quotes the instance: a 1 MiB string where a number goes made a 1 MiB result."""
    created = json.loads(GOOD[2])
    created["payload"]["version"] = "9" * MIB
    capture = tmp_path / "huge.jsonl"
    capture.write_text(json.dumps(created) + "\n", encoding="utf-8")
    code, found = run([str(capture)])
    assert code == 1
    ((rule, line, message),) = found
    assert (rule, line, len(message)) == ("capture-body-invalid", 1, 331)
    assert message.startswith("line 1: food.order.OrderCreated body at version: '9999")
    assert message.endswith("9999... (1048615 characters)")


def test_a_corrupt_compressed_block_is_a_finding_and_the_next_block_is_read(
    tmp_path: Path,
) -> None:
    data = ocf(LONGS, [(1, b"\xff\xff garbage"), (1, zlib.compress(b"\x04")[2:-4])], "deflate")
    capture = tmp_path / "corrupt.avro"
    capture.write_bytes(data)
    first_block = len(ocf(LONGS, [], "deflate"))
    assert run([str(capture)]) == (
        1,
        [
            (
                "capture-invalid-record",
                0,
                f"record 1: the block at byte {first_block}: cannot decompress a deflate block: "
                "Error -3 while decompressing data: invalid block type",
            ),
            (
                "capture-unknown-message-type",
                0,
                "record 2: 'Row' is not a message of the contracts",
            ),
        ],
    )


def test_headers_of_megabytes_are_not_kept_for_the_whole_capture(
    codecs: Codecs, schemas: JsonSchemas
) -> None:
    """The interaction checks keep each record's envelope until the end; a 1 MiB header on each
    of 30 records kept 30 MiB. Only the envelope headers are kept, long ones as digests."""
    created = json.loads(GOOD[2])
    created["headers"]["tenant_id"] = "t" * MIB
    created["headers"]["correlation_id"] = "c" * MIB
    lines = []
    for n in range(30):
        created["headers"]["message_id"] = f"00000000-0000-4000-8000-{n:012d}"
        lines.append(json.dumps(created).encode())
    data = b"\n".join(lines) + b"\n"
    options = ReadOptions("jsonl", SchemaMap.stand_in(codecs.project), None, "avro", 4 * MIB)
    reader = CaptureReader(io.BytesIO(data), "big.jsonl", codecs.project, codecs, options)
    found: list[Any] = []
    peak = peak_while(lambda: found.extend(check_stream(reader, schemas)[0]))
    assert [r.rule for r in found] == ["capture-headers-invalid"] * 30
    assert found[0].message.startswith(
        "line 1: food.order.OrderCreated headers at correlation_id: 'cccc"
    )
    assert peak < 12 * MIB < len(data) / 4


def test_an_unknown_message_type_is_not_a_check_of_its_own(tmp_path: Path) -> None:
    """Each unknown message type was a check, and named each of its results' checks: 30 lines
    of 1 MiB types kept 30 MiB of check names, twice."""
    capture = tmp_path / "types.jsonl"
    capture.write_bytes(envelope('{"message_type":"' + "T" * MIB + '"}', "{}") + b"\n")
    outcome = CliRunner().invoke(cli, ["test", "messages", str(capture), "--output", "json"])
    doc = json.loads(outcome.output)
    assert outcome.exit_code == 1
    assert doc["checks"] == [f"capture {capture}"]
    assert [(r["rule"], r["check"], r["message"]) for r in doc["results"]] == [
        (
            "capture-unknown-message-type",
            f"capture {capture}",
            f"line 1: '{'T' * 77}...' is not a message of the contracts",
        )
    ]
