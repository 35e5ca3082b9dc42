"""JSON Schema documents as contracts (drafts 7, 2019-09, 2020-12)."""

from __future__ import annotations

from pathlib import Path

from stele.importer.model import Imported
from stele.importer.sources import SourceFile


def import_jsonschema(sources: list[SourceFile], package: str | None) -> Imported:
    raise NotImplementedError


def counterparts(old: Path, new: Path) -> list[tuple[Path, Path]]:
    raise NotImplementedError
