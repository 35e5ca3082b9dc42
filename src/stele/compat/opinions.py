"""Three opinions, one answer: the contract-level verdicts are what `stele check` reports; the
artifact checkers and the codecs still run, and where they disagree with the verdicts stele says
so as its own defect (`opinions-disagree`), never silently.

- The contract opinion: `stele.compat.contract` diffs the two projects and judges each change
  for every format and direction. Its findings are located by construction, at the change's
  place in each version of the YAML.
- The artifact opinion: each format's checker compares the generated artifacts
  (`stele.compat.project_check`); its findings are mapped to elements by `stele.compat.locate`
  for this comparison only.
- The codec opinion: values encoded with the writer's schema and decoded with the reader's
  (`stele.compat.verify`); it reports where it contradicts the artifact rules.

Two opinions disagree on an element x format x direction when one says error and the other says
nothing at all (ok) about that element, anything inside it or anything that holds it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from stele.compat.contract.file_options import file_option_changes
from stele.compat.model import Direction, Finding
from stele.compat.opinion_scopes import Scopes, related
from stele.compat.project_check import ProjectFinding, Side
from stele.compat.settings import project_settings
from stele.config import Config
from stele.diagnostics import Severity
from stele.ir import Span

if TYPE_CHECKING:
    from stele.compat.contract.judges import Verdict

RULE = "opinions-disagree"
CODEC_RULE = "verify-contradiction"
RULE_SUMMARY = (
    "The contract-level verdict, the artifact checker and the codecs disagree on a change: a "
    "defect of stele, reported so that no break ships silently."
)


def contract_verdicts(
    old: Side, new: Side, formats: Sequence[str], directions: Sequence[Direction], config: Config
) -> list[Verdict] | None:
    """Every verdict on every change, or None when stele has no contract judges."""
    try:  # a build of stele without the contract judges gives no verdicts
        from stele.compat.contract.diff import diff_projects
        from stele.compat.contract.judges import Policy, judge_all
    except ImportError:
        return None
    settings = project_settings(config)
    wanted: dict[str, Any] = {
        "json": settings.json_policy,
        "protobuf": settings.protobuf_category,
        "json_content_model": config.options.json_content_model.value,
        "int64_as_string": config.options.int64_as_string,
    }
    known = {f.name for f in dataclasses.fields(Policy)}
    policy = Policy(**{k: v for k, v in wanted.items() if k in known})
    old_project, new_project = old.workspace.project, new.workspace.project
    changes = diff_projects(old_project, new_project)
    old_options, new_options = (s.workspace.config.options.protobuf for s in (old, new))
    changes += file_option_changes(old_options, new_options, old_project, new_project)
    return judge_all(changes, formats, directions, policy, old_project, new_project)


def verdict_finding(
    v: Verdict, old: Side, new: Side, baseline: str, also: tuple[str, ...] = ()
) -> ProjectFinding:
    """A verdict that is not ok, as a finding at the change's place in each YAML version, with
    the verdict's detail (what its reason was rendered from), as an artifact finding has."""
    assert v.severity is not None
    change = v.change
    finding = Finding(
        rule=v.rule,
        severity=v.severity,
        direction=v.direction,
        format=v.format,
        message=v.reason,
        subject=f"{change.element}#{change.kind}",
        old=_at(change.old_span, old.shown_prefix),
        new=_at(change.new_span, new.shown_prefix) or _holder(change.element, new),
        detail=v.detail,
    )
    return ProjectFinding(finding, change.element, baseline, also, change.kind)


def _config_place(new: Side) -> Span:
    """Where an artifact finding that names no element of the YAML is shown: the project's
    stele.yaml (never a generated file, which review tools cannot annotate)."""
    span = new.workspace.config.span
    return Span(new.shown_prefix + span.path, span.line, span.column)


def _holder(element: str, new: Side) -> Span | None:
    """For a removed element, the nearest element of the new YAML that held it (the record
    that lost a field, the service that lost an operation): a review annotation lands in the
    changed file, and the old place is shown beside it."""
    parts = element.split(".")
    for cut in range(len(parts) - 1, 1, -1):
        found = new.location(".".join(parts[:cut]))
        if found is not None:
            return found
    return None


def _at(span: Span | None, prefix: str) -> Span | None:
    return None if span is None else Span(prefix + span.path, span.line, span.column)


# ---------------------------------------------------------------------------------------------
# Comparing the opinions
# ---------------------------------------------------------------------------------------------


def _names(v: Verdict) -> tuple[str, ...]:
    """The element of a change, and its old name when it was renamed."""
    change = v.change
    names = [change.element]
    if change.kind.endswith("-renamed") and change.old:
        scope = change.element.rsplit(".", 1)[0]
        names.append(change.old if "." in change.old else f"{scope}.{change.old}")
    return tuple(names)


@dataclass(frozen=True)
class _Opinion:
    severity: Severity | None
    what: str
    rule: str = ""


def _word(severity: Severity | None) -> str:
    return "ok" if severity is None else severity.value


