"""A cache of `stele check`'s located findings, one entry per baseline, under `.stele-cache/check/`.

Running the checkers (and the codec verification) is what a check costs once the artifacts are
cached. Their findings depend only on both sides' inputs (which `stele.cache.cache_key` hashes:
stele's code, the generators' versions, the options, the contracts and the lock), on how each
side's paths are shown, on the mode, on the verification and on the project's policies and
severity overrides. With all of them unchanged, a pre-commit run reads one small JSON file.

Acknowledgements are applied after the cache, on every run, so an expiry date passing is never
hidden by it. An entry that cannot be read is ignored and rewritten; STELE_NO_CACHE=1 bypasses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path
from typing import Any

from stele import cache
from stele.compat.model import Direction, Finding, Mode
from stele.compat.project_check import BaselineReport, ProjectFinding, Side, _order, check_sides
from stele.compat.settings import ModeMap, project_settings, severity_overrides
from stele.compat.verify import verify as run_verify
from stele.diagnostics import Severity
from stele.span import Span

FOLDER = ("check",)
KEEP = 16
MAX_ENTRY_BYTES = 64 << 20  # an entry read back; a larger file is not one this code wrote
_VERSION = "3"  # bump when the entry's shape changes


def checked(
    old: Side,
    new: Side,
    mode: Mode,
    verify: bool,
    cache_root: Path,
    modes: ModeMap | None = None,
) -> BaselineReport:
    """`check_sides` (and the verification by codecs), reused while nothing it depends on
    changed."""
    folder = cache.cache_folder(cache_root, *FOLDER)  # None: no cache, or a link out of the project
    if folder is None:
        return _check(old, new, mode, verify)
    entry = folder / f"{result_key(old, new, mode, verify, modes)}.json"
    hit = read_entry(entry)
    if hit is not None:
        formats, notes, findings = hit
        return BaselineReport(old.label, mode, old, new, findings, formats, notes)
    report = _check(old, new, mode, verify)
    with contextlib.suppress(OSError):  # a read-only checkout still works, only uncached
        write_entry(entry, report)
        cache.keep_newest(folder, "*.json", KEEP)
    return report


def _check(old: Side, new: Side, mode: Mode, verify: bool) -> BaselineReport:
    report = check_sides(old, new, mode)
    if verify:
        report.findings = sorted([*report.findings, *run_verify(report)], key=_order)
    return report


def result_key(old: Side, new: Side, mode: Mode, verify: bool, modes: ModeMap | None = None) -> str:
    config = new.workspace.config
    parts = [
        _VERSION,
        cache.cache_key(old.workspace, old.formats),
        cache.cache_key(new.workspace, new.formats),
        old.label,
        old.shown_prefix,
        new.shown_prefix,
        mode.value,
        (modes or ModeMap(mode)).key(),
        str(verify),
        repr(project_settings(config)),
        json.dumps(severity_overrides(config), sort_keys=True, default=str),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


# ---------------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------------


def write_entry(entry: Path, report: BaselineReport) -> None:
    doc = {
        "formats": report.formats,
        "notes": report.notes,
        "findings": [_dump(pf) for pf in report.findings],
    }
    cache.write_atomic(entry, json.dumps(doc, sort_keys=True).encode("utf-8"))


def read_entry(entry: Path) -> tuple[list[str], list[str], list[ProjectFinding]] | None:
    """The formats, notes and findings of an entry; None when it is missing or unreadable."""
    data = cache.read_small(entry, MAX_ENTRY_BYTES)
    if data is None:
        return None
    try:
        doc = json.loads(data.decode("utf-8"))
        formats = [str(f) for f in doc["formats"]]
        notes = [str(n) for n in doc["notes"]]
        findings = [_load(item) for item in doc["findings"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return formats, notes, findings


def _dump(pf: ProjectFinding) -> dict[str, Any]:
    f = pf.finding
    return {
        "rule": f.rule,
        "severity": f.severity.value,
        "direction": f.direction.value,
        "format": f.format,
        "message": f.message,
        "subject": f.subject,
        "old": f.old.to_json() if f.old else None,
        "new": f.new.to_json() if f.new else None,
        "reached_by": list(f.reached_by),
        "detail": [list(pair) for pair in f.detail],
        "element": pf.element,
        "baseline": pf.baseline,
    }


def _load(item: dict[str, Any]) -> ProjectFinding:
    finding = Finding(
        rule=str(item["rule"]),
        severity=Severity(item["severity"]),
        direction=Direction(item["direction"]),
        format=str(item["format"]),
        message=str(item["message"]),
        subject=str(item["subject"]),
        old=_location(item["old"]),
        new=_location(item["new"]),
        reached_by=tuple(str(r) for r in item.get("reached_by", ())),
        detail=tuple((str(k), str(v)) for k, v in item.get("detail", ())),
    )
    return ProjectFinding(finding, str(item["element"]), str(item["baseline"]))


def _location(doc: dict[str, Any] | None) -> Span | None:
    if doc is None:
        return None
    return Span(str(doc["path"]), int(doc["line"]), int(doc["column"]))
