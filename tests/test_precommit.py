"""The hooks in .pre-commit-hooks.yaml, installed by the real pre-commit into a scratch
repository: a clean contract commits, a broken one is refused with stele's message.

The hooks are used the way a project uses them (`repo:` pointing at a clone of this repository),
so pre-commit builds its own virtualenv and pip-installs stele with its dependencies from the
package index: slow (about a minute with a warm pip cache) but the real thing. The clone is of
HEAD: commit the hooks manifest before running this test. It skips only when pre-commit itself
cannot run or the package index cannot be reached.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stele.cli.init import init_project

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
HOOKS = ("stele-lint", "stele-generate-check", "stele-check")
_OFFLINE = (
    "Temporary failure in name resolution",
    "NewConnectionError",
    "No matching distribution found",
    "Network is unreachable",
)


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="stele tests",
        GIT_AUTHOR_EMAIL="tests@stele.invalid",
        GIT_COMMITTER_NAME="stele tests",
        GIT_COMMITTER_EMAIL="tests@stele.invalid",
        NO_COLOR="1",
    )
    env.pop("GITHUB_ACTIONS", None)
    return env


@pytest.fixture(scope="module")
def hooked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    if not PRE_COMMIT.exists() or shutil.which("git") is None:
        pytest.skip("pre-commit or git is not installed")
    if git(ROOT, "rev-parse", "HEAD").returncode != 0:
        pytest.skip("not a git checkout: nothing for pre-commit to clone")
    tmp = tmp_path_factory.mktemp("precommit")
    env = _env(tmp / "home")
    source = tmp / "stele"
    assert git(tmp, "clone", "-q", str(ROOT), str(source)).returncode == 0
    rev = git(source, "rev-parse", "HEAD").stdout.strip()
    project = tmp / "project"
    project.mkdir()
    assert git(project, "init", "-q").returncode == 0
    init_project(project)
    # The generated Python code depends on the code generators' versions, which the hook's own
    # virtualenv may not share with this one; the other formats are stele's own output.
    config = project / "stele.yaml"
    formats = "  formats: [protobuf, avro, jsonschema, openapi, asyncapi]\n"
    config.write_text(config.read_text().replace("options:\n", "options:\n" + formats))
    hooks = "".join(f"      - id: {h}\n" for h in HOOKS)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source.as_posix()}\n    rev: {rev}\n    hooks:\n{hooks}"
    )
    done = subprocess.run(
        [sys.executable, "-m", "stele", "generate"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    install = subprocess.run(
        [str(PRE_COMMIT), "install", "--install-hooks"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if install.returncode != 0 and any(s in install.stdout + install.stderr for s in _OFFLINE):
        pytest.skip("pre-commit cannot install the hooks: the package index is not reachable")
    assert install.returncode == 0, install.stdout + install.stderr
    return project, env


def commit(project: Path, env: dict[str, str], message: str) -> subprocess.CompletedProcess[str]:
    assert git(project, "add", "-A").returncode == 0
    return subprocess.run(
        ["git", "commit", "-q", "-m", message],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_clean_contract_commits_and_a_broken_one_is_refused(
    hooked: tuple[Path, dict[str, str]],
) -> None:
    project, env = hooked
    clean = commit(project, env, "a clean contract project")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    contract = project / "contracts" / "example.yaml"
    contract.write_text(contract.read_text().replace("      mood: Mood?\n", "      mood: Mod?\n"))
    broken = commit(project, env, "a broken contract")
    output = broken.stdout + broken.stderr
    assert broken.returncode == 1, output
    refusal = "contracts/example.yaml:12:13: error S100 unknown type 'Mod'\n    hint: did you mean 'Mood'?\n"
    lint_block = (
        f"stele lint{'.' * 63}Failed\n- hook id: stele-lint\n- exit code: 1\n\n"
        f"{refusal}1 error, 0 warnings, 0 infos in 1 file\n\n"
    )
    assert output.startswith(lint_block), output
    # The other hooks stop at the same input error (exit code 2).
    for hook in ("stele-generate-check", "stele-check"):
        assert f"- hook id: {hook}\n- exit code: 2\n\n{refusal}" in output
    # Nothing was committed: HEAD is still the clean commit.
    assert git(project, "log", "--format=%s").stdout == "a clean contract project\n"
