"""`stele init`: a new project that passes lint."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from stele.diagnostics import SteleError, error
from stele.ir import Span


def init_project(directory: Path) -> list[str]:
    config = directory / "stele.yaml"
    contract = directory / "contracts" / "example.yaml"
    for existing in (config, contract):
        if existing.exists():
            raise SteleError(
                [
                    error(
                        "C003",
                        f"{existing.as_posix()} already exists",
                        Span(existing.as_posix(), 1, 1),
                        "run init in an empty directory",
                    )
                ]
            )
    templates = files("stele").joinpath("templates")
    contract.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(templates.joinpath("stele.yaml").read_text("utf-8"), encoding="utf-8")
    contract.write_text(templates.joinpath("example.yaml").read_text("utf-8"), encoding="utf-8")
    return [
        f"created {config.as_posix()}",
        f"created {contract.as_posix()}",
        "next: stele lint && stele generate",
    ]
