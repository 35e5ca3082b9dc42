"""`stele --version`, `init`, `lint` and `generate` on good and broken projects: output and exit codes.

In-process runs use click's CliRunner on the command group; the exit codes of input that cannot be
read at all (2) come from the entry point, so those run the installed `stele` as a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from stele import __version__
from stele.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
STELE = Path(sys.executable).parent / "stele"

BROKEN = """\
package: demo.broken
types:
  State:
    enum: [OPEN, CLOSED]
  Order:
    fields:
      total: Mony
"""


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Under GitHub Actions the default output is annotations; these tests pin plain text.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def invoke(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(cli, args, catch_exceptions=True)


def run_stele(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "STELE_DEBUG")}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [str(STELE), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    (tmp_path / "contracts").mkdir()
    for name, text in files.items():
        (tmp_path / "contracts" / name).write_text(text, encoding="utf-8")
    return tmp_path


# --- version and init --------------------------------------------------------------------------


def test_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["--version"], tmp_path, monkeypatch)
    assert (result.exit_code, result.output) == (0, f"stele, version {__version__}\n")


def test_version_from_the_installed_command(tmp_path: Path) -> None:
    done = run_stele(["--version"], tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"stele, version {__version__}\n", "")


def test_init_then_lint_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    created = invoke(["init", "."], tmp_path, monkeypatch)
    assert created.exit_code == 0
    assert created.output.splitlines() == [
        "created stele.yaml",
        "created contracts/example.yaml",
        "created .gitignore",
        "next: stele lint && stele generate",
    ]
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        "# stele's local cache of generated artifacts and check findings\n.stele-cache/\n"
    )
    linted = invoke(["lint", "-o", "text"], tmp_path, monkeypatch)
    assert (linted.exit_code, linted.output) == (0, "0 errors, 0 warnings, 0 infos in 1 file\n")


def test_init_keeps_an_existing_gitignore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".gitignore").write_text("build/\n", encoding="utf-8")
    created = invoke(["init", "."], tmp_path, monkeypatch)
    assert created.exit_code == 0
    assert created.output.splitlines() == [
        "created stele.yaml",
        "created contracts/example.yaml",
        "next: stele lint && stele generate",
    ]
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == "build/\n"


def test_init_twice_exits_2_and_keeps_the_files(tmp_path: Path) -> None:
    assert run_stele(["init", "."], tmp_path).returncode == 0
    (tmp_path / "contracts" / "example.yaml").write_text("package: mine.kept\n", encoding="utf-8")
    again = run_stele(["init", "."], tmp_path)
    assert again.returncode == 2
    assert again.stdout == ""
    assert again.stderr == (
        "stele.yaml:1:1: error C003 stele.yaml already exists\n"
        "    hint: run init in an empty directory\n"
    )
    assert (tmp_path / "contracts" / "example.yaml").read_text(encoding="utf-8") == (
        "package: mine.kept\n"
    )


# --- lint --------------------------------------------------------------------------------------


def test_lint_on_the_example_project_exits_0(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["lint", "-o", "text"], ROOT, monkeypatch)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "0 errors, 0 warnings, 4 infos in 7 files"


def test_lint_on_a_broken_project_exits_1_with_exact_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path, {"broken.yaml": BROKEN})
    result = invoke(["lint", "-o", "text"], tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "contracts/broken.yaml:7:14: error S100 unknown type 'Mony'",
        "    hint: declare it under 'types:' or use a qualified name",
        "1 error, 0 warnings, 0 infos in 1 file",
    ]


def test_lint_json_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, {"broken.yaml": BROKEN})
    result = invoke(["lint", "--output", "json"], tmp_path, monkeypatch)
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["command"] == "lint"
    assert doc["summary"] == {"errors": 1, "warnings": 0, "infos": 0, "files": 1}
    assert doc["checks"] == ["contracts/broken.yaml"]
    (finding,) = doc["results"]
    assert {k: finding[k] for k in ("rule", "severity", "message", "path", "line", "column")} == {
        "rule": "S100",
        "severity": "error",
        "message": "unknown type 'Mony'",
        "path": "contracts/broken.yaml",
        "line": 7,
        "column": 14,
    }
    assert finding["hint"] == ("declare it under 'types:' or use a qualified name")


WARNING_ONLY = """\
package: demo.warn
types:
  State:
    enum: [OPEN, CLOSED]
