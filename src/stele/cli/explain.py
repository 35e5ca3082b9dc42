"""`stele explain [CODE]`: the catalogue entry of a diagnostic code (docs/diagnostics.md).

Thin, as every command: click and the standard library here; the catalogue is loaded when the
command runs.
"""

from __future__ import annotations

import json
import sys

import click

from stele.diagnostic_codes import Code, catalogue, lookup, nearest
from stele.diagnostics import SteleError, error
from stele.span import Span


@click.command("explain")
@click.argument("code", required=False)
@click.option("--markdown", is_flag=True, help="Print the whole reference (docs/diagnostics.md).")
@click.option(
    "--output",
    "-o",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def explain_command(code: str | None, markdown: bool, output: str) -> None:
    """Explain a diagnostic code (S100, C006, D014, ...), or list them all.

    Compatibility rules (proto-field-removed, ...) are explained by `stele rules ID`.
    """
    click.echo(run_explain(code, markdown, output), nl=False)
    sys.exit(0)


def run_explain(code: str | None, markdown: bool, output: str) -> str:
    """The text `stele explain` prints; SteleError K031 (exit 2) for an unknown code."""
    if markdown:
        # start-up: imported when the command runs (stele.cli.lazy)
        from stele.diagnostic_codes.page import render

        return render()
    if code is None:
        return _listing(output)
    entry = _entry(code)
    if output == "json":
        return _json(_as_json(entry))
    return _text(entry)


def _entry(code: str) -> Code:
    entry = lookup(code)
    if entry is not None:
        return entry
    close = nearest(code)
    hint = f"did you mean {_one_of(close)}?" if close else ""
    hint += (" " if hint else "") + "`stele explain` lists every code"
    if "-" in code or code.islower():
        hint += "; `stele rules ID` explains a compatibility rule"
    unknown = error("K031", f"unknown diagnostic code '{code}'", Span("explain", 1, 1), hint)
    raise SteleError([unknown])


def _one_of(codes: list[str]) -> str:
    return codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])} or {codes[-1]}"


def _text(entry: Code) -> str:
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.diagnostic_codes.page import anchor

    family = entry.family
    lines = [f"{entry.code} {entry.severity.value}: {entry.title}"]
    if entry.retired:
        lines.append(_wrap("retired: ", entry.retired))
    lines += [f"family: {family.letter}, {family.name}", "", _wrap("", f"{entry.doc}.")]
    if entry.example or entry.fix:
        lines.append("")
    if entry.example:
        lines.append(_wrap("example: ", entry.example))
    if entry.fix:
        lines.append(_wrap("fix: ", entry.fix))
    lines += ["", f"docs/diagnostics.md#{anchor(family.heading)}"]
    return "\n".join(lines) + "\n"


def _wrap(label: str, text: str) -> str:
    """Text filled to 100 columns, the lines after the first indented under the label."""
    import textwrap

    return textwrap.fill(
        label + text, 100, subsequent_indent=" " * len(label), break_on_hyphens=False
    )


def _as_json(entry: Code) -> dict[str, object]:
    return {
        "code": entry.code,
        "family": entry.family.letter,
        "severity": entry.severity.value,
        "title": entry.title,
        "doc": entry.doc,
        "example": entry.example,
        "fix": entry.fix,
        "retired": entry.retired,
    }


def _listing(output: str) -> str:
    codes = catalogue().values()
    if output == "json":
        return _json({"codes": [_as_json(c) for c in codes]})
    width = max(len(c.severity.value) for c in codes)
    lines = [f"{c.code} {c.severity.value:<{width}} {c.title}" for c in codes]
    return "\n".join([*lines, f"{len(lines)} codes"]) + "\n"


def _json(doc: dict[str, object]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
