"""The architecture page: services, their synchronous calls and their message flows through
channels, drawn as SVG at build time, with the same facts as tables (the text alternative).

The chains' availability is lint's (stele.lint.dependencies, the S182 figure); a call on a cycle
(S181) is drawn and listed in the warning colour, and the longest chains are marked.
"""

from __future__ import annotations

import itertools

from stele.ir import Project
from stele.lint.dependencies import availability, call_depths, sync_closure
from stele.site.context import Context
from stele.site.html import esc, href, link, page, table
from stele.site.messaging_pages import senders_receivers

ROW = 44
BOX_H = 30
ARC_SPACE = 160
SERVICE_X = ARC_SPACE
BOX_W = 220
CHANNEL_X = SERVICE_X + BOX_W + 240
TOP = 40
NONE_DECLARED = '<span class="muted">none in the contracts</span>'


def short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def short_op(name: str) -> str:
    """`Service.Operation` of a qualified operation name."""
    return ".".join(name.rsplit(".", 2)[-2:])


def sync_edges(project: Project) -> dict[tuple[str, str], list[str]]:
    """(caller service, callee service) -> the calling operations, in declaration order."""
    edges: dict[tuple[str, str], list[str]] = {}
    for op in project.operations():
        for callee in op.uses.calls:
            key = (op.service, callee.rsplit(".", 1)[0])
            edges.setdefault(key, []).append(f"{op.name} → {short_op(callee)}")
    return edges


def cyclic_edges(project: Project) -> set[tuple[str, str]]:
    """Service pairs joined by a call that lies on a cycle of synchronous calls."""
    out: set[tuple[str, str]] = set()
    for op in project.operations():
        if not op.uses.calls:
            continue
        _, cycle = sync_closure(project, op)
        if cycle:
            services = [c.rsplit(".", 1)[0] for c in cycle]
            out |= set(itertools.pairwise(services))
    return out


def longest_chain_edges(project: Project) -> set[tuple[str, str]]:
    """Service pairs joined by a call on one of the longest chains of synchronous calls (of
    operations outside cycles; lint's call depths)."""
    depths = call_depths(project)
    longest = max(depths.values(), default=0)
    by_name = {o.qualified_name: o for o in project.operations()}
    out: set[tuple[str, str]] = set()
    pending = [name for name, d in depths.items() if d == longest and longest > 0]
    while pending:
        op = by_name[pending.pop()]
        below = depths[op.qualified_name] - 1
        for callee in op.uses.calls:
            if depths.get(callee) == below:
                out.add((op.service, by_name[callee].service))
                pending.append(callee)
    return out


def flows(ctx: Context) -> dict[str, tuple[list[str], list[str]]]:
    """channel -> (services sending on it, services receiving from it)."""
    out = {}
    for c in ctx.project.channels.values():
        send: set[str] = set()
        receive: set[str] = set()
        for name in c.messages:
            s, r = senders_receivers(ctx, name)
            send |= {op.service for op in s}
            receive |= {op.service for op in r}
        out[c.name] = (sorted(send), sorted(receive))
    return out


