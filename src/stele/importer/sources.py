"""Reading the files to import: only the paths given (a file, or the files of a folder with the
format's suffixes), links followed only while they stay inside the folder given, every file
through the bounded readers of `stele.compat.foreign` (size, UTF-8, depth, node count)."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stele.compat.foreign import read_bounded
from stele.compat.foreign_yaml import load_tree
from stele.diagnostics import SteleError, error
from stele.files import resolves_within
from stele.span import Span, line_column

MAX_IMPORT_FILES = 10_000
MAX_IMPORT_BYTES = 256 * 1024 * 1024
BAD_PATH = "I001"


@dataclass(frozen=True)
class SourceFile:
    shown: str  # the path as the user would write it: diagnostics are located there
    relative: str  # inside the folder given (a file given alone: its name)
    data: bytes


def read_sources(paths: tuple[Path, ...], suffixes: tuple[str, ...]) -> list[SourceFile]:
    """The files of `paths`, in a stable order; I001 for a path that is neither a regular file
    nor a folder, or for a link that leads out of the folder given."""
    found: list[SourceFile] = []
    total = 0
    for path in paths:
        mode = _mode(path)
        if stat.S_ISREG(mode):
            found.append(SourceFile(path.as_posix(), path.name, read_bounded(path)))
        elif stat.S_ISDIR(mode):
            base = path.resolve()
            for file in sorted(p for p in path.rglob("*") if p.suffix in suffixes):
                if not resolves_within(file, base):
                    raise _fail(file, f"'{file.as_posix()}' is a link that leads outside '{path}'")
                if not stat.S_ISREG(_mode(file)):
                    continue
                rel = file.relative_to(path).as_posix()
                found.append(SourceFile(file.as_posix(), rel, read_bounded(file)))
        else:
            raise _fail(path, f"'{path.as_posix()}' is not a file or a folder")
        total += sum(len(f.data) for f in found)
        if len(found) > MAX_IMPORT_FILES or total > MAX_IMPORT_BYTES:
            raise _fail(path, f"more than {MAX_IMPORT_FILES} files or 256 MiB to import")
    if not found:
        shown = paths[0] if paths else Path(".")
        raise _fail(shown, f"no {' or '.join(suffixes)} file to import")
    return found


def load_document(source: SourceFile) -> tuple[str, Any]:
    """(text, value) of a JSON or YAML file, within the foreign readers' limits."""
    name = source.shown if source.shown.endswith((".yaml", ".yml")) else source.shown + ".json"
    try:
        text, value = load_tree(name, source.data)
    except SteleError as exc:
        raise SteleError([_at(d, source.shown) for d in exc.diagnostics]) from None
    return text, value


def _at(d: Any, shown: str) -> Any:
    import dataclasses

    return dataclasses.replace(d, span=Span(shown, d.span.line, d.span.column))


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode
    except (OSError, ValueError):
        return 0


def _fail(path: Path, message: str) -> SteleError:
    return SteleError(
        [error(BAD_PATH, message, Span(path.as_posix(), 1, 1), "name files or folders to import")]
    )


def locate(source: SourceFile, text: str, needle: str) -> Span:
    """The position of the first `"needle"` in the text (the element a diagnostic is about),
    else the start of the file."""
    at = text.find(f'"{needle}"')
    if at < 0:  # a YAML key
        found = re.search(rf"^[ \t-]*{re.escape(needle)}:", text, re.M)
        at = found.end() - len(needle) - 1 if found else text.find(needle)
    line, column = line_column(text, at) if at >= 0 else (1, 1)
    return Span(source.shown, line, column)
