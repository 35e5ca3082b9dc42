"""The single-source promise, checked across every format on the example project.

Every example, and hypothesis-drawn values of every named type, (a) validate against the
generated JSON Schema, (b) parse into the generated pydantic model (which writes back the same
value), (c) round-trip through every format of the encoding layer to the same normal form, and
(d) pass `stele.values.check_value`. Invalid values are fed to every consumer and the exact set
that rejects each is asserted (tests/_conformance_cases.py); docs/conformance.md is rendered
from the same tables (STELE_UPDATE_GOLDEN=1 rewrites it).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from _conformance_cases import BASES, CASES, MISSING, Case
from _conformance_docs import render_conformance_doc
from _conformance_support import (
    CHECKERS,
    SCHEMALESS,
    Generated,
    canonical_values,
    envelope,
    forget_models,
    message_schema_path,
    schema_path,
    write_models,
    years_as_days,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.encode import Codecs, normal_form, samples_for_message, type_samples
from stele.encode.avro_codec import AvroCodec
from stele.generate import build_artifacts
from stele.ir import Enum, Ref, Value
from stele.source.config_reader import load_config
from stele.values import check_value
from stele.workspace import open_workspace

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "conformance.md"
UPDATE = os.environ.get("STELE_UPDATE_GOLDEN") == "1"
EXAMPLES_PER_TYPE = int(os.environ.get("STELE_CONFORMANCE_EXAMPLES", "40"))

# Loaded at collection time only to name the parameters; the fixture generates the artifacts.
PROJECT = open_workspace(load_config(ROOT / "stele.yaml")).project
TYPE_NAMES = list(PROJECT.types)
MESSAGE_EXAMPLES = [(m, ex) for m in PROJECT.messages.values() for ex in m.examples]
SAMPLES = [
    s
    for m in PROJECT.messages.values()
    for s in samples_for_message(PROJECT, m, generate_when_missing=0)
] + [s for t in PROJECT.types.values() for s in type_samples(PROJECT, t)]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    ws = open_workspace(load_config(ROOT / "stele.yaml"))
    artifacts = build_artifacts(ws)  # every format, each validated by its real consumer
    root = tmp_path_factory.mktemp("conformance")
    models = write_models(artifacts, root)
    forget_models()
    sys.path.insert(0, models)
    try:
        codecs = Codecs.from_artifacts(ws.project, artifacts, ws.config.options)
        yield Generated(ws.project, artifacts, root, codecs)
    finally:
        sys.path.remove(models)
        forget_models()


def assert_conforms(g: Generated, type_name: str, value: Value) -> None:
    """(a) JSON Schema, (b) pydantic, (c) every codec, (d) check_value, plus the Protobuf
    runtime reading the value through its JSON mapping."""
    project = g.project
    assert g.schema_errors(type_name, value) == []
    adapter = g.model_of(type_name)
    parsed = adapter.validate_json(json.dumps(value))
    written = json.loads(adapter.dump_json(parsed, exclude_unset=True, by_alias=True))
    written = years_as_days(project, Ref(type_name), written)
    expected = normal_form(project, type_name, value)
    assert normal_form(project, type_name, written) == expected, "pydantic"
    assert list(check_value(project, Ref(type_name), value)) == []
    is_enum = isinstance(project.types[type_name], Enum)
    for codec in g.codecs:
        if is_enum and codec.name == "protobuf":
            continue  # a Protobuf enum is not a message: enums travel inside records
        back = codec.decode(type_name, codec.encode(type_name, value))
        assert normal_form(project, type_name, back) == expected, codec.name
    if not is_enum:
        g.proto_runtime_parse(type_name, value)


# -- the coverage of the generated artifacts -------------------------------------------------


def test_every_named_type_and_message_has_its_schema_model_and_codecs(
    generated: Generated,
) -> None:
    assert generated.codecs.formats == ("json", "protobuf", "avro", "msgpack", "cbor")
    for name, t in PROJECT.types.items():
        assert schema_path(t) in generated.artifacts, name
        assert generated.model_of(name) is not None
        assert cast(AvroCodec, generated.codecs["avro"]).parsed_schema(name) is not None
        if not isinstance(t, Enum):
            assert generated.proto_class(name)().DESCRIPTOR.full_name == name
    for m in PROJECT.messages.values():
        assert message_schema_path(m) in generated.artifacts, m.name
        assert generated.message_model_of(m) is not None


def test_enums_are_not_protobuf_messages(generated: Generated) -> None:
    # Whether the codec fails looking the message up (KeyError) or planning it (ValueError) is
    # its own business; that it refuses, naming the type, is the promise.
    with pytest.raises((KeyError, ValueError), match=r"food\.order\.OrderState"):
        generated.codecs["protobuf"].encode("food.order.OrderState", "APPROVED")


# -- examples ----------------------------------------------------------------------------------


def test_the_example_project_has_examples() -> None:
    # 18 message examples and 12 type examples (a change here means the contracts changed).
    assert (len(MESSAGE_EXAMPLES), len(SAMPLES)) == (18, 30)


@pytest.mark.parametrize("sample", SAMPLES, ids=[f"{s.owner}[{s.name}]" for s in SAMPLES])
def test_every_example_conforms_in_every_format(generated: Generated, sample: Any) -> None:
    assert_conforms(generated, sample.type_name, sample.value)


@pytest.mark.parametrize(
    ("message", "example"),
    MESSAGE_EXAMPLES,
    ids=[f"{m.name}[{ex.name}]" for m, ex in MESSAGE_EXAMPLES],
)
def test_every_message_example_is_a_valid_whole_message(
    generated: Generated, message: Any, example: Any
) -> None:
    whole = envelope(message, example)
    validator = generated.validator(message_schema_path(message))
    assert [e.message for e in validator.iter_errors(whole)] == []
    parsed = generated.message_model_of(message).validate_json(json.dumps(whole))
    assert parsed.headers.message_type == message.name


# -- hypothesis values of every named type ---------------------------------------------------


@pytest.mark.parametrize("type_name", TYPE_NAMES)
@settings(
    max_examples=EXAMPLES_PER_TYPE,
    deadline=None,
    derandomize="STELE_CONFORMANCE_EXAMPLES" not in os.environ,  # CI: the same values every run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_values_conform_in_every_format(
    generated: Generated, type_name: str, data: st.DataObject
) -> None:
    value = data.draw(canonical_values(PROJECT, Ref(type_name)), label=type_name)
    assert_conforms(generated, type_name, value)


def test_edge_values_conform(generated: Generated) -> None:
    """The bounds drawn only sometimes by hypothesis, all at once and every time."""
    line: dict[str, Value] = {"menu_item_id": "", "name": "Crêpe 🥞 汉字", "quantity": 2**31 - 1}
    assert_conforms(generated, "food.kitchen.Ticket.Line", line)
    assert_conforms(generated, "food.kitchen.Ticket.Line", {**line, "quantity": -(2**31)})
    money: Value = {"amount": "9999999999.99", "currency": ""}
    assert_conforms(generated, "food.common.Money", money)
    assert_conforms(generated, "food.common.Money", {"amount": "-9999999999.99"})
    change: Value = {
        "order_id": "00000000-0000-0000-0000-000000000000",
        "state": "CANCELLED",
        "changed_at": "2026-11-25T12:31:10.123456Z",
    }
    assert_conforms(generated, "food.order.OrderStateChange", change)
    details: Value = {
        "ticket_id": "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "order_id": "5f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        "estimated_preparation_time": "P1DT2H3M4.000001S",
    }
    assert_conforms(generated, "food.kitchen.TicketDetails", details)
    consumer_points = {"loyalty_points": 2**63 - 1}
    example = cast(dict[str, Value], PROJECT.types["food.consumer.Consumer"].examples[0].value)
    consumer = {**example, **consumer_points}
    assert_conforms(generated, "food.consumer.Consumer", consumer)


def test_pydantic_writes_durations_of_a_year_or_more_in_years(generated: Generated) -> None:
    name = "food.kitchen.TicketDetails"
    details = {
        "ticket_id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11",
        "order_id": "5f0c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        "estimated_preparation_time": "-P400DT5S",
    }
    adapter = generated.model_of(name)
    written = json.loads(adapter.dump_json(adapter.validate_json(json.dumps(details))))
    assert written["estimated_preparation_time"] == "-P1Y35DT5S"
    assert list(check_value(PROJECT, Ref(name), written)) == [
        "'-P1Y35DT5S' is not a valid duration: not an ISO 8601 duration such as PT1H30M or "
        "PT0.5S at 'estimated_preparation_time'"
    ]
    assert years_as_days(PROJECT, Ref(name), written) == details


# -- invalid values ----------------------------------------------------------------------------


@pytest.mark.parametrize("type_name", list(BASES))
def test_every_base_value_is_accepted_by_every_consumer(
    generated: Generated, type_name: str
) -> None:
    assert generated.verdicts(type_name, BASES[type_name]) == dict.fromkeys(CHECKERS, "accepted")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_invalid_value_is_rejected_by_exactly_the_expected_consumers(
    generated: Generated, case: Case
) -> None:
    measured = generated.verdicts(case.type_name, case.instance())
    expected = {c: "rejected" if c in case.rejected_by else "accepted" for c in CHECKERS}
    assert measured == expected
    assert not case.rejected_by & set(SCHEMALESS)  # schemaless formats accept any JSON value


def test_proto3_reads_a_missing_required_string_as_empty(generated: Generated) -> None:
    case = next(c for c in CASES if c.id == "missing-required-field")
    assert case.value is MISSING
    message = generated.proto_runtime_parse(case.type_name, case.instance())
    assert (message.name, message.quantity) == ("", 2)


def test_an_unknown_property_is_dropped_by_the_binary_codecs(generated: Generated) -> None:
    case = next(c for c in CASES if c.id == "extra-unknown-property")
    value = case.instance()
    read_back = {
        codec.name: codec.decode(case.type_name, codec.encode(case.type_name, value))
        for codec in generated.codecs
    }
    assert read_back == {
        "json": value,
        "protobuf": BASES[case.type_name],
        "avro": BASES[case.type_name],
        "msgpack": value,
        "cbor": value,
    }


def test_null_for_an_optional_field_reads_back_absent(generated: Generated) -> None:
    case = next(c for c in CASES if c.id == "null-for-optional-field")
    without = {k: v for k, v in BASES[case.type_name].items() if k != case.field}
    for fmt in ("protobuf", "avro"):
        codec = generated.codecs[fmt]
        assert codec.decode(case.type_name, codec.encode(case.type_name, case.instance())) == (
            without
        ), fmt


# -- docs/conformance.md ------------------------------------------------------------------------


def test_conformance_doc_is_rendered_from_these_tests(generated: Generated) -> None:
    text = render_conformance_doc(generated, CASES)
    if UPDATE:
        DOC.write_text(text, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == text