def aliases(v: Verdict, artifact: Sequence[ProjectFinding]) -> tuple[str, ...]:
    """The artifact rules that flag the verdict's element in its format and direction: an
    acknowledgement of one of them also excuses the verdict."""
    names = _names(v)
    return tuple(
        sorted(
            {
                pf.finding.rule
                for pf in artifact
                if pf.finding.format == v.format
                and pf.finding.direction is v.direction
                and any(related(pf.element, n) for n in names)
            }
        )
    )


def disagreements(
    verdicts: Sequence[Verdict],
    artifact: Sequence[ProjectFinding],
    codecs: Sequence[ProjectFinding],
    old: Side,
    new: Side,
    baseline: str,
    verified: bool = True,
) -> list[ProjectFinding]:
    """An `opinions-disagree` warning for every element x format x direction where one opinion
    says error and another says ok; the three verdicts in its message."""
    out: dict[tuple[str, str, Direction], ProjectFinding] = {}
    scopes = Scopes((old.workspace.project, new.workspace.project))

    def contract_on(element: str, fmt: str, d: Direction) -> _Opinion:
        worst: Verdict | None = None
        for v in verdicts:
            if v.format != fmt or v.direction is not d or v.severity is None:
                continue
            if scopes.meet([element], _names(v)) and (
                worst is None or v.severity.rank > (worst.severity or Severity.INFO).rank
            ):
                worst = v
        if worst is None:
            return _Opinion(None, "")
        return _Opinion(worst.severity, f"{worst.rule}: {worst.reason}")

    def artifact_on(names: Sequence[str], fmt: str, d: Direction) -> _Opinion:
        hits = [
            pf
            for pf in artifact
            if pf.finding.format == fmt
            and pf.finding.direction is d
            and scopes.meet([pf.element], names)
        ]
        if not hits:
            return _Opinion(None, "")
        worst = max(hits, key=lambda pf: pf.severity.rank)
        f = worst.finding
        return _Opinion(worst.severity, f"{f.rule}: {f.message}", f.rule)

    def codec_on(element: str, fmt: str, d: Direction) -> str:
        for pf in codecs:
            f = pf.finding
            if f.format == fmt and f.direction is d and related(pf.element, element):
                return (
                    "a generated value did not survive"
                    if f.severity is Severity.ERROR
                    else "every generated value survived"
                )
        return "no contradiction with the artifact rules" if verified else "not run"

    def add(
        element: str,
        fmt: str,
        d: Direction,
        span: tuple[Span | None, Span | None],
        contract: _Opinion,
        art: _Opinion,
        codec: str,
    ) -> None:
        key = (element, fmt, d)
        if key in out:
            return
        message = (
            f"the opinions on {element} disagree ({fmt}, {d.value}): contract says "
            f"{_word(contract.severity)}{_quote(contract.what)}; the {fmt} checker says "
            # Every artifact checker words its forward findings in the versions' order (the
            # OpenAPI checker tells back what it found on the documents swapped: `told_back`).
            f"{_word(art.severity)}{_quote(art.what)}; the codecs: {codec}"
        )
        finding = Finding(RULE, Severity.WARNING, d, fmt, message, element, span[0], span[1])
        # Acknowledging the artifact rule acknowledges the disagreement about it.
        also = (art.rule,) if art.rule else ()
        out[key] = ProjectFinding(finding, element, baseline, also)

    for v in verdicts:
        if v.severity is not Severity.ERROR:
            continue
        art = artifact_on(_names(v), v.format, v.direction)
        if art.severity is None:
            contract = _Opinion(v.severity, f"{v.rule}: {v.reason}")
            where = (
                _at(v.change.old_span, old.shown_prefix),
                _at(v.change.new_span, new.shown_prefix) or _holder(v.change.element, new),
            )
            codec = codec_on(v.change.element, v.format, v.direction)
            add(v.change.element, v.format, v.direction, where, contract, art, codec)
    for pf in artifact:
        f = pf.finding
        if f.severity is not Severity.ERROR:
            continue
        contract = contract_on(pf.element, f.format, f.direction)
        if contract.severity is None:
            art = _Opinion(f.severity, f"{f.rule}: {f.message}", f.rule)
            codec = codec_on(pf.element, f.format, f.direction)
            where = (f.old, f.new) if pf.element else (None, _config_place(new))
            add(pf.element or f.subject, f.format, f.direction, where, contract, art, codec)
    for pf in codecs:
        f = pf.finding
        contract = contract_on(pf.element, f.format, f.direction)
        codec_error = f.severity is Severity.ERROR
        if (contract.severity is Severity.ERROR) == codec_error:
            continue
        art = artifact_on([pf.element], f.format, f.direction)
        codec = (
            "a generated value did not survive" if codec_error else "every generated value survived"
        )
        add(pf.element, f.format, f.direction, (f.old, f.new), contract, art, codec)
    return sorted(
        out.values(), key=lambda pf: (pf.element, pf.finding.format, pf.finding.direction.value)
    )


def _quote(what: str) -> str:
    return f" ({what})" if what else ""
