"""Codes of writing files under the project run lock (W)."""

from __future__ import annotations

from stele.diagnostic_codes import Code
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES = (
    Code(
        "W001",
        ERROR,
        "output folder holds files stele did not write",
        doc="the folder `generate` would replace holds files stele did not write (no `.stele-generated` marker, not empty, and not only regular files at paths this run generates — a folder of the previous stele holding nothing else is replaced and marked), is not a folder or is a link; or something already exists where a release goes (at `output:` or `baseline:` in stele.yaml)",
        example="`output: docs` with hand-written files in it",
        fix="point `output` at a new folder; delete a folder that holds only generated files and run again",
    ),
    Code(
        "W002",
        ERROR,
        "project run lock held too long",
        doc="another stele run holds the project run lock longer than `STELE_LOCK_WAIT` seconds (default 120); the message names its pid, command and start time (at `.stele/run.lock`)",
        example="two `stele generate` in one checkout",
        fix="wait for it, or raise `STELE_LOCK_WAIT`",
    ),
    Code(
        "W003",
        ERROR,
        "write failed",
        doc="a write failed: disk full, read-only folder, no permission, `.stele` a link or a file (at the path being written); nothing was changed, or, after the commit point, the next run completes the change",
        example="`No space left on device`",
        fix="free space or make the folder writable, then run again",
    ),
    Code(
        "W004",
        WARNING,
        "leftover could not be removed",
        doc="a leftover (the old tree, a staging folder of a dead run) could not be removed; the run itself succeeded (exit 0)",
        example="a read-only folder in the old tree",
        fix="remove it by hand; the next run tries again",
    ),
    Code(
        "W005",
        WARNING,
        "interrupted run completed",
        doc="the run completed the change of a run that was killed (its journal named it), or removed a journal that names no change of this project",
        example="a `generate` killed between its two renames",
        fix="nothing: the output and the lock agree again",
    ),
    Code(
        "W006",
        ERROR,
        "unsafe file named by an option",
        doc="a file a command-line option names for writing is outside the project (links and `..` followed), inside `.git`, a symbolic link or not a regular file (a device, a FIFO, a folder); checked before any work, nothing is written (exit 2, at the option: `--plot:1:1`, `--update-baseline:1:1`)",
        example="`stele sizes --plot /dev/full`",
        fix="write it inside the project, over a regular file or a new one",
    ),
    Code(
        "W007",
        WARNING,
        "cache folder is a link outside the project",
        doc="the cache folder `.stele-cache` (or a folder in it) is a symbolic link that leads outside the project: the cache is not used, read or written for this run (at `.stele-cache`)",
        example="`.stele-cache -> /tmp/shared`",
        fix="remove the link; the cache is rebuilt inside the project",
    ),
    Code(
        "W008",
        ERROR,
        "work folder removed during the run",
        doc="a work folder of the run (`.stele-cache/work/run-...`, or a private temporary folder without the cache, where protoc reads and writes) was removed while the run used it; the message names the folder that vanished; nothing is written (exit 2, at the folder)",
        example="a cleaner of `/tmp`, or `stele cache clean` in another shell, during `stele generate`",
        fix="run again; keep cleaners away from `.stele-cache/work` while stele runs",
    ),
)
