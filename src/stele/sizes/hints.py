"""Hints from the formats' encoding rules, each backed by measured bytes (info findings).

A hint is a what-if: change one field in the generated Protobuf descriptors and/or Avro schemas,
encode the same samples through the real codecs again, and report the saving only when the
measured bytes shrink. The candidates:

- Z101 a frequently present field numbered above 15 (its Protobuf tag takes two bytes) while a
  number from 1 to 15 is free: measured with the field renumbered;
- Z102 a float64 field whose sample values are all exact float32 values: measured as float32;
- Z103 an int64 field whose sample values all fit int32: measured as int32 (varints make this
  free in both binary formats, so it is reported only if a codec disagrees);
- Z104 a string field whose sample values are all UUIDs: measured with the uuid type (a string
  in every format stele emits today, so it is reported only if that changes).
"""

from __future__ import annotations

import copy
import struct
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from stele.diagnostics import Diagnostic, info
from stele.encode import Codecs, Sample
from stele.encode.avro_codec import AvroCodec
from stele.encode.protobuf_codec import ProtobufCodec
from stele.ir import Field, ListOf, MapOf, Project, Record, Ref, Scalar, TypeExpr, Union, Value
from stele.mapping.avro_values import avro_full_name
from stele.values import UUID_RE

_TWO_BYTE_TAG = 15


@dataclass(frozen=True)
class WhatIf:
    code: str
    record: Record
    field: Field
    message: str
    hint: str
    proto: Callable[[Any, Any], None] | None = None  # (DescriptorProto, FieldDescriptorProto)
    avro: Callable[[dict[str, Any]], None] | None = None  # the Avro field object


def size_hints(codecs: Codecs, samples: Sequence[Sample]) -> list[Diagnostic]:
    project = codecs.project
    values = _field_values(project, samples)
    found: list[Diagnostic] = []
    for candidate in _candidates(project, values):
        affected = [s for s in samples if _reaches(project, s, candidate)]
        gains = _gains(codecs, candidate, affected)
        if gains:
            saving = ", ".join(f"{fmt} {n} byte{'' if n == 1 else 's'}" for fmt, n in gains.items())
            found.append(
                info(
                    candidate.code,
                    f"{candidate.message}: saves {saving} over {len(affected)} sample{'s' if len(affected) != 1 else ''}",
                    candidate.field.span,
                    candidate.hint,
                )
            )
    return sorted(found)


# -- candidates ---------------------------------------------------------------------------------


def _candidates(project: Project, values: dict[tuple[str, str], list[Value]]) -> Iterator[WhatIf]:
    for (record_name, field_name), seen in values.items():
        if not field_name:
            continue  # the count of the record's values
        record = project.record(record_name)
        f = record.field(field_name)
        assert f is not None
        yield from _number_candidate(record, f, seen, values)
        if f.type == Scalar("float64") and seen and all(_fits_float32(v) for v in seen):
            yield WhatIf(
                "Z102", record, f, f"{record.short_name}.{f.name} holds float32 values",
                "float32 takes 4 bytes instead of 8 in Protobuf and Avro; use it if the "
                "precision is enough",
                _proto_type(2), _avro_swap("double", "float"),
            )  # fmt: skip
        if f.type == Scalar("int64") and seen and all(_fits_int32(v) for v in seen):
            yield WhatIf(
                "Z103", record, f, f"{record.short_name}.{f.name} holds int32 values",
                "int32 would do for the values seen", _proto_type(5), _avro_swap("long", "int"),
            )  # fmt: skip
        if f.type == Scalar("string") and seen and all(_is_uuid(v) for v in seen):
            yield WhatIf(
                "Z104", record, f, f"{record.short_name}.{f.name} holds UUIDs",
                "declare the field as uuid", None, _avro_logical("uuid"),
            )  # fmt: skip


def _number_candidate(
    record: Record, f: Field, seen: list[Value], values: dict[tuple[str, str], list[Value]]
) -> Iterator[WhatIf]:
    if f.number is None or f.number <= _TWO_BYTE_TAG:
        return
    used = {g.number for g in record.fields}
    free = [
        n
        for n in range(1, _TWO_BYTE_TAG + 1)
        if n not in used and not record.reserved.has_number(n)
    ]
    if not free or len(seen) * 2 < len(values[(record.name, "")]):
        return  # no cheaper number, or the field is absent from most values
    target = free[0]

    def renumber(message: Any, field: Any) -> None:
        del message
        field.number = target

    yield WhatIf(
        "Z101",
        record,
        f,
        f"{record.short_name}.{f.name} is numbered {f.number}: its Protobuf tag takes 2 bytes",
        f"number {target} is free and takes 1 byte; renumbering breaks the wire format, so do "
        "it only before the field is released",
        renumber,
    )


def _proto_type(proto_type: int) -> Callable[[Any, Any], None]:
    def change(message: Any, field: Any) -> None:
        del message
        field.type = proto_type

    return change


def _avro_swap(old: str, new: str) -> Callable[[dict[str, Any]], None]:
    def change(field: dict[str, Any]) -> None:
        t = field["type"]
        field["type"] = [new if b == old else b for b in t] if isinstance(t, list) else new

    return change


