"""docs/diagnostics.md, generated from the catalogue of diagnostic codes.

`stele explain --markdown > docs/diagnostics.md` writes it; tests/test_diagnostic_codes.py fails
while the committed page differs from what this module renders.
"""

from __future__ import annotations

from stele.diagnostic_codes import FAMILIES, Code, Family, catalogue

HEADER = """\
# Diagnostics

<!-- Generated from src/stele/diagnostic_codes by `stele explain --markdown > docs/diagnostics.md`;
edit the catalogue, not this page. -->

Every problem stele finds in its input is a diagnostic with a stable code, a position and,
usually, a hint:

```text
contracts/order.yaml:13:14: error S100 unknown type 'Mony'
    hint: did you mean 'Money'?
```

`stele explain CODE` prints the entry of one code (`stele explain S100`), `stele explain` lists
them all. `stele explain RULE` prints a compatibility rule of the finding a report names
(`stele explain contract-field-added`): its summary, its severity in each direction, its
equivalents in other tools and its documentation (the whole reference: `stele rules ID`,
docs/rules.md). A code keeps its meaning for good: a code that is no longer reported is marked retired
and its number is not given to anything else.

`stele lint` exits 0 when clean, 1 when a finding is at or above `--fail-on` (default `error`),
and 2 when the input cannot be read at all (no config, no contract files, a malformed lock file).
`stele generate` refuses to write anything while the contracts have errors (exit 2).

Infos that the newest release had too (same code and message, such as `S182`, the availability
bound of a synchronous chain) are folded in lint's text output into one line before the summary,
`4 infos (S182 x4) not shown; --verbose shows them`; the summary still counts them. An info that is
new since the last release is shown; without a release every info is folded. The release's infos
are read once (one more load of its contracts, 30 to 80 ms for the example project) and kept in
`.stele-cache/lint/`, keyed by the release's bytes and stele's code (2 ms after that;
`benchmarks/bench_release.py`; `STELE_NO_CACHE=1` reads the release every time). `--verbose`
(`-v`) and `--fail-on info` show them all, and the json, sarif, junit and github outputs always
carry every result; SARIF's rule help for a code is its entry here.

A file that does not load whole (it cannot be read, has a YAML syntax error or a duplicate key,
or a broken top level such as a misspelled `chanels:`) reports its own error first. The names it
would have declared are missing, so references to them are not reported while it is broken: a
name qualified into its package (or, when its package is unknown, into a package no file
declares), and any unresolved name inside it. They are reported again, if still wrong, once
the file loads.
"""

COLUMNS = "| code | severity | title | meaning | example | fix |\n|---|---|---|---|---|---|\n"


def render() -> str:
    """The whole page."""
    codes = catalogue()
    parts = [HEADER, _families_table(codes)]
    for family in FAMILIES.values():
        parts.append(_section(family, [c for c in codes.values() if c.code[0] == family.letter]))
    return "\n".join(parts)


def _families_table(codes: dict[str, Code]) -> str:
    rows = "".join(
        f"| `{f.letter}` | [{f.name}](#{anchor(f.heading)}) | "
        f"{sum(c.startswith(f.letter) for c in codes)} |\n"
        for f in FAMILIES.values()
    )
    return f"| family | about | codes |\n|---|---|---|\n{rows}"


def _section(family: Family, codes: list[Code]) -> str:
    text = f"## {family.heading}\n\n{family.intro}\n\n{COLUMNS}"
    text += "".join(_row(c) for c in codes)
    if family.outro:
        text += f"\n{family.outro}\n"
    return text


def _row(code: Code) -> str:
    meaning = f"retired: {code.retired}. {code.doc}" if code.retired else code.doc
    cells = [f"`{code.code}`", code.severity.value, code.title, meaning, code.example, code.fix]
    return "| " + " | ".join(_cell(c) for c in cells) + " |\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    kept = "".join(ch for ch in heading.lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
