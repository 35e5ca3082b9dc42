"""Avro binary through fastavro's schemaless writer and reader.

Schemas come from the generated `.avsc` artifacts (`avro/index.json` names the file of every
record and enum), so two versions of a project resolve against each other exactly as their
published files would. A union has no named Avro schema; its schema is built from the project.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Mapping
from typing import Any

from stele.config import Options
from stele.emit.avro import ROOT, avro_schema_for_type
from stele.emit.avro_values import READER_OPTIONS, AvroValues
from stele.emit.base import Artifacts
from stele.encode.codecs import Codec, DecodeError
from stele.encode.framing import frame_for_registry, unframe_from_registry
from stele.ir import Project, Ref, Union, Value


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
        schemas: dict[str, Any] = {
            name: json.loads(artifacts[f"{ROOT}/{entry['file']}"])
            for name, entry in index["types"].items()
        }
        for name, t in project.types.items():
            if isinstance(t, Union):
                schemas[name] = avro_schema_for_type(project, Ref(name))
        return cls(project, schemas, options, framed)

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
