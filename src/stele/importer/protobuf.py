"""Protobuf files (or a tree, with include folders) as contracts, read from the descriptor set
protoc compiles for `stele diff` (stele.compat.protobuf): messages, nested types, enums, oneofs,
maps, repeated fields, well-known types and services. Numbers and reservations go to the lock."""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stele.compat.proto_tree import ProtoOptions, proto_side
from stele.compat.protobuf._descriptors import compile_with_source_info
from stele.importer import names
from stele.importer.model import (
    IEnum,
    IField,
    Imported,
    IOperation,
    IRecord,
    IService,
    ISymbol,
    IType,
    IUnion,
    IVariant,
)
from stele.importer.sources import SourceFile
from stele.ir import Span
from stele.source.json_names import JSON_NAME as JSON_NAME_TEXT

if TYPE_CHECKING:
    from google.protobuf import descriptor_pb2 as pb

RENAMED = "I010"
APPROX_TYPE = "I011"
DROPPED = "I012"
ONEOF = "I014"  # a oneof beside other fields: its members become optional fields
JSON_NAME = "I015"  # a JSON name stele cannot hold
ENUM_NAMES = "I016"  # enum value names without the enum's prefix, or another zero value
STREAMING = "I017"  # a streaming rpc imported as unary

_SCALARS = {
    1: "float64",
    2: "float32",
    3: "int64",
    5: "int32",
    8: "bool",
    9: "string",
    12: "bytes",
}
# Scalars whose wire encoding the language does not write: the nearest one, approximated.
_NEAREST = {
    4: "int64",
    6: "int64",
    7: "int32",
    13: "int64",
    15: "int32",
    16: "int64",
    17: "int32",
    18: "int64",
}
_PB_NAMES = {
    4: "uint64",
    6: "fixed64",
    7: "fixed32",
    13: "uint32",
    15: "sfixed32",
    16: "sfixed64",
    17: "sint32",
    18: "sint64",
}
_WELL_KNOWN = {".google.protobuf.Timestamp": "timestamp", ".google.protobuf.Duration": "duration"}
_WRAPPERS = {
    ".google.protobuf.StringValue": "string",
    ".google.protobuf.BoolValue": "bool",
    ".google.protobuf.Int32Value": "int32",
    ".google.protobuf.Int64Value": "int64",
    ".google.protobuf.FloatValue": "float32",
    ".google.protobuf.DoubleValue": "float64",
    ".google.protobuf.BytesValue": "bytes",
}
WELL_KNOWN_PREFIX = "google/protobuf/"
_EMPTY = ".google.protobuf.Empty"
_TEXT_FORM = re.compile(r"^\s*stele:\s*(uuid|date|decimal\(\d+,\s*\d+\))\s*$")
TYPE_MESSAGE, TYPE_ENUM, TYPE_GROUP = 11, 14, 10
LABEL_REPEATED, LABEL_REQUIRED = 3, 2


def read_tree(
    paths: tuple[Path, ...], sources: list[SourceFile], include: tuple[Path, ...]
) -> tuple[dict[str, bytes], set[str], dict[str, str]]:
    """Every file protoc needs by import path, the files to import, and where each is shown."""
    files = {s.relative: s.data for s in sources}
    shown = {s.relative: s.shown for s in sources}
    folders = [p for p in paths if _is_dir(p)]
    singles = [p.parent for p in paths if not _is_dir(p)]
    options = ProtoOptions(include=(*folders, *dict.fromkeys(singles), *include))
    side = proto_side(files, Path("."), single=False, options=options)
    side.shown.update(shown)
    return side.files, set(files), side.shown


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def import_protobuf(
    paths: tuple[Path, ...],
    sources: list[SourceFile],
    include: tuple[Path, ...],
    package: str | None = None,
) -> tuple[Imported, list[SourceFile]]:
    from google.protobuf import descriptor_pb2

    files, inputs, shown = read_tree(paths, sources, include)
    compiled = compile_with_source_info(files, inputs)
    fds = descriptor_pb2.FileDescriptorSet()
    fds.ParseFromString(compiled)
    importer = _Importer(shown, names.package(package) if package else "imported")
    # Every file but the well-known types is imported, those reached through -I folders too:
    # the contracts must hold every type they use.
    own = [f for f in fds.file if not f.name.startswith(WELL_KNOWN_PREFIX)]
    for file in own:
        importer.register(file)
    for file in own:
        importer.file(file)
    everything = [SourceFile(shown.get(n, n), n, files[n]) for n in sorted(files)]
    del inputs
    return importer.result, everything


