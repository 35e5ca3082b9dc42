"""The Avro emitter: golden files per construct, every file read alone by fastavro and by the
Apache Avro reference parser, defaults resolved by the real codecs, values round-tripped."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import fastavro
import pytest
from _examples import examples

from stele.config import Options
from stele.diagnostics import Diagnostic, Severity
from stele.emit.avro import AvroEmitter, avro_path, avro_schema_for, serialize
from stele.emit.base import EmitContext
from stele.ir import Project, Ref, Span, Union, Value
from stele.mapping.artifacts import Artifacts
from stele.mapping.avro_values import READER_OPTIONS, from_avro_value, normal_form, to_avro_value
from stele.source.loader import load, load_project

HERE = Path(__file__).parent
CONTRACTS = HERE / "avro_contracts"
GOLDEN = HERE / "golden" / "avro"
CASES = sorted(p.name for p in CONTRACTS.iterdir() if p.is_dir())
UPDATE = os.environ.get("STELE_UPDATE_GOLDEN") == "1"


def load_case(case: str) -> Project:
    root = CONTRACTS / case
    return load_project([root], root)


def context(project: Project) -> EmitContext:
    sources = {name: p.file for name, p in project.packages.items()}
    return EmitContext(project, Options(), {}, sources)


def emit_case(case: str) -> tuple[EmitContext, Artifacts]:
    ctx = context(load_case(case))
    return ctx, AvroEmitter().emit(ctx)


# ---------------------------------------------------------------------------------------------
# Golden files and real consumers
# ---------------------------------------------------------------------------------------------


def test_every_construct_has_a_case() -> None:
    assert CASES == [
        "aliases",
        "collections",
        "cross_package",
        "defaults",
        "deprecation",
        "enums",
        "messages",
        "nested",
        "optional",
        "scalars",
        "unions",
    ]


@pytest.mark.parametrize("case", CASES)
def test_output_matches_golden_files(case: str) -> None:
    _, artifacts = emit_case(case)
    golden_dir = GOLDEN / case
    produced = {path.removeprefix("avro/"): content for path, content in artifacts.items()}
    if UPDATE:
        for old in golden_dir.rglob("*"):
            if old.is_file():
                old.unlink()
        for rel, content in produced.items():
            target = golden_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    on_disk = {
        p.relative_to(golden_dir).as_posix(): p.read_bytes()
        for p in sorted(golden_dir.rglob("*"))
        if p.is_file()
    }
    assert sorted(produced) == sorted(on_disk)
    for rel, content in produced.items():
        assert content == on_disk[rel], f"{case}/{rel} differs; STELE_UPDATE_GOLDEN=1 regenerates"


@pytest.mark.parametrize("case", CASES)
def test_every_golden_schema_loads_with_its_dependencies(case: str) -> None:
    """Per-type files in the index's order, with the named types of the files before them, by
    fastavro and by the Apache reference parser; message files alone."""
    files = {
        p.relative_to(GOLDEN / case).as_posix(): p.read_bytes()
        for p in sorted((GOLDEN / case).rglob("*"))
        if p.is_file()
    }
    assert [p for p in files if p.endswith(".avsc")]
    load_per_type_files(files)


def load_per_type_files(files: dict[str, bytes]) -> None:
    """Load an `avro/` tree (paths relative to it) as a registry client would."""
    import avro.errors
    import avro.name
    import avro.schema

    index = json.loads(files["index.json"])
    per_type = sorted(p for p in files if p.endswith(".avsc") and not p.startswith("messages/"))
    assert sorted(index["order"]) == per_type
    assert {e["file"] for e in index["types"].values()} == set(per_type)
    depends = {e["file"]: e["depends"] for e in index["types"].values()}
    named: dict[str, Any] = {}
    names = avro.name.Names()
    with warnings.catch_warnings():
        # duration-micros is not a standard logical type: Apache readers see the long.
        warnings.simplefilter("ignore", avro.errors.IgnoredLogicalType)
        for path in index["order"]:
            assert set(depends[path]) <= set(index["order"][: index["order"].index(path)])
            fastavro.parse_schema(json.loads(files[path]), named_schemas=named)
            avro.schema.make_avsc_object(json.loads(files[path]), names)
            # its `depends` (and theirs) are all it needs
            alone: dict[str, Any] = {}
            for needed in _closure(path, depends):
                fastavro.parse_schema(json.loads(files[needed]), named_schemas=alone)
        for path in sorted(p for p in files if p.startswith("messages/")):
            fastavro.parse_schema(json.loads(files[path]), named_schemas={})
            avro.schema.parse(files[path].decode("utf-8"))
    assert set(named) == {e["avro"] for e in index["types"].values()}


def _closure(path: str, depends: dict[str, list[str]]) -> list[str]:
    """`path` after every file it needs, dependencies first."""
    out: list[str] = []
    for dep in depends[path]:
        out += [p for p in _closure(dep, depends) if p not in out]
    return [*out, path]


@pytest.mark.parametrize("case", CASES)
def test_validate_accepts_the_output(case: str) -> None:
    ctx, artifacts = emit_case(case)
    assert AvroEmitter().validate(ctx, artifacts) == []


def test_validate_reports_a_schema_fastavro_rejects_as_g002() -> None:
    ctx, artifacts = emit_case("cross_package")
    broken = dict(artifacts)
    path = "avro/test/shop/order/Order_Line.avsc"
    broken[path] = serialize(
        {"type": "record", "name": "X", "fields": [{"name": "a", "type": "test.Y"}]}
    )
    diagnostics = AvroEmitter().validate(ctx, broken)
    assert [(d.code, d.severity, d.span) for d in diagnostics] == [
        ("G002", Severity.ERROR, Span(path, 1, 1)),
    ]
    assert diagnostics[0].message.startswith(f"generated Avro schema '{path}' does not parse: ")


def test_validate_locates_a_broken_type_file_at_its_source() -> None:
    ctx, artifacts = emit_case("cross_package")
    path = "avro/test/common/Money.avsc"
    broken = {**artifacts, path: b"{not json"}
    diagnostics = AvroEmitter().validate(ctx, broken)
    money = ctx.project.types["test.common.Money"]
    assert [(d.code, d.span) for d in diagnostics] == [("G002", money.span)]
    assert isinstance(diagnostics[0], Diagnostic)


def test_validate_rejects_a_union_with_two_variants_of_one_record(tmp_path: Path) -> None:
    (tmp_path / "dup.yaml").write_text(
        "package: t.dup\n"
        "types:\n"
        "  A:\n"
        "    fields:\n"
        "      x: string\n"
        "  U:\n"
        "    union:\n"
        "      one: A\n"
        "      two: A\n",
        encoding="utf-8",
    )
    ctx = context(load_project([tmp_path], tmp_path))
    diagnostics = AvroEmitter().validate(ctx, AvroEmitter().emit(ctx))
    assert [d.render() for d in diagnostics] == [
        "dup.yaml:6:3: error G002 union t.dup.U cannot be written in Avro: variants one, two are"
        " all record t.dup.A, and an Avro union holds a name only once"
        "\n    hint: give each variant its own record type"
    ]


def test_lint_reports_a_union_with_two_variants_of_one_record(tmp_path: Path) -> None:
    """Lint finds it (S138, at the second listing) before generate's G002 would."""
    (tmp_path / "dup.yaml").write_text(
        "package: t.dup\n"
        "types:\n"
        "  A:\n"
        "    fields:\n"
        "      x: string\n"
        "  U:\n"
        "    union:\n"
        "      one: A\n"
        "      two: A\n",
        encoding="utf-8",
    )
    assert [d.render() for d in load([tmp_path], tmp_path).diagnostics] == [
        "dup.yaml:9:7: error S138 variants 'one' and 'two' of U are both record A"
        "\n    hint: give each variant its own record type (Avro holds a record once per union)"
    ]


