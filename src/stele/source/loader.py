"""Loading a contract project: YAML files -> name table -> IR, with located diagnostics.

Loading never raises anything but SteleError: every problem in the input becomes a diagnostic.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from stele.diagnostics import Diagnostic, SteleError, did_you_mean, error, has_errors
from stele.files import resolves_within, written_inside
from stele.ir import (
    Channel,
    Expansion,
    Message,
    NamedType,
    Operation,
    Package,
    Project,
    Record,
    Service,
    Span,
)
from stele.lint.checks import check_project
from stele.source.build_services import Decl, ServiceBuilder
from stele.source.build_types import TypeBuilder, TypeDecl
from stele.source.declared_names import report_too_long
from stele.source.names import Kind, NameTable
from stele.source.reader import PACKAGE, Reader
from stele.source.yaml_nodes import YMap, parse_yaml, read_bounded

FILE_KEYS = ("package", "doc", "types", "messages", "channels", "services")
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadResult:
    project: Project | None  # None when errors kept the IR from being built
    diagnostics: list[Diagnostic]
    files: tuple[str, ...]


def discover(paths: list[Path], root: Path | None = None) -> list[Path]:
    """Contract files under the given files and directories, sorted for determinism (with
    `root`, none reached through a link that leads out of it: see `leaving_links`)."""
    return _walk(paths, root)[0]


def _walk(paths: list[Path], root: Path | None) -> tuple[list[Path], list[Path]]:
    """The contract files under `paths`, and the links met on the way that lead out of the
    tree they are in: the project at `root` for a path inside it as written (a source), else
    the folder given (`stele lint ../elsewhere`, the user's own). Such a link is never read."""
    found: set[Path] = set()
    leaving: set[Path] = set()
    project = root.resolve() if root is not None else None
    for p in paths:
        base = project
        if project is not None and _inside_as_written(p, project):
            out = _leaving_step(p, project)
            if out is not None:
                leaving.add(out)
                continue
        elif project is not None:
            base = _resolved_dir(p)
        if p.is_dir():
            # os.walk skips what it cannot list and does not enter linked folders; a file that
            # vanishes or cannot be examined is left out here and never half-read.
            for folder, dirs, names in os.walk(p):
                entries = [Path(folder, n) for n in (*dirs, *names)]
                for f in entries:
                    if base is not None and _leads_out(f, base):
                        if f.suffix in SUFFIXES or _is_dir(f):
                            leaving.add(f)
                    elif f.suffix in SUFFIXES and f.name in names and _is_file(f):
                        found.add(f)
        elif _is_file(p):
            found.add(p)
    return sorted(found), sorted(leaving)


def _resolved_dir(path: Path) -> Path | None:
    """The folder `path` names, links followed, or None when it is none (a file, a loop)."""
    try:
        return path.resolve() if path.is_dir() else None
    except (OSError, RuntimeError):
        return None


def _inside_as_written(path: Path, base: Path) -> bool:
    """Whether `path`, `..` folded but links not followed, names a place under `base`."""
    return written_inside(os.path.relpath(os.path.abspath(path), base))


def _leaving_step(path: Path, base: Path) -> Path | None:
    """The first link on the way from `base` to `path` that leads out of `base`, if any."""
    relative = Path(os.path.relpath(os.path.abspath(path), base))
    for end in range(1, len(relative.parts) + 1):
        step = base.joinpath(*relative.parts[:end])
        if _leads_out(step, base):
            return step
    return None


def _leads_out(path: Path, base: Path) -> bool:
    """Whether `path` is a link that resolves outside `base`. A loop of links leads nowhere:
    it cannot be read, and is left out as any unreadable entry."""
    if not path.is_symlink():
        return False
    try:
        path.resolve()
    except (OSError, RuntimeError):
        return False
    return not resolves_within(path, base)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def _display(path: Path, root: Path | None) -> str:
    """The path as diagnostics show it; the bytes of a name that is not UTF-8 as escapes."""
    return os.fsencode(_relative(path, root)).decode("utf-8", "backslashreplace")


def _relative(path: Path, root: Path | None) -> str:
    """The path relative to `root` when it is below it, as given otherwise."""
    if root is not None:
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(root.resolve()).as_posix()
    return path.as_posix()


def _link_out(link: Path, root: Path | None) -> Diagnostic:
    """S031 at a link that leads out of the project, named as written (never its target)."""
    shown = _display(link, None) if root is None else _as_written(link, root)
    return error(
        "S031",
        f"'{shown}' is a symbolic link that leads outside the project; it was not read",
        Span(shown, 1, 1),
        "store the contract file itself in the project, or list its folder in sources:",
    )


def _as_written(path: Path, root: Path) -> str:
    relative = os.path.relpath(os.path.abspath(path), root.resolve())
    return os.fsencode(Path(relative).as_posix()).decode("utf-8", "backslashreplace")


def _utf8_name(path: Path, root: Path | None) -> bool:
    """Whether the name as shown (below the project) is UTF-8: generated files quote it."""
    try:
        os.fsencode(_relative(path, root)).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def load(paths: list[Path], root: Path | None = None) -> LoadResult:
    """Load every contract file under `paths`; spans are relative to `root` when given."""
    files, leaving = _walk(paths, root)
    if leaving:
        return LoadResult(None, [_link_out(link, root) for link in leaving], ())
    display = tuple(_display(f, root) for f in files)
    missing = [p for p in paths if not p.exists()]
    if missing:
        diags = [
            error(
                "S030",
                f"'{_display(p, root)}' does not exist",
                Span(_display(p, root), 1, 1),
                "check the sources in stele.yaml",
            )
            for p in missing
        ]
        return LoadResult(None, diags, display)
    if not files:
        where = ", ".join(_display(p, root) for p in paths) or "."
        return LoadResult(
            None,
            [
                error(
                    "S030",
                    f"no contract files (*.yaml) found in {where}",
                    Span(where, 1, 1),
                    "check the sources in stele.yaml",
                )
            ],
            display,
        )
    reader = Reader()
    names = NameTable()
    types = TypeBuilder(reader, names)
    services = ServiceBuilder(reader, names, types)
    packages: dict[str, Package] = {}
    type_decls: list[TypeDecl] = []
    decls: dict[Kind, list[Decl]] = {Kind.MESSAGE: [], Kind.CHANNEL: [], Kind.SERVICE: []}

    # The errors of files that did not load whole come first: the rest may follow from them.
    file_errors: list[Diagnostic] = []
    for path, shown in zip(files, display, strict=True):
        before = len(reader.diagnostics)
        root_node = _read_file(path, shown, reader, _utf8_name(path, root))
        if root_node is None:
            names.unread = True
            file_errors.extend(reader.diagnostics[before:])
            continue
        reader.keys(root_node, "a contract file", FILE_KEYS, required=("package",))
        package_node = root_node.get("package")
        package = reader.string(package_node, "package")
        if package is None or package_node is None:
            names.unread = True
            file_errors.extend(reader.diagnostics[before:])
            continue
        if not PACKAGE.match(package):
            reader.report(
                "S020",
                f"package '{package}' is not a lower-case dotted name",
                package_node,
                "write it like food.order",
            )
            names.unread = True
            file_errors.extend(reader.diagnostics[before:])
            continue
        if report_too_long(reader, "package", package, package_node):
            names.unread = True
            file_errors.extend(reader.diagnostics[before:])
            continue
        names.packages.setdefault(package, shown)
        if len(reader.diagnostics) > before:  # an unknown top-level key such as `chanels:`
            names.broken.add(package)
            file_errors.extend(reader.diagnostics[before:])
        if package not in packages:
            packages[package] = Package(
                package, shown, package_node.span, reader.text(root_node.get("doc"), "doc")
            )
        types.declare(root_node.get("types"), package, None, type_decls)
        for kind, section in (
            (Kind.MESSAGE, "messages"),
            (Kind.CHANNEL, "channels"),
            (Kind.SERVICE, "services"),
        ):
            services.declare(root_node.get(section), kind, package, decls[kind])

    built_types: dict[str, NamedType] = {}
    for decl in type_decls:
        t = types.build(decl)
        if t is not None:
            built_types[t.name] = t
    messages: dict[str, Message] = {}
    for d in decls[Kind.MESSAGE]:
        m = services.message(d)
        if m is not None:
            messages[m.name] = m
    channels: dict[str, Channel] = {}
    for d in decls[Kind.CHANNEL]:
        c = services.channel(d)
        if c is not None:
            channels[c.name] = c
    service_map: dict[str, Service] = {}
    for d in decls[Kind.SERVICE]:
        s = services.service(d)
        service_map[s.name] = s

    _resolve_relations(types, built_types, reader)
    service_map = {
        name: _resolve_expansions(s, built_types, reader) for name, s in service_map.items()
    }
    diagnostics = reader.diagnostics
    if has_errors(diagnostics):
        first = set(map(id, file_errors))
        rest = [d for d in diagnostics if id(d) not in first]
        return LoadResult(None, [*sorted(file_errors), *sorted(rest)], display)
    project = Project(packages, built_types, messages, channels, service_map)

    return LoadResult(project, sorted([*diagnostics, *check_project(project)]), display)


def _read_file(path: Path, shown: str, reader: Reader, utf8_name: bool = True) -> YMap | None:
    if not utf8_name:
        reader.diagnostics.append(
            error(
                "S007",
                "the file name is not valid UTF-8",
                Span(shown, 1, 1),
                "rename the file: generated files name their sources",
            )
        )
        return None
    try:
        data = read_bounded(path, shown)
    except OSError as exc:
        reader.diagnostics.append(
            error("S007", f"cannot read file: {exc.strerror}", Span(shown, 1, 1))
        )
        return None
    except SteleError as exc:
        reader.diagnostics.extend(exc.diagnostics)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        reader.diagnostics.append(
            error("S007", "file is not valid UTF-8", Span(shown, line, 1), "save the file as UTF-8")
        )
        return None
    try:
        node = parse_yaml(text, shown)
    except SteleError as exc:
        reader.diagnostics.extend(exc.diagnostics)
        return None
    if node is None:
        reader.diagnostics.append(
            error("S012", "the file is empty", Span(shown, 1, 1), "start it with 'package: <name>'")
        )
        return None
    return reader.mapping(node, "a contract file")


def _resolve_relations(types: TypeBuilder, built: dict[str, NamedType], reader: Reader) -> None:
    """Relations name their target as written; qualify it and check it is a record."""
    for name, t in list(built.items()):
        if not isinstance(t, Record):
            continue
        fields = []
        for f in t.fields:
            if f.relation is not None:
                target = types.names.resolve(Kind.TYPE, f.relation.target, t.package, t.name)
                if target is None and types.names.suspect(f.relation.target, t.package):
                    fields.append(f)  # a follow-on of a file that did not load whole
                    continue
                if target is None or not isinstance(built.get(target), Record):
                    reader.diagnostics.append(
                        error(
                            "S177",
                            f"relation '{f.relation.name}' references '{f.relation.target}', which is not a record",
                            f.relation.span,
                            # A type that exists but is no record needs no spelling hint.
                            (
                                did_you_mean(
                                    f.relation.target,
                                    types.names.candidates(Kind.TYPE, t.package),
                                )
                                if target is None
                                else ""
                            )
                            or "name a record type",
                        )
                    )
                    fields.append(dataclasses.replace(f, relation=None))
                    continue
                f = dataclasses.replace(f, relation=dataclasses.replace(f.relation, target=target))
            fields.append(f)
        built[name] = dataclasses.replace(t, fields=tuple(fields))


def _resolve_expansions(service: Service, types: dict[str, NamedType], reader: Reader) -> Service:
    ops: list[Operation] = []
    for op in service.operations:
        if op.http is None or not op.http.expand:
            ops.append(op)
            continue
        response = types.get(op.response or "")
        relations = (
            {f.relation.name: f for f in response.fields if f.relation}
            if isinstance(response, Record)
            else {}
        )
        resolved: list[Expansion] = []
        for e in op.http.expand:
            f = relations.get(e.name)
            if f is None or f.relation is None:
                reader.diagnostics.append(
                    error(
                        "S175",
                        f"'{e.name}' is not a relation of the response of {op.name}",
                        e.span,
                        f"relations: {', '.join(relations) or 'none'}; declare one with 'references:' on a field",
                    )
                )
                continue
            resolved.append(dataclasses.replace(e, field=f.name, target=f.relation.target))
        ops.append(
            dataclasses.replace(op, http=dataclasses.replace(op.http, expand=tuple(resolved)))
        )
    return dataclasses.replace(service, operations=tuple(ops))


def load_project(paths: list[Path], root: Path | None = None) -> Project:
    """Load a project or raise SteleError with every error diagnostic."""
    result = load(paths, root)
    if result.project is None:
        raise SteleError(
            [d for d in result.diagnostics if d.severity == "error"] or result.diagnostics,
            keep_order=True,
        )
    return result.project
