"""`stele init`: a new project that passes lint."""

from __future__ import annotations

import contextlib
import os
from importlib.resources import files
from pathlib import Path

from stele.diagnostics import SteleError, error
from stele.ir import Span
from stele.write_errors import write_failed


def init_project(directory: Path) -> list[str]:
    config = directory / "stele.yaml"
    contract = directory / "contracts" / "example.yaml"
    # A link (even a dangling one) counts as existing: `contracts -> /elsewhere` would have
    # the example written outside the new project.
    for existing in (config, contract.parent, contract):
        if os.path.lexists(existing) and (existing != contract.parent or existing.is_symlink()):
            what = "is a symbolic link" if existing.is_symlink() else "already exists"
            raise SteleError(
                [
                    error(
                        "C003",
                        f"{existing.as_posix()} {what}",
                        Span(existing.as_posix(), 1, 1),
                        "run init in an empty directory",
                    )
                ]
            )
    templates = files("stele").joinpath("templates")
    texts = [
        (config, templates.joinpath("stele.yaml").read_text("utf-8")),
        (contract, templates.joinpath("example.yaml").read_text("utf-8")),
    ]
    # The cache is local: a .gitignore keeps it out of commits. One the user has (or a link
    # named so) is theirs and left alone.
    ignore = directory / ".gitignore"
    if not os.path.lexists(ignore):
        texts.append((ignore, GITIGNORE))
    _write_all(texts)
    return [
        *(f"created {path.as_posix()}" for path, _ in texts),
        "next: stele lint && stele generate",
    ]


GITIGNORE = "# stele's local cache of generated artifacts and check findings\n.stele-cache/\n"


def _write_all(texts: list[tuple[Path, str]]) -> None:
    """Write every file, creating folders; on a failure (a file where a folder goes, no
    permission, a full disk) remove what this call created and raise W003: nothing is left
    half-written."""
    created: list[Path] = []
    target = texts[0][0]
    try:
        for path, text in texts:
            target = path
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            for folder in reversed(missing):
                target = folder
                folder.mkdir()
                created.append(folder)
            target = path
            with path.open("x", encoding="utf-8") as out:
                created.append(path)
                out.write(text)
    except OSError as exc:
        for done in reversed(created):
            with contextlib.suppress(OSError):
                done.rmdir() if done.is_dir() else done.unlink()
        raise write_failed(shown_path(target), exc) from None


def shown_path(path: Path) -> str:
    return os.fsencode(path).decode("utf-8", "backslashreplace")
