"""Protobuf binary through the protobuf runtime, with dynamic message classes.

The generated `.proto` files are compiled (protoc, from grpcio-tools) into a descriptor set; a
private descriptor pool holds it, and `message_factory.GetMessageClass` makes the classes. No
generated Python code is needed, so two versions of a project live side by side in one process.
"""

from __future__ import annotations

from typing import Any

from stele.config import Options
from stele.emit.protoc import compile_descriptor_set, import_paths
from stele.encode.codec import Codec, DecodeError
from stele.encode.proto_values import ProtoValues
from stele.ir import Project, Value
from stele.mapping.artifacts import Artifacts


def message_classes(descriptor_set: bytes) -> Any:
    """A function from a full message name to its dynamic class, over a fresh pool."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    files = descriptor_pb2.FileDescriptorSet.FromString(descriptor_set)
    pool = descriptor_pool.DescriptorPool()
    for file_proto in files.file:
        pool.Add(file_proto)
    cache: dict[str, Any] = {}

    def lookup(full_name: str) -> Any:
        if full_name not in cache:
            cache[full_name] = message_factory.GetMessageClass(
                pool.FindMessageTypeByName(full_name)
            )
        return cache[full_name]

    return lookup


class ProtobufCodec:
    name = "protobuf"

    def __init__(self, project: Project, descriptor_set: bytes, options: Options) -> None:
        self.project = project
        self.descriptor_set = descriptor_set
        self.options = options
        self.values = ProtoValues(project, message_classes(descriptor_set), options)

    @classmethod
    def from_artifacts(
        cls, project: Project, artifacts: Artifacts, options: Options
    ) -> ProtobufCodec:
        files = import_paths(artifacts)
        if not files and project.types:  # packages without types have no .proto file
            raise ValueError("the artifacts hold no .proto files: generate the protobuf format")
        return cls(project, compile_descriptor_set(files), options)

    def encode(self, type_name: str, value: Value) -> bytes:
        # deterministic: map entries sorted by key (else their order follows a per-process hash
        # seed of the runtime, and the same value gives different bytes in every run).
        message = self.values.to_message(type_name, value)
        data: bytes = message.SerializeToString(deterministic=True)
        return data

    def decode(self, type_name: str, data: bytes, writer: Codec | None = None) -> Value:
        # The wire format is keyed by field numbers: the writer's classes are not needed.
        del writer
        from google.protobuf.message import DecodeError as ProtoDecodeError

        decoder = self.values.decoder(type_name)  # first: an enum is not a message (DecodeError)
        message_class = self.values.message_class(type_name)
        try:
            message = message_class.FromString(data)
        except ProtoDecodeError as exc:
            raise DecodeError(f"not a {type_name} message: {exc}") from None
        return decoder(message)
