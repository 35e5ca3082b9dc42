"""Every reporter on the example project with planted problems: exit code and output together,
compared with tests/snapshots/ (regenerate with STELE_UPDATE_SNAPSHOTS=1, then read the diff).
SARIF output is also validated against the official SARIF 2.1.0 schema."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from stele.cli.main import cli
from stele.compat.model import Mode
from stele.diagnostics import Severity
from stele.report import OUTPUTS, render
from stele.report.findings import from_located
from stele.report.model import Report, exit_code

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = Path(__file__).parent / "snapshots"
SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json"


def snapshot(name: str, code: int, output: str) -> None:
    actual = f"exit: {code}\n---\n{output}"
    path = SNAPSHOTS / name
    if os.environ.get("STELE_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no snapshot {name}: run with STELE_UPDATE_SNAPSHOTS=1"
    assert actual == path.read_text(encoding="utf-8")


def validate_sarif(text: str) -> None:
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema)
    errors = sorted(validator.iter_errors(json.loads(text)), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def copy_example(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir(parents=True)
    for name in ("contracts", "compat", "codegen"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "stele.yaml", root / "stele.yaml")
    return root


def plant(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def run_cli(root: Path, args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, [*args, "--config", str(root / "stele.yaml")], catch_exceptions=False
    )
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def lint_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("lint"))
    plant(
        root,
        "contracts/order.yaml",
        "      total: food.common.Money\n",
        "      total: food.common.Mony\n",
    )
    return root


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.mark.parametrize("output", OUTPUTS)
def test_lint_reporters(lint_project: Path, monkeypatch: pytest.MonkeyPatch, output: str) -> None:
    monkeypatch.chdir(lint_project)
    code, out = run_cli(lint_project, ["lint", "-o", output])
    snapshot(f"lint/{output}.txt", code, out)
    if output == "sarif":
        validate_sarif(out)


def test_lint_fail_on_and_exit_zero(lint_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(lint_project)
    clean = copy_example(lint_project.parent / "clean")
    assert run_cli(clean, ["lint"])[0] == 0  # the example has infos only
    assert run_cli(clean, ["lint", "--fail-on", "info"])[0] == 1
    assert run_cli(lint_project, ["lint", "--exit-zero"])[0] == 0
    assert run_cli(lint_project, ["lint"])[0] == 1


def test_github_output_is_picked_under_github_actions(
    lint_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(lint_project)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run_cli(lint_project, ["lint"]) == run_cli(lint_project, ["lint", "-o", "github"])
    assert run_cli(lint_project, ["lint", "-o", "text"])[1].startswith("contracts/")


@pytest.fixture(scope="module")
def stale_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("stale"))
    # Only the Avro files: the snapshot is about reporting, and Avro output depends on nothing
    # but the contracts.
    for generated in (root / "codegen").iterdir():
        if generated.name not in ("avro", ".stele-generated"):  # the marker is an artifact too
            shutil.rmtree(generated)
    plant(root, "stele.yaml", "options:\n", "options:\n  formats: [avro]\n")
    plant(root, "codegen/avro/food/order/Order.avsc", '"name": "Order"', '"name": "Orden"')
    (root / "codegen/avro/food/order/Leftover.avsc").write_text("{}\n", encoding="utf-8")
    (root / "codegen/avro/food/order/LineItem.avsc").unlink()
    return root


@pytest.mark.parametrize("output", OUTPUTS)
def test_generate_check_reporters(
    stale_project: Path, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    monkeypatch.chdir(stale_project)
    code, out = run_cli(stale_project, ["generate", "--check", "-o", output])
    snapshot(f"generate-check/{output}.txt", code, out)
    if output == "sarif":
        validate_sarif(out)


@pytest.fixture(scope="module")
def check_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The example project against its last release with a field removed from Order, judged
    under the strict JSON policy (under the lenient one no JSON reader misses an optional
    property)."""
    from stele.baseline import release_baseline
    from stele.compat.project_check import baseline_side, check_sides, open_side
    from stele.source.config_reader import read_config

    root = copy_example(tmp_path_factory.mktemp("check"))
    with (root / "stele.yaml").open("a", encoding="utf-8") as out:
        out.write("policies:\n  json: strict\n")
    plant(
        root,
        "contracts/order.yaml",
        '      legacy_code: {type: string?, deprecated: "use id instead"}\n',
        "",
    )
    config = read_config(root / "stele.yaml")
    old = baseline_side(release_baseline(config, "1.1.0"))
    # The API formats: their checkers report this change; the snapshot stays about reporting.
    report = check_sides(
        old, open_side("working tree", config), Mode.BACKWARD, ("openapi", "asyncapi")
    )
    checks = [f"{fmt} backward" for fmt in report.formats]
    return Report.of("check", [from_located(pf) for pf in report.findings], checks)


@pytest.mark.parametrize("output", OUTPUTS)
def test_check_reporters(check_report: Report, output: str) -> None:
    out = render(check_report, output, Severity.ERROR)
    snapshot(f"check/{output}.txt", exit_code(check_report, Severity.ERROR), out)
    if output == "sarif":
        validate_sarif(out)
        rules = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
        # Help text comes from the catalogue: the rule's documentation sections.
        assert all("## What it flags" in r["help"]["markdown"] for r in rules)