def _avro_logical(logical: str) -> Callable[[dict[str, Any]], None]:
    def change(field: dict[str, Any]) -> None:
        field["type"] = {"type": "string", "logicalType": logical}

    return change


# -- measuring ----------------------------------------------------------------------------------


def _gains(codecs: Codecs, candidate: WhatIf, samples: Sequence[Sample]) -> dict[str, int]:
    gains: dict[str, int] = {}
    alternatives: list[tuple[str, Any]] = []
    proto = codecs.by_format.get("protobuf")
    if candidate.proto is not None and isinstance(proto, ProtobufCodec):
        alternatives.append(("protobuf", _proto_variant(proto, candidate)))
    avro = codecs.by_format.get("avro")
    if candidate.avro is not None and isinstance(avro, AvroCodec):
        alternatives.append(("avro", _avro_variant(avro, candidate)))
    for fmt, variant in alternatives:
        now = sum(len(codecs[fmt].encode(s.type_name, s.value)) for s in samples)
        then = sum(len(variant.encode(s.type_name, s.value)) for s in samples)
        if then < now:
            gains[fmt] = now - then
    return gains


def _proto_variant(codec: ProtobufCodec, candidate: WhatIf) -> ProtobufCodec:
    from google.protobuf import descriptor_pb2

    files = descriptor_pb2.FileDescriptorSet.FromString(codec.descriptor_set)
    message = _find_message(files, candidate.record.name)
    field = next(f for f in message.field if f.name == candidate.field.name)
    assert candidate.proto is not None
    candidate.proto(message, field)
    return ProtobufCodec(codec.project, files.SerializeToString(), codec.options)


def _find_message(files: Any, full_name: str) -> Any:
    for file in files.file:
        prefix = f"{file.package}." if file.package else ""
        if not full_name.startswith(prefix):
            continue
        scope = file.message_type
        found = None
        for part in full_name[len(prefix) :].split("."):
            found = next((m for m in scope if m.name == part), None)
            if found is None:
                break
            scope = found.nested_type
        if found is not None:
            return found
    raise KeyError(full_name)


def _avro_variant(codec: AvroCodec, candidate: WhatIf) -> AvroCodec:
    target = avro_full_name(candidate.record)
    schemas = copy.deepcopy(dict(codec.schemas))
    for schema in schemas.values():
        for record in _avro_records(schema, ""):
            if record[0] == target:
                field = next(f for f in record[1]["fields"] if f["name"] == candidate.field.name)
                assert candidate.avro is not None
                candidate.avro(field)
    return AvroCodec(codec.project, schemas, codec.options, codec.framed)


def _avro_records(schema: Any, namespace: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(schema, list):
        for branch in schema:
            yield from _avro_records(branch, namespace)
    elif isinstance(schema, dict):
        if schema.get("type") == "record":
            name = str(schema["name"])
            ns = str(schema.get("namespace", namespace))
            full = name if "." in name or not ns else f"{ns}.{name}"
            yield full, schema
            for f in schema["fields"]:
                yield from _avro_records(f["type"], full.rpartition(".")[0])
        elif schema.get("type") in ("array", "map"):
            yield from _avro_records(schema.get("items", schema.get("values")), namespace)


# -- where values are -------------------------------------------------------------------------


def _field_values(
    project: Project, samples: Sequence[Sample]
) -> dict[tuple[str, str], list[Value]]:
    """(record, field) -> every value the samples hold for it (lists contribute their items)."""
    found: dict[tuple[str, str], list[Value]] = {}
    for s in samples:
        _walk(project, Ref(s.type_name), s.value, found)
    return found


def _walk(
    project: Project, t: TypeExpr, value: Value, found: dict[tuple[str, str], list[Value]]
) -> None:
    if isinstance(t, ListOf) and isinstance(value, list):
        for item in value:
            _walk(project, t.item, item, found)
    elif isinstance(t, MapOf) and isinstance(value, dict):
        for item in value.values():
            _walk(project, t.value, item, found)
    elif isinstance(t, Ref) and isinstance(value, dict):
        named = project.types[t.name]
        if isinstance(named, Union):
            variant = next(v for v in named.variants if v.name == value.get(named.discriminator))
            _walk(project, variant.type, value, found)
        elif isinstance(named, Record):
            found.setdefault((named.name, ""), []).append(None)
            for f in named.fields:
                found.setdefault((named.name, f.name), [])
                if f.name in value:
                    leaf = value[f.name]
                    items = (
                        leaf if isinstance(f.type, ListOf) and isinstance(leaf, list) else [leaf]
                    )
                    found[(named.name, f.name)].extend(items)
                    _walk(project, f.type, leaf, found)


def _reaches(project: Project, sample: Sample, candidate: WhatIf) -> bool:
    found: dict[tuple[str, str], list[Value]] = {}
    _walk(project, Ref(sample.type_name), sample.value, found)
    return bool(found.get((candidate.record.name, candidate.field.name)))


def _fits_float32(v: Value) -> bool:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return False
    try:
        narrowed: float = struct.unpack("<f", struct.pack("<f", v))[0]
        return narrowed == v
    except OverflowError:
        return False


def _fits_int32(v: Value) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and -(2**31) <= v < 2**31


def _is_uuid(v: Value) -> bool:
    return isinstance(v, str) and UUID_RE.fullmatch(v) is not None
