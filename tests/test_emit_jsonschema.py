"""JSON Schema 2020-12 emitter: golden files, the metaschema, `$ref` resolution through a
`referencing.Registry` built from the emitted files only, examples validated by `jsonschema`,
content models, and determinism across hash seeds."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from _json_golden import GOLDEN, check_golden
from _json_project import ORDER, at, build_project, context
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from stele.config import ContentModel, Options
from stele.diagnostics import Diagnostic, Severity
from stele.emit.base import EmitContext
from stele.emit.jsonschema import (
    ComponentRefs,
    JsonSchemaEmitter,
    header_schema,
    schema_for_type,
)
from stele.ir import Decimal, Example, Scalar
from stele.source.loader import load_project
from stele.values import decimal_pattern

CLOSED = Options(json_content_model=ContentModel.CLOSED, int64_as_string=True)
BASE = Options().schema_base_uri
ROOT = Path(__file__).parent.parent


def emit(options: Options | None = None) -> dict[str, bytes]:
    return JsonSchemaEmitter().emit(context(options))


def validator(artifacts: dict[str, bytes], relpath: str) -> Draft202012Validator:
    """A validator for one emitted schema whose registry holds only the emitted files."""
    docs = [json.loads(b) for b in artifacts.values()]
    registry: Registry[Any] = Registry().with_resources(
        (d["$id"], Resource.from_contents(d)) for d in docs
    )
    return Draft202012Validator(
        {"$ref": BASE + relpath},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def errors(v: Draft202012Validator, value: object) -> list[str]:
    return sorted(e.message for e in v.iter_errors(value))


# ------------------------------------------------------------------------------------ golden


def test_golden_open_content_model() -> None:
    check_golden(GOLDEN / "jsonschema" / "open", emit(), "jsonschema/")


def test_golden_closed_content_model_with_int64_as_string() -> None:
    check_golden(GOLDEN / "jsonschema" / "closed", emit(CLOSED), "jsonschema/")


# ------------------------------------------------------------------------------- consumers


@pytest.mark.parametrize("options", [Options(), CLOSED], ids=["open", "closed"])
def test_every_schema_passes_the_2020_12_metaschema(options: Options) -> None:
    artifacts = emit(options)
    assert len(artifacts) == 12
    for content in artifacts.values():
        document = json.loads(content)
        Draft202012Validator.check_schema(document)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("options", [Options(), CLOSED], ids=["open", "closed"])
def test_validate_is_clean_refs_resolve_and_examples_match(options: Options) -> None:
    ctx = context(options)
    assert JsonSchemaEmitter().validate(ctx, JsonSchemaEmitter().emit(ctx)) == []


def test_ids_and_relative_refs() -> None:
    order = json.loads(emit()["jsonschema/food/order/Order.schema.json"])
    assert order["$id"] == BASE + "food/order/Order.schema.json"
    assert order["title"] == "Order"
    props = order["properties"]
    assert props["total"] == {"$ref": "../common/Money.schema.json"}
    assert props["items"] == {"type": "array", "items": {"$ref": "Order.Line.schema.json"}}
    assert order["required"] == ["id", "consumer_id", "items", "state", "total", "placed_at"]
    assert props["priority"]["default"] == 0
    assert props["legacy_code"] == {"type": "string", "deprecated": True}


def test_example_that_breaks_its_schema_is_a_located_g003() -> None:
    project = build_project()
    money = project.record("food.common.Money")
    broken = Example({"amount": "12.505", "currency": "EUR"}, at("contracts/common.yaml", 99))
    types = dict(project.types)
    types[money.name] = dataclasses.replace(money, examples=(broken,))
    ctx = EmitContext(dataclasses.replace(project, types=types), Options(), {}, {})
    found = JsonSchemaEmitter().validate(ctx, JsonSchemaEmitter().emit(ctx))
    pattern = decimal_pattern(12, 2)
    assert found == [
        Diagnostic(
            at("contracts/common.yaml", 99),
            "G003",
            Severity.ERROR,
            f"example does not match its JSON Schema at amount: '12.505' does not match "
            f"{pattern!r}",
            hint=f"schema {BASE}food/common/Money.schema.json",
        )
    ]


def test_unresolvable_ref_is_g003() -> None:
    ctx = context()
    artifacts = JsonSchemaEmitter().emit(ctx)
    del artifacts["jsonschema/food/common/Money.schema.json"]
    found = JsonSchemaEmitter().validate(ctx, artifacts)
    assert [(d.code, d.span.path, d.message) for d in found] == [
        (
            "G003",
            f"jsonschema/food/order/{name}.schema.json",
            "unresolvable $ref '../common/Money.schema.json'",
        )
        for name in ("Order", "PaymentMethod", "VoucherPayment")
    ]


def test_schema_failing_the_metaschema_is_g003() -> None:
    ctx = context()
    artifacts = JsonSchemaEmitter().emit(ctx)
    path = "jsonschema/food/order/Consumer.schema.json"
    artifacts[path] = json.dumps({"$id": BASE + "x", "type": "objekt"}).encode()
    found = JsonSchemaEmitter().validate(ctx, artifacts)
    assert [(d.code, d.span.path) for d in found] == [("G003", path)]
    assert found[0].message.startswith("invalid JSON Schema: 'objekt' is not valid under")


# ------------------------------------------------------------------------------- semantics


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("12.50", True),
        ("-0.5", True),
        ("9999999999.99", True),
        ("0", True),
        ("99999999999", False),  # 11 integer digits > 12 - 2
        ("1.234", False),
        ("01.5", False),
        ("1.", False),
        ("1e3", False),
        (12.5, False),
    ],
)
def test_decimal_is_a_string_with_a_precise_pattern(value: object, ok: bool) -> None:
    schema = schema_for_type(build_project(), Options(), Decimal(12, 2), ComponentRefs())
    assert schema == {"type": "string", "pattern": "^-?(0|[1-9][0-9]{0,9})(\\.[0-9]{1,2})?$"}
    assert Draft202012Validator(schema).is_valid(value) is ok


def test_decimal_patterns_without_integer_or_fraction_digits() -> None:
    assert decimal_pattern(2, 2) == "^-?0(\\.[0-9]{1,2})?$"
    assert decimal_pattern(5, 0) == "^-?(0|[1-9][0-9]{0,4})$"


def test_integer_ranges_and_int64_as_string() -> None:
    project, refs = build_project(), ComponentRefs()
    int64 = schema_for_type(project, Options(), Scalar("int64"), refs)
    assert Draft202012Validator(int64).is_valid(2**63 - 1)
    assert not Draft202012Validator(int64).is_valid(2**63)
    int32 = schema_for_type(project, Options(), Scalar("int32"), refs)
    assert not Draft202012Validator(int32).is_valid(-(2**31) - 1)
    as_string = Draft202012Validator(schema_for_type(project, CLOSED, Scalar("int64"), refs))
    assert [as_string.is_valid(v) for v in ("-9223372036854775808", "0", "-0", "007", 5)] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_open_model_accepts_unknown_properties_closed_rejects_them() -> None:
    value = {"id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11", "name": "Ann", "extra": 1}
    path = "food/order/Consumer.schema.json"
    assert errors(validator(emit(), path), value) == []
    assert errors(validator(emit(CLOSED), path), value) == [
        "Additional properties are not allowed ('extra' was unexpected)"
    ]


@pytest.mark.parametrize("options", [Options(), CLOSED], ids=["open", "closed"])
def test_union_is_one_of_with_a_const_discriminator(options: Options) -> None:
    v = validator(emit(options), "food/order/PaymentMethod.schema.json")
    assert errors(v, {"method": "card", "last4": "4242"}) == []
    assert errors(v, {"method": "voucher", "code": "X"}) == []
    assert not v.is_valid({"method": "cash", "last4": "4242"})
    assert not v.is_valid({"last4": "4242"})


def test_formats_are_asserted_for_examples() -> None:
    v = validator(emit(), "food/common/Scalars.schema.json")
    example = build_project().types["food.common.Scalars"].examples[0].value
    assert isinstance(example, dict)
    assert errors(v, example) == []
    bad = {**example, "a_uuid": "not-a-uuid", "a_date": "2026-13-01"}
    assert errors(v, bad) == ["'2026-13-01' is not a 'date'", "'not-a-uuid' is not a 'uuid'"]


def test_header_schema_lists_envelope_then_declared_headers() -> None:
    project = build_project()
    message = project.messages["food.order.OrderCreated"]
    schema = header_schema(project, Options(), message)
    assert list(schema["properties"]) == [
        "message_id",
        "message_type",
        "timestamp",
        "content_type",
        "correlation_id",
        "causation_id",
        "reply_to",
        "tenant_id",
        "trace_sampled",
    ]
    assert schema["required"] == [
        "message_id",
        "message_type",
        "timestamp",
        "content_type",
        "tenant_id",
    ]
    assert schema["properties"]["timestamp"]["format"] == "date-time"
    assert "additionalProperties" not in schema


def test_message_schema_is_the_envelope() -> None:
    document = json.loads(emit()["jsonschema/food/order/OrderCreated.message.schema.json"])
    assert document["required"] == ["headers", "body"]
    assert document["properties"]["body"] == {"$ref": "Order.schema.json"}
    assert document["$comment"] == (
        f"Generated by stele from {ORDER}. Do not edit: change the contract instead."
    )


def test_bundled_example_project_emits_valid_schemas() -> None:
    project = load_project([ROOT / "contracts"], root=ROOT)
    sources = {name: p.file for name, p in project.packages.items()}
    ctx = EmitContext(project, Options(), {}, sources)
    artifacts = JsonSchemaEmitter().emit(ctx)
    assert len(artifacts) == len(project.types) + len(project.messages)
    assert JsonSchemaEmitter().validate(ctx, artifacts) == []


# ----------------------------------------------------------------------------- determinism

DIGEST_SCRIPT = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from _json_project import context
from stele.config import ContentModel, Options
from stele.emit.jsonschema import JsonSchemaEmitter
from stele.emit.openapi import OpenApiEmitter
h = hashlib.sha256()
for options in (Options(), Options(json_content_model=ContentModel.CLOSED)):
    for emitter in (JsonSchemaEmitter(), OpenApiEmitter()):
        for path, content in sorted(emitter.emit(context(options)).items()):
            h.update(path.encode() + b"\\0" + content)
print(h.hexdigest())
"""


def test_output_is_identical_across_hash_seeds() -> None:
    script = DIGEST_SCRIPT.format(tests=str(Path(__file__).parent))
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "2")
    }
    assert len(digests) == 1
    assert len(digests.pop().strip()) == 64
