"""`stele explain [CODE|RULE]`: the catalogue entry of a diagnostic code (docs/diagnostics.md),
or of a compatibility rule (docs/rules.md: `explain_rule`).

Thin, as every command: click and the standard library here; the catalogue is loaded when the
command runs.
"""

from __future__ import annotations

import json
import sys

import click

from stele.diagnostic_codes import Code, catalogue, lookup, nearest
from stele.diagnostics import Diagnostic, SteleError, did_you_mean, error
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
    """Explain a diagnostic code (S100, C006, D014, ...) or a compatibility rule
    (contract-field-added, proto-field-removed, ...), or list the codes.

    A rule's whole reference text is `stele rules ID`; `stele rules` lists the rules.
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
    entry = lookup(code)
    if entry is None:
        # start-up: imported when the command runs (stele.cli.lazy); a code loads no rule
        from stele.cli import explain_rule

        rule = code.strip()
        if rule not in explain_rule.rule_ids():
            raise SteleError([_unknown(code, explain_rule.rule_ids())])
        if output == "json":
            return _json(explain_rule.rule_json(rule))
        return explain_rule.rule_text(rule)
    if output == "json":
        return _json(_as_json(entry))
    return _text(entry)


def _unknown(code: str, rule_ids: list[str]) -> Diagnostic:
    """K031 for a name that is neither a code nor a rule, with the nearest codes, or the
    nearest rule id for a name written like one (lower case, with hyphens)."""
    at = Span("explain", 1, 1)
    if "-" in code or code.islower():
        close_rule = did_you_mean(code.strip(), rule_ids)
        hint = (close_rule + " " if close_rule else "") + "`stele rules` lists every rule"
        return error("K031", f"unknown compatibility rule '{code}'", at, hint)
    close = nearest(code)
    hint = f"did you mean {_one_of(close)}?" if close else ""
    hint += (" " if hint else "") + "`stele explain` lists every code"
    return error("K031", f"unknown diagnostic code '{code}'", at, hint)


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
