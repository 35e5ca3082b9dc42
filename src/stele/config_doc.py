"""docs/stele-yaml.md, generated from the key table the reader uses (stele.config_keys).

`python -m stele.config_doc > docs/stele-yaml.md` writes it; tests/test_config_keys.py checks
that the committed page is this text (STELE_UPDATE_GOLDEN=1 rewrites it).
"""

from __future__ import annotations

from stele.config_keys import Key, rows_of

INTRO = """\
# `stele.yaml` reference

<!-- Generated from src/stele/config_keys.py, the table stele's reader uses: do not edit.
     Regenerate: STELE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_config_keys.py -->

`stele.yaml` marks the root of a stele project. stele looks for it in the current folder and
the folders above (`--config PATH` names one); paths in it are relative to its folder. Every
key is optional: an empty file, or none at all beside a `contracts/` folder, means the defaults
below. `stele init` writes one with the common keys.

stele.yaml is read like a contract file: an unknown key is `S011` with the nearest known key as
hint (`chanels` -> `channels`), a value of the wrong shape `S010`, and each section has its own
code for values it does not allow (below); every error is located (`stele.yaml:LINE:COL`) and
exits 2. Sections marked *read by* are checked when the file is read but used only by the
commands named.
"""


def _default(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, tuple):
        return "`[" + ", ".join(str(v) for v in value) + "]`"
    if isinstance(value, dict):
        return "`{}`" if not value else f"`{value}`"
    return f"`{value}`"


def _value(row: Key) -> str:
    if row.choices and row.value == "one of the choices":
        return "one of " + ", ".join(f"`{c}`" for c in row.choices)
    if row.choices:
        return row.value + ": " + ", ".join(f"`{c}`" for c in row.choices)
    return row.value


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(rows: tuple[Key, ...]) -> list[str]:
    out = ["| key | value | default | what it does | bad value |", "|---|---|---|---|---|"]
    for row in rows:
        doc = row.doc
        if row.read_by:
            doc += f" Read by: {row.read_by}."
        out.append(
            f"| `{row.name}` | {_cell(_value(row))} | {_default(row.default)} | {_cell(doc)} "
            f"| {row.code or 'S010'} |"
        )
    return out


def example_yaml() -> str:
    """A stele.yaml that sets every key, from the rows' examples."""
    lines: list[str] = []
    for row in rows_of():
        children = [c for c in rows_of(row.name) if c.example]
        if children:
            lines.append(f"{row.name}:")
            lines += [f"  {c.example}" for c in children]
        elif row.example:
            lines.append(row.example)
    return "\n".join(lines) + "\n"


def render() -> str:
    parts = [INTRO, "## Every key at once", "", "```yaml", example_yaml().rstrip("\n"), "```", ""]
    parts += ["## Top level", "", *_table(rows_of()), ""]
    for section in (r for r in rows_of() if rows_of(r.name)):
        parts += [f"## `{section.name}:`", "", section.doc]
        if section.read_by:
            parts[-1] += f" Read by: {section.read_by}."
        parts += ["", *_table(rows_of(section.name)), ""]
        example = [r.example for r in rows_of(section.name) if r.example]
        parts += ["```yaml", f"{section.name}:", *(f"  {e}" for e in example), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    print(render(), end="")
