"""Avro binary through fastavro's schemaless writer and reader.

Schemas come from the generated `.avsc` artifacts (`avro/index.json` names the file of every
record and enum), so two versions of a project resolve against each other exactly as their
published files would. The per-type files refer to each other by name; the schema of a type is
assembled from them on first use (`stele.mapping.avro_inline`), self-contained as the per-message
files are. A union has no named Avro schema; its schema is built from the project.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

from stele.config import Options
from stele.emit.avro import ROOT, avro_schema_for_type
from stele.encode.codec import Codec, DecodeError
from stele.encode.framing import frame_for_registry, unframe_from_registry
from stele.ir import Project, Ref, Union, Value
from stele.mapping.artifacts import Artifacts
from stele.mapping.avro_inline import Definition, definitions, inline
from stele.mapping.avro_values import READER_OPTIONS, AvroValues


def schema_id(type_name: str) -> int:
    """A stable stand-in for the id a registry would assign: CRC-32 of the type name."""
    return zlib.crc32(type_name.encode("utf-8"))


class AvroCodec:
    def __init__(
        self,
        project: Project,
        schemas: Mapping[str, Any],
        options: Options,
        framed: bool = False,
    ) -> None:
        self.project = project
        self.schemas = schemas  # qualified type name -> Avro schema (JSON), unparsed
        self.options = options
        self.int64_as_string = options.int64_as_string
        self.framed = framed
        self._parsed: dict[str, Any] = {}
        self._values = AvroValues(project, options.int64_as_string)

    @property
    def name(self) -> str:
        return "avro-registry" if self.framed else "avro"

    @classmethod
    def from_artifacts(
        cls, project: Project, artifacts: Artifacts, options: Options, framed: bool = False
    ) -> AvroCodec:
        index_path = f"{ROOT}/index.json"
        if index_path not in artifacts:
            raise ValueError("the artifacts hold no avro/index.json: generate the avro format")
        index = json.loads(artifacts[index_path])
        named: dict[str, Definition] = {}
        for file in sorted({entry["file"] for entry in index["types"].values()}):
            for full, definition in definitions(json.loads(artifacts[f"{ROOT}/{file}"])).items():
                named.setdefault(full, definition)
        full_names = {name: entry["avro"] for name, entry in index["types"].items()}
        unions = {
            name: avro_schema_for_type(project, Ref(name))
            for name, t in project.types.items()
            if isinstance(t, Union)
        }
        return cls(project, _Assembled(named, full_names, unions), options, framed)

    def parsed_schema(self, type_name: str) -> Any:
        if type_name not in self._parsed:
            import fastavro

            if type_name not in self.schemas:
                raise KeyError(f"no Avro schema for {type_name}")
            self._parsed[type_name] = fastavro.parse_schema(self.schemas[type_name])
        return self._parsed[type_name]

    def encode(self, type_name: str, value: Value) -> bytes:
        import fastavro

        record = self._values.named_writer(type_name)(value)
        buffer = io.BytesIO()
        fastavro.schemaless_writer(buffer, self.parsed_schema(type_name), record)
        payload = buffer.getvalue()
        return frame_for_registry(schema_id(type_name), payload) if self.framed else payload

    def decode(self, type_name: str, data: bytes, writer: Codec | None = None) -> Value:
        import fastavro

        if self.framed:
            try:
                _, data = unframe_from_registry(data)
            except ValueError as exc:
                raise DecodeError(str(exc)) from None
        reader_schema = self.parsed_schema(type_name)
        writer_schema = reader_schema
        if isinstance(writer, AvroCodec):
            writer_schema = writer.parsed_schema(type_name)
        try:
            raw = fastavro.schemaless_reader(
                io.BytesIO(data),
                writer_schema,
                reader_schema if writer_schema is not reader_schema else None,
                return_record_name=READER_OPTIONS["return_record_name"],
            )
        except (ValueError, EOFError, IndexError, KeyError) as exc:
            raise DecodeError(f"cannot read {type_name} as Avro: {exc}") from None
        except Exception as exc:  # fastavro's SchemaResolutionError has no stable import path
            if type(exc).__name__ == "SchemaResolutionError":
                raise DecodeError(f"{type_name}: {exc}") from None
            raise
        return self._values.named_reader(type_name)(raw)  # type: ignore[no-any-return]


class _Assembled(Mapping[str, Any]):
    """Type name -> self-contained schema, assembled from the per-type definitions when asked."""

    def __init__(
        self, named: dict[str, Definition], full_names: dict[str, str], unions: dict[str, Any]
    ) -> None:
        self._named = named
        self._full_names = full_names
        self._done: dict[str, Any] = dict(unions)

    def __getitem__(self, type_name: str) -> Any:
        if type_name not in self._done:
            full = self._full_names[type_name]  # KeyError: not a type of the artifacts
            found = self._named[full]
            self._done[type_name] = inline(found.schema, self._named, set(), found.namespace)
        return self._done[type_name]

    def __iter__(self) -> Iterator[str]:
        yield from self._full_names
        yield from (name for name in self._done if name not in self._full_names)

    def __len__(self) -> int:
        return len(self._full_names) + sum(1 for n in self._done if n not in self._full_names)