class _Importer:
    def __init__(self, shown: dict[str, str], default_package: str) -> None:
        self.result = Imported("protobuf")
        self.default_package = default_package
        self.shown = shown
        self.where: dict[str, tuple[str, str]] = {}  # .full.name -> (package, type path)
        self.map_entries: dict[str, Any] = {}
        self.file_name = ""
        self.spans: dict[tuple[int, ...], Any] = {}

    def register(self, file: pb.FileDescriptorProto) -> None:
        pkg = names.package(file.package) if file.package else self.default_package
        prefix = f".{file.package}" if file.package else ""

        def walk(scope: str, path: str, message: Any) -> None:
            full = f"{scope}.{message.name}"
            self.where[full] = (pkg, path)
            if message.options.map_entry:
                self.map_entries[full] = message
            for nested in message.nested_type:
                walk(full, f"{path}.{names.pascal(nested.name)}", nested)
            for e in message.enum_type:
                self.where[f"{full}.{e.name}"] = (pkg, f"{path}.{names.pascal(e.name)}")

        for m in file.message_type:
            walk(prefix, names.pascal(m.name), m)
        for e in file.enum_type:
            self.where[f"{prefix}.{e.name}"] = (pkg, names.pascal(e.name))

    # -- locations -------------------------------------------------------------------------------
    def span(self, path: tuple[int, ...]) -> Span:
        loc = self.spans.get(path)
        shown = self.shown.get(self.file_name, self.file_name)
        if loc is None:
            return Span(shown, 1, 1)
        return Span(shown, loc.span[0] + 1, loc.span[1] + 1)

    def doc(self, path: tuple[int, ...]) -> str:
        loc = self.spans.get(path)
        if loc is None or not loc.leading_comments:
            return ""
        lines = [line.removeprefix(" ") for line in loc.leading_comments.rstrip().split("\n")]
        return "\n".join(lines).strip()

    def trailing(self, path: tuple[int, ...]) -> str:
        loc = self.spans.get(path)
        return loc.trailing_comments.strip() if loc is not None else ""

    def file(self, file: pb.FileDescriptorProto) -> None:
        self.file_name = file.name
        self.spans = {tuple(loc.path): loc for loc in file.source_code_info.location}
        pkg = self.result.package(
            names.package(file.package) if file.package else self.default_package
        )
        pkg.sources.append(self.shown.get(file.name, file.name))
        if not file.package:
            self.result.note(
                RENAMED,
                f"{file.name} has no package: its types are imported into '{pkg.name}'",
                self.span(()),
                "a contract has a package; name it with --package",
            )
        if file.package and names.package(file.package) != file.package:
            self.result.note(
                RENAMED, f"package '{file.package}' is imported as '{pkg.name}'", self.span((2,))
            )
        if file.syntax == "proto2" or not file.syntax:
            self.result.note(
                APPROX_TYPE,
                f"{file.name} is proto2: stele writes proto3 (defaults and required fields change)",
                self.span((12,)),
            )
        if file.extension:
            self.result.note(DROPPED, "extensions are not imported", self.span((7,)))
        declared: list[tuple[Span, IType]] = []
        for i, m in enumerate(file.message_type):
            declared.append((self.span((4, i)), self.message(m, (4, i), pkg.name)))
        for i, e in enumerate(file.enum_type):
            declared.append((self.span((5, i)), self.enum(e, (5, i))))
        for _, t in sorted(declared, key=lambda item: (item[0].line, item[0].column)):
            pkg.types[t.name] = t
        for i, s in enumerate(file.service):
            svc = self.service(s, (6, i), pkg.name)
            pkg.services[svc.name] = svc

    # -- messages --------------------------------------------------------------------------------
    def message(self, m: Any, path: tuple[int, ...], pkg: str) -> IType:
        name = names.pascal(m.name)
        doc = self.doc(path)
        real = [o for i, o in enumerate(m.oneof_decl) if not _synthetic(m, i)]
        if (
            len(real) == 1
            and m.field
            and all(
                f.HasField("oneof_index") and f.type == TYPE_MESSAGE and f.label != LABEL_REPEATED
                for f in m.field
            )
            and not m.nested_type
            and not m.enum_type
        ):
            union = IUnion(name, doc=doc)
            for f in m.field:
                ref = self.ref(f.type_name, pkg, [], f.name)
                union.variants.append(IVariant(names.snake(f.name), ref, f.number))
            return union
        record = IRecord(name, doc=doc)
        if name != m.name:
            self.result.note(
                RENAMED, f"message '{m.name}' is imported as '{name}'", self.span(path)
            )
        for j, f in enumerate(m.field):
            field = self.field(m, f, (*path, 2, j), pkg)
            if field is not None:
                record.fields.append(field)
        inner: list[tuple[Span, IType]] = []
        for k, nested in enumerate(m.nested_type):
            if not nested.options.map_entry:
                inner.append((self.span((*path, 3, k)), self.message(nested, (*path, 3, k), pkg)))
        for k, e in enumerate(m.enum_type):
            inner.append((self.span((*path, 4, k)), self.enum(e, (*path, 4, k))))
        for _, t in sorted(inner, key=lambda item: (item[0].line, item[0].column)):
            record.nested[t.name] = t
        _reserve(record, [(r.start, r.end) for r in m.reserved_range], list(m.reserved_name))
        if m.extension_range:
            self.result.note(
                DROPPED,
                f"extension ranges of '{m.name}' are not imported",
                self.span(path),
                notes=record.notes,
            )
        return record

    def field(self, m: Any, f: Any, path: tuple[int, ...], pkg: str) -> IField | None:
        span = self.span(path)
        name = names.snake(f.name)
        field = IField(name, "string", doc=self.doc(path), number=f.number)
        if name != f.name:
            self.result.note(
                RENAMED, f"field '{f.name}' is imported as '{name}'", span, notes=field.notes
            )
        if f.options.deprecated:
            field.deprecated = True
        if f.json_name and f.json_name != name and JSON_NAME_TEXT.match(f.json_name):
            field.json = f.json_name  # kept: stele writes it back as protoc's name or json_name
        elif f.json_name and f.json_name != name:
            self.result.note(
                JSON_NAME,
                f"field '{f.name}': its JSON name '{f.json_name}' becomes '{name}' (a JSON"
                " name holds no spaces, quotes or backslashes)",
                span,
                "clients of Protobuf JSON see the new name",
                field.notes,
            )
        if f.HasField("oneof_index") and not _synthetic(m, f.oneof_index):
            self.result.note(
                ONEOF,
                f"field '{f.name}' of oneof '{m.oneof_decl[f.oneof_index].name}' is imported as"
                " an optional field",
                span,
                "a union of records is the language's oneof: move the other fields out",
                field.notes,
            )
            field.optional = True
        if f.proto3_optional:
            field.optional = True
        if f.label == LABEL_REQUIRED:
            self.result.note(
                APPROX_TYPE, f"field '{f.name}' is proto2 required", span, notes=field.notes
            )
        if f.type == TYPE_GROUP:
            self.result.note(DROPPED, f"group '{f.name}' is not imported", span)
            return None
        if f.type == TYPE_MESSAGE and f.type_name in self.map_entries:
            entry = self.map_entries[f.type_name]
            key, value = entry.field[0], entry.field[1]
            if key.type != 9:
                self.result.note(
                    APPROX_TYPE,
                    f"field '{f.name}': a map with non-string keys is imported with string keys",
                    span,
                    notes=field.notes,
                )
            inner = self.scalar_or_ref(value, pkg, field.notes, path)
            field.type = f"map<string,{inner}>"
            return field
        inner = self.scalar_or_ref(f, pkg, field.notes, path)
        if f.type_name in _WRAPPERS and f.label != LABEL_REPEATED:
            field.optional = True
        field.type = f"list<{inner}>" if f.label == LABEL_REPEATED else inner
        return field

    def scalar_or_ref(self, f: Any, pkg: str, notes: list[str], path: tuple[int, ...]) -> str:
        if f.type in _SCALARS:
            found = _TEXT_FORM.match(self.trailing(path)) if f.type == 9 else None
            return found[1].replace(" ", "") if found else _SCALARS[f.type]
        if f.type in _NEAREST:
            self.result.note(
                APPROX_TYPE,
                f"field '{f.name}': {_PB_NAMES[f.type]} is imported as {_NEAREST[f.type]}"
                " (another wire encoding)",
                self.span(path),
                notes=notes,
            )
            return _NEAREST[f.type]
        return self.ref(f.type_name, pkg, notes, f.name, path)

    def ref(
        self, type_name: str, pkg: str, notes: list[str], field: str, path: tuple[int, ...] = ()
    ) -> str:
        if type_name in _WELL_KNOWN:
            return _WELL_KNOWN[type_name]
        if type_name in _WRAPPERS:
            self.result.note(
                APPROX_TYPE,
                f"field '{field}': {type_name[1:]} is imported as an optional"
                f" {_WRAPPERS[type_name]}",
                self.span(path),
                notes=notes,
            )
            return _WRAPPERS[type_name]
        if type_name not in self.where:
            self.result.note(
                DROPPED,
                f"field '{field}': {type_name[1:]} has no counterpart; imported as bytes",
                self.span(path),
                notes=notes,
            )
            return "bytes"
        target_pkg, target = self.where[type_name]
        return target if target_pkg == pkg else f"{target_pkg}.{target}"

    # -- enums -----------------------------------------------------------------------------------
    def enum(self, e: Any, path: tuple[int, ...]) -> IEnum:
        name = names.pascal(e.name)
        prefix = names.upper_snake(e.name) + "_"
        result = IEnum(name, doc=self.doc(path))
        span = self.span(path)
        for k, v in enumerate(e.value):
            if v.number == 0:
                if v.name != f"{prefix}UNSPECIFIED":
                    self.result.note(
                        ENUM_NAMES,
                        f"enum '{e.name}': its zero value '{v.name}' becomes '{prefix}UNSPECIFIED'",
                        span,
                        "stele gives every enum an UNSPECIFIED zero value",
                        result.notes,
                    )
                continue
            symbol = v.name.removeprefix(prefix) if v.name.startswith(prefix) else v.name
            if not v.name.startswith(prefix):
                self.result.note(
                    ENUM_NAMES,
                    f"enum value '{v.name}' becomes '{prefix}{symbol}' (stele prefixes values"
                    " with the enum's name)",
                    self.span((*path, 2, k)),
                    notes=result.notes,
                )
            doc = self.doc((*path, 2, k))
            deprecated: bool | str = bool(v.options.deprecated)
            if deprecated and "Deprecated:" in doc:
                doc, _, reason = doc.rpartition("Deprecated:")
                deprecated, doc = reason.strip() or True, doc.strip()
            result.symbols.append(ISymbol(names.upper_snake(symbol), v.number, doc, deprecated))
        if e.options.allow_alias:
            self.result.note(DROPPED, f"enum '{e.name}': aliases are not imported", span)
        reserved_names = [n.removeprefix(prefix) for n in e.reserved_name]
        ranges = [(r.start, r.end + 1) for r in e.reserved_range]
        _reserve(result, ranges, reserved_names)
        return result

    # -- services --------------------------------------------------------------------------------
    def service(self, s: Any, path: tuple[int, ...], pkg: str) -> IService:
        service = IService(names.pascal(s.name), doc=self.doc(path))
        for k, m in enumerate(s.method):
            op = IOperation(
                names.pascal(m.name),
                None if m.input_type == _EMPTY else self.ref(m.input_type, pkg, [], m.name),
                self.ref(m.output_type, pkg, [], m.name) if m.output_type != _EMPTY else "Empty",
                doc=self.doc((*path, 2, k)),
            )
            if m.output_type == _EMPTY:
                self.result.note(
                    APPROX_TYPE,
                    f"rpc '{m.name}': google.protobuf.Empty as a response becomes the empty"
                    f" record {pkg}.Empty (an operation has a response record)",
                    self.span((*path, 2, k)),
                    notes=op.notes,
                )
                types = self.result.package(pkg).types
                types.setdefault("Empty", IRecord("Empty", doc="Nothing: an empty response."))
            if m.client_streaming or m.server_streaming:
                which = (
                    "client and server"
                    if m.client_streaming and m.server_streaming
                    else ("client" if m.client_streaming else "server")
                )
                self.result.note(
                    STREAMING,
                    f"rpc '{m.name}' streams ({which}); the language has request-response only:"
                    " imported as unary",
                    self.span((*path, 2, k)),
                    "model the stream as a channel with a publish-subscribe operation",
                    op.notes,
                )
            service.operations.append(op)
        return service


def _synthetic(m: Any, index: int) -> bool:
    """Whether oneof `index` of `m` is the synthetic oneof of one proto3 `optional` field."""
    return any(
        f.proto3_optional and f.HasField("oneof_index") and f.oneof_index == index for f in m.field
    )


def _reserve(t: IRecord | IEnum, ranges: list[tuple[int, int]], reserved_names: list[str]) -> None:
    """Reservations (end exclusive): single numbers and names to the lock (it holds numbers),
    ranges to the contract's `reserved:`, where they stay one range (`9 to 11`)."""
    for start, end in ranges:
        if end - start == 1:
            t.lock_reserved.add(start)
        else:
            t.reserved.append(f"{start}-{min(end - 1, 536_870_911)}")
    t.lock_reserved_names.update(reserved_names)
