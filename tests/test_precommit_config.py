"""stele's own .pre-commit-config.yaml runs offline, and the hooks stele ships install plain stele.

pre-commit fetches a hook repository from its git host; CI and the developers' machines reach
package indexes only, so every hook of stele's own configuration is local and runs a tool of
the project's virtualenv (or is a pygrep pattern, which needs no tool).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _load(name: str) -> object:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_every_hook_of_stele_itself_is_local_and_runs_a_tool_of_the_venv() -> None:
    config = _load(".pre-commit-config.yaml")
    assert isinstance(config, dict)
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert [h["id"] for h in hooks] == [
        "ruff-check",
        "ruff-format",
        "mypy",
        "trailing-whitespace",
        "stele-lint",
        "stele-generate-check",
    ]
    for hook in hooks:
        if hook["language"] == "pygrep":
            re.compile(hook["entry"])
            continue
        assert hook["language"] == "system"
        tool = hook["entry"].split()[0]
        assert tool.startswith(".venv/bin/")
        assert (BIN / tool.removeprefix(".venv/bin/")).exists(), tool


def test_the_shipped_hooks_install_plain_stele() -> None:
    hooks = _load(".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    assert [h["id"] for h in hooks] == ["stele-lint", "stele-generate-check", "stele-check"]
    for hook in hooks:
        assert hook["language"] == "python"
        assert "additional_dependencies" not in hook
        assert hook["entry"].startswith("stele ")
