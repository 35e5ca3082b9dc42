"""The CLI registers some commands lazily: imported when run or listed, not at start-up."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from stele.cli.main import cli

LAZY = ("stele.cli.broker", "stele.cli.cache", "stele.cli.docs_cmd", "stele.cli.import_cmd")


def test_start_up_imports_no_lazy_command() -> None:
    code = (
        "import sys\nfrom stele.cli.main import cli\n"
        f"print(sorted(m for m in {LAZY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_help_lists_every_command() -> None:
    shown = CliRunner().invoke(cli, ["--help"]).output
    commands = shown.split("Commands:", 1)[1].split()
    for name in ("cache", "check", "diff", "docs", "generate", "import", "lint", "test"):
        assert name in commands
    sub = CliRunner().invoke(cli, ["test", "--help"]).output.split("Commands:", 1)[1].split()
    assert {"broker", "http", "messages"} <= set(sub)


def test_a_lazy_command_runs() -> None:
    result = CliRunner().invoke(cli, ["test", "broker", "--help"])
    assert result.exit_code == 0
    assert "Usage: cli test broker" in result.output or "broker [OPTIONS]" in result.output
    assert CliRunner().invoke(cli, ["cache", "--help"]).exit_code == 0
    assert CliRunner().invoke(cli, ["nonsense"]).exit_code == 2