"""


def test_fail_on_warning_turns_a_warning_into_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project(tmp_path, {"warn.yaml": WARNING_ONLY})
    default = invoke(["lint", "-o", "text"], tmp_path, monkeypatch)
    assert default.exit_code == 0
    assert default.output.splitlines() == [
        "contracts/warn.yaml:3:3: warning S150 enum State has no default symbol",
        "    hint: add 'default: <SYMBOL>' so readers on an older schema can map symbols added later",
        "0 errors, 1 warning, 0 infos in 1 file",
    ]
    strict = invoke(["lint", "-o", "text", "--fail-on", "warning"], tmp_path, monkeypatch)
    assert (strict.exit_code, strict.output) == (1, default.output)


def test_a_yaml_syntax_error_is_a_finding_exit_1(tmp_path: Path) -> None:
    project(tmp_path, {"tabs.yaml": "package: demo.tabs\ntypes:\n\tOrder: {}\n"})
    done = run_stele(["lint", "-o", "text"], tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "contracts/tabs.yaml:3:1: error S001 YAML syntax error: a tab character cannot indent or start a value",
        "    hint: indent with spaces, not tabs",
        "1 error, 0 warnings, 0 infos in 1 file",
    ]


def test_a_missing_sources_directory_exits_2(tmp_path: Path) -> None:
    (tmp_path / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    done = run_stele(["lint", "-o", "text"], tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "contracts:1:1: error S030 'contracts' does not exist\n"
        "    hint: check the sources in stele.yaml\n"
    )


def test_no_contract_files_exits_2(tmp_path: Path) -> None:
    project(tmp_path, {"notes.txt": "not a contract\n"})
    done = run_stele(["lint", "-o", "text"], tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines()[0] == (
        "contracts:1:1: error S030 no contract files (*.yaml) found in contracts"
    )


def test_an_unreadable_config_exits_2(tmp_path: Path) -> None:
    project(tmp_path, {"a.yaml": "package: demo.a\n"})
    (tmp_path / "stele.yaml").write_bytes(b"sources: [contracts]\n# caf\xe9\n")
    done = run_stele(["lint", "-o", "text"], tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    message, hint = done.stderr.splitlines()
    assert message.startswith("stele.yaml:1:1: error C001 cannot read stele.yaml: ")
    assert hint == "    hint: save it as UTF-8"


def test_a_missing_config_file_exits_2(tmp_path: Path) -> None:
    done = run_stele(["lint", "--config", "nowhere.yaml"], tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "nowhere.yaml:1:1: error C001 config file 'nowhere.yaml' does not exist",
        "    hint: check the --config path, or create the project with `stele init`",
    ]


BROKEN_INPUTS = {
    "tab": "package: a.b\n\tx: 1\n",
    "alias-bomb": (ROOT / "tests/cases/diagnostics/S003-alias-bomb.yaml").read_text("utf-8"),
    "python-tag": "package: a.b\ndoc: !!python/object/apply:os.system [ls]\n",
    "nul": "package: a.b\ndoc: \x00\n",
    "empty": "",
    "list-root": "- package\n",
    "scalar-root": "just text\n",
    "two-documents": "package: a.b\n---\npackage: a.c\n",
    "bad-type": "package: a.b\ntypes:\n  A:\n    fields:\n      x: list<list<\n",
    "bad-lock-keys": "package: a.b\ntypes:\n  A:\n    fields:\n      x: {type: string, number: -5}\n",
}


# What each broken input is reported as first: code, line, column.
BROKEN_FIRST = {
    "tab": ("S001", 2, 1),
    "alias-bomb": ("S003", 5, 10),
    "python-tag": ("S004", 2, 6),
    "nul": ("S001", 2, 6),
    "empty": ("S012", 1, 1),
    "list-root": ("S010", 1, 1),
    "scalar-root": ("S010", 1, 1),
    "two-documents": ("S006", 3, 1),
    "bad-type": ("S130", 5, 20),
    "bad-lock-keys": ("S121", 5, 7),
}


@pytest.mark.parametrize("name", sorted(BROKEN_INPUTS))
def test_broken_input_never_shows_a_traceback(tmp_path: Path, name: str) -> None:
    """lint reports the error as a finding (exit 1); generate refuses to run (exit 2)."""
    project(tmp_path, {"broken.yaml": BROKEN_INPUTS[name]})
    code, line, column = BROKEN_FIRST[name]
    where = f"contracts/broken.yaml:{line}:{column}: error {code} "
    text = run_stele(["lint", "-o", "text"], tmp_path)
    assert (text.returncode, text.stderr) == (1, ""), text.stderr
    assert text.stdout.splitlines()[0].startswith(where)
    as_json = run_stele(["lint", "-o", "json"], tmp_path)
    assert (as_json.returncode, as_json.stderr) == (1, ""), as_json.stderr
    first = json.loads(as_json.stdout)["results"][0]
    assert (first["rule"], first["path"], first["line"], first["column"]) == (
        code,
        "contracts/broken.yaml",
        line,
        column,
    )
    generated = run_stele(["generate"], tmp_path)
    assert (generated.returncode, generated.stdout) == (2, ""), generated.stderr
    assert generated.stderr.splitlines()[0].startswith(where)
    assert not (tmp_path / "codegen").exists()


def test_a_malformed_lock_file_exits_2_without_traceback(tmp_path: Path) -> None:
    project(tmp_path, {"a.yaml": "package: demo.a\n"})
    (tmp_path / "compat").mkdir()
    (tmp_path / "compat" / "stele.lock").write_text("version: 7\ntypes: {}\n", encoding="utf-8")
    done = run_stele(["lint", "-o", "text"], tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "compat/stele.lock:1:10: error S125 malformed lock file: expected 'version: 1'",
        "    hint: regenerate the lock file with `stele lock`, or restore it from version control",
    ]


# --- generate ----------------------------------------------------------------------------------


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def test_generate_on_a_broken_project_exits_2_and_leaves_the_output_untouched(
    tmp_path: Path,
) -> None:
    project(tmp_path, {"ok.yaml": "package: demo.ok\ntypes:\n  A:\n    fields:\n      x: string\n"})
    first = run_stele(["generate"], tmp_path)
    assert first.returncode == 0, first.stderr
    before = _snapshot(tmp_path / "codegen")
    lock_before = (tmp_path / "compat" / "stele.lock").read_bytes()
    assert before  # something was generated to protect
    (tmp_path / "contracts" / "ok.yaml").write_text(BROKEN, encoding="utf-8")
    broken = run_stele(["generate"], tmp_path)
    assert broken.returncode == 2
    assert "Traceback" not in broken.stderr
    assert broken.stderr.splitlines()[0] == (
        "contracts/ok.yaml:7:14: error S100 unknown type 'Mony'"
    )
    assert _snapshot(tmp_path / "codegen") == before
    assert (tmp_path / "compat" / "stele.lock").read_bytes() == lock_before


@pytest.mark.parametrize(
    ("output", "problem"),
    [
        (".", "would replace the project itself"),
        ("contracts", "would replace the contract sources in 'contracts'"),
        ("compat", "would replace the lock file"),
        ("stele.yaml", "would replace stele.yaml"),
    ],
)
def test_generate_never_replaces_the_project_with_its_output(
    tmp_path: Path, output: str, problem: str
) -> None:
    """`generate` swaps the output folder whole; pointed at the project it would delete it."""
    project(tmp_path, {"ok.yaml": "package: demo.ok\ntypes:\n  A:\n    fields:\n      x: string\n"})
    (tmp_path / "compat").mkdir()
    (tmp_path / "compat" / "stele.lock").write_text("version: 1\ntypes: {}\n", encoding="utf-8")
    (tmp_path / "stele.yaml").write_text(f"sources: [contracts]\noutput: {output}\n", "utf-8")
    before = _snapshot(tmp_path)
    done = run_stele(["generate"], tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        f"stele.yaml:2:9: error C006 output '{output}' {problem}",
        "    hint: generate into a folder of its own, such as codegen",
    ]
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("command", [["lint"], ["generate"], ["lock"], ["check"]])
def test_a_command_outside_a_project_says_so_and_exits_2(
    tmp_path: Path, command: list[str]
) -> None:
    done = run_stele(command, tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "stele.yaml:1:1: error C009 no stele.yaml found here or in a folder above: "
        "this is not a stele project",
        "    hint: create one with `stele init`, run stele inside a project, "
        "or name one with --config",
    ]


def test_lint_of_a_named_file_needs_no_project(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("package: demo.a\n", encoding="utf-8")
    done = run_stele(["lint", "-o", "text", "a.yaml"], tmp_path)
    assert (done.returncode, done.stdout) == (0, "0 errors, 0 warnings, 0 infos in 1 file\n")


# --- one broken file: its own error first, no follow-ons elsewhere ------------------------------

SHOP = """\
package: demo.shop
types:
  Order:
    fields:
      id: string