def test_file_layout_of_nested_and_cross_package_types() -> None:
    _, artifacts = emit_case("cross_package")
    assert sorted(artifacts) == [
        "avro/index.json",
        "avro/test/common/Currency.avsc",
        "avro/test/common/Money.avsc",
        "avro/test/shop/order/Line.avsc",
        "avro/test/shop/order/Order.avsc",
    ]
    nested = load_case("nested")
    assert [avro_path(t) for t in nested.types.values() if not isinstance(t, Union)] == [
        "avro/test/nested/Order.avsc",
        "avro/test/nested/Order_Audit.avsc",
        "avro/test/nested/Order_Audit_Entry.avsc",
        "avro/test/nested/Order_Status.avsc",
    ]


def test_a_named_type_is_defined_once_then_referenced_by_full_name() -> None:
    schema = avro_schema_for(load_case("cross_package"), Options(), "test.shop.order.Order")
    fields = {f["name"]: f["type"] for f in schema["fields"]}
    assert fields["total"]["name"] == "Money"
    assert fields["total"]["namespace"] == "test.common"
    assert fields["tip"] == ["null", "test.common.Money"]
    assert fields["lines"]["items"]["fields"][0]["type"] == "test.common.Money"


def test_message_body_schema_is_the_body_record_with_the_notice() -> None:
    ctx, artifacts = emit_case("messages")
    body = json.loads(artifacts["avro/messages/test.messages.OrderCreated.avsc"])
    notice = body.pop("stele.generated")
    assert (
        notice == "Generated by stele from messages.yaml. Do not edit: change the contract instead."
    )
    assert body == avro_schema_for(ctx.project, Options(), "test.messages.Order")


