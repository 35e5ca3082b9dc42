"""An SVG bar chart of the largest sample of each message, one bar per format.

Written by hand so that it needs no plotting library and is byte-identical run after run.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from stele.sizes.model import SizeReport, worst_case

# One colour per format, fixed so that charts compare at a glance.
COLOURS = {
    "json": "#4e79a7",
    "protobuf": "#f28e2b",
    "avro": "#59a14f",
    "avro-registry": "#8cd17d",
    "msgpack": "#b07aa1",
    "cbor": "#e15759",
}
_BAR = 12
_GAP = 10
_LABEL_WIDTH = 300
_CHART_WIDTH = 460
_TOP = 50


def render_svg(report: SizeReport, title: str = "Encoded bytes per message") -> str:
    worst = worst_case(report.table())
    formats = report.formats
    largest = max((n for sizes in worst.values() for n in sizes.values()), default=1) or 1
    group = _BAR * len(formats) + _GAP
    height = _TOP + group * len(worst) + 20
    width = _LABEL_WIDTH + _CHART_WIDTH + 60
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<text x="10" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i, fmt in enumerate(formats):
        x = 10 + i * 110
        out.append(f'<rect x="{x}" y="28" width="10" height="10" fill="{COLOURS[fmt]}"/>')
        out.append(f'<text x="{x + 14}" y="37">{escape(fmt)}</text>')
    for g, (owner, sizes) in enumerate(worst.items()):
        top = _TOP + g * group
        label_y = top + _BAR * len(formats) / 2 + 4
        out.append(
            f'<text x="{_LABEL_WIDTH - 6}" y="{label_y:g}" text-anchor="end">{escape(owner)}</text>'
        )
        for i, fmt in enumerate(formats):
            n = sizes.get(fmt, 0)
            y = top + i * _BAR
            bar = round(n / largest * _CHART_WIDTH, 1)
            out.append(
                f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{bar:g}" height="{_BAR - 2}" '
                f'fill="{COLOURS[fmt]}"><title>{escape(owner)} {fmt}: {n} bytes</title></rect>'
            )
            out.append(f'<text x="{_LABEL_WIDTH + bar + 4:g}" y="{y + _BAR - 3}">{n}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
