"""Each rule bound with its handler: the code that finds the change the rule names.

A format checker's rules are records (`stele.compat.<format>.rules`); the functions that find
their changes declare them with `@handles(RULE, ...)`, the one way a rule and its code are
bound in every format. A handler may report several rules (a comparison of enum symbols finds
a symbol added and a symbol removed), and a rule may have several handlers (a Protobuf field
number changed is found in messages and in extensions); a rule without a handler is a defect.

`handlers(rule_id)` lists a rule's handlers; `stele rules ID` and docs/rules.md print them
(`catalogue.checked_by`).
`declared(code)` is what the tests' watch (`tests/_handler_guard.py`) reads: every finding made
during a test must be made inside a handler that declares its rule.

The contract-level rules are bound by their kind to the judges of the kind: the `JUDGES` tables
of `compat.contract` (`compat.contract.judges.handlers`). This module sits below the artifact
checkers, which do not know the contract judges.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import CodeType
from typing import Any, TypeVar

from stele.compat.model import Rule

F = TypeVar("F", bound=Callable[..., Any])

# The modules whose import registers every handler of a format (the Protobuf checker's package
# loads its rule engine only when it checks, after the compiler's fork).
_CHECKERS = (
    "avro", "protobuf._engine", "jsonschema", "openapi", "asyncapi", "graphql",
)  # fmt: skip

_BY_RULE: dict[str, list[Callable[..., Any]]] = {}
_DECLARED: dict[CodeType, frozenset[str]] = {}


def handles(*rules: Rule) -> Callable[[F], F]:
    """Bind `rules` to the decorated function, which is returned unchanged."""
    if not rules:
        raise ValueError("a handler handles at least one rule")

    def bind(function: F) -> F:
        code: CodeType = function.__code__
        _DECLARED[code] = _DECLARED.get(code, frozenset()) | {rule.id for rule in rules}
        for rule in rules:
            _BY_RULE.setdefault(rule.id, []).append(function)
        return function

    return bind


def load() -> None:
    """Import every format checker, so that every handler is registered."""
    for fmt in _CHECKERS:
        importlib.import_module(f"stele.compat.{fmt}")


def declared(code: CodeType) -> frozenset[str] | None:
    """The rule ids the function of `code` declares, or None if it is no handler."""
    return _DECLARED.get(code)


def qualified(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def handlers(rule_id: str) -> tuple[str, ...]:
    """The qualified names of the functions that find the change `rule_id` names."""
    load()
    return tuple(sorted({qualified(f) for f in _BY_RULE.get(rule_id, ())}))
