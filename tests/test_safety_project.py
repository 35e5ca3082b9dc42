"""The project's own files are hostile input too: its sources stay inside it (C008), links under
them do not lead out (S031), files named by options are written only inside it (W006), numeric
options are bounded, writing commands take the run lock, an output folder of the previous stele
is upgraded only when it holds nothing but artifacts, and a cache folder that leads out of the
project is not used (W007).

See the "Reads" and "Writes" sections of docs/security.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from _console import stele

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
    "command",
    [
        ["lint"],
        ["generate"],
        ["generate", "--check"],
        ["lock"],
        ["check"],
        ["sizes", "--no-timing"],
        ["test"],
        ["release", "1.0.0"],
    ],
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


def test_a_folder_given_on_the_command_line_is_its_own_tree(
    project: Path, host: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stele lint ../elsewhere` is the user's: links inside that folder are read, links out of
    it are not."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "contract.txt").write_text(CONTRACT, encoding="utf-8")
    (elsewhere / "b.yaml").symlink_to(elsewhere / "contract.txt")
    assert stele(capsys, "lint", "../elsewhere") == (
        0,
        "0 errors, 0 warnings, 0 infos in 1 file\n",
        "",
    )
    (elsewhere / "leak.yaml").symlink_to(host / "secret.yaml")
    code, out, err = stele(capsys, "lint", "../elsewhere")
    assert (code, out) == (2, "")
    assert err == (
        "../elsewhere/leak.yaml:1:1: error S031 '../elsewhere/leak.yaml' is a symbolic link "
        "that leads outside the project; it was not read\n"
        "    hint: store the contract file itself in the project, or list its folder in sources:\n"
    )


# ---------------------------------------------------------------------------------------------
# 2. Files named by options are written only inside the project, and only over regular files
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("/dev/full", "leads outside the project"),
        ("../x.svg", "leads outside the project"),
        ("out/x.svg", "leads outside the project"),
        (".git/x.svg", "is inside .git"),
        ("fifo.svg", "is not a regular file"),
        ("link.svg", "is a symbolic link"),
    ],
)
def test_the_plot_goes_inside_the_project_over_a_regular_file_only(
    project: Path, host: Path, capsys: pytest.CaptureFixture[str], given: str, problem: str
) -> None:
    (project / ".git").mkdir()
    (project / "out").symlink_to(host)
    os.mkfifo(project / "fifo.svg")
    (project / "plot.svg").write_text("old\n", encoding="utf-8")
    (project / "link.svg").symlink_to(project / "plot.svg")
    before = sorted(os.listdir(project)), sorted(os.listdir(host))
    code, out, err = stele(capsys, "sizes", "--no-timing", "--plot", given)
    hint = {
        "is a symbolic link": "name the file itself",
        "is not a regular file": "stele replaces only a regular file or writes a new one",
    }.get(problem, "write it inside the project, such as sizes.svg")
    assert (code, out) == (2, "")
    assert err == (
        f"--plot:1:1: error W006 --plot '{given}' {problem}; nothing was written\n"
        f"    hint: {hint}\n"
    )
    assert (sorted(os.listdir(project)), sorted(os.listdir(host))) == before
    assert (project / "plot.svg").read_text(encoding="utf-8") == "old\n"


def test_the_plot_replaces_a_regular_file_inside_the_project(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "sizes.svg").write_text("old\n", encoding="utf-8")
    code, _, err = stele(capsys, "sizes", "--no-timing", "--plot", "docs/sizes.svg")
    assert (code, err) == (0, "")
    assert (project / "docs" / "sizes.svg").read_text(encoding="utf-8").startswith("<svg")


def test_the_size_baseline_is_not_written_over_a_fifo(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "compat").mkdir()
    os.mkfifo(project / "compat" / "sizes.json")
    code, out, err = stele(capsys, "sizes", "--no-timing", "--update-baseline")
    assert (code, out) == (2, "")
    assert err == (
        "--update-baseline:1:1: error W006 --update-baseline 'compat/sizes.json' is not a "
        "regular file; nothing was written\n"
        "    hint: stele replaces only a regular file or writes a new one\n"
    )


def test_a_fifo_as_the_size_baseline_is_not_waited_on(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "compat").mkdir()
    os.mkfifo(project / "compat" / "sizes.json")
    code, out, err = stele(capsys, "sizes", "--no-timing")
    assert (code, out) == (2, "")
    assert err == (
        "compat/sizes.json:1:1: error Z020 cannot read the size baseline: it is not a regular "
        "file\n    hint: write one with `stele sizes --update-baseline`\n"
    )


def test_init_does_not_write_through_a_linked_contracts_folder(
    tmp_path: Path, host: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new"
    target.mkdir()
    (target / "contracts").symlink_to(host)
    code, out, err = stele(capsys, "init", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"{target}/contracts:1:1: error C003 {target}/contracts is a symbolic link\n"
        "    hint: run init in an empty directory\n"
    )
    assert sorted(os.listdir(host)) == ["secret.yaml"]
    assert sorted(os.listdir(target)) == ["contracts"]


# ---------------------------------------------------------------------------------------------
# 4. Every command that writes into the project takes the run lock
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--update-baseline", "--plot=sizes.svg"])
def test_sizes_that_writes_waits_for_the_run_lock(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    option: str,
) -> None:
    from stele.run_lock import run_lock

    monkeypatch.setenv("STELE_LOCK_WAIT", "0")
    with run_lock(project, "a test"):
        holder = (project / ".stele" / "run.lock").read_text(encoding="utf-8")
        code, out, err = stele(capsys, "sizes", "--no-timing", option)
        unlocked = stele(capsys, "sizes", "--no-timing")
    since = holder.split('"since": "')[1].split('"')[0]
    assert (code, out) == (2, "")
    assert err == (
        f".stele/run.lock:1:1: error W002 another stele run is writing this project: "
        f"pid {os.getpid()} (a test) since {since}\n"
        "    hint: wait for it to end and run again (or raise STELE_LOCK_WAIT, in seconds)\n"
    )
    assert not (project / "compat" / "sizes.json").exists()
    assert not (project / "sizes.svg").exists()
    assert unlocked[0] == 0  # measuring alone writes nothing and needs no lock


# ---------------------------------------------------------------------------------------------
# 3. Numeric options that size the work are bounded
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ["sizes", "--string-length", "1000000000000"],
            "'--string-length': '1000000000000' goes past the limit of 1024",
        ),
        (
            ["sizes", "--string-length", "9" * 5000],
            f"'--string-length': '{'9' * 5000}' goes past the limit of 1024",
        ),
        (
            ["sizes", "--string-length", "5-3"],
            "'--string-length': '5-3' is not a range MIN-MAX with MIN <= MAX",
        ),
        (["sizes", "--list-length", "0-11"], "'--list-length': '0-11' goes past the limit of 10"),
        (["sizes", "--list-length", "many"], "'--list-length': 'many' is not N or MIN-MAX"),
        (["sizes", "--generate", "1001"], "'--generate': 1001 is not in the range 0<=x<=1000."),
        (["sizes", "--runs", "101"], "'--runs': 101 is not in the range 1<=x<=100."),
        (
            ["sizes", "--generate", "66", "--list-length", "10", "--string-length", "1024"],
            "'--generate': 66 values of up to 1000 strings of 1024 characters go past the limit "
            "of 64 Mi characters per message: lower --generate, --list-length or --string-length",
        ),
        (
            ["sizes", "--seed", str(2**63)],
            f"'--seed': {2**63} is not in the range {-(2**63)}<=x<={2**63 - 1}.",
        ),
        (
            ["test", "http", "--base-url", "http://127.0.0.1:9", "--max-examples", "10001"],
            "'--max-examples': 10001 is not in the range 1<=x<=10000.",
        ),
        (
            ["test", "http", "--base-url", "http://127.0.0.1:9", "--total-timeout", "inf"],
            "'--total-timeout': inf is not in the range 0<x<=86400.0.",
        ),
        (
            ["test", "http", "--base-url", "http://127.0.0.1:9", "--max-response-bytes", "2e9"],
            "'--max-response-bytes': '2e9' is not a valid integer range.",
        ),
        (
            [
                "test",
                "http",
                "--base-url",
                "http://127.0.0.1:9",
                "--max-response-bytes",
                str(2**30 + 1),
            ],
            f"'--max-response-bytes': {2**30 + 1} is not in the range 1<=x<={2**30}.",
        ),
        (
            ["test", "messages", "x.jsonl", "--max-message-size", "2GiB"],
            "'--max-message-size': '2GiB' goes past the limit of 1GiB",
        ),
    ],
)
def test_options_that_size_work_are_bounded(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], error: str
) -> None:
    code, out, err = stele(capsys, *args)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"Error: Invalid value for {error}"


TAGGED = """package: demo.a
types:
  Tagged:
    fields:
      tags: list<string>
