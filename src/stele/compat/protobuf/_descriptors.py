"""Loading `.proto` files into a located, indexed view of their descriptors.

protoc (from grpc_tools) compiles the files into a FileDescriptorSet with source info; every
declaration is then indexed by full name and located through SourceCodeInfo. Only the files
given are indexed for pairing; imported files (well-known types) serve type lookups only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from stele.compat.model import Location
from stele.diagnostics import Diagnostic, SteleError, error
from stele.span import Span

if TYPE_CHECKING:
    from google.protobuf import descriptor_pb2

from stele.compat.protobuf import _decls as decls
from stele.compat.protobuf import _facts as facts
from stele.compat.protobuf import _features as feat
from stele.compat.protobuf._decls import (
    ENUM_VALUE,
    FILE_ENUM,
    FILE_EXTENSION,
    FILE_MESSAGE,
    FILE_PACKAGE,
    FILE_SERVICE,
    FILE_SYNTAX,
    GENERATED_PREFIX,
    LABEL_REPEATED,
    MESSAGE_ENUM,
    MESSAGE_EXTENSION,
    MESSAGE_FIELD,
    MESSAGE_NESTED,
    SERVICE_METHOD,
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
from stele.compat.protobuf._spans import Spans as _Spans

_INT64 = frozenset({3, 4, 6, 16, 18})  # int64, uint64, fixed64, sfixed64, sint64
_TEXTUAL = frozenset({9, 12})  # string, bytes

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
    "compile_with_source_info",
    "index_schema",
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


def compile_with_source_info(files: dict[str, bytes], inputs: set[str] | None = None) -> bytes:
    """A serialized FileDescriptorSet with source info and imports; D010 on protoc errors, D011
    for an import found neither among `files` nor among the well-known types.

    protoc's warnings (an unused import, a file without `syntax`, which is proto2) are not
    errors; its errors are capped per file (`foreign.capped`): random bytes make thousands.
    """
    from stele.compat.foreign import capped, check_size
    from stele.emit._protoc import run_protoc

    for path, data in files.items():
        check_size(path, data)
    args = ["--descriptor_set_out=out.pb", "--include_imports", "--include_source_info"]
    outputs, lines = run_protoc(files, args, inputs)
    if "out.pb" in outputs:
        return outputs["out.pb"]  # compiled: whatever protoc printed were warnings
    first = sorted(files)[0] if files else "<none>"
    errors = [line for line in lines if not _is_warning(line) and not _NOT_FOUND.match(line)]
    diagnostics = sorted(_protoc_diagnostic(line, first, files) for line in errors or lines)
    raise SteleError(
        capped(diagnostics or [_protoc_diagnostic("protoc failed", first, files)], "protoc errors")
    )


_PROTOC_LOCATION = re.compile(r"^(?P<file>[^:\s]+\.proto):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*)$")
# protoc's log lines (absl: `W0000 00:00:... parser.cc:659] ...`, `WARNING: All log messages
# ...`) and located warnings (`a.proto:2:1: warning: Import ... is unused.`).
_WARNING = re.compile(
    r"^(?:[WI]\d{4} |WARNING: |\[libprotobuf (?:WARNING|INFO)|\S+:\d+:\d+: warning: )"
)


def _is_warning(line: str) -> bool:
    return _WARNING.match(line) is not None


# `dep/b.proto: File not found.`: protoc says it again, located, at the import.
_NOT_FOUND = re.compile(r"^\S+\.proto: File not found\.$")
_MISSING_IMPORT = re.compile(r'^Import "(?P<name>[^"]+)" was not found or had errors\.$')


def _protoc_diagnostic(line: str, fallback_file: str, files: dict[str, bytes]) -> Diagnostic:
    hint = "fix the .proto file so that protoc accepts it"
    match = _PROTOC_LOCATION.match(line)
    if match is None:
        return error("D010", f"protoc: {line}", Span(fallback_file, 1, 1), hint)
    span = Span(match["file"], int(match["line"]), int(match["col"]))
    missing = _MISSING_IMPORT.match(match["msg"])
    if missing is not None and missing["name"] not in files:
        name = missing["name"]
        return error(
            "D011",
            f"import '{name}' is not found: not in the tree given, not a well-known type",
            span,
            f"pass --proto-path DIR (-I DIR), DIR being the folder that holds {name}",
        )
    return error("D010", f"protoc: {match['msg']}", span, hint)


class _Indexer:
    def __init__(
        self,
        schema: ProtoSchema,
        file: descriptor_pb2.FileDescriptorProto,
        indexed: bool,
        read: bool = True,
    ) -> None:
        self.schema = schema
        self.file = file
        self.indexed = indexed
        self.syntax = file.syntax or "proto2"
        self.edition = feat.edition_of(file)
        self.features = feat.overlay(feat.defaults(self.edition), file.options)
        self.check_utf8 = facts.java_check_utf8(file)
        self.name = file.name
        self.spans = _Spans(file.source_code_info.location, later=not read)
        self.trailing = self.spans.trailing

    def generated(self) -> bool:
        for loc in self.file.source_code_info.location:
            if tuple(loc.path) == (FILE_SYNTAX,):
                first = [*loc.leading_detached_comments, loc.leading_comments][0]
                return first.lstrip().startswith(GENERATED_PREFIX)
        return False

    def at(self, path: tuple[int, ...]) -> Location:
        found = dict.get(self.spans, path)  # a declaration's, read at once (most lookups)
        line, column = found if found is not None else self.spans.get(path, (1, 1))
        return Location(self.name, line, column)

    def file_at(self, path: tuple[int, ...]) -> Location:
        """Where the file or its package is, without reading the declarations' locations
        (SourceCodeInfo lists the file's first, the package's soon after)."""
        if self.spans._pending is None:
            line, column = self.spans.get(path, (1, 1))
            return Location(self.name, line, column)
        for loc in self.file.source_code_info.location:
            if tuple(loc.path) == path:
                return Location(self.name, loc.span[0] + 1, loc.span[1] + 1)
        return Location(self.name, 1, 1)

    def index_file(self, declarations: bool = True) -> None:
        """The file's record and, when `declarations`, those of what it declares."""
        file, prefix = self.file, self.file.package
        if self.indexed:
            self.schema.spans[file.name] = self.spans
            self.schema.files[file.name] = FileDecl(
                file.name,
                file.package,
                self.file_at(()),
                self.file_at((FILE_PACKAGE,)),
                self.generated(),
                facts.file_options(file),
            )
        if not declarations:
            return
        for i, message in enumerate(file.message_type):
            self.index_message(message, prefix, (FILE_MESSAGE, i), True, self.features)
        for i, enum in enumerate(file.enum_type):
            self.index_enum(enum, prefix, (FILE_ENUM, i), True, self.features)
        if self.indexed:
            for i, service in enumerate(file.service):
                self.index_service(service, (FILE_SERVICE, i))
            for i, extension in enumerate(file.extension):
                self.index_extension(extension, prefix, (FILE_EXTENSION, i), self.features)

    def index_message(
        self,
        message: descriptor_pb2.DescriptorProto,
        scope: str,
        path: tuple[int, ...],
        top_level: bool,
        parent: feat.Features,
    ) -> None:
        full_name = _join(scope, message.name)
        has_options = message.HasField("options")
        features = feat.overlay(parent, message.options) if has_options else parent
        entries = {
            f".{full_name}.{nested.name}": i
            for i, nested in enumerate(message.nested_type)
            if nested.HasField("options") and nested.options.map_entry
        }
        if entries:
            self.locate_map_entries(message, path, entries)
        for i, nested in enumerate(message.nested_type):
            self.index_message(nested, full_name, (*path, MESSAGE_NESTED, i), False, features)
        for i, enum in enumerate(message.enum_type):
            self.index_enum(enum, full_name, (*path, MESSAGE_ENUM, i), False, features)
        if not self.indexed:
            return
        for i, extension in enumerate(message.extension):
            self.index_extension(extension, full_name, (*path, MESSAGE_EXTENSION, i), features)
        map_entries = {name.rsplit(".", 1)[1] for name in entries}
        oneof_features = [
            feat.overlay(features, o.options) if o.HasField("options") else features
            for o in message.oneof_decl
        ]
        fields = tuple(
            self.field_decl(
                message, full_name, f, (*path, MESSAGE_FIELD, i), map_entries,
                oneof_features[f.oneof_index] if f.HasField("oneof_index") else features,
            )
            for i, f in enumerate(message.field)
        )  # fmt: skip
        real_oneofs = tuple(_real_oneofs(message))
        reserved = Reservations(
            tuple((r.start, r.end - 1) for r in message.reserved_range),
            frozenset(message.reserved_name),
        )
        self.schema.messages[full_name] = MessageDecl(
            full_name,
            self.file.name,
            self.at(path),
            fields,
            real_oneofs,
            reserved,
            top_level,
            has_options and message.options.map_entry,
            _body_of(self.trailing.get(path, "")),
            path,
            facts.extension_ranges(message),
            feat.get(features, "json_format"),
            has_options and message.options.no_standard_descriptor_accessor,
        )

    def index_extension(
        self,
        field: descriptor_pb2.FieldDescriptorProto,
        scope: str,
        path: tuple[int, ...],
        features: feat.Features,
    ) -> None:
        decl = self.field_decl(None, scope, field, path, set(), features)
        self.schema.extensions[decl.full_name] = decl

    def locate_map_entries(
        self,
        message: descriptor_pb2.DescriptorProto,
        path: tuple[int, ...],
        entries: dict[str, int],
    ) -> None:
        """A map entry has no source of its own: it (and its key and value) sit at the map field.
        `entries`: the map entries' type names and nested indexes (one pass over the fields)."""
        for i, field in enumerate(message.field):
            nested_index = entries.get(field.type_name)
            if nested_index is None:
                continue
            at = self.spans.get((*path, MESSAGE_FIELD, i))
            if at is not None:
                entry_path = (*path, MESSAGE_NESTED, nested_index)
                for sub in ((), (MESSAGE_FIELD, 0), (MESSAGE_FIELD, 1)):
                    self.spans[(*entry_path, *sub)] = at

    def field_decl(
        self,
        message: descriptor_pb2.DescriptorProto | None,
        message_name: str,
        field: descriptor_pb2.FieldDescriptorProto,
        path: tuple[int, ...],
        map_entries: set[str],
        scope_features: feat.Features,
    ) -> FieldDecl:
        # Each descriptor attribute read once: most fields set no options, no default, no
        # oneof, and their facts then follow from the scope's features alone.
        has_options = field.HasField("options")
        features = feat.overlay(scope_features, field.options) if has_options else scope_features
        kind = field.type
        textual = kind in _TEXTUAL  # only strings and bytes have string options
        type_name = field.type_name.lstrip(".")
        repeated = field.label == LABEL_REPEATED
        is_map = False
        if repeated and type_name:
            scope, _, last = type_name.rpartition(".")
            is_map = last in map_entries and scope == message_name
        cardinality = "map" if is_map else "repeated" if repeated else "singular"
        oneof = ""
        if message is not None and field.HasField("oneof_index") and not field.proto3_optional:
            oneof = message.oneof_decl[field.oneof_index].name
        name = field.name
        string_type = "STRING"
        if textual:
            string_type = (
                facts.string_type(field, features, self.edition)
                if has_options
                else feat.get(features, feat.CPP_STRING_TYPE)
            )
        return FieldDecl(
            message=message_name,
            name=name,
            number=field.number,
            json_name=field.json_name or _default_json_name(name),
            type=facts.field_type(field, features),
            type_name=type_name,
            cardinality=cardinality,
            presence=facts.presence(field, oneof, self.syntax, features),
            oneof=oneof,
            packed=facts.packed(field, features) if repeated else False,
            location=self.at(path),
            text_form=_text_form(comment) if (comment := self.trailing.get(path)) else "",
            path=path,
            extendee=field.extendee.lstrip("."),
            jstype=facts.jstype(field) if has_options and kind in _INT64 else "JS_NORMAL",
            string_type=string_type,
            default=facts.default(field),
            utf8=feat.get(features, "utf8_validation") if textual else "",
            java_utf8=facts.java_utf8(features, self.syntax, self.check_utf8) if textual else "",
        )

    def index_enum(
        self,
        enum: descriptor_pb2.EnumDescriptorProto,
        scope: str,
        path: tuple[int, ...],
        top_level: bool,
        parent: feat.Features,
    ) -> None:
        full_name = _join(scope, enum.name)
        values = tuple(
            EnumValueDecl(
                full_name, v.name, v.number, self.at((*path, ENUM_VALUE, i)),
                (*path, ENUM_VALUE, i),
            )
            for i, v in enumerate(enum.value)
        )  # fmt: skip
        reserved = Reservations(
            tuple((r.start, r.end) for r in enum.reserved_range), frozenset(enum.reserved_name)
        )
        features = feat.overlay(parent, enum.options)
        closed = feat.get(features, "enum_type") == "CLOSED"
        decl = EnumDecl(
            full_name, self.file.name, self.at(path), values, reserved, closed, top_level,
            path, feat.get(features, "json_format"),
        )  # fmt: skip
        self.schema.all_enums[full_name] = decl
        if self.indexed:
            self.schema.enums[full_name] = decl

    def index_service(self, service: descriptor_pb2.ServiceDescriptorProto, path: Any) -> None:
        full_name = _join(self.file.package, service.name)
        methods = tuple(
            MethodDecl(
                full_name,
                m.name,
                m.input_type.lstrip("."),
                m.output_type.lstrip("."),
                m.client_streaming,
                m.server_streaming,
                self.at((*path, SERVICE_METHOD, i)),
                (*path, SERVICE_METHOD, i),
                facts.idempotency(m),
            )
            for i, m in enumerate(service.method)
        )
        self.schema.services[full_name] = ServiceDecl(
            full_name, self.file.name, self.at(path), methods
        )


def _join(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name


def _real_oneofs(message: descriptor_pb2.DescriptorProto) -> Iterator[str]:
    synthetic = {f.oneof_index for f in message.field if f.proto3_optional}
    for i, oneof in enumerate(message.oneof_decl):
        if i not in synthetic:
            yield oneof.name


def _default_json_name(name: str) -> str:
    parts = name.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


_TEXT_FORM = re.compile(r"\A\s*stele:\s*(\S{1,64})\s*\Z")


def _text_form(comment: str) -> str:
    """The contract type named by a trailing `// stele: T` comment, else ""."""
    match = _TEXT_FORM.match(comment[:200])
    return match[1] if match else ""


_BODY_OF = re.compile(r"\A\s*stele:\s*body of\s+([\w.]+(?:,\s*[\w.]+)*)\s*\Z")


def _body_of(comment: str) -> tuple[str, ...]:
    """The contract messages named by a trailing `// stele: body of A, B` comment."""
    match = _BODY_OF.match(comment[:4000])
    return tuple(n.strip() for n in match[1].split(",")) if match else ()
