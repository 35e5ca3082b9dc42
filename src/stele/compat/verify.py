"""Verification by codecs: the rules' verdicts checked against fastavro and the protobuf runtime.

For every changed type, values that cover every union branch, every enum symbol of the type's
enum fields and optional fields present and absent are encoded with the writer's schema and
decoded with the reader's (BACKWARD: written by the old version, read by the new one; FORWARD the
reverse). A value "survives" when the reader decodes it and every field both sides declare reads
back as written, compared as values at every depth (`stele.compat.verify_values`: decimals as
numbers, timestamps as instants, nested records field by field).

The codecs contradict the rules in two ways, each reported as `verify-contradiction`:

- the rules found no error for the type, for a type it holds or for an element that holds it (a
  record, a field, a message or an operation carrying it), but a value does not survive: an
  error, since a break would ship unflagged. The message names the value in the YAML's terms
  (the type, the version that wrote it, what it exercises and what read back differently), never
  the codec's own error text;
- (Avro only) the rules flagged an error but every value survives: a warning, since either the
  rule is too strict or the generated values missed the breaking case. Protobuf rules judge the
  JSON mapping and meaning as well as the wire, so a surviving wire read proves nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stele.compat.locate import ElementIndex
from stele.compat.matrix import changes
from stele.compat.model import Direction, Finding
from stele.compat.project_check import BaselineReport, ProjectFinding, Side
from stele.compat.verify_readers import Unread, read_avro, read_protobuf
from stele.compat.verify_values import Labelled, covering_values, difference
from stele.diagnostics import Severity
from stele.encode import Codecs, normal_form
from stele.ir import Enum, ListOf, MapOf, Project, Record, Ref, TypeExpr, Value, named_refs
from stele.span import Span

__all__ = ["CODEC_FORMATS", "RULE", "Labelled", "Verdict", "covering_values", "run_codec", "verify"]

RULE = "verify-contradiction"
CODEC_FORMATS = ("avro", "protobuf")


@dataclass(frozen=True)
class Verdict:
    type_name: str
    format: str
    direction: Direction
    failure: str  # "" when every value survived
    values: int


def verify(report: BaselineReport) -> list[ProjectFinding]:
    """Contradictions between the rules and the codecs, located at the type in the YAML."""
    old_codecs = Codecs.from_artifacts(
        report.old.workspace.project,
        report.old.artifacts,
        report.old.workspace.config.options,
        schemaless=False,
    )
    new_codecs = Codecs.from_artifacts(
        report.new.workspace.project,
        report.new.artifacts,
        report.new.workspace.config.options,
        schemaless=False,
    )
    out: list[ProjectFinding] = []
    for type_name in types_to_verify(report.old.index, report.new.index, report.old, report.new):
        for direction in report.mode.directions:
            writer, reader = (
                (report.old, report.new)
                if direction is Direction.BACKWARD
                else (report.new, report.old)
            )
            codecs = (
                (old_codecs, new_codecs)
                if direction is Direction.BACKWARD
                else (new_codecs, old_codecs)
            )
            for fmt in CODEC_FORMATS:
                if fmt not in report.formats:
                    continue
                verdict = run_codec(
                    type_name, fmt, direction, writer, reader, codecs[0][fmt], codecs[1][fmt]
                )
                finding = contradiction(verdict, report, writer, reader)
                if finding is not None:
                    out.append(finding)
    return out


def types_to_verify(
    old: ElementIndex, new: ElementIndex, old_side: Side, new_side: Side
) -> list[str]:
    """Changed records and unions present on both sides, and the records holding a changed enum."""
    old_types = old_side.workspace.project.types
    new_types = new_side.workspace.project.types
    changed: set[str] = set()
    for change in changes(old, new):
        owner = _owning_type(change.element, old_types.keys() | new_types.keys())
        if owner is not None:
            changed.add(owner)
    chosen: set[str] = set()
    for name in changed:
        if name in old_types and name in new_types:
            if isinstance(new_types[name], Enum):
                chosen.update(_holders(new_side.workspace.project, name) & old_types.keys())
            else:
                chosen.add(name)
    return sorted(chosen)


def _owning_type(element: str, types: Iterable[str]) -> str | None:
    known = set(types)
    parts = element.split(".")
    for cut in range(len(parts), 0, -1):
        candidate = ".".join(parts[:cut])
        if candidate in known:
            return candidate
    return None


def _holders(project: Project, enum_name: str) -> set[str]:
    return {
        r.name
        for r in project.types.values()
        if isinstance(r, Record) and any(_refers(f.type, enum_name) for f in r.fields)
    }


def _refers(t: TypeExpr, name: str) -> bool:
    if isinstance(t, ListOf):
        return _refers(t.item, name)
    if isinstance(t, MapOf):
        return _refers(t.value, name)
    return isinstance(t, Ref) and t.name == name


# ---------------------------------------------------------------------------------------------
# Running the codecs
# ---------------------------------------------------------------------------------------------


def run_codec(
    type_name: str,
    fmt: str,
    direction: Direction,
    writer: Side,
    reader: Side,
    writer_codec: Any,
    reader_codec: Any,
) -> Verdict:
    """Encode every covering value with the writer's codec, decode it with the reader's and
    compare what was read with what was written, as values. The failure names the value and what
    it exercises in the YAML's terms; it never carries the codec's own error text."""
    wp, rp = writer.workspace.project, reader.workspace.project
    count = 0
    for labelled in covering_values(wp, type_name):
        try:
            data = writer_codec.encode(type_name, labelled.value)
        except (ValueError, KeyError, TypeError):
            continue  # a value the writer's codec cannot express is no evidence either way
        count += 1
        what = f"a {type_name} written by {writer.label} ({labelled.label})"
        back: Value | Unread
        try:
            if fmt == "protobuf":
                back = read_protobuf(reader_codec, type_name, data)
            else:
                back = read_avro(reader_codec, writer_codec, type_name, data)
        except Exception:  # any failure of the reader is the codec's verdict
            return Verdict(type_name, fmt, direction, f"{what} does not decode", count)
        if isinstance(back, Unread):
            continue  # resolved, but fastavro cannot return the value to compare
        expected = _normal(wp, type_name, labelled.value)
        lost = difference(wp, Ref(type_name), expected, rp, Ref(type_name), back)
        if lost:
            return Verdict(type_name, fmt, direction, f"{what} reads back changed: {lost}", count)
    return Verdict(type_name, fmt, direction, "", count)


def _normal(project: Project, type_name: str, value: Value) -> Value:
    """The value as the writer's own formats read it back (defaults filled in)."""
    try:
        return normal_form(project, type_name, value)
    except (ValueError, KeyError, TypeError):
        return value


