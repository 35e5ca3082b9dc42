"""Checks over a loaded project: values, recursion, lossy mappings, channels and operations.

Each check is a small function from the project to diagnostics; `check_project` runs them all.
The architecture checks (chains of synchronous calls) live in `lint/dependencies.py`, cycles
between packages in `lint/packages.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from stele.diagnostics import Diagnostic, error, warning
from stele.ir import (
    ENVELOPE_HEADERS,
    NO_SPAN,
    ChannelStyle,
    Enum,
    ListOf,
    MapOf,
    MessageKind,
    Project,
    Record,
    Ref,
    Scalar,
    Style,
    Union,
    Value,
)
from stele.lint.bindings import check_bindings
from stele.lint.dependencies import check_dependencies
from stele.lint.packages import check_package_cycles
from stele.values import check_value

Check = Callable[[Project], Iterator[Diagnostic]]

# The fix of an example that does not fit its type (S144).
EXAMPLE_HINT = (
    "write the example in the JSON form of its type (docs/mapping.md), with a value for every"
    " required field"
)


def check_values(project: Project) -> Iterator[Diagnostic]:
    """Defaults and examples must fit their type (S143, S144)."""
    for t in project.types.values():
        for ex in t.examples:
            for problem in check_value(project, Ref(t.name), ex.value):
                message = f"example '{ex.name}' of {t.short_name}: {problem}"
                yield error("S144", message, ex.span, EXAMPLE_HINT)
        if not isinstance(t, Record):
            continue
        for f in t.fields:
            if f.has_default:
                for problem in check_value(project, f.type, f.default):
                    yield error(
                        "S143",
                        f"default of field '{f.name}' does not fit its type: {problem}",
                        f.default_span if f.default_span != NO_SPAN else f.span,
                        "write the default in the JSON form of the type (see docs/mapping.md)",
                    )
            for ex in f.examples:
                for problem in check_value(project, f.type, ex.value):
                    message = f"example of field '{f.name}': {problem}"
                    yield error("S144", message, ex.span, EXAMPLE_HINT)
    for m in project.messages.values():
        declared = {h.name: h for h in m.headers}
        envelope = {name for name, *_ in ENVELOPE_HEADERS}
        for mex in m.examples:
            for problem in check_value(project, m.body, mex.body):
                message = f"example '{mex.name}' of message {m.short_name}: {problem}"
                yield error("S144", message, mex.span, EXAMPLE_HINT)
            for name, value in mex.headers.items():
                if name in declared:
                    for problem in check_value(project, declared[name].type, value):
                        message = f"example '{mex.name}' header '{name}': {problem}"
                        yield error("S144", message, mex.span, EXAMPLE_HINT)
                elif name not in envelope:
                    yield error(
                        "S144",
                        f"example '{mex.name}' sets header '{name}', which {m.short_name} does not declare",
                        mex.span,
                        "declare the header under 'headers:'",
                    )
            for h in m.headers:
                if h.required and h.name not in mex.headers:
                    yield error(
                        "S144",
                        f"example '{mex.name}' lacks the required header '{h.name}'",
                        mex.span,
                        f"set it under the example's 'headers:' ({h.name}: <value>)",
                    )


def check_recursion(project: Project) -> Iterator[Diagnostic]:
    """A record that requires itself, directly or through other required records (S135)."""
    edges: dict[str, list[str]] = {}
    for t in project.types.values():
        if isinstance(t, Record):
            edges[t.name] = [
                f.type.name
                for f in t.fields
                if isinstance(f.type, Ref)
                and not f.optional
                and isinstance(project.types.get(f.type.name), Record)
            ]
    reported: set[str] = set()
    for start in edges:
        path = _find_cycle(start, edges)
        if path and start not in reported:
            reported.update(path)
            record = project.types[start]
            yield error(
                "S135",
                f"{record.short_name} requires itself through {' -> '.join(p.rsplit('.', 1)[-1] for p in path)}",
                record.span,
                "make one field of the cycle optional, a list or a map, so a value can end",
            )


def _find_cycle(start: str, edges: dict[str, list[str]]) -> list[str]:
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in edges.get(node, []):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return []


def check_lossy(project: Project) -> Iterator[Diagnostic]:
    """Mappings that lose information in some format (S140, S141, S150)."""
    for t in project.types.values():
        if isinstance(t, Enum) and t.default is None:
            yield warning(
                "S150",
                f"enum {t.short_name} has no default symbol",
                t.span,
                "add 'default: <SYMBOL>' so readers on an older schema can map symbols added later",
            )
        if not isinstance(t, Record):
            continue
        for f in t.fields:
            if f.optional and isinstance(f.type, ListOf | MapOf):
                yield warning(
                    "S141",
                    f"optional {('list' if isinstance(f.type, ListOf) else 'map')} '{f.name}': "
                    "Protobuf cannot tell an absent one from an empty one",
                    f.span,
                    "drop 'optional' and treat empty as absent",
                )
            if f.has_default and not f.optional and _is_nonzero_default(project, f.type, f.default):
                yield warning(
                    "S140",
                    f"default {f.default!r} of field '{f.name}' is lost in Protobuf: proto3 readers see the zero value",
                    f.span,
                    "make the field optional so readers can apply the default, or drop the default",
                )


def _is_nonzero_default(project: Project, t: object, value: Value) -> bool:
    if isinstance(t, Scalar):
        return value not in (False, 0, 0.0, "", "PT0S")
    if isinstance(t, Ref):
        return isinstance(project.types.get(t.name), Enum)  # the proto zero is *_UNSPECIFIED
    return False


def check_unions(project: Project) -> Iterator[Diagnostic]:
    """Variants are records that do not use the discriminator as a field name (S134), each
    record listed once (S138: Avro names a union's branches by record, so two variants of one
    record cannot be written; found here, not at generate's G002)."""
    for t in project.types.values():
        if not isinstance(t, Union):
            continue
        first: dict[str, str] = {}
        for v in t.variants:
            if v.type.name in first:
                yield error(
                    "S138",
                    f"variants '{first[v.type.name]}' and '{v.name}' of {t.short_name} are both "
                    f"record {v.type.name.rsplit('.', 1)[-1]}",
                    v.span,
                    "give each variant its own record type (Avro holds a record once per union)",
                )
            first.setdefault(v.type.name, v.name)
            target = project.types.get(v.type.name)
            if not isinstance(target, Record):
                yield error(
                    "S134", f"variant '{v.name}' of {t.short_name} must be a record", v.span
                )
            elif target.field(t.discriminator) is not None:
                yield error(
                    "S134",
                    f"variant record {target.short_name} has a field named '{t.discriminator}', "
                    f"the discriminator of {t.short_name}",
                    v.span,
                    "rename the field or set another 'discriminator:' on the union",
                )


def check_messages(project: Project) -> Iterator[Diagnostic]:
    for m in project.messages.values():
        if not isinstance(project.types.get(m.body.name), Record):
            yield error("S136", f"the body of message {m.short_name} must be a record", m.span)


def check_channels(project: Project) -> Iterator[Diagnostic]:
    """A channel carries the message kinds its style is for (S170)."""
    gather_requests = {
        op.message for op in project.operations() if op.style is Style.PUBLISH_ASYNC_RESPONSES
    }
    for c in project.channels.values():
        for name in c.messages:
            m = project.messages[name]
            if c.style is ChannelStyle.POINT_TO_POINT and m.kind is MessageKind.EVENT:
                yield error(
                    "S170",
                    f"event {m.short_name} on point-to-point channel {c.short_name}",
                    c.span,
                    "events go to publish-subscribe channels, so every subscriber sees them",
                )
            if (
                c.style is ChannelStyle.PUBLISH_SUBSCRIBE
                and m.kind is MessageKind.COMMAND
                and name not in gather_requests
            ):
                yield error(
                    "S170",
                    f"command {m.short_name} on publish-subscribe channel {c.short_name}",
                    c.span,
                    "a command has one receiver: use a point-to-point channel "
                    "(or a publish-async-responses operation to ask many)",
                )


_CHANNEL_STYLE = {
    Style.ASYNC_REQUEST_RESPONSE: ChannelStyle.POINT_TO_POINT,
    Style.NOTIFICATION: ChannelStyle.POINT_TO_POINT,
    Style.PUBLISH_SUBSCRIBE: ChannelStyle.PUBLISH_SUBSCRIBE,
    Style.PUBLISH_ASYNC_RESPONSES: ChannelStyle.PUBLISH_SUBSCRIBE,
}
_MESSAGE_KINDS = {
    Style.ASYNC_REQUEST_RESPONSE: (MessageKind.COMMAND,),
    Style.NOTIFICATION: (MessageKind.COMMAND, MessageKind.DOCUMENT, MessageKind.EVENT),
    Style.PUBLISH_SUBSCRIBE: (MessageKind.EVENT, MessageKind.DOCUMENT),
    Style.PUBLISH_ASYNC_RESPONSES: (MessageKind.COMMAND, MessageKind.EVENT, MessageKind.DOCUMENT),
}
_REPLY_KINDS = (MessageKind.REPLY, MessageKind.DOCUMENT)


def check_operations(project: Project) -> Iterator[Diagnostic]:
    """Async operations fit their channels and kinds (S171, S172, S173, S178, S183)."""
    for op in project.operations():
        if op.style is Style.REQUEST_RESPONSE:
            continue
        if (
            op.style in (Style.ASYNC_REQUEST_RESPONSE, Style.PUBLISH_ASYNC_RESPONSES)
            and op.reply_channel is None
        ):
            yield error(
                "S171",
                f"{op.name} is {op.style} but names no reply channel",
                op.span,
                "add 'reply_channel: <channel>' so the service knows where replies go",
            )
        channel = project.channels.get(op.channel or "")
        message = project.messages.get(op.message or "")
        if channel is not None and channel.style is not _CHANNEL_STYLE[op.style]:
            yield error(
                "S173",
                f"{op.name} is {op.style} but channel {channel.short_name} is {channel.style}",
                op.span,
                f"use a {_CHANNEL_STYLE[op.style]} channel",
            )
        if channel is not None and message is not None and message.name not in channel.messages:
            yield error(
                "S172",
                f"channel {channel.short_name} does not carry {message.short_name}",
                op.span,
                f"add {message.short_name} to the messages of {channel.short_name}",
            )
        reply_channel = project.channels.get(op.reply_channel or "")
        reply = project.messages.get(op.reply or "")
        if reply_channel is not None and reply_channel.style is ChannelStyle.PUBLISH_SUBSCRIBE:
            yield warning(
                "S183",
                f"reply channel {reply_channel.short_name} of {op.name} is publish-subscribe: "
                "every subscriber sees every reply",
                op.span,
                "a reply goes back to the one requester: use a point-to-point reply channel",
            )
        if (
            reply_channel is not None
            and reply is not None
            and reply.name not in reply_channel.messages
        ):
            yield error(
                "S172",
                f"reply channel {reply_channel.short_name} does not carry {reply.short_name}",
                op.span,
                f"add {reply.short_name} to the messages of {reply_channel.short_name}",
            )
        if message is not None and message.kind not in _MESSAGE_KINDS[op.style]:
            yield error(
                "S178",
                f"{op.name} is {op.style} but {message.short_name} is {_a(message.kind)}",
                op.span,
                f"use a message of kind {' or '.join(_MESSAGE_KINDS[op.style])}",
            )
        if reply is not None and reply.kind not in _REPLY_KINDS:
            yield error(
                "S178",
                f"reply {reply.short_name} of {op.name} is {_a(reply.kind)}",
                op.span,
                "a reply is a message of kind reply or document",
            )
    for op in project.operations():
        for name, kinds, verb in (
            (op.uses.sends, (MessageKind.COMMAND,), "sends"),
            (op.uses.publishes, (MessageKind.EVENT,), "publishes"),
        ):
            for qualified in name:
                m = project.messages[qualified]
                if m.kind not in kinds:
                    yield error(
                        "S178",
                        f"{op.name} {verb} {m.short_name}, which is {_a(m.kind)}",
                        op.span,
                        f"'{verb}' lists messages of kind {kinds[0]}",
                    )


def _a(kind: MessageKind) -> str:
    return f"an {kind}" if kind is MessageKind.EVENT else f"a {kind}"


def check_http(project: Project) -> Iterator[Diagnostic]:
    """HTTP bindings match the request record (S174, S175)."""
    for op in project.operations():
        if op.http is None:
            continue
        request = project.types.get(op.request or "")
        fields = {f.name: f for f in request.fields} if isinstance(request, Record) else {}
        for param in op.http.path_params:
            f = fields.get(param)
            if f is None:
                yield error(
                    "S174",
                    f"path parameter '{{{param}}}' of {op.name} matches no field of its request",
                    op.http.span,
                    f"add field '{param}' to the request record, or rename the parameter",
                )
            elif f.optional or (
                isinstance(f.type, ListOf | MapOf | Ref) and not _is_enum(project, f.type)
            ):
                yield error(
                    "S174",
                    f"path parameter '{{{param}}}' must be a required scalar field",
                    op.http.span,
                )
        for param in op.http.query_params:
            if param not in fields:
                yield error(
                    "S175",
                    f"query parameter '{param}' of {op.name} matches no field of its request",
                    op.http.span,
                    f"add field '{param}' to the request record",
                )
        if op.http.method in ("GET", "HEAD", "DELETE"):
            for f in fields.values():
                if (
                    f.name not in op.http.path_params
                    and isinstance(f.type, Ref)
                    and not _is_enum(project, f.type)
                ):
                    yield error(
                        "S175",
                        f"{op.http.method} {op.http.path} sends field '{f.name}' as a query "
                        "parameter, but it is a record",
                        f.span,
                        "use POST with a body, or flatten the record into scalar fields",
                    )


def _is_enum(project: Project, t: object) -> bool:
    return isinstance(t, Ref) and isinstance(project.types.get(t.name), Enum)


CHECKS: tuple[Check, ...] = (
    check_values,
    check_recursion,
    check_lossy,
    check_unions,
    check_messages,
    check_channels,
    check_bindings,
    check_operations,
    check_http,
    check_dependencies,
    check_package_cycles,
)


def check_project(project: Project) -> list[Diagnostic]:
    return sorted(d for check in CHECKS for d in check(project))
