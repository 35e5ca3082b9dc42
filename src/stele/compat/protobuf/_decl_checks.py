"""Rules over files, top-level declarations and services."""

from __future__ import annotations

from collections.abc import Iterator

from stele.compat.model import Finding
from stele.compat.protobuf._context import Context
from stele.compat.protobuf._descriptors import EnumDecl, MessageDecl, ServiceDecl
from stele.compat.protobuf._pairing import ServicePair


def files_removed(ctx: Context) -> Iterator[Finding]:
    if not ctx.backward:
        return
    for file in ctx.pairing.removed_files:
        message = f"file '{file.path}' was removed"
        yield from ctx.report("proto-file-removed", message, file.path, file.location, None)


def packages_changed(ctx: Context) -> Iterator[Finding]:
    for pair in ctx.pairing.files:
        old, new = pair.old, pair.new
        if old.package != new.package:
            message = (
                f"file '{old.path}' changed package from '{old.package}' to '{new.package}': "
                "every type and method it declares has a new full name"
            )
            yield from ctx.report(
                "proto-package-changed", message, old.path, old.package_location,
                new.package_location,
            )  # fmt: skip


def _shown_as_removed(ctx: Context, decl: MessageDecl | EnumDecl) -> bool:
    """Report only the outermost removal, and not when its file or package already explains it."""
    old, new = ctx.pairing.old, ctx.pairing.new
    parent = decl.full_name.rsplit(".", 1)[0]
    if parent in old.messages and parent not in new.messages:
        return False
    file = new.files.get(decl.file)
    return file is not None and file.package == old.files[decl.file].package


def messages_removed(ctx: Context) -> Iterator[Finding]:
    if not ctx.backward:
        return
    for message in ctx.pairing.removed_messages:
        if not message.map_entry and _shown_as_removed(ctx, message):
            text = f"message '{message.full_name}' was removed"
            yield from ctx.report(
                "proto-message-removed", text, message.full_name, message.location,
                ctx.pairing.new.files[message.file].location,
            )  # fmt: skip


def enums_removed(ctx: Context) -> Iterator[Finding]:
    if not ctx.backward:
        return
    for enum in ctx.pairing.removed_enums:
        if _shown_as_removed(ctx, enum):
            text = f"enum '{enum.full_name}' was removed"
            yield from ctx.report(
                "proto-enum-removed", text, enum.full_name, enum.location,
                ctx.pairing.new.files[enum.file].location,
            )  # fmt: skip


def services_removed(ctx: Context) -> Iterator[Finding]:
    if not ctx.backward:
        return
    for service in ctx.pairing.removed_services:
        text = f"service '{service.full_name}' was removed: old clients calling it fail"
        new_file = ctx.pairing.new.files.get(service.file)
        yield from ctx.report(
            "proto-service-removed", text, service.full_name, service.location,
            new_file.location if new_file else None,
        )  # fmt: skip


def declarations_moved(ctx: Context) -> Iterator[Finding]:
    if not ctx.backward:
        return
    old, new = ctx.pairing.old, ctx.pairing.new
    pairs: list[tuple[MessageDecl | EnumDecl | ServiceDecl, MessageDecl | EnumDecl | ServiceDecl]]
    pairs = [
        *(
            (m, new.messages[n])
            for n, m in old.messages.items()
            if m.top_level and n in new.messages
        ),
        *((e, new.enums[n]) for n, e in old.enums.items() if e.top_level and n in new.enums),
        *((s, new.services[n]) for n, s in old.services.items() if n in new.services),
    ]
    for before, after in pairs:
        if before.file != after.file:
            text = f"'{before.full_name}' moved from '{before.file}' to '{after.file}'"
            yield from ctx.report(
                "proto-declaration-moved", text, before.full_name, before.location,
                after.location,
            )  # fmt: skip


def rpcs_removed(ctx: Context, pair: ServicePair) -> Iterator[Finding]:
    if not ctx.backward:
        return
    for method in pair.removed:
        text = f"rpc '{method.name}' was removed: old clients calling it fail"
        yield from ctx.report(
            "proto-rpc-removed", text, method.full_name, method.location, pair.new.location
        )


def rpc_signatures_changed(ctx: Context, pair: ServicePair) -> Iterator[Finding]:
    for methods in pair.methods:
        old, new = methods.old, methods.new
        where = (old.full_name, old.location, new.location)
        if old.input_type != new.input_type:
            text = (
                f"rpc '{old.name}' request type changed from {old.input_type} to {new.input_type}"
            )
            yield from ctx.report("proto-rpc-request-type-changed", text, *where)
        if old.output_type != new.output_type:
            text = (
                f"rpc '{old.name}' response type changed from {old.output_type} "
                f"to {new.output_type}"
            )
            yield from ctx.report("proto-rpc-response-type-changed", text, *where)
        for side in ("client", "server"):
            before, after = getattr(old, f"{side}_streaming"), getattr(new, f"{side}_streaming")
            if before != after:
                change = "became streaming" if after else "stopped streaming"
                text = f"rpc '{old.name}' {side} side {change}"
                yield from ctx.report("proto-rpc-streaming-changed", text, *where)


DECLARATION_CHECKS = (
    files_removed,
    packages_changed,
    messages_removed,
    enums_removed,
    services_removed,
    declarations_moved,
)
SERVICE_CHECKS = (rpcs_removed, rpc_signatures_changed)
