"""The AsyncAPI 3.0 compatibility checker (JSON or YAML). See docs/compat-asyncapi.md."""

from __future__ import annotations

from stele.compat.apidocs import Document, as_forward, load_documents, pair_documents
from stele.compat.asyncapi.checks import check_documents
from stele.compat.model import Direction, Finding, sort_findings

FORMAT = "asyncapi"


class AsyncApiChecker:
    """AsyncAPI checker. Documents pair by relative path (one per application).

    Per-rule severities from `stele.yaml` are applied to every format's findings by
    `stele.compat.catalogue.apply_severity_overrides`, not here.
    """

    format = FORMAT

    def load(self, files: dict[str, bytes]) -> dict[str, Document]:
        return load_documents(files, "asyncapi")

    def check(
        self, old: dict[str, Document], new: dict[str, Document], direction: Direction
    ) -> list[Finding]:
        if direction is Direction.BACKWARD:
            findings = self._backward(old, new)
        else:
            findings = as_forward(self._backward(new, old))
        return sort_findings(findings)

    def _backward(self, old: dict[str, Document], new: dict[str, Document]) -> list[Finding]:
        findings: list[Finding] = []
        for old_doc, new_doc in pair_documents(old, new, "asyncapi"):
            findings.extend(check_documents(old_doc, new_doc))
        return findings


CHECKER = AsyncApiChecker()
