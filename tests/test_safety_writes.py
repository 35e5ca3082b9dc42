"""stele never loses data when it writes: where it writes, what it refuses, and how the generated
tree and the lock stay one transaction through failed writes, killed runs and concurrent runs.

See the "Writes" section of docs/security.md.
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TypeAlias

import pytest
from _console import stele
from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from stele.cli.main import main
from stele.lock import LockFile, TypeLock, dump_lock, read_lock

# The paths the os.replace stand-ins below are given: stele passes str or Path.
StrPath: TypeAlias = str | os.PathLike[str]

CONTRACT = "package: demo.a\ntypes:\n  R:\n    fields:\n      x: string\n"
CONFIG = "sources: [contracts]\noutput: codegen\nlock: compat/stele.lock\n"
# Two quick formats: the safety of writing does not depend on what is written.
OPTIONS = "options:\n  formats: [avro, jsonschema]\n"
VICTIM = {"keep.txt": b"precious\n", "deep/more.txt": b"also precious\n"}


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("STELE_DEBUG", raising=False)
    monkeypatch.setenv("STELE_NO_CACHE", "1")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file and link below `root` (links by their target), the run folder left out."""
    found: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".stele", ".stele-cache")]
        for name in [*files, *(d for d in dirs if Path(folder, d).is_symlink())]:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            found[rel] = (
                b"-> " + os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            )
    return found


def leftovers(root: Path) -> list[str]:
    """Staging folders, backups and side files of runs, anywhere in the project."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if (p.name.startswith(".") and (".new" in p.name or ".old" in p.name))
        or p.name.startswith("journal.json")
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "p"
    (root / "contracts").mkdir(parents=True)
    (root / "stele.yaml").write_text(CONFIG + OPTIONS, encoding="utf-8")
    (root / "contracts" / "a.yaml").write_text(CONTRACT, encoding="utf-8")
    victim = tmp_path / "victim"
    for rel, data in VICTIM.items():
        (victim / rel).parent.mkdir(parents=True, exist_ok=True)
        (victim / rel).write_bytes(data)
    monkeypatch.chdir(root)
    return root


def set_config(root: Path, **paths: str) -> None:
    lines = ["sources: [contracts]"] + [f"{key}: {value}" for key, value in paths.items()]
    (root / "stele.yaml").write_text("\n".join(lines) + "\n" + OPTIONS, encoding="utf-8")


def add_field(root: Path, name: str) -> None:
    path = root / "contracts" / "a.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"      {name}: int32\n", "utf-8")


# ---------------------------------------------------------------------------------------------
# Where stele writes: output, lock and baseline stay inside the project (C006)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "problem", "hint"),
    [
        ("output", ".git", "is inside .git", "generate into a folder of its own, such as codegen"),
        ("output", "build/.GIT/x", "is inside .git", "generate into a folder of its own, such as codegen"),
        ("output", "../victim", "leads outside the project", "generate into a folder of its own, such as codegen"),
        ("output", "/tmp/stele-out", "is an absolute path", "generate into a folder of its own, such as codegen"),
        ("output", "gen/../../victim", "leads outside the project", "generate into a folder of its own, such as codegen"),
        ("lock", "../victim/stele.lock", "leads outside the project", "keep the lock inside the project, such as compat/stele.lock"),
        ("lock", ".git/stele.lock", "is inside .git", "keep the lock inside the project, such as compat/stele.lock"),
        ("lock", "/etc/stele.lock", "is an absolute path", "keep the lock inside the project, such as compat/stele.lock"),
        ("baseline", "../victim", "leads outside the project", "keep the baseline inside the project, such as compat"),
        ("baseline", ".git", "is inside .git", "keep the baseline inside the project, such as compat"),
    ],
)  # fmt: skip
def test_a_path_stele_writes_must_stay_inside_the_project(
    project: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, problem: str, hint: str
) -> None:
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    set_config(project, **{key: value})
    before = snapshot(project.parent)
    code, out, err = stele(capsys, "generate")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"stele.yaml:2:{len(key) + 3}: error C006 {key} '{value}' {problem}",
        f"    hint: {hint}",
    ]
    assert snapshot(project.parent) == before


@pytest.mark.parametrize("key", ["output", "lock", "baseline"])
def test_a_link_that_leads_out_of_the_project_counts_as_outside(
    project: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    (project / "out").symlink_to(project.parent / "victim", target_is_directory=True)
    value = {"output": "out", "lock": "out/stele.lock", "baseline": "out/compat"}[key]
    set_config(project, **{key: value})
    before = snapshot(project.parent)
    code, _, err = stele(capsys, "generate")
    assert code == 2
    assert err.splitlines()[0] == (
        f"stele.yaml:2:{len(key) + 3}: error C006 {key} '{value}' leads outside the project"
    )
    assert snapshot(project.parent) == before


def test_an_output_folder_that_is_a_link_inside_the_project_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Decision: `codegen` as a link is refused, not written through (docs/security.md)."""
    (project / "real").mkdir()
    (project / "codegen").symlink_to(project / "real", target_is_directory=True)
    before = snapshot(project.parent)
    code, _, err = stele(capsys, "generate")
    assert code == 2
    assert err.splitlines() == [
        "stele.yaml:2:9: error C006 output 'codegen' is a symbolic link",
        "    hint: generate into a folder of its own, such as codegen",
    ]
    assert snapshot(project.parent) == before


