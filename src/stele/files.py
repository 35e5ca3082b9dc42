"""Writing a set of files (relative POSIX path -> content) below a directory, and whether a path
stays inside one."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def write_files(files: Mapping[str, bytes], root: Path) -> None:
    """Write `files` below `root`, creating directories as needed."""
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def written_inside(relative: str) -> bool:
    """Whether a path as written stays below the directory it is relative to."""
    if Path(relative).is_absolute():
        return False
    normal = os.path.normpath(relative)
    return normal != ".." and not normal.startswith(("../", "/"))


def resolves_within(path: Path, base: Path) -> bool:
    """Whether `path`, links followed, is `base` (resolved) or below it."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return False
    return target == base or target.is_relative_to(base)
