"""Every rule is bound with its handler (`stele.compat.handlers`), and the binding is true.

The case files (`test_compat_cases.py`) watch that each finding is made by a handler that
declares its rule; this module checks that every rule has a handler, that the watch complains
when a finding is made elsewhere, and that the contract-level rules are bound through the
judge tables of their kinds.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest
from _handler_guard import misplaced, watch

from stele.compat import handlers as handlers_module
from stele.compat.avro.rules import ENUM_SYMBOL_ADDED, FIXED_SIZE_CHANGED
from stele.compat.catalogue import all_rules, checked_by, every_rule
from stele.compat.contract.kinds import KINDS, rule_id
from stele.compat.handlers import handlers, handles
from stele.compat.model import Direction, Finding


def test_every_artifact_rule_has_a_handler() -> None:
    assert [r for r in all_rules() if not handlers(r)] == []


def test_a_handler_is_named_by_its_module_and_function() -> None:
    assert handlers("avro-enum-symbol-added") == ("stele.compat.avro.judges.enum_symbols",)
    assert handlers("json-pattern-added") == ("stele.compat.jsonschema.keywords.compare_strings",)
    # a rule found in two places has two handlers
    assert handlers("proto-field-number-changed") == (
        "stele.compat.protobuf._member_checks.extensions_number_changed",
        "stele.compat.protobuf._member_checks.fields_number_changed",
    )


def test_every_contract_kind_is_bound_to_a_judge_table() -> None:
    """Each kind's rule has an entry in a format family's, a structural element's or the
    neutral verdicts' table, besides GraphQL's judge, which judges every kind."""
    unbound = [
        k
        for k in KINDS
        if not [h for h in checked_by(rule_id(k)) if "JUDGES[" in h or "_NEUTRAL[" in h]
    ]
    assert unbound == []
    assert checked_by("contract-channel-removed") == (
        "stele.compat.contract.judge_structure.JUDGES['channel-removed']",
        "stele.compat.contract.judge_graphql.judge",
    )
    assert {r for r in every_rule() if r.startswith("contract-")} == {rule_id(k) for k in KINDS}


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A registry of this test's own: handlers declared here vanish with the test."""
    handlers_module.load()
    by_rule = {rule: list(functions) for rule, functions in handlers_module._BY_RULE.items()}
    monkeypatch.setattr(handlers_module, "_BY_RULE", by_rule)
    monkeypatch.setattr(handlers_module, "_DECLARED", dict(handlers_module._DECLARED))
    yield


def _report_enum_symbol_added() -> Finding:
    return ENUM_SYMBOL_ADDED.finding(Direction.FORWARD, "enum symbol B added", "E")


@pytest.mark.usefixtures("registry")
def test_the_watch_names_a_finding_made_by_another_rules_handler(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    complaints = watch(monkeypatch, code=__name__)  # this module's findings are watched

    @handles(FIXED_SIZE_CHANGED)
    def fixed_sizes() -> Finding:
        return _report_enum_symbol_added()

    @handles(ENUM_SYMBOL_ADDED)
    def symbols() -> Finding:
        return _report_enum_symbol_added()

    fixed_sizes()
    symbols()
    _report_enum_symbol_added()
    assert complaints == [
        "avro-enum-symbol-added reported by "
        "test_the_watch_names_a_finding_made_by_another_rules_handler.<locals>.fixed_sizes, "
        "which declares ['avro-fixed-size-changed']",
        "avro-enum-symbol-added reported outside any handler",
    ]


@pytest.mark.usefixtures("registry")
def test_the_nearest_handler_on_the_stack_answers() -> None:
    @handles(ENUM_SYMBOL_ADDED)
    def inner() -> str | None:
        return misplaced("avro-enum-symbol-added", sys._getframe(), __name__)

    @handles(FIXED_SIZE_CHANGED)
    def outer() -> str | None:
        return inner()

    @handles(FIXED_SIZE_CHANGED)
    def outer_alone() -> str | None:
        return misplaced("avro-enum-symbol-added", sys._getframe(), __name__)

    assert outer() is None
    assert misplaced("avro-enum-symbol-added", sys._getframe()) is None  # a test's own finding
    assert outer_alone() == (
        "avro-enum-symbol-added reported by "
        "test_the_nearest_handler_on_the_stack_answers.<locals>.outer_alone, "
        "which declares ['avro-fixed-size-changed']"
    )
    local = "test_rule_handlers.test_the_nearest_handler_on_the_stack_answers.<locals>"
    assert [h for h in handlers("avro-fixed-size-changed") if h.startswith(local)] == [
        f"{local}.outer",
        f"{local}.outer_alone",
    ]


def test_a_handler_declares_at_least_one_rule() -> None:
    with pytest.raises(ValueError, match="at least one rule"):
        handles()