# ---------------------------------------------------------------------------------------------
# generate replaces only a folder it wrote (W001)
# ---------------------------------------------------------------------------------------------


def test_generate_refuses_a_folder_it_did_not_write(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "codegen").mkdir()
    (project / "codegen" / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = snapshot(project.parent)
    code, out, err = stele(capsys, "generate")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "stele.yaml:2:9: error W001 codegen holds files stele did not write "
        "(it has no .stele-generated)",
        "    hint: stele replaces only a folder it wrote (one holding .stele-generated): if every "
        "file in it was generated, delete the folder and run again; otherwise point `output` at "
        "a new folder",
    ]
    assert snapshot(project.parent) == before
    assert leftovers(project) == []


def test_a_partial_generate_refuses_a_folder_it_did_not_write_too(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "codegen").mkdir()
    (project / "codegen" / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, _, err = stele(capsys, "generate", "--format", "avro")
    assert code == 2
    assert err.splitlines()[0].startswith("stele.yaml:2:9: error W001 codegen holds files")


def test_generate_writes_its_marker_and_replaces_an_empty_or_marked_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "codegen").mkdir()
    assert stele(capsys, "generate")[0] == 0
    marker = (project / "codegen" / ".stele-generated").read_text(encoding="utf-8")
    assert marker.startswith("# Generated by stele from stele.yaml. Do not edit")
    (project / "codegen" / "stale.txt").write_text("left by hand\n", encoding="utf-8")
    assert stele(capsys, "generate")[0] == 0
    assert not (project / "codegen" / "stale.txt").exists()


def test_the_marker_is_an_artifact_that_generate_check_asks_for(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stele(capsys, "generate")[0] == 0
    assert stele(capsys, "generate", "--check")[0] == 0
    (project / "codegen" / ".stele-generated").unlink()
    code, out, _ = stele(capsys, "generate", "--check", "--output", "json")
    assert code == 1
    results = json.loads(out)["results"]
    assert [(r["rule"], r["message"]) for r in results] == [
        ("artifact-missing", "codegen/.stele-generated is not generated yet")
    ]


def test_a_release_never_replaces_what_is_in_its_place(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stele(capsys, "generate")[0] == 0
    releases = project / "compat" / "releases"
    releases.mkdir(parents=True)
    (releases / "1.0.0").write_text("a file where the release goes\n", encoding="utf-8")
    before = snapshot(project)
    code, out, err = stele(capsys, "release", "1.0.0")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "stele.yaml:1:1: error W001 compat/releases/1.0.0 already exists",
        "    hint: releases are immutable: choose a new version",
    ]
    assert snapshot(project) == before


# ---------------------------------------------------------------------------------------------
# The lock reads back what it wrote, whatever the names
# ---------------------------------------------------------------------------------------------

KEYWORDS = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"]
IDENT = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True)
CASED_KEYWORDS = st.sampled_from(KEYWORDS).flatmap(
    lambda word: st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda upper: "".join(c.upper() if u else c for c, u in zip(word, upper, strict=True))
    )
)
# Names that look like numbers where the grammar allows them: after a letter or an underscore.
NUMERIC = st.sampled_from(["_1", "_0x1F", "e1", "E10", "inf", "nan", "_1e3", "NaN", "Infinity"])
NAME = st.one_of(IDENT, CASED_KEYWORDS.filter(lambda n: n != "~"), NUMERIC)
QUALIFIED = st.lists(NAME, min_size=1, max_size=3).map(".".join)


