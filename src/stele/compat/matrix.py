"""The report of `stele check`: change x format x direction.

The rows are the changes between the two projects, found on the IR (added, removed, renamed,
changed elements), plus any element a finding points at that the IR comparison did not list.
Each cell is the worst severity found for that change in that direction, `ack` when only
acknowledged findings are there, or `ok`. A rename without an alias therefore reads as exactly what it is: `ok` on the Protobuf
wire, `error` in JSON and Avro.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from stele.compat.locate import ElementIndex
from stele.compat.model import Direction
from stele.compat.project_check import BaselineReport, ProjectFinding
from stele.diagnostics import Severity

# Members are separate elements: a record "changes" only when its own attributes do. Where a
# thing is written (`span`, and every `*_span`) is never part of what it is.
_NOT_SHAPE = frozenset(
    {
        "doc",
        "examples",
        "fields",
        "symbols",
        "variants",
        "operations",
        "headers",
        "name",
        "package",
        "acks",  # acknowledging a break is not a change of the contract
    }
)
_SHORT = {Direction.BACKWARD: "bwd", Direction.FORWARD: "fwd"}


@dataclass(frozen=True)
class Change:
    element: str
    kind: str  # added | removed | renamed | changed
    detail: str = ""

    @property
    def label(self) -> str:
        return f"{self.element} ({self.kind}{': ' + self.detail if self.detail else ''})"


def _shape(node: object, element: bool = True) -> object:
    """What an element is, without where it is written or its members (elements of their own).
    Nested values (a field's type, reserved numbers) are compared whole, spans aside."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return tuple(
            (f.name, _shape(getattr(node, f.name), False))
            for f in dataclasses.fields(node)
            if not _is_span(f.name) and not (element and f.name in _NOT_SHAPE)
        )
    if isinstance(node, tuple | list):
        return tuple(_shape(v, False) for v in node)
    if isinstance(node, dict):
        return tuple(sorted((str(k), repr(_shape(v, False))) for k, v in node.items()))
    return node


def _is_span(attribute: str) -> bool:
    return attribute == "span" or attribute.endswith("_span")


def changes(old: ElementIndex, new: ElementIndex) -> list[Change]:
    """What changed between two projects, element by element, sorted by element name."""
    renamed = _renames(old, new)
    found: list[Change] = []
    for name in sorted(set(old.nodes) | set(new.nodes)):
        if name not in old.nodes:
            source = renamed.get(name)
            found.append(
                Change(name, "renamed", f"from {source}") if source else Change(name, "added")
            )
        elif name not in new.nodes:
            if name not in renamed.values():
                found.append(Change(name, "removed"))
        elif _shape(old.nodes[name]) != _shape(new.nodes[name]):
            found.append(Change(name, "changed"))
    return found


def _renames(old: ElementIndex, new: ElementIndex) -> dict[str, str]:
    """New element -> old element, for members declared `renamed_from` an element that is gone."""
    out: dict[str, str] = {}
    for name, node in new.nodes.items():
        if name in old.nodes:
            continue
        scope = name.rsplit(".", 1)[0]
        for previous in getattr(node, "renamed_from", ()):
            candidate = (
                previous if "." in previous and previous in old.nodes else f"{scope}.{previous}"
            )
            if candidate in old.nodes and candidate not in new.nodes:
                out[name] = candidate
                break
    return out


@dataclass(frozen=True)
class Matrix:
    columns: list[tuple[str, Direction]]
    rows: list[tuple[Change, dict[tuple[str, Direction], str]]]

    def to_json(self) -> list[dict[str, Any]]:
        return [
            {
                "element": change.element,
                "change": change.kind,
                "detail": change.detail,
                "cells": {f"{fmt}/{d.value}": cells[(fmt, d)] for fmt, d in self.columns},
            }
            for change, cells in self.rows
        ]

    def render(self) -> str:
        if not self.columns:
            return "no direction checked (mode NONE)\n"
        if not self.rows:
            return "no changes\n"
        head = ["change", *(f"{fmt} {_SHORT[d]}" for fmt, d in self.columns)]
        body = [[c.label, *(cells[col] for col in self.columns)] for c, cells in self.rows]
        widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in [head, *body]
        ]
        return "\n".join(lines) + "\n"


