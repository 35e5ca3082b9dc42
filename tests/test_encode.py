"""The encoding layer on the example project: bytes equal independent encodes through the
libraries directly, every example round-trips through every format, versions read each other."""

from __future__ import annotations

import base64
import io
import json
import random
from pathlib import Path
from typing import Any, cast

import cbor2
import fastavro
import msgpack
import pytest
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

from stele.emit.protoc import compile_descriptor_set, import_paths
from stele.encode import (
    Codecs,
    DecodeError,
    Sample,
    Shape,
    frame_for_registry,
    generate_value,
    normal_form,
    samples_for_message,
    type_samples,
    unframe_from_registry,
)
from stele.generate import build_artifacts
from stele.ir import Enum, ListOf, MapOf, Project, Record, Ref, Scalar, TypeExpr, Union, Value
from stele.mapping.artifacts import enum_prefix
from stele.mapping.avro_values import READER_OPTIONS, to_avro_value
from stele.mapping.canonical_text import parse_duration
from stele.source.config_reader import load_config
from stele.workspace import Workspace, open_workspace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return open_workspace(load_config(ROOT / "stele.yaml"))


@pytest.fixture(scope="module")
def codecs(ws: Workspace) -> Codecs:
    return Codecs.from_workspace(ws, registry_framing=True)


def all_examples(project: Project) -> list[Sample]:
    samples = [s for m in project.messages.values() for s in samples_for_message(project, m)]
    samples += [s for t in project.types.values() for s in type_samples(project, t)]
    return [s for s in samples if not isinstance(project.types[s.type_name], Enum)]


def example_ids(project: Project) -> list[str]:
    return [f"{s.owner}[{s.name}]" for s in all_examples(project)]


# -- independent encodes ------------------------------------------------------------------------


def proto_json(project: Project, t: TypeExpr, value: Value) -> Any:
    """The Protobuf JSON mapping of a canonical value (what json_format.ParseDict reads)."""
    if isinstance(t, ListOf):
        assert isinstance(value, list)
        return [proto_json(project, t.item, v) for v in value]
    if isinstance(t, MapOf):
        assert isinstance(value, dict)
        return {k: proto_json(project, t.value, v) for k, v in value.items()}
    if isinstance(t, Scalar) and t.name == "duration":
        assert isinstance(value, str)
        micros = parse_duration(value)
        return f"{'-' if micros < 0 else ''}{abs(micros) // 10**6}.{abs(micros) % 10**6:06d}s"
    if not isinstance(t, Ref):
        return value
    named = project.types[t.name]
    if isinstance(named, Enum):
        return f"{enum_prefix(named.short_name)}_{value}"
    assert isinstance(value, dict)
    if isinstance(named, Union):
        variant = next(v for v in named.variants if v.name == value[named.discriminator])
        rest = {k: v for k, v in value.items() if k != named.discriminator}
        return {variant.name: proto_json(project, variant.type, rest)}
    assert isinstance(named, Record)
    out = {}
    for f in named.fields:
        if f.name in value:
            out[f.name] = proto_json(project, f.type, value[f.name])
        elif f.has_default and not f.optional:
            out[f.name] = proto_json(project, f.type, f.default)
    return out


@pytest.fixture(scope="module")
def proto_classes(ws: Workspace) -> Any:
    artifacts = build_artifacts(ws, ("protobuf",), validate=False)
    files = descriptor_pb2.FileDescriptorSet.FromString(
        compile_descriptor_set(import_paths(artifacts))
    )
    pool = descriptor_pool.DescriptorPool()
    for f in files.file:
        pool.Add(f)
    return lambda name: message_factory.GetMessageClass(pool.FindMessageTypeByName(name))


def avro_schema_on_disk(project: Project, type_name: str) -> Any:
    """The type's per-type file loaded with the files it refers to (fastavro's named-schema
    loading, as a user would)."""
    from _avro_files import load_type

    tree = ROOT / "codegen/avro"
    files = {p.relative_to(tree).as_posix(): p.read_bytes() for p in tree.rglob("*") if p.is_file()}
    index = json.loads(files["index.json"])
    return load_type(files, index["types"][type_name]["avro"])


def independent_sizes(project: Project, proto_classes: Any, sample: Sample) -> dict[str, int]:
    t = Ref(sample.type_name)
    message = proto_classes(sample.type_name)()
    json_format.ParseDict(proto_json(project, t, sample.value), message)
    sizes = {
        "json": len(json.dumps(sample.value, separators=(",", ":"), ensure_ascii=False).encode()),
        "protobuf": len(message.SerializeToString()),
        "msgpack": len(msgpack.packb(sample.value, use_bin_type=True)),
        "cbor": len(cbor2.dumps(sample.value)),
    }
    if not isinstance(project.types[sample.type_name], Union):  # unions have no .avsc file
        buffer = io.BytesIO()
        schema = avro_schema_on_disk(project, sample.type_name)
        fastavro.schemaless_writer(buffer, schema, to_avro_value(project, t, sample.value))
        sizes["avro"] = len(buffer.getvalue())
        sizes["avro-registry"] = sizes["avro"] + 5
    return sizes


def test_every_example_is_measured(ws: Workspace) -> None:
    # 19 message examples and the type examples; a change here means the list below changed.
    assert len(all_examples(ws.project)) == len(example_ids(ws.project)) >= 19


def test_bytes_equal_independent_encodes(ws: Workspace, codecs: Codecs, proto_classes: Any) -> None:
    assert codecs.formats == ("json", "protobuf", "avro", "avro-registry", "msgpack", "cbor")
    for sample in all_examples(ws.project):
        expected = independent_sizes(ws.project, proto_classes, sample)
        measured = {
            fmt: len(codecs[fmt].encode(sample.type_name, sample.value)) for fmt in expected
        }
        assert measured == expected, f"{sample.owner} [{sample.name}]"


