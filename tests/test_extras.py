"""Optional dependencies are extras (pyproject.toml); a command that needs a missing one stops
with E001 naming the extra to install (exit 2), never with an ImportError's traceback.

The missing package is simulated in a child process: `sys.modules[name] = None` makes every
import of it raise ModuleNotFoundError, as on an installation without the extra.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from stele.cli.init import init_project
from stele.extras import EXTRAS, as_missing_extra, extra_of

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
BINDINGS = (
    "    owner: GreetingService\n"
    "    bindings: {amqp: {exchange: example.greeting, routing_key: greeting.sent},"
    " kafka: {topic: example.greeting.events}}\n"
)


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


def test_every_extra_of_the_table_is_the_one_in_pyproject() -> None:
    extras = PYPROJECT["optional-dependencies"]
    for extra in EXTRAS:
        assert {_name(r) for r in extras[extra.name]} == set(extra.packages.values())
    names = ",".join(e.name for e in EXTRAS)
    assert extras["all"] == [f"stele[{names}]"]
    assert "stele[all]" in extras["dev"]


def test_no_optional_package_is_a_hard_dependency() -> None:
    hard = {_name(r) for r in PYPROJECT["dependencies"]}
    optional = {d for e in EXTRAS for d in e.packages.values()}
    assert hard == {
        "click",
        "pyyaml",
        "grpcio-tools",
        "protobuf",
        "fastavro",
        "jsonschema",
        "jsonschema-rs",
        "openapi-spec-validator",
        "pydantic",
    }
    assert not hard & optional


def test_a_missing_optional_module_becomes_e001_naming_its_extra() -> None:
    missing = as_missing_extra(ModuleNotFoundError("No module named 'graphql'", name="graphql"))
    assert missing is not None and missing.exit_code == 2
    assert [d.render() for d in missing.diagnostics] == [
        "<environment>:0:0: error E001 the optional package graphql-core is not installed "
        "(module 'graphql'); it is needed for the graphql format (generate, check, diff)\n"
        "    hint: install stele's graphql extra: pip install 'stele[graphql]'"
    ]
    sub = as_missing_extra(ModuleNotFoundError("x", name="confluent_kafka.admin"))
    assert sub is not None and "pip install 'stele[brokers]'" in sub.diagnostics[0].hint
    assert extra_of("schemathesis.checks") is extra_of("requests")


def test_other_import_errors_are_not_taken_for_a_missing_extra() -> None:
    assert as_missing_extra(ModuleNotFoundError("x", name="stele.compat.thrift")) is None
    assert as_missing_extra(ModuleNotFoundError("x")) is None
    assert as_missing_extra(ImportError("x", name="graphql")) is None
    assert as_missing_extra(ValueError("graphql")) is None


def _without(module: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        f"sys.modules[{module!r}] = None\n"
        f"sys.argv = ['stele', *{args!r}]\n"
        "from stele.cli.main import main\n"
        "main()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("extras")
    init_project(root)
    contract = next((root / "contracts").glob("*.yaml"))
    text = contract.read_text(encoding="utf-8")
    assert "    owner: GreetingService\n" in text
    contract.write_text(text.replace("    owner: GreetingService\n", BINDINGS, 1), "utf-8")
    return root


@pytest.mark.parametrize(
    ("module", "extra", "distribution", "args"),
    [
        ("schemathesis", "http", "schemathesis", ["test", "http", "--base-url", "http://127.0.0.1:9"]),
        ("graphql", "graphql", "graphql-core", ["generate", "--format", "graphql"]),
        ("pika", "brokers", "pika", ["test", "broker", "--url", "amqp://127.0.0.1:9"]),
        ("confluent_kafka", "brokers", "confluent-kafka", ["test", "broker", "--url", "kafka://127.0.0.1:9"]),
    ],
)  # fmt: skip
def test_a_command_without_its_extra_names_the_extra(
    project: Path, module: str, extra: str, distribution: str, args: list[str]
) -> None:
    done = _without(module, args, project)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    first, hint = done.stderr.splitlines()
    assert first.startswith(
        f"<environment>:0:0: error E001 the optional package {distribution} is not installed "
        f"(module '{module}'); it is needed for "
    )
    assert hint == f"    hint: install stele's {extra} extra: pip install 'stele[{extra}]'"


def test_a_budget_on_msgpack_without_msgpack_is_e001_not_a_silent_pass(tmp_path: Path) -> None:
    init_project(tmp_path)
    config = tmp_path / "stele.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "budgets:\n  max_bytes: {json: 4096, msgpack: 1}\n",
        "utf-8",
    )
    done = _without("msgpack", ["sizes", "--no-timing", "--check"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        "<environment>:0:0: error E001 the optional package msgpack is not installed (module "
        "'msgpack'); it is needed for the msgpack and cbor columns of `stele sizes` and "
        "`stele test`",
        "    hint: install stele's schemaless extra: pip install 'stele[schemaless]'",
    ]
    over = _without("cbor2", ["sizes", "--no-timing", "--check"], tmp_path)
    assert over.returncode == 1  # cbor has no budget: its column is left out; msgpack's is over
    assert "msgpack is " in over.stdout and "over its budget of 1 bytes" in over.stdout
