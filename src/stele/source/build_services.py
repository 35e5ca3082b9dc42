"""Building messages, channels, services and operations from their YAML nodes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stele.diagnostics import did_you_mean, warning
from stele.ir import (
    ENVELOPE_HEADERS,
    Channel,
    ChannelStyle,
    Expansion,
    Header,
    HttpBinding,
    ListOf,
    MapOf,
    Message,
    MessageExample,
    MessageKind,
    Operation,
    Ref,
    Role,
    Service,
    Style,
    Uses,
)
from stele.source.build_bindings import BINDINGS_KEY, read_bindings
from stele.source.build_types import TypeBuilder
from stele.source.declared_names import member_name, report_case_twin
from stele.source.members import ACK_KEY, read_acks
from stele.source.names import Kind, NameTable
from stele.source.reader import CHANNEL, PASCAL, RESERVED_WORDS, SNAKE, Reader
from stele.source.yaml_nodes import YMap, YNode, YScalar, YSeq, to_value
from stele.values import parse_short_duration

MESSAGE_KEYS = ("kind", "body", "doc", "headers", "examples", "deprecated", ACK_KEY)
_EXAMPLE_KEYS = ("name", "doc", "headers", "body")
CHANNEL_KEYS = ("style", "owner", "address", "messages", "doc", ACK_KEY, BINDINGS_KEY)
SERVICE_KEYS = ("doc", "availability", "grpc", "operations", ACK_KEY)
COMMON_OP_KEYS = ("style", "doc", "uses", "deprecated", ACK_KEY)
STYLE_KEYS: dict[Style, tuple[str, ...]] = {
    Style.REQUEST_RESPONSE: ("request", "response", "errors", "http", "grpc"),
    Style.ASYNC_REQUEST_RESPONSE: ("role", "message", "channel", "reply", "reply_channel"),
    Style.NOTIFICATION: ("role", "message", "channel"),
    Style.PUBLISH_SUBSCRIBE: ("role", "message", "channel"),
    Style.PUBLISH_ASYNC_RESPONSES: (
        "role",
        "message",
        "channel",
        "reply",
        "reply_channel",
        "window",
    ),
}
STYLE_REQUIRED: dict[Style, tuple[str, ...]] = {
    Style.REQUEST_RESPONSE: ("response",),
    Style.ASYNC_REQUEST_RESPONSE: ("message", "channel", "reply"),  # reply_channel: S171
    Style.NOTIFICATION: ("message", "channel"),
    Style.PUBLISH_SUBSCRIBE: ("message", "channel"),
    Style.PUBLISH_ASYNC_RESPONSES: ("message", "channel", "reply", "window"),
}
HTTP_KEYS = ("method", "path", "query", "status", "expand")
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")
ENVELOPE_NAMES = tuple(h[0] for h in ENVELOPE_HEADERS)
_PATH_PARAM = re.compile(r"\{([^}]*)\}")


@dataclass
class Decl:
    name: str
    package: str
    node: YMap
    key: YScalar


class ServiceBuilder:
    def __init__(self, reader: Reader, names: NameTable, types: TypeBuilder) -> None:
        self.reader = reader
        self.names = names
        self.types = types

    # --- pass one --------------------------------------------------------------------------

    def declare(self, section: YNode | None, kind: Kind, package: str, out: list[Decl]) -> None:
        what = {Kind.MESSAGE: "messages", Kind.CHANNEL: "channels", Kind.SERVICE: "services"}[kind]
        node = self.reader.mapping(section, what)
        for key, value in node.items if node else ():
            name = str(key.value)
            pattern, shape = (
                (CHANNEL, "lower-case words joined by '-' or '.'")
                if kind is Kind.CHANNEL
                else (
                    PASCAL,
                    "a PascalCase identifier",
                )
            )
            if not pattern.match(name) or name in RESERVED_WORDS:
                problem = (
                    "a reserved word in a target format" if pattern.match(name) else f"not {shape}"
                )
                self.reader.report(
                    "S110", f"{kind} name '{name}' is {problem}", key, f"use {shape}"
                )
                continue
            body = self.reader.mapping(value, f"{kind} '{name}'")
            if body is None:
                continue
            qualified = f"{package}.{name}"
            earlier = self.names.declare(kind, qualified, key.span)
            if earlier is not None:
                self.reader.report(
                    "S101",
                    f"'{qualified}' is already defined at {earlier}",
                    key,
                    "rename one of the two",
                )
                continue
            report_case_twin(self.reader, self.names, kind, qualified, key)
            out.append(Decl(qualified, package, body, key))
            if kind is Kind.SERVICE:
                ops = self.reader.mapping(body.get("operations"), "operations")
                for op_key, _ in ops.items if ops else ():
                    self.names.declare(Kind.OPERATION, f"{qualified}.{op_key.value}", op_key.span)

    # --- pass two --------------------------------------------------------------------------

    def ref(self, kind: Kind, node: YScalar, package: str) -> str | None:
        text = str(node.value)
        hit = self.names.resolve(kind, text, package)
        if hit is None and not self.names.suspect(text, package):
            hint = did_you_mean(text, self.names.candidates(kind, package))
            if not hint and "." in text and text[:1].islower():  # qualified: name the package
                hint = self.names.missing_hint(kind, text, package)
            self.reader.report(
                "S102", f"unknown {kind} '{text}'", node, hint or f"declare the {kind} first"
            )
        return hit

    def message(self, d: Decl) -> Message | None:
        r = self.reader
        r.keys(d.node, f"message '{d.key.value}'", MESSAGE_KEYS, required=("kind", "body"))
        kind = r.choice(d.node.get("kind"), "message kind", [k.value for k in MessageKind])
        body_node = d.node.get("body")
        body: Ref | None = None
        if isinstance(body_node, YScalar):
            parsed = self.types.type_expr(body_node, None, d.package)
            if parsed is not None:
                if isinstance(parsed[0], Ref) and not parsed[1]:
                    body = parsed[0]
                else:
                    r.report(
                        "S136", "a message body must be a record type", body_node, "name a record"
                    )
        elif body_node is not None:
            r.report("S136", "a message body must name a record type", body_node, "name a record")
        headers = self.headers(d.node.get("headers"), d.package)
        if kind is None or body is None:
            return None
        return Message(
            name=d.name,
            package=d.package,
            kind=MessageKind(kind),
            body=body,
            span=d.key.span,
            headers=headers,
            doc=r.text(d.node.get("doc"), "doc"),
            examples=self.message_examples(d.node.get("examples")),
            deprecated=r.deprecation(d.node.get("deprecated")),
            acks=read_acks(self.reader, d.node.get(ACK_KEY)),
        )

    def headers(self, node: YNode | None, package: str) -> tuple[Header, ...]:
        r = self.reader
        section = r.mapping(node, "headers")
        out: list[Header] = []
        for key, value in section.items if section else ():
            name = str(key.value)
            if not member_name(r, name, key, "header", SNAKE, "snake_case such as tenant_id"):
                continue
            if name in ENVELOPE_NAMES:
                r.report(
                    "S137",
                    f"header '{name}' is an envelope header every message already carries",
                    key,
                    "remove it, or pick another name",
                )
                continue
            required: bool | None = True
            doc = ""
            type_node: YNode = value
            if isinstance(value, YMap):
                r.keys(value, f"header '{name}'", ("type", "required", "doc"), required=("type",))
                required = r.boolean(value.get("required"), "required")
                doc = r.text(value.get("doc"), "doc")
                type_node = value.get("type") or value
            if not isinstance(type_node, YScalar):
                r.report(
                    "S010",
                    f"header '{name}' needs a type",
                    type_node,
                    "write a scalar such as string",
                )
                continue
            parsed = self.types.type_expr(type_node, None, package)
            if parsed is None:
                continue
            t, optional, _ = parsed
            if isinstance(t, Ref | ListOf | MapOf):
                r.report(
                    "S137",
                    f"header '{name}' must have a scalar type",
                    type_node,
                    "headers are scalars",
                )
                continue
            out.append(Header(name, t, key.span, required=bool(required) and not optional, doc=doc))
        return tuple(out)

    def message_examples(self, node: YNode | None) -> tuple[MessageExample, ...]:
        r = self.reader
        seq = r.sequence(node, "examples")
        out: list[MessageExample] = []
        for i, item in enumerate(seq.items if seq else ()):
            body = r.mapping(item, "a message example")
            if body is None:
                continue
            keys = [str(k.value) for k, _ in body.items]
            if keys and not set(keys) & set(_EXAMPLE_KEYS):
                # The payload written where the example belongs: one error, not one per key.
                r.report(
                    "S012",
                    "a message example is missing the required key 'body' (its keys "
                    f"{', '.join(keys[:3])}{', ...' if len(keys) > 3 else ''} look like the body's)",
                    body,
                    "a message example is {name, doc, headers, body}: put the payload under "
                    "'body:', e.g. - body: {id: ...}",
                )
                continue
            if not r.keys(body, "a message example", _EXAMPLE_KEYS, required=("body",)):
                continue
            headers_node = r.mapping(body.get("headers"), "example headers")
            headers = to_value(headers_node) if headers_node is not None else {}
            body_node = body.get("body")
            assert body_node is not None
            out.append(
                MessageExample(
                    to_value(body_node),
                    body_node.span,
                    r.text(body.get("name"), "name") or f"example {i + 1}",
                    headers if isinstance(headers, dict) else {},
                )
            )
        return tuple(out)

    def channel(self, d: Decl) -> Channel | None:
        r = self.reader
        r.keys(
            d.node,
            f"channel '{d.key.value}'",
            CHANNEL_KEYS,
            required=("style", "owner", "messages"),
        )
        style = r.choice(d.node.get("style"), "channel style", [s.value for s in ChannelStyle])
        owner_node = d.node.get("owner")
        owner = None
        if owner_node is not None and r.string(owner_node, "owner") is not None:
            assert isinstance(owner_node, YScalar)
            owner = self.ref(Kind.SERVICE, owner_node, d.package)
        messages = []
        messages_node = d.node.get("messages")
        for _, item in r.strings(messages_node, "messages"):
            hit = self.ref(Kind.MESSAGE, item, d.package)
            if hit:
                messages.append(hit)
        if isinstance(messages_node, YSeq) and not messages_node.items:  # a warning: language.md
            said = f"channel '{d.key.value}' lists no messages: nothing can be sent on it"
            hint = "list the messages the channel carries, or remove the channel"
            r.diagnostics.append(warning("S186", said, messages_node.span, hint))
        address = r.string(d.node.get("address"), "address") or str(d.key.value)
        bindings = read_bindings(r, d.node.get(BINDINGS_KEY), address)
        if style is None or owner is None:
            return None
        return Channel(
            name=d.name,
            package=d.package,
            address=address,
            style=ChannelStyle(style),
            owner=owner,
            messages=tuple(messages),
            span=d.key.span,
            doc=r.text(d.node.get("doc"), "doc"),
            acks=read_acks(self.reader, d.node.get(ACK_KEY)),
            bindings=bindings,
        )

    def service(self, d: Decl) -> Service:
        r = self.reader
        r.keys(d.node, f"service '{d.key.value}'", SERVICE_KEYS, required=("operations",))
        availability = r.number(d.node.get("availability"), "availability")
        if availability is not None and not 0 < availability <= 1:
            node = d.node.get("availability")
            assert node is not None
            r.report(
                "S013",
                f"availability {availability} is not in (0, 1]",
                node,
                "write 0.995 for 99.5%",
            )
            availability = None
        ops_node = r.mapping(d.node.get("operations"), "operations")
        grpc = r.boolean(d.node.get("grpc"), "grpc")
        operations = []
        for key, value in ops_node.items if ops_node else ():
            name = str(key.value)
            if not PASCAL.match(name) or name in RESERVED_WORDS:
                r.report(
                    "S110",
                    f"operation name '{name}' is not a PascalCase identifier",
                    key,
                    "operation names look like GetOrder: letters and digits, starting upper-case",
                )
                continue
            op = self.operation(d, key, value, grpc is not False)
            if op is not None:
                operations.append(op)
        return Service(
            name=d.name,
            package=d.package,
            operations=tuple(operations),
            span=d.key.span,
            doc=r.text(d.node.get("doc"), "doc"),
            availability=availability,
            acks=read_acks(self.reader, d.node.get(ACK_KEY)),
        )

    def operation(
        self, d: Decl, key: YScalar, value: YNode, grpc_default: bool = True
    ) -> Operation | None:
        r = self.reader
        what = f"operation '{key.value}'"
        body = r.mapping(value, what)
        if body is None:
            return None
        style_name = r.choice(body.get("style"), "interaction style", [s.value for s in Style])
        if body.get("style") is None:
            r.report("S012", f"{what} is missing the required key 'style'", key, "add 'style:'")
        if style_name is None:
            return None
        style = Style(style_name)
        r.keys(body, f"{what} ({style})", COMMON_OP_KEYS + STYLE_KEYS[style], STYLE_REQUIRED[style])
        pkg = d.package

        def record_ref(name: str) -> str | None:
            node = body.get(name)
            if not isinstance(node, YScalar):
                return None
            parsed = self.types.type_expr(node, None, pkg)
            if parsed is None:
                return None
            if not isinstance(parsed[0], Ref):
                r.report("S136", f"the {name} of {what} must be a record type", node)
                return None
            return parsed[0].name

        def named(kind: Kind, name: str) -> str | None:
            node = body.get(name)
            if node is None or r.string(node, name) is None:
                return None
            assert isinstance(node, YScalar)
            return self.ref(kind, node, pkg)

        window = None
        window_node = body.get("window")
        if window_node is not None:
            text = r.text(window_node, "window")
            window = parse_short_duration(text)
            if window is None or window <= 0:
                r.report(
                    "S176",
                    f"window '{text}' is not a duration",
                    window_node,
                    "write 30s, 500ms, 2m or PT30S",
                )
        role = r.choice(body.get("role"), "role", [x.value for x in Role])
        default_role = Role.SEND if style is Style.PUBLISH_ASYNC_RESPONSES else Role.RECEIVE
        errors = []
        errors_node = r.sequence(body.get("errors"), "errors")
        for item in errors_node.items if errors_node else ():
            code = r.integer(item, "an error status")
            if code is not None:
                if 400 <= code <= 599:
                    errors.append(code)
                else:
                    r.report("S175", f"error status {code} is not a 4xx or 5xx status", item)
        own = r.boolean(body.get("grpc"), "grpc")
        grpc = grpc_default if own is None else own
        if style is Style.REQUEST_RESPONSE and not grpc and body.get("http") is None:
            said = "grpc: false" if own is False else "its service says grpc: false"
            r.report(
                "S185",
                f"{what} has no binding: it is no gRPC method ({said}) and has no http",
                body.get("grpc") or key,
                "add an http binding, or "
                + ("remove grpc: false" if own is False else "write grpc: true on the operation"),
            )
        return Operation(
            name=str(key.value),
            service=d.name,
            style=style,
            span=key.span,
            doc=r.text(body.get("doc"), "doc"),
            request=record_ref("request"),
            response=record_ref("response"),
            errors=tuple(errors),
            http=self.http(body.get("http")),
            grpc=grpc or style is not Style.REQUEST_RESPONSE,
            role=Role(role) if role else default_role,
            message=named(Kind.MESSAGE, "message"),
            channel=named(Kind.CHANNEL, "channel"),
            reply=named(Kind.MESSAGE, "reply"),
            reply_channel=named(Kind.CHANNEL, "reply_channel"),
            window_ms=window,
            uses=self.uses(body.get("uses"), pkg),
            deprecated=r.deprecation(body.get("deprecated")),
            acks=read_acks(self.reader, body.get(ACK_KEY)),
        )

    def http(self, node: YNode | None) -> HttpBinding | None:
        r = self.reader
        body = r.mapping(node, "http")
        if body is None:
            return None
        if not r.keys(body, "http", HTTP_KEYS, required=("method", "path")):
            return None
        method_node = body.get("method")
        method = r.string(method_node, "method")
        if method is not None and method.upper() not in HTTP_METHODS:
            assert method_node is not None
            r.report(
                "S175",
                f"'{method}' is not an HTTP method",
                method_node,
                f"use one of {', '.join(HTTP_METHODS)}",
            )
            method = None
        path_node = body.get("path")
        path = r.string(path_node, "path")
        if path is not None and not path.startswith("/"):
            assert path_node is not None
            r.report(
                "S175", f"HTTP path '{path}' must start with '/'", path_node, f"write '/{path}'"
            )
            path = None
        if method is None or path is None:
            return None
        params = tuple(_PATH_PARAM.findall(path))
        expand = tuple(
            Expansion(name, "", "", item.span)
            for name, item in r.strings(body.get("expand"), "expand")
        )
        return HttpBinding(
            method=method.upper(),
            path=path,
            span=body.span,
            path_params=params,
            query_params=tuple(n for n, _ in r.strings(body.get("query"), "query")),
            body=method.upper() in ("POST", "PUT", "PATCH"),
            status=r.integer(body.get("status"), "status") or 200,
            expand=expand,
        )

    def uses(self, node: YNode | None, package: str) -> Uses:
        r = self.reader
        body = r.mapping(node, "uses")
        if body is None:
            return Uses()
        r.keys(body, "uses", ("calls", "sends", "publishes"))
        calls = [
            self.ref(Kind.OPERATION, item, package)
            for _, item in r.strings(body.get("calls"), "calls")
        ]
        sends = [
            self.ref(Kind.MESSAGE, item, package)
            for _, item in r.strings(body.get("sends"), "sends")
        ]
        publishes = [
            self.ref(Kind.MESSAGE, item, package)
            for _, item in r.strings(body.get("publishes"), "publishes")
        ]
        return Uses(
            calls=tuple(c for c in calls if c),
            sends=tuple(s for s in sends if s),
            publishes=tuple(p for p in publishes if p),
        )
