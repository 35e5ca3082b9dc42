"""The differ of what carries the types: messages and their headers, channels, services,
operations and their gRPC and HTTP bindings."""

from __future__ import annotations

from stele.compat.contract.changes import deprecated_text, header_type_text
from stele.compat.contract.pairing import Pairing, union_keys
from stele.ir import HttpBinding, Message, Operation, Style, type_text


class ServiceDiff(Pairing):
    """The changes of messages, channels, services and operations."""

    def messages(self) -> None:
        for name in union_keys(self.old.messages, self.new.messages):
            a, b = self.old.messages.get(name), self.new.messages.get(name)
            if b is None and a is not None:
                self.emit(name, "message-removed", a.kind.value, None, a.span, None)
            elif a is None and b is not None:
                self.emit(name, "message-added", None, b.kind.value, None, b.span)
            elif a is not None and b is not None:
                self.message(a, b)

    def message(self, old: Message, new: Message) -> None:
        spans = (old.span, new.span)
        if old.kind != new.kind:
            self.emit(new.name, "message-kind-changed", old.kind.value, new.kind.value, *spans)
        if self.norm(old.body) != new.body:
            self.emit(new.name, "message-body-changed", old.body.name, new.body.name, *spans)
        if old.deprecated != new.deprecated:
            self.emit(
                new.name,
                "message-deprecated-changed",
                deprecated_text(old.deprecated),
                deprecated_text(new.deprecated),
                *spans,
            )
        before = {h.name: h for h in old.headers}
        after = {h.name: h for h in new.headers}
        extra: dict[str, object] = {"message": new.name}
        for name in union_keys(before, after):
            a, b = before.get(name), after.get(name)
            element = f"{new.name}.headers.{name}"
            if b is None and a is not None:
                self.emit(
                    element, "header-removed", header_type_text(a), None, a.span, None, **extra
                )
            elif a is None and b is not None:
                self.emit(element, "header-added", None, header_type_text(b), None, b.span, **extra)
            elif a is not None and b is not None:
                if a.type != b.type:
                    self.emit(
                        element,
                        "header-type-changed",
                        type_text(a.type),
                        type_text(b.type),
                        a.span,
                        b.span,
                        **extra,
                    )
                if a.required != b.required:
                    self.emit(
                        element,
                        "header-required-changed",
                        header_type_text(a),
                        header_type_text(b),
                        a.span,
                        b.span,
                        **extra,
                    )

    # --- channels ----------------------------------------------------------------------------

    def channels(self) -> None:
        for name in union_keys(self.old.channels, self.new.channels):
            a, b = self.old.channels.get(name), self.new.channels.get(name)
            if b is None and a is not None:
                self.emit(name, "channel-removed", a.address, None, a.span, None)
            elif a is None and b is not None:
                self.emit(name, "channel-added", None, b.address, None, b.span)
            elif a is not None and b is not None:
                spans = (a.span, b.span)
                if a.address != b.address:
                    self.emit(name, "channel-address-changed", a.address, b.address, *spans)
                if a.style != b.style:
                    self.emit(name, "channel-style-changed", a.style.value, b.style.value, *spans)
                if a.owner != b.owner:
                    self.emit(name, "channel-owner-changed", a.owner, b.owner, *spans)
                for m in a.messages:
                    if m not in b.messages:
                        self.emit(name, "channel-message-removed", m, None, *spans, message=m)
                for m in b.messages:
                    if m not in a.messages:
                        self.emit(name, "channel-message-added", None, m, *spans, message=m)

    # --- services and operations -----------------------------------------------------------

    def services(self) -> None:
        for name in union_keys(self.old.services, self.new.services):
            a, b = self.old.services.get(name), self.new.services.get(name)
            if b is None and a is not None:
                self.emit(name, "service-removed", name, None, a.span, None)
            elif a is None and b is not None:
                self.emit(name, "service-added", None, name, None, b.span)
        before = {op.qualified_name: op for op in self.old.operations()}
        after = {op.qualified_name: op for op in self.new.operations()}
        for name in union_keys(before, after):
            was, now = before.get(name), after.get(name)
            if now is None and was is not None:
                self.emit(name, "operation-removed", was.style.value, None, was.span, None)
            elif was is None and now is not None:
                self.emit(name, "operation-added", None, now.style.value, None, now.span)
            elif was is not None and now is not None:
                self.operation(was, now)

    def operation(self, old: Operation, new: Operation) -> None:
        name, spans = new.qualified_name, (old.span, new.span)
        for attribute, kind in _OPERATION_ATTRIBUTES:
            was, now = getattr(old, attribute), getattr(new, attribute)
            if attribute in ("request", "response"):
                was = self.norm_name(was)
            if was != now:
                self.emit(name, kind, _text(was), _text(now), *spans)
        if old.deprecated != new.deprecated:
            self.emit(
                name,
                "operation-deprecated-changed",
                deprecated_text(old.deprecated),
                deprecated_text(new.deprecated),
                *spans,
            )
        for part in ("calls", "sends", "publishes"):
            was_uses, now_uses = getattr(old.uses, part), getattr(new.uses, part)
            for target in was_uses:
                if target not in now_uses:
                    self.emit(name, "operation-uses-removed", f"{part} {target}", None, *spans)
            for target in now_uses:
                if target not in was_uses:
                    self.emit(name, "operation-uses-added", None, f"{part} {target}", *spans)
        self.http(name, old, new)

    def http(self, name: str, old_op: Operation, new_op: Operation) -> None:
        if old_op.style is new_op.style is Style.REQUEST_RESPONSE and old_op.grpc != new_op.grpc:
            kind = "grpc-binding-added" if new_op.grpc else "grpc-binding-removed"
            before, after = (f"grpc: {str(op.grpc).lower()}" for op in (old_op, new_op))
            self.emit(name, kind, before, after, old_op.span, new_op.span)
        old, new = old_op.http, new_op.http
        if old is None and new is None:
            return
        if old is None and new is not None:
            self.emit(name, "http-binding-added", None, _binding(new), None, new.span)
            return
        if new is None and old is not None:
            self.emit(name, "http-binding-removed", _binding(old), None, old.span, None)
            return
        assert old is not None and new is not None
        spans = (old.span, new.span)
        if old.method != new.method:
            self.emit(name, "http-method-changed", old.method, new.method, *spans)
        if old.path != new.path:
            self.emit(name, "http-path-changed", old.path, new.path, *spans)
        if old.status != new.status:
            self.emit(name, "http-status-changed", str(old.status), str(new.status), *spans)
        was = _parameters(old)
        now = _parameters(new)
        for param in union_keys(was, now):
            a, b = was.get(param), now.get(param)
            if a == b:
                continue
            if a is None:
                self.emit(
                    name, "http-parameter-added", None, f"{b} {param}", *spans, parameter=param
                )
            elif b is None:
                self.emit(
                    name, "http-parameter-removed", f"{a} {param}", None, *spans, parameter=param
                )
            else:
                self.emit(
                    name,
                    "http-parameter-moved",
                    f"{a} {param}",
                    f"{b} {param}",
                    *spans,
                    parameter=param,
                )
        old_expand = [e.name for e in old.expand]
        new_expand = [e.name for e in new.expand]
        for e in old_expand:
            if e not in new_expand:
                self.emit(name, "http-expand-removed", e, None, *spans)
        for e in new_expand:
            if e not in old_expand:
                self.emit(name, "http-expand-added", None, e, *spans)


# Operation attributes compared as values: (attribute, change kind).
_OPERATION_ATTRIBUTES = (
    ("style", "operation-style-changed"),
    ("role", "operation-role-changed"),
    ("request", "operation-request-changed"),
    ("response", "operation-response-changed"),
    ("errors", "operation-errors-changed"),
    ("message", "operation-message-changed"),
    ("channel", "operation-channel-changed"),
    ("reply", "operation-reply-changed"),
    ("reply_channel", "operation-reply-channel-changed"),
    ("window_ms", "operation-window-changed"),
)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value.value) if hasattr(value, "value") else str(value)


def _binding(b: HttpBinding) -> str:
    return f"{b.method.upper()} {b.path}"


def _parameters(b: HttpBinding) -> dict[str, str]:
    """Request fields bound to the URL: name -> `path` or `query`."""
    out = {p: "path" for p in b.path_params}
    out.update({q: "query" for q in b.query_params if q not in out})
    return out
