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


# ---------------------------------------------------------------------------------------------
# -I/--proto-path
# ---------------------------------------------------------------------------------------------

DEP = 'syntax = "proto3";\npackage dep;\nmessage B {\n  string v = 1;\n}\n'


def order(number_type: str) -> str:
    return (
        'syntax = "proto3";\npackage shop;\nimport "dep/b.proto";\n'
        f"message A {{\n  dep.B b = 1;\n  {number_type} n = 2;\n}}\n"
    )


TYPE_CHANGED = (
    "new/shop/a.proto:6:3: error proto-field-type-changed (backward) field 'n' (2) changed type"
    " from int32"
    " to string: the wire encodings differ\n"
    "    old: old/shop/a.proto:6:3\n"
    "incompatible (protobuf, BACKWARD): 1 error, 0 warnings, 0 infos\n"
)


@pytest.fixture
def trees() -> None:
    write(
        {
            "common/dep/b.proto": DEP,
            "old/shop/a.proto": order("int32"),
            "new/shop/a.proto": order("string"),
        }
    )


@pytest.mark.usefixtures("trees")
def test_a_missing_import_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert stele(capsys, "diff", "old", "new") == (
        2,
        "",
        "old/shop/a.proto:3:1: error D011 import 'dep/b.proto' is not found: not in the tree"
        " given, not a well-known type\n"
        "    hint: pass --proto-path DIR (-I DIR), DIR being the folder that holds dep/b.proto\n"
        'old/shop/a.proto:5:3: error D010 protoc: "dep.B" is not defined.\n'
        "    hint: fix the .proto file so that protoc accepts it\n",
    )


@pytest.mark.usefixtures("trees")
@pytest.mark.parametrize("option", ["-I", "--proto-path"])
def test_proto_path_serves_both_sides(capsys: pytest.CaptureFixture[str], option: str) -> None:
    assert stele(capsys, "diff", "old", "new", option, "common") == (1, TYPE_CHANGED, "")


@pytest.mark.usefixtures("trees")
def test_the_first_proto_path_that_holds_an_import_wins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write({"other/dep/b.proto": 'syntax = "proto3";\npackage dep;\nmessage B {}\nbroken'})
    args = ("diff", "old", "new", "-I", "common", "-I", "other")
    assert stele(capsys, *args) == (1, TYPE_CHANGED, "")
    assert stele(capsys, "diff", "old", "new", "-I", "other", "-I", "common") == (
        2,
        "",
        'old/shop/a.proto:3:1: error D010 protoc: Import "dep/b.proto" was not found or had'
        " errors.\n"
        "    hint: fix the .proto file so that protoc accepts it\n"
        'old/shop/a.proto:5:3: error D010 protoc: "dep.B" is not defined.\n'
        "    hint: fix the .proto file so that protoc accepts it\n"
        'other/dep/b.proto:4:1: error D010 protoc: Expected top-level statement (e.g. "message").\n'
        "    hint: fix the .proto file so that protoc accepts it\n",
    )


@pytest.mark.usefixtures("trees")
def test_an_unchanged_tree_with_its_imports(capsys: pytest.CaptureFixture[str]) -> None:
    write({"new/shop/a.proto": order("int32")})
    assert stele(capsys, "diff", "old", "new", "-I", "common") == (
        0,
        "compatible (protobuf, BACKWARD): 0 errors, 0 warnings, 0 infos\n",
        "",
    )


def test_a_single_file_imports_the_file_beside_it(capsys: pytest.CaptureFixture[str]) -> None:
    b = 'syntax = "proto3";\nmessage B {\n  string v = 1;\n}\n'
    a = 'syntax = "proto3";\nimport "b.proto";\nmessage A {\n  B b = %d;\n}\n'
    write({"v1/b.proto": b, "v2/b.proto": b, "v1/a.proto": a % 1, "v2/a.proto": a % 2})
    assert stele(capsys, "diff", "v1/a.proto", "v2/a.proto") == (
        1,
        "v2/a.proto:4:3: error proto-field-number-changed (backward) field 'b' moved from number"
        " 1 to 2:"
        " data written under 1 is no longer read as 'b'\n"
        "    old: v1/a.proto:4:3\n"
        "incompatible (protobuf, BACKWARD): 1 error, 0 warnings, 0 infos\n",
        "",
    )