def test_a_union_has_no_schema_of_its_own() -> None:
    with pytest.raises(ValueError, match=r"test\.unions\.PaymentMethod is a union"):
        avro_schema_for(load_case("unions"), Options(), "test.unions.PaymentMethod")


# ---------------------------------------------------------------------------------------------
# Defaults, resolved by the real codecs
# ---------------------------------------------------------------------------------------------

EXPECTED_DEFAULTS: dict[str, Value] = {
    "flag": True,
    "small": -7,
    "big": 9007199254740993,
    "ratio": 0.5,
    "amount": 2.0,
    "name": "Pad Thai é",
    "blob": "AAEC/w==",
    "id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11",
    "day": "2026-11-25",
    "at": "2026-11-25T12:30:00.250Z",
    "took": "PT1H30M",
    "price": "-12.50",
    "kind": "LARGE",
    "names": ["a", "b"],
    "counts": {"x": 1},
    "inner": {"label": "hi", "size": 3},
    "choice": {"type": "second", "b": 2},
}

OLD_DEFAULTS_WRITER = {
    "type": "record",
    "name": "Defaults",
    "namespace": "test.defaults",
    "fields": [],
}


def test_defaults_are_filled_in_by_fastavro_for_data_without_the_fields() -> None:
    project = load_case("defaults")
    reader_schema = avro_schema_for(project, Options(), "test.defaults.Defaults")
    buf = io.BytesIO()
    fastavro.schemaless_writer(
        buf, fastavro.parse_schema(OLD_DEFAULTS_WRITER, named_schemas={}), {}
    )
    buf.seek(0)
    read = fastavro.schemaless_reader(
        buf,
        fastavro.parse_schema(OLD_DEFAULTS_WRITER, named_schemas={}),
        fastavro.parse_schema(reader_schema, named_schemas={}),
        return_record_name=READER_OPTIONS["return_record_name"],
    )
    decoded = from_avro_value(project, Ref("test.defaults.Defaults"), read)
    assert decoded == EXPECTED_DEFAULTS


