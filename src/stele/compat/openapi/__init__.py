"""The OpenAPI compatibility checker (3.0 and 3.1, JSON or YAML). See docs/compat-openapi.md."""

from __future__ import annotations

import datetime

from stele.compat.apidocs import Document, as_forward, load_documents, pair_documents
from stele.compat.model import Direction, Finding, sort_findings
from stele.compat.openapi.checks import check_documents
from stele.compat.openapi.rules import RULES
from stele.compat.openapi.told_back import told_back
from stele.compat.schema_bridge import Policy

FORMAT = "openapi"


class OpenApiChecker:
    """OpenAPI checker.

    Per-rule severities from `stele.yaml` are applied to every format's findings by
    `stele.compat.catalogue.apply_severity_overrides`, not here. `today` fixes the date sunsets are judged against (tests); it defaults to the current date.

    `policy` is the JSON policy (`policies: json:` in stele.yaml, `--json-policy` of `stele
    diff`): "strict" (the default) judges what the service writes (responses) under the strict
    policy, "lenient" judges every side leniently. What the service reads (parameters, request
    bodies) is lenient either way: it ignores the properties it does not declare.
    """

    format = FORMAT

    def __init__(self, today: datetime.date | None = None, policy: Policy = "strict") -> None:
        self.today = today
        self.policy = policy

    def load(self, files: dict[str, bytes]) -> dict[str, Document]:
        return load_documents(files, "openapi")

    def check(
        self, old: dict[str, Document], new: dict[str, Document], direction: Direction
    ) -> list[Finding]:
        today = self.today or datetime.date.today()
        if direction is Direction.BACKWARD:
            findings = self._backward(old, new, today)
        else:
            # Run on the documents swapped; each finding told back in the documents' order.
            swapped = self._backward(new, old, today, swapped=True)
            findings = as_forward(told_back(f) for f in swapped)
        allowed = {rule.id for rule in RULES if direction in rule.directions}
        return sort_findings(f for f in findings if f.rule in allowed)

    def _backward(
        self,
        old: dict[str, Document],
        new: dict[str, Document],
        today: datetime.date,
        swapped: bool = False,
    ) -> list[Finding]:
        findings: list[Finding] = []
        for old_doc, new_doc in pair_documents(old, new, "openapi"):
            findings.extend(check_documents(old_doc, new_doc, today, self.policy, swapped))
        return findings


CHECKER = OpenApiChecker()
