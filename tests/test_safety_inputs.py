"""Hostile files and names given to the commands: each ends in a located error or a finding with
its exact code and exit status, never the internal-error exit 3.

Run through the installed `stele` executable, so the exit status is the one CI sees."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from stele.diagnostics import SteleError

STELE = Path(sys.executable).parent / "stele"
CONTRACT = """\
package: demo.inputs
types:
  Thing:
    fields:
      id: uuid
"""


def stele(cwd: Path, *args: str | bytes) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "STELE_DEBUG")}
    env["NO_COLOR"] = "1"
    done = subprocess.run(
        [os.fsencode(STELE), *[a.encode() if isinstance(a, str) else a for a in args]],
        cwd=cwd,
        env=env,
        capture_output=True,
        timeout=120,
    )
    return (
        done.returncode,
        done.stdout.decode("utf-8", "backslashreplace"),
        done.stderr.decode("utf-8", "backslashreplace"),
    )


def project(root: Path, config: str = "", contract: str = CONTRACT) -> Path:
    (root / "stele.yaml").write_text(config or "sources: [contracts]\n", encoding="utf-8")
    (root / "contracts").mkdir()
    (root / "contracts" / "a.yaml").write_text(contract, encoding="utf-8")
    return root


# ---------------------------------------------------------------------------------------------
# Contract files
# ---------------------------------------------------------------------------------------------


def test_a_contract_whose_name_is_not_utf8(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "contracts" / "a.yaml").rename(tmp_path / os.fsdecode(b"contracts/caf\xe9.yaml"))
    assert stele(tmp_path, "generate") == (
        2,
        "",
        "contracts/caf\\xe9.yaml:1:1: error S007 the file name is not valid UTF-8\n"
        "    hint: rename the file: generated files name their sources\n",
    )
    code, out, err = stele(tmp_path, "lint")
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "contracts/caf\\xe9.yaml:1:1: error S007 the file name is not valid UTF-8"
    )


def test_a_binary_contract(tmp_path: Path) -> None:
    project(tmp_path)
    (tmp_path / "contracts" / "a.yaml").write_bytes(bytes(range(256)) * 8)
    code, out, _ = stele(tmp_path, "lint")
    assert code == 1
    assert out.splitlines()[:2] == [
        "contracts/a.yaml:2:1: error S007 file is not valid UTF-8",
        "    hint: save the file as UTF-8",
    ]


def test_an_empty_contract(tmp_path: Path) -> None:
    project(tmp_path, contract="")
    assert stele(tmp_path, "generate") == (
        2,
        "",
        "contracts/a.yaml:1:1: error S012 the file is empty\n"
        "    hint: start it with 'package: <name>'\n",
    )


def test_a_fifo_a_folder_and_a_link_loop_named_like_contracts_are_not_read(tmp_path: Path) -> None:
    project(tmp_path)
    os.mkfifo(tmp_path / "contracts" / "pipe.yaml")
    (tmp_path / "contracts" / "folder.yaml").mkdir()
    (tmp_path / "contracts" / "loop.yaml").symlink_to("loop.yaml")
    assert stele(tmp_path, "lint")[0] == 0
    assert stele(tmp_path, "lint", "contracts/pipe.yaml") == (
        2,
        "",
        "contracts/pipe.yaml:1:1: error S030 no contract files (*.yaml) found in "
        "contracts/pipe.yaml\n    hint: check the sources in stele.yaml\n",
    )


def test_a_contract_over_the_size_limit_is_not_read_whole(tmp_path: Path) -> None:
    from stele.source.loader import load

    project(tmp_path)
    with (tmp_path / "contracts" / "a.yaml").open("r+b") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MiB of NULs that cost no disk
    tracemalloc.start()
    try:
        result = load([tmp_path / "contracts"], tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [(d.code, str(d.span), d.message) for d in result.diagnostics] == [
        ("S003", "contracts/a.yaml:1:1", "file is larger than 4 MiB")
    ]
    assert peak < 5 * 1024 * 1024


def test_a_source_that_is_a_file(tmp_path: Path) -> None:
    project(tmp_path, "sources: [contracts/a.yaml]\n")
    assert stele(tmp_path, "lint") == (0, "0 errors, 0 warnings, 0 infos in 1 file\n", "")


def test_a_file_that_cannot_be_examined_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that vanishes or refuses stat while the tree is walked (as under /proc) is not
    listed: it was an internal error."""
    from stele.source.loader import discover

    project(tmp_path)
    (tmp_path / "contracts" / "b.yaml").write_text(CONTRACT, encoding="utf-8")
    is_file = Path.is_file

    def refuse(self: Path) -> bool:
        if self.name == "b.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return is_file(self)

    monkeypatch.setattr(Path, "is_file", refuse)
    assert discover([tmp_path / "contracts"]) == [tmp_path / "contracts" / "a.yaml"]


