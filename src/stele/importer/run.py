"""The `stele import` run: read, check for conflicts, prove, write as one transaction, report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import click

from stele.config import Config
from stele.diagnostics import Diagnostic, SteleError, error, has_errors
from stele.importer.asyncapi import import_asyncapi
from stele.importer.avro import import_avro
from stele.importer.examples import name_examples_by_fields
from stele.importer.fidelity import prove
from stele.importer.jsonschema import import_jsonschema
from stele.importer.lock_entries import imported_lock
from stele.importer.model import Imported
from stele.importer.openapi import import_openapi
from stele.importer.protobuf import import_protobuf
from stele.importer.sources import SourceFile, read_sources
from stele.importer.yaml_writer import package_yaml
from stele.ir import Span
from stele.lock import read_lock
from stele.source.config_reader import load_config
from stele.source.write_paths import escape_problem
from stele.transaction import Change, commit, project_run

CONFLICT = "I020"  # a package the project already has (without --force)
BAD_TARGET = "I021"
NOTHING = "I004"  # the files define no type a contract can hold  # --into is no folder stele may write contracts into
TEXT = (".json", ".yaml", ".yml")
SUFFIXES = {
    "avro": (".avsc",),
    "protobuf": (".proto",),
    "jsonschema": TEXT,
    "openapi": TEXT,
    "asyncapi": TEXT,
}
_VERSION = re.compile(r"v\d+(?:(?:alpha|beta)\d*)?")
_PACKAGE_LINE = re.compile(r"^package:\s*['\"]?([A-Za-z0-9_.]+)", re.M)


@dataclass(frozen=True)
class ImportRequest:
    fmt: str
    paths: tuple[Path, ...]
    into: Path | None
    package: str | None
    include: tuple[Path, ...]
    force: bool
    proof: bool


def read_import(
    request: ImportRequest, config: Config | None = None
) -> tuple[Imported, list[SourceFile]]:
    """The imported model and the source files it was read from; SteleError on bad input."""
    sources = read_sources(request.paths, SUFFIXES[request.fmt])
    if request.fmt == "avro":
        imported = import_avro(sources, request.package)
    elif request.fmt == "protobuf":
        imported, sources = import_protobuf(
            request.paths, sources, request.include, request.package
        )
    elif request.fmt == "openapi":
        closed = config is not None and config.options.json_content_model == "closed"
        imported = import_openapi(sources, request.package, closed)
        imported.counterparts = {s.shown: "openapi.json" for s in sources}
    elif request.fmt == "asyncapi":
        closed = config is not None and config.options.json_content_model == "closed"
        imported = import_asyncapi(sources, request.package, closed)
    else:
        closed = config is not None and config.options.json_content_model == "closed"
        imported = import_jsonschema(sources, request.package, closed)
    if has_errors(imported.diagnostics):
        raise SteleError(imported.diagnostics)
    name_examples_by_fields(imported)
    if not any(p.types or p.services or p.messages for p in imported.packages.values()):
        first = sources[0].shown if sources else "."
        raise SteleError(
            [
                *imported.diagnostics,
                error(
                    NOTHING,
                    f"no named type to import: a contract holds records, enums and unions"
                    f" ({request.fmt} files that define none, or only primitives)",
                    Span(first, 1, 1),
                    "import the files that define the records",
                ),
            ]
        )
    return imported, sources


def contract_files(imported: Imported, taken: dict[str, str]) -> dict[str, str]:
    """File name -> YAML text, one file per package: the file that holds the package already
    (replaced with --force), else `<last part>.yaml`, or the whole dotted name when that is
    taken by another package (`taken`: file name -> its package)."""
    out: dict[str, str] = {}
    used = dict(taken)
    own = {package: file for file, package in sorted(taken.items(), reverse=True)}
    for name in sorted(imported.packages):
        pkg = imported.packages[name]
        if name in own:  # --force: the package's file is replaced in place
            out[own[name]] = package_yaml(pkg, imported.fmt)
            continue
        parts = name.split(".")
        if len(parts) > 1 and _VERSION.fullmatch(parts[-1]):
            parts = [parts[-2] + "_" + parts[-1]]
        file = f"{parts[-1]}.yaml"
        if used.get(file, name) != name:
            file = f"{name}.yaml"
        used[file] = name
        out[file] = package_yaml(pkg, imported.fmt)
    return out


def run_import(request: ImportRequest, config_path: Path | None) -> int:
    config = load_config(config_path, project_needed=False)
    into = _target(config, request.into)
    imported, sources = read_import(request, config)
    for name in [
        n
        for n, p in imported.packages.items()
        if not (p.types or p.services or p.channels or p.messages)
    ]:
        del imported.packages[name]  # only constructs not imported (reported) were in it
    existing = _existing(into)
    files = contract_files(imported, {f: p for f, (p, _) in existing.items()})
    conflicts = _conflicts(imported, existing, files, config, into, request.force)
    if conflicts:
        raise SteleError(conflicts)
    lock_text = _lock_text(config, imported, request.force)
    notes = sorted(set(imported.diagnostics))
    for d in notes:
        click.echo(d.render(), err=True)
    proof = None
    if request.proof:
        own_lock = imported_lock(imported, None)
        proof = prove(
            config,
            request.fmt,
            files,
            own_lock,
            sources,
            request.include,
            imported.counterparts,
            imported.aliases,
        )
    _write(config, into, files, existing, lock_text, set(imported.packages))
    shown = _shown(config, into)
    click.echo(
        f"imported {_count(len(imported.packages), 'package')} from "
        f"{_count(len(sources), 'file')} into {shown}/ ({_count(len(notes), 'approximation')})"
    )
    if proof is None:
        return 0
    for line in proof.lines(len(notes)):
        click.echo(line)
    return 0 if proof.compatible else 1


def _target(config: Config, into: Path | None) -> Path:
    root = config.root.resolve()
    target = (into if into is not None else config.root / config.sources[0]).absolute()
    try:
        raw = target.relative_to(root).as_posix()
    except ValueError:
        raw = target.as_posix()
    problem = escape_problem(root, raw)
    if problem is None and (
        target.resolve() == root or (target / ".git").exists() or (target / "stele.yaml").exists()
    ):
        problem = "is the project itself, not a folder of contracts"
    if problem is None and target.exists() and not target.is_dir():
        problem = "is not a folder"
    if problem is not None:
        raise SteleError(
            [
                error(
                    BAD_TARGET,
                    f"--into '{raw}' {problem}; nothing was written",
                    Span("--into", 1, 1),
                    "name a folder of contracts inside the project, such as contracts",
                )
            ]
        )
    return target


def _existing(into: Path) -> dict[str, tuple[str, bytes]]:
    """The files of the contract folder: relative path -> (their package or "", bytes)."""
    found: dict[str, tuple[str, bytes]] = {}
    if not into.is_dir():
        return found
    for path in sorted(into.rglob("*")):
        if path.is_symlink() or not (path.is_file() or path.is_dir()):
            shown = path.relative_to(into).as_posix()
            raise SteleError(
                [
                    error(
                        BAD_TARGET,
                        f"--into holds '{shown}', a link or a special file; the import rewrites"
                        " the folder whole and would not keep it: nothing was written",
                        Span("--into", 1, 1),
                        "import into a folder of regular files, such as a new one",
                    )
                ]
            )
        if path.is_file() and "__pycache__" not in path.parts:
            data = path.read_bytes()
            match = _PACKAGE_LINE.search(data.decode("utf-8", "replace"))
            package = match[1] if match and path.suffix in (".yaml", ".yml") else ""
            found[path.relative_to(into).as_posix()] = (package, data)
    return found


def _conflicts(
    imported: Imported,
    existing: dict[str, tuple[str, bytes]],
    files: dict[str, str],
    config: Config,
    into: Path,
    force: bool,
) -> list[Diagnostic]:
    shown = _shown(config, into)
    out: list[Diagnostic] = []
    for rel, (package, data) in existing.items():
        if package in imported.packages and not force:
            text = data.decode("utf-8", "replace")
            match = _PACKAGE_LINE.search(text)
            line = text.count("\n", 0, match.start()) + 1 if match else 1
            out.append(
                error(
                    CONFLICT,
                    f"package '{package}' is already declared here; the import would replace it",
                    Span(f"{shown}/{rel}", line, 1),
                    "import into another folder, or --force to replace that file",
                )
            )
    for file in files:
        if file in existing and existing[file][0] not in imported.packages and not force:
            out.append(
                error(
                    CONFLICT,
                    f"'{shown}/{file}' exists and holds another package",
                    Span(f"{shown}/{file}", 1, 1),
                    "import into another folder, or --force",
                )
            )
    return out


def _lock_text(config: Config, imported: Imported, force: bool) -> str:
    return imported_lock(imported, read_lock(config.lock_path, config.lock), force)


def _write(
    config: Config,
    into: Path,
    files: dict[str, str],
    existing: dict[str, tuple[str, bytes]],
    lock_text: str,
    written: set[str],
) -> None:
    """The contract folder (its other files kept) and the lock, as one transaction."""
    kept = {
        rel: data
        for rel, (package, data) in existing.items()
        if rel not in files and package not in written
    }
    tree = {**kept, **{name: text.encode("utf-8") for name, text in files.items()}}
    with project_run(config, "stele import"):
        for d in commit(
            config,
            Change(
                tree=into,
                files=dict(sorted(tree.items())),
                lock=config.lock_path,
                lock_text=lock_text,
            ),
            "stele import",
        ):
            click.echo(d.render(), err=True)


def _shown(config: Config, path: Path) -> str:
    try:
        return path.resolve().relative_to(config.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