@pytest.mark.usefixtures("trees")
def test_a_link_out_of_a_proto_path_is_not_followed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write({"outside/b.proto": DEP})
    (tmp_path / "inc" / "dep").mkdir(parents=True)
    (tmp_path / "inc" / "dep" / "b.proto").symlink_to(tmp_path / "outside" / "b.proto")
    assert stele(capsys, "diff", "old", "new", "-I", "inc") == (
        2,
        "",
        "inc/dep/b.proto:1:1: error D007 'inc/dep/b.proto' is a link that leads outside 'inc'\n"
        "    hint: copy the imported file into the include folder\n",
    )


def test_a_link_inside_a_proto_path_is_followed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write({"old/shop/a.proto": order("int32"), "new/shop/a.proto": order("int32")})
    write({"inc/real/b.proto": DEP})
    (tmp_path / "inc" / "dep").mkdir()
    (tmp_path / "inc" / "dep" / "b.proto").symlink_to(tmp_path / "inc" / "real" / "b.proto")
    assert stele(capsys, "diff", "old", "new", "-I", "inc") == (
        0,
        "compatible (protobuf, BACKWARD): 0 errors, 0 warnings, 0 infos\n",
        "",
    )


def test_a_commented_import_is_not_read() -> None:
    from stele.compat.proto_tree import imports_of

    text = b'// import "x.proto";\n/* import "y.proto"; */\nimport public "z.proto";\n'
    assert imports_of(text) == ["z.proto"]


# ---------------------------------------------------------------------------------------------
# --path
# ---------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("trees")
def test_path_compares_only_the_files_under_it(capsys: pytest.CaptureFixture[str]) -> None:
    write({"old/dep/b.proto": DEP, "new/dep/b.proto": DEP.replace("string v", "int64 v")})
    assert stele(capsys, "diff", "old", "new", "--path", "shop") == (1, TYPE_CHANGED, "")
    assert stele(capsys, "diff", "old", "new", "--path", "./shop/a.proto") == (
        1,
        TYPE_CHANGED,
        "",
    )
    code, out, _ = stele(capsys, "diff", "old", "new", "--path", "dep")
    assert (code, out.splitlines()[0]) == (
        1,
        "new/dep/b.proto:4:3: error proto-field-type-changed (backward) field 'v' (1) changed"
        " type from"
        " string to int64: the wire encodings differ",
    )


@pytest.mark.usefixtures("trees")
def test_path_that_selects_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert stele(capsys, "diff", "old", "new", "-I", "common", "--path", "shopping") == (
        2,
        "",
        "--path:1:1: error D012 --path 'shopping' selects no .proto file under 'old' or 'new'\n"
        "    hint: name files or folders relative to OLD and NEW (like buf's --path)\n",
    )


@pytest.mark.usefixtures("trees")
def test_path_out_of_the_root(capsys: pytest.CaptureFixture[str]) -> None:
    assert stele(capsys, "diff", "old", "new", "--path", "../common") == (
        2,
        "",
        "--path:1:1: error D012 --path '../common' is not a path inside each side's root\n"
        "    hint: name a file or folder relative to OLD and NEW: --path shop/orders\n",
    )


def test_proto_options_refuse_other_formats(capsys: pytest.CaptureFixture[str]) -> None:
    write({"old.avsc": '{"type": "fixed", "name": "F", "size": 4}', "inc/x": ""})
    assert stele(capsys, "diff", "old.avsc", "old.avsc", "--path", "x") == (
        2,
        "",
        "--path:1:1: error D012 --path applies to Protobuf trees, and these are avro\n"
        "    hint: leave --path out, or pass --format protobuf for .proto files\n",
    )


