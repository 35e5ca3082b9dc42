"""The emitters by name, imported only when used (some pull in heavy libraries)."""

from __future__ import annotations

import importlib

from stele.emit.base import Emitter

# Order matters: an emitter may read what the ones before it produced.
EMITTERS: dict[str, tuple[str, str]] = {
    "protobuf": ("stele.emit.protobuf", "ProtobufEmitter"),
    "python-protobuf": ("stele.emit.python_protobuf", "PythonProtobufEmitter"),
    "avro": ("stele.emit.avro", "AvroEmitter"),
    "jsonschema": ("stele.emit.jsonschema", "JsonSchemaEmitter"),
    "openapi": ("stele.emit.openapi", "OpenApiEmitter"),
    "asyncapi": ("stele.emit.asyncapi", "AsyncApiEmitter"),
    "python-models": ("stele.emit.python_models", "PythonModelsEmitter"),
    "graphql": ("stele.emit.graphql", "GraphqlEmitter"),
}
# An emitter that reads another's output needs it to run first.
NEEDS: dict[str, tuple[str, ...]] = {
    "python-protobuf": ("protobuf",),
    "python-models": ("jsonschema",),
    "openapi": (),
    "asyncapi": (),
}


def emitter(name: str) -> Emitter:
    module, cls = EMITTERS[name]
    factory = getattr(importlib.import_module(module), cls)
    instance: Emitter = factory()
    return instance


def plan(formats: tuple[str, ...]) -> list[str]:
    """The emitters to run for the requested formats, with what they need, in order."""
    wanted = set(formats)
    for name in formats:
        wanted.update(NEEDS.get(name, ()))
    return [name for name in EMITTERS if name in wanted]
