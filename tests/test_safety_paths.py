"""stele reads only inside the trees it is given: a baseline's stele.yaml cannot name host paths,
links (on disk or stored in git) do not lead out of a baseline or a diffed directory, and errors
about --against are located at the option."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from _console import stele

SECRET = "SECRET_TOKEN: hunter2\n"
CONTRACT = "package: demo.a\ntypes:\n  R:\n    fields:\n      x: string\n"


@pytest.fixture(autouse=True)
def _plain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("STELE_DEBUG", raising=False)
    # No git repository above the test's folder is ever found.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def host(tmp_path: Path) -> Path:
    """A folder outside every project, holding what must never be read."""
    folder = tmp_path / "host"
    folder.mkdir()
    (folder / "secret.yaml").write_text(SECRET, encoding="utf-8")
    return folder


@pytest.fixture
def project(tmp_path: Path, host: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "p"
    (root / "contracts").mkdir(parents=True)
    (root / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    (root / "contracts" / "a.yaml").write_text(CONTRACT, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def commit(root: Path, message: str) -> None:
    if not (root / ".git").exists():
        git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


# ---------------------------------------------------------------------------------------------
# Git revisions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sources", "shown", "column"),
    [("[contracts, ../host]", "../host", 22), ("[{host}]", "{host}", 11)],
)
def test_a_revision_cannot_name_sources_outside_its_tree(
    project: Path,
    host: Path,
    capsys: pytest.CaptureFixture[str],
    sources: str,
    shown: str,
    column: int,
) -> None:
    stored = f"sources: {sources.format(host=host)}\n"
    (project / "stele.yaml").write_text(stored, encoding="utf-8")
    commit(project, "sources outside")
    (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    code, out, err = stele(capsys, "check", "--against", "HEAD", "--no-verify")
    value = shown.format(host=host)
    assert (code, out) == (2, "")
    assert err == (
        f"HEAD:stele.yaml:1:{column}: error K008 baseline git HEAD: `sources` names "
        f"'{value}', outside the baseline\n"
        "    hint: a baseline is read only inside its own tree: use paths relative to its "
        "stele.yaml\n"
    )
    assert "SECRET_TOKEN" not in out + err


def test_a_revision_cannot_name_a_lock_or_baseline_outside_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stele.yaml reader refuses these (C006); at a revision its errors name the revision."""
    stored = "sources: [contracts]\nlock: ../../host/secret.yaml\nbaseline: /etc\n"
    (project / "stele.yaml").write_text(stored, encoding="utf-8")
    commit(project, "lock and baseline outside")
    (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    code, out, err = stele(capsys, "check", "--against", "HEAD", "--no-verify")
    assert (code, out) == (2, "")
    assert err == (
        "HEAD:stele.yaml:2:7: error C006 lock '../../host/secret.yaml' leads outside the "
        "project\n"
        "    hint: keep the lock inside the project, such as compat/stele.lock\n"
        "HEAD:stele.yaml:3:11: error C006 baseline '/etc' is an absolute path\n"
        "    hint: keep the baseline inside the project, such as compat\n"
    )
    assert "SECRET_TOKEN" not in out + err


def test_a_symbolic_link_stored_in_git_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = project / "contracts" / "s.yaml"
    os.symlink("../../host/secret.yaml", link)
    commit(project, "a link to the host")
    link.unlink()  # the working tree is not what this test is about
    code, out, err = stele(capsys, "check", "--against", "HEAD", "--no-verify")
    assert (code, out) == (2, "")
    assert err == (
        "HEAD:contracts/s.yaml:1:1: error K009 baseline git HEAD: 'contracts/s.yaml' is a "
        "symbolic link\n"
        "    hint: store the file itself in the baseline, not a link to it\n"
    )


def test_a_revision_is_materialized_from_its_own_stele_yaml(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The revision's sources are read from the revision, even when the working tree moved them."""
    (project / "stele.yaml").write_text("sources: [old]\n", encoding="utf-8")
    (project / "contracts").rename(project / "old")
    commit(project, "contracts in old/")
    (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    (project / "old").rename(project / "contracts")
    code, out, err = stele(capsys, "check", "--against", "HEAD", "--no-verify")
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[-1] == "compatible with git HEAD (BACKWARD): 0 errors, 0 warnings, 0 infos"
    )


def test_an_oversized_file_at_a_revision_is_k013(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    commit(project, "contracts")
    monkeypatch.setattr("stele.baseline.MAX_BLOB_BYTES", 40)  # stele.yaml: 21 bytes
    code, out, err = stele(capsys, "check", "--against", "HEAD", "--no-verify")
    assert (code, out) == (2, "")
    assert err == (
        "HEAD:contracts/a.yaml:1:1: error K013 baseline git HEAD: 'contracts/a.yaml' is larger "
        "than 40 bytes\n    hint: contract files are small text\n"
    )


def test_outside_a_git_repository_head_is_k007_at_the_option(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = stele(capsys, "check", "--against", "HEAD")
    assert (code, out) == (2, "")
    assert err == (
        "--against:1:1: error K007 'HEAD' is no released version and no directory, and the "
        "project is not in a git repository\n"
        "    hint: pass a released version or a directory, or run stele in a git checkout\n"
    )


def test_an_unknown_revision_is_k005_at_the_option(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(project, "contracts")
    code, out, err = stele(capsys, "check", "--against", "nope")
    assert (code, out) == (2, "")
    assert err == (
        "--against:1:1: error K005 unknown git revision 'nope'\n"
        "    hint: use a branch, tag or commit of this repository, a directory, or a released "
        "version\n"
    )


@pytest.mark.parametrize(
    ("against", "expected"),
    [
        (
            "--output=x",
            "--against:1:1: error K001 '--output=x' is not a baseline\n"
            "    hint: name a revision or a path\n",
        ),
        ("a b", "--against:1:1: error K004 'a b' is not a valid git revision\n"),
        ("HEAD..main", "--against:1:1: error K004 'HEAD..main' is not a valid git revision\n"),
        (
            "empty",
            "--against:1:1: error K002 'empty' holds no contract project\n"
            "    hint: expected contracts under it\n",
        ),
    ],
)
def test_bad_baselines_are_located_at_the_option(
    project: Path, capsys: pytest.CaptureFixture[str], against: str, expected: str
) -> None:
    commit(project, "contracts")
    (project / "empty").mkdir()
    code, out, err = stele(capsys, "check", "--against", against, "--no-verify")
    assert (code, out, err) == (2, "", expected)


def test_a_revision_without_the_sources_is_k003(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "README").write_text("no contracts yet\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "README")
    git(project, "commit", "-q", "-m", "before the contracts")
    code, out, err = stele(capsys, "check", "--against", "HEAD", "--no-verify")
    assert (code, out) == (2, "")
    assert err == (
        "--against:1:1: error K003 revision 'HEAD' has no contracts under contracts\n"
        "    hint: choose a revision that has the contract project\n"
    )


# ---------------------------------------------------------------------------------------------
# Releases and directories
# ---------------------------------------------------------------------------------------------


def _release(project: Path, version: str = "1.0.0") -> Path:
    folder = project / "compat" / "releases" / version
    (folder / "contracts").mkdir(parents=True)
    (folder / "contracts" / "a.yaml").write_text(CONTRACT, encoding="utf-8")
    return folder


def test_a_release_cannot_name_sources_outside_its_tree(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = _release(project)
    (release / "stele.yaml").write_text("sources:\n  - ../../../../host\n", encoding="utf-8")
    code, out, err = stele(capsys, "check", "--no-verify")
    assert (code, out) == (2, "")
    assert err == (
        "compat/releases/1.0.0/stele.yaml:2:5: error K008 baseline 1.0.0: `sources` names "
        "'../../../../host', outside the baseline\n"
        "    hint: a baseline is read only inside its own tree: use paths relative to its "
        "stele.yaml\n"
    )


def test_a_link_in_a_release_that_leads_out_is_k009(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = _release(project)
    os.symlink("../../../../../host/secret.yaml", release / "contracts" / "s.yaml")
    code, out, err = stele(capsys, "check", "--no-verify")
    assert (code, out) == (2, "")
    assert err == (
        "compat/releases/1.0.0/contracts/s.yaml:1:1: error K009 baseline 1.0.0: "
        "'contracts/s.yaml' is a link that leads outside the baseline\n"
        "    hint: store the file itself in the baseline, not a link to it\n"
    )


def test_a_released_version_that_is_a_link_out_is_k009(
    project: Path, host: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (host / "contracts").mkdir()
    (host / "contracts" / "a.yaml").write_text(CONTRACT, encoding="utf-8")
    (project / "compat" / "releases").mkdir(parents=True)
    os.symlink(host, project / "compat" / "releases" / "1.0.0")
    code, out, err = stele(capsys, "check", "--no-verify")
    assert (code, out) == (2, "")
    assert err == (
        "compat/releases/1.0.0:1:1: error K009 baseline 1.0.0: 'compat/releases/1.0.0' is a "
        "link that leads outside the baseline\n"
        "    hint: store the file itself in the baseline, not a link to it\n"
    )


def test_a_link_inside_a_release_is_followed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    release = _release(project)
    (release / "shared").mkdir()
    (release / "contracts" / "a.yaml").rename(release / "shared" / "a.yaml")
    os.symlink("../shared/a.yaml", release / "contracts" / "a.yaml")
    code, out, err = stele(capsys, "check", "--no-verify")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "compatible with 1.0.0 (BACKWARD): 0 errors, 0 warnings, 0 infos"


def test_a_directory_baseline_cannot_name_sources_outside_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = project / "old"
    (old / "contracts").mkdir(parents=True)
    (old / "stele.yaml").write_text("sources: [contracts, ../../host]\n", encoding="utf-8")
    code, out, err = stele(capsys, "check", "--against", "old", "--no-verify")
    assert (code, out) == (2, "")
    assert err == (
        "old/stele.yaml:1:22: error K008 baseline directory old: `sources` names '../../host', "
        "outside the baseline\n"
        "    hint: a baseline is read only inside its own tree: use paths relative to its "
        "stele.yaml\n"
    )


# ---------------------------------------------------------------------------------------------
# stele diff: directories, links, pipes, excerpts
# ---------------------------------------------------------------------------------------------

RECORD = '{"type": "record", "name": "A", "fields": []}\n'
RECORD_X = '{"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}]}\n'


@pytest.fixture
def sides(tmp_path: Path, host: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """old/ and new/ with one Avro schema each; the host folder holds a secret beside them."""
    for side in ("old", "new"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "a.avsc").write_text(RECORD, encoding="utf-8")
    (host / "secret.avsc").write_text(SECRET, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("target", "name"), [("../host/secret.avsc", "s.avsc"), ("../host", "h")])
def test_diff_does_not_follow_a_link_out_of_a_directory(
    sides: Path, capsys: pytest.CaptureFixture[str], target: str, name: str
) -> None:
    os.symlink(f"../{target}", sides / "new" / name)
    code, out, err = stele(capsys, "diff", "old", "new")
    assert (code, out) == (2, "")
    assert err == (
        f"new/{name}:1:1: error D007 'new/{name}' is a link that leads outside 'new'\n"
        "    hint: diff the files themselves: copy them into the directory\n"
    )


def test_diff_follows_a_link_that_stays_in_the_directory(
    sides: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (sides / "new" / "shared").mkdir()
    (sides / "new" / "a.avsc").rename(sides / "new" / "shared" / "a.avsc")
    os.symlink("shared/a.avsc", sides / "new" / "a.avsc")
    (sides / "old" / "shared").mkdir()
    (sides / "old" / "shared" / "a.avsc").write_text(RECORD, encoding="utf-8")
    code, out, err = stele(capsys, "diff", "old", "new")
    assert (code, out, err) == (
        0,
        "compatible (avro, BACKWARD): 0 errors, 0 warnings, 0 infos\n",
        "",
    )


def _pipe(text: str) -> tuple[str, int]:
    """A pipe holding `text`, as `<(cat file)` gives one: its /dev/fd path, and its fd."""
    read, write = os.pipe()
    os.write(write, text.encode())
    os.close(write)
    return f"/dev/fd/{read}", read


def test_diff_reads_a_pipe_and_takes_the_format_from_the_other_file(
    sides: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe, fd = _pipe(RECORD)
    try:
        (sides / "b.avsc").write_text(RECORD_X, encoding="utf-8")
        code, out, err = stele(capsys, "diff", pipe, "b.avsc")
    finally:
        os.close(fd)
    assert (code, err) == (1, "")
    assert out == (
        "b.avsc:1:45: error avro-field-added-without-default (backward) field x added without a"
        " default: "
        "readers on the new schema cannot read data written with the old one\n"
        f"    old: {pipe}:1:20\n"
        "incompatible (avro, BACKWARD): 1 error, 0 warnings, 0 infos\n"
    )


def test_diff_reads_two_pipes_in_the_format_given(
    sides: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, old_fd = _pipe(RECORD)
    new, new_fd = _pipe(RECORD)
    try:
        code, out, err = stele(capsys, "diff", old, new, "--format", "avro")
    finally:
        os.close(old_fd)
        os.close(new_fd)
    assert (code, out, err) == (
        0,
        "compatible (avro, BACKWARD): 0 errors, 0 warnings, 0 infos\n",
        "",
    )


def test_diff_errors_quote_at_most_80_characters_of_the_file(
    sides: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_name = "SECRET_TOKEN" * 20
    field = f'{{"name": "x", "type": "{long_name}"}}'
    schema = f'{{"type": "record", "name": "A", "fields": [{field}]}}\n'
    (sides / "new" / "a.avsc").write_text(schema, encoding="utf-8")
    code, out, err = stele(capsys, "diff", "old", "new")
    assert (code, out) == (2, "")
    column = schema.index(field) + 2  # the field's first key
    assert err == (
        f"new/a.avsc:1:{column}: error D101 unknown Avro type "
        f"'{long_name[:77]}...'\n"
        "    hint: fix the .avsc file\n"
    )


def test_diff_lists_20_links_out_then_sums_up_the_rest(
    sides: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for index in range(23):
        os.symlink("../../host/secret.avsc", sides / "new" / f"s{index:02}.avsc")
    code, out, err = stele(capsys, "diff", "old", "new")
    lines = err.splitlines()
    assert (code, out, len(lines)) == (2, "", 41)
    # Diagnostics come sorted by position: the summary at the folder first.
    assert lines[0] == "new:1:1: error D007 ... and 3 more links that lead outside 'new'"
    assert lines[1::2] == [
        f"new/s{i:02}.avsc:1:1: error D007 'new/s{i:02}.avsc' is a link that leads outside 'new'"
        for i in range(20)
    ]
    assert set(lines[2::2]) == {"    hint: diff the files themselves: copy them into the directory"}


@pytest.mark.parametrize(
    ("files", "size", "count"),
    [(3, 256 * 1024 * 1024, 4), (10_000, 60, 1)],
)
def test_diff_bounds_the_files_of_a_directory(
    sides: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    files: int,
    size: int,
    count: int,
) -> None:
    """Over MAX_DIFF_FILES files or MAX_DIFF_BYTES bytes (both made small here) is D005."""
    monkeypatch.setattr("stele.compat.diff.MAX_DIFF_FILES", files)
    monkeypatch.setattr("stele.compat.diff.MAX_DIFF_BYTES", size)
    for index in range(count):
        (sides / "new" / f"b{index}.avsc").write_text(RECORD, encoding="utf-8")
    code, out, err = stele(capsys, "diff", "old", "new")
    assert (code, out) == (2, "")
    assert err == (
        f"new:1:1: error D005 'new' holds more than {files} schema files or more than "
        f"{size // (1024 * 1024)} MiB of them\n"
        "    hint: diff the folders that hold the schemas, not a folder above them\n"
    )


def test_a_link_out_under_a_linked_source_folder_is_k009(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """contracts -> shared (inside the release), shared/s.yaml -> the host: still refused."""
    release = _release(project)
    (release / "contracts").rename(release / "shared")
    os.symlink("shared", release / "contracts")
    os.symlink("../../../../../host/secret.yaml", release / "shared" / "s.yaml")
    code, out, err = stele(capsys, "check", "--no-verify")
    assert (code, out) == (2, "")
    assert err == (
        "compat/releases/1.0.0/contracts/s.yaml:1:1: error K009 baseline 1.0.0: "
        "'contracts/s.yaml' is a link that leads outside the baseline\n"
        "    hint: store the file itself in the baseline, not a link to it\n"
    )
