"""Running stele as its console script runs it, in process: exit status, stdout and stderr."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from stele.cli.main import main


def stele(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `stele ARGS`, run as the console script runs it."""
    old = sys.argv
    sys.argv = ["stele", *args]
    try:
        with pytest.raises(SystemExit) as done:
            main()
    finally:
        sys.argv = old
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


def stele_in(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`stele(capsys, *args)` run in `folder`, as a user runs it from a project's root; the
    working folder is put back afterwards."""
    old = Path.cwd()
    os.chdir(folder)
    try:
        return stele(capsys, *args)
    finally:
        os.chdir(old)
