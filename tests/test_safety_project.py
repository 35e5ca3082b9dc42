"""The project's own files are hostile input too: its sources stay inside it (C008), links under
them do not lead out (S031), files named by options are written only inside it (W006), numeric
options are bounded, writing commands take the run lock, an output folder of the previous stele
is upgraded only when it holds nothing but artifacts, and a cache folder that leads out of the
project is not used (W007).

See the "Reads" and "Writes" sections of docs/security.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from stele.cli.main import main

SECRET = "SECRET_TOKEN: hunter2\n"
CONTRACT = "package: demo.a\ntypes:\n  R:\n    fields:\n      x: string\n"
# Two quick formats: what is checked here does not depend on what is generated.
CONFIG = "sources: [contracts]\noptions:\n  formats: [avro, jsonschema]\n"


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("STELE_DEBUG", raising=False)
    monkeypatch.delenv("STELE_NO_CACHE", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


def stele(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `stele ARGS`, run as the console script runs it."""
    old = sys.argv
    sys.argv = ["stele", *args]
    try:
        with pytest.raises(SystemExit) as done:
            main()
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


@pytest.fixture
def host(tmp_path: Path) -> Path:
    """A folder outside the project, holding what must never be read or written."""
    folder = tmp_path / "host"
    folder.mkdir()
    (folder / "secret.yaml").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path, host: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "p"
    (root / "contracts").mkdir(parents=True)
    (root / "stele.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "contracts" / "a.yaml").write_text(CONTRACT, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


# ---------------------------------------------------------------------------------------------
# 1. Sources stay inside the project; links under them do not lead out
# ---------------------------------------------------------------------------------------------


def test_sources_outside_the_project_are_refused_at_their_value(
    project: Path, host: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "shared").symlink_to(host)
    (project / "stele.yaml").write_text(
        f"sources: [contracts, {host}, ../host, shared]\n", encoding="utf-8"
    )
    code, out, err = stele(capsys, "lint")
    hint = (
        "    hint: list folders of the project, such as contracts; copy shared contracts into it\n"
    )
    second = 24 + len(str(host))
    assert (code, out) == (2, "")
    assert err == (
        f"stele.yaml:1:22: error C008 source '{host}' is an absolute path\n{hint}"
        f"stele.yaml:1:{second}: error C008 source '../host' leads outside the project\n{hint}"
        f"stele.yaml:1:{second + 9}: error C008 source 'shared' leads outside the project\n{hint}"
    )


LINK_ERRORS = (
    "contracts/hostdir:1:1: error S031 'contracts/hostdir' is a symbolic link that leads "
    "outside the project; it was not read\n"
    "    hint: store the contract file itself in the project, or list its folder in sources:\n"
    "contracts/leak.yaml:1:1: error S031 'contracts/leak.yaml' is a symbolic link that leads "
    "outside the project; it was not read\n"
    "    hint: store the contract file itself in the project, or list its folder in sources:\n"
)


@pytest.mark.parametrize(
    "command", [["lint"], ["generate"], ["check"], ["sizes", "--no-timing"], ["test"]]
)
def test_links_out_of_the_project_are_not_read_by_any_command(
    project: Path, host: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    (project / "contracts" / "leak.yaml").symlink_to(host / "secret.yaml")
    (project / "contracts" / "hostdir").symlink_to(host)
    code, out, err = stele(capsys, *command)
    assert (code, out) == (2, "")
    assert err == LINK_ERRORS
    assert "hunter2" not in err and str(host) not in err
    assert not (project / "codegen").exists()


def test_a_source_folder_that_is_a_link_out_is_refused_without_stele_yaml(
    project: Path, host: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "stele.yaml").unlink()
    os.rename(project / "contracts", project / "old")
    (project / "contracts").symlink_to(host)
    code, out, err = stele(capsys, "lint")
    assert (code, out) == (2, "")
    assert err == (
        "contracts:1:1: error S031 'contracts' is a symbolic link that leads outside the "
        "project; it was not read\n"
        "    hint: store the contract file itself in the project, or list its folder in sources:\n"
    )


def test_links_inside_the_project_are_followed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "shared").mkdir()
    (project / "shared" / "b.yaml").write_text(
        CONTRACT.replace("demo.a", "demo.b"), encoding="utf-8"
    )
    (project / "contracts" / "b.yaml").symlink_to(project / "shared" / "b.yaml")
    (project / "contracts" / "more").symlink_to(project / "shared")
    code, out, err = stele(capsys, "lint")
    assert (code, out, err) == (0, "0 errors, 0 warnings, 0 infos in 2 files\n", "")