def diagram(ctx: Context) -> str:
    project = ctx.project
    services = list(project.services)
    channels = list(project.channels)
    ys = {s: TOP + i * ROW for i, s in enumerate(services)}
    cy = {c: TOP + i * ROW for i, c in enumerate(channels)}
    height = TOP + max(len(services), len(channels), 1) * ROW + 20
    width = CHANNEL_X + BOX_W + 20
    cyc = cyclic_edges(project)
    longest = longest_chain_edges(project)
    parts = [
        # The arrowhead's size is in the drawing's units: with the default (strokeWidth) the
        # thick lines of the longest chains got heads four times as large as the others.
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" '
        'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" '
        'fill="context-stroke"/></marker></defs>',
        f'<text x="{SERVICE_X}" y="20" font-weight="bold">Services</text>',
        f'<text x="{CHANNEL_X}" y="20" font-weight="bold">Channels</text>',
    ]
    mid = BOX_H // 2
    for (a, b), ops in sync_edges(project).items():
        if a == b or a not in ys or b not in ys:
            continue
        y1, y2 = ys[a] + mid, ys[b] + mid
        bulge = SERVICE_X - min(ARC_SPACE - 10, 30 + abs(y2 - y1) // 3)
        colour = "#a34500" if (a, b) in cyc else "#333"
        dash = ' stroke-dasharray="6 3"' if (a, b) in cyc else ""
        on_longest = (a, b) in longest
        note = " (on a longest chain)" if on_longest else ""
        classes = "call" + (" cycle" if (a, b) in cyc else "") + (" longest" if on_longest else "")
        parts.append(
            f'<path class="{classes}" d="M{SERVICE_X},{y1} '
            f'C{bulge},{y1} {bulge},{y2} {SERVICE_X},{y2}" fill="none" stroke="{colour}" '
            f'stroke-width="{4 if on_longest else 2}"{dash} marker-end="url(#arrow)">'
            f"<title>{esc(short(a))} calls {esc(short(b))}{note}: {esc(', '.join(ops))}</title>"
            "</path>"
        )
    for c, (send, receive) in flows(ctx).items():
        for s in send:
            parts.append(_flow(ys[s] + mid, cy[c] + mid, "#0b5cad", f"{short(s)} sends on {c}"))
        for s in receive:
            parts.append(
                _flow(cy[c] + mid, ys[s] + mid, "#2e7d32", f"{short(s)} receives from {c}", True)
            )
    for s, y in ys.items():
        parts.append(_box(ctx, SERVICE_X, y, "services", s, short(s), "#e8f0fb"))
    for c, y in cy.items():
        parts.append(_box(ctx, CHANNEL_X, y, "channels", c, project.channels[c].address, "#eef7ee"))
    return (
        f'<svg role="img" aria-labelledby="arch-title arch-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="sans-serif" font-size="13">'
        '<title id="arch-title">Architecture: services and channels</title>'
        '<desc id="arch-desc">Curves on the left are synchronous calls between services (dashed '
        "and orange on a cycle, thick on a longest chain); blue lines are messages sent to a channel, green lines "
        "messages received from one. The tables below hold the same facts.</desc>"
        + "".join(parts)
        + "</svg>"
    )


def _flow(y_service_or_channel: int, y_to: int, colour: str, title: str, back: bool = False) -> str:
    x1, x2 = (SERVICE_X + BOX_W, CHANNEL_X) if not back else (CHANNEL_X, SERVICE_X + BOX_W)
    y1, y2 = y_service_or_channel, y_to
    offset = 4 if back else -4
    return (
        f'<line x1="{x1}" y1="{y1 + offset}" x2="{x2}" y2="{y2 + offset}" stroke="{colour}" '
        f'stroke-width="1.5" marker-end="url(#arrow)"><title>{esc(title)}</title></line>'
    )


def _box(ctx: Context, x: int, y: int, section: str, name: str, label: str, fill: str) -> str:
    text = label if len(label) <= 30 else label[:29] + "…"
    return (
        f'<a href="{esc(href(section, name))}"><rect x="{x}" y="{y}" width="{BOX_W}" '
        f'height="{BOX_H}" rx="4" fill="{fill}" stroke="#333"/><text x="{x + 8}" '
        f'y="{y + 20}">{esc(text)}<title>{esc(name)}</title></text></a>'
    )


def architecture_page(ctx: Context) -> bytes:
    project = ctx.project
    cyc = cyclic_edges(project)
    long_edges = longest_chain_edges(project)
    calls = [
        [
            link("", "services", a),
            link("", "services", b),
            esc(", ".join(ops)),
            '<span class="cycle">on a cycle</span>'
            if (a, b) in cyc
            else "<strong>on a longest chain</strong>"
            if (a, b) in long_edges
            else "",
        ]
        for (a, b), ops in sync_edges(project).items()
    ]
    flow_rows = [
        [
            link("", "channels", c),
            ", ".join(link("", "services", s) for s in send) or NONE_DECLARED,
            ", ".join(link("", "services", s) for s in receive) or NONE_DECLARED,
        ]
        for c, (send, receive) in flows(ctx).items()
    ]
    depths = call_depths(project)
    longest = max(depths.values(), default=0)
    chains = []
    for op in project.operations():
        if not op.uses.calls:
            continue
        _, cycle = sync_closure(project, op)
        value, services = availability(project, op)
        d = depths.get(op.qualified_name)
        mark = ""
        if cycle:
            mark = '<span class="cycle">cycle: ' + esc(" → ".join(map(short_op, cycle))) + "</span>"
        elif d == longest and longest > 0:
            mark = "<strong>longest chain</strong>"
        chains.append(
            [
                link("", "services", op.service, op.qualified_name),
                "" if d is None else str(d),
                esc(", ".join(map(short, services))),
                f"{value * 100:.2f}%",
                mark,
            ]
        )
    body = (
        "<p>Drawn from the services' <code>uses</code> and the channels' messages. Every box "
        "links to its page.</p>"
        f"<figure>{diagram(ctx)}<figcaption>Services, synchronous calls and message flows."
        "</figcaption></figure>"
        "<h2>Synchronous chains</h2>"
        "<p>The availability of an operation is at most the product of the availability of "
        "every service it needs up (lint's S182; services without a declared availability count "
        "as 99.9%).</p>"
        + (
            table(
                ("operation", "chain depth", "services up at once", "availability at most", ""),
                chains,
            )
            or '<p class="muted">No operation calls another synchronously.</p>'
        )
        + "<h2>Synchronous calls</h2>"
        + (table(("caller", "callee", "operations", ""), calls) or '<p class="muted">None.</p>')
        + "<h2>Message flows</h2>"
        + (table(("channel", "sent by", "received by"), flow_rows) or '<p class="muted">None.</p>')
    )
    return page("Architecture", body, "", ctx.title, "architecture.html")