def test_every_example_round_trips_through_every_format(ws: Workspace, codecs: Codecs) -> None:
    project = ws.project
    for sample in all_examples(project):
        expected = normal_form(project, sample.type_name, sample.value)
        for codec in codecs:
            back = codec.decode(sample.type_name, codec.encode(sample.type_name, sample.value))
            got = normal_form(project, sample.type_name, back)
            assert got == expected, f"{sample.owner} [{sample.name}] via {codec.name}"


def test_protobuf_bytes_read_back_by_the_protobuf_runtime(
    ws: Workspace, codecs: Codecs, proto_classes: Any
) -> None:
    sample = next(
        s
        for s in all_examples(ws.project)
        if (s.owner, s.name) == ("food.order.Order", "cancelled")
    )
    message = proto_classes(sample.type_name).FromString(
        codecs["protobuf"].encode(sample.type_name, sample.value)
    )
    as_json = json_format.MessageToDict(message, preserving_proto_field_name=True)
    assert as_json["state"] == "ORDER_STATE_CANCELLED"
    assert as_json["payment_method"]["card"]["brand"] == "CARD_BRAND_VISA"
    assert as_json["cancellation"]["cancelled_at"] == "2026-11-25T12:41:07.250Z"


def test_avro_bytes_read_back_by_fastavro(ws: Workspace, codecs: Codecs) -> None:
    sample = next(s for s in all_examples(ws.project) if s.owner == "food.order.OrderApproved")
    data = codecs["avro"].encode(sample.type_name, sample.value)
    schema = avro_schema_on_disk(ws.project, sample.type_name)
    read: Any = fastavro.schemaless_reader(
        io.BytesIO(data), schema, None, return_record_name=READER_OPTIONS["return_record_name"]
    )
    assert read["state"] == "APPROVED"
    assert str(read["order_id"]) == "5f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f"


def test_registry_framing(ws: Workspace, codecs: Codecs) -> None:
    name = "food.order.OrderStateChange"
    value: dict[str, Value] = {
        "order_id": "5f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        "state": "APPROVED",
    }
    value["changed_at"] = "2026-11-25T12:31:10Z"
    framed = codecs["avro-registry"].encode(name, value)
    plain = codecs["avro"].encode(name, value)
    schema_id, payload = unframe_from_registry(framed)
    assert framed[:1] == b"\x00" and payload == plain
    assert frame_for_registry(schema_id, plain) == framed
    assert codecs["avro-registry"].decode(name, framed) == value
    with pytest.raises(DecodeError, match="magic byte 0"):
        codecs["avro-registry"].decode(name, plain)


def test_garbage_is_a_decode_error(codecs: Codecs) -> None:
    for fmt in ("json", "protobuf", "avro", "msgpack", "cbor"):
        with pytest.raises(DecodeError):
            codecs[fmt].decode("food.order.OrderStateChange", b"\xff\xfe\x00")


def test_a_value_that_does_not_fit_is_a_value_error(codecs: Codecs) -> None:
    wrong: dict[str, Value] = {"order_id": "5f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f", "state": "LOST"}
    wrong["changed_at"] = "2026-11-25T12:31:10Z"
    for fmt in ("protobuf", "avro"):
        with pytest.raises(ValueError, match="LOST"):
            codecs[fmt].encode("food.order.OrderStateChange", wrong)


def test_generated_values_are_deterministic_and_valid(ws: Workspace, codecs: Codecs) -> None:
    from stele.values import check_value

    project = ws.project
    shape = Shape(list_length=(2, 2), string_length=(5, 5), optional_presence=1.0)
    first = generate_value(project, Ref("food.order.Order"), random.Random(7), shape)
    again = generate_value(project, Ref("food.order.Order"), random.Random(7), shape)
    assert first == again
    assert isinstance(first, dict) and len(cast(list[Value], first["items"])) == 2
    assert "cancellation" in first and len(cast(str, first["consumer_id"])) == 36
    assert list(check_value(project, Ref("food.order.Order"), first)) == []
    absent = generate_value(
        project, Ref("food.order.Order"), random.Random(7), Shape(optional_presence=0.0)
    )
    assert isinstance(absent, dict) and "cancellation" not in absent
    for m in project.messages.values():
        for s in samples_for_message(project, m, generate=2, seed=3):
            assert list(check_value(project, Ref(s.type_name), s.value)) == [], s.name


def test_generated_samples_are_named_and_counted(ws: Workspace) -> None:
    message = ws.project.messages["food.order.OrderApproved"]
    samples = samples_for_message(ws.project, message, generate=2)
    assert [(s.name, s.generated) for s in samples] == [
        ("approved", False),
        ("generated-1", True),
        ("generated-2", True),
    ]


def test_bytes_field_travels_raw_in_protobuf(ws: Workspace, codecs: Codecs) -> None:
    types = ws.project.types
    holder = next(
        t
        for t in types.values()
        if isinstance(t, Record) and any(f.type == Scalar("bytes") for f in t.fields)
    )
    value = generate_value(ws.project, Ref(holder.name), random.Random(1), Shape())
    field = next(f for f in holder.fields if f.type == Scalar("bytes"))
    assert isinstance(value, dict)
    value[field.name] = base64.b64encode(b"\x00\x01\x02").decode()
    back = codecs["protobuf"].decode(holder.name, codecs["protobuf"].encode(holder.name, value))
    assert isinstance(back, dict) and back[field.name] == "AAEC"
