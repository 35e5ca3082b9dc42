"""`stele --help` and `stele diff --help` name every exit code and what each means."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from stele.cli.main import cli


@pytest.mark.parametrize("args", [["--help"], ["diff", "--help"]])
def test_help_names_every_exit_code(args: list[str]) -> None:
    out = CliRunner().invoke(cli, args).output
    lines = [line.strip() for line in out.splitlines()]
    assert "Exit codes (every command; docs/ci.md):" in lines
    for code, meaning in (
        ("0", "clean"),
        ("1", "findings at or above --fail-on"),
        ("2", "input that cannot be used"),
        ("3", "a defect of stele"),
    ):
        assert any(line.startswith(f"{code}  {meaning}") for line in lines), (code, out)
