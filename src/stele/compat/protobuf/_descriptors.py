"""Loading `.proto` files into a located, indexed view of their descriptors.

protoc (from grpc_tools) compiles the files into a FileDescriptorSet with source info; every
declaration is then indexed by full name and located through SourceCodeInfo. Only the files
given are indexed for pairing; imported files (well-known types) serve type lookups only.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    options, location), not its declarations (`ProtoSchema.unread`).

    In the files that changed, a message declared alike on both sides is not judged either, and
    its fields are read only if a rule asks for them (`_alike_messages`, `ProtoSchema.alike`)."""
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
    alike = frozenset(_alike_messages(sides, unchanged) if decls.SKIP_UNCHANGED else ())
    done: dict[tuple[bytes, bool], ProtoSchema] = {}
    schemas = []
    for side in sides:
        schema = ProtoSchema()
        for file, key in side:
            part = done.get(key)
            if part is None:
                part = done[key] = ProtoSchema()
                read = file.name not in unread
                _Indexer(part, file, key[1], read, alike).index_file(read)
            for name in _RECORDS:
                getattr(schema, name).update(getattr(part, name))
        schema.unchanged, schema.unread, schema.alike = unchanged, unread, alike
        schemas.append(schema)
    return schemas[0], schemas[1]


Side = list[tuple[Any, tuple[bytes, bool]]]  # each file's descriptor and (serialized, chosen)
_ENUM = 14  # FieldDescriptorProto.TYPE_ENUM


def _alike_messages(sides: list[Side], unchanged: frozenset[str]) -> set[str]:
    """The messages (full names, nested ones included) that no rule can find anything in,
    declared in files to compare on both sides that changed: the same DescriptorProto on both
    sides (its nested declarations, options and reservations included), in files of the same
    syntax, edition, package and options (which their features and facts depend on) without
    `stele:` comments (which rules read beside the descriptor), and whose enum fields name
    enums alike too (an enum field's default is its enum's first value). Such a message holds
    the same records on both sides but for their locations; every rule over a message pair
    compares the two records and the enums they name."""
    olds = {file.name: (file, key) for file, key in sides[0]}
    candidates: dict[str, Any] = {}
    enums: set[str] = set()
    for new, (new_data, new_chosen) in sides[1]:
        old, (old_data, old_chosen) = olds.get(new.name, (None, (b"", False)))
        if (
            old is None
            or new.name in unchanged
            or not (old_chosen and new_chosen)
            or b"stele:" in old_data
            or b"stele:" in new_data
            or not _same_context(old, new)
        ):
            continue
        for kind, found in (("message_type", candidates), ("enum_type", enums)):
            theirs = {d.name: d for d in getattr(old, kind)}
            for mine in getattr(new, kind):
                twin = theirs.get(mine.name)
                if twin is not None and twin.SerializeToString() == mine.SerializeToString():
                    name = _joined(new.package, mine.name)
                    if isinstance(found, set):
                        found.add(name)
                    else:
                        found[name] = mine
    alike: set[str] = set()
    named: set[str] | None = None
    for name, message in candidates.items():
        wanted = [e for e in _enum_types(message) if e not in enums and not _inside(e, candidates)]
        if wanted:
            named = _unchanged_enums(sides[1], unchanged) if named is None else named
            if any(e not in named for e in wanted):
                continue
        alike.update(_message_names(message, name))
    return alike


def _same_context(old: Any, new: Any) -> bool:
    return bool(
        old.package == new.package
        and old.syntax == new.syntax
        and old.edition == new.edition
        and old.HasField("options") == new.HasField("options")
        and old.options.SerializeToString() == new.options.SerializeToString()
    )


def _joined(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name


def _enum_types(message: Any) -> Iterator[str]:
    """The enums the fields of `message` and of its nested messages name."""
    for field in message.field:
        if field.type == _ENUM:
            yield field.type_name.lstrip(".")
    for nested in message.nested_type:
        yield from _enum_types(nested)


def _inside(name: str, messages: dict[str, Any]) -> bool:
    """Whether `name` is declared in one of `messages` (at any depth)."""
    scope = name.rpartition(".")[0]
    while scope:
        if scope in messages:
            return True
        scope = scope.rpartition(".")[0]
    return False


def _unchanged_enums(side: Side, unchanged: frozenset[str]) -> set[str]:
    """The enums declared in the files unchanged on both sides (their imports too)."""
    names: set[str] = set()
    for file, _ in side:
        if file.name in unchanged:
            names.update(_joined(file.package, e.name) for e in file.enum_type)
            for message in file.message_type:
                for nested in _nested(message, _joined(file.package, message.name)):
                    names.update(f"{nested[0]}.{e.name}" for e in nested[1].enum_type)
    return names


def _nested(message: Any, name: str) -> Iterator[tuple[str, Any]]:
    yield name, message
    for nested in message.nested_type:
        yield from _nested(nested, f"{name}.{nested.name}")


def _message_names(message: Any, name: str) -> Iterator[str]:
    return (full for full, _ in _nested(message, name))


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
