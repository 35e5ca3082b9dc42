"""`stele test messages` end to end through the CLI, on the example project: JSON lines captures
committed under tests/captures/, binary captures (Avro container files, framed Avro and
Protobuf, length-delimited Protobuf) built here from the contracts' examples through the
encoding layer. Every test asserts the exact findings."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

import pytest
from click.testing import CliRunner

from stele.cli.main import cli
from stele.encode import Codecs, frame_for_registry
from stele.encode.avro_codec import AvroCodec
from stele.encode.protobuf_codec import ProtobufCodec
from stele.ir import Project, Ref
from stele.mapping.avro_values import to_avro_value
from stele.source.config_reader import load_config
from stele.testing.proto_index import encode_indexes, index_path
from stele.testing.schema_map import stand_in_id
from stele.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "tests" / "captures"
STELE = Path(sys.executable).parent / "stele"
ORDER_CREATED = "food.order.OrderCreated"
ORDER_APPROVED = "food.order.OrderApproved"


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def codecs() -> Codecs:
    ws = open_workspace(load_config(ROOT / "stele.yaml"))
    return Codecs.from_workspace(ws, schemaless=False)


def body(project: Project, message: str, n: int = 0) -> Any:
    return project.messages[message].examples[n].body


def run(args: list[str]) -> tuple[int, list[tuple[str, str, int, str]], dict[str, Any]]:
    """Exit code, (rule, path, line, message) of every result, and the whole JSON report."""
    outcome = CliRunner().invoke(cli, ["test", "messages", *args, "--output", "json"])
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.output
    doc = json.loads(outcome.output)
    found = [(r["rule"], r["path"], r["line"], r["message"]) for r in doc["results"]]
    return outcome.exit_code, found, doc


def run_stele(args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "STELE_DEBUG")}
    return subprocess.run(
        [str(STELE), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def delimited(*records: bytes) -> bytes:
    return b"".join(varint(len(r)) + r for r in records)


# ---------------------------------------------------------------------------------------------
# JSON lines
# ---------------------------------------------------------------------------------------------


def test_good_jsonl_capture_passes() -> None:
    code, found, doc = run(["tests/captures/good.jsonl"])
    assert (code, found) == (0, [])
    assert doc["checks"] == [
        "capture tests/captures/good.jsonl",
        "messages food.delivery.CourierAvailabilityRequested",
        "messages food.delivery.CourierOffer",
        "messages food.order.CreateOrder",
        "messages food.order.CreateOrderReply",
        "messages food.order.OrderCreated",
    ]


def test_bad_jsonl_capture_reports_every_envelope_problem() -> None:
    path = "tests/captures/bad.jsonl"
    code, found, _ = run([path])
    assert code == 1
    assert found == [
        (
            "capture-missing-reply-to",
            path,
            1,
            "line 1: food.order.CreateOrder is an asynchronous request and carries no reply_to",
        ),
        (
            "capture-missing-correlation-id",
            path,
            2,
            "line 2: food.order.CreateOrderReply is a reply and carries no correlation_id",
        ),
        (
            "capture-reply-without-request",
            path,
            3,
            "line 3: correlation_id 00000000-0000-4000-8000-000000000099 matches no "
            "food.order.CreateOrder in the capture",
        ),
        (
            "capture-unknown-message-type",
            path,
            4,
            "line 4: 'food.order.OrderShipped' is not a message of the contracts",
        ),
        (
            "capture-body-invalid",
            path,
            5,
            "line 5: food.order.OrderCreated body at state: 'LOST' is not one of "
            "['APPROVAL_PENDING', 'APPROVED', 'REJECTED', 'CANCEL_PENDING', 'CANCELLED']",
        ),
        (
            "capture-not-an-event",
            path,
            6,
            "line 6: food.order.CreateOrder is a command on publish-subscribe channel "
            "food.order.order-events",
        ),
        (
            "capture-reply-outside-window",
            path,
            8,
            "line 8: arrived 60000 ms after its request (line 7); the window is 30000 ms",
        ),
        (
            "capture-invalid-record",
            path,
            9,
            "line 9: not JSON: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)",
        ),
    ]


def test_text_output_and_fail_on(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(
        cli, ["test", "messages", "tests/captures/bad.jsonl", "--output", "text", "--exit-zero"]
    )
    assert outcome.exit_code == 0
    lines = outcome.output.splitlines()
    assert lines[0] == (
        "tests/captures/bad.jsonl:1:1: error capture-missing-reply-to line 1: "
        "food.order.CreateOrder is an asynchronous request and carries no reply_to"
    )
    assert lines[-2:] == [
        "note: 9 records read as jsonl",
        "8 errors, 0 warnings, 0 infos in 1 file",
    ]


# ---------------------------------------------------------------------------------------------
# Avro object container files
# ---------------------------------------------------------------------------------------------


def write_ocf(codecs: Codecs, message: str, values: list[Any], metadata: bool = True) -> bytes:
    import fastavro

    project = codecs.project
    type_name = project.messages[message].body.name
    schema = cast(AvroCodec, codecs["avro"]).parsed_schema(type_name)
    records = [to_avro_value(project, Ref(type_name), v) for v in values]
    out = io.BytesIO()
    meta = {"stele.message_type": message} if metadata else {}
    fastavro.writer(out, schema, records, metadata=meta, codec="null")
    return out.getvalue()


def test_avro_container_file_passes(codecs: Codecs, tmp_path: Path) -> None:
    capture = tmp_path / "orders.avro"
    value = body(codecs.project, ORDER_CREATED)
    capture.write_bytes(write_ocf(codecs, ORDER_CREATED, [value, value]))
    code, found, doc = run([str(capture)])
    assert (code, found) == (0, [])
    assert doc["notes"] == [
        "2 records read as avro-ocf",
        "avro-ocf records carry no headers: envelope and interaction checks skipped",
    ]


def test_truncated_avro_record(codecs: Codecs, tmp_path: Path) -> None:
    capture = tmp_path / "orders.avro"
    value = body(codecs.project, ORDER_CREATED)
    data = write_ocf(codecs, ORDER_CREATED, [value, value])
    capture.write_bytes(data[:-30])
    code, found, _ = run([str(capture), "--format", "avro-ocf"])
    assert code == 1
    assert [(rule, path, line) for rule, path, line, _ in found] == [
        ("capture-truncated-record", str(capture), 0)
    ]
    assert found[0][3].startswith("record 1: cannot read record 1: ")


def test_avro_writer_schema_names_the_message_when_unique(codecs: Codecs, tmp_path: Path) -> None:
    # OrderApproved and OrderRejected share their body: without metadata it is ambiguous.
    capture = tmp_path / "approved.avro"
    data = write_ocf(codecs, ORDER_APPROVED, [body(codecs.project, ORDER_APPROVED)], False)
    capture.write_bytes(data)
    code, found, _ = run([str(capture)])
    assert (code, found) == (
        1,
        [
            (
                "capture-unknown-message-type",
                str(capture),
                0,
                "record 1: 'food.order.OrderStateChange' is not a message of the contracts",
            )
        ],
    )
    assert run([str(capture), "--message-type", ORDER_APPROVED])[:2] == (0, [])


# ---------------------------------------------------------------------------------------------
# Schema-registry framed records
# ---------------------------------------------------------------------------------------------


def framed_avro(codecs: Codecs, message: str, schema_id: int | None = None) -> bytes:
    type_name = codecs.project.messages[message].body.name
    payload = codecs["avro"].encode(type_name, body(codecs.project, message))
    return frame_for_registry(stand_in_id(message) if schema_id is None else schema_id, payload)


def test_framed_avro_with_stand_in_ids(codecs: Codecs, tmp_path: Path) -> None:
    capture = tmp_path / "events.bin"
    capture.write_bytes(
        delimited(framed_avro(codecs, ORDER_CREATED), framed_avro(codecs, ORDER_APPROVED))
    )
    assert run([str(capture), "--format", "framed"])[:2] == (0, [])


def test_framed_unknown_schema_id_and_truncated_record(codecs: Codecs, tmp_path: Path) -> None:
    capture = tmp_path / "events.bin"
    good = framed_avro(codecs, ORDER_CREATED)
    unknown = framed_avro(codecs, ORDER_CREATED, schema_id=4242)
    cut = framed_avro(codecs, ORDER_APPROVED)
    data = delimited(good, unknown, cut[:-4])
    capture.write_bytes(data)
    code, found, _ = run([str(capture), "--format", "framed"])
    third = len(varint(len(good)) + good + varint(len(unknown)) + unknown)
    assert code == 1
    assert found == [
        (
            "capture-truncated-record",
            str(capture),
            0,
            f"record 3 (byte {third}): cannot read food.order.OrderApproved as avro: "
            "cannot read food.order.OrderStateChange as Avro: string index out of range",
        ),
        (
            "capture-unknown-schema-id",
            str(capture),
            0,
            f"record 2 (byte {len(varint(len(good)) + good)}): schema id 4242 maps to no "
            "message of the contracts",
        ),
    ]


def test_schema_map_file(codecs: Codecs, tmp_path: Path) -> None:
    capture = tmp_path / "events.bin"
    capture.write_bytes(
        delimited(framed_avro(codecs, ORDER_CREATED, 7), framed_avro(codecs, ORDER_APPROVED, 8))
    )
    mapping = tmp_path / "ids.yaml"
    mapping.write_text(
        "ids:\n  7: food.order.OrderCreated\nsubjects:\n  food.order.OrderApproved-value: 8\n"
    )
    assert run([str(capture), "--format", "framed", "--schema-map", str(mapping)])[:2] == (0, [])
    _, found, _ = run([str(capture), "--format", "framed"])  # stand-in ids do not know 7 and 8
    assert [f[0] for f in found] == ["capture-unknown-schema-id", "capture-unknown-schema-id"]


def framed_proto(codecs: Codecs, message: str, indexes: list[int] | None = None) -> bytes:
    type_name = codecs.project.messages[message].body.name
    payload = codecs["protobuf"].encode(type_name, body(codecs.project, message))
    descriptor_set = cast(ProtobufCodec, codecs["protobuf"]).descriptor_set
    path = index_path(descriptor_set, type_name) if indexes is None else indexes
    assert path is not None
    return frame_for_registry(stand_in_id(message), encode_indexes(path) + payload)


def test_framed_protobuf_with_message_indexes(codecs: Codecs, tmp_path: Path) -> None:
    capture = tmp_path / "events.bin"
    capture.write_bytes(
        delimited(
            framed_proto(codecs, ORDER_CREATED),
            framed_proto(codecs, ORDER_APPROVED),
            framed_proto(codecs, ORDER_APPROVED, [0]),
        )
    )
    code, found, _ = run([str(capture), "--format", "framed", "--payload", "protobuf"])
    descriptor_set = cast(ProtobufCodec, codecs["protobuf"]).descriptor_set
    expected = index_path(descriptor_set, "food.order.OrderStateChange")
    offset = len(
        delimited(framed_proto(codecs, ORDER_CREATED), framed_proto(codecs, ORDER_APPROVED))
    )
    assert code == 1
    assert found == [
        (
            "capture-message-index-mismatch",
            str(capture),
            0,
            f"record 3 (byte {offset}): message indexes [0] do not name "
            f"food.order.OrderStateChange (expected {expected}) for food.order.OrderApproved",
        )
    ]


# ---------------------------------------------------------------------------------------------
# Length-delimited Protobuf
# ---------------------------------------------------------------------------------------------


def test_proto_delimited_stream(codecs: Codecs, tmp_path: Path) -> None:
    capture = tmp_path / "orders.pb"
    type_name = "food.order.Order"
    data = codecs["protobuf"].encode(type_name, body(codecs.project, ORDER_CREATED))
    capture.write_bytes(delimited(data, data) + varint(len(data)) + data[:10])
    code, found, _ = run(
        [str(capture), "--format", "proto-delimited", "--message-type", ORDER_CREATED]
    )
    offset = 2 * len(varint(len(data)) + data)
    assert (code, found) == (
        1,
        [
            (
                "capture-truncated-record",
                str(capture),
                0,
                f"record 3 (byte {offset}): the file ends before the record's declared length",
            )
        ],
    )


# ---------------------------------------------------------------------------------------------
# Bad input: exit 2, a clear message, no traceback
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "extra", "expected"),
    [
        (
            "missing.jsonl",
            None,
            [],
            "missing.jsonl:1:1: error T001 cannot read the capture: No such file or directory",
        ),
        (
            "garbage.avro",
            bytes(range(256)) * 4,
            [],
            "garbage.avro:1:1: error T002 garbage.avro is not an Avro object container file: "
            "it does not start with the Avro magic bytes 'Obj\\x01'",
        ),
        (
            "garbage.jsonl",
            bytes(range(256)) * 4,
            [],
            "garbage.jsonl:1:1: error T002 no record of garbage.jsonl can be read as jsonl: "
            "not JSON: Expecting value: line 1 column 1 (char 0)\n"
            "    hint: check --format (and --payload for framed records)",
        ),
        (
            "orders.pb",
            b"\x05abc",
            [],
            "orders.pb:1:1: error T004 proto-delimited captures need --message-type: the records "
            "carry no type\n    hint: e.g. --message-type food.accounting.AuthorizeCard",
        ),
        (
            "orders.pb",
            b"\x05abc",
            ["--message-type", "food.order.OrderCreatd"],
            "orders.pb:1:1: error T004 --message-type 'food.order.OrderCreatd' is not a message\n"
            "    hint: did you mean 'food.order.OrderCreated'?",
        ),
        (
            "orders.pb",
            b"\x05abc",
            ["--message-type", "zzz"],
            "orders.pb:1:1: error T004 --message-type 'zzz' is not a message\n"
            "    hint: use a qualified name, e.g. food.accounting.AuthorizeCard",
        ),
        (
            "capture.txt",
            b"{}",
            [],
            "capture.txt:1:1: error T001 cannot tell the format of capture.txt\n"
            "    hint: name it with --format",
        ),
    ],
)
def test_bad_input_exits_2(
    tmp_path: Path, name: str, content: bytes | None, extra: list[str], expected: str
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    fmt = ["--format", "proto-delimited"] if name.endswith(".pb") else []
    done = subprocess.run(
        [str(STELE), "test", "messages", name, *fmt, *extra, "--config", str(ROOT / "stele.yaml")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == expected + "\n"


def test_jsonl_headers_and_channels_are_checked_against_the_contracts(tmp_path: Path) -> None:
    good = [json.loads(line) for line in Path("tests/captures/good.jsonl").read_text().splitlines()]
    created = next(r for r in good if r["headers"]["message_type"] == "food.order.OrderCreated")
    on_unknown = {**created, "channel": "no-such-channel"}
    on_commands = {**created, "channel": "order-commands"}  # point-to-point, carries commands
    bad_header = {**created, "headers": {**created["headers"], "tenant_id": 42}}
    capture = tmp_path / "channels.jsonl"
    capture.write_text("".join(json.dumps(r) + "\n" for r in (on_unknown, on_commands, bad_header)))
    code, found, _ = run([str(capture)])
    assert code == 1
    assert [(rule, line) for rule, _, line, _ in found] == [
        ("capture-wrong-channel", 1),
        ("capture-wrong-channel", 2),
        ("capture-headers-invalid", 3),
    ]
    assert [message for *_, message in found] == [
        "line 1: channel 'no-such-channel' is not in the contracts",
        "line 2: food.order.OrderCreated is not carried by channel food.order.order-commands",
        "line 3: food.order.OrderCreated headers at tenant_id: 42 is not of type 'string'",
    ]


def test_a_short_message_type_is_answered_with_the_qualified_name(tmp_path: Path) -> None:
    """`OrderCreated` for `food.order.OrderCreated`: the hint names the qualified message; a
    name no message has gets no hint."""
    line = (ROOT / "tests/captures/good.jsonl").read_text(encoding="utf-8").splitlines()[0]
    record = json.loads(line)
    capture = tmp_path / "short.jsonl"
    lines = []
    for name in ("CreateOrder", "Shipped"):
        record["headers"]["message_type"] = name
        lines.append(json.dumps(record))
    capture.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, doc = run([str(capture)])
    assert code == 1
    assert [(r["rule"], r["line"], r["hint"]) for r in doc["results"]] == [
        (
            "capture-unknown-message-type",
            1,
            "message_type is the qualified name: 'food.order.CreateOrder'",
        ),
        ("capture-unknown-message-type", 2, ""),
    ]


def test_every_problem_of_a_body_is_told_in_one_run(tmp_path: Path) -> None:
    """The most relevant problem first, then the others by place (four at most), then how many
    more: a user fixes a record once, not once per problem."""
    good = [json.loads(line) for line in Path("tests/captures/good.jsonl").read_text().splitlines()]
    created = next(r for r in good if r["headers"]["message_type"] == ORDER_CREATED)
    payload = {
        **created["payload"],
        "id": "not-a-uuid",
        "state": "LOST",
        "placed_at": "yesterday",
        "version": "1",
    }
    many = {**payload, "items": [{"quantity": "x"} for _ in range(40)]}
    card = {**created["payload"]["payment_method"], "card_token": 5}
    in_union = {**created["payload"], "payment_method": card}
    capture = tmp_path / "problems.jsonl"
    lines = [{**created, "payload": p} for p in (payload, many, in_union)]
    capture.write_text("".join(json.dumps(r) + "\n" for r in lines))
    code, found, _ = run([str(capture)])
    assert code == 1
    states = "['APPROVAL_PENDING', 'APPROVED', 'REJECTED', 'CANCEL_PENDING', 'CANCELLED']"
    assert [message for *_, message in found] == [
        f"line 1: {ORDER_CREATED} body at version: '1' is not of type 'integer'; "
        "at id: 'not-a-uuid' is not a 'uuid'; "
        "at placed_at: 'yesterday' is not a 'date-time'; "
        f"at state: 'LOST' is not one of {states}",
        # 40 items with four problems each, and the four above: the validator stops at 100
        f"line 2: {ORDER_CREATED} body at id: 'not-a-uuid' is not a 'uuid'; "
        "at items/0: 'menu_item_id' is a required property; "
        "at items/0: 'name' is a required property; "
        "at items/0: 'unit_price' is a required property; "
        "at items/0/quantity: 'x' is not of type 'integer'; at least 95 more",
        # the union's error is told once, by the variant's problem
        f"line 3: {ORDER_CREATED} body at payment_method/card_token: 5 is not of type 'string'",
    ]