def build_matrix(report: BaselineReport, acknowledged: Sequence[ProjectFinding] = ()) -> Matrix:
    """The rows are the contract changes when stele judged the contracts (each cell the worst
    verdict left after acknowledgements: `ack` when only acknowledged ones remain, `-` when the
    element's mode does not check that direction); else the IR changes, with the artifact
    checkers' findings in the cells."""
    columns = [(fmt, d) for fmt in report.formats for d in report.mode.directions]
    if report.verdicts is not None:
        return _verdict_matrix(report, columns, acknowledged)
    rows = changes(report.old.index, report.new.index)
    renamed = {c.detail.removeprefix("from "): c.element for c in rows if c.kind == "renamed"}
    cells: dict[str, dict[tuple[str, Direction], str]] = {
        c.element: dict.fromkeys(columns, "ok") for c in rows
    }
    by_element = {c.element: c for c in rows}
    held = report.new.index.field_types
    for pf, cell in [*((a, "ack") for a in acknowledged), *((f, "") for f in report.findings)]:
        element = _row_for(pf, by_element, renamed, held)
        if element not in cells:
            by_element[element] = Change(element, "affected")
            cells[element] = dict.fromkeys(columns, "ok")
        key = (pf.finding.format, pf.finding.direction)
        if key in cells[element]:
            cells[element][key] = _worse(cells[element][key], cell or pf.finding.severity)
    ordered = sorted(by_element.values(), key=lambda c: c.element)
    return Matrix(columns, [(c, cells[c.element]) for c in ordered])


def _verdict_matrix(
    report: BaselineReport,
    columns: list[tuple[str, Direction]],
    acknowledged: Sequence[ProjectFinding],
) -> Matrix:
    rows: dict[tuple[str, str], Change] = {}
    cells: dict[tuple[str, str], dict[tuple[str, Direction], str]] = {}
    for v in report.verdicts or ():
        key = (v.change.element, v.change.kind)
        if key not in rows:
            rows[key] = Change(v.change.element, v.change.kind, _values(v.change))
            cells[key] = dict.fromkeys(columns, "-")
        if (v.format, v.direction) in cells[key] and cells[key][(v.format, v.direction)] == "-":
            cells[key][(v.format, v.direction)] = "ok"
    for pf, cell in [*((a, "ack") for a in acknowledged), *((f, "") for f in report.findings)]:
        key = (pf.element, pf.kind)
        column = (pf.finding.format, pf.finding.direction)
        if key in cells and column in cells[key]:
            cells[key][column] = _worse(cells[key][column], cell or pf.finding.severity)
    ordered = sorted(rows, key=lambda k: (k[0], k[1]))
    return Matrix(columns, [(rows[k], cells[k]) for k in ordered])


def _values(change: Any) -> str:
    old, new = change.old, change.new
    if old is not None and new is not None:
        return f"{old} -> {new}"
    return str(new if new is not None else old or "")


def _row_for(
    pf: ProjectFinding, rows: dict[str, Change], renamed: dict[str, str], held: dict[str, str]
) -> str:
    element = renamed.get(pf.element, pf.element) or "(unmapped)"
    if element in rows:
        return element
    # A finding on a record about one changed member belongs to that member's row; so does a
    # finding on a field about the one changed member of the type the field holds.
    for scope in (element, held.get(element)):
        if scope is None:
            continue
        members = [name for name in rows if name.startswith(scope + ".")]
        if len(members) == 1:
            return members[0]
    return element


_RANK = {"-": -2, "ok": -1, "ack": 0}


def _worse(cell: str, found: Severity | str) -> str:
    """The worse of a cell and a finding's severity (or `ack`): a severity outranks `ack`,
    which outranks `ok`."""
    value = found.value if isinstance(found, Severity) else found

    def rank(text: str) -> int:
        return _RANK[text] if text in _RANK else Severity(text).rank + 1

    return value if rank(value) > rank(cell) else cell
