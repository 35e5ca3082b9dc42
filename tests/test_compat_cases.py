"""Case files for compatibility rules: old and new artifacts with the exact expected findings.

Layout: tests/compat_cases/<format>/<rule-id>/<case>/ holding `old.<ext>` and `new.<ext>` (or
`old/` and `new/` directories) and `expected.json` (an optional `checker_options` object is
passed to the format checker's constructor):

    {"mode": "BACKWARD", "findings": [
        {"rule": "...", "severity": "error", "direction": "backward", "subject": "...",
         "message": "...", "old": "old.avsc:3:5", "new": null}]}

A case whose name starts with `fail` must contain a finding of its rule; one that starts with
`pass` must contain none. Set STELE_UPDATE_CASES=1 to rewrite expected.json from the checker
(then review the diff: the file is the specification).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import re
from pathlib import Path

import pytest

from stele.compat.catalogue import CheckerSettings, all_rules, every_rule
from stele.compat.diff import diff_paths
from stele.compat.model import (
    CAUSE,
    CAUSE_RULE,
    FRAME_AFTER,
    FRAME_BEFORE,
    VARIANT,
    Direction,
    Finding,
    Mode,
)
from stele.span import Span

CASES = Path(__file__).parent / "compat_cases"


def _cases() -> list[Path]:
    return sorted(p.parent for p in CASES.glob("*/*/*/expected.json"))


def _side(case: Path, name: str) -> Path:
    if (case / name).is_dir():
        return Path(name)
    matches = sorted(case.glob(f"{name}.*"))
    assert matches, f"{case} has no {name} artifact"
    return Path(matches[0].name)


def _loc(loc: Span | None) -> str | None:
    return str(loc) if loc is not None else None


def _as_expected(f: Finding) -> dict[str, object]:
    expected: dict[str, object] = {
        "rule": f.rule,
        "severity": f.severity.value,
        "direction": f.direction.value,
        "subject": f.subject,
        "message": f.message,
        "old": _loc(f.old),
        "new": _loc(f.new),
    }
    if f.reached_by:  # a change to a shared definition: the operations it reaches
        expected["reached_by"] = list(f.reached_by)
    return expected


@pytest.mark.parametrize("case", _cases(), ids=lambda p: "/".join(p.parts[-3:]))
def test_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected_file = case / "expected.json"
    expected = json.loads(expected_file.read_text())
    fmt = case.parent.parent.name
    settings = None
    if "checker_options" in expected:  # e.g. a Protobuf category other than the default
        module = importlib.import_module(f"stele.compat.{fmt}")
        options = expected["checker_options"]
        monkeypatch.setattr(module, "CHECKER", type(module.CHECKER)(**options))
        if "category" in options:  # the Protobuf diff builds its checker from the settings
            settings = CheckerSettings(protobuf_category=options["category"])
    monkeypatch.chdir(case)
    result = diff_paths(
        _side(case, "old"), _side(case, "new"), fmt, Mode(expected["mode"]), settings
    )
    actual = [_as_expected(f) for f in result.findings]
    if os.environ.get("STELE_UPDATE_CASES"):
        expected["findings"] = actual
        expected_file.write_text(json.dumps(expected, indent=2) + "\n")
    assert actual == expected["findings"]
    assert [f.message for f in result.findings if not _rendered(f)] == []
    # graphql-core's descriptions are read into the rule's templates, not told as they are.
    assert [f.message for f in result.findings if f.value(VARIANT) == "graphql-core"] == []
    rule = case.parent.name
    rules_found = {f["rule"] for f in actual}
    if case.name.startswith("fail"):
        assert rule in rules_found, f"a failing case of {rule} must produce it"
    elif case.name.startswith("pass"):
        assert rule not in rules_found, f"a passing case of {rule} must not produce it"
    else:
        pytest.fail(f"case names start with 'fail' or 'pass': {case.name}")


def _rendered(f: Finding) -> bool:
    """Whether the message is its rule's template rendered from the finding's detail."""
    templates = all_rules()[f.rule].messages.values()
    detail = dict(f.detail)
    if CAUSE_RULE in detail:  # told through a JSON Schema finding: its message from its template
        cause = all_rules()[detail[CAUSE_RULE]].messages[detail.get(VARIANT, "")]
        detail[CAUSE] = cause.format(**detail)
    frame = detail.get(FRAME_BEFORE, ""), detail.get(FRAME_AFTER, "")
    rendered = {_render(t, detail) for t in templates}
    return f.message in {f"{frame[0]}{m}{frame[1]}" for m in rendered if m}


def _render(template: str, values: dict[str, str]) -> str | None:
    try:
        return template.format(**values)
    except KeyError:  # another variant's template, which names values this finding lacks
        return None


def test_rules_with_message_templates() -> None:
    """Every rule renders its messages from its record's templates: the artifact checkers' and
    the contract-level rules (whose verdicts `test_contract_phrases` checks), so a rule added
    without templates fails here. OpenAPI's must all have them: one change to a shared
    definition is joined across operations by the findings' detail (`openapi.checks.merge_shared`)."""
    counts: dict[str, tuple[int, int]] = {}
    for rule in every_rule().values():
        done, total = counts.get(rule.format, (0, 0))
        counts[rule.format] = (done + bool(rule.messages), total + 1)
    assert counts == {
        "asyncapi": (13, 13),
        "avro": (22, 22),
        "contract": (73, 73),
        "graphql": (23, 23),
        "jsonschema": (78, 78),
        "protobuf": (60, 60),
        "openapi": (38, 38),
    }
    assert [r.id for r in every_rule().values() if not r.messages] == []