@settings(max_examples=examples(200), deadline=None)
@given(
    types=st.dictionaries(
        QUALIFIED,
        st.tuples(
            st.sampled_from(["record", "enum", "union"]),
            st.dictionaries(st.one_of(NAME, CASED_KEYWORDS), st.integers(1, 10_000), max_size=6),
            st.sets(st.one_of(NAME, CASED_KEYWORDS), max_size=4),
            st.sets(st.integers(1, 10_000), max_size=3),
        ),
        max_size=5,
    )
)
def test_every_name_round_trips_through_the_lock_file(
    tmp_path_factory: pytest.TempPathFactory,
    types: dict[str, tuple[str, dict[str, int], set[str], set[int]]],
) -> None:
    lock = LockFile(
        {
            name: TypeLock(kind, numbers, reserved_numbers, reserved_names)
            for name, (kind, numbers, reserved_names, reserved_numbers) in types.items()
        }
    )
    path = tmp_path_factory.mktemp("lock") / "stele.lock"
    path.write_text(dump_lock(lock), encoding="utf-8")
    assert read_lock(path) == lock


def test_the_lock_quotes_exactly_the_names_yaml_would_read_as_something_else() -> None:
    lock = LockFile({"demo.a.R": TypeLock("enum", {"TRUE": 1, "null": 2, "NO": 3, "x": 4}, {9})})
    lock.types["demo.a.R"].reserved_names = {"Off", "true"}
    assert dump_lock(lock).splitlines()[4:] == [
        "types:",
        "  demo.a.R:",
        "    symbols:",
        '      "TRUE": 1',
        '      "null": 2',
        "      NO: 3",
        "      x: 4",
        "    reserved_numbers: [9]",
        '    reserved_names: [Off, "true"]',
    ]


def test_fields_named_like_yaml_keywords_keep_every_later_command_working(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "contracts" / "a.yaml").write_text(
        "package: demo.a\ntypes:\n  R:\n    fields:\n"
        "      'true': string\n      'null': string\n      'on': string\n"
        "  Switch:\n    enum: [ON, 'TRUE', 'NULL']\n",
        encoding="utf-8",
    )
    assert stele(capsys, "generate")[0] == 0
    lock = read_lock(project / "compat" / "stele.lock")
    assert lock.types["demo.a.R"].numbers == {"true": 1, "null": 2, "on": 3}
    assert lock.types["demo.a.Switch"].numbers == {"ON": 1, "TRUE": 2, "NULL": 3}
    assert stele(capsys, "lock", "--check")[:2] == (0, "compat/stele.lock is up to date\n")
    assert stele(capsys, "generate", "--check")[0] == 0


# ---------------------------------------------------------------------------------------------
# A full disk or a read-only folder: W003, exit 2, nothing half-written
# ---------------------------------------------------------------------------------------------


def _fail_writes(monkeypatch: pytest.MonkeyPatch, number: int, err: int) -> None:
    """The `number`-th file written below a folder raises OSError(err)."""
    real = Path.write_bytes
    count = 0

    def write_bytes(self: Path, data: bytes) -> int:
        nonlocal count
        count += 1
        if count == number:
            raise OSError(err, os.strerror(err))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)


def _fail_replace(monkeypatch: pytest.MonkeyPatch, err: int, when: str = "") -> None:
    """os.replace raises OSError(err) (for sources whose name contains `when`)."""
    real = os.replace

    def replace(src: StrPath, dst: StrPath) -> None:
        if when in os.fspath(src):
            raise OSError(err, os.strerror(err))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


