"""A contract project ready for work: config, loaded and numbered IR, lock, diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stele.config import Config
from stele.diagnostics import Diagnostic, SteleError, has_errors
from stele.ir import Project
from stele.lock import LockFile, apply_lock, dump_lock, read_lock
from stele.source.loader import load


@dataclass(frozen=True)
class Workspace:
    config: Config
    project: Project  # with every Protobuf number assigned from the source or the lock
    lock: LockFile  # the lock as it should be on disk after this run
    lock_text: str
    lock_changed: bool
    diagnostics: list[Diagnostic]  # warnings and infos of loading and numbering
    sources: dict[str, str]  # package -> source file, relative to the project root


def open_workspace(config: Config, sources: list[Path] | None = None) -> Workspace:
    """Load and number the project. Raises SteleError when the contracts have errors."""
    paths = sources or [config.root / s for s in config.sources]
    result = load(paths, config.root)
    if result.project is None or has_errors(result.diagnostics):
        raise SteleError([d for d in result.diagnostics if d.severity == "error"], keep_order=True)
    lock_path = config.lock_path
    old_lock = read_lock(lock_path, config.lock)
    project, lock, numbering = apply_lock(result.project, old_lock, config.lock)
    if has_errors(numbering):
        raise SteleError([d for d in numbering if d.severity == "error"])
    lock_text = dump_lock(lock)
    old_text = lock_path.read_text(encoding="utf-8") if lock_path.is_file() else ""
    return Workspace(
        config=config,
        project=project,
        lock=lock,
        lock_text=lock_text,
        lock_changed=lock_text != old_text,
        diagnostics=sorted([*result.diagnostics, *numbering]),
        sources={name: p.file for name, p in project.packages.items()},
    )
