"""Work folders that belong to the run: where protoc and the code generators read and write.

A run that generates (`build_artifacts`) holds one folder of its own for its whole duration,
`.stele-cache/work/run-<host>-<pid>-<random>/` inside the project (private: mode 0700), and
removes it at the end; each protoc call works in a fresh folder inside it. Outside a project run,
or when the cache is not to be used (STELE_NO_CACHE, or `.stele-cache` a link out of the
project), the run folder is a private temporary folder (`stele-run-<host>-<pid>-...`), held the
same way. A killed run cannot remove its folder: the next run removes the folders of this host
whose process is gone.

A work folder that disappears while the run uses it (a cleaner of /tmp, `stele cache clean` from
another shell, a user deleting `.stele-cache`) is W008, exit 2, naming the folder: not an error
blamed on the generated files, and not an internal error.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from stele.cache import cache_folder
from stele.diagnostics import SteleError, error
from stele.span import Span

CODE = "W008"
_RUN: ContextVar[Run | None] = ContextVar("stele_run_folder", default=None)


class Run:
    """The run's folder, created when a tool first needs one (a run that validates nothing
    with a tool, such as the unvalidated build of a baseline, creates none)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.folder: Path | None = None

    def get(self) -> Path:
        if self.folder is None:
            self.folder = _create(self.root)
        return self.folder


@contextlib.contextmanager
def run_folder(root: Path | None) -> Iterator[Run]:
    """Hold a folder for the run under `root`'s cache, removed when the run ends; nested calls
    share the outer run's."""
    held = _RUN.get()
    if held is not None:
        yield held
        return
    run = Run(root)
    token = _RUN.set(run)
    try:
        yield run
    finally:
        _RUN.reset(token)
        if run.folder is not None:
            shutil.rmtree(run.folder, ignore_errors=True)


def _create(root: Path | None) -> Path:
    base = cache_folder(root, "work") if root is not None else None
    if base is not None:
        with contextlib.suppress(OSError):  # a read-only project: a private temporary folder
            base.mkdir(parents=True, exist_ok=True)
            remove_stale(base, "run-")
            folder = base / f"run-{_owner()}-{secrets.token_hex(4)}"
            folder.mkdir(mode=0o700)
            return folder
    temp = Path(tempfile.gettempdir())
    remove_stale(temp, "stele-run-")
    return Path(tempfile.mkdtemp(prefix=f"stele-run-{_owner()}-", dir=temp))


def _owner() -> str:
    """`<host>-<pid>` of this process, as run folders are named."""
    host = "".join(c for c in socket.gethostname() if c.isalnum())[:32] or "host"
    return f"{host}-{os.getpid()}"


def remove_stale(base: Path, prefix: str) -> None:
    """Remove the run folders under `base` left by runs of this host that were killed (their
    process no longer exists). A folder of a live process, of another host or of another user
    is left alone."""
    host = _owner().rsplit("-", 1)[0]
    try:
        names = [n for n in os.listdir(base) if n.startswith(f"{prefix}{host}-")]
    except OSError:
        return
    for name in names:
        pid_text = name[len(prefix) + len(host) + 1 :].split("-", 1)[0]
        if not pid_text.isdigit() or _alive(int(pid_text)):
            continue
        folder = base / name
        with contextlib.suppress(OSError):
            if folder.is_symlink() or folder.stat().st_uid != os.getuid():
                continue
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


@contextlib.contextmanager
def work_folder(prefix: str) -> Iterator[Path]:
    """A fresh folder inside the run's folder (a private temporary one outside a run), removed
    afterwards. A run folder that vanished is W008."""
    run = _RUN.get()
    parent = run.get() if run is not None else None
    if parent is not None and not parent.is_dir():
        raise vanished(parent)
    try:
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    except FileNotFoundError:
        raise vanished(parent or Path(tempfile.gettempdir())) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_present(folder: Path, work: Path | None = None) -> None:
    """W008, naming `work` (default `folder`), when `folder` is gone."""
    if not folder.is_dir():
        raise vanished(work or folder)


def vanished(folder: Path) -> SteleError:
    """W008 naming the outermost folder that is gone (the run folder when it was removed)."""
    while folder.parent != folder and not folder.parent.is_dir():
        folder = folder.parent
    shown = _shown(folder)
    return SteleError(
        [
            error(
                CODE,
                f"the work folder {shown} of this run was removed while the run used it",
                Span(shown, 1, 1),
                "something deleted it (a cleaner of temporary files, `stele cache clean` or a "
                "user in another shell): run again; nothing was written",
            )
        ]
    )


def _shown(folder: Path) -> str:
    try:
        return folder.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return folder.as_posix()
