"""Loading `.proto` files into a located, indexed view of their descriptors.

protoc (from grpc_tools) compiles the files into a FileDescriptorSet with source info; every
declaration is then indexed by full name and located through SourceCodeInfo. Only the files
given are indexed for pairing; imported files (well-known types) serve type lookups only.
"""

from __future__ import annotations

from typing import Any

from stele.compat.protobuf import _decls as decls
from stele.compat.protobuf._compiling import compile_with_source_info
from stele.compat.protobuf._decls import (
    EnumDecl,
    EnumValueDecl,
    FieldDecl,
    FileDecl,
    MessageDecl,
    MethodDecl,
    ProtoSchema,
    Reservations,
    ServiceDecl,
)
from stele.compat.protobuf._indexer import Indexer as _Indexer
from stele.compat.protobuf._spans import Spans as _Spans

__all__ = [
    "EnumDecl",
    "EnumValueDecl",
    "FieldDecl",
    "FileDecl",
    "MessageDecl",
    "MethodDecl",
    "ProtoSchema",
    "Reservations",
    "ServiceDecl",
    "_Spans",
    "compile_with_source_info",
    "index_schema",
    "index_sides",
    "load_schema",
]


def load_schema(files: dict[str, bytes], inputs: set[str] | None = None) -> ProtoSchema:
    """Compile `files` (import path -> content) and index their declarations; only those of
    `inputs` when given (the other files are there to be imported)."""
    chosen = set(files) if inputs is None else inputs
    return index_schema(compile_with_source_info(files, chosen), chosen)


def index_schema(compiled: bytes, chosen: set[str]) -> ProtoSchema:
    """The declarations of a compiled FileDescriptorSet (`compile_with_source_info`), those of
    the files in `chosen` indexed for pairing, the others for type lookups."""
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet()
    fds.ParseFromString(compiled)
    schema = ProtoSchema()
    for file in fds.file:
        _Indexer(schema, file, indexed=file.name in chosen).index_file()
    return schema


def index_sides(
    old: Any, old_chosen: set[str], new: Any, new_chosen: set[str]
) -> tuple[ProtoSchema, ProtoSchema]:
    """`index_schema` of both sides of a diff. Indexing a file depends on its descriptor alone,
    so a file compiled alike on both sides (the same FileDescriptorProto, source info included:
    the same text, the same imports) is indexed once and its records shared; most files of a
    diff are unchanged.

    Such a file whose imports are unchanged too is not judged (`ProtoSchema.unchanged`), and
    when no other file imports it (at any depth) and it names no contract body (a `stele:`
    comment), nothing reads its declarations: only the file itself is indexed (its package,
    options, location), not its declarations (`ProtoSchema.unread`)."""
    from google.protobuf import descriptor_pb2

    sides: list[list[tuple[Any, tuple[bytes, bool]]]] = []
    for compiled, chosen in ((old, old_chosen), (new, new_chosen)):
        files = compiled  # the FileDescriptorProtos in a set's order, or the set serialized
        if isinstance(compiled, bytes):
            fds = descriptor_pb2.FileDescriptorSet()
            fds.ParseFromString(compiled)
            files = fds.file
        sides.append([(f, (f.SerializeToString(), f.name in chosen)) for f in files])
    keys = [{f.name: key for f, key in side} for side in sides]
    imports = [{f.name: list(f.dependency) for f, _ in side} for side in sides]
    unchanged = frozenset(_unchanged(keys[0], keys[1], imports[0]))
    needed = _imported(imports, unchanged)
    unread = frozenset(
        name
        for name in unchanged - needed
        if keys[0][name][1] and b"stele:" not in keys[0][name][0] and decls.SKIP_UNCHANGED
    )
    done: dict[tuple[bytes, bool], ProtoSchema] = {}
    schemas = []
    for side in sides:
        schema = ProtoSchema()
        for file, key in side:
            part = done.get(key)
            if part is None:
                part = done[key] = ProtoSchema()
                read = file.name not in unread
                _Indexer(part, file, key[1], read).index_file(read)
            for name in _RECORDS:
                getattr(schema, name).update(getattr(part, name))
        schema.unchanged, schema.unread = unchanged, unread
        schemas.append(schema)
    return schemas[0], schemas[1]


def _imported(imports: list[dict[str, list[str]]], unchanged: frozenset[str]) -> set[str]:
    """The files that a file not unchanged imports, at any depth, on either side."""
    seen: set[str] = set()
    for side in imports:
        todo = [i for name, found in side.items() if name not in unchanged for i in found]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(side.get(name, ()))
    return seen


_RECORDS = ("files", "messages", "enums", "services", "extensions", "all_enums", "spans")


def _unchanged(
    old: dict[str, tuple[bytes, bool]],
    new: dict[str, tuple[bytes, bool]],
    imports: dict[str, list[str]],
) -> set[str]:
    """The files compiled alike on both sides whose imports, at any depth, are too. protoc
    lists a file's imports before it, so one pass in OLD's order sees every import first."""
    alike: set[str] = set()
    for name, key in old.items():
        if new.get(name) == key and all(i in alike for i in imports.get(name, ())):
            alike.add(name)
    return alike
