"""One compiled `.proto` file's declarations as records (`_decls`), located through its
SourceCodeInfo (`_spans`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

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
    Lazy,
    MessageDecl,
    MethodDecl,
    ProtoSchema,
    Reservations,
    ServiceDecl,
)
from stele.compat.protobuf._spans import Spans as _Spans
from stele.span import Span

if TYPE_CHECKING:
    from google.protobuf import descriptor_pb2

_INT64 = frozenset({3, 4, 6, 16, 18})  # int64, uint64, fixed64, sfixed64, sint64
_TEXTUAL = frozenset({9, 12})  # string, bytes


class Indexer:
    def __init__(
        self,
        schema: ProtoSchema,
        file: descriptor_pb2.FileDescriptorProto,
        indexed: bool,
        read: bool = True,
        alike: frozenset[str] = frozenset(),
    ) -> None:
        """`read`: index the declarations' locations at once; `alike`: the messages whose
        fields are read only when first asked for."""
        self.schema = schema
        self.alike = alike
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

    def at(self, path: tuple[int, ...]) -> Span:
        found = dict.get(self.spans, path)  # a declaration's, read at once (most lookups)
        line, column = found if found is not None else self.spans.get(path, (1, 1))
        return Span(self.name, line, column)

    def file_at(self, path: tuple[int, ...]) -> Span:
        """Where the file or its package is, without reading the declarations' locations
        (SourceCodeInfo lists the file's first, the package's soon after)."""
        if self.spans._pending is None:
            line, column = self.spans.get(path, (1, 1))
            return Span(self.name, line, column)
        for loc in self.file.source_code_info.location:
            if tuple(loc.path) == path:
                return Span(self.name, loc.span[0] + 1, loc.span[1] + 1)
        return Span(self.name, 1, 1)

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
        fields: Sequence[FieldDecl]
        real_oneofs: Sequence[str]
        if full_name in self.alike:
            fields = Lazy(
                lambda: self.message_fields(message, full_name, path, map_entries, features)
            )
            real_oneofs = Lazy(lambda: _real_oneofs(message)) if message.oneof_decl else ()
        else:
            fields = self.message_fields(message, full_name, path, map_entries, features)
            real_oneofs = _real_oneofs(message)
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

    def message_fields(
        self,
        message: descriptor_pb2.DescriptorProto,
        full_name: str,
        path: tuple[int, ...],
        map_entries: set[str],
        features: feat.Features,
    ) -> tuple[FieldDecl, ...]:
        oneof_features = [
            feat.overlay(features, o.options) if o.HasField("options") else features
            for o in message.oneof_decl
        ]
        return tuple(
            self.field_decl(
                message, full_name, f, (*path, MESSAGE_FIELD, i), map_entries,
                oneof_features[f.oneof_index] if f.HasField("oneof_index") else features,
            )
            for i, f in enumerate(message.field)
        )  # fmt: skip

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
            json_name=field.json_name or default_json_name(name),
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


def _real_oneofs(message: descriptor_pb2.DescriptorProto) -> tuple[str, ...]:
    """The oneofs that are not a proto3 `optional` field's synthetic one."""
    if not message.oneof_decl:
        return ()
    synthetic = {f.oneof_index for f in message.field if f.proto3_optional}
    return tuple(o.name for i, o in enumerate(message.oneof_decl) if i not in synthetic)


def default_json_name(name: str) -> str:
    """The JSON name protoc gives a field without a `json_name` option."""
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
