"""Loading `.proto` files into a located, indexed view of their descriptors.

protoc (from grpc_tools) compiles the files into a FileDescriptorSet with source info; every
declaration is then indexed by full name and located through SourceCodeInfo. Only the files
given are indexed for pairing; imported files (well-known types) serve type lookups only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stele.compat.model import Location
from stele.diagnostics import Diagnostic, SteleError, error
from stele.ir import Span

if TYPE_CHECKING:
    from google.protobuf import descriptor_pb2

# Field numbers of the descriptor.proto fields used in SourceCodeInfo paths.
FILE_PACKAGE = 2
FILE_MESSAGE = 4
FILE_ENUM = 5
FILE_SERVICE = 6
MESSAGE_FIELD = 2
MESSAGE_NESTED = 3
MESSAGE_ENUM = 4
MESSAGE_ONEOF = 8
ENUM_VALUE = 2
SERVICE_METHOD = 2

# FieldDescriptorProto.Label and .Type values (kept here so that rules need no protobuf import).
LABEL_REQUIRED = 2
LABEL_REPEATED = 3
TYPE_NAMES = {
    1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64", 7: "fixed32",
    8: "bool", 9: "string", 10: "group", 11: "message", 12: "bytes", 13: "uint32", 14: "enum",
    15: "sfixed32", 16: "sfixed64", 17: "sint32", 18: "sint64",
}  # fmt: skip
_PACKABLE = frozenset(TYPE_NAMES.values()) - {"string", "bytes", "message", "group"}


@dataclass(frozen=True)
class FieldDecl:
    message: str  # full name of the declaring message
    name: str
    number: int
    json_name: str
    type: str  # a TYPE_NAMES value
    type_name: str  # full name of a message or enum type, "" for scalars
    cardinality: str  # singular | repeated | map
    presence: str  # implicit | explicit | required | repeated
    oneof: str  # the real (not synthetic) oneof's name, or ""
    packed: bool
    location: Location

    @property
    def full_name(self) -> str:
        return f"{self.message}.{self.name}"

    @property
    def type_label(self) -> str:
        return self.type_name if self.type_name else self.type


@dataclass(frozen=True)
class Reservations:
    ranges: tuple[tuple[int, int], ...]  # inclusive bounds
    names: frozenset[str]

    def has_number(self, number: int) -> bool:
        return any(lo <= number <= hi for lo, hi in self.ranges)


@dataclass(frozen=True)
class MessageDecl:
    full_name: str
    file: str
    location: Location
    fields: tuple[FieldDecl, ...]
    oneofs: tuple[str, ...]
    reserved: Reservations
    top_level: bool
    map_entry: bool


@dataclass(frozen=True)
class EnumValueDecl:
    enum: str
    name: str
    number: int
    location: Location

    @property
    def full_name(self) -> str:
        return f"{self.enum}.{self.name}"


@dataclass(frozen=True)
class EnumDecl:
    full_name: str
    file: str
    location: Location
    values: tuple[EnumValueDecl, ...]
    reserved: Reservations
    closed: bool
    top_level: bool


@dataclass(frozen=True)
class MethodDecl:
    service: str
    name: str
    input_type: str
    output_type: str
    client_streaming: bool
    server_streaming: bool
    location: Location

    @property
    def full_name(self) -> str:
        return f"{self.service}.{self.name}"


@dataclass(frozen=True)
class ServiceDecl:
    full_name: str
    file: str
    location: Location
    methods: tuple[MethodDecl, ...]


@dataclass(frozen=True)
class FileDecl:
    path: str
    package: str
    location: Location
    package_location: Location


class ProtoSchema:
    """The declarations of a set of `.proto` files, by path and full name (hashed by identity)."""

    def __init__(self) -> None:
        self.files: dict[str, FileDecl] = {}
        self.messages: dict[str, MessageDecl] = {}
        self.enums: dict[str, EnumDecl] = {}
        self.services: dict[str, ServiceDecl] = {}
        # Every enum, imported ones included, for type lookups.
        self.all_enums: dict[str, EnumDecl] = {}


def load_schema(files: dict[str, bytes]) -> ProtoSchema:
    """Compile `files` (import path -> content) and index their declarations."""
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet()
    fds.ParseFromString(compile_with_source_info(files))
    schema = ProtoSchema()
    for file in fds.file:
        _Indexer(schema, file, indexed=file.name in files).index_file()
    return schema


def compile_with_source_info(files: dict[str, bytes]) -> bytes:
    """A serialized FileDescriptorSet with source info and imports; D010 on protoc errors.

    protoc's warnings (an unused import, a file without `syntax`, which is proto2) are not
    errors; its errors are capped per file (`foreign.capped`): random bytes make thousands.
    """
    from stele.compat.foreign import capped, check_size
    from stele.emit._protoc import run_protoc

    for path, data in files.items():
        check_size(path, data)
    args = ["--descriptor_set_out=out.pb", "--include_imports", "--include_source_info"]
    outputs, lines = run_protoc(files, args)
    if "out.pb" in outputs:
        return outputs["out.pb"]  # compiled: whatever protoc printed were warnings
    first = sorted(files)[0] if files else "<none>"
    errors = [line for line in lines if not _is_warning(line)] or ["protoc failed"]
    diagnostics = sorted(_protoc_diagnostic(line, first) for line in errors)
    raise SteleError(capped(diagnostics, "protoc errors"))


_PROTOC_LOCATION = re.compile(r"^(?P<file>[^:\s]+\.proto):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*)$")
# protoc's log lines (absl: `W0000 00:00:... parser.cc:659] ...`, `WARNING: All log messages
# ...`) and located warnings (`a.proto:2:1: warning: Import ... is unused.`).
_WARNING = re.compile(
    r"^(?:[WI]\d{4} |WARNING: |\[libprotobuf (?:WARNING|INFO)|\S+:\d+:\d+: warning: )"
)


def _is_warning(line: str) -> bool:
    return _WARNING.match(line) is not None


def _protoc_diagnostic(line: str, fallback_file: str) -> Diagnostic:
    hint = "fix the .proto file so that protoc accepts it"
    match = _PROTOC_LOCATION.match(line)
    if match is None:
        return error("D010", f"protoc: {line}", Span(fallback_file, 1, 1), hint)
    span = Span(match["file"], int(match["line"]), int(match["col"]))
    return error("D010", f"protoc: {match['msg']}", span, hint)


class _Indexer:
    def __init__(
        self, schema: ProtoSchema, file: descriptor_pb2.FileDescriptorProto, indexed: bool
    ) -> None:
        self.schema = schema
        self.file = file
        self.indexed = indexed
        self.syntax = file.syntax or "proto2"
        self.spans: dict[tuple[int, ...], tuple[int, int]] = {}
        for loc in file.source_code_info.location:
            self.spans.setdefault(tuple(loc.path), (loc.span[0] + 1, loc.span[1] + 1))

    def at(self, path: tuple[int, ...]) -> Location:
        line, column = self.spans.get(path, (1, 1))
        return Location(self.file.name, line, column)

    def index_file(self) -> None:
        file, prefix = self.file, self.file.package
        if self.indexed:
            self.schema.files[file.name] = FileDecl(
                file.name, file.package, self.at(()), self.at((FILE_PACKAGE,))
            )
        for i, message in enumerate(file.message_type):
            self.index_message(message, prefix, (FILE_MESSAGE, i), top_level=True)
        for i, enum in enumerate(file.enum_type):
            self.index_enum(enum, prefix, (FILE_ENUM, i), top_level=True)
        if self.indexed:
            for i, service in enumerate(file.service):
                self.index_service(service, (FILE_SERVICE, i))

    def index_message(
        self,
        message: descriptor_pb2.DescriptorProto,
        scope: str,
        path: tuple[int, ...],
        top_level: bool,
    ) -> None:
        full_name = _join(scope, message.name)
        for i, nested in enumerate(message.nested_type):
            if nested.options.map_entry:
                self.locate_map_entry(message, full_name, nested.name, path, i)
            self.index_message(nested, full_name, (*path, MESSAGE_NESTED, i), top_level=False)
        for i, enum in enumerate(message.enum_type):
            self.index_enum(enum, full_name, (*path, MESSAGE_ENUM, i), top_level=False)
        if not self.indexed:
            return
        map_entries = {n.name for n in message.nested_type if n.options.map_entry}
        fields = tuple(
            self.field_decl(message, full_name, f, (*path, MESSAGE_FIELD, i), map_entries)
            for i, f in enumerate(message.field)
        )
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
            message.options.map_entry,
        )

    def locate_map_entry(
        self,
        message: descriptor_pb2.DescriptorProto,
        full_name: str,
        entry: str,
        path: tuple[int, ...],
        nested_index: int,
    ) -> None:
        """A map entry has no source of its own: it (and its key and value) sit at the map field."""
        entry_type = f".{full_name}.{entry}"
        for i, field in enumerate(message.field):
            if field.type_name == entry_type:
                at = self.spans.get((*path, MESSAGE_FIELD, i))
                if at is not None:
                    entry_path = (*path, MESSAGE_NESTED, nested_index)
                    for sub in ((), (MESSAGE_FIELD, 0), (MESSAGE_FIELD, 1)):
                        self.spans[(*entry_path, *sub)] = at

    def field_decl(
        self,
        message: descriptor_pb2.DescriptorProto,
        message_name: str,
        field: descriptor_pb2.FieldDescriptorProto,
        path: tuple[int, ...],
        map_entries: set[str],
    ) -> FieldDecl:
        type_name = field.type_name.lstrip(".")
        repeated = field.label == LABEL_REPEATED
        is_map = (
            repeated
            and type_name.rsplit(".", 1)[-1] in map_entries
            and (type_name.rsplit(".", 1)[0] == message_name)
        )
        cardinality = "map" if is_map else "repeated" if repeated else "singular"
        oneof = ""
        if field.HasField("oneof_index") and not field.proto3_optional:
            oneof = message.oneof_decl[field.oneof_index].name
        return FieldDecl(
            message=message_name,
            name=field.name,
            number=field.number,
            json_name=field.json_name or _default_json_name(field.name),
            type=TYPE_NAMES[field.type],
            type_name=type_name,
            cardinality=cardinality,
            presence=self.presence(field, oneof),
            oneof=oneof,
            packed=repeated and self.packed(field),
            location=self.at(path),
        )

    def presence(self, field: descriptor_pb2.FieldDescriptorProto, oneof: str) -> str:
        if field.label == LABEL_REPEATED:
            return "repeated"
        features = _feature(field.options, "field_presence") or _feature(
            self.file.options, "field_presence"
        )
        if field.label == LABEL_REQUIRED or features == "LEGACY_REQUIRED":
            return "required"
        explicit_kind = field.type in (10, 11) or oneof or field.proto3_optional
        if self.syntax == "proto3":
            return "explicit" if explicit_kind else "implicit"
        if self.syntax == "editions" and features == "IMPLICIT" and not explicit_kind:
            return "implicit"
        return "explicit"

    def packed(self, field: descriptor_pb2.FieldDescriptorProto) -> bool:
        if TYPE_NAMES[field.type] not in _PACKABLE:
            return False
        if field.options.HasField("packed"):
            return bool(field.options.packed)
        if self.syntax == "proto2":
            return False
        encoding = _feature(field.options, "repeated_field_encoding") or _feature(
            self.file.options, "repeated_field_encoding"
        )
        return encoding != "EXPANDED"

    def index_enum(
        self,
        enum: descriptor_pb2.EnumDescriptorProto,
        scope: str,
        path: tuple[int, ...],
        top_level: bool,
    ) -> None:
        full_name = _join(scope, enum.name)
        values = tuple(
            EnumValueDecl(full_name, v.name, v.number, self.at((*path, ENUM_VALUE, i)))
            for i, v in enumerate(enum.value)
        )
        reserved = Reservations(
            tuple((r.start, r.end) for r in enum.reserved_range), frozenset(enum.reserved_name)
        )
        enum_type = _feature(enum.options, "enum_type") or _feature(self.file.options, "enum_type")
        closed = self.syntax == "proto2" or enum_type == "CLOSED"
        decl = EnumDecl(
            full_name, self.file.name, self.at(path), values, reserved, closed, top_level
        )
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


def _feature(options: Any, name: str) -> str:
    """An editions feature set on `options`, by enum value name, or "" when unset."""
    if not options.HasField("features") or not options.features.HasField(name):
        return ""
    field = options.features.DESCRIPTOR.fields_by_name[name]
    return str(field.enum_type.values_by_number[getattr(options.features, name)].name)


def _default_json_name(name: str) -> str:
    parts = name.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])
