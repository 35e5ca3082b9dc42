"""`stele test` (examples): the example project passes; artifacts that disagree with the
examples (a JSON Schema, a pydantic model, a lossy codec) give exact results located at the
example in the YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import pytest
from click.testing import CliRunner

from stele.cli.main import cli
from stele.cli.testrun import TEST_FORMATS
from stele.encode import Codec, Codecs, optional_formats
from stele.ir import Value
from stele.mapping.artifacts import Artifacts
from stele.source.config_reader import load_config
from stele.testing.examples import example_cases, run_examples
from stele.workspace import Workspace, open_workspace

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return open_workspace(load_config(ROOT / "stele.yaml"))


@pytest.fixture(scope="module")
def artifacts(ws: Workspace) -> Artifacts:
    from stele.generate import cached_artifacts

    return cached_artifacts(ws, TEST_FORMATS, validate=False)


def test_example_project_passes_through_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    outcome = CliRunner().invoke(cli, ["test", "--output", "json"])
    doc = json.loads(outcome.output)
    formats = ("json", "protobuf", "avro", *optional_formats())
    assert (outcome.exit_code, doc["results"]) == (0, [])
    assert doc["notes"] == [f"formats: {', '.join(formats)}"]
    assert doc["checks"][:3] == [
        "examples food.accounting.Account",
        "examples food.accounting.AuthorizeCard",
        "examples food.accounting.AuthorizeCardReply",
    ]


def test_text_output_ends_with_what_was_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    outcome = CliRunner().invoke(cli, ["test", "--output", "text"])
    formats = ("json", "protobuf", "avro", *optional_formats())
    assert (outcome.exit_code, outcome.output.splitlines()) == (
        0,
        [
            f"note: formats: {', '.join(formats)}",
            f"30 examples x {len(formats)} formats: all passed",
        ],
    )


def test_every_example_is_a_case(ws: Workspace) -> None:
    cases = list(example_cases(ws.project))
    by_type = sum(len(t.examples) for t in ws.project.types.values())
    by_message = sum(len(m.examples) for m in ws.project.messages.values())
    assert len(cases) == by_type + by_message == 30


def test_schema_and_model_disagreeing_with_an_example(ws: Workspace, artifacts: Artifacts) -> None:
    tampered = dict(artifacts)
    schema = "jsonschema/food/order/OrderState.schema.json"
    tampered[schema] = tampered[schema].replace(
        b'"CANCEL_PENDING",\n    "CANCELLED"', b'"CANCEL_PENDING"'
    )
    model = "python/models/stele_models/food/order.py"
    tampered[model] = tampered[model].replace(b"    CANCELLED = 'CANCELLED'\n", b"")
    assert tampered[schema] != artifacts[schema] and tampered[model] != artifacts[model]
    codecs = Codecs.from_artifacts(ws.project, artifacts, ws.config.options, schemaless=False)
    span = ws.project.types["food.order.Order"].examples[1].span
    found = [
        (r.rule, str(r.location), r.format, r.message)
        for r in run_examples(ws.project, tampered, codecs)
    ]
    assert str(span) == "contracts/order.yaml:87:11"
    assert found == [
        (
            "example-jsonschema-invalid",
            "contracts/order.yaml:87:11",
            "jsonschema",
            "food.order.Order example 'cancelled' does not match food/order/Order.schema.json at "
            "state: 'CANCELLED' is not one of ['APPROVAL_PENDING', 'APPROVED', 'REJECTED', "
            "'CANCEL_PENDING']",
        ),
        (
            "example-model-invalid",
            "contracts/order.yaml:87:11",
            "python-models",
            "food.order.Order example 'cancelled' is rejected by the pydantic model of "
            "food/order/Order.schema.json at state: Input should be 'APPROVAL_PENDING', "
            "'APPROVED', 'REJECTED' or 'CANCEL_PENDING'",
        ),
    ]


class LossyCodec:
    """Changes the `version` of every order it reads: what a round trip must catch."""

    name = "lossy"

    def encode(self, type_name: str, value: Value) -> bytes:
        if type_name == "food.accounting.PaymentMethod":
            raise ValueError("no unions here")
        return json.dumps(value).encode()

    def decode(self, type_name: str, data: bytes, writer: Codec | None = None) -> Value:
        value = json.loads(data)
        if type_name == "food.order.Order":
            value["version"] += 100
        return cast(Value, value)  # json.loads gives Any


def test_round_trip_and_encode_failures(ws: Workspace, artifacts: Artifacts) -> None:
    codecs = Codecs(ws.project, ws.config.options, {"lossy": LossyCodec()})
    found = [
        (r.rule, str(r.location), r.format, r.message)
        for r in run_examples(ws.project, artifacts, codecs)
    ]
    order = ws.project.types["food.order.Order"]
    payment = ws.project.types["food.accounting.PaymentMethod"]
    created = ws.project.messages["food.order.OrderCreated"]
    assert found == [
        *[
            (
                "example-encode-failed",
                str(ex.span),
                "lossy",
                f"food.accounting.PaymentMethod example '{ex.name}' cannot be encoded as lossy: "
                "no unions here",
            )
            for ex in payment.examples
        ],
        (
            "example-round-trip-mismatch",
            str(order.examples[0].span),
            "lossy",
            "food.order.Order example 'minimal' reads back different from lossy: /version: "
            "expected 1, got 101",
        ),
        (
            "example-round-trip-mismatch",
            str(order.examples[1].span),
            "lossy",
            "food.order.Order example 'cancelled' reads back different from lossy: /version: "
            "expected 3, got 103",
        ),
        (
            "example-round-trip-mismatch",
            str(created.examples[0].span),
            "lossy",
            "food.order.OrderCreated example 'created' reads back different from lossy: "
            "/version: expected 1, got 101",
        ),
    ]


def test_the_summary_counts_examples_and_formats_in_words(tmp_path: Path) -> None:
    from stele.cli.init import init_project

    init_project(tmp_path)
    result = CliRunner().invoke(
        cli, ["test", "--config", str(tmp_path / "stele.yaml"), "--output", "text"]
    )
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "1 example x 5 formats: all passed"


def test_models_are_checked_only_when_the_project_generates_them(
    ws: Workspace, artifacts: Artifacts
) -> None:
    """A project without `python-models` in `options.formats` (docs/language.md: the models do
    not carry `json:` names yet) gets no example-model-invalid; its JSON Schemas still count."""
    from dataclasses import replace

    tampered = dict(artifacts)
    model = "python/models/stele_models/food/order.py"
    tampered[model] = tampered[model].replace(b"    CANCELLED = 'CANCELLED'\n", b"")
    assert tampered[model] != artifacts[model]
    formats = tuple(f for f in ws.config.options.formats if f != "python-models")
    without = replace(ws.config.options, formats=formats)
    codecs = Codecs.from_artifacts(ws.project, artifacts, ws.config.options, schemaless=False)
    found = [r.rule for r in run_examples(ws.project, tampered, codecs)]
    assert found == ["example-model-invalid"]
    codecs = Codecs.from_artifacts(ws.project, artifacts, without, schemaless=False)
    assert run_examples(ws.project, tampered, codecs) == ()
