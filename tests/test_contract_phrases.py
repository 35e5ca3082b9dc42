"""The contract-level rules' messages are data: every verdict's reason is a template of the
phrase book (`stele.compat.contract.phrases`) rendered from the verdict's detail.

Two checks: the judges' source names only phrases of the book and gives each exactly the values
its template asks for (so no judge renders a reason by hand, and no template goes unused); and
every verdict over the change corpus is its rule's template rendered from its detail.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from _consumer_proofs import all_cases, versions

import stele.compat.contract as contract_package
from stele.compat.catalogue import every_rule
from stele.compat.contract.diff import diff_projects
from stele.compat.contract.judges import Policy, judge_all
from stele.compat.contract.phrases import PHRASES
from stele.compat.contract.verdicts import HINT, Verdict
from stele.compat.model import FRAME_AFTER, FRAME_BEFORE, VARIANT, Direction

SOURCES = sorted(Path(contract_package.__file__).parent.glob("*.py"))
# The values the verdict adds to every read: the change's element, old and new values.
FROM_THE_CHANGE = {"element", "old", "new"}
# The judges of a format family say what the readers do; `judge_data.judge` says who they are.
FAMILY_JUDGES = {"judge_avro.py", "judge_json.py", "judge_protobuf.py"}
FORMATS = ("protobuf", "avro", "jsonschema", "openapi", "asyncapi", "graphql")
DIRECTIONS = (Direction.BACKWARD, Direction.FORWARD)


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _calls(path: Path) -> list[tuple[str, str, set[str], int]]:
    """(function, phrase key, keyword names, line) of each `read(...)`/`phrase(...)` call whose
    key is a literal."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        position = {"read": 1, "phrase": 0}.get(node.func.id)
        if position is None or len(node.args) <= position:
            continue
        key = node.args[position]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            assert all(k.arg for k in node.keywords), f"{path.name}:{node.lineno}: name each value"
            names = {k.arg for k in node.keywords if k.arg is not None}
            out.append((node.func.id, key.value, names, node.lineno))
    return out


def _keys(path: Path) -> set[str]:
    """Every string literal of the module that has the form of a phrase key."""
    prefixes = tuple(f"{key.split('.', 1)[0]}." for key in PHRASES)
    return {
        node.value
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith(prefixes)
        and " " not in node.value
    }


def test_every_phrase_is_used_and_every_used_phrase_is_in_the_book() -> None:
    named = set().union(*(_keys(p) for p in SOURCES))
    assert sorted(named - set(PHRASES)) == []
    assert sorted(set(PHRASES) - named) == []


def test_no_judge_builds_a_read_by_hand() -> None:
    """A read is made by `read()`, which takes a key of the book, never by `Read(...)`."""
    built = [
        f"{path.name}:{node.lineno}"
        for path in SOURCES
        if path.name != "context.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Read"
    ]
    assert built == []


def test_each_call_gives_its_template_exactly_the_values_it_asks_for() -> None:
    wrong = []
    for path in SOURCES:
        for function, key, names, line in _calls(path):
            fields = _fields(PHRASES[key])
            later = FROM_THE_CHANGE if function == "read" else set()
            if function == "read" and path.name in FAMILY_JUDGES:
                later = later | {"readers"}
            if not names <= fields or not fields - names <= later:
                wrong.append(f"{path.name}:{line} {key}: gives {sorted(names)}, asks {fields}")
    assert wrong == []


def test_the_phrases_of_the_format_families_start_with_the_readers() -> None:
    family = [k for k in PHRASES if k.startswith(("avro.", "json.", "protobuf."))]
    assert len(family) == 138
    assert [k for k in family if not PHRASES[k].startswith("{readers} ")] == []
    others = [k for k in PHRASES if k not in family and "{readers}" in PHRASES[k]]
    assert others == ["graphql.as-before", "graphql.meet"]


def test_the_phrases_not_given_by_a_call_ask_only_for_what_the_change_holds() -> None:
    """Phrases named as data (`_NEUTRAL`, `_both`, `_always`, the rename hint): the judges
    render them with the change's values, the readers, or the hint's two fields."""
    called = {key for path in SOURCES for _, key, _, _ in _calls(path)}
    given = FROM_THE_CHANGE | {"readers"}
    asking = {k: _fields(t) for k, t in PHRASES.items() if k not in called and k != HINT}
    assert {k: f for k, f in asking.items() if not f <= given} == {}
    assert _fields(PHRASES[HINT]) == {"added_field", "removed_field"}


def test_every_contract_rule_carries_the_phrase_book() -> None:
    contract = [r for r in every_rule().values() if r.format == "contract"]
    assert len(contract) == 73
    assert [r.id for r in contract if r.messages != PHRASES] == []


def _rendered(v: Verdict) -> str:
    detail = dict(v.detail)
    template = every_rule()[v.rule].messages[detail[VARIANT]]
    body = template.format(**detail)
    return detail.get(FRAME_BEFORE, "") + body + detail.get(FRAME_AFTER, "")


def _verdicts(policy: Policy) -> list[Verdict]:
    out: list[Verdict] = []
    for case in all_cases():
        old, new = versions(case)
        changes = diff_projects(old.project, new.project)
        out += judge_all(changes, FORMATS, DIRECTIONS, policy, old.project, new.project)
    return out


@pytest.mark.parametrize(
    "policy",
    [Policy(), Policy(json="strict", protobuf="file", json_content_model="closed")],
    ids=["default", "strict"],
)
def test_every_verdict_of_the_corpus_is_its_template_rendered_from_its_detail(
    policy: Policy,
) -> None:
    verdicts = _verdicts(policy)
    assert len(verdicts) > 2000
    assert [v for v in verdicts if v.value(VARIANT) not in PHRASES] == []
    assert [(v.rule, v.reason) for v in verdicts if v.reason != _rendered(v)] == []
    # The detail holds the data the reason was rendered from, never the reason itself.
    assert [v for v in verdicts if v.reason in dict(v.detail).values()] == []


def test_a_rename_hint_is_a_frame_after_the_reason() -> None:
    hinted = [v for v in _verdicts(Policy()) if v.value(FRAME_AFTER)]
    assert hinted, "the corpus holds a field removed while one of its type was added"
    for v in hinted:
        frame = PHRASES[HINT].format(
            added_field=v.value("added_field"), removed_field=v.value("removed_field")
        )
        assert (v.change.kind, v.value(FRAME_AFTER)) == ("field-removed", frame)
        assert v.reason.endswith(frame)
