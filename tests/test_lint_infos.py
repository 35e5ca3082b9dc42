"""`stele lint` folds the infos the last release had too into one line (text output only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _check_helpers import copy_project, edit
from _console import stele

FOLD = "4 infos (S182 x4) not shown; --verbose shows them"
SUMMARY = "0 errors, 0 warnings, 4 infos in 7 files"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    root = copy_project(tmp_path / "p")
    monkeypatch.chdir(root)
    return root


def test_known_infos_fold_into_one_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert stele(capsys, "lint") == (0, f"{FOLD}\n{SUMMARY}\n", "")


@pytest.mark.parametrize("args", [["--verbose"], ["-v"], ["--fail-on", "info", "--exit-zero"]])
def test_verbose_or_failing_infos_show_every_info(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, _ = stele(capsys, "lint", *args)
    lines = out.splitlines()
    assert code == 0
    assert [line.split()[2] for line in lines[:-1]] == ["S182"] * 4
    assert lines[-1] == SUMMARY


@pytest.mark.parametrize("output", ["json", "sarif", "github"])
def test_machine_outputs_keep_every_info(
    project: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    code, out, _ = stele(capsys, "lint", "--output", output)
    assert code == 0
    if output == "json":
        assert [r["rule"] for r in json.loads(out)["results"]] == ["S182"] * 4
    elif output == "sarif":
        assert len(json.loads(out)["runs"][0]["results"]) == 4
    else:
        assert out.count("S182") == 4


def test_an_info_new_since_the_last_release_is_shown(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OrderService less available: the bounds of the three chains through it change, the
    fourth (ConsumerService and AccountingService) does not."""
    edit(
        project / "contracts" / "order.yaml",
        "    availability: 0.995\n",
        "    availability: 0.99\n",
    )
    code, out, _ = stele(capsys, "lint")
    lines = out.splitlines()
    assert code == 0
    assert [line.split(": ")[0] for line in lines[:3]] == [
        "contracts/delivery.yaml:192:7",
        "contracts/order.yaml:284:7",
        "contracts/order.yaml:310:7",
    ]
    assert lines[3:] == ["1 info (S182 x1) not shown; --verbose shows them", SUMMARY]


def test_without_a_release_every_info_is_folded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "p", releases=False)
    monkeypatch.chdir(root)
    assert stele(capsys, "lint")[1] == f"{FOLD}\n{SUMMARY}\n"


@pytest.mark.usefixtures("stele_cache")
def test_the_release_infos_are_cached_and_a_bad_entry_is_ignored(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stele(capsys, "lint")[1] == f"{FOLD}\n{SUMMARY}\n"
    (entry,) = (project / ".stele-cache" / "lint").glob("infos-*.json")
    assert [code for code, _ in json.loads(entry.read_text(encoding="utf-8"))] == ["S182"] * 4
    # The entry is what the next lint reads: emptied, every info is new.
    entry.write_text("[]", encoding="utf-8")
    lines = stele(capsys, "lint")[1].splitlines()
    assert [line.split()[2] for line in lines[:-1]] == ["S182"] * 4
    # One that is not what stele wrote is ignored: the release is read again.
    for bad in ("{", '{"S182": 1}', '[["S182"]]', "[[1, 2]]"):
        entry.write_text(bad, encoding="utf-8")
        assert stele(capsys, "lint")[1] == f"{FOLD}\n{SUMMARY}\n"


def test_without_a_cache_the_release_is_read(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    assert stele(capsys, "lint")[1] == f"{FOLD}\n{SUMMARY}\n"
    assert not (project / ".stele-cache" / "lint").exists()
