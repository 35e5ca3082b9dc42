"""`stele diff` on Protobuf trees: include paths (`-I/--proto-path`), path filters (`--path`),
and the document an exit-2 run still writes in every machine-read output format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from _console import stele
from test_report_snapshots import validate_sarif

GOOD = 'syntax = "proto3";\npackage shop;\nmessage Order {\n  string id = 1;\n}\n'
BAD = 'syntax = "proto3";\npackage shop;\nmessage Order {\n  string id = 1\n}\n'
D010 = (
    'bad.proto:5:1: error D010 protoc: Expected ";".\n'
    "    hint: fix the .proto file so that protoc accepts it\n"
)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def write(files: dict[str, str]) -> None:
    for name, text in files.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# An exit-2 run still writes its document
# ---------------------------------------------------------------------------------------------


def test_json_of_a_stopped_run_carries_the_errors(capsys: pytest.CaptureFixture[str]) -> None:
    write({"good.proto": GOOD, "bad.proto": BAD})
    code, out, err = stele(capsys, "diff", "good.proto", "bad.proto", "-o", "json")
    assert (code, err) == (2, D010)
    doc = json.loads(out)
    assert [doc[k] for k in ("compatible", "format", "mode", "findings", "stopped")] == [
        None,
        None,
        None,
        [],
        True,
    ]
    assert doc["summary"] == {"errors": 1, "warnings": 0, "infos": 0, "files": None}
    assert [
        (r["rule"], r["path"], r["line"], r["column"], r["message"]) for r in doc["results"]
    ] == [("D010", "bad.proto", 5, 1, 'protoc: Expected ";".')]


def test_sarif_of_a_stopped_run_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    write({"good.proto": GOOD, "bad.proto": BAD})
    code, out, err = stele(capsys, "diff", "good.proto", "bad.proto", "-o", "sarif")
    assert (code, err) == (2, D010)
    validate_sarif(out)
    (run,) = json.loads(out)["runs"]
    assert run["invocations"] == [{"executionSuccessful": False, "toolExecutionNotifications": []}]
    (result,) = run["results"]
    assert (result["ruleId"], result["level"]) == ("D010", "error")
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "bad.proto"},
        "region": {"startLine": 5, "startColumn": 1},
    }


def test_junit_of_a_stopped_run_counts_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    write({"good.proto": GOOD, "bad.proto": BAD})
    code, out, err = stele(capsys, "diff", "good.proto", "bad.proto", "-o", "junit")
    assert (code, err) == (2, D010)
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("1", "0", "1")
    error = suite.find("testcase/error")
    assert error is not None
    assert error.get("message") == 'bad.proto:5:1: D010 protoc: Expected ";".'


def test_github_of_a_stopped_run_annotates(capsys: pytest.CaptureFixture[str]) -> None:
    write({"good.proto": GOOD, "bad.proto": BAD})
    code, out, err = stele(capsys, "diff", "good.proto", "bad.proto", "-o", "github")
    assert (code, err) == (2, D010)
    assert out == (
        '::error file=bad.proto,line=5,col=1,title=D010::protoc: Expected ";".'
        "%0Ahint: fix the .proto file so that protoc accepts it\n"
        "1 error, 0 warnings, 0 infos\n"
    )


def test_text_of_a_stopped_run_writes_only_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    write({"good.proto": GOOD, "bad.proto": BAD})
    assert stele(capsys, "diff", "good.proto", "bad.proto") == (2, "", D010)


@pytest.mark.parametrize("output", ["json", "sarif"])
def test_every_format_writes_its_errors(capsys: pytest.CaptureFixture[str], output: str) -> None:
    """Not only Protobuf: a missing side and an unreadable Avro schema are located too."""
    write({"old.avsc": '{"type": "record", "name": "A", "fields": []}', "new.avsc": "{"})
    code, out, err = stele(capsys, "diff", "old.avsc", "missing.avsc", "-o", output)
    assert (code, err) == (
        2,
        "missing.avsc:1:1: error D001 'missing.avsc' does not exist\n    hint: check the path\n",
    )
    if output == "sarif":
        validate_sarif(out)
        (run,) = json.loads(out)["runs"]
        assert [r["ruleId"] for r in run["results"]] == ["D001"]
    else:
        assert [r["rule"] for r in json.loads(out)["results"]] == ["D001"]
    code, out, err = stele(capsys, "diff", "old.avsc", "new.avsc", "-o", output)
    assert (code, err) == (
        2,
        "new.avsc:1:2: error D101 not JSON: expected a string key at 1:2\n"
        "    hint: fix the .avsc file\n",
    )
    if output == "sarif":
        validate_sarif(out)
        results = json.loads(out)["runs"][0]["results"]
        region = results[0]["locations"][0]["physicalLocation"]["region"]
        assert [(r["ruleId"], region) for r in results] == [
            ("D101", {"startLine": 1, "startColumn": 2})
        ]
    else:
        assert [(r["rule"], r["line"], r["column"]) for r in json.loads(out)["results"]] == [
            ("D101", 1, 2)
        ]
