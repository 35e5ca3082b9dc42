"""Renderers of a size report: text, json, csv and markdown. Pure functions of their inputs."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

from stele.diagnostics import Diagnostic
from stele.sizes.model import SampleSize, SizeReport, SizeTable, worst_case

TIMING_NOTE = "local measurement: medians on this machine, not comparable across machines"


@dataclass(frozen=True)
class View:
    """Everything a renderer shows."""

    report: SizeReport
    messages: frozenset[str]  # owners that are messages (the rest are type examples)
    reference: SizeTable | None = None
    reference_label: str = ""
    findings: Sequence[Diagnostic] = ()

    def change(self, row: SampleSize, fmt: str) -> int | None:
        if self.reference is None:
            return None
        old = self.reference.get(row.owner, {}).get(row.sample, {}).get(fmt)
        return None if old is None else row.bytes[fmt] - old


def ratio(row: SampleSize, fmt: str) -> float | None:
    json_bytes = row.bytes.get("json")
    return round(row.bytes[fmt] / json_bytes, 2) if json_bytes else None


def _micros(ns: int) -> float:
    return round(ns / 1000, 2)


def _signed(n: int) -> str:
    return f"{n:+d}" if n else "="


# -- text and markdown ----------------------------------------------------------------------------


def _size_cell(view: View, row: SampleSize, fmt: str) -> str:
    cell = str(row.bytes[fmt])
    r = ratio(row, fmt)
    if fmt != "json" and r is not None:
        cell += f" ({r:.2f})"
    if view.reference is not None:
        delta = view.change(row, fmt)
        cell += " new" if delta is None else f" {_signed(delta)}"
    return cell


def _size_rows(view: View) -> list[list[str]]:
    formats = view.report.formats
    return [
        [row.owner, row.sample, *(_size_cell(view, row, fmt) for fmt in formats)]
        for row in view.report.samples
    ]


def _time_rows(view: View) -> list[list[str]]:
    formats = view.report.formats
    return [
        [
            row.owner,
            row.sample,
            *(
                f"{_micros(row.encode_ns[fmt]):g} / {_micros(row.decode_ns[fmt]):g}"
                for fmt in formats
            ),
        ]
        for row in view.report.samples
    ]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        text = [
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(text).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def render_text(view: View) -> str:
    formats = list(view.report.formats)
    title = "Encoded bytes per sample (ratio to JSON)"
    if view.reference is not None:
        title += f", change against {view.reference_label}"
    lines = [title, *_table(["message", "sample", *formats], _size_rows(view))]
    timing = view.report.timing
    if timing is not None:
        lines += [
            "",
            f"Encode / decode microseconds, median of {timing.runs} runs of {timing.loops} "
            f"({TIMING_NOTE})",
            *_table(["message", "sample", *formats], _time_rows(view)),
        ]
    if view.findings:
        lines += ["", *(d.render() for d in view.findings)]
    return "\n".join(lines) + "\n"


def render_markdown(view: View) -> str:
    formats = list(view.report.formats)

    def md(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    title = "Encoded bytes per sample (ratio to JSON)"
    if view.reference is not None:
        title += f", change against {view.reference_label}"
    header = ["message", "sample", *formats]
    lines = [f"**{title}**", "", md(header), "|" + "---|" * 2 + "---:|" * len(formats)]
    lines += [md(r) for r in _size_rows(view)]
    timing = view.report.timing
    if timing is not None:
        lines += [
            "",
            f"**Encode / decode µs, median of {timing.runs} runs** ({TIMING_NOTE})",
            "",
            md(header),
            "|" + "---|" * 2 + "---:|" * len(formats),
            *(md(r) for r in _time_rows(view)),
        ]
    if view.findings:
        lines += [
            "",
            *(f"- `{d.span.located()}` {d.severity} {d.code} {d.message}" for d in view.findings),
        ]
    return "\n".join(lines) + "\n"


# -- json and csv ---------------------------------------------------------------------------------


def _sample_json(view: View, row: SampleSize) -> dict[str, object]:
    formats = view.report.formats
    doc: dict[str, object] = {
        "name": row.sample,
        "generated": row.generated,
        "bytes": {fmt: row.bytes[fmt] for fmt in formats},
        "ratio_to_json": {fmt: ratio(row, fmt) for fmt in formats},
    }
    if view.reference is not None:
        doc["change_bytes"] = {fmt: view.change(row, fmt) for fmt in formats}
    if row.encode_ns:
        doc["encode_us"] = {fmt: _micros(row.encode_ns[fmt]) for fmt in formats}
        doc["decode_us"] = {fmt: _micros(row.decode_ns[fmt]) for fmt in formats}
    return doc


def render_json(view: View) -> str:
    return json.dumps(json_document(view), indent=2, ensure_ascii=False) + "\n"


def json_document(view: View) -> dict[str, object]:
    """The JSON form as data, for `stele sizes --check` to add the report's keys to."""
    worst = worst_case(view.report.table())
    before = worst_case(view.reference) if view.reference is not None else {}
    sections: dict[str, list[dict[str, object]]] = {"messages": [], "types": []}
    for owner, rows in view.report.owners().items():
        entry: dict[str, object] = {"name": owner, "largest_bytes": worst[owner]}
        if view.reference is not None:
            entry["largest_change_bytes"] = {
                fmt: (n - before[owner][fmt]) if fmt in before.get(owner, {}) else None
                for fmt, n in worst[owner].items()
            }
        entry["examples"] = [_sample_json(view, row) for row in rows]
        sections["messages" if owner in view.messages else "types"].append(entry)
    timing = view.report.timing
    doc: dict[str, object] = {
        "formats": list(view.report.formats),
        "reference": view.reference_label if view.reference is not None else None,
        "timing": (
            {
                "unit": "microseconds",
                "runs": timing.runs,
                "loops": timing.loops,
                "note": TIMING_NOTE,
            }
            if timing is not None
            else None
        ),
        "messages": sections["messages"],
    }
    if sections["types"]:
        doc["types"] = sections["types"]
    doc["findings"] = [d.to_json() for d in view.findings]
    return doc


CSV_COLUMNS = (
    *("owner", "sample", "generated", "format", "bytes", "ratio_to_json", "change_bytes"),
    *("encode_us", "decode_us"),
)


def render_csv(view: View) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in view.report.samples:
        for fmt in view.report.formats:
            change = view.change(row, fmt)
            timed = bool(row.encode_ns)
            writer.writerow(
                [
                    *(row.owner, row.sample, str(row.generated).lower(), fmt, row.bytes[fmt]),
                    *(ratio(row, fmt), "" if change is None else change),
                    _micros(row.encode_ns[fmt]) if timed else "",
                    _micros(row.decode_ns[fmt]) if timed else "",
                ]
            )
    return out.getvalue()


RENDERERS = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
    "markdown": render_markdown,
}
