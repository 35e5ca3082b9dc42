"""The encoded sizes of a message as an inline SVG bar chart, with the same numbers as a table.

The numbers are `stele sizes`' (stele.sizes.measure): the largest sample per format.
"""

from __future__ import annotations

from stele.site.html import esc, table
from stele.sizes.model import SampleSize

BAR_HEIGHT = 20
GAP = 6
LABEL_WIDTH = 90
BAR_WIDTH = 300


def largest(samples: list[SampleSize], formats: tuple[str, ...]) -> dict[str, int]:
    return {f: max((s.bytes[f] for s in samples if f in s.bytes), default=0) for f in formats}


def size_chart(samples: list[SampleSize], formats: tuple[str, ...]) -> str:
    """A figure: the bar chart of the largest sample per format, and every sample as a table."""
    if not samples:
        return ""
    sizes = largest(samples, formats)
    top = max(sizes.values(), default=0) or 1
    height = len(formats) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 70
    bars = []
    for i, fmt in enumerate(formats):
        y = GAP + i * (BAR_HEIGHT + GAP)
        w = round(BAR_WIDTH * sizes[fmt] / top)
        bars.append(
            f'<g class="bar" data-format="{esc(fmt)}" data-bytes="{sizes[fmt]}">'
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">{esc(fmt)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{w}" height="{BAR_HEIGHT}" fill="#0b5cad">'
            f"<title>{esc(fmt)}: {sizes[fmt]} bytes</title></rect>"
            f'<text x="{LABEL_WIDTH + w + 6}" y="{y + 15}">{sizes[fmt]} B</text></g>'
        )
    summary = ", ".join(f"{f} {sizes[f]} bytes" for f in formats)
    svg = (
        f'<svg class="sizes" role="img" aria-labelledby="sizes-title" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="sans-serif" font-size="13">'
        f'<title id="sizes-title">Largest encoded size per format: {esc(summary)}</title>'
        + "".join(bars)
        + "</svg>"
    )
    rows = [
        [esc(s.sample) + (' <span class="muted">(generated)</span>' if s.generated else "")]
        + [f'<span class="num">{s.bytes.get(f, "")}</span>' for f in formats]
        for s in samples
    ]
    return (
        "<h2>Encoded sizes</h2><figure>"
        + svg
        + "<figcaption>Bytes of the largest sample per format, as <code>stele sizes</code> "
        "measures them.</figcaption></figure>"
        + table(("sample", *formats), rows, "Bytes per sample and format")
    )
