"""`stele check`: judge the contract project against a baseline, in every format and direction.

Both sides are generated in memory with the same emitters as `stele generate` (the old side with
the old contracts AND the old lock, so its Protobuf numbers are the released ones). Each format's
checker compares its artifacts; every finding is then located in the YAML through the element
index of each side (`stele.compat.locate`).
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stele import cache
from stele.baseline import Baseline
from stele.compat.catalogue import FORMATS, CheckerSettings, apply_severity_overrides, checker
from stele.compat.locate import FORMAT_ROOTS, ElementIndex, build_index
from stele.compat.model import Finding, Mode
from stele.compat.settings import project_settings, severity_overrides
from stele.compat.sides import EXTENSIONS, TEXT_EXTENSIONS
from stele.config import Config
from stele.diagnostics import Severity
from stele.generate import build_artifacts, cached_artifacts
from stele.mapping.artifacts import Artifacts
from stele.span import Span
from stele.workdir import run_folder
from stele.workspace import Workspace, open_workspace

# The emitters whose artifacts the checkers judge.
EMITTED = ("protobuf", "avro", "jsonschema", "openapi", "asyncapi")
# Emitted and judged only where the project lists them in `options.formats` (docs/graphql.md).
OPT_IN = ("graphql",)


@dataclass(frozen=True)
class Side:
    """One version of the project. Its artifacts are generated in memory (or read from the
    artifact cache) when first needed: a check whose findings are cached never needs them."""

    label: str
    workspace: Workspace
    index: ElementIndex
    shown_prefix: str = ""
    formats: tuple[str, ...] = EMITTED
    cache_root: Path | None = None  # whose artifact cache to use (default: the side's root)

    @functools.cached_property
    def artifacts(self) -> Artifacts:
        return side_artifacts(self.workspace, self.formats, self.cache_root or self.root)

    @property
    def root(self) -> Path:
        return self.workspace.config.root

    def location(self, element: str | None) -> Span | None:
        if element is None or element not in self.index.spans:
            return None
        span = self.index.span(element)
        return Span(self.shown_prefix + span.path, span.line, span.column)


@dataclass(frozen=True)
class ProjectFinding:
    """A format finding located in the YAML of both sides."""

    finding: Finding  # old/new are locations in the YAML (or the artifact, when unmapped)
    element: str  # the IR element it is about ("" when it maps to none)
    baseline: str
    # The artifact rules that flag the same element, format and direction (for a contract
    # verdict): acknowledging one of them acknowledges the verdict.
    also: tuple[str, ...] = ()
    kind: str = ""  # the contract change's kind, for a contract verdict

    @property
    def severity(self) -> Severity:
        return self.finding.severity

    def to_json(self) -> dict[str, Any]:
        doc = {**self.finding.to_json(), "element": self.element, "baseline": self.baseline}
        if self.kind:
            doc["change"] = self.kind
        return doc


@dataclass
class BaselineReport:
    """The result of checking against one baseline."""

    baseline: str
    mode: Mode
    old: Side
    new: Side
    findings: list[ProjectFinding] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # The contract-level verdicts (every change x format x direction, ok ones too), when stele
    # judged the contracts; the findings are then those verdicts that are not ok, plus the
    # disagreements of the three opinions.
    verdicts: list[Any] | None = None

    def worst(self) -> Severity | None:
        ranks = [f.severity for f in self.findings]
        return max(ranks, key=lambda s: s.rank) if ranks else None


def open_side(
    label: str, config: Config, shown_prefix: str = "", cache_root: Path | None = None
) -> Side:
    """A version of the project. Its artifacts come from the artifact cache of the project at
    `cache_root` (default: its own root), so an unchanged project and an immutable release are
    generated once."""
    ws = open_workspace(config)
    formats = tuple(f for f in EMITTED if f in config.options.formats) or EMITTED
    formats += tuple(f for f in OPT_IN if f in config.options.formats)
    return Side(label, ws, build_index(ws.project), shown_prefix, formats, cache_root)


def baseline_side(baseline: Baseline, cache_root: Path | None = None) -> Side:
    return open_side(baseline.label, baseline.config, baseline.shown_prefix, cache_root)


def side_artifacts(ws: Workspace, formats: tuple[str, ...], cache_root: Path) -> Artifacts:
    """Unvalidated artifacts, cached under `cache_root`: a baseline's own folder (a release, a
    temporary git checkout, a user's directory) is never written to."""
    if ws.config.root.resolve() == cache_root.resolve():
        return cached_artifacts(ws, formats, validate=False)
    folder = cache.cache_folder(cache_root, "artifacts")  # None: no cache, or a link out
    # The run's work folder (protoc's files) is held under the checking project, not in the
    # baseline's tree: build_artifacts nested in it shares it.
    with run_folder(cache_root):
        if folder is None:
            return build_artifacts(ws, formats, validate=False)
        key = cache.cache_key(ws, formats)
        return cache.lookup_or_build(
            folder, key, False, lambda: build_artifacts(ws, formats, validate=False)
        )