def test_a_graphql_description_in_another_wording_is_told_as_it_is() -> None:
    """graphql-core words its changes per version; a description no template of the rule
    matches keeps its wording, in the `graphql-core` variant, and still renders from it."""
    from stele.compat.graphql import described
    from stele.compat.graphql.rules import BY_CHANGE

    rule = BY_CHANGE["FIELD_REMOVED"]
    assert described(rule, "Field Order.note was removed.") == (
        "",
        {"type": "Order", "field": "note"},
    )
    assert described(rule, "Order.note was removed.") == (
        "graphql-core",
        {"description": "Order.note was removed."},
    )
    changed = BY_CHANGE["ARG_DEFAULT_VALUE_CHANGE"]
    assert described(changed, "@cost(weight:) has changed defaultValue from 1 to [2, 3].") == (
        "directive",
        {"directive": "cost", "argument": "weight", "old": "1", "new": "[2, 3]"},
    )


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    missing = []
    for rule in all_rules().values():
        folder = CASES / rule.format / rule.id
        names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
        if not any(n.startswith("fail") for n in names) or not any(
            n.startswith("pass") for n in names
        ):
            missing.append(rule.id)
    assert missing == []


def test_catalogue_is_complete() -> None:
    for rule in all_rules().values():
        assert rule.id == rule.id.lower() and " " not in rule.id and "_" not in rule.id, rule.id
        assert rule.id.startswith(
            {
                "avro": "avro-",
                "protobuf": "proto-",
                "jsonschema": "json-",
                "openapi": "openapi-",
                "asyncapi": "asyncapi-",
                "graphql": "graphql-",
            }[rule.format]
        ), rule.id
        assert rule.summary and "\n" not in rule.summary, rule.id
        doc = rule.doc
        for section in ("## What it flags", "## Why it breaks", "## Example", "## Instead"):
            assert section in doc, f"{rule.id} doc lacks '{section}'"
        assert rule.directions, rule.id


def test_jsonschema_rule_examples_are_the_case_files() -> None:
    """The bad and good examples in each JSON Schema rule's doc are its `*-example` cases."""
    from stele.compat.jsonschema.rules import EXAMPLES, pretty

    drifted = []
    for rule_id, (bad, good) in EXAMPLES.items():
        for name, (old, new) in (("fail-example", bad), ("pass-example", good)):
            case = CASES / "jsonschema" / rule_id / name
            if not old:  # a removed file: the case holds directories, the doc describes it
                assert (case / "old").is_dir() and (case / "new").is_dir(), case
                continue
            files = ((case / "old.json").read_text(), (case / "new.json").read_text())
            if files != (pretty(old), pretty(new)):
                drifted.append(f"{rule_id}/{name}")
    assert drifted == []


# The formats whose rule docs show whole artifacts, in the language of their case files. The
# examples of OpenAPI, AsyncAPI and Protobuf rules are fragments of a document (the operation, the
# channel, the message the rule is about); their cases are whole documents.
WHOLE_EXAMPLES = {
    "avro": ("json", ".avsc"),
    "jsonschema": ("json", ".json"),
    "graphql": ("graphql", ".graphql"),
}
FRAGMENT_EXAMPLES = ("openapi", "asyncapi", "protobuf")


def _example_blocks(doc: str) -> list[tuple[str, str]]:
    example = doc.split("## Example\n", 1)[1].split("\n## Instead", 1)[0]
    return re.findall(r"```(\w*)\n(.*?)\n```", example, re.S)


def _same(lang: str, case_text: str, block: str) -> bool:
    if lang == "json":
        return bool(json.loads(case_text) == json.loads(block))
    return case_text == block + "\n"


def test_rule_examples_are_the_case_files() -> None:
    """A rule's Example, where its doc shows whole artifacts, is its `fail-example` case: the
    old and new files hold the example's blocks, and the case requires the rule's finding."""
    drifted, cased = [], 0
    for rule in all_rules().values():
        assert rule.format in (*WHOLE_EXAMPLES, *FRAGMENT_EXAMPLES), rule.format
        blocks = _example_blocks(rule.doc)
        if (
            rule.format not in WHOLE_EXAMPLES
            or [b[0] for b in blocks] != [WHOLE_EXAMPLES[rule.format][0]] * 2
        ):
            continue  # a fragment, or a listing of files (a schema removed from a directory)
        lang, ext = WHOLE_EXAMPLES[rule.format]
        case = CASES / rule.format / rule.id / "fail-example"
        files = [case / f"old{ext}", case / f"new{ext}"]
        if not all(f.is_file() for f in files) or not all(
            _same(lang, f.read_text(), block) for f, (_, block) in zip(files, blocks, strict=True)
        ):
            drifted.append(rule.id)
        cased += 1
    assert drifted == []
    # Every Avro, JSON Schema and GraphQL rule but the two whose examples list files.
    whole = [r for r in all_rules().values() if r.format in WHOLE_EXAMPLES]
    assert cased == len(whole) - 2


def test_a_framed_finding_is_its_template_between_its_frame() -> None:
    from stele.compat.openapi.rules import OPERATION_DEPRECATED

    found = OPERATION_DEPRECATED.report(Direction.BACKWARD, "GET /x", operation="GET /x")
    framed = found.framed(after=" (x-stability-level alpha)").framed(before="POST /o callback c: ")
    assert framed.message == (
        "POST /o callback c: operation GET /x deprecated (x-stability-level alpha)"
    )
    assert (framed.value("operation"), _rendered(framed)) == ("GET /x", True)
    assert not _rendered(dataclasses.replace(framed, message=found.message))
