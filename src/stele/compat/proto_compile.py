"""The two sides of a Protobuf diff compiled at the same time.

protoc (grpc_tools, in-process) holds the interpreter while it runs: two threads take as long as
one after the other. So where the platform forks, a child process compiles the first side while
this one compiles the second; the child sends back the compiled descriptor set (or its errors)
through a pipe and exits. Forking costs a few milliseconds, not the interpreter start-up and
imports a new process would. Without fork (or with other threads running, which a fork would not
carry over), the sides are compiled one after the other. Either way the result is the same, and
the first side's errors are reported first.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable, Sequence

from stele.compat.protobuf._compiling import compile_with_source_info
from stele.diagnostics import Diagnostic, SteleError
from stele.emit.protoc import protoc_main

Job = tuple[dict[str, bytes], set[str]]  # the files by import path, the files to compile
Outcome = bytes | list[Diagnostic]  # a serialized FileDescriptorSet, or protoc's errors


def compile_sides(
    jobs: Sequence[Job],
    meanwhile: Callable[[], object] | None = None,
    child_takes_all: bool = False,
) -> list[Outcome]:
    """The outcome of each job, in order: its compiled descriptor set, or protoc's errors.
    `meanwhile`: what this process does, when a forked child compiles the first job, after
    compiling the second and while the child may still run (loading what comes next);
    `child_takes_all`: the child compiles both jobs, and this process only runs `meanwhile`
    (when the jobs are small, compiling both takes the child about as long as that)."""
    if len(jobs) == 2 and _can_fork():
        if child_takes_all:
            return _forked(list(jobs), [], meanwhile)
        return _forked([jobs[0]], [jobs[1]], meanwhile)
    return [_compile(job) for job in jobs]


def _can_fork() -> bool:
    return (
        hasattr(os, "fork")
        and threading.active_count() == 1
        and os.environ.get("STELE_NO_FORK", "") == ""
    )


def _compile(job: Job) -> Outcome:
    try:
        return compile_with_source_info(*job)
    except SteleError as exc:
        return exc.diagnostics


def _forked(
    first: Sequence[Job], second: Sequence[Job], meanwhile: Callable[[], object] | None = None
) -> list[Outcome]:
    """The outcomes of `first` then `second`: `first` compiled in a child process while this
    one compiles `second`, then runs `meanwhile`. A child that dies or sends nothing readable
    costs its jobs a compilation here, not the run."""
    import sys

    from stele.compat.protobuf import _compiling  # noqa: F401  imported once, before the fork

    protoc_main()  # loads protoc itself

    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compile, send, exit without running anything of the parent's
        status = 1
        try:
            os.close(read_end)
            outcomes = [_compile(job) for job in first]
            data = pickle.dumps(outcomes, protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    try:
        theirs = [_compile(job) for job in second]
        if meanwhile is not None:
            meanwhile()
    finally:
        with os.fdopen(read_end, "rb") as received:
            data = received.read()
        _, status = os.waitpid(pid, 0)
    mine = _received(data, status, len(first))
    if mine is None:
        mine = [_compile(job) for job in first]
    return [*mine, *theirs]


def _received(data: bytes, status: int, count: int) -> list[Outcome] | None:
    """The `count` outcomes the child sent, or None when it failed."""
    if status != 0 or not data:
        return None
    try:
        outcomes = pickle.loads(data)  # our own child's bytes, through our own pipe
    except Exception:
        return None
    if not isinstance(outcomes, list) or len(outcomes) != count:
        return None
    return outcomes if all(isinstance(o, bytes | list) for o in outcomes) else None
