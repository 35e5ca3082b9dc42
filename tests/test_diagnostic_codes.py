"""The catalogue of diagnostic codes (stele.diagnostic_codes) against the source that reports them.

Meta-tests: every code-shaped literal of src/stele is catalogued; every catalogued code is
reported somewhere or marked retired; codes match their family's pattern and severities; a code
built with error()/warning()/info() has the catalogue's severity; docs/diagnostics.md is the
rendered catalogue (STELE_UPDATE_GOLDEN=1 rewrites it, as `stele explain --markdown` does).
"""

from __future__ import annotations

import ast
import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import cast

from click.testing import CliRunner

from stele.cli.explain import explain_command
from stele.diagnostic_codes import CODE_SHAPE, FAMILIES, Code, catalogue, lookup, nearest
from stele.diagnostic_codes.page import anchor, render
from stele.diagnostics import Severity
from stele.report.rules import describe

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "stele"
PAGE = ROOT / "docs" / "diagnostics.md"
CATALOGUE_DIR = SRC / "diagnostic_codes"
CONSTRUCTORS = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO}


@functools.cache  # parsed once, when a test first needs it, not at collection
def _modules() -> dict[Path, ast.Module]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8"), str(path))
        for path in sorted(SRC.rglob("*.py"))
        if CATALOGUE_DIR not in path.parents
    }


def _literals(tree: ast.Module) -> set[str]:
    """Every string constant of the module shaped like a code (docstrings are whole sentences,
    so a code named in prose is not one)."""
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CODE_SHAPE.fullmatch(node.value)
    }


