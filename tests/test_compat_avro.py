"""The Avro checker against the Apache Avro reference checker and against fastavro's decoder."""

from __future__ import annotations

import io
import json
import random
from typing import Any

from _avro_schema_gen import random_value, schema_pairs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.compat.avro import CHECKER
from stele.compat.model import Direction, Finding
from stele.diagnostics import Severity

HYPOTHESIS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
    assert _stele_compatible(findings) == _reference_compatible(reader, writer), [
        f.message for f in findings
    ]


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
    # bytes -> string is a warning precisely because non-UTF-8 bytes do not decode (see below).
    if not _stele_compatible(findings) or any(f.rule == "avro-bytes-to-string" for f in findings):
        return
    reader, writer = _reader_writer(old, new, direction)
    if _alias_names_another_writer_field(reader, writer):
        return  # a deliberate difference: fastavro misreads these (see docs/compat-avro.md)
    _decodes(reader, writer, seed)


def _alias_names_another_writer_field(reader: dict[str, Any], writer: dict[str, Any]) -> bool:
    """A reader field matched by name whose alias names another writer field.

    fastavro matches writer fields to reader aliases before it notices that the reader field is
    already matched by name, and then reads the other writer field into it.
    """
    writer_names = {f["name"] for f in writer["fields"]}
    return any(
        f["name"] in writer_names and set(f.get("aliases", ())) & writer_names
        for f in reader["fields"]
    )
