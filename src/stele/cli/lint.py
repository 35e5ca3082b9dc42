"""`stele lint`.

In the text output, infos the newest release had too (S182, the availability of a synchronous
chain, on every lint) are folded into one line before the summary, which still counts them;
`--verbose` shows them, as does `--fail-on info`, and an info new since the last release is
always shown. The other outputs (json, sarif, junit, github) keep every result."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import Counter
from pathlib import Path

from stele import cache
from stele.baseline import release_baseline, released_versions
from stele.config import Config
from stele.diagnostics import Severity, SteleError
from stele.lock import apply_lock, read_lock
from stele.report.diagnostics import diagnostics_report
from stele.report.model import Report, Result
from stele.report.text import render_result
from stele.source.loader import load

# Diagnostics that mean there is nothing to lint: the input cannot be read at all (exit 2).
UNREADABLE = frozenset({"S030", "S031"})


def lint_report(config: Config, paths: list[Path]) -> Report:
    sources = paths or [config.root / s for s in config.sources]
    result = load(sources, config.root)
    diagnostics = list(result.diagnostics)
    unreadable = [d for d in diagnostics if d.code in UNREADABLE]
    if unreadable:
        raise SteleError(unreadable)
    if result.project is not None:
        # Numbering problems (reserved reuse, renumbering against the lock) are lint findings too.
        _, _, numbering = apply_lock(
            result.project, read_lock(config.lock_path, config.lock), config.lock
        )
        diagnostics = sorted([*diagnostics, *numbering])
    # The loader's order: errors of a file that did not load whole first, then by place.
    return diagnostics_report("lint", diagnostics, result.files, keep_order=True)


# ---------------------------------------------------------------------------------------------
# Infos in the text output: one line for those the last release had too
# ---------------------------------------------------------------------------------------------

SHOWN_CODES = 3  # codes the summary line of folded infos names


def folded_infos(report: Report, config: Config, paths: list[Path]) -> list[Result]:
    """The infos the text output folds into one line: those the newest release had too (same
    code and message), all of them when nothing is released. An info that is new since the
    last release is shown. Reading the release costs one more load, done only when there are
    infos to fold."""
    infos = [r for r in report.results if r.severity is Severity.INFO]
    if not infos:
        return []
    known = _release_infos(config, paths)
    if known is None:
        return infos
    return [r for r in infos if (r.rule, r.message) in known]


def _release_infos(config: Config, paths: list[Path]) -> set[tuple[str, str]] | None:
    """(code, message) of the infos of the newest release; None when nothing is released or it
    cannot be read (then no info counts as new). `stele lint FILE` compares with nothing.

    A release is immutable: its infos are kept in `.stele-cache/lint/`, keyed by the bytes of
    its files and stele's code, so a lint after the first reads one small file instead of
    loading the release."""
    versions = released_versions(config)
    if paths or not versions:
        return None
    try:
        old = release_baseline(config, versions[0]).config
        entry = _cache_entry(config, old.root)
        found = _read_infos(entry) if entry is not None else None
        if found is not None:
            return found
        result = load([old.root / s for s in old.sources], old.root)
    except (SteleError, OSError):
        return None
    infos = {(d.code, d.message) for d in result.diagnostics if d.severity is Severity.INFO}
    if entry is not None:
        _write_infos(entry, infos)
    return infos


MAX_ENTRY_BYTES = 4 << 20
KEEP_ENTRIES = 8  # releases whose infos are kept


def _cache_entry(config: Config, release: Path) -> Path | None:
    folder = cache.cache_folder(config.root, "lint")
    if folder is None:
        return None
    digest = hashlib.sha256(cache.code_fingerprint().encode())
    for path in sorted(p for p in release.rglob("*") if p.is_file() and not p.is_symlink()):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(release).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return folder / f"infos-{digest.hexdigest()[:32]}.json"


def _read_infos(entry: Path) -> set[tuple[str, str]] | None:
    """The cached infos, or None for an entry that is missing or not what this code wrote."""
    data = cache.read_small(entry, MAX_ENTRY_BYTES)
    try:
        doc = json.loads(data.decode("utf-8")) if data is not None else None
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(doc, list) or not all(
        isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x) for x in doc
    ):
        return None
    return {(code, message) for code, message in doc}


def _write_infos(entry: Path, infos: set[tuple[str, str]]) -> None:
    """Atomically; a read-only checkout lints without the cache."""
    with contextlib.suppress(OSError):
        cache.write_atomic(entry, json.dumps(sorted(infos)).encode("utf-8"))
        cache.keep_newest(entry.parent, "infos-*.json", KEEP_ENTRIES)


def fold_line(folded: list[Result]) -> str:
    """`4 infos (S182 x4) not shown: the last release had them too; --verbose shows them`."""
    counts = Counter(r.rule for r in folded)
    named = [f"{code} x{n}" for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    if len(named) > SHOWN_CODES:
        named = [*named[:SHOWN_CODES], "..."]
    what = f"{len(folded)} info{'' if len(folded) == 1 else 's'} ({', '.join(named)})"
    return f"{what} not shown; --verbose shows them"


def render_text(report: Report, folded: list[Result], color: bool) -> str:
    """The text report without the folded infos, one line naming them before the summary,
    which still counts every result."""
    hidden = {id(r) for r in folded}
    shown = [r for r in report.results if id(r) not in hidden]
    lines = [render_result(r, color) for r in shown]
    lines += [f"note: {note}" for note in report.notes]
    if shown and report.advice:
        lines.append(report.advice)
    if folded:
        lines.append(fold_line(folded))
    lines.append(report.summary())
    return "\n".join(lines) + "\n"