def codes_in_source() -> dict[str, list[str]]:
    """code -> the modules that hold it as a literal."""
    found: dict[str, list[str]] = {}
    for path, tree in _modules().items():
        for code in _literals(tree):
            found.setdefault(code, []).append(str(path.relative_to(SRC)))
    return found


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level names bound to a code (`CODE = "G003"`, `BAD_REF = "I007"`)."""
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and CODE_SHAPE.fullmatch(node.value.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def constructors() -> dict[str, Severity]:
    """error, warning, info, and the helpers that pass their first parameter on as the code of
    one of them (`bad(code, message)`, `self.report(code, ...)`), to any depth; a helper name
    that two modules define at two severities is left out."""
    known: dict[str, Severity | None] = dict(CONSTRUCTORS)
    functions = [
        node
        for tree in _modules().values()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
    ]
    changed = True
    while changed:
        changed = False
        for function in functions:
            params = [a.arg for a in function.args.args if a.arg not in ("self", "cls")]
            if not params or function.name in CONSTRUCTORS:
                continue
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and node.args):
                    continue
                first, callee = node.args[0], _callee(node)
                if isinstance(first, ast.Name) and first.id == params[0] and known.get(callee):
                    severity = known[callee]
                    if function.name not in known:
                        known[function.name], changed = severity, True
                    elif known[function.name] not in (severity, None):
                        known[function.name], changed = None, True
    return {name: severity for name, severity in known.items() if severity is not None}


def constructed() -> list[tuple[str, Severity, str]]:
    """(code, severity, where) of every call of a constructor whose code is a literal or a
    module-level constant."""
    known = constructors()
    calls = []
    for path, tree in _modules().items():
        names = _constants(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args or _callee(node) not in known:
                continue
            first = node.args[0]
            code = (
                first.value
                if isinstance(first, ast.Constant) and isinstance(first.value, str)
                else names.get(first.id, "")
                if isinstance(first, ast.Name)
                else ""
            )
            if CODE_SHAPE.fullmatch(code):
                where = f"{path.relative_to(SRC)}:{node.lineno}"
                calls.append((code, known[_callee(node)], where))
    return calls


# --- the catalogue against the source ----------------------------------------------------------


def test_the_source_scan_finds_every_family() -> None:
    found = codes_in_source()
    assert {"S001", "S182", "C009", "W008", "G003", "K030", "D014", "T024", "I900", "Z101"} <= set(
        found
    )
    assert {code[0] for code in found} == set(FAMILIES)
    assert "src/stele/importer/run.py".removeprefix("src/stele/") in found["I020"]


def test_every_code_in_the_source_is_catalogued() -> None:
    missing = {code: where for code, where in codes_in_source().items() if lookup(code) is None}
    assert missing == {}


def test_every_catalogued_code_is_reported_or_retired() -> None:
    found = codes_in_source()
    unused = [c.code for c in catalogue().values() if not c.retired and c.code not in found]
    retired_but_used = [c.code for c in catalogue().values() if c.retired and c.code in found]
    assert (unused, retired_but_used) == ([], [])


def test_the_constructors_build_each_code_at_its_catalogued_severity() -> None:
    calls = constructed()
    assert len(calls) > 100  # the scan sees the calls, not an empty list
    built = {(code, severity) for code, severity, _ in calls}
    # Through a module constant, a helper, a helper of a helper, a method:
    assert {
        ("G003", Severity.ERROR),
        ("T020", Severity.ERROR),
        ("K001", Severity.ERROR),
        ("I011", Severity.WARNING),
        ("S011", Severity.ERROR),
    } <= built
    wrong = [
        f"{where}: {code} built as {severity.value}, catalogued {catalogue()[code].severity.value}"
        for code, severity, where in calls
        if catalogue()[code].severity is not severity
    ]
    assert wrong == []


def test_every_reported_code_is_seen_built_with_a_severity() -> None:
    """So the severity check above covers every code but the size hints, which are built as
    WhatIf(code, ...) records and reported through info(candidate.code, ...)."""
    built = {code for code, _, _ in constructed()}
    reported = {c.code for c in catalogue().values() if not c.retired}
    assert reported - built == {"Z101", "Z102", "Z103", "Z104"}
    assert all(c.severity is Severity.INFO for c in catalogue().values() if c.code[:2] == "Z1")


def test_codes_match_their_family_pattern_and_severities() -> None:
    for entry in catalogue().values():
        family = entry.family
        assert re.fullmatch(family.pattern, entry.code), entry.code
        assert entry.severity in family.allowed(entry.code), entry.code


def test_every_family_module_holds_only_its_own_codes() -> None:
    import importlib

    for family in FAMILIES.values():
        assert family.modules, family.letter
        for name in family.modules:
            codes: tuple[Code, ...] = importlib.import_module(
                f"stele.diagnostic_codes.{name}"
            ).CODES
            assert codes, name
            assert {c.code[0] for c in codes} == {family.letter}, name


def test_every_code_has_a_title_and_a_doc() -> None:
    for entry in catalogue().values():
        assert entry.title and entry.doc, entry.code
        assert "\n" not in entry.title + entry.doc + entry.example + entry.fix, entry.code
        assert len(entry.title) <= 60, entry.code
        # The renderers add the period: a doc or title that ends with one would show two.
        assert not entry.title.endswith(".") and not entry.doc.endswith("."), entry.code
        assert entry.title == entry.title.strip() and entry.doc == entry.doc.strip(), entry.code


def test_the_catalogue_is_in_page_order() -> None:
    codes = list(catalogue())
    letters = list(FAMILIES)
    assert codes == sorted(codes, key=lambda c: (letters.index(c[0]), c))


# --- docs/diagnostics.md -----------------------------------------------------------------------


def test_the_committed_page_is_the_generated_one() -> None:
    text = render()
    if os.environ.get("STELE_UPDATE_GOLDEN") == "1":
        PAGE.write_text(text, encoding="utf-8")
    assert PAGE.read_text(encoding="utf-8") == text, (
        "docs/diagnostics.md is stale: run `stele explain --markdown > docs/diagnostics.md`"
    )


def test_the_page_has_a_row_per_code_and_a_section_per_family() -> None:
    text = render()
    rows = re.findall(r"^\| `([A-Z]\d{3})` \|", text, re.MULTILINE)
    assert rows == list(catalogue())
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == [f.heading for f in FAMILIES.values()]
    for family in FAMILIES.values():
        assert f"](#{anchor(family.heading)})" in text


def test_a_table_cell_escapes_the_pipe() -> None:
    assert "`json: strict\\|lenient`" in render()
    c004 = lookup("C004")
    assert c004 is not None
    assert "`json: strict|lenient`" in c004.fix


def test_anchor_is_githubs() -> None:
    assert anchor("Baselines, `stele check` and `stele rules` (`K0xx`)") == (
        "baselines-stele-check-and-stele-rules-k0xx"
    )
    assert anchor("Contract tests: `stele test http` (`T0xx`)") == (
        "contract-tests-stele-test-http-t0xx"
    )


# --- stele explain -----------------------------------------------------------------------------


def _explain(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(explain_command, list(args))
    error = getattr(result.exception, "diagnostics", None)
    if error is not None:
        return 2, "\n".join(d.render() for d in error)
    return result.exit_code, result.output


def test_explain_prints_one_entry() -> None:
    assert _explain("S144") == (
        0,
        "S144 error: example does not fit its type\n"
        "family: S, contract source\n"
        "\n"
        "an example that does not fit its type: wrong symbol, out of range, bad text form, missing or "
        "unknown\nfield, undeclared or missing header.\n"
        "\n"
        "example: `quantity: 2147483648` for an `int32`\n"
        "fix: fix the example\n"
        "\n"
        "docs/diagnostics.md#contract-sources-s0xx-s1xx\n",
    )


def test_explain_reads_a_code_in_any_case() -> None:
    assert _explain("d014") == _explain("D014")
    assert _explain(" D014")[1].startswith("D014 error: $ref loop or too deep\n")


def test_an_unknown_code_is_k031_with_the_nearest_codes() -> None:
    assert _explain("S999") == (
        2,
        "explain:1:1: error K031 unknown diagnostic code 'S999'\n"
        "    hint: did you mean S191, S192 or S193? `stele explain` lists every code",
    )
    assert _explain("W0") == (
        2,
        "explain:1:1: error K031 unknown diagnostic code 'W0'\n"
        "    hint: did you mean W001, W002 or W003? `stele explain` lists every code",
    )


def test_explain_prints_a_contract_rule() -> None:
    code, out = _explain("contract-field-added")
    assert code == 0
    lines = out.splitlines()
    assert lines[:6] == [
        "contract-field-added: A field was added to a record.",
        "compatibility rule, format contract",
        "severity: backward error, forward error (the worst any format gives; each format and"
        " direction has its own verdict)",
        "equivalents: none",
        "checked by: stele.compat.contract.judge_avro.JUDGES['field-added'], "
        "stele.compat.contract.judge_protobuf.JUDGES['field-added'], "
        "stele.compat.contract.judge_json.JUDGES['field-added'], "
        "stele.compat.contract.judge_graphql.judge",
        "",
    ]
    assert "## In the contract YAML" in lines
    assert "The contract diff found a `field-added` change in the YAML." in lines
    assert lines[-1] == "docs/rules.md#contract-field-added"


def test_explain_prints_an_artifact_rule_with_its_severity_by_direction() -> None:
    code, out = _explain("openapi-security-changed")
    assert (code, out.splitlines()[:4]) == (
        0,
        [
            "openapi-security-changed: An operation's security requirements changed.",
            "compatibility rule, format openapi",
            "severity: backward info, forward not judged",
            "equivalents: oasdiff api-security-removed",
        ],
    )
    code, out = _explain("proto-field-removed")
    assert (code, out.splitlines()[2:4]) == (
        0,
        [
            "severity: backward error, forward error",
            "equivalents: buf FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED,"
            " FIELD_NO_DELETE_UNLESS_NAME_RESERVED, FIELD_NO_DELETE, MESSAGE_SAME_REQUIRED_FIELDS",
        ],
    )


def test_explain_prints_a_rule_as_json() -> None:
    code, out = _explain("avro-field-added-without-default", "-o", "json")
    assert code == 0
    doc = json.loads(out)
    assert {k: v for k, v in doc.items() if k != "doc"} == {
        "rule": "avro-field-added-without-default",
        "format": "avro",
        "summary": "A field was added without a default: new readers cannot read old data.",
        "severity": "error",
        "severity_by_direction": {"backward": "error", "forward": "not judged"},
        "equivalents": {
            "confluent": "READER_FIELD_MISSING_DEFAULT_VALUE",
            "avro": "READER_FIELD_MISSING_DEFAULT_VALUE",
        },
        "checked_by": ["stele.compat.avro.judges.reader_field_missing"],
    }
    assert doc["doc"].startswith("## What it flags\n")


def test_explain_prints_the_check_rules_as_stele_rules_does() -> None:
    code, out = _explain("opinions-disagree")
    assert (code, out.splitlines()[0]) == (0, "### `opinions-disagree`")


def test_an_unknown_rule_is_k031_with_the_nearest_rule() -> None:
    assert _explain("contract-feld-added") == (
        2,
        "explain:1:1: error K031 unknown compatibility rule 'contract-feld-added'\n"
        "    hint: did you mean 'contract-field-added'? `stele rules` lists every rule",
    )
    assert _explain("no-such-thing-at-all") == (
        2,
        "explain:1:1: error K031 unknown compatibility rule 'no-such-thing-at-all'\n"
        "    hint: `stele rules` lists every rule",
    )


def test_nearest() -> None:
    assert nearest("S999") == ["S191", "S192", "S193"]
    assert nearest("s10") == ["S100", "S101", "S102"]
    assert nearest("K017", count=2) == ["K015", "K016"]  # 2 and 1 away; K020 is 3
    assert nearest("proto-field-removed") == []


def test_explain_lists_every_code() -> None:
    code, out = _explain()
    lines = out.splitlines()
    assert code == 0
    assert [line.split()[0] for line in lines[:-1]] == list(catalogue())
    assert lines[-1] == f"{len(catalogue())} codes"
    assert lines[0] == "S001 error   YAML syntax error"


def test_explain_json() -> None:
    code, out = _explain("Z012", "--output", "json")
    assert code == 0
    assert json.loads(out) == {
        "code": "Z012",
        "family": "Z",
        "severity": "warning",
        "title": "message budget judges nothing",
        "doc": cast(Code, lookup("Z012")).doc,
        "example": "",
        "fix": "add an example, or `samples: all` in `budgets:`",
        "retired": "",
    }
    listing = json.loads(_explain("--output", "json")[1])
    assert [c["code"] for c in listing["codes"]] == list(catalogue())


def test_explain_markdown_is_the_page() -> None:
    assert _explain("--markdown") == (0, render())


def test_the_catalogue_is_loaded_only_when_a_command_needs_it() -> None:
    script = (
        "import sys\nfrom stele.cli.main import cli\n"
        "print(sorted(m for m in sys.modules if m.startswith(('stele.diagnostic_codes', "
        "'stele.cli.explain'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# --- SARIF rule help ---------------------------------------------------------------------------


def test_sarif_help_of_a_code_is_its_catalogue_entry() -> None:
    info = describe("D014", Severity.ERROR, "a hint of one result")
    entry = catalogue()["D014"]
    assert info.summary == "$ref loop or too deep."
    assert info.help == (
        f"{entry.doc[0].upper()}{entry.doc[1:]}.\n\nExample: {entry.example}\n\nFix: {entry.fix}\n\n"
        "See docs/diagnostics.md#foreign-schemas-stele-diff-d0xx-d1xx."
    )
    assert info.severity is Severity.ERROR
    assert "dependency" not in info.help


def test_sarif_help_takes_the_catalogue_severity_and_leaves_rules_alone() -> None:
    assert describe("S182", Severity.ERROR).severity is Severity.INFO
    assert describe("Z101", Severity.WARNING).summary == "Frequent field numbered above 15."
    assert describe("artifact-changed", Severity.ERROR).summary.startswith("A generated file")


def test_an_uncatalogued_code_keeps_the_family_fallback() -> None:
    info = describe("D999", Severity.ERROR, "check it")
    assert info.summary == "stele stele diff input diagnostic D999."
    assert info.help.endswith("See docs/diagnostics.md.\n\nHint: check it")


# --- through the entry point -------------------------------------------------------------------


def _stele(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stele", *args], capture_output=True, text=True, cwd=cwd
    )


def test_stele_explain_is_a_command_and_an_unknown_code_exits_2() -> None:
    known = _stele("explain", "K031")
    assert (known.returncode, known.stdout.splitlines()[0]) == (
        0,
        "K031 error: unknown diagnostic code or rule",
    )
    unknown = _stele("explain", "K099")
    assert (unknown.returncode, unknown.stdout, unknown.stderr) == (
        2,
        "",
        "explain:1:1: error K031 unknown diagnostic code 'K099'\n"
        "    hint: did you mean K022, K030 or K031? `stele explain` lists every code\n",
    )


def test_d003_has_one_meaning_a_document_without_its_marker(tmp_path: Path) -> None:
    """D003 once also meant a file that does not parse; that is D004 now."""
    (tmp_path / "schema.yaml").write_text("type: object\n", encoding="utf-8")
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n", encoding="utf-8"
    )
    (tmp_path / "broken.yaml").write_text("openapi: [\n", encoding="utf-8")
    marker = _stele("diff", "--format", "openapi", "api.yaml", "schema.yaml", cwd=tmp_path)
    syntax = _stele("diff", "--format", "openapi", "api.yaml", "broken.yaml", cwd=tmp_path)
    assert (marker.returncode, marker.stderr.split(" ", 3)[:3]) == (
        2,
        ["schema.yaml:1:1:", "error", "D003"],
    )
    assert (syntax.returncode, syntax.stderr.split(" ", 3)[1:3]) == (2, ["error", "D004"])