# ---------------------------------------------------------------------------------------------
# Comparing with the rules
# ---------------------------------------------------------------------------------------------


def contradiction(
    verdict: Verdict, report: BaselineReport, writer: Side, reader: Side
) -> ProjectFinding | None:
    if verdict.values == 0:
        return None
    inside, holding = _covering_elements(writer.workspace.project, verdict.type_name)
    inside2, holding2 = _covering_elements(reader.workspace.project, verdict.type_name)
    inside |= inside2
    holding |= holding2
    errors = [
        pf
        for pf in report.findings
        if pf.finding.format == verdict.format
        and pf.finding.direction is verdict.direction
        and pf.severity is Severity.ERROR
        and pf.finding.rule != RULE
        and _flags(pf.element, inside, holding)
    ]
    if verdict.failure and not errors:
        message = (
            f"the rules find {verdict.type_name} compatible ({verdict.direction.value}) but "
            f"{verdict.format} disagrees: {verdict.failure}"
        )
        return _finding(verdict, report, Severity.ERROR, message)
    if not verdict.failure and errors and verdict.format == "avro":
        rules = ", ".join(sorted({pf.finding.rule for pf in errors}))
        message = (
            f"the rules find {verdict.type_name} breaking ({rules}) but {verdict.format} read "
            f"all {verdict.values} generated values ({verdict.direction.value})"
        )
        return _finding(verdict, report, Severity.WARNING, message)
    return None


class _Holding:
    """Who holds which type in one project: each type's reachable types, computed once, and
    their inverse (a 1,000-type project is walked once per report, not once per verdict)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.reach: dict[str, set[str]] = {}
        self.holders: dict[str, set[str]] = {}
        for name in project.types:
            for held in self.reachable(name):
                self.holders.setdefault(held, set()).add(name)

    def reachable(self, type_name: str) -> set[str]:
        if type_name not in self.reach:
            self.reach[type_name] = _reachable(self.project, type_name)
        return self.reach[type_name]


_HOLDING: list[_Holding] = []


def _holding(project: Project) -> _Holding:
    for h in _HOLDING:
        if h.project is project:
            return h
    made = _Holding(project)
    _HOLDING[:] = [*_HOLDING[-1:], made]  # the two sides of the report being verified
    return made


def _covering_elements(project: Project, type_name: str) -> tuple[set[str], set[str]]:
    """What a finding may flag to cover a break of the type: the type and every type it holds,
    at any depth, anywhere inside them; and the elements that hold it, themselves: the records
    that reach it, their fields that do, and the messages and operations carrying them."""
    index = _holding(project)
    inside = set(index.reachable(type_name))
    holders = index.holders.get(type_name, set())
    holding = set(holders)
    for name in holders:
        t = project.types[name]
        if isinstance(t, Record):
            holding |= {
                f"{name}.{f.name}"
                for f in t.fields
                if any(type_name in index.reachable(n) for n in named_refs(f.type))
            }
    holding |= {m.name for m in project.messages.values() if m.body.name in holders}
    for op in project.operations():
        carried = {op.request, op.response}
        carried |= {
            project.messages[m].body.name
            for m in (op.message, op.reply)
            if m is not None and m in project.messages
        }
        if carried & holders:
            holding.add(op.qualified_name)
    return inside, holding


def _flags(element: str, inside: set[str], holding: set[str]) -> bool:
    """Whether a finding's element is a holding element, or the type or one it holds (or a part
    of one: a field, a symbol)."""
    if element in holding:
        return True
    parts = element.split(".")
    return any(".".join(parts[:cut]) in inside for cut in range(len(parts), 0, -1))


def _finding(
    verdict: Verdict, report: BaselineReport, severity: Severity, message: str
) -> ProjectFinding:
    old: Span | None = report.old.location(verdict.type_name)
    new: Span | None = report.new.location(verdict.type_name)
    f = Finding(
        RULE, severity, verdict.direction, verdict.format, message, verdict.type_name, old, new
    )
    return ProjectFinding(f, verdict.type_name, report.baseline)


def _reachable(project: Project, type_name: str) -> set[str]:
    return set(project.reachable_types([type_name]))
