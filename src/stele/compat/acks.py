"""Acknowledged breaks: `acknowledge:` entries in the YAML excuse findings at their element.

An acknowledgement on an element covers the findings of its rule about that element or anything
inside it: a record's acknowledgement covers its fields and nested types (which is how a removed
field is acknowledged, since the field itself is gone), a service's covers its operations, an
enum's its symbols, a message's its headers. "Inside" is decided on the IR: a finding is inside
when the element `stele check` located it at is the acknowledged element or one of its members
(qualified names, as `stele.compat.locate.ElementIndex` spells them), or when its YAML location is
the span of one of those.

An acknowledgement that excuses nothing is `ack-stale`; one whose expiry has passed (the date is
before today, or a version at or after it has been released) no longer excuses anything and is
`ack-expired`. Both are errors located at the acknowledgement.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from stele.baseline import version_key
from stele.compat.model import Direction, Finding
from stele.diagnostics import Severity
from stele.ir import Ack, Enum, Project, Record, Span

ACK_FORMAT = "stele"  # the `format` of ack findings: they concern the source, not an artifact
_RULE_FORMATS = {
    "avro": "avro",
    "proto": "protobuf",
    "json": "jsonschema",
    "openapi": "openapi",
    "asyncapi": "asyncapi",
    "graphql": "graphql",
}


class Located(Protocol):
    """A finding located in the YAML (`stele.compat.project_check.ProjectFinding`)."""

    @property
    def finding(self) -> Finding: ...

    @property
    def element(self) -> str: ...


L = TypeVar("L", bound=Located)


@dataclass(frozen=True)
class AckSite:
    """An acknowledgement and the element that carries it."""

    element: str  # qualified name, e.g. food.order.Order or food.order.Order.total
    ack: Ack
    spans: frozenset[Span]  # the element's span and the spans of its members


@dataclass(frozen=True)
class Acknowledged:
    finding: Located
    site: AckSite


@dataclass(frozen=True)
class AckFinding:
    """A stale or expired acknowledgement, shaped like a located finding."""

    finding: Finding
    element: str
    baseline: str = ""

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    def to_json(self) -> dict[str, object]:
        return {**self.finding.to_json(), "element": self.element, "baseline": self.baseline}


# ---------------------------------------------------------------------------------------------
# Where the acknowledgements are
# ---------------------------------------------------------------------------------------------


def _elements(project: Project) -> Iterator[tuple[str, Span, tuple[Ack, ...]]]:
    """Every element that has a span, with the acknowledgements it carries."""
    for t in project.types.values():
        yield t.name, t.span, t.acks
        if isinstance(t, Record):
            for f in t.fields:
                yield f"{t.name}.{f.name}", f.span, f.acks
        elif isinstance(t, Enum):
            for s in t.symbols:
                yield f"{t.name}.{s.name}", s.span, s.acks
        else:
            for v in t.variants:
                yield f"{t.name}.{v.name}", v.span, ()
    for m in project.messages.values():
        yield m.name, m.span, m.acks
        for h in m.headers:
            yield f"{m.name}.headers.{h.name}", h.span, ()
    for c in project.channels.values():
        yield c.name, c.span, c.acks
    for svc in project.services.values():
        yield svc.name, svc.span, svc.acks
        for op in svc.operations:
            yield op.qualified_name, op.span, op.acks


def _inside(name: str, element: str) -> bool:
    return name == element or name.startswith(element + ".")


def ack_sites(project: Project) -> list[AckSite]:
    elements = list(_elements(project))
    sites: list[AckSite] = []
    for element, _, acks in elements:
        if not acks:
            continue
        spans = frozenset(span for name, span, _ in elements if _inside(name, element))
        sites.extend(AckSite(element, ack, spans) for ack in acks)
    return sites


# ---------------------------------------------------------------------------------------------
# Matching and expiry
# ---------------------------------------------------------------------------------------------


def matches(site: AckSite, located: Located) -> bool:
    f = located.finding
    if f.rule != site.ack.rule and site.ack.rule not in getattr(located, "also", ()):
        return False
    if located.element and _inside(located.element, site.element):
        return True
    return any(_at(loc, site.spans) for loc in (f.new, f.old))


def _at(loc: Span | None, spans: frozenset[Span]) -> bool:
    return loc is not None and loc in spans


def expiry(ack: Ack, today: datetime.date, released: Sequence[str]) -> str | None:
    """Why the acknowledgement has expired, or None while it applies."""
    if ack.expires is None:
        return None
    try:
        until = datetime.date.fromisoformat(ack.expires)
    except ValueError:
        try:
            wanted = version_key(ack.expires)
            hit = sorted(v for v in released if version_key(v) >= wanted)
        except ValueError:
            hit = sorted(v for v in released if v == ack.expires)
        return f"version {hit[0]} has been released" if hit else None
    return f"it expired on {until.isoformat()}" if today > until else None


def rule_format(rule: str) -> str:
    return _RULE_FORMATS.get(rule.split("-", 1)[0], "")


def apply_acks(
    project: Project,
    located_findings: Iterable[L],
    today: datetime.date,
    released_versions: Sequence[str],
    checked_formats: Collection[str] | None = None,
    judge_stale: bool = True,
    changed_elements: Collection[str] | None = None,
) -> tuple[list[L], list[Acknowledged], list[AckFinding]]:
    """Split findings into those kept and those acknowledged; report stale and expired
    acknowledgements.

    `project` is the NEW project (the acknowledgements live in the current source). When
    `checked_formats` is given, an acknowledgement of a rule of a format that was not checked is
    never called stale; with `judge_stale` false (a git revision or directory baseline, which may
    already hold the acknowledged break), none is. With `changed_elements` (the contract changes
    against the baselines checked, when they are not every release), an acknowledgement of an
    element that none of them touches excuses a break older than those baselines: it cannot be
    judged by this run, so it is not called stale.
    """
    findings = list(located_findings)
    sites = ack_sites(project)
    problems: list[AckFinding] = []
    live: list[AckSite] = []
    for site in sites:
        why = expiry(site.ack, today, released_versions)
        if why is None:
            live.append(site)
        else:
            problems.append(
                _problem("ack-expired", site, f"{_what(site)} no longer applies: {why}")
            )
    kept: list[L] = []
    acknowledged: list[Acknowledged] = []
    used: set[AckSite] = set()
    for located in findings:
        match = next((s for s in live if matches(s, located)), None)
        if match is None:
            kept.append(located)
        else:
            used.add(match)
            acknowledged.append(Acknowledged(located, match))
    for site in live:
        fmt = rule_format(site.ack.rule)
        if not judge_stale or site in used:
            continue
        if changed_elements is not None and not _touched(site.element, changed_elements):
            continue
        # A rule of one format that was not checked cannot be stale; a contract rule (no
        # format of its own) is judged in every format that was.
        if checked_formats is not None and fmt and fmt not in checked_formats:
            continue
        problems.append(_problem("ack-stale", site, f"{_what(site)} matches no finding; remove it"))
    problems.sort(key=lambda p: (p.finding.new or Span(""), p.finding.rule))
    return kept, acknowledged, problems


def _touched(element: str, changed: Collection[str]) -> bool:
    return any(_inside(c, element) or _inside(element, c) for c in changed)


def _what(site: AckSite) -> str:
    return f"acknowledgement of {site.ack.rule} at {site.element}"


def _problem(rule: str, site: AckSite, message: str) -> AckFinding:
    span = site.ack.span
    finding = Finding(
        rule=rule,
        severity=Severity.ERROR,
        # Findings carry a direction; an acknowledgement has none, BACKWARD is a placeholder
        # that reporters drop for the `stele` format.
        direction=Direction.BACKWARD,
        format=ACK_FORMAT,
        message=message,
        subject=f"{site.element}#{site.ack.rule}",
        new=span,
    )
    return AckFinding(finding, site.element)