messages:
  TagsSet:
    kind: event
    body: Tagged
"""


def test_the_largest_bounded_values_are_accepted(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "contracts" / "a.yaml").write_text(TAGGED, encoding="utf-8")
    code, out, err = stele(
        capsys,
        "sizes",
        "--no-timing",
        "--list-length",
        "10",
        "--string-length",
        "1024",
        "--generate",
        "2",
        "-o",
        "json",
    )
    assert (code, err) == (0, "")
    (message,) = json.loads(out)["messages"]
    # {"tags":[ + ten quoted strings of 1024 characters, nine commas + ]}
    assert message["largest_bytes"]["json"] == 9 + 10 * 1026 + 9 + 2


# ---------------------------------------------------------------------------------------------
# 5. An output folder of the previous stele (no marker) is upgraded when it holds only artifacts
# ---------------------------------------------------------------------------------------------


def tree(root: Path) -> dict[str, bytes]:
    """Every file below `root`, by its path relative to it."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_a_folder_of_exactly_old_artifacts_is_replaced_and_marked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stele(capsys, "generate")[0] == 0
    generated = tree(project / "codegen")
    # As the previous stele left it: no marker, stale contents, a __pycache__ of its own.
    (project / "codegen" / ".stele-generated").unlink()
    for rel in generated:
        if rel != ".stele-generated":
            (project / "codegen" / rel).write_bytes(b"old\n")
    (project / "codegen" / "__pycache__").mkdir()
    (project / "codegen" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    code, out, err = stele(capsys, "generate")
    assert (code, err) == (0, "")
    assert out == f"wrote {len(generated)} artifacts to codegen/\n"
    assert tree(project / "codegen") == generated
    assert (project / "codegen" / ".stele-generated").is_file()


@pytest.mark.parametrize("foreign", ["notes.txt", "avro/demo/a/Extra.avsc", "link"])
def test_a_folder_without_the_marker_holding_one_foreign_file_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str], foreign: str
) -> None:
    assert stele(capsys, "generate")[0] == 0
    (project / "codegen" / ".stele-generated").unlink()
    if foreign == "link":
        (project / "codegen" / foreign).symlink_to(project / "stele.yaml")
    else:
        (project / "codegen" / foreign).write_bytes(b"mine\n")
    before = tree(project)
    (project / "contracts" / "a.yaml").write_text(CONTRACT + "      y: string\n", encoding="utf-8")
    code, out, err = stele(capsys, "generate")
    assert (code, out) == (2, "")
    assert err == (
        "stele.yaml:1:1: error W001 codegen holds files stele did not write (it has no "
        ".stele-generated)\n"
        "    hint: stele replaces only a folder it wrote (one holding .stele-generated): if every "
        "file in it was generated, delete the folder and run again; otherwise point `output` "
        "at a new folder\n"
    )
    after = tree(project)
    after["contracts/a.yaml"] = before["contracts/a.yaml"]
    # The cache may gain an entry; the output folder, the lock and the rest are as they were.
    assert {k: v for k, v in after.items() if not k.startswith(".stele-cache/")} == {
        k: v for k, v in before.items() if not k.startswith(".stele-cache/")
    }


