"""Writing a set of files (relative POSIX path -> content) below a directory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def write_files(files: Mapping[str, bytes], root: Path) -> None:
    """Write `files` below `root`, creating directories as needed."""
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