def available_checkers(
    formats: tuple[str, ...] | None = None, settings: CheckerSettings | None = None
) -> tuple[list[Any], list[str]]:
    """The checkers that exist, and a note for every format whose checker does not yet."""
    found: list[Any] = []
    notes: list[str] = []
    # An opt-in format (GraphQL) is judged where the project emits it (`check_sides`).
    for fmt in formats or tuple(f for f in FORMATS if f in FORMAT_ROOTS and f not in OPT_IN):
        try:
            found.append(checker(fmt, settings))
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith(f"stele.compat.{fmt}"):
                raise
            notes.append(f"{fmt}: no compatibility checker available; skipped")
        except AttributeError:  # the package exists but exposes no CHECKER yet
            notes.append(f"{fmt}: no compatibility checker available; skipped")
    return found, notes


def format_files(artifacts: Artifacts, fmt: str) -> dict[str, bytes]:
    """A format's artifacts keyed by their path below the format's root, as `diff` loads them."""
    prefix = FORMAT_ROOTS[fmt] + "/"
    suffixes = tuple(s for s, f in EXTENSIONS.items() if f == fmt) or TEXT_EXTENSIONS
    return {
        path[len(prefix) :]: data
        for path, data in artifacts.items()
        if path.startswith(prefix) and path.endswith(suffixes)
    }


def check_sides(
    old: Side, new: Side, mode: Mode, formats: tuple[str, ...] | None = None
) -> BaselineReport:
    if formats is None and any(f in new.formats for f in OPT_IN):
        default = tuple(f for f in FORMATS if f in FORMAT_ROOTS and f not in OPT_IN)
        formats = default + tuple(f for f in OPT_IN if f in new.formats)
        # A baseline released before the project opted in is judged in that format too.
        missing = tuple(f for f in OPT_IN if f in new.formats and f not in old.formats)
        if missing:
            old = dataclasses.replace(old, formats=old.formats + missing)
    report = BaselineReport(old.label, mode, old, new)
    config = new.workspace.config
    checkers, report.notes = available_checkers(formats, project_settings(config))
    raw: list[Finding] = []
    for c in checkers:
        report.formats.append(c.format)
        old_model = c.load(format_files(old.artifacts, c.format))
        new_model = c.load(format_files(new.artifacts, c.format))
        for direction in mode.directions:
            raw.extend(c.check(old_model, new_model, direction))
    raw = apply_severity_overrides(raw, severity_overrides(config))
    report.findings = locate_all(raw, old, new)
    return report


def locate_all(findings: list[Finding], old: Side, new: Side) -> list[ProjectFinding]:
    located: dict[tuple[object, ...], ProjectFinding] = {}
    for f in findings:
        pf = locate_finding(f, old, new)
        # The same change often shows in several artifacts (a type embedded in many documents):
        # once per rule, format and direction at one place in the YAML is enough. Of findings
        # that meet there, the most severe is kept (a rule that carries several JSON Schema
        # findings, a warning and an error, of one property must stay an error).
        key = (
            f.rule,
            f.format,
            f.direction,
            pf.element or f.subject,
            pf.finding.old,
            pf.finding.new,
        )
        kept = located.get(key)
        if kept is None or pf.severity.rank > kept.severity.rank:
            located[key] = pf
    return sorted(located.values(), key=_order)


def _order(pf: ProjectFinding) -> tuple[object, ...]:
    where = pf.finding.new or pf.finding.old or Span("")
    return (
        where.path,
        where.line,
        where.column,
        pf.finding.format,
        pf.finding.rule,
        pf.finding.direction,
    )


def locate_finding(f: Finding, old: Side, new: Side) -> ProjectFinding:
    old_element = old.index.locate(f.format, f.subject, _artifact(f.old))
    new_element = new.index.locate(f.format, f.subject, _artifact(f.new))
    # The deeper name wins: a removed field resolves to itself on the old side, to its record
    # on the new side.
    element = _deeper(new_element, old_element)
    only_new = f.new is not None and f.old is None
    only_old = f.old is not None and f.new is None
    old_loc = None if only_new else old.location(old_element if old_element else None)
    new_loc = None if only_old else new.location(new_element if new_element else None)
    if old_loc is None and new_loc is None:
        # Unmapped: keep the artifact's own location, named by its place in the generated tree.
        old_loc = _in_tree(f.format, f.old)
        new_loc = _in_tree(f.format, f.new)
    located = dataclasses.replace(f, old=old_loc, new=new_loc)
    return ProjectFinding(located, element or "", old.label)


def _deeper(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a or b
    return b if b.count(".") > a.count(".") else a


def _artifact(loc: Span | None) -> str | None:
    return loc.path if loc is not None else None


def _in_tree(fmt: str, loc: Span | None) -> Span | None:
    if loc is None:
        return None
    return dataclasses.replace(loc, path=f"{FORMAT_ROOTS[fmt]}/{loc.path}")
