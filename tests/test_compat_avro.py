"""The Avro checker against the Apache Avro reference checker and against fastavro's decoder."""

from __future__ import annotations

import io
import json
import random
from typing import Any

import pytest
from _avro_schema_gen import random_value, schema_pairs
from _examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.compat.avro import CHECKER
from stele.compat.model import Direction, Finding
from stele.diagnostics import Severity

HYPOTHESIS = settings(
    max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _findings(old: dict[str, Any], new: dict[str, Any], direction: Direction) -> list[Finding]:
    old_set = CHECKER.load({"s.avsc": json.dumps(old).encode()})
    new_set = CHECKER.load({"s.avsc": json.dumps(new).encode()})
    return CHECKER.check(old_set, new_set, direction)


def _stele_compatible(findings: list[Finding]) -> bool:
    return not any(f.severity is Severity.ERROR for f in findings)


def _reference_compatible(reader: dict[str, Any], writer: dict[str, Any]) -> bool:
    import avro.compatibility
    import avro.schema

    result = avro.compatibility.ReaderWriterCompatibilityChecker().get_compatibility(
        avro.schema.parse(json.dumps(reader)), avro.schema.parse(json.dumps(writer))
    )
    return result.compatibility is avro.compatibility.SchemaCompatibilityType.compatible


def _reader_writer(
    old: dict[str, Any], new: dict[str, Any], direction: Direction
) -> tuple[dict[str, Any], dict[str, Any]]:
    return (new, old) if direction is Direction.BACKWARD else (old, new)


@HYPOTHESIS
@given(pair=schema_pairs(), direction=st.sampled_from(list(Direction)))
def test_verdict_equals_the_apache_avro_checker(
    pair: tuple[dict[str, Any], dict[str, Any]], direction: Direction
) -> None:
    old, new = pair
    reader, writer = _reader_writer(old, new, direction)
    findings = _findings(old, new, direction)
    reference = _reference_compatible(reader, writer)
    errors = {f.rule for f in findings if f.severity is Severity.ERROR}
    if reference and errors and errors <= DOCUMENTED_DIFFERENCES:
        return  # stele's deliberate, documented errors where the reference sees no break
    assert _stele_compatible(findings) == reference, [f.message for f in findings]


# Errors stele reports where the Apache Avro checker sees a compatible pair, each proven by
# fastavro in the change corpus (tests/contract_changes/) and written down in
# docs/compat-avro.md ("Deliberate differences"): the reference checker ignores logical types
# and decimal parameters, accepts string and bytes read as each other, and a field renamed with
# an alias that old readers fill from their default.
DOCUMENTED_DIFFERENCES = frozenset(
    {
        "avro-logical-type-changed",
        "avro-decimal-scale-changed",
        "avro-decimal-precision-narrowed",
        "avro-bytes-to-string",
        "avro-field-renamed-read-as-default",
    }
)


def _decodes(reader: dict[str, Any], writer: dict[str, Any], seed: int) -> None:
    import fastavro

    named: dict[str, Any] = {}
    parsed_writer = fastavro.parse_schema(writer, named_schemas=named)
    parsed_reader = fastavro.parse_schema(reader, named_schemas={})
    rng = random.Random(seed)
    for _ in range(5):
        buffer = io.BytesIO()
        fastavro.schemaless_writer(buffer, parsed_writer, random_value(parsed_writer, named, rng))
        buffer.seek(0)
        fastavro.schemaless_reader(buffer, parsed_writer, parsed_reader)
        assert buffer.read() == b"", "the reader consumed exactly what the writer wrote"


@HYPOTHESIS
@given(
    pair=schema_pairs(),
    direction=st.sampled_from(list(Direction)),
    seed=st.integers(0, 2**32),
)
def test_compatible_implies_fastavro_decodes(
    pair: tuple[dict[str, Any], dict[str, Any]], direction: Direction, seed: int
) -> None:
    old, new = pair
    findings = _findings(old, new, direction)
    if not _stele_compatible(findings):
        return
    reader, writer = _reader_writer(old, new, direction)
    if _alias_names_another_writer_field(reader, writer):
        return  # a deliberate difference: fastavro misreads these (see docs/compat-avro.md)
    _decodes(reader, writer, seed)


def _alias_names_another_writer_field(reader: dict[str, Any], writer: dict[str, Any]) -> bool:
    """A reader field matched by name whose alias names another writer field, or a reader
    alias that names a writer field another reader field reads by name.

    fastavro matches writer fields to reader aliases before it notices that a reader field is
    already matched by name, and then reads the other writer field into it (or leaves the
    field matched by name without a value).
    """
    writer_names = {f["name"] for f in writer["fields"]}
    by_name = writer_names & {f["name"] for f in reader["fields"]}
    return any(
        (f["name"] in writer_names and set(f.get("aliases", ())) & writer_names)
        or set(f.get("aliases", ())) & by_name
        for f in reader["fields"]
    )


def test_bytes_read_as_string_fails_on_non_utf8_data() -> None:
    """Why avro-bytes-to-string is an error the reference checkers do not give."""
    import fastavro

    old = {"type": "record", "name": "R", "fields": [{"name": "p", "type": "bytes"}]}
    new = {"type": "record", "name": "R", "fields": [{"name": "p", "type": "string"}]}
    rules = [(f.rule, f.severity) for f in _findings(old, new, Direction.BACKWARD)]
    assert rules == [("avro-bytes-to-string", Severity.ERROR)]
    assert _reference_compatible(new, old)
    buffer = io.BytesIO()
    fastavro.schemaless_writer(buffer, fastavro.parse_schema(old), {"p": b"\xff\xfe"})
    buffer.seek(0)
    with pytest.raises(UnicodeDecodeError):
        fastavro.schemaless_reader(buffer, fastavro.parse_schema(old), fastavro.parse_schema(new))


MONEY = b'{"type": "record", "name": "Money", "namespace": "shop", "fields": [{"name": "c", "type": "long"}]}'


def test_files_reference_types_other_files_define_by_unqualified_name() -> None:
    order = (
        b'{"type": "record", "name": "Order", "namespace": "shop",\n'
        b' "fields": [{"name": "total", "type": "Money"}]}'
    )
    schemas = CHECKER.load({"Money.avsc": MONEY, "Order.avsc": order})
    assert sorted(f.key for f in schemas.files.values()) == ["shop.Money", "shop.Order"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'{"type": "record", "name": "R", "fields": [}', "D101 not JSON: expected a JSON value"),
        (
            b'{"type": "record", "name": "R", "fields": [{"name": "x", "type": "Nope"}]}',
            "D101 unknown Avro type 'Nope'",
        ),
        (
            b'{"type": "record", "name": "R", "fields": [{"name": "x", "type": ["int", "int"]}]}',
            "D101 a union repeats a type or nests a union",
        ),
        (b'{"type": "enum", "name": "E", "symbols": ["a b"]}', "D101 fastavro rejects the schema"),
    ],
)
def test_bad_schemas_are_errors_with_positions(text: bytes, message: str) -> None:
    from stele.diagnostics import SteleError

    with pytest.raises(SteleError) as caught:
        CHECKER.load({"bad.avsc": text})
    (diagnostic,) = caught.value.diagnostics
    assert f"{diagnostic.code} {diagnostic.message}".startswith(message)
    assert diagnostic.span.path == "bad.avsc"


def test_finding_points_at_the_name_of_a_nested_field() -> None:
    old = b'{"type": "record", "name": "R",\n "fields": [\n  {"type": "int", "name": "n"}]}'
    new = b'{"type": "record", "name": "R",\n "fields": [\n  {"type": "string",\n   "name": "n"}]}'
    (finding,) = CHECKER.check(
        CHECKER.load({"a.avsc": old}), CHECKER.load({"a.avsc": new}), Direction.BACKWARD
    )
    assert (finding.rule, finding.subject, str(finding.old), str(finding.new)) == (
        "avro-type-changed",
        "R.n",
        "a.avsc:3:19",
        "a.avsc:4:4",
    )