def test_defaults_are_filled_in_by_the_apache_avro_reader() -> None:
    import avro.errors
    import avro.io
    import avro.schema

    project = load_case("defaults")
    text = json.dumps(avro_schema_for(project, Options(), "test.defaults.Defaults"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", avro.errors.IgnoredLogicalType)
        reader_schema = avro.schema.parse(text)
    writer_schema = avro.schema.parse(json.dumps(OLD_DEFAULTS_WRITER))
    reader = avro.io.DatumReader(writer_schema, reader_schema)
    read: Any = reader.read(avro.io.BinaryDecoder(io.BytesIO(b"")))
    # The Apache Python reader encodes bytes defaults as UTF-8, not as the ISO-8859-1 the
    # specification asks for (and the Java reader uses): it reads other bytes than we wrote.
    assert (read["blob"], read["price"]) == ("\x00\x01\x02\xff".encode(), "\xfb\x1e".encode())
    read.update(blob=b"\x00\x01\x02\xff", price=b"\xfb\x1e")  # what the spec reads
    decoded = from_avro_value(project, Ref("test.defaults.Defaults"), read)
    assert decoded == EXPECTED_DEFAULTS


def test_avro_json_encoding_of_defaults() -> None:
    schema = avro_schema_for(load_case("defaults"), Options(), "test.defaults.Defaults")
    defaults = {f["name"]: f["default"] for f in schema["fields"]}
    assert defaults == {
        "flag": True,
        "small": -7,
        "big": 9007199254740993,
        "ratio": 0.5,
        "amount": 2.0,
        "name": "Pad Thai é",
        "blob": "\x00\x01\x02\xff",
        "id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11",
        "day": 20782,
        "at": 1795609800250000,
        "took": 5_400_000_000,
        "price": "\xfb\x1e",
        "kind": "LARGE",
        "names": ["a", "b"],
        "counts": {"x": 1},
        "inner": {"label": "hi", "size": 3, "note": None},
        "choice": {"b": 2},
    }
    choice = next(f for f in schema["fields"] if f["name"] == "choice")
    assert [branch["name"] for branch in choice["type"]] == ["Second", "First"]


# ---------------------------------------------------------------------------------------------
# Round trips: canonical -> fastavro -> bytes -> fastavro -> canonical
# ---------------------------------------------------------------------------------------------


def roundtrip(project: Project, type_name: str, value: Value) -> Value:
    schema = fastavro.parse_schema(avro_schema_for(project, Options(), type_name), named_schemas={})
    buf = io.BytesIO()
    fastavro.schemaless_writer(buf, schema, to_avro_value(project, Ref(type_name), value))
    buf.seek(0)
    read: Any = fastavro.schemaless_reader(
        buf, schema, None, return_record_name=READER_OPTIONS["return_record_name"]
    )
    return from_avro_value(project, Ref(type_name), read)


SCALAR_VALUES: list[dict[str, Value]] = [
    {
        "flag": True,
        "small": -2147483648,
        "big": 9223372036854775807,
        "ratio": 0.1,
        "amount": -1.5e300,
        "name": "Pad Thai 🍜",
        "blob": "AAEC/w==",
        "id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11",
        "day": "1969-12-31",
        "at": "2026-11-25T12:30:00.250Z",
        "took": "P1DT2H3M4.000005S",
        "price": "-9999999999.99",
        "whole": "99999",
    },
    {
        "flag": False,
        "small": 0,
        "big": -9223372036854775808,
        "ratio": 3.4028235e38,
        "amount": 0.0,
        "name": "",
        "blob": "",
        "id": "00000000-0000-0000-0000-000000000000",
        "day": "0001-01-01",
        "at": "1900-01-01T00:00:00.000001Z",
        "took": "-PT0.5S",
        "price": "0.00",
        "whole": "-1",
    },
]

CASE_VALUES: list[tuple[str, str, Value]] = [
    *[("scalars", "test.scalars.Scalars", v) for v in SCALAR_VALUES],
    (
        "enums",
        "test.enums.Holder",
        {"state": "APPROVED", "brand": "AMEX", "plain": "TWO", "again": "CANCELLED"},
    ),
    (
        "nested",
        "test.nested.Order",
        {
            "audit": {
                "by": "a",
                "entry": {"note": "n", "parent": {"by": "b", "entry": {"note": "m"}}},
            },
            "status": "CLOSED",
            "history": [{"by": "c", "entry": {"note": "o"}}],
            "previous": {
                "audit": {"by": "d", "entry": {"note": "p"}},
                "status": "OPEN",
                "history": [],
            },
        },
    ),
    (
        "unions",
        "test.unions.Checkout",
        {
            "payment": {"method": "card", "last4": "4242"},
            "fallback": {"method": "voucher", "code": "V", "value": "1.50"},
            "history": [
                {"method": "voucher", "code": "W", "value": "0.00"},
                {"method": "card", "last4": "1"},
            ],
            "by_name": {"x": {"method": "card", "last4": "2"}},
            "preferred": {"method": "card", "last4": "3"},
        },
    ),
    (
        "unions",
        "test.unions.Checkout",
        {
            "payment": {"method": "voucher", "code": "V", "value": "-3.10"},
            "history": [],
            "by_name": {},
            "preferred": {"method": "voucher", "code": "WELCOME", "value": "5.00"},
        },
    ),
    (
        "collections",
        "test.collections.Bag",
        {
            "names": ["a", "b"],
            "items": [{"sku": "s1"}],
            "counts": {"a": -1, "b": 2**40},
            "by_sku": {"s1": {"sku": "s1"}},
            "colors": ["GREEN", "RED"],
            "stamps": ["2026-11-25T12:30:00Z", "2026-11-25T12:30:00.123456Z"],
            "prices": {"p": "1234.56"},
            "tags": {"k": "v"},
            "extra": [],
        },
    ),
    ("optional", "test.optional.Person", {"name": "n"}),
    (
        "optional",
        "test.optional.Person",
        {
            "name": "n",
            "nick": "k",
            "age": 3,
            "home": {"street": "s"},
            "mood": "SAD",
            "born": "2000-02-29",
            "seen": "2026-11-25T12:30:00Z",
        },
    ),
    (
        "cross_package",
        "test.shop.order.Order",
        {
            "total": {"amount": "1.00", "currency": "EUR"},
            "currency": "USD",
            "lines": [{"price": {"amount": "0.50", "currency": "EUR"}}],
        },
    ),
    ("defaults", "test.defaults.Defaults", EXPECTED_DEFAULTS),
]


@pytest.mark.parametrize(("case", "type_name", "value"), CASE_VALUES)
def test_canonical_values_round_trip_through_fastavro(
    case: str, type_name: str, value: Value
) -> None:
    assert roundtrip(load_case(case), type_name, value) == value


def test_absent_defaulted_fields_come_back_with_their_default() -> None:
    project = load_case("defaults")
    assert roundtrip(project, "test.defaults.Defaults", {}) == EXPECTED_DEFAULTS


def test_values_come_back_in_normal_form() -> None:
    project = load_case("scalars")
    written = {
        **SCALAR_VALUES[0],
        "ratio": 0.1,
        "at": "2026-11-25T14:30:00.5+02:00",
        "took": "PT36H",
        "price": "12.5",
        "whole": "-0",
    }
    back = roundtrip(project, "test.scalars.Scalars", written)
    assert isinstance(back, dict)
    assert (back["ratio"], back["at"], back["took"], back["price"], back["whole"]) == (
        0.1,
        "2026-11-25T12:30:00.500Z",
        "P1DT12H",
        "12.50",
        "0",
    )


def test_int64_as_string_round_trip() -> None:
    project = load_case("scalars")
    value = {**SCALAR_VALUES[1], "big": "-9223372036854775808"}
    schema = fastavro.parse_schema(
        avro_schema_for(project, Options(), "test.scalars.Scalars"), named_schemas={}
    )
    buf = io.BytesIO()
    fastavro.schemaless_writer(
        buf, schema, to_avro_value(project, Ref("test.scalars.Scalars"), value)
    )
    buf.seek(0)
    read = fastavro.schemaless_reader(
        buf, schema, None, return_record_name=READER_OPTIONS["return_record_name"]
    )
    assert (
        from_avro_value(project, Ref("test.scalars.Scalars"), read, int64_as_string=True) == value
    )


@pytest.mark.parametrize(
    ("field", "bad", "message"),
    [
        ("at", "2026-11-25T12:30:00.1234567Z", "at most microseconds"),
        ("took", "P1M", "not an ISO 8601 duration"),
        ("price", "1.234", r"does not fit decimal\(12,2\)"),
        ("price", "12345678901.00", r"does not fit decimal\(12,2\)"),
        ("day", "2026-1-5", "not a date"),
        ("small", "7", "expected an integer"),
        ("flag", 1, "expected a boolean"),
    ],
)
def test_values_that_do_not_fit_are_rejected(field: str, bad: Value, message: str) -> None:
    project = load_case("scalars")
    assert isinstance(SCALAR_VALUES[0], dict)
    with pytest.raises(ValueError, match=message):
        to_avro_value(project, Ref("test.scalars.Scalars"), {**SCALAR_VALUES[0], field: bad})


def test_union_value_without_branch_name_is_rejected() -> None:
    project = load_case("unions")
    with pytest.raises(ValueError, match="read with READER_OPTIONS"):
        from_avro_value(project, Ref("test.unions.PaymentMethod"), {"last4": "1"})


def test_missing_required_field_is_rejected() -> None:
    project = load_case("optional")
    with pytest.raises(
        ValueError, match=r"test\.optional\.Person: required field 'name' is missing"
    ):
        to_avro_value(project, Ref("test.optional.Person"), {})


def _example_project_values() -> list[tuple[str, Value]]:
    project = load_project([HERE.parent / "contracts"], HERE.parent)
    values = [
        (t.name, ex.value)
        for t in project.types.values()
        if not isinstance(t, Union)
        for ex in t.examples
    ]
    values += [(m.body.name, ex.body) for m in project.messages.values() for ex in m.examples]
    return values


def test_example_project_emits_schemas_fastavro_accepts() -> None:
    project = load_project([HERE.parent / "contracts"], HERE.parent)
    ctx = context(project)
    artifacts = AvroEmitter().emit(ctx)
    assert len([p for p in artifacts if p.endswith(".avsc")]) == len(
        [t for t in project.types.values() if not isinstance(t, Union)]
    ) + len(project.messages)
    assert AvroEmitter().validate(ctx, artifacts) == []


def test_every_example_of_the_example_project_round_trips_to_its_normal_form() -> None:
    project = load_project([HERE.parent / "contracts"], HERE.parent)
    values = _example_project_values()
    assert len(values) >= 10
    for type_name, value in values:
        assert roundtrip(project, type_name, value) == normal_form(project, Ref(type_name), value)


def test_normal_form_fills_defaults_and_normalises_text() -> None:
    project = load_case("defaults")
    assert normal_form(
        project, Ref("test.defaults.Defaults"), {"at": "2026-11-25T13:30:00+01:00"}
    ) == {
        **EXPECTED_DEFAULTS,
        "at": "2026-11-25T12:30:00Z",
    }


# ---------------------------------------------------------------------------------------------
# Determinism across hash seeds
# ---------------------------------------------------------------------------------------------

_DIGEST_SCRIPT = """
import hashlib, sys
from pathlib import Path
from stele.config import Options
from stele.emit.avro import AvroEmitter
from stele.emit.base import EmitContext
from stele.source.loader import load_project
digest = hashlib.sha256()
for case in sys.argv[2:]:
    root = Path(sys.argv[1]) / case
    project = load_project([root], root)
    sources = {n: p.file for n, p in project.packages.items()}
    for path, content in AvroEmitter().emit(EmitContext(project, Options(), {}, sources)).items():
        digest.update(path.encode() + b"\\0" + content)
print(digest.hexdigest())
"""


def test_output_is_identical_across_hash_seeds() -> None:
    digests = set()
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT, str(CONTRACTS), *CASES],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(out.stdout.strip())
    expected = hashlib.sha256()
    for case in CASES:
        for path, content in emit_case(case)[1].items():
            expected.update(path.encode() + b"\0" + content)
    assert digests == {expected.hexdigest()}


# ---------------------------------------------------------------------------------------------
# Property: every scalar value in canonical form survives the round trip
# ---------------------------------------------------------------------------------------------


def _scalar_records() -> Any:
    import base64
    import datetime as dt
    import decimal

    from hypothesis import strategies as st

    from stele.mapping.avro_values import shortest_float32
    from stele.mapping.canonical_text import (
        format_date,
        format_decimal,
        format_duration,
        format_timestamp,
    )

    def decimal_text(precision: int, scale: int) -> Any:
        bound = 10**precision - 1
        return st.integers(-bound, bound).map(
            lambda n: format_decimal(decimal.Decimal(n).scaleb(-scale), scale)
        )

    return st.fixed_dictionaries(
        {
            "flag": st.booleans(),
            "small": st.integers(-(2**31), 2**31 - 1),
            "big": st.integers(-(2**63), 2**63 - 1),
            "ratio": st.floats(width=32, allow_nan=False, allow_infinity=False).map(
                shortest_float32
            ),
            "amount": st.floats(allow_nan=False, allow_infinity=False),
            "name": st.text(),
            "blob": st.binary().map(lambda b: base64.b64encode(b).decode("ascii")),
            "id": st.uuids().map(str),
            "day": st.dates().map(format_date),
            "at": st.datetimes(timezones=st.just(dt.UTC)).map(format_timestamp),
            "took": st.integers(-(2**63), 2**63 - 1).map(format_duration),
            "price": decimal_text(12, 2),
            "whole": decimal_text(5, 0),
        }
    )


def test_property_every_scalar_value_round_trips() -> None:
    from hypothesis import given, settings

    project = load_case("scalars")

    @settings(max_examples=examples(300), deadline=None)
    @given(_scalar_records())
    def check(value: dict[str, Value]) -> None:
        assert roundtrip(project, "test.scalars.Scalars", value) == value

    check()
