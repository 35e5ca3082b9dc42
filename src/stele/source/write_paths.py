"""Where stele writes: `output`, `lock` and `baseline` of stele.yaml must stay inside the project.

What it reads is confined the same way: every entry of `sources` (C008, below).

`stele.yaml` is foreign input (it comes with a pull request), and `generate` replaces its output
folder whole. Each of the three paths must be relative, must stay inside the project once `..`
and symbolic links are followed, and must not name a `.git` folder; the output folder must hold
nothing but artifacts and must not be a symbolic link (C006, at the value in stele.yaml).
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from stele.config import Config
from stele.diagnostics import SteleError, error
from stele.ir import Span
from stele.source.reader import Reader
from stele.source.yaml_nodes import YMap, YScalar, YSeq

OUTPUT_HINT = "generate into a folder of its own, such as codegen"
_HINTS = {
    "output": OUTPUT_HINT,
    "lock": "keep the lock inside the project, such as compat/stele.lock",
    "baseline": "keep the baseline inside the project, such as compat",
}


def resolved(path: Path) -> Path | None:
    """`path` with links and `..` followed, or None when it cannot be (a link loop, a NUL)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def escape_problem(root: Path, raw: str) -> str | None:
    """Why the project-relative path `raw` is not a place inside the project, or None."""
    if any(ord(c) < 32 for c in raw):
        return "holds a control character"
    if PurePosixPath(raw).is_absolute() or PureWindowsPath(raw).anchor:
        return "is an absolute path"
    base = root.resolve()
    target = resolved(root / raw)
    if target is None:
        return "cannot be resolved (a loop of symbolic links)"
    if target != base and not target.is_relative_to(base):
        return "leads outside the project"
    inside = target.relative_to(base).parts
    if any(p.lower() == ".git" for p in (*PurePosixPath(raw).parts, *inside)):
        return "is inside .git"
    return None


def check_write_paths(reader: Reader, root_map: YMap, config: Config, config_file: Path) -> None:
    """Report C006 for every path stele writes that is not a safe place inside the project."""
    for key, value in (
        ("output", config.output),
        ("lock", config.lock),
        ("baseline", config.baseline),
    ):
        problem = escape_problem(config.root, value)
        if problem is None and key == "output":
            problem = _output_problem(config, config_file)
        if problem is not None:
            node = root_map.get(key)
            where = node if node is not None else YScalar(value, config.span)
            reader.report("C006", f"{key} '{value}' {problem}", where, _HINTS[key])


def check_source_paths(reader: Reader, root_map: YMap, config: Config) -> None:
    """Report C008 for every entry of `sources:` that is not a place inside the project: the
    contract files are read and quoted in reports, so `sources: [/etc]` would show the host's."""
    node = root_map.get("sources")
    written = node.items if isinstance(node, YSeq) else (node,) if node is not None else ()
    for item in written:
        if not isinstance(item, YScalar) or not isinstance(item.value, str):
            continue  # a wrong shape is S010 of the reader
        problem = escape_problem(config.root, item.value)
        if problem is not None and problem != "is inside .git":
            reader.report(
                "C008",
                f"source '{item.value}' {problem}",
                item,
                "list folders of the project, such as contracts; copy shared contracts into it",
            )


def _output_problem(config: Config, config_file: Path) -> str | None:
    """`generate` replaces the output folder whole: it must hold nothing but artifacts."""
    link = config.output_path
    if link.is_symlink():
        return "is a symbolic link"
    out = link.resolve()
    kept = [
        (config.root.resolve(), "the project itself"),
        (config_file.resolve(), "stele.yaml"),
        (resolved(config.lock_path), "the lock file"),
        (resolved(config.baseline_path), "the compatibility baseline"),
        *((resolved(config.root / s), f"the contract sources in '{s}'") for s in config.sources),
    ]
    for path, what in kept:
        if path is not None and (out == path or out in path.parents):
            return f"would replace {what}"
    if (out / ".git").exists():
        return "would replace a git repository"
    if out.exists() and not out.is_dir():
        return "is a file, not a folder"
    return None


def option_target(root: Path, path: Path, option: str, shown: str | None = None) -> Path:
    """`path`, named by a command-line option (`--plot`) for stele to write, checked before any
    work: it must stay inside the project at `root` (links and `..` followed), not be inside
    `.git`, and be a regular file or not exist. W006 at the option otherwise, exit 2.

    The option is the user's, but the command runs in the project: `--plot /dev/full` replaced
    the device with a regular file, and `--plot ../x.svg` wrote beside the checkout."""
    import stat

    if shown is None:
        shown = os.fsencode(path).decode("utf-8", "backslashreplace")

    def refuse(problem: str, hint: str) -> SteleError:
        return SteleError(
            [error("W006", f"{option} '{shown}' {problem}", Span(option, 1, 1), hint)]
        )

    inside = "write it inside the project, such as sizes.svg"
    folder = resolved(path.absolute().parent)
    base = root.resolve()
    if folder is None or not (folder == base or folder.is_relative_to(base)):
        raise refuse("leads outside the project; nothing was written", inside)
    if any(p.lower() == ".git" for p in folder.relative_to(base).parts):
        raise refuse("is inside .git; nothing was written", inside)
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return folder / path.name
    except OSError as exc:
        raise refuse(f"cannot be examined ({exc.strerror}); nothing was written", inside) from None
    if stat.S_ISLNK(found.st_mode):
        raise refuse("is a symbolic link; nothing was written", "name the file itself")
    if not stat.S_ISREG(found.st_mode):
        raise refuse(
            "is not a regular file; nothing was written",
            "stele replaces only a regular file or writes a new one",
        )
    return folder / path.name
