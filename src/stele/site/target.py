"""Where `stele docs` writes, checked before any work, and how: a folder replaced in one rename.

The folder named by `--out` (default `site`, relative to the current directory like every path
option) must stay inside the project once `..` and links are followed, must not be inside
`.git`, must not be a symbolic link, and must neither be nor hold nor lie inside the project
root, stele.yaml, the contract sources, the lock, the baseline or the generated output (which
`stele generate` replaces whole). W006 at the option otherwise, exit 2. A folder that exists
must be one stele wrote (W001, stele.transaction.check_replaceable).

The write reuses stele.transaction's staging names: the site is written whole to
`.<site>.new-<token>`, the old folder renamed to `.<site>.old-<token>`, the new one into place,
the old one removed. A run killed between the two renames is completed by the next run.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

from stele.config import CONFIG_NAME, Config
from stele.diagnostics import SteleError, error
from stele.files import write_files
from stele.ir import Span
from stele.source.write_paths import resolved
from stele.transaction import _remove, backup_path, check_replaceable, staged_path

OPTION = "--out"
SPAN = Span(OPTION, 1, 1)


def _refuse(shown: str, problem: str, hint: str) -> SteleError:
    return SteleError(
        [error("W006", f"{OPTION} '{shown}' {problem}; nothing was written", SPAN, hint)]
    )


def site_target(config: Config, out: Path, config_file: Path | None = None) -> Path:
    """The absolute folder to write the site to, or W006."""
    shown = os.fsencode(out).decode("utf-8", "backslashreplace")
    hint = "write the site to a folder of its own inside the project, such as site"
    if any(ord(c) < 32 for c in shown):
        raise _refuse(shown, "holds a control character", hint)
    path = out if out.is_absolute() else Path.cwd() / out
    if path.is_symlink():
        raise _refuse(shown, "is a symbolic link", "name the folder itself")
    target = resolved(path)
    base = config.root.resolve()
    if target is None or not (target == base or target.is_relative_to(base)):
        raise _refuse(shown, "leads outside the project", hint)
    if any(p.lower() == ".git" for p in target.relative_to(base).parts):
        raise _refuse(shown, "is inside .git", hint)
    kept = [
        (base, "the project itself"),
        (resolved(config_file or config.root / CONFIG_NAME), "stele.yaml"),
        (resolved(config.lock_path), "the lock file"),
        (resolved(config.baseline_path), "the compatibility baseline"),
        (resolved(config.output_path), "the generated output"),
        *((resolved(config.root / s), f"the contract sources in '{s}'") for s in config.sources),
    ]
    for kept_path, what in kept:
        if kept_path is None:
            continue
        if target == kept_path or target in kept_path.parents:
            raise _refuse(shown, f"would replace {what}", hint)
        if kept_path != base and kept_path in target.parents:
            raise _refuse(shown, f"is inside {what}", hint)
    if (target / ".git").exists():
        raise _refuse(shown, "would replace a git repository", hint)
    return target


def write_site(target: Path, files: Mapping[str, bytes], shown: str) -> None:
    """Replace `target` by `files` (the caller holds the project run lock)."""
    finish_interrupted(target)
    check_replaceable(target, SPAN, shown, planned=tuple(files))
    token = secrets.token_hex(8)
    staged, backup = staged_path(target, token), backup_path(target, token)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        staged.mkdir()
        write_files(files, staged)
    except BaseException:
        _remove(staged)
        raise
    if os.path.lexists(target):
        os.replace(target, backup)
    os.replace(staged, target)
    _remove(backup)


def finish_interrupted(target: Path) -> None:
    """Complete or undo what a killed run left beside `target`: a staged site is whole once
    the old one was renamed away (the rename comes after the last write), so it goes into
    place when the target is missing; every other leftover is removed."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(new|old)-([0-9a-f]{{16}})")
    parent = target.parent
    if not parent.is_dir():
        return
    leftovers = sorted(e for e in parent.iterdir() if pattern.fullmatch(e.name))
    if not os.path.lexists(target):
        for entry in leftovers:
            m = pattern.fullmatch(entry.name)
            if m and m.group(1) == "new" and backup_path(target, m.group(2)).is_dir():
                os.replace(entry, target)
                break
    for entry in leftovers:
        if os.path.lexists(entry):
            _remove(entry)
