"""`stele diff` through the CLI: every output format (snapshots of exit code and output, SARIF
validated against the official schema), the checker options and severity overrides."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _check_helpers import run
from test_report_snapshots import snapshot, validate_sarif

from stele.report import OUTPUTS

CASES = Path(__file__).parent / "compat_cases"
OLD = {
    "type": "record",
    "name": "Courier",
    "namespace": "food.delivery",
    "fields": [{"name": "id", "type": "string"}, {"name": "name", "type": "string"}],
}
NEW = {
    **OLD,
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "name", "type": "int"},
        {"name": "note", "type": ["null", "string"], "default": None},
    ],
}


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture
def avro_pair(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """old.avsc and new.avsc in the working directory: the paths in the output are as given."""
    monkeypatch.chdir(tmp_path)
    for name, schema in (("old.avsc", OLD), ("new.avsc", NEW)):
        Path(name).write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")
    return "old.avsc", "new.avsc"


@pytest.mark.parametrize("output", OUTPUTS)
def test_diff_reporters(avro_pair: tuple[str, str], output: str) -> None:
    code, out = run(["diff", *avro_pair, "--mode", "full", "-o", output])
    snapshot(f"diff/{output}.txt", code, out)
    if output == "sarif":
        validate_sarif(out)


def test_json_keeps_the_diff_form(avro_pair: tuple[str, str]) -> None:
    code, out = run(["diff", *avro_pair, "--mode", "full", "-o", "json"])
    doc = json.loads(out)
    assert code == 1
    assert doc["compatible"] is False
    assert [
        {k: f[k] for k in ("rule", "severity", "direction", "format", "old", "new")}
        for f in doc["findings"]
    ] == [
        {
            "rule": "avro-type-changed",
            "severity": "error",
            "direction": direction,
            "format": "avro",
            "old": {"path": "old.avsc", "line": 11, "column": 7},
            "new": {"path": "new.avsc", "line": 11, "column": 7},
        }
        for direction in ("backward", "forward")
    ]
    assert (doc["command"], doc["checks"], doc["summary"]["errors"]) == (
        "diff",
        ["avro backward", "avro forward"],
        2,
    )


def test_fail_on_and_exit_zero(avro_pair: tuple[str, str]) -> None:
    assert run(["diff", *avro_pair, "--exit-zero"])[0] == 0
    compatible = ["diff", avro_pair[0], avro_pair[0]]
    assert run(compatible)[0] == 0
    assert run([*compatible, "--fail-on", "info"])[0] == 0  # no finding at all


def test_github_output_is_picked_under_github_actions(
    avro_pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run(["diff", *avro_pair]) == run(["diff", *avro_pair, "-o", "github"])


def _config(tmp_path: Path, rules: str) -> str:
    path = tmp_path / "stele.yaml"
    path.write_text(f"sources: [contracts]\nrules:\n{rules}", encoding="utf-8")
    return str(path)


def test_severity_overrides_from_a_config(avro_pair: tuple[str, str], tmp_path: Path) -> None:
    config = _config(tmp_path, "  avro-type-changed: {severity: warning}\n")
    code, out = run(["diff", *avro_pair, "--config", config])
    assert (code, out.splitlines()[-1]) == (
        0,
        "compatible (avro, BACKWARD): 0 errors, 1 warning, 0 infos",
    )
    assert run(["diff", *avro_pair, "--config", config, "--fail-on", "warning"])[0] == 1
    off = _config(tmp_path, "  avro-type-changed: off\n")
    assert run(["diff", *avro_pair, "--config", off]) == (
        0,
        "compatible (avro, BACKWARD): 0 errors, 0 warnings, 0 infos\n",
    )


def test_a_malformed_config_is_a_usage_error(avro_pair: tuple[str, str], tmp_path: Path) -> None:
    config = _config(tmp_path, "  avro-type-changed: {severity: fatal}\n")
    code, out = run(["diff", *avro_pair, "--config", config])
    assert code == 2
    assert " C005 " in out


def _copy_case(tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(CASES / case, tmp_path / "case")
    monkeypatch.chdir(tmp_path / "case")


def test_json_policy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # An optional property added to an open content model: an old document may hold it with
    # another type (strict), or holds only what the old contract declared (lenient).
    _copy_case(tmp_path, "jsonschema/json-property-added-to-open-model/fail-example", monkeypatch)
    code, out = run(["diff", "old.json", "new.json"])
    assert (code, out) == (
        1,
        "new.json:7:5: error json-property-added-to-open-model (backward) property 'b' added"
        " where the old schema's open content model accepted other values\n"
        "    old: old.json:1:1\n"
        "incompatible (jsonschema, BACKWARD): 1 error, 0 warnings, 0 infos\n",
    )
    assert run(["diff", "old.json", "new.json", "--json-policy", "strict"]) == (code, out)
    assert run(["diff", "old.json", "new.json", "--json-policy", "lenient"]) == (
        0,
        "compatible (jsonschema, BACKWARD): 0 errors, 0 warnings, 0 infos\n",
    )


def test_protobuf_category(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A renamed field keeps its number: the wire does not see it, the JSON mapping does (its
    # name and its JSON name, reported apart as buf does).
    _copy_case(tmp_path, "protobuf/proto-field-renamed/pass-wire-rename", monkeypatch)
    args = ["diff", "old", "new", "--mode", "full", "-o", "json"]
    wire_json = json.loads(run(args)[1])
    assert [(f["rule"], f["direction"]) for f in wire_json["findings"]] == [
        ("proto-field-json-name-changed", "backward"),
        ("proto-field-json-name-changed", "forward"),
        ("proto-field-renamed", "backward"),
        ("proto-field-renamed", "forward"),
    ]
    assert json.loads(run([*args, "--protobuf-category", "wire_json"])[1]) == wire_json
    assert run([*args[:-2], "--protobuf-category", "wire"]) == (
        0,
        "compatible (protobuf, FULL): 0 errors, 0 warnings, 0 infos\n",
    )


def test_unknown_option_values_are_usage_errors(avro_pair: tuple[str, str]) -> None:
    assert run(["diff", *avro_pair, "--json-policy", "loose"])[0] == 2
    assert run(["diff", *avro_pair, "--protobuf-category", "bytes"])[0] == 2
