"""Verification by codecs: the rules' verdicts checked against fastavro and the protobuf runtime.

For every changed type, values that cover every union branch, every enum symbol of the type's
enum fields and optional fields present and absent are encoded with the writer's schema and
decoded with the reader's (BACKWARD: written by the old version, read by the new one; FORWARD the
reverse). A value "survives" when the reader decodes it and every field both sides declare with
the same type reads back as written.

The codecs contradict the rules in two ways, each reported as `verify-contradiction`:

- the rules found no error for the type (nor any type it holds) but a value does not survive:
  an error, since a break would ship unflagged;
- (Avro only) the rules flagged an error but every value survives: a warning, since either the
  rule is too strict or the generated values missed the breaking case. Protobuf rules judge the
  JSON mapping and meaning as well as the wire, so a surviving wire read proves nothing there.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stele.compat.locate import ElementIndex
from stele.compat.model import Direction, Finding, Location
from stele.compat.project_check import BaselineReport, ProjectFinding, Side
from stele.diagnostics import Severity
from stele.ir import Enum, ListOf, MapOf, Project, Record, Ref, TypeExpr, Union, Value

RULE = "verify-contradiction"
CODEC_FORMATS = ("avro", "protobuf")
_SEEDS = 3


@dataclass(frozen=True)
class Verdict:
    type_name: str
    format: str
    direction: Direction
    failure: str  # "" when every value survived
    values: int


def verify(report: BaselineReport) -> list[ProjectFinding]:
    """Contradictions between the rules and the codecs, located at the type in the YAML."""
    from stele.encode import Codecs

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
    from stele.compat.matrix import changes

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
# Values
# ---------------------------------------------------------------------------------------------


def covering_values(project: Project, type_name: str) -> list[Value]:
    """Values of a type: optional fields all present, all absent and mixed; every variant of a
    union; every symbol of each enum field; every variant of each union field."""
    from stele.encode import Shape, generate_value

    t = project.types[type_name]
    values: list[Value] = []
    for seed, presence in enumerate((1.0, 0.0, 0.5)[:_SEEDS]):
        shape = Shape(optional_presence=presence, max_depth=4)
        values.append(generate_value(project, Ref(type_name), random.Random(seed), shape))
    if isinstance(t, Union):
        values += [_variant_value(project, t, v.name) for v in t.variants]
    if isinstance(t, Record):
        full = values[0]
        assert isinstance(full, dict)
        for f in t.fields:
            for choice in _field_choices(project, f.type):
                values.append({**full, f.name: choice})
    unique = {json.dumps(v, sort_keys=True): v for v in values}
    return list(unique.values())


def _field_choices(project: Project, t: TypeExpr) -> list[Value]:
    if not isinstance(t, Ref):
        return []
    named = project.types[t.name]
    if isinstance(named, Enum):
        return [s.name for s in named.symbols]
    if isinstance(named, Union):
        return [_variant_value(project, named, v.name) for v in named.variants]
    return []


def _variant_value(project: Project, union: Union, variant: str) -> Value:
    from stele.encode import Shape, generate_value

    chosen = next(v for v in union.variants if v.name == variant)
    body = generate_value(
        project, chosen.type, random.Random(0), Shape(optional_presence=1.0, max_depth=4)
    )
    assert isinstance(body, dict)
    return {union.discriminator: variant, **body}


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
    values = covering_values(writer.workspace.project, type_name)
    count = 0
    for value in values:
        try:
            data = writer_codec.encode(type_name, value)
        except (ValueError, KeyError, TypeError):
            continue  # a value the writer's codec cannot express is no evidence either way
        count += 1
        try:
            back = reader_codec.decode(type_name, data, writer=writer_codec)
        except Exception as exc:  # any failure of the reader is the codec's verdict
            return Verdict(type_name, fmt, direction, f"{type(exc).__name__}: {exc}", count)
        lost = _lost_field(
            writer.workspace.project, reader.workspace.project, type_name, value, back
        )
        if lost:
            return Verdict(type_name, fmt, direction, lost, count)
    return Verdict(type_name, fmt, direction, "", count)


def _lost_field(
    writer: Project, reader: Project, type_name: str, written: Value, read: Value
) -> str:
    """A field both sides declare alike whose value the reader did not get back."""
    w, r = writer.types.get(type_name), reader.types.get(type_name)
    if not (isinstance(w, Record) and isinstance(r, Record)):
        return ""
    if not (isinstance(written, dict) and isinstance(read, dict)):
        return "the reader did not return a record"
    from stele.encode import normal_form

    expected = normal_form(writer, type_name, written)
    assert isinstance(expected, dict)
    for f in w.fields:
        rf = r.field(f.name)
        if rf is None or rf.type != f.type or f.name not in expected:
            continue
        if not _same_kind(writer, reader, f.type):
            continue
        if read.get(f.name) != expected[f.name]:
            return f"field '{f.name}' was written as {expected[f.name]!r} but read as {read.get(f.name)!r}"
    return ""


def _same_kind(writer: Project, reader: Project, t: TypeExpr) -> bool:
    """Scalars compare directly; named types compare only when they are unchanged."""
    if isinstance(t, ListOf):
        return _same_kind(writer, reader, t.item)
    if isinstance(t, MapOf):
        return _same_kind(writer, reader, t.value)
    if isinstance(t, Ref):
        from stele.compat.matrix import _shape

        a, b = writer.types.get(t.name), reader.types.get(t.name)
        if a is None or b is None:
            return False
        return _shape(a) == _shape(b) and _members(a) == _members(b)
    return True


def _members(t: object) -> object:
    from stele.compat.matrix import _shape

    members: tuple[object, ...] = (
        getattr(t, "fields", ()) or getattr(t, "symbols", ()) or getattr(t, "variants", ())
    )
    return tuple(_shape(m) for m in members)


# ---------------------------------------------------------------------------------------------
# Comparing with the rules
# ---------------------------------------------------------------------------------------------


def contradiction(
    verdict: Verdict, report: BaselineReport, writer: Side, reader: Side
) -> ProjectFinding | None:
    if verdict.values == 0:
        return None
    reach = _reachable(writer.workspace.project, verdict.type_name) | _reachable(
        reader.workspace.project, verdict.type_name
    )
    errors = [
        pf
        for pf in report.findings
        if pf.finding.format == verdict.format
        and pf.finding.direction is verdict.direction
        and pf.severity is Severity.ERROR
        and _owning_type(pf.element, reach) is not None
    ]
    if verdict.failure and not errors:
        message = (
            f"the rules find {verdict.type_name} compatible ({verdict.direction.value}) but "
            f"{verdict.format} cannot read it: {verdict.failure}"
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


def _finding(
    verdict: Verdict, report: BaselineReport, severity: Severity, message: str
) -> ProjectFinding:
    old: Location | None = report.old.location(verdict.type_name)
    new: Location | None = report.new.location(verdict.type_name)
    f = Finding(
        RULE, severity, verdict.direction, verdict.format, message, verdict.type_name, old, new
    )
    return ProjectFinding(f, verdict.type_name, report.baseline)


def _reachable(project: Project, type_name: str) -> set[str]:
    return set(project.reachable_types([type_name]))