# ---------------------------------------------------------------------------------------------
# stele.yaml
# ---------------------------------------------------------------------------------------------


def test_an_empty_stele_yaml_takes_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "stele.yaml").write_text("", encoding="utf-8")
    assert stele(tmp_path, "lint") == (
        2,
        "",
        "contracts:1:1: error S030 'contracts' does not exist\n"
        "    hint: check the sources in stele.yaml\n",
    )


def test_a_binary_stele_yaml(tmp_path: Path) -> None:
    (tmp_path / "stele.yaml").write_bytes(b"\x00\xff" * 64)
    assert stele(tmp_path, "lint") == (
        2,
        "",
        "stele.yaml:1:1: error C001 cannot read stele.yaml: 'utf-8' codec can't decode byte "
        "0xff in position 1: invalid start byte\n    hint: save it as UTF-8\n",
    )


def test_a_100_mib_stele_yaml_is_refused_after_4_mib(tmp_path: Path) -> None:
    from stele.source.config_reader import read_config

    config = tmp_path / "stele.yaml"
    with config.open("wb") as f:
        f.write(b"sources: [contracts]\n#")
        f.truncate(100 * 1024 * 1024)
    assert stele(tmp_path, "lint") == (
        2,
        "",
        "stele.yaml:1:1: error S003 file is larger than 4 MiB\n"
        "    hint: split the contracts into several files\n",
    )
    tracemalloc.start()
    try:
        with pytest.raises(SteleError):
            read_config(config)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024


def test_a_folder_as_config(tmp_path: Path) -> None:
    code, out, err = stele(tmp_path, "lint", "--config", ".")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "Error: Invalid value for '--config': File '.' is a directory."


# ---------------------------------------------------------------------------------------------
# stele init
# ---------------------------------------------------------------------------------------------


