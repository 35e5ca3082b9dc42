"""A watch on the binding of rules and handlers (`stele.compat.handlers`).

`watch(monkeypatch)` makes every finding stele's code makes report where it was made: the
nearest function on the stack that is a handler (`@handles`) must declare the finding's rule.
The returned list holds one line per finding made elsewhere; the caller asserts it is empty
(`conftest.py` does, around every test). Findings are recorded, not raised, so that no checker's
own error handling can swallow the complaint. A finding a test makes itself (an expected value)
is not watched.
"""

from __future__ import annotations

import sys
from types import FrameType
from typing import Any

import pytest

from stele.compat.handlers import declared, load
from stele.compat.model import Finding, Rule


def misplaced(rule_id: str, frame: FrameType | None, code: str = "stele.") -> str | None:
    """Why a finding of `rule_id` made in `frame` is not its handler's, or None if it is (or if
    code outside the modules named `code*`, a test, made it)."""
    while frame is not None and frame.f_globals.get("__name__") == "stele.compat.model":
        frame = frame.f_back  # Rule.report and Rule.tell make their findings with Rule.finding
    if frame is None or not str(frame.f_globals.get("__name__", "")).startswith(code):
        return None
    while frame is not None:
        rules = declared(frame.f_code)
        if rules is not None:
            if rule_id in rules:
                return None
            return (
                f"{rule_id} reported by {frame.f_code.co_qualname}, which declares {sorted(rules)}"
            )
        frame = frame.f_back
    return f"{rule_id} reported outside any handler"


def watch(monkeypatch: pytest.MonkeyPatch, code: str = "stele.") -> list[str]:
    load()
    complaints: list[str] = []
    original = Rule.finding

    def finding(self: Rule, *args: Any, **kwargs: Any) -> Finding:
        # A contract-level rule is bound to its judges by the judge tables of its kind, and its
        # findings are made from their verdicts (`test_rule_handlers` checks the tables).
        contract = self.id.startswith("contract-")
        complaint = None if contract else misplaced(self.id, sys._getframe(1), code)
        if complaint is not None:
            complaints.append(complaint)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Rule, "finding", finding)
    return complaints
