"""Work folders belong to the run: they live under the project's `.stele-cache/work/`, are gone
after the run, and one that vanishes mid-run is W008 (exit 2) naming it, never a protoc error
blamed on the generated Protobuf and never an internal error (exit 3)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from _console import stele

from stele.cli.init import init_project
from stele.diagnostics import SteleError
from stele.emit import protoc
from stele.workdir import run_folder, work_folder


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("STELE_NO_CACHE", raising=False)
    monkeypatch.delenv("STELE_DEBUG", raising=False)
    root = tmp_path / "p"
    init_project(root)
    monkeypatch.chdir(root)
    return root


def _removing(monkeypatch: pytest.MonkeyPatch, which: Callable[[Path], Path]) -> list[Path]:
    """protoc runs after `which(its work folder)` has been removed; returns what was removed."""
    real = protoc._call_capturing_stderr
    removed: list[Path] = []

    def remove_then_call(main: object, argv: list[str]) -> tuple[int, str]:
        work = Path(argv[1].removeprefix("-I")).parent
        target = which(work)
        shutil.rmtree(target)
        removed.append(target)
        return real(main, argv)

    monkeypatch.setattr(protoc, "_call_capturing_stderr", remove_then_call)
    return removed


def _work(root: Path) -> Path:
    return root / ".stele-cache" / "work"


def test_the_run_works_inside_the_project_and_cleans_up(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []
    real = protoc._call_capturing_stderr

    def spy(main: object, argv: list[str]) -> tuple[int, str]:
        seen.append(Path(argv[1].removeprefix("-I")))
        return real(main, argv)

    monkeypatch.setattr(protoc, "_call_capturing_stderr", spy)
    code, _, err = stele(capsys, "generate")
    assert (code, err) == (0, "")
    assert seen and all(p.is_relative_to(_work(project)) for p in seen)
    assert [p.name[:4] for p in seen[0].parents[:2]] == ["prot", "run-"]
    assert list(_work(project).iterdir()) == []


@pytest.mark.parametrize(
    "which", [lambda work: work, lambda work: work.parent], ids=["protoc folder", "run folder"]
)
def test_a_work_folder_removed_mid_run_is_w008(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    which: Callable[[Path], Path],
) -> None:
    removed = _removing(monkeypatch, which)
    code, out, err = stele(capsys, "generate")
    assert (code, out) == (2, "")
    assert len(removed) == 1
    shown = removed[0].relative_to(project).as_posix()
    assert err.splitlines()[0] == (
        f"{shown}:1:1: error W008 the work folder {shown} of this run was removed while the "
        "run used it"
    )
    assert "G001" not in err and "internal error" not in err
    assert not (project / "codegen").exists()  # nothing was written


def test_a_run_folder_removed_before_protoc_is_w008(project: Path) -> None:
    with run_folder(project) as run:
        shutil.rmtree(run.get())
        with pytest.raises(Exception) as raised, work_folder("protoc-"):
            pass
    assert [d.code for d in cast(SteleError, raised.value).diagnostics] == ["W008"]


def test_without_the_cache_the_run_folder_is_a_private_temporary_one(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    with run_folder(project) as run:
        folder = run.get()
        assert not folder.is_relative_to(project)
        assert folder.stat().st_mode & 0o077 == 0
        with work_folder("protoc-") as inner:
            assert inner.parent == folder
    assert not folder.exists()


def test_the_folders_of_killed_runs_are_removed_by_the_next_run(project: Path) -> None:
    import os
    import subprocess
    import sys

    from stele.workdir import _owner

    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead_pid = int(ended.stdout)
    host = _owner().rsplit("-", 1)[0]
    work = _work(project)
    work.mkdir(parents=True)
    killed = work / f"run-{host}-{dead_pid}-0badcafe"
    alive = work / f"run-{host}-{os.getpid()}-0badcafe"
    elsewhere = work / f"run-otherhost-{dead_pid}-0badcafe"
    for folder in (killed, alive, elsewhere):
        (folder / "protoc-x").mkdir(parents=True)
    with run_folder(project) as run:
        assert run.get().parent == work
        assert not killed.exists()
        assert alive.exists() and elsewhere.exists()


def test_a_run_that_runs_no_tool_creates_no_folder(project: Path) -> None:
    """The unvalidated build of a baseline (a release folder) must write nothing there."""
    from stele.generate import build_artifacts
    from stele.source.config_reader import load_config
    from stele.workspace import open_workspace

    ws = open_workspace(load_config(project / "stele.yaml"))
    assert build_artifacts(ws, ("protobuf", "jsonschema"), validate=False)
    assert not (project / ".stele-cache").exists()
