"""The AsyncAPI 3.0 compatibility checker (JSON or YAML). See docs/compat-asyncapi.md."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stele.compat.apidocs import (
    Document,
    apply_overrides,
    as_forward,
    load_documents,
    pair_documents,
    severity_overrides,
)
from stele.compat.asyncapi.checks import check_documents
from stele.compat.model import Direction, Finding, sort_findings

FORMAT = "asyncapi"


class AsyncApiChecker:
    """AsyncAPI checker. Documents pair by relative path (one per application).

    `overrides` are per-rule severities, in `stele.yaml`'s `rules:` shape
    (`{"asyncapi-message-added": {"severity": "error"}}`) or plainly (`{id: "error"}`).
    """

    format = FORMAT

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        self.overrides = severity_overrides(overrides)

    def load(self, files: dict[str, bytes]) -> dict[str, Document]:
        return load_documents(files, "asyncapi")

    def check(
        self, old: dict[str, Document], new: dict[str, Document], direction: Direction
    ) -> list[Finding]:
        if direction is Direction.BACKWARD:
            findings = self._backward(old, new)
        else:
            findings = as_forward(self._backward(new, old))
        return sort_findings(apply_overrides(findings, self.overrides))

    def _backward(self, old: dict[str, Document], new: dict[str, Document]) -> list[Finding]:
        findings: list[Finding] = []
        for old_doc, new_doc in pair_documents(old, new, "asyncapi"):
            findings.extend(check_documents(old_doc, new_doc))
        return findings


CHECKER = AsyncApiChecker()