messages:
  OrderPlaced:
    kind: event
    body: Order
channels:
  shop-events:
    style: publish-subscribe
    owner: demo.shop
    messages: [OrderPlaced]
"""

SHIPPING = """\
package: demo.a_shipping
types:
  Parcel:
    fields:
      order: demo.shop.Order
      weight: Grams
channels:
  shipping-events:
    style: publish-subscribe
    owner: demo.shop.ShopService
    messages: [demo.shop.OrderPlaced]
"""


@pytest.mark.parametrize(
    ("broken", "own_error"),
    [
        (
            SHOP.replace("channels:", "chanels:"),
            [
                "contracts/shop.yaml:10:1: error S011 unknown key 'chanels' in a contract file",
                "    hint: did you mean 'channels'?",
            ],
        ),
        (
            SHOP.replace("      id: string\n", "      id: string: x\n"),
            [
                "contracts/shop.yaml:5:17: error S001 YAML syntax error: mapping values are not "
                "allowed in this context",
                "    hint: quote values that contain ': ', or fix the indentation",
            ],
        ),
        (
            SHOP.replace("      id: string\n", "      id: string\n      id: uuid\n"),
            [
                "contracts/shop.yaml:6:7: error S002 duplicate key 'id' (first at line 5)",
                "    hint: remove or rename one of the two entries",
            ],
        ),
    ],
    ids=["misspelled-top-level-key", "yaml-syntax", "duplicate-key"],
)
def test_a_broken_file_reports_its_own_error_first_and_no_follow_ons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: str, own_error: list[str]
) -> None:
    # The hint's example is a type of the project's other packages, when one was declared.
    example = " such as demo.shop.Order" if "chanels" in broken else ""
    """a_shipping.yaml sorts first and refers to demo.shop: those references are not reported
    while shop.yaml does not load; its own mistake (Grams) still is, after shop.yaml's."""
    project(tmp_path, {"shop.yaml": broken, "a_shipping.yaml": SHIPPING})
    done = invoke(["lint", "-o", "text"], tmp_path, monkeypatch)
    assert done.exit_code == 1
    assert done.output.splitlines() == [
        *own_error,
        "contracts/a_shipping.yaml:6:15: error S100 unknown type 'Grams'",
        f"    hint: declare it under 'types:' or use a qualified name{example}",
        "2 errors, 0 warnings, 0 infos in 2 files",
    ]


