"""The project run lock: one writing stele command at a time in a project.

`generate`, `lock` and `release` hold an exclusive `flock` on `.stele/run.lock` for the whole
run. A second run waits up to STELE_LOCK_WAIT seconds (default 120), then stops with W002 naming
the holder (pid, command, since when), which the holder writes into the lock file. The kernel
drops the lock when its process ends, however it ends, so a killed run never leaves it held.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from stele.diagnostics import SteleError, error
from stele.ir import Span
from stele.write_errors import write_failed

RUN_DIR = ".stele"
LOCK_NAME = "run.lock"
WAIT_ENV = "STELE_LOCK_WAIT"
DEFAULT_WAIT = 120.0
_POLL = 0.05
_MAX_HOLDER_BYTES = 4096


def run_dir(root: Path) -> Path:
    """`.stele/` of the project, created; a link or a file in its place is refused (W003)."""
    folder = root / RUN_DIR
    if folder.is_symlink():
        raise write_failed(RUN_DIR, OSError(0, "it is a symbolic link"), "nothing was written")
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            # Like .pytest_cache: git ignores the folder without an entry in the project.
            ignore.write_text("# Written by stele: its run lock and journal.\n*\n", "utf-8")
    except OSError as exc:
        raise write_failed(RUN_DIR, exc, "nothing was written") from None
    return folder


def lock_wait() -> float:
    """Seconds a run waits for the lock: STELE_LOCK_WAIT, or the default."""
    try:
        wait = float(os.environ.get(WAIT_ENV, DEFAULT_WAIT))
    except ValueError:
        return DEFAULT_WAIT
    return wait if 0 <= wait < float("inf") else DEFAULT_WAIT


@contextmanager
def run_lock(root: Path, command: str, wait: float | None = None) -> Iterator[None]:
    """Hold the project run lock; raise W002 when another run keeps it longer than `wait`."""
    shown = f"{RUN_DIR}/{LOCK_NAME}"
    path = run_dir(root) / LOCK_NAME
    try:
        import fcntl
    except ImportError:  # no flock on this system (Windows): runs are not serialized
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        raise write_failed(shown, exc, "nothing was written") from None
    try:
        deadline = time.monotonic() + (lock_wait() if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _busy(shown, fd) from None
                time.sleep(_POLL)
        since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        holder = json.dumps({"pid": os.getpid(), "command": command, "since": since})
        os.ftruncate(fd, 0)
        os.pwrite(fd, (holder + "\n").encode("utf-8"), 0)
        try:
            yield
        finally:
            # The record names a running holder only: a finished run leaves the file empty.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing releases the lock


def _busy(shown: str, fd: int) -> SteleError:
    """W002 naming the holder as it wrote itself into the lock file."""
    try:
        holder = json.loads(os.pread(fd, _MAX_HOLDER_BYTES, 0).decode("utf-8"))
        who = (
            f"pid {int(holder['pid'])} ({str(holder['command'])[:80]}) "
            f"since {str(holder['since'])[:40]}"
        )
    except (OSError, ValueError, TypeError, KeyError):
        who = "a process that has not said who it is yet"
    return SteleError(
        [
            error(
                "W002",
                f"another stele run is writing this project: {who}",
                Span(shown, 1, 1),
                f"wait for it to end and run again (or raise {WAIT_ENV}, in seconds)",
            )
        ]
    )
