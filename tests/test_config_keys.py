"""The stele.yaml key table: the reader, the defaults and docs/stele-yaml.md all come from it.

STELE_UPDATE_GOLDEN=1 rewrites docs/stele-yaml.md from the table.
"""

from __future__ import annotations

import os
import re
from importlib.resources import files
from pathlib import Path

import pytest

from stele.cli.init import init_project
from stele.config import Config, ContentModel, Options
from stele.config_doc import example_yaml, render
from stele.config_keys import KEYS, keys_of, rows_of
from stele.diagnostics import SteleError
from stele.sizes.budgets import parse_budgets
from stele.source.config_reader import load_config
from stele.source.loader import load_project

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "stele-yaml.md"
UPDATE = os.environ.get("STELE_UPDATE_GOLDEN") == "1"


def test_the_committed_reference_page_is_the_generated_one() -> None:
    text = render()
    if UPDATE:
        PAGE.write_text(text, encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == text, (
        "docs/stele-yaml.md is stale: STELE_UPDATE_GOLDEN=1 .venv/bin/pytest "
        "tests/test_config_keys.py"
    )


def test_the_page_names_every_key_of_the_table() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for row in KEYS:
        assert f"| `{row.name}` |" in text, row.path


def test_the_defaults_of_the_loader_are_the_table_defaults(tmp_path: Path) -> None:
    (tmp_path / "stele.yaml").write_text("{}\n", encoding="utf-8")
    config = load_config(tmp_path / "stele.yaml")
    assert config.sources == Config(root=tmp_path).sources == rows_of()[0].default
    values = {
        "output": config.output,
        "baseline": config.baseline,
        "lock": config.lock,
        "options.json_content_model": config.options.json_content_model.value,
        "options.int64_as_string": config.options.int64_as_string,
        "options.schema_base_uri": config.options.schema_base_uri,
        "options.formats": config.options.formats,
    }
    for path, value in values.items():
        assert next(k.default for k in KEYS if k.path == path) == value, path
    assert Options() == config.options
    assert tuple(m.value for m in ContentModel) == next(
        k.choices for k in KEYS if k.path == "options.json_content_model"
    )


@pytest.mark.parametrize("section", ["", "options", "compat"])
def test_an_unknown_key_is_refused_with_the_keys_of_the_table(tmp_path: Path, section: str) -> None:
    body = "chanels: {}\n" if section == "" else f"{section}:\n  bogus_key: 1\n"
    (tmp_path / "stele.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(SteleError) as raised:
        load_config(tmp_path / "stele.yaml")
    (problem,) = raised.value.diagnostics
    assert problem.span.line == (1 if section == "" else 2)
    if section == "":
        assert problem.code == "S011"
        assert "'chanels'" in problem.message
    else:
        for name in keys_of(section):
            assert name in problem.hint


def test_the_example_of_the_page_is_a_valid_stele_yaml(tmp_path: Path) -> None:
    """Every row's example, together, is read without an error by the reader and by the
    commands that own the raw sections (budgets)."""
    init_project(tmp_path)
    (tmp_path / "stele.yaml").write_text(example_yaml(), encoding="utf-8")
    config = load_config(tmp_path / "stele.yaml")
    assert set(config.extra) == {"compat", "policies", "rules", "budgets"}
    assert config.options.formats == ("protobuf", "avro", "jsonschema", "openapi")
    project = load_project([config.root / s for s in config.sources], config.root)
    budgets = parse_budgets(config.extra["budgets"], project, config.span)
    assert budgets.limits("example.greeting.GreetingSent").bytes_for("protobuf") == 300


def test_the_init_template_links_only_to_docs_that_exist() -> None:
    template = files("stele").joinpath("templates").joinpath("stele.yaml").read_text("utf-8")
    linked = re.findall(r"docs/[\w./-]+\.md", template)
    assert "docs/stele-yaml.md" in linked
    for link in linked:
        assert (ROOT / link).is_file(), link


SECTIONS = [
    row.name
    for row in rows_of()
    if rows_of(row.name) and not any(c.chosen_by_user for c in rows_of(row.name))
]


def _read_all(root: Path) -> None:
    """What stele reads of stele.yaml: the reader, then the sections read by their commands."""
    config = load_config(root / "stele.yaml")
    project = load_project([config.root / s for s in config.sources], config.root)
    parse_budgets(config.extra.get("budgets"), project, config.span)


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_refuses_a_key_the_table_lacks(tmp_path: Path, section: str) -> None:
    """The table and the readers agree: the page's example (every key of the table) is read
    (above), and a key the table does not list is refused in each section."""
    init_project(tmp_path)
    text = example_yaml().replace(f"\n{section}:\n", f"\n{section}:\n  no_such_key: 1\n")
    assert "no_such_key" in text
    (tmp_path / "stele.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(SteleError) as raised:
        _read_all(tmp_path)
    assert any("no_such_key" in d.message for d in raised.value.diagnostics)