# ---------------------------------------------------------------------------------------------
# 6. A cache folder that leads out of the project is not used
# ---------------------------------------------------------------------------------------------

GENERATED = "updated compat/stele.lock\nwrote 4 artifacts to codegen/\n"
CACHE_WARNING = (
    ".stele-cache:1:1: warning W007 .stele-cache leads outside the project; the cache is not "
    "used\n    hint: remove the link: the cache is rebuilt inside the project\n"
)


@pytest.mark.parametrize("linked", [".stele-cache", ".stele-cache/artifacts"])
def test_a_cache_folder_linked_out_of_the_project_is_not_used(
    project: Path, host: Path, capsys: pytest.CaptureFixture[str], linked: str
) -> None:
    (project / linked).parent.mkdir(exist_ok=True)
    (project / linked).symlink_to(host)
    code, out, err = stele(capsys, "generate")
    assert (code, out, err) == (0, GENERATED, CACHE_WARNING)
    assert sorted(os.listdir(host)) == ["secret.yaml"]
    assert (project / linked).is_symlink()


def test_a_cache_folder_linked_inside_the_project_is_used(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "build").mkdir()
    (project / ".stele-cache").symlink_to(project / "build")
    assert stele(capsys, "generate") == (0, GENERATED, "")
    assert [p.suffix for p in (project / "build" / "artifacts").iterdir()] == [".stele"]


# ---------------------------------------------------------------------------------------------
# Other files of the project that could be links out of it
# ---------------------------------------------------------------------------------------------


def test_a_found_stele_yaml_that_is_a_link_out_is_not_read(
    project: Path, host: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "stele.yaml").unlink()
    (project / "stele.yaml").symlink_to(host / "secret.yaml")
    code, out, err = stele(capsys, "lint")
    assert (code, out) == (2, "")
    assert err == (
        "stele.yaml:1:1: error C001 stele.yaml is a symbolic link that leads outside the "
        "project; it was not read\n"
        "    hint: store the configuration itself in the project\n"
    )


def test_a_size_baseline_that_is_a_link_out_is_not_read(
    project: Path, host: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "compat").mkdir()
    (project / "compat" / "sizes.json").symlink_to(host / "secret.yaml")
    code, out, err = stele(capsys, "sizes", "--no-timing")
    assert (code, out) == (2, "")
    assert err == (
        "compat/sizes.json:1:1: error Z020 compat/sizes.json is a symbolic link that leads "
        "outside the project; it was not read\n"
        "    hint: store the size baseline itself in the project (stele sizes --update-baseline)\n"
    )
