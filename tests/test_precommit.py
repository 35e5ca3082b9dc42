"""The hooks in .pre-commit-hooks.yaml, run by the real pre-commit in a scratch repository: a
clean contract commits, a broken one is refused with stele's message.

stele is a wheel built here from a clone of HEAD (`python -m build --wheel --no-isolation`, with
the setuptools of this virtualenv: nothing fetched), so the test judges this commit and not a
release on the package index. The project's `.pre-commit-config.yaml` runs the hooks of the
clone's manifest, as written (entry, language, files), as local hooks that install that wheel
(`additional_dependencies`); pre-commit checks the manifest itself (`validate-manifest`).
pre-commit builds each hook's virtualenv with pip, which fetches stele's dependencies from the
package index, as it does for a project: slow (about a minute with a warm pip cache). The clone
is of HEAD: commit the hooks manifest before running this test. It skips, with its reason in
pytest's summary (`-rs`), when pre-commit, git or `build` is missing or the package index cannot
be reached.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from stele.cli.init import init_project

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
HOOKS = ("stele-lint", "stele-generate-check", "stele-check")
_OFFLINE = (
    "Temporary failure in name resolution",
    "NewConnectionError",
    "No matching distribution found",
    "Network is unreachable",
    "Could not find a version that satisfies the requirement",
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
    if importlib.util.find_spec("build") is None:
        pytest.skip("the build package is not installed: no wheel of stele to install")
    tmp = tmp_path_factory.mktemp("precommit")
    env = _env(tmp / "home")
    source = tmp / "stele"
    assert git(tmp, "clone", "-q", str(ROOT), str(source)).returncode == 0
    wheel = _wheel(source, tmp / "dist", env)
    manifest = subprocess.run(
        [str(PRE_COMMIT), "validate-manifest", ".pre-commit-hooks.yaml"],
        cwd=source, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    project = tmp / "project"
    project.mkdir()
    assert git(project, "init", "-q").returncode == 0
    init_project(project)
    # The generated Python code depends on the code generators' versions, which the hook's own
    # virtualenv may not share with this one; the other formats are stele's own output.
    config = project / "stele.yaml"
    formats = "  formats: [protobuf, avro, jsonschema, openapi, asyncapi]\n"
    config.write_text(config.read_text().replace("options:\n", "options:\n" + formats))
    (project / ".pre-commit-config.yaml").write_text(_local_config(source, wheel))
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
    said = install.stdout + install.stderr
    offline = next((s for s in _OFFLINE if s in said), None) if install.returncode else None
    if offline is not None:
        pytest.skip(
            f"pre-commit cannot install the hooks: the package index is not reachable ({offline})"
        )
    assert install.returncode == 0, install.stdout + install.stderr
    return project, env


def _wheel(source: Path, dist: Path, env: dict[str, str]) -> Path:
    """stele's wheel, built from the clone with this virtualenv's build backend."""
    done = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), "."],
        cwd=source, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    wheels = sorted(dist.glob("stele-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _local_config(source: Path, wheel: Path) -> str:
    """A `.pre-commit-config.yaml` running the manifest's hooks (HOOKS, as the clone defines
    them) as local hooks that install the wheel."""
    manifest = yaml.safe_load((source / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hooks = [
        {**hook, "additional_dependencies": [wheel.as_posix()]}
        for hook in manifest
        if hook["id"] in HOOKS
    ]
    assert [h["id"] for h in hooks] == list(HOOKS)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


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
