"""Generating every artifact: run the emitters, validate with the real consumers, write atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from stele import cache
from stele.diagnostics import SteleError, error, has_errors
from stele.emit.base import EmitContext
from stele.emit.python_protobuf import SHARE_PROTOC, forget_shared
from stele.emit.registry import emitter, plan
from stele.ir import Span
from stele.mapping.artifacts import Artifacts
from stele.workdir import run_folder
from stele.workspace import Workspace
from stele.write_errors import write_failed


def build_artifacts(
    ws: Workspace, formats: tuple[str, ...] | None = None, validate: bool = True
) -> Artifacts:
    """Every artifact of the project in memory. Raises SteleError when one fails validation.

    The emitters that run tools on files (protoc) work in a folder the run holds for itself,
    under the project's `.stele-cache/work/` (stele.workdir)."""
    with run_folder(ws.config.root):
        return _build(ws, formats, validate)


def _build(ws: Workspace, formats: tuple[str, ...] | None, validate: bool) -> Artifacts:
    names = plan(formats or ws.config.options.formats)
    if validate and "python-protobuf" in names:
        # The validation's protoc run writes the Python protobuf code too (one run, not two).
        token = SHARE_PROTOC.set(True)
        try:
            return _run(ws, names, validate)
        finally:
            SHARE_PROTOC.reset(token)
            forget_shared()
    return _run(ws, names, validate)


def _run(ws: Workspace, names: list[str], validate: bool) -> Artifacts:
    produced: Artifacts = {}
    for name in names:
        e = emitter(name)
        ctx = EmitContext(ws.project, ws.config.options, dict(produced), ws.sources)
        out = e.emit(ctx)
        if validate:
            problems = e.validate(ctx, out)
            if has_errors(problems):
                raise SteleError(problems)
        clash = sorted(set(out) & set(produced))
        if clash:
            raise SteleError(
                [error("G000", f"{name} would overwrite {clash[0]}", Span(clash[0], 1, 1))]
            )
        produced.update(out)
    return dict(sorted(produced.items()))


def write_text_atomic(path: Path, text: str) -> None:
    """Write `path` whole or not at all. A failed write (disk full, read-only folder) is W003,
    exit 2, with the previous file as it was."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            # mkstemp makes a private file; the result gets the permissions of a normal one.
            os.chmod(tmp, 0o666 & ~_umask())
            f.write(text)
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_failed(_shown(path), exc) from None
        raise


def _shown(path: Path) -> str:
    """`path` relative to the working directory when it is below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (OSError, ValueError):
        return path.as_posix()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def cached_artifacts(
    ws: Workspace, formats: tuple[str, ...] | None = None, validate: bool = True
) -> Artifacts:
    """`build_artifacts(ws, formats, validate)`, reused from the cache when the
    inputs are unchanged. Raises SteleError as build_artifacts does (failures are never cached).

    `generate --check` never trusts artifacts that skipped validation: a validated request that
    finds an unvalidated entry builds and validates, and replaces the entry; an unvalidated
    request gladly takes a validated entry.
    """
    folder = cache.cache_folder(ws.config.root, "artifacts")
    if folder is None:
        return build_artifacts(ws, formats, validate)
    return cache.lookup_or_build(
        folder,
        cache.cache_key(ws, formats),
        validate,
        lambda: build_artifacts(ws, formats, validate),
    )
