"""The diagnostic case files under tests/cases/diagnostics and how one is run.

A case is a contract file `<CODE>-<what>.yaml` (or `ok-<what>.yaml`), or a folder of that name
holding contract files and optionally `stele.yaml` and `stele.lock`. Comment lines declare what
loading it must report, exactly:

    # expect: S100 7:13                   a diagnostic of this file at line 7, column 13
    # expect: S030 sources:1:1            ... of another file (path relative to the case)
    # hint: S100 7:13 did you mean 'Money'?      the exact hint of that diagnostic
    # message: S100 7:13 unknown type 'Mony'     the exact message of that diagnostic
    # command: init                      (in stele.yaml) run `stele init` in the folder instead
    # command: outside                   read the configuration in an empty folder outside any
                                         project, the way every command starts

A case is run the way `stele lint` runs a project: read `stele.yaml` if the folder has one, load
the sources, then number the project against `stele.lock` (missing means empty).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from stele.diagnostics import Diagnostic, SteleError

CASES = Path(__file__).resolve().parent / "cases" / "diagnostics"

Location = tuple[str, str, int, int]  # code, file, line, column

_DIRECTIVE = re.compile(r"^#\s*(expect|hint|message|command):\s*(.*?)\s*$")
_LOCATED = re.compile(r"^([SC]\d{3})\s+(?:(\S+):)?(\d+):(\d+)(?:\s+(.*))?$")


@dataclass
class Expectations:
    diagnostics: set[Location] = field(default_factory=set)
    hints: list[tuple[Location, str]] = field(default_factory=list)
    messages: list[tuple[Location, str]] = field(default_factory=list)
    command: str = "lint"


def case_paths() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.suffix in (".yaml", ".yml") or p.is_dir())


def case_files(case: Path) -> list[Path]:
    """The files of a case whose comments may hold expectations."""
    if case.is_file():
        return [case]
    return sorted(p for p in case.rglob("*") if p.is_file())


def read_expectations(case: Path) -> Expectations:
    out = Expectations()
    root = case if case.is_dir() else case.parent
    for path in case_files(case):
        shown = path.relative_to(root).as_posix()
        # Cases about bad bytes are read leniently: their comments are plain ASCII.
        for line in path.read_bytes().decode("utf-8", "replace").splitlines():
            m = _DIRECTIVE.match(line)
            if not m:
                continue
            kind, rest = m.groups()
            if kind == "command":
                out.command = rest
                continue
            loc = _LOCATED.match(rest)
            if loc is None:
                raise ValueError(f"{shown}: malformed directive {line!r}")
            code, file, line_no, col, text = loc.groups()
            key = (code, file or shown, int(line_no), int(col))
            if kind == "expect":
                out.diagnostics.add(key)
            elif kind == "hint":
                out.hints.append((key, text or ""))
            else:
                out.messages.append((key, text or ""))
    return out


@contextmanager
def working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_case(case: Path, command: str = "lint") -> list[Diagnostic]:
    """Every diagnostic of a case, in the order the tool reports them."""
    from stele.lock import apply_lock, read_lock
    from stele.source.config_reader import read_config
    from stele.source.loader import load

    root = case if case.is_dir() else case.parent
    # Relative paths make every span relative to the case, as `stele lint` shows them.
    with working_directory(root):
        try:
            if command == "outside":
                import tempfile

                from stele.source.config_reader import load_config

                with tempfile.TemporaryDirectory() as empty:
                    load_config(None, Path(empty))
                return []
            if command == "init":
                from stele.cli.init import init_project

                init_project(Path("."))
                return []
            if case.is_file():
                sources = [Path(case.name)]
            elif Path("stele.yaml").is_file():
                config = read_config(Path("stele.yaml"))
                sources = [Path(s) for s in config.sources]
            else:
                sources = [Path(".")]
            result = load(sources, Path("."))
            if result.project is None:
                return result.diagnostics
            _, _, numbering = apply_lock(
                result.project, read_lock(Path("stele.lock")), "stele.lock"
            )
            return sorted([*result.diagnostics, *numbering])
        except SteleError as exc:
            return exc.diagnostics


def located(d: Diagnostic) -> Location:
    return (d.code, d.span.path, d.span.line, d.span.column)
