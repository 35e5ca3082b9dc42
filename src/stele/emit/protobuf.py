"""Protobuf (proto3) with gRPC services: one `.proto` per contract package, laid out for buf.

Package `food.order` becomes `proto/food/order/order.proto` with `package food.order;`, so the
directory matches the package (buf's PACKAGE_DIRECTORY_MATCH). Field numbers come only from the
locked IR: `stele.lock.apply_lock` must run first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from stele.diagnostics import Diagnostic, SteleError
from stele.emit import protoc, python_protobuf
from stele.emit.base import EmitContext, header_line
from stele.emit.protoc import import_paths
from stele.ir import (
    Decimal,
    Enum,
    Field,
    ListOf,
    MapOf,
    NamedType,
    Operation,
    Project,
    Record,
    Ref,
    Reserved,
    Scalar,
    Service,
    Style,
    TypeExpr,
    Union,
)
from stele.ir import type_text as contract_text
from stele.mapping.artifacts import (
    PROTO_ROOT,
    SCALARS,
    Artifacts,
    default_json_name,
    enum_prefix,
    proto_path,
)
from stele.mapping.proto_options import option_lines, unknown_packages
from stele.project_info import ProtoFileOptions

_NO_OPTIONS = ProtoFileOptions()
INDENT = "  "

_WELL_KNOWN_IMPORTS = {
    "google.protobuf.Timestamp": "google/protobuf/timestamp.proto",
    "google.protobuf.Duration": "google/protobuf/duration.proto",
    "google.protobuf.Empty": "google/protobuf/empty.proto",
}
_EMPTY = "google.protobuf.Empty"


class ProtobufEmitter:
    name = "protobuf"

    def emit(self, ctx: EmitContext) -> Artifacts:
        artifacts: Artifacts = {}
        index = _Index.of(ctx.project)
        for package in sorted(_packages_with_content(ctx.project)):
            source = ctx.sources.get(package, package)
            writer = _FileWriter(ctx.project, package, source, ctx.options.protobuf, index)
            text = writer.render()
            artifacts[f"{PROTO_ROOT}/{proto_path(package)}"] = text.encode("utf-8")
        return artifacts

    def validate(self, ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
        named = unknown_packages(ctx.options.protobuf, set(ctx.project.packages))
        if named:
            return named
        files = import_paths(artifacts)
        shared = python_protobuf.SHARE_PROTOC.get() and files
        try:
            (python_protobuf.compile_with_python if shared else protoc.compile_descriptor_set)(
                files
            )
        except SteleError as exc:
            return list(exc.diagnostics)
        return []


def _packages_with_content(project: Project) -> set[str]:
    packages = {t.package for t in project.types.values()}
    packages.update(s.package for s in project.services.values() if _rpcs(s))
    return packages


def _rpcs(service: Service) -> list[Operation]:
    """The gRPC methods: request-response operations not bound to HTTP only (`grpc: false`)."""
    return [op for op in service.operations if op.style is Style.REQUEST_RESPONSE and op.grpc]


@dataclass(frozen=True)
class _Index:
    """What every package's file looks up in the whole project, gathered in one pass for all
    files (each file gathered it again: a walk of the project per package)."""

    symbols: set[str]
    # Nested types by their parent, in declaration order.
    children: dict[str, list[NamedType]]
    # The messages (events, commands, replies) whose body each record is.
    bodies: dict[str, list[str]]
    # Types and services by package, in declaration order.
    types: dict[str, list[NamedType]]
    services: dict[str, list[Service]]

    @classmethod
    def of(cls, project: Project) -> _Index:
        children: dict[str, list[NamedType]] = {}
        types: dict[str, list[NamedType]] = {}
        for t in project.types.values():
            types.setdefault(t.package, []).append(t)
            if t.parent is not None:
                children.setdefault(t.parent, []).append(t)
        bodies: dict[str, list[str]] = {}
        for m in sorted(project.messages.values(), key=lambda m: m.name):
            bodies.setdefault(m.body.name, []).append(m.name)
        services: dict[str, list[Service]] = {}
        for service in project.services.values():
            services.setdefault(service.package, []).append(service)
        symbols = set(project.types) | _package_prefixes(project)
        return cls(symbols, children, bodies, types, services)


class _FileWriter:
    """Renders the `.proto` file of one package."""

    def __init__(
        self,
        project: Project,
        package: str,
        source: str,
        file_options: ProtoFileOptions = _NO_OPTIONS,
        index: _Index | None = None,
    ) -> None:
        self.project = project
        self.package = package
        self.source = source
        self.file_options = file_options
        self.imports: set[str] = set()
        self.index = index or _Index.of(project)
        self.symbols = self.index.symbols
        self.children = self.index.children
        self.bodies = self.index.bodies

    def render(self) -> str:
        body: list[str] = []
        for named in self.index.types.get(self.package, []):
            if named.parent is None:
                body.extend(["", *self.named_type(named, "")])
        for service in self.index.services.get(self.package, []):
            if _rpcs(service):
                body.extend(["", *self.service(service)])
        head = [f"// {header_line(self.source)}", 'syntax = "proto3";', ""]
        head.append(f"package {self.package};")
        if self.imports:
            head.append("")
            head.extend(f'import "{path}";' for path in sorted(self.imports))
        options = option_lines(self.file_options, self.package)
        if options:
            head.extend(["", *options])
        return "\n".join([*head, *body]) + "\n"

    # -- named types ----------------------------------------------------------------------------

    def named_type(self, named: NamedType, indent: str) -> list[str]:
        if isinstance(named, Record):
            return self.record(named, indent)
        if isinstance(named, Enum):
            return self.enum(named, indent)
        return self.union(named, indent)

    def nested(self, parent: Record | Union, indent: str) -> list[str]:
        lines: list[str] = []
        for child in self.children.get(parent.name, []):
            lines.extend([*self.named_type(child, indent), ""])
        return lines

    def record(self, record: Record, indent: str) -> list[str]:
        inner = indent + INDENT
        lines = [*_comment(record.doc, record.deprecated, indent), f"{indent}message "]
        lines[-1] += f"{record.short_name} {{"
        if record.name in self.bodies:
            # Read back by the compatibility check: a message whose body is replaced by
            # another record changes what its readers parse (the wire carries no names).
            lines[-1] += f" // {TEXT_FORM_MARK} body of {', '.join(self.bodies[record.name])}"
        lines.extend(_message_deprecated(record.deprecated, inner))
        lines.extend(self.nested(record, inner))
        for f in record.fields:
            lines.extend(self.field(record, f, inner))
        lines.extend(_reserved(record.reserved, inner, lambda n: n))
        return _close(lines, indent)

    def field(self, record: Record, f: Field, indent: str) -> list[str]:
        type_text, label = self.field_type(record.name, f)
        options = []
        if f.deprecated is not None:
            options.append("deprecated = true")
        if default_json_name(f.name) != f.json_name:
            options.append(f'json_name = "{f.json_name}"')
        suffix = f" [{', '.join(options)}]" if options else ""
        line = f"{indent}{label}{type_text} {f.name} = {_number(record.name, f.name, f.number)}"
        return [*_comment(f.doc, f.deprecated, indent), f"{line}{suffix};{_text_form(f.type)}"]

    def field_type(self, scope: str, f: Field) -> tuple[str, str]:
        """The Protobuf type of a field and its label (`repeated `, `optional ` or none)."""
        t = f.type
        if isinstance(t, ListOf):
            return self.type_name(scope, t.item), "repeated "
        if isinstance(t, MapOf):
            return f"map<string, {self.type_name(scope, t.value)}>", ""
        text = self.type_name(scope, t)
        # Message fields always have presence; scalars and enums need `optional` for it.
        needs_label = f.optional and not self.is_message(t)
        return text, "optional " if needs_label else ""

    def is_message(self, t: TypeExpr) -> bool:
        if isinstance(t, Ref):
            return not isinstance(self.project.types[t.name], Enum)
        return isinstance(t, Scalar) and t.name in ("timestamp", "duration")

    def type_name(self, scope: str, t: TypeExpr) -> str:
        if isinstance(t, Scalar):
            return self.well_known(scope, SCALARS[t.name])
        if isinstance(t, Decimal):
            return "string"
        assert isinstance(t, Ref), f"a collection cannot nest in Protobuf: {t}"
        return self.reference(scope, t.name)

    def well_known(self, scope: str, proto: str) -> str:
        """A scalar, or a well-known type (dot-prefixed if a contract package shadows `google`)."""
        if proto not in _WELL_KNOWN_IMPORTS:
            return proto
        self.imports.add(_WELL_KNOWN_IMPORTS[proto])
        return proto if self.resolves(scope, ["google"]) is None else f".{proto}"

    def reference(self, scope: str, target: str) -> str:
        """The shortest name of `target` that protoc resolves to it from inside `scope`."""
        package = self.project.types[target].package
        if package != self.package:
            self.imports.add(proto_path(package))
        parts = target.split(".")
        # Inside the package: the shortest name that is not shadowed. Elsewhere: the full name.
        local = range(len(parts) - 1, len(package.split(".")) - 1, -1)
        starts = [*local, 0] if package == self.package else [0]
        for start in starts:
            candidate = parts[start:]
            if self.resolves(scope, candidate) == target:
                return ".".join(candidate)
        return "." + target

    def resolves(self, scope: str, name: list[str]) -> str | None:
        """Protobuf scoping: the first component is searched from the innermost scope out."""
        scopes = scope.split(".")
        for depth in range(len(scopes), -1, -1):
            first = ".".join([*scopes[:depth], name[0]])
            if first in self.symbols:
                return ".".join([first, *name[1:]])
        return None

    def enum(self, enum: Enum, indent: str) -> list[str]:
        inner = indent + INDENT
        prefix = enum_prefix(enum.short_name)
        lines = [*_comment(enum.doc, enum.deprecated, indent), f"{indent}enum {enum.short_name} {{"]
        lines.extend(_message_deprecated(enum.deprecated, inner))
        lines.append(f"{inner}{prefix}_UNSPECIFIED = 0;")
        for s in enum.symbols:
            suffix = " [deprecated = true]" if s.deprecated is not None else ""
            number = _number(enum.name, s.name, s.number)
            lines.extend(_comment(s.doc, s.deprecated, inner))
            lines.append(f"{inner}{prefix}_{s.name} = {number}{suffix};")
        lines.extend(_reserved(enum.reserved, inner, lambda n: f"{prefix}_{n}"))
        return _close(lines, indent)

    def union(self, union: Union, indent: str) -> list[str]:
        inner = indent + INDENT
        lines = [*_comment(union.doc, union.deprecated, indent), f"{indent}message "]
        lines[-1] += f"{union.short_name} {{"
        lines.extend(_message_deprecated(union.deprecated, inner))
        lines.extend(self.nested(union, inner))
        lines.append(f"{inner}oneof value {{")
        for v in union.variants:
            type_text = self.reference(union.name, v.type.name)
            number = _number(union.name, v.name, v.number)
            json = f' [json_name = "{v.name}"]' if default_json_name(v.name) != v.name else ""
            lines.extend(_comment(v.doc, None, inner + INDENT))
            lines.append(f"{inner}{INDENT}{type_text} {v.name} = {number}{json};")
        lines.append(f"{inner}}}")
        lines.extend(_reserved(union.reserved, inner, lambda n: n))
        return _close(lines, indent)

    # -- services -------------------------------------------------------------------------------

    def service(self, service: Service) -> list[str]:
        lines = [*_comment(service.doc, None, ""), f"service {service.short_name} {{"]
        for op in _rpcs(service):
            request = self.rpc_type(op.request)
            response = self.rpc_type(op.response)
            lines.extend(_comment(op.doc, op.deprecated, INDENT))
            rpc = f"{INDENT}rpc {op.name}({request}) returns ({response})"
            if op.deprecated is None:
                lines.append(f"{rpc};")
            else:
                lines.extend([f"{rpc} {{", f"{INDENT * 2}option deprecated = true;", f"{INDENT}}}"])
        return _close(lines, "")

    def rpc_type(self, name: str | None) -> str:
        if name is None:
            return self.well_known(self.package, _EMPTY)
        return self.reference(self.package, name)


def _package_prefixes(project: Project) -> set[str]:
    prefixes: set[str] = set()
    for named in project.types.values():
        parts = named.package.split(".")
        prefixes.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return prefixes


def _number(owner: str, member: str, number: int | None) -> int:
    if number is None:
        raise AssertionError(f"{owner}.{member} has no number: apply_lock must run first")
    return number


def _comment(doc: str, deprecated: str | None, indent: str) -> list[str]:
    text = doc.strip()
    if deprecated:
        text = f"{text}\n\nDeprecated: {deprecated}" if text else f"Deprecated: {deprecated}"
    if not text:
        return []
    return [f"{indent}//{' ' + line if line.strip() else ''}".rstrip() for line in _lines(text)]


def _text_form(t: TypeExpr) -> str:
    """A trailing `// stele: T` naming the contract type a `string` field holds as text.

    uuid, date and decimal(p,s) are all `string` in Protobuf; the comment makes the artifact
    say which text form it carries, so that a compatibility check on the .proto files sees a
    change between them (read back from the descriptor set's source info).
    """
    item = t.item if isinstance(t, ListOf) else t.value if isinstance(t, MapOf) else t
    if isinstance(item, Decimal) or (isinstance(item, Scalar) and item.name in _TEXT_FORMS):
        return f" // {TEXT_FORM_MARK} {contract_text(item)}"
    return ""


_TEXT_FORMS = frozenset({"uuid", "date"})
TEXT_FORM_MARK = "stele:"


def _lines(text: str) -> Iterable[str]:
    return (line.rstrip() for line in text.splitlines())


def _message_deprecated(deprecated: str | None, indent: str) -> list[str]:
    return [f"{indent}option deprecated = true;"] if deprecated is not None else []


def _reserved(reserved: Reserved, indent: str, spell: Callable[[str], str]) -> list[str]:
    lines: list[str] = []
    if reserved.numbers:
        ranges = [str(lo) if lo == hi else f"{lo} to {hi}" for lo, hi in sorted(reserved.numbers)]
        lines.append(f"{indent}reserved {', '.join(ranges)};")
    if reserved.names:
        names = ", ".join(f'"{spell(n)}"' for n in sorted(reserved.names))
        lines.append(f"{indent}reserved {names};")
    return lines


def _close(lines: list[str], indent: str) -> list[str]:
    while lines and lines[-1] == "":
        lines.pop()
    return [*lines, f"{indent}}}"]


# ---------------------------------------------------------------------------------------------
# protoc
# ---------------------------------------------------------------------------------------------
