"""The `stele import` run: read, write, prove, report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ImportRequest:
    fmt: str
    paths: tuple[Path, ...]
    into: Path | None
    package: str | None
    include: tuple[Path, ...]
    force: bool
    proof: bool


def run_import(request: ImportRequest, config_path: Path | None) -> int:
    raise NotImplementedError