def test_unknown_type_hints_fit_the_name_and_come_from_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A qualified name names its missing package and the files declaring packages; a short
    name's example is one of this project's (it was food.common.Money in every project)."""
    project(
        tmp_path,
        {
            "order.yaml": "package: shop.order\n"
            "types:\n"
            "  Order:\n"
            "    fields:\n"
            "      total: shared.money.Money\n"
            "      weight: Grams\n",
            "billing.yaml": "package: shop.billing\ntypes:\n  Invoice:\n    fields:\n      id: string\n",
        },
    )
    done = invoke(["lint", "-o", "text"], tmp_path, monkeypatch)
    assert (done.exit_code, done.output.splitlines()) == (
        1,
        [
            "contracts/order.yaml:5:14: error S100 unknown type 'shared.money.Money'",
            "    hint: no contract file declares package 'shared.money' (packages are declared by "
            "contracts/billing.yaml, contracts/order.yaml): add it to the sources",
            "contracts/order.yaml:6:15: error S100 unknown type 'Grams'",
            "    hint: declare it under 'types:' or use a qualified name such as "
            "shop.billing.Invoice",
            "2 errors, 0 warnings, 0 infos in 2 files",
        ],
    )


def test_a_qualified_name_missing_from_an_existing_package_names_that_package() -> None:
    from stele.source.names import Kind, NameTable

    names = NameTable(packages={"shop.billing": "contracts/billing.yaml"})
    assert names.missing_hint(Kind.TYPE, "shop.billing.Receipt", "shop.order") == (
        "package 'shop.billing' (contracts/billing.yaml) declares no type 'Receipt'"
    )


def test_an_unknown_qualified_reference_names_its_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """S102 for a qualified name said 'declare the message first'; it names the package now."""
    project(
        tmp_path,
        {
            "order.yaml": "package: shop.order\n"
            "channels:\n"
            "  order-events:\n"
            "    style: publish-subscribe\n"
            "    owner: shop.nowhere.Service\n"
            "    messages: [shop.billing.Paid]\n",
            "billing.yaml": "package: shop.billing\n",
        },
    )
    done = invoke(["lint", "-o", "text"], tmp_path, monkeypatch)
    assert (done.exit_code, done.output.splitlines()) == (
        1,
        [
            "contracts/order.yaml:5:12: error S102 unknown service 'shop.nowhere.Service'",
            "    hint: no contract file declares package 'shop.nowhere' (packages are declared by "
            "contracts/billing.yaml, contracts/order.yaml): add it to the sources",
            "contracts/order.yaml:6:16: error S102 unknown message 'shop.billing.Paid'",
            "    hint: package 'shop.billing' (contracts/billing.yaml) declares no message 'Paid'",
            "2 errors, 0 warnings, 0 infos in 2 files",
        ],
    )


def test_a_misspelled_scalar_is_named_in_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`strng` and `int46` suggest the scalars; the hint named a type of another package."""
    project(
        tmp_path,
        {
            "order.yaml": "package: shop.order\n"
            "types:\n"
            "  Order:\n"
            "    fields:\n"
            "      note: strng\n"
            "      weight: list<int46>\n"
            "      size: bigint\n",
            "billing.yaml": "package: shop.billing\ntypes:\n  Invoice:\n    fields:\n      id: string\n",
        },
    )
    done = invoke(["lint", "-o", "text"], tmp_path, monkeypatch)
    assert (done.exit_code, done.output.splitlines()) == (
        1,
        [
            "contracts/order.yaml:5:13: error S100 unknown type 'strng'",
            "    hint: did you mean 'string'?",
            "contracts/order.yaml:6:15: error S100 unknown type 'int46'",
            "    hint: did you mean 'int64'?",
            "contracts/order.yaml:7:13: error S100 unknown type 'bigint'",
            "    hint: declare it under 'types:' or use a qualified name such as "
            "shop.billing.Invoice",
            "3 errors, 0 warnings, 0 infos in 2 files",
        ],
    )