def test_init_below_a_file_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert stele(tmp_path, "init", "afile/sub") == (
        2,
        "",
        "afile/sub:1:1: error W003 cannot write afile/sub: Not a directory; nothing was changed\n"
        "    hint: check the folder and run again\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]


def test_init_that_fails_halfway_removes_what_it_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stele.cli.init import init_project

    real_open = Path.open

    def full_disk(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> object:
        # Any: the arguments of Path.open's overloads, passed on as they came
        if self.name == "example.yaml" and tmp_path in self.parents:
            raise OSError(28, "No space left on device", str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", full_disk)
    with pytest.raises(SteleError) as info:
        init_project(tmp_path / "new")
    assert [d.render() for d in info.value.diagnostics] == [
        f"{tmp_path}/new/contracts/example.yaml:1:1: error W003 cannot write "
        f"{tmp_path}/new/contracts/example.yaml: No space left on device; nothing was changed\n"
        "    hint: free some disk space and run again"
    ]
    assert list(tmp_path.iterdir()) == []


def test_init_in_a_folder_whose_name_is_not_utf8(tmp_path: Path) -> None:
    code, out, err = stele(tmp_path, "init", b"caf\xe9")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "created caf\\xe9/stele.yaml"
    assert stele(tmp_path / os.fsdecode(b"caf\xe9"), "lint")[0] == 0


def test_a_name_too_long_for_a_file_name(tmp_path: Path) -> None:
    """Generated files are named after qualified names: one of 310 characters failed generate
    and test with an internal 'File name too long'."""
    name = "A" + "b" * 300
    project(tmp_path, contract=CONTRACT.replace("Thing", name))
    assert stele(tmp_path, "generate") == (
        2,
        "",
        f"contracts/a.yaml:3:3: error S110 type name 'demo.inputs.{name[:65]}...' is 313 "
        "characters long: generated files are named after it, and 200 is the most they allow\n"
        "    hint: shorten the name (or the package)\n",
    )


# ---------------------------------------------------------------------------------------------
# The lock file
# ---------------------------------------------------------------------------------------------


def test_a_fifo_as_the_lock_is_refused_without_waiting(tmp_path: Path) -> None:
    """Opening a FIFO waits for a writer: lint hung for ever."""
    project(tmp_path)
    (tmp_path / "compat").mkdir()
    os.mkfifo(tmp_path / "compat" / "stele.lock")
    assert stele(tmp_path, "lint") == (
        2,
        "",
        "compat/stele.lock:1:1: error S125 malformed lock file: it is not a regular file\n"
        "    hint: regenerate the lock file with `stele lock`, or restore it from version "
        "control\n",
    )


def test_a_100_mib_lock_is_refused_after_4_mib(tmp_path: Path) -> None:
    from stele.lock import read_lock

    lock = tmp_path / "stele.lock"
    with lock.open("wb") as f:
        f.write(b"version: 1\n#")
        f.truncate(100 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(SteleError) as info:
            read_lock(lock, "stele.lock")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [d.render() for d in info.value.diagnostics] == [
        "stele.lock:1:1: error S003 file is larger than 4 MiB\n"
        "    hint: split the contracts into several files"
    ]
    assert peak < 5 * 1024 * 1024


def test_a_fifo_as_config_is_not_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    assert stele(tmp_path, "lint", "--config", "pipe.yaml") == (
        2,
        "",
        "pipe.yaml:1:1: error C001 config file 'pipe.yaml' is not a regular file\n"
        "    hint: check the --config path, or create the project with `stele init`\n",
    )


def test_generate_refuses_an_unknown_format(tmp_path: Path) -> None:
    """`--format nope` generated nothing and exited 0."""
    from stele.cli.options import GENERATE_FORMATS
    from stele.config import Options

    # Every default format can be asked for, and GraphQL (opt-in) too.
    assert (*Options().formats, "graphql") == GENERATE_FORMATS
    project(tmp_path)
    code, out, err = stele(tmp_path, "generate", "--format", "thrift")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "Error: Invalid value for '--format': 'thrift' is not one of 'protobuf', "
        "'python-protobuf', 'avro', 'jsonschema', 'openapi', 'asyncapi', 'python-models', "
        "'graphql'."
    )
    assert not (tmp_path / "codegen").exists()


def test_a_project_of_packages_without_types(tmp_path: Path) -> None:
    """protoc refused to run without an input (generate: G001 'this is a bug'), and the
    Protobuf codec without .proto files ended test, sizes and check in an internal error."""
    project(tmp_path, contract="package: demo.empty\n")
    assert stele(tmp_path, "generate") == (
        0,
        "updated compat/stele.lock\nwrote 2 artifacts to codegen/\n",
        "",
    )
    assert stele(tmp_path, "generate", "--check")[0] == 0
    assert stele(tmp_path, "test")[0] == 0
    assert stele(tmp_path, "sizes", "--no-timing")[0] == 0
    assert stele(tmp_path, "release", "1.0.0")[0] == 0
    code, out, err = stele(tmp_path, "check")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "compatible with 1.0.0 (BACKWARD): 0 errors, 0 warnings, 0 infos"


# ---------------------------------------------------------------------------------------------
# Reports quote input files: one line each
# ---------------------------------------------------------------------------------------------


def test_a_newline_in_a_quoted_name_cannot_start_a_report_line(tmp_path: Path) -> None:
    """CI runners read a stdout line `::error file=...::` as a command: a YAML key written with
    a newline escape made lint print one."""
    project(tmp_path, contract='package: demo.inj\n"a\\n::error file=x::pwned\\e[2J": 1\n')
    code, out, err = stele(tmp_path, "lint")
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "contracts/a.yaml:2:1: error S011 unknown key 'a\\n::error file=x::pwned\\x1b[2J' in a "
        "contract file"
    )


def test_a_newline_in_a_capture_name_cannot_start_a_report_line(tmp_path: Path) -> None:
    capture = tmp_path / "a\n::error::x.jsonl"
    capture.write_text('{"headers":{"message_type":"x"},"payload":{}}\n', encoding="utf-8")
    config = str(Path(__file__).resolve().parent.parent / "stele.yaml")
    code, out, err = stele(tmp_path, "test", "messages", capture.name, "--config", config)
    assert (code, err) == (1, "")
    assert out.splitlines()[0] == (
        "a\\n::error::x.jsonl:1:1: error capture-unknown-message-type line 1: 'x' is not a "
        "message of the contracts"
    )
