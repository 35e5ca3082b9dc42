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

    Receivers read what senders write: BACKWARD pairs the old senders with the new receivers,
    FORWARD the new senders with the old receivers, whichever side the application is on. The
    rules run once with (senders' document, receivers' document): in FORWARD the documents are
    swapped and the findings told back in the documents' order.

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
            findings = self._received(old, new, forward=False)
        else:
            findings = as_forward(self._received(new, old, forward=True))
        return sort_findings(findings)

    def _received(
        self, senders: dict[str, Document], receivers: dict[str, Document], forward: bool
    ) -> list[Finding]:
        findings: list[Finding] = []
        for sent, read in pair_documents(senders, receivers, "asyncapi"):
            findings.extend(check_documents(sent, read, self.policy, forward))
        return findings


CHECKER = AsyncApiChecker()
