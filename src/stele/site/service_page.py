"""The page of a service: its operations by interaction style, HTTP bindings, gRPC methods,
replies and their channels, what each operation needs up (temporal coupling) and calls."""

from __future__ import annotations

from stele.ir import Operation, Service, Style
from stele.lint.dependencies import availability, sync_closure
from stele.site.context import Context
from stele.site.html import deprecated_note, doc_block, esc, link, page, table

ROOT = "../"


def service_page(ctx: Context, s: Service) -> bytes:
    parts = [
        f"<p>In package {link(ROOT, 'packages', s.package)}"
        + (f"; declared availability {s.availability * 100:.2f}%" if s.availability else "")
        + "</p>",
        doc_block(s.doc),
        _contents(s),
    ]
    for style in Style:
        ops = [op for op in s.operations if op.style is style]
        if ops:
            parts.append(f'<h2 id="style-{style.value}">{esc(style.value)}</h2>')
            parts.extend(_operation(ctx, op) for op in ops)
    parts.append(_coupling(ctx, s))
    parts.append(ctx.artifact_links(ctx.artifacts_of(s.name, s.package, service=True), ROOT))
    return page(s.name, "\n".join(p for p in parts if p), ROOT, ctx.title)


def _contents(s: Service) -> str:
    items = "".join(
        f'<li><a href="#op-{esc(op.name)}">{esc(op.name)}</a> '
        f'<span class="muted">{esc(op.style.value)}</span></li>'
        for op in s.operations
    )
    return f'<nav aria-label="Operations"><h2>Operations</h2><ul>{items}</ul></nav>'


def _ref(ctx: Context, section: str, name: str | None) -> str:
    if name is None:
        return ""
    known = name in getattr(ctx.project, section)
    return link(ROOT, section, name) if known else f"<code>{esc(name)}</code>"


def _operation(ctx: Context, op: Operation) -> str:
    rows: list[list[str]] = []
    if op.style is Style.REQUEST_RESPONSE:
        rows.append(["request", _ref(ctx, "types", op.request)])
        rows.append(["response", _ref(ctx, "types", op.response)])
        if op.errors:
            rows.append(["errors", esc(", ".join(str(e) for e in op.errors))])
        if op.http is not None:
            h = op.http
            text = f"<code>{esc(h.method)} {esc(h.path)}</code> → {h.status}"
            if h.query_params:
                text += f"; query {esc(', '.join(h.query_params))}"
            if h.body:
                text += "; JSON body"
            rows.append(["HTTP", text])
            for e in h.expand:
                rows.append(
                    [
                        "expand",
                        f"<code>?expand={esc(e.name)}</code> embeds the "
                        f"{link(ROOT, 'types', e.target)} of <code>{esc(e.field)}</code>",
                    ]
                )
        if op.grpc:
            service = op.service
            rows.append(["gRPC", f"<code>/{esc(service)}/{esc(op.name)}</code>"])
    else:
        rows.append(["role", esc(op.role.value)])
        rows.append(["message", _ref(ctx, "messages", op.message)])
        rows.append(["channel", _ref(ctx, "channels", op.channel)])
        if op.reply is not None:
            rows.append(["reply", _ref(ctx, "messages", op.reply)])
            rows.append(["reply channel", _ref(ctx, "channels", op.reply_channel)])
        if op.window_ms is not None:
            rows.append(["reply window", f"{op.window_ms} ms"])
    for label, names, section in (
        ("calls", op.uses.calls, "services"),
        ("sends", op.uses.sends, "messages"),
        ("publishes", op.uses.publishes, "messages"),
    ):
        if names:
            if section == "services":
                shown = ", ".join(link(ROOT, "services", n.rsplit(".", 1)[0], n) for n in names)
            else:
                shown = ", ".join(_ref(ctx, "messages", n) for n in names)
            rows.append([label, shown])
    body = "".join(f'<tr><th scope="row">{k}</th><td>{v}</td></tr>' for k, v in rows)
    return (
        f'<section id="op-{esc(op.name)}"><h3>{esc(op.name)}</h3>'
        + deprecated_note(op.deprecated)
        + doc_block(op.doc)
        + f'<div class="scroll"><table><tbody>{body}</tbody></table></div></section>'
    )


def _coupling(ctx: Context, s: Service) -> str:
    """Per operation: the services that must be up while it runs, and how many calls it makes."""
    rows = []
    for op in s.operations:
        callees, cycle = sync_closure(ctx.project, op)
        value, services = availability(ctx.project, op)
        needs = ", ".join(link(ROOT, "services", n, n.rsplit(".", 1)[-1]) for n in services)
        rows.append(
            [
                esc(op.name),
                needs,
                f"{value * 100:.2f}%",
                str(len(op.uses.calls)),
                str(len(callees)),
                '<span class="cycle">' + esc(" → ".join(cycle)) + "</span>" if cycle else "",
            ]
        )
    head = (
        "operation",
        "must be up",
        "availability at most",
        "direct calls",
        "operations reached",
        "cycle",
    )
    return "<h2>Temporal coupling and chattiness</h2>" + table(head, rows)
