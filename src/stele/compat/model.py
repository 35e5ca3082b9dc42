"""The compatibility model: directions, modes, findings and the rule catalogue record.

One directional primitive: "can readers on schema R read data written with schema W". Every
format checker implements it as `check(old, new, direction)`:

- BACKWARD: readers on the NEW schema read data written with the OLD one (R = new, W = old).
- FORWARD: readers on the OLD schema read data written with the NEW one (R = old, W = new).

FULL is both; the TRANSITIVE forms repeat the check against every released version. For API
formats (OpenAPI, AsyncAPI) the reader and writer are the two sides of each exchange: in BACKWARD
an existing client (old) talks to the new service, so old requests are read by the new server and
new responses are read by the old client.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from stele.diagnostics import Severity
from stele.span import Span


class Direction(StrEnum):
    BACKWARD = "backward"
    FORWARD = "forward"


class Mode(StrEnum):
    NONE = "NONE"
    BACKWARD = "BACKWARD"
    FORWARD = "FORWARD"
    FULL = "FULL"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"

    @property
    def directions(self) -> tuple[Direction, ...]:
        base = self.value.removesuffix("_TRANSITIVE")
        return {
            "NONE": (),
            "BACKWARD": (Direction.BACKWARD,),
            "FORWARD": (Direction.FORWARD,),
            "FULL": (Direction.BACKWARD, Direction.FORWARD),
        }[base]

    @property
    def transitive(self) -> bool:
        return self.value.endswith("_TRANSITIVE")


# The detail keys of a frame (`Finding.framed`): a framed message is the text before, the
# message its rule's template renders, and the text after.
FRAME_BEFORE, FRAME_AFTER = "frame_before", "frame_after"
VARIANT = "variant"  # the detail key of the template variant a message was rendered from
# The template value of a finding told through another rule's finding (`Rule.tell`): rendered
# from the cause's template and detail, and not kept in the detail (the detail has `cause_rule`).
CAUSE, CAUSE_RULE = "cause", "cause_rule"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    direction: Direction
    format: str
    message: str
    # The element the finding is about, in the artifact's own naming (a proto full name such as
    # food.order.Order.items, an Avro full name, a JSON pointer). `stele check` maps it back to
    # the YAML source.
    subject: str = ""
    old: Span | None = None
    new: Span | None = None
    # The elements a change to a shared definition reaches (an OpenAPI component: the
    # operations whose requests or responses use it), so one change is one finding.
    reached_by: tuple[str, ...] = ()
    # What the finding says, as data: the values its message was rendered from (`Rule.report`),
    # by name: `property`, `keyword`, `old` and `new` values where the change has them, and the
    # rule's own (`channel`, `operation`, ...). Decisions read these, never the message. Not part
    # of the output.
    detail: tuple[tuple[str, str], ...] = ()

    def value(self, key: str) -> str | None:
        """A value of the detail, or None."""
        return next((v for k, v in self.detail if k == key), None)

    def framed(self, before: str = "", after: str = "") -> Finding:
        """The finding told in a wider context: its message between `before` and `after` (an
        OpenAPI callback's name, an operation's stability level), kept in the detail too."""
        detail = dict(self.detail)
        detail[FRAME_BEFORE] = before + detail.get(FRAME_BEFORE, "")
        detail[FRAME_AFTER] = detail.get(FRAME_AFTER, "") + after
        message = f"{before}{self.message}{after}"
        return dataclasses.replace(self, message=message, detail=tuple(sorted(detail.items())))

    @property
    def fingerprint(self) -> str:
        """Stable across runs and unrelated edits: rule, format, direction and subject (else
        the detail; the message only for a rule without templates yet)."""
        key = "\x1f".join((self.rule, self.format, self.direction.value, self.subject or self.said))
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    @property
    def said(self) -> str:
        """What the finding says, as data: its detail, or its message where it has none (a rule
        without templates yet)."""
        return "\x1e".join(f"{k}={v}" for k, v in self.detail) if self.detail else self.message

    @property
    def identity(self) -> tuple[str, str]:
        """What makes two findings one: the fingerprint and what they say (`said`)."""
        return self.fingerprint, self.said

    def sort_key(self) -> tuple[str, ...]:
        return (self.format, self.subject, self.rule, self.direction.value, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "direction": self.direction.value,
            "format": self.format,
            "message": self.message,
            "subject": self.subject,
            "old": self.old.to_json() if self.old else None,
            "new": self.new.to_json() if self.new else None,
            "fingerprint": self.fingerprint,
            **({"reached_by": list(self.reached_by)} if self.reached_by else {}),
        }


@dataclass(frozen=True)
class Rule:
    """A catalogue record. `id` names the flagged change (kebab-case), never the fix."""

    id: str
    format: str  # avro | protobuf | jsonschema | openapi | asyncapi
    severity: Severity
    summary: str  # one line: what the rule flags
    doc: str  # markdown: what it does, why it breaks, a bad example, a good example
    directions: tuple[Direction, ...] = (Direction.BACKWARD, Direction.FORWARD)
    # Equivalent ids in well-known tools: keys buf, confluent, avro, oasdiff.
    equivalents: dict[str, str] = field(default_factory=dict)
    # For protobuf: the buf-like category ladder the rule belongs to (wire, wire_json, file).
    categories: tuple[str, ...] = ()
    # The message catalogue: the rule's message templates by variant ("" the usual one), in
    # str.format form; `report` renders a finding's message from one and the finding's detail.
    messages: Mapping[str, str] = field(default_factory=dict)

    def report(
        self,
        direction: Direction,
        subject: str = "",
        old: Span | None = None,
        new: Span | None = None,
        severity: Severity | None = None,
        variant: str = "",
        /,
        **values: str,
    ) -> Finding:
        """A finding whose message is rendered from the record's template `variant` and whose
        detail is `values`, the data it was rendered from (`old` and `new` among them name the
        old and new values; the positions are the positional arguments)."""
        message = self.messages[variant].format(**values)
        detail = tuple(sorted({**values, **({VARIANT: variant} if variant else {})}.items()))
        return dataclasses.replace(
            self.finding(direction, message, subject, old, new, severity), detail=detail
        )

    def tell(
        self,
        cause: Finding,
        cause_rule: Rule,
        direction: Direction,
        subject: str = "",
        old: Span | None = None,
        new: Span | None = None,
        severity: Severity | None = None,
        /,
        **values: str,
    ) -> Finding:
        """A finding of this rule whose cause is a finding of `cause_rule` (a JSON Schema finding
        an API checker tells in its own terms): the template's `{cause}` is the cause's message,
        rendered again from `cause_rule`'s template and the cause's detail. The detail is the
        cause's detail, its rule (`cause_rule`) and `values`; the cause's text is not kept."""
        told = dict(cause.detail)
        text = cause_rule.messages[told.get(VARIANT, "")].format(**told)
        values = {**told, **values, CAUSE: text, CAUSE_RULE: cause.rule}
        found = self.report(direction, subject, old, new, severity, "", **values)
        kept = tuple((k, v) for k, v in found.detail if k != CAUSE)
        return dataclasses.replace(found, detail=kept)

    def finding(
        self,
        direction: Direction,
        message: str,
        subject: str = "",
        old: Span | None = None,
        new: Span | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            self.id, severity or self.severity, direction, self.format, message, subject, old, new
        )


class FormatChecker(Protocol):
    """A compatibility checker for one artifact format."""

    format: str

    def load(self, files: dict[str, bytes]) -> Any:
        """Parse the format's artifacts (relative path -> bytes). Raises SteleError on bad input."""
        ...

    def check(self, old: Any, new: Any, direction: Direction) -> list[Finding]:
        """Findings for readers and writers as `direction` says (see the module doc)."""
        ...


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """The findings sorted, each told once: two are one when their rule, direction, subject and
    detail are (`Finding.identity`), whatever their messages say."""
    unique = {f.identity: f for f in findings}
    return sorted(unique.values(), key=Finding.sort_key)


RuleFunction = Callable[..., Iterable[Finding]]