def test_a_full_disk_while_generating_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stele(capsys, "generate")[0] == 0
    add_field(project, "y")  # the lock changes too
    before = snapshot(project)
    _fail_writes(monkeypatch, 2, errno.ENOSPC)
    code, out, err = stele(capsys, "generate")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "codegen:1:1: error W003 cannot write codegen: No space left on device; "
        "nothing was changed",
        "    hint: free some disk space and run again",
    ]
    assert snapshot(project) == before
    assert leftovers(project) == []


@pytest.mark.parametrize(
    ("err", "text"), [(errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system")]
)
def test_a_read_only_project_while_committing_changes_nothing(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    err: int,
    text: str,
) -> None:
    assert stele(capsys, "generate")[0] == 0
    add_field(project, "y")
    before = snapshot(project)
    _fail_replace(monkeypatch, err)  # the first rename is the journal's: the commit point
    code, out, stderr = stele(capsys, "generate")
    assert (code, out) == (2, "")
    assert stderr.splitlines() == [
        f".stele/journal.json:1:1: error W003 cannot write .stele/journal.json: {text}; "
        "nothing was changed",
        "    hint: make the project folder writable, then run again",
    ]
    assert snapshot(project) == before
    assert leftovers(project) == []


def test_a_read_only_project_folder_is_w003_before_anything_is_read(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(Path, "mkdir", mkdir)
    code, out, err = stele(capsys, "lock")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        ".stele:1:1: error W003 cannot write .stele: Read-only file system; nothing was written",
        "    hint: make the project folder writable, then run again",
    ]
    assert not (project / "compat").exists()


def test_a_full_disk_while_writing_the_lock_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stele(capsys, "lock")[0] == 0
    add_field(project, "y")
    before = snapshot(project)
    real = os.write

    def write(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", write)
    code, out, err = stele(capsys, "lock")
    monkeypatch.setattr(os, "write", real)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "compat/stele.lock:1:1: error W003 cannot write compat/stele.lock: "
        "No space left on device; nothing was changed",
        "    hint: free some disk space and run again",
    ]
    assert snapshot(project) == before
    assert leftovers(project) == []


def test_a_full_disk_while_releasing_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stele(capsys, "generate")[0] == 0
    before = snapshot(project)
    _fail_writes(monkeypatch, 2, errno.ENOSPC)
    code, out, err = stele(capsys, "release", "1.0.0")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "compat/releases/1.0.0:1:1: error W003 cannot write compat/releases/1.0.0: "
        "No space left on device; nothing was changed",
        "    hint: free some disk space and run again",
    ]
    assert snapshot(project) == before
    assert leftovers(project) == []
    monkeypatch.undo()
    monkeypatch.chdir(project)
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    code, out, _ = stele(capsys, "release", "1.0.0")
    # stele.yaml, the contract, the lock and the size baseline the release measured
    assert (code, out.splitlines()[0]) == (0, "released 1.0.0: 4 files in compat/releases/1.0.0/")


# ---------------------------------------------------------------------------------------------
# The old tree cannot be removed: a warning, and the next run removes it
# ---------------------------------------------------------------------------------------------


def test_an_old_tree_that_cannot_be_removed_is_a_warning_not_a_failure(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stele(capsys, "generate")[0] == 0
    add_field(project, "y")

    def rmtree(path: object, *args: object, **kwargs: object) -> None:
        # As the real one: a removal that ignores errors (the run's own work folder) never raises.
        if not kwargs.get("ignore_errors"):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(shutil, "rmtree", rmtree)
    code, out, err = stele(capsys, "generate")
    assert code == 0
    assert out.splitlines() == ["updated compat/stele.lock", "wrote 4 artifacts to codegen/"]
    (backup,) = leftovers(project)
    assert backup.startswith(".codegen.old-")
    assert err.splitlines() == [
        f"{backup}:1:1: warning W004 could not remove {backup}: Permission denied",
        "    hint: remove it by hand; the next stele run tries again",
    ]
    monkeypatch.undo()
    monkeypatch.chdir(project)
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    assert stele(capsys, "generate")[:3] == (0, "wrote 4 artifacts to codegen/\n", "")
    assert leftovers(project) == []
    assert stele(capsys, "generate", "--check")[0] == 0


# ---------------------------------------------------------------------------------------------
# The run lock (W002)
# ---------------------------------------------------------------------------------------------


def test_a_second_run_waits_then_names_the_holder(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    (project / ".stele").mkdir()
    holder = {"pid": 4242, "command": "stele generate", "since": "2026-01-31T12:00:00Z"}
    lock = project / ".stele" / "run.lock"
    lock.write_text(json.dumps(holder), encoding="utf-8")
    monkeypatch.setenv("STELE_LOCK_WAIT", "0.2")
    with lock.open("r") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code, out, err = stele(capsys, "generate")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        ".stele/run.lock:1:1: error W002 another stele run is writing this project: "
        "pid 4242 (stele generate) since 2026-01-31T12:00:00Z",
        "    hint: wait for it to end and run again (or raise STELE_LOCK_WAIT, in seconds)",
    ]
    assert not (project / "codegen").exists()
    # Released, the lock is taken at once.
    assert stele(capsys, "generate")[0] == 0


# ---------------------------------------------------------------------------------------------
# A killed run is completed by the next one (W005), and its leftovers removed
# ---------------------------------------------------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: nothing after it runs in the killed process."""


def _kill_at_rename(monkeypatch: pytest.MonkeyPatch, name_part: str) -> None:
    real = os.replace

    def replace(src: StrPath, dst: StrPath) -> None:
        if name_part in Path(os.fspath(src)).name:
            raise Killed
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize(
    ("moment", "codegen_after_kill"),
    [
        ("codegen", True),  # after the journal, before the first rename
        (".codegen.new-", False),  # between the two renames: no codegen/ at all
        (".stele.lock.new-", True),  # the new tree is in, the lock is still the old one
    ],
)
def test_a_run_killed_after_the_commit_point_is_completed_by_the_next(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    moment: str,
    codegen_after_kill: bool,
) -> None:
    assert stele(capsys, "generate")[0] == 0
    add_field(project, "y")
    _kill_at_rename(monkeypatch, moment)
    with pytest.raises(Killed):
        main_args(["generate"])
    monkeypatch.undo()
    monkeypatch.chdir(project)
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    capsys.readouterr()
    assert (project / "codegen").exists() == codegen_after_kill
    assert (project / ".stele" / "journal.json").exists()
    # The next writing run completes the change first.
    code, out, err = stele(capsys, "lock")
    assert (code, out) == (0, "compat/stele.lock is up to date\n")
    assert err.splitlines()[0].startswith(
        ".stele/journal.json:1:1: warning W005 completed the change of an interrupted run "
        "(stele generate, pid "
    )
    assert stele(capsys, "generate", "--check")[0] == 0
    assert leftovers(project) == []


def test_the_journal_names_paths_as_stele_yaml_may_spell_them(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    set_config(project, output="./codegen/", lock="./compat/stele.lock")
    assert stele(capsys, "generate")[0] == 0
    add_field(project, "y")
    _kill_at_rename(monkeypatch, ".codegen.new-")
    with pytest.raises(Killed):
        main_args(["generate"])
    monkeypatch.undo()
    monkeypatch.chdir(project)
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    capsys.readouterr()
    assert not (project / "codegen").exists()
    code, _, err = stele(capsys, "generate")
    assert code == 0
    assert err.splitlines()[0].startswith(".stele/journal.json:1:1: warning W005 completed")
    assert stele(capsys, "generate", "--check")[0] == 0
    assert leftovers(project) == []


def main_args(args: list[str]) -> None:
    old = sys.argv
    sys.argv = ["stele", *args]
    try:
        main()
    finally:
        sys.argv = old


def test_the_leftovers_of_dead_runs_are_removed_by_the_next_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stele(capsys, "generate")[0] == 0
    dead = [
        ".codegen.new-0123456789abcdef",  # staging of a run killed before its commit point
        ".codegen.new-k3j2h1g0",  # staging named by an earlier stele
        ".codegen.old",  # the shared backup of an earlier stele
        ".codegen.old-fedcba9876543210",
    ]
    for name in dead:
        (project / name / "sub").mkdir(parents=True)
        (project / name / "sub" / "big.bin").write_bytes(b"x" * 1000)
    # An earlier stele renamed a linked `codegen` to the backup: the link goes, not its target.
    (project / ".codegen.old-0000000000000000").symlink_to(project.parent / "victim")
    (project / "compat" / ".stele.lock.new-0123456789abcdef").write_text("half", "utf-8")
    (project / "compat" / ".stele.lock.a1b2c3d4").write_text("half", "utf-8")
    (project / ".stele" / "journal.json.0123456789abcdef").write_text("{", "utf-8")
    (project / ".codegen.notes").write_text("not ours\n", encoding="utf-8")
    assert stele(capsys, "generate")[:3] == (0, "wrote 4 artifacts to codegen/\n", "")
    assert leftovers(project) == []
    assert (project / ".codegen.notes").exists()
    assert snapshot(project.parent / "victim") == VICTIM


@pytest.mark.parametrize(
    "journal",
    [
        '{"version": 1, "token": "0123456789abcdef", "tree": "contracts", "lock": null,'
        ' "replace": true, "pid": 1, "command": "x"}',
        '{"version": 1, "token": "../../x", "tree": "codegen", "lock": null,'
        ' "replace": true, "pid": 1, "command": "x"}',
        "[1, 2]",
        "not json",
    ],
)
def test_a_journal_stele_did_not_write_is_removed_and_never_followed(
    project: Path, capsys: pytest.CaptureFixture[str], journal: str
) -> None:
    assert stele(capsys, "generate")[0] == 0
    (project / ".contracts.new-0123456789abcdef").mkdir()
    (project / ".stele" / "journal.json").write_text(journal, encoding="utf-8")
    before = snapshot(project / "contracts")
    code, _, err = stele(capsys, "generate")
    assert code == 0
    assert err.splitlines() == [
        ".stele/journal.json:1:1: warning W005 removed a journal that names no change of this "
        "project",
        "    hint: stele writes .stele/journal.json itself; do not commit or edit it",
    ]
    assert snapshot(project / "contracts") == before
    assert not (project / ".stele" / "journal.json").exists()


# ---------------------------------------------------------------------------------------------
# Real processes: SIGKILL at random moments, and three runs at once
# ---------------------------------------------------------------------------------------------

PACKAGES = 3
TYPES_PER_PACKAGE = 100


def big_project(root: Path) -> Path:
    """A project of PACKAGES x TYPES_PER_PACKAGE records (600 generated files)."""
    (root / "contracts").mkdir(parents=True)
    (root / "stele.yaml").write_text(
        "sources: [contracts]\noptions:\n  formats: [avro, jsonschema]\n", encoding="utf-8"
    )
    for p in range(PACKAGES):
        write_package(root, p, ["a: string", "b: int32"])
    return root


def write_package(root: Path, p: int, fields: list[str]) -> None:
    lines = [f"package: demo.p{p}", "types:"]
    for t in range(TYPES_PER_PACKAGE):
        lines += [f"  T{t}:", "    fields:", *(f"      {f}" for f in fields)]
    (root / "contracts" / f"p{p}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stele", *args],
        cwd=root,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("STELE_DEBUG", "GITHUB_ACTIONS")}


# Loaded into the killed runs only (sitecustomize): each rename of the transaction takes 0.3 s,
# so a SIGKILL sent after the journal appears lands between the renames as a slow disk would.
SLOW_RENAMES = """
import os, time
_replace = os.replace
def _slow(src, dst, *args, **kwargs):
    if ".new-" in os.fspath(src) or ".old-" in os.fspath(dst):
        time.sleep(0.3)
    return _replace(src, dst, *args, **kwargs)
os.replace = _slow
"""


def test_generate_killed_at_random_moments_is_always_recovered(tmp_path: Path) -> None:
    root = big_project(tmp_path / "big")
    (tmp_path / "slow").mkdir()
    (tmp_path / "slow" / "sitecustomize.py").write_text(SLOW_RENAMES, encoding="utf-8")
    slow = {**_env(), "PYTHONPATH": str(tmp_path / "slow")}
    started = time.monotonic()
    assert run(root, "generate").returncode == 0
    duration = time.monotonic() - started
    chance = random.Random(20261202)
    states: list[str] = []
    for kill in range(6):
        # Every kill interrupts a run that changes both the tree and the lock.
        write_package(root, kill % PACKAGES, ["a: string", "b: int32", f"k{kill}: int64"])
        child = subprocess.Popen(
            [sys.executable, "-m", "stele", "generate"],
            cwd=root,
            env=slow,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if kill % 2:
            # Inside the transaction: after the commit point, during the three renames.
            while child.poll() is None and not (root / ".stele" / "journal.json").exists():
                time.sleep(0.002)
            time.sleep(chance.uniform(0.0, 0.8))
        else:
            time.sleep(chance.uniform(0.3, 1.0) * duration)
        child.send_signal(signal.SIGKILL)
        child.wait()
        states.append(_state(root))
        recovered = run(root, "generate")
        assert recovered.returncode == 0, recovered.stderr
        assert (root / "codegen" / ".stele-generated").is_file()
        assert leftovers(root) == []
        check = run(root, "generate", "--check")
        assert check.returncode == 0, check.stdout
        lock = read_lock(root / "compat" / "stele.lock")
        # A removed field keeps its number reserved: each new one takes the next.
        assert lock.types[f"demo.p{kill % PACKAGES}.T0"].numbers[f"k{kill}"] == 3 + kill // PACKAGES
    # Half the kills land inside the transaction, after the journal was written.
    assert [states[i].split(",")[0] for i in (1, 3, 5)] == ["journal"] * 3
    print("states after the kills:", states)


def _state(root: Path) -> str:
    """What a kill left: a journal (killed inside the transaction), leftovers, or nothing."""
    if (root / ".stele" / "journal.json").exists():
        return "journal" if (root / "codegen").exists() else "journal, no codegen"
    return "leftovers" if leftovers(root) else "clean"


def test_three_runs_at_once_all_succeed_one_after_the_other(tmp_path: Path) -> None:
    root = big_project(tmp_path / "big")
    assert run(root, "generate").returncode == 0
    write_package(root, 0, ["a: string", "b: int32", "c: bool"])
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "stele", "generate"],
            cwd=root,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [(child.wait(timeout=300), *child.communicate()) for child in children]
    assert [(code, err) for code, _, err in results] == [(0, "")] * 3
    outs = sorted(out for _, out, _ in results)
    # The first run updates the lock; the others find it up to date.
    assert outs == [
        "updated compat/stele.lock\nwrote 602 artifacts to codegen/\n",
        "wrote 602 artifacts to codegen/\n",
        "wrote 602 artifacts to codegen/\n",
    ]
    assert run(root, "generate", "--check").returncode == 0
    assert leftovers(root) == []


def test_a_rename_refused_after_the_commit_point_is_completed_by_the_next_run(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stele(capsys, "generate")[0] == 0
    add_field(project, "y")
    real = os.replace

    def replace(src: StrPath, dst: StrPath) -> None:
        if Path(os.fspath(src)).name.startswith(".codegen.new-"):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(src))
        real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    code, out, err = stele(capsys, "generate")
    assert (code, out) == (2, "")
    first, hint = err.splitlines()
    assert re.fullmatch(
        r"\.codegen\.new-[0-9a-f]{16}:1:1: error W003 cannot write \.codegen\.new-[0-9a-f]{16}: "
        r"Permission denied; the next stele generate, lock or release completes the change",
        first,
    )
    assert hint == "    hint: make the project folder writable, then run again"
    monkeypatch.undo()
    monkeypatch.chdir(project)
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    code, out, err = stele(capsys, "lock")
    assert (code, out) == (0, "compat/stele.lock is up to date\n")
    assert err.splitlines()[0].startswith(".stele/journal.json:1:1: warning W005 completed")
    assert stele(capsys, "generate", "--check")[0] == 0
    assert leftovers(project) == []


def test_a_full_disk_while_writing_the_size_baseline_is_w003(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """write_text_atomic (the size baseline, --plot) fails the same way, never with exit 3."""
    from stele.diagnostics import SteleError
    from stele.generate import write_text_atomic

    target = project / "compat" / "sizes.json"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    real = os.replace

    def replace(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(SteleError) as failed:
        write_text_atomic(target, "new\n")
    monkeypatch.setattr(os, "replace", real)
    assert [d.render() for d in failed.value.diagnostics] == [
        "compat/sizes.json:1:1: error W003 cannot write compat/sizes.json: "
        "No space left on device; nothing was changed\n"
        "    hint: free some disk space and run again"
    ]
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["sizes.json"]
