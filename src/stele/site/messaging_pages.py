"""The pages of messages and channels."""

from __future__ import annotations

from stele.ir import ENVELOPE_HEADERS, Channel, Message, Operation, Role
from stele.site.chart import size_chart
from stele.site.context import Context
from stele.site.html import code_block, deprecated_note, doc_block, esc, link, page, table
from stele.site.types_page import referrers_html

ROOT = "../"


def message_page(ctx: Context, m: Message) -> bytes:
    parts = [
        f'<p><span class="tag">{esc(m.kind.value)}</span> in package '
        f"{link(ROOT, 'packages', m.package)}; body {ctx.type_html(m.body, ROOT)}</p>",
        deprecated_note(m.deprecated),
        doc_block(m.doc),
        _headers(ctx, m),
    ]
    if m.examples:
        parts.append("<h2>Examples</h2>")
        for i, ex in enumerate(m.examples, 1):
            headers = f"<p>Headers</p>{code_block(dict(ex.headers))}" if ex.headers else ""
            parts.append(
                f"<figure><figcaption>{esc(ex.name or f'example {i}')}</figcaption>"
                f"{headers}{code_block(ex.body)}</figure>"
            )
    if ctx.sizes is not None:
        samples = ctx.sizes.owners().get(m.name, [])
        parts.append(size_chart(samples, ctx.sizes.formats))
    parts.append(_flows(ctx, m))
    parts.append(referrers_html(ctx, m.name))
    parts.append(ctx.artifact_links(ctx.artifacts_of(m.name, m.package, in_proto=False), ROOT))
    return page(m.name, "\n".join(p for p in parts if p), ROOT, ctx.title)


def _headers(ctx: Context, m: Message) -> str:
    rows = [
        [
            f"<code>{esc(n)}</code>",
            f"<code>{esc(t)}</code>",
            "required" if r else "optional",
            esc(d) + ' <span class="muted">(envelope)</span>',
        ]
        for n, t, r, d in ENVELOPE_HEADERS
    ]
    rows += [
        [
            f"<code>{esc(h.name)}</code>",
            ctx.type_html(h.type, ROOT),
            "required" if h.required else "optional",
            doc_block(h.doc),
        ]
        for h in m.headers
    ]
    return "<h2>Headers</h2>" + table(("header", "type", "presence", "notes"), rows)


def senders_receivers(ctx: Context, message: str) -> tuple[list[Operation], list[Operation]]:
    """The operations that send `message` and those that receive it. A reply is sent by the
    operation that answers the request and received by the operations that send the request."""
    ops = ctx.project.operations()
    send: dict[str, Operation] = {}
    receive: dict[str, Operation] = {}
    for op in ops:
        if message in (*op.uses.sends, *op.uses.publishes):
            send[op.qualified_name] = op
        if op.message == message:
            (send if op.role is Role.SEND else receive)[op.qualified_name] = op
        if op.reply == message:
            if op.role is Role.SEND:
                receive[op.qualified_name] = op
                continue
            send[op.qualified_name] = op
            for other in ops:
                if op.message is not None and op.message in other.uses.sends:
                    receive[other.qualified_name] = other
    return list(send.values()), list(receive.values())


def _flows(ctx: Context, m: Message) -> str:
    send, receive = senders_receivers(ctx, m.name)
    channels = [c for c in ctx.project.channels.values() if m.name in c.messages]
    rows = [["sends", _op_link(op), esc(op.style.value)] for op in send] + [
        ["receives", _op_link(op), esc(op.style.value)] for op in receive
    ]
    chan = ", ".join(link(ROOT, "channels", c.name) for c in channels)
    travel = f"<p>Travels on: {chan}</p>" if chan else ""
    return (
        "<h2>Who sends and receives it</h2>" + travel + table(("role", "operation", "style"), rows)
    )


def _op_link(op: Operation) -> str:
    return link(ROOT, "services", op.service, op.qualified_name)


def channel_page(ctx: Context, c: Channel) -> bytes:
    parts = [
        f'<p><span class="tag">{esc(c.style.value)}</span> in package '
        f"{link(ROOT, 'packages', c.package)}, owned by {link(ROOT, 'services', c.owner)}</p>",
        f"<p>Address: <code>{esc(c.address)}</code></p>",
        doc_block(c.doc),
        "<h2>Messages</h2><ul>"
        + "".join(f"<li>{link(ROOT, 'messages', n)}</li>" for n in c.messages)
        + "</ul>",
    ]
    rows = []
    for op in ctx.project.operations():
        if c.name in (op.channel, op.reply_channel):
            side = "reply" if c.name == op.reply_channel and c.name != op.channel else op.role.value
            rows.append([_op_link(op), esc(op.style.value), esc(side)])
    parts.append(
        "<h2>Operations that use it</h2>" + table(("operation", "interaction style", "role"), rows)
    )
    senders: set[str] = set()
    receivers: set[str] = set()
    for name in c.messages:
        send, receive = senders_receivers(ctx, name)
        senders |= {op.service for op in send}
        receivers |= {op.service for op in receive}
    who = [
        ["sends", ", ".join(link(ROOT, "services", s) for s in sorted(senders))],
        ["receives", ", ".join(link(ROOT, "services", s) for s in sorted(receivers))],
    ]
    parts.append("<h2>Who sends, who receives</h2>" + table(("", "services"), who))
    parts.append(_bindings(c))
    return page(c.name, "\n".join(p for p in parts if p), ROOT, ctx.title)


def _bindings(c: Channel) -> str:
    rows = []
    a, k = c.bindings.amqp, c.bindings.kafka
    if a is not None:
        rows.append(
            [
                "AMQP",
                esc(
                    f"exchange {a.exchange} ({a.exchange_type.value})"
                    + (f", routing key {a.routing_key}" if a.routing_key else "")
                    + (f", queue {a.queue}" if a.queue else "")
                ),
            ]
        )
    if k is not None:
        rows.append(
            [
                "Kafka",
                esc(
                    f"topic {k.topic}"
                    + (f", {k.partitions} partitions" if k.partitions else "")
                    + (f", key {k.key}" if k.key else "")
                ),
            ]
        )
    return ("<h2>Bindings</h2>" + table(("broker", "binding"), rows)) if rows else ""
