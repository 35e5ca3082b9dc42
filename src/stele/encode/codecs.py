"""The codec protocol and `Codecs`, the set of codecs of one version of a contract project."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stele.config import Options
from stele.encode.avro_codec import AvroCodec
from stele.encode.codec import Codec
from stele.encode.json_codec import JsonCodec
from stele.encode.protobuf_codec import ProtobufCodec
from stele.encode.schemaless import schemaless_codec
from stele.generate import build_artifacts
from stele.ir import Project, Ref, Value
from stele.mapping.artifacts import Artifacts
from stele.mapping.avro_values import normal_form as avro_normal_form

if TYPE_CHECKING:
    from stele.workspace import Workspace

# Column order of every report.
FORMATS: tuple[str, ...] = ("json", "protobuf", "avro", "avro-registry", "msgpack", "cbor")
_OPTIONAL_MODULES = {"msgpack": "msgpack", "cbor": "cbor2"}


def optional_formats() -> tuple[str, ...]:
    """The schemaless binary formats whose library is importable here."""
    return tuple(
        fmt for fmt, module in _OPTIONAL_MODULES.items() if importlib.util.find_spec(module)
    )


@dataclass(frozen=True)
class Codecs:
    """The codecs of one version of a project, in `FORMATS` order."""

    project: Project
    options: Options
    by_format: Mapping[str, Codec]

    @classmethod
    def from_artifacts(
        cls,
        project: Project,
        artifacts: Artifacts,
        options: Options | None = None,
        *,
        registry_framing: bool = False,
        schemaless: bool = True,
    ) -> Codecs:
        """Codecs over generated artifacts: the `.proto` files (compiled with protoc) and the
        `.avsc` files of `artifacts`; the project must be the one they were generated from."""
        options = options or Options()
        found: dict[str, Codec] = {"json": JsonCodec(project)}
        found["protobuf"] = ProtobufCodec.from_artifacts(project, artifacts, options)
        found["avro"] = AvroCodec.from_artifacts(project, artifacts, options)
        if registry_framing:
            found["avro-registry"] = AvroCodec.from_artifacts(
                project, artifacts, options, framed=True
            )
        if schemaless:
            for fmt in optional_formats():
                found[fmt] = schemaless_codec(fmt)
        ordered = {fmt: found[fmt] for fmt in FORMATS if fmt in found}
        return cls(project, options, ordered)

    @classmethod
    def from_workspace(
        cls, ws: Workspace, *, registry_framing: bool = False, schemaless: bool = True
    ) -> Codecs:
        """Codecs of a loaded project: its Protobuf and Avro artifacts are generated in memory."""
        artifacts = build_artifacts(ws, ("protobuf", "avro"), validate=False)
        return cls.from_artifacts(
            ws.project,
            artifacts,
            ws.config.options,
            registry_framing=registry_framing,
            schemaless=schemaless,
        )

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.by_format)

    def __getitem__(self, fmt: str) -> Codec:
        return self.by_format[fmt]

    def __iter__(self) -> Iterator[Codec]:
        return iter(self.by_format.values())


def normal_form(project: Project, type_name: str, value: Value) -> Value:
    """The value every format reads back: defaults filled in, timestamps in UTC, decimals at
    their scale, float32 at its shortest (the Avro normal form; see `avro_values`)."""
    return avro_normal_form(project, Ref(type_name), value)


def round_trip(codec: Codec, type_name: str, value: Value) -> Value:
    return codec.decode(type_name, codec.encode(type_name, value))
