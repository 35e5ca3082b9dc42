"""The format docs name diagnostics that exist, and the one stele reports for each lossy corner."""

from __future__ import annotations

import re
from pathlib import Path

from stele.lint.checks import check_project
from stele.source.loader import load_project

ROOT = Path(__file__).parent.parent
FORMAT_DOCS = ("mapping", "protobuf", "avro", "json", "asyncapi", "conformance")
CODE = re.compile(r"`(S\d{3})`")


def _catalogue() -> set[str]:
    # The codes of docs/diagnostics.md's table rows, which is the catalogue users read.
    text = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `(S\d{3})` \|", text, re.MULTILINE))


def test_format_docs_name_only_catalogued_diagnostics() -> None:
    catalogue = _catalogue()
    assert "S144" in catalogue  # the table is read, not an empty set
    unknown = {
        f"docs/{doc}.md: {code}"
        for doc in FORMAT_DOCS
        for code in CODE.findall((ROOT / "docs" / f"{doc}.md").read_text(encoding="utf-8"))
        if code not in catalogue
    }
    assert unknown == set()


def test_the_nanosecond_corner_names_the_code_lint_reports(tmp_path: Path) -> None:
    source = tmp_path / "nanos.yaml"
    source.write_text(
        "package: demo.nanos\n"
        "types:\n"
        "  Order:\n"
        "    fields:\n"
        "      placed_at: timestamp\n"
        "    examples:\n"
        '      - {placed_at: "2026-11-25T12:30:00.123456789Z"}\n',
        encoding="utf-8",
    )
    codes = [d.code for d in check_project(load_project([source]))]
    assert codes == ["S144"]
    mapping = (ROOT / "docs" / "mapping.md").read_text(encoding="utf-8")
    row = next(line for line in mapping.splitlines() if "below microseconds" in line)
    assert CODE.findall(row) == codes
