"""The AsyncAPI 3.0 compatibility checker (JSON or YAML). See docs/compat-asyncapi.md."""

from __future__ import annotations

from stele.compat.apidocs import Document, as_forward, load_documents, pair_documents
from stele.compat.asyncapi.checks import check_documents
from stele.compat.model import Direction, Finding, sort_findings
from stele.compat.schema_bridge import Policy

FORMAT = "asyncapi"


class AsyncApiChecker:
    """AsyncAPI checker. Documents pair by relative path (one per application).

    Per-rule severities from `stele.yaml` are applied to every format's findings by
    `stele.compat.catalogue.apply_severity_overrides`, not here.

    `policy` is the JSON policy (`policies: json:` in stele.yaml, `--json-policy` of `stele
    diff`): "strict" (the default) judges what the application writes (sent messages, replies
    to received requests) under the strict policy, "lenient" judges every message leniently.
    What the application reads is lenient either way: it ignores undeclared properties.
    """

    format = FORMAT

    def __init__(self, policy: Policy = "strict") -> None:
        self.policy = policy

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
            findings.extend(check_documents(old_doc, new_doc, self.policy))
        return findings


CHECKER = AsyncApiChecker()
