"""Rules over files, top-level declarations and services."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from stele.compat.handlers import handles
from stele.compat.model import Finding
from stele.compat.protobuf._context import Context
from stele.compat.protobuf._decls import (
    METHOD_INPUT,
    METHOD_OUTPUT,
    EnumDecl,
    FieldDecl,
    FileDecl,
    MessageDecl,
    ProtoSchema,
    ServiceDecl,
)
from stele.compat.protobuf._pairing import ServicePair
from stele.compat.protobuf.rules import by_id
from stele.span import Span


@handles(*by_id("proto-file-removed"))
def files_removed(ctx: Context) -> Iterator[Finding]:
    if not ctx.backward:
        return
    for file in ctx.pairing.removed_files:
        yield from ctx.report("proto-file-removed", file.path, file.start, None, file=file.path)


@handles(*by_id("proto-package-removed"))
def packages_removed(ctx: Context) -> Iterator[Finding]:
    if not ctx.backward or ctx.category != "package":
        return
    new_packages = {f.package for f in ctx.pairing.new.files.values()}
    first: dict[str, FileDecl] = {}
    for _, file in sorted(ctx.pairing.old.files.items()):
        first.setdefault(file.package, file)
    for package, file in sorted(first.items()):
        if package not in new_packages:
            yield from ctx.report(
                "proto-package-removed", package, file.start, None, package=package
            )


@handles(*by_id("proto-package-changed"))
def packages_changed(ctx: Context) -> Iterator[Finding]:
    for pair in ctx.pairing.files:
        old, new = pair.old, pair.new
        if old.package != new.package:
            at = old.package_location, new.package_location
            change = {"file": old.path, "old": old.package, "new": new.package}
            yield from ctx.report("proto-package-changed", old.path, *at, **change)


Decl = MessageDecl | EnumDecl | ServiceDecl | FieldDecl
# kind, rule, and the declarations of that kind in a schema (map entries are not declared).
_KINDS: tuple[tuple[str, str, Callable[[ProtoSchema], Mapping[str, Decl]]], ...] = (
    ("message", "proto-message-removed",
     lambda s: {n: m for n, m in s.messages.items() if not m.map_entry}),
    ("enum", "proto-enum-removed", lambda s: s.enums),
    ("service", "proto-service-removed", lambda s: s.services),
    ("extension", "proto-extension-removed", lambda s: s.extensions),
)  # fmt: skip


@handles(
    *by_id(
        "proto-declaration-moved",
        "proto-enum-removed",
        "proto-extension-removed",
        "proto-message-removed",
        "proto-service-removed",
    )
)
def declarations_removed(ctx: Context) -> Iterator[Finding]:
    """Each declaration gone from its file (`file`: FILE_NO_DELETE's siblings, a move to
    another file included) or from its package (`package`); a service also in `wire` and
    `wire_json`. A declaration nested in a removed message is reported too, as buf does. The
    finding sits where buf puts it: the nearest enclosing message that is still there, else
    line 1 of the file."""
    if not ctx.backward:
        return
    old, new = ctx.pairing.old, ctx.pairing.new
    new_packages = {f.package for f in new.files.values()}
    for kind, rule, declared in _KINDS:
        if not ctx.code and kind != "service":
            continue
        old_decls, new_decls = declared(old), declared(new)
        for name, decl in old_decls.items():
            path = decl.location.path
            there = new_decls.get(name)
            new_file = new.files.get(path)
            if ctx.category == "file":
                if new_file is None or new_file.package != old.files[path].package:
                    continue  # the file's removal or package change says it
                if there is not None and there.location.path == path:
                    continue
            else:
                if there is not None:
                    continue
                if ctx.code and old.files[path].package not in new_packages:
                    continue  # the package's removal says it
            where = _enclosing(new, name, path if ctx.category == "file" else None, kind)
            if where is None and new_file is not None:
                where = new_file.start
            if there is not None:
                moved = {"kind": kind, "name": name, "old": path, "new": there.location.path}
                yield from ctx.report(
                    "proto-declaration-moved", name, decl.location, where, **moved
                )
            else:
                yield from ctx.report(rule, name, decl.location, where, name=name)


def _enclosing(schema: ProtoSchema, name: str, file: str | None, kind: str) -> Span | None:
    """The nearest message enclosing `name` that `schema` still declares (in `file` if
    given); services have none."""
    if kind == "service":
        return None
    parts = name.split(".")
    for end in range(len(parts) - 1, 0, -1):
        message = schema.messages.get(".".join(parts[:end]))
        if message is not None and (file is None or message.file == file):
            return message.location
    return None


@handles(*by_id("proto-rpc-removed"))
def rpcs_removed(ctx: Context, pair: ServicePair) -> Iterator[Finding]:
    if not ctx.backward:
        return
    for method in pair.removed:
        at = method.location, pair.new.location
        yield from ctx.report("proto-rpc-removed", method.full_name, *at, rpc=method.name)


@handles(
    *by_id(
        "proto-rpc-request-type-changed",
        "proto-rpc-response-type-changed",
        "proto-rpc-streaming-changed",
    )
)
def rpc_signatures_changed(ctx: Context, pair: ServicePair) -> Iterator[Finding]:
    for methods in pair.methods:
        old, new = methods.old, methods.new
        where = (old.full_name, old.location, new.location)
        if old.input_type != new.input_type:
            at = ctx.pair_at(methods, (METHOD_INPUT,))
            change = {"rpc": old.name, "old": old.input_type, "new": new.input_type}
            yield from ctx.report("proto-rpc-request-type-changed", old.full_name, *at, **change)
        if old.output_type != new.output_type:
            at = ctx.pair_at(methods, (METHOD_OUTPUT,))
            change = {"rpc": old.name, "old": old.output_type, "new": new.output_type}
            yield from ctx.report("proto-rpc-response-type-changed", old.full_name, *at, **change)
        for side in ("client", "server"):
            before, after = getattr(old, f"{side}_streaming"), getattr(new, f"{side}_streaming")
            if before != after:
                variant = "became" if after else "stopped"
                rule = "proto-rpc-streaming-changed"
                yield from ctx.report(rule, *where, None, variant, rpc=old.name, side=side)


DECLARATION_CHECKS = (files_removed, packages_removed, packages_changed, declarations_removed)
SERVICE_CHECKS = (rpcs_removed, rpc_signatures_changed)
