"""The Protobuf side of `stele diff`: include paths (`-I/--proto-path`) and path filters
(`--path`).

protoc compiles the files to compare with the files they import. An import is looked up in the
side's own tree first (a directory side's files; the folder of a single file), then in each
`--proto-path` folder in the order given, then among the well-known types bundled with protoc.
Only the files imported, transitively, are read from those folders; each folder is its own tree
(a link that leads out of it is D007, not followed). `--path` keeps the files to compare; the
rest of the side's tree is still there to be imported.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stele.compat.foreign import read_bounded
from stele.compat.sides import Side
from stele.diagnostics import Diagnostic, SteleError, error
from stele.files import resolves_within, written_inside
from stele.span import Span

# `import "a/b.proto";`, `import public "..."`, `import weak "..."` at the start of a line.
_IMPORT = re.compile(
    rb'^[ \t]*import[ \t]+(?:(?:public|weak)[ \t]+)?"([^"\n]{1,1024})"[ \t]*;', re.M
)
# An unterminated `/*` runs to the end (one match, so the scan stays linear on hostile input).
_COMMENT = re.compile(rb"/\*.*?(?:\*/|\Z)|//[^\n]*", re.S)
# Files read from include folders, and their bytes together (the bounds of a directory side).
MAX_IMPORTED_FILES = 10_000
MAX_IMPORTED_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class ProtoOptions:
    """`--proto-path` folders (as given), `--path` filters (relative to each side's root) and
    the buf configuration to read."""

    include: tuple[Path, ...] = ()
    paths: tuple[str, ...] = ()
    # `--config FILE` naming a buf.yaml (else each side's own is looked up: protobuf_buf_config)
    buf_config: Path | None = None
    # `--protobuf-category` given on the command line: it replaces the buf.yaml's `use`.
    category_given: bool = False


@dataclass
class ProtoSide:
    """What protoc is given for one side: every file by import path, those to compare, and the
    path each file is shown at."""

    files: dict[str, bytes]
    inputs: set[str]
    shown: dict[str, str] = field(default_factory=dict)


def normal_paths(paths: Sequence[str]) -> tuple[str, ...]:
    """`--path` values as relative POSIX paths without `./` or a trailing `/`; D012 for one that
    leaves the side's root."""
    result = []
    for raw in paths:
        path = Path(raw)
        if not written_inside(raw) or raw.strip() == "":
            raise SteleError(
                [
                    error(
                        "D012",
                        f"--path '{raw}' is not a path inside each side's root",
                        Span("--path", 1, 1),
                        "name a file or folder relative to OLD and NEW: --path shop/orders",
                    )
                ]
            )
        result.append(path.as_posix().strip("/") if path.as_posix() != "." else "")
    return tuple(result)


def selected(name: str, paths: Sequence[str]) -> bool:
    """Whether the file at relative path `name` is under one of `paths` (all when none)."""
    if not paths:
        return True
    return any(p == "" or name == p or name.startswith(f"{p}/") for p in paths)


def proto_side(
    files: dict[str, bytes], root: Path, single: bool, options: ProtoOptions
) -> ProtoSide:
    """The side's files (`root` is the directory, or the single file), the imports they reach
    in the include folders, and the files to compare (`--path` is relative to the directory,
    or to the single file's folder)."""
    inputs = {name for name in files if selected(name, options.paths)}
    if single:
        shown = {name: root.as_posix() for name in files}
        own = [root.parent] if _regular(root) else []
    else:
        shown = {name: (root / name).as_posix() for name in files}
        own = []
    side = ProtoSide(dict(files), inputs, shown)
    _add_imports(side, [*own, *options.include])
    return side


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def imports_of(data: bytes) -> list[str]:
    """The files a `.proto` file imports, comments left out."""
    text = _COMMENT.sub(b"", data)
    return [m[1].decode("utf-8", "replace") for m in _IMPORT.finditer(text)]


def _add_imports(side: ProtoSide, folders: Sequence[Path]) -> None:
    """Read what the side's files import, transitively, from `folders` (the first that holds a
    file wins, as protoc's include order); an import found nowhere is left to protoc (a
    well-known type, or D011 at the import)."""
    if not folders:
        return
    bases = [(folder, folder.resolve()) for folder in folders]
    queue = sorted(side.files)
    read, total = 0, 0
    while queue:
        for name in imports_of(side.files[queue.pop()]):
            if name in side.files or not written_inside(name):
                continue
            for folder, base in bases:
                path = folder / name
                if not path.is_file():
                    continue
                if not resolves_within(path, base):
                    raise SteleError([_leaving(path, folder)])
                data = read_bounded(path)
                read, total = read + 1, total + len(data)
                if read > MAX_IMPORTED_FILES or total > MAX_IMPORTED_BYTES:
                    raise SteleError([_too_many(folder)])
                side.files[name] = data
                side.shown[name] = path.as_posix()
                queue.append(name)
                break


def _leaving(path: Path, folder: Path) -> Diagnostic:
    return error(
        "D007",
        f"'{path.as_posix()}' is a link that leads outside '{folder.as_posix()}'",
        Span(path.as_posix(), 1, 1),
        "copy the imported file into the include folder",
    )


def _too_many(folder: Path) -> Diagnostic:
    mib = MAX_IMPORTED_BYTES // (1024 * 1024)
    return error(
        "D005",
        f"the imports read through '{folder.as_posix()}' are more than {MAX_IMPORTED_FILES} "
        f"files or more than {mib} MiB",
        Span(folder.as_posix(), 1, 1),
        "pass the folder that holds the imported files, not a folder above it",
    )


def side_trees(old: Side, new: Side, proto: ProtoOptions) -> tuple[ProtoSide, ProtoSide]:
    """What protoc is given for each side; D012 when `--path` selects no file of either."""
    trees = [proto_side(s.of_format("protobuf"), s.path, s.single, proto) for s in (old, new)]
    if proto.paths and not any(tree.inputs for tree in trees):
        shown = ", ".join(repr(p or ".") for p in proto.paths)
        message = f"--path {shown} selects no .proto file under '{old.path}' or '{new.path}'"
        hint = "name files or folders relative to OLD and NEW (like buf's --path)"
        raise SteleError([error("D012", message, Span("--path", 1, 1), hint)])
    return trees[0], trees[1]


def not_protobuf(fmt: str, proto: ProtoOptions) -> Diagnostic:
    """D012: `--proto-path`, `--path` or a buf.yaml `--config` given for another format (it
    would be ignored)."""
    option = "--proto-path" if proto.include else "--path" if proto.paths else "--config"
    return error(
        "D012",
        f"{option} applies to Protobuf trees, and these are {fmt}",
        Span(option, 1, 1),
        f"leave {option} out, or pass --format protobuf for .proto files",
    )