def test_an_unterminated_comment_hides_what_follows() -> None:
    from stele.compat.proto_tree import imports_of

    assert imports_of(b'import "a.proto";\n/* import "b.proto";\n' + b"/*" * 1000) == ["a.proto"]


@pytest.mark.usefixtures("trees")
def test_imports_read_through_proto_paths_are_bounded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import stele.compat.proto_tree as proto_tree

    write({"common/dep/b.proto": DEP.replace("package dep;", 'package dep;\nimport "c.proto";')})
    write({"common/c.proto": 'syntax = "proto3";\n'})
    monkeypatch.setattr(proto_tree, "MAX_IMPORTED_FILES", 1)
    assert stele(capsys, "diff", "old", "new", "-I", "common") == (
        2,
        "",
        "common:1:1: error D005 the imports read through 'common' are more than 1 files or more"
        " than 256 MiB\n"
        "    hint: pass the folder that holds the imported files, not a folder above it\n",
    )
    monkeypatch.setattr(proto_tree, "MAX_IMPORTED_FILES", 2)
    assert stele(capsys, "diff", "old", "new", "-I", "common") == (1, TYPE_CHANGED, "")


# ---------------------------------------------------------------------------------------------
# stele check and stele lint: the same document on exit 2
# ---------------------------------------------------------------------------------------------

S030 = (
    "nothere.yaml:1:1: error S030 'nothere.yaml' does not exist\n"
    "    hint: check the sources in stele.yaml\n"
)


@pytest.mark.parametrize("output", ["json", "sarif"])
def test_lint_of_a_missing_file_writes_its_document(
    capsys: pytest.CaptureFixture[str], output: str
) -> None:
    code, out, err = stele(capsys, "lint", "nothere.yaml", "-o", output)
    assert (code, err) == (2, S030)
    if output == "sarif":
        validate_sarif(out)
        results = json.loads(out)["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == ["S030"]
    else:
        doc = json.loads(out)
        assert (doc["stopped"], [(r["rule"], r["path"]) for r in doc["results"]]) == (
            True,
            [("S030", "nothere.yaml")],
        )


def test_check_against_nothing_writes_its_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert stele(capsys, "init")[0] == 0
    code, out, err = stele(capsys, "check", "--against", "9.9.9", "-o", "json")
    assert (code, err) == (
        2,
        "--against:1:1: error K016 '9.9.9' is no release of this project, and no git revision\n"
        "    hint: nothing is released in compat/releases/ yet (`stele release VERSION`); name a"
        " directory, or run stele in a git checkout\n",
    )
    doc = json.loads(out)
    assert [doc[k] for k in ("compatible", "mode", "findings", "acknowledged", "baselines")] == [
        None,
        None,
        [],
        [],
        [],
    ]
    assert [(r["rule"], r["path"], r["line"], r["column"]) for r in doc["results"]] == [
        ("K016", "--against", 1, 1)
    ]
    code, out, _ = stele(capsys, "check", "--against", "9.9.9", "-o", "sarif")
    assert code == 2
    validate_sarif(out)


def test_path_on_single_files_is_relative_to_their_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write({"v1/a.proto": GOOD, "v2/a.proto": GOOD})
    assert stele(capsys, "diff", "v1/a.proto", "v2/a.proto", "--path", "a.proto") == (
        0,
        "compatible (protobuf, BACKWARD): 0 errors, 0 warnings, 0 infos\n",
        "",
    )
    assert stele(capsys, "diff", "v1/a.proto", "v2/a.proto", "--path", "b.proto") == (
        2,
        "",
        "--path:1:1: error D012 --path 'b.proto' selects no .proto file under 'v1/a.proto' or"
        " 'v2/a.proto'\n"
        "    hint: name files or folders relative to OLD and NEW (like buf's --path)\n",
    )
