"""`stele diff OLD NEW`: compare two artifacts (or directories of them) of one format."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stele.compat.catalogue import CheckerSettings, apply_severity_overrides, checker
from stele.compat.foreign import read_bounded
from stele.compat.foreign_yaml import load_tree
from stele.compat.model import Finding, Mode, sort_findings
from stele.compat.proto_diff import protobuf_diff
from stele.compat.proto_tree import ProtoOptions, not_protobuf
from stele.compat.sides import EXTENSIONS, TEXT_EXTENSIONS, Side, excerpt
from stele.diagnostics import Diagnostic, Severity, SteleError, error
from stele.files import resolves_within
from stele.span import Span

# A directory side: at most this many files of known suffixes, and bytes of them together.
MAX_DIFF_FILES = 10_000
MAX_DIFF_BYTES = 256 * 1024 * 1024
MAX_LINK_ERRORS = 20  # D007 diagnostics listed before one line sums up the rest


@dataclass(frozen=True)
class DiffResult:
    format: str
    mode: Mode
    findings: list[Finding]
    notes: tuple[Diagnostic, ...] = ()  # warnings about the inputs (a buf.yaml's unknown rules)

    @property
    def compatible(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def to_json(self) -> dict[str, object]:
        return {
            "compatible": self.compatible,
            "format": self.format,
            "mode": self.mode.value,
            "findings": [f.to_json() for f in self.findings],
        }


def read_side(path: Path) -> Side:
    """A file, a pipe (`<(cat a.avsc)`, read up to the size limit) or a directory. Links under a
    directory are followed only while they stay inside it (D007 for one that leads out)."""
    import stat

    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        mode = 0
    if stat.S_ISDIR(mode):
        return Side(path, {rel: read_bounded(p) for rel, p in walk(path)}, single=False)
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode):
        return Side(path, {path.name: read_bounded(path)}, single=True)
    raise SteleError(
        [error("D001", f"'{path}' does not exist", Span(str(path), 1, 1), "check the path")]
    )


def walk(root: Path) -> list[tuple[str, Path]]:
    """The files of known suffixes under `root`, sorted by relative path. A linked file is read
    when its target is inside `root`; a linked folder is not entered (its files, when inside,
    are found where they are). A link that leads out of `root` is D007; more than
    MAX_DIFF_FILES files or MAX_DIFF_BYTES bytes of them is D005."""
    import os

    base = root.resolve()
    suffixes = (*EXTENSIONS, *TEXT_EXTENSIONS)
    found: list[tuple[str, Path]] = []
    leaving: list[str] = []
    total = 0
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs + files):
            path = here / name
            if path.is_symlink() and not resolves_within(path, base):
                leaving.append(path.as_posix())
            elif name in files and path.suffix in suffixes and path.is_file():
                found.append((path.relative_to(root).as_posix(), path))
                total += path.stat().st_size
                if len(found) > MAX_DIFF_FILES or total > MAX_DIFF_BYTES:
                    raise _too_many(root)
    if leaving:
        raise SteleError(_link_errors(root, leaving))
    return sorted(found)


def _too_many(root: Path) -> SteleError:
    mib = MAX_DIFF_BYTES // (1024 * 1024)
    message = (
        f"'{root.as_posix()}' holds more than {MAX_DIFF_FILES} schema files or more than "
        f"{mib} MiB of them"
    )
    hint = "diff the folders that hold the schemas, not a folder above them"
    return SteleError([error("D005", message, Span(root.as_posix(), 1, 1), hint)])


def _link_errors(root: Path, leaving: list[str]) -> list[Diagnostic]:
    found = [
        error(
            "D007",
            f"'{link}' is a link that leads outside '{root.as_posix()}'",
            Span(link, 1, 1),
            "diff the files themselves: copy them into the directory",
        )
        for link in leaving[:MAX_LINK_ERRORS]
    ]
    if len(leaving) > MAX_LINK_ERRORS:
        more = len(leaving) - MAX_LINK_ERRORS
        message = f"... and {more} more links that lead outside '{root.as_posix()}'"
        found.append(error("D007", message, Span(root.as_posix(), 1, 1)))
    return found


def detect_format(*sides: Side) -> str:
    """The format of the sides from their suffixes, else from the content of a JSON/YAML
    document (the first side first)."""
    for side in sides:
        for name in side.files:
            if Path(name).suffix in EXTENSIONS:
                return EXTENSIONS[Path(name).suffix]
    for side in sides:
        for name, data in side.files.items():
            suffix = Path(name).suffix
            if suffix in TEXT_EXTENSIONS or (side.single and not suffix):
                fmt = _sniff(name if suffix else _text_name(name, data), data)
                if fmt:
                    return fmt
    shown = sides[0].path
    raise SteleError(
        [
            error(
                "D002",
                f"cannot tell the format of '{shown}'",
                Span(str(shown), 1, 1),
                "pass --format avro|protobuf|jsonschema|openapi|asyncapi|graphql",
            )
        ]
    )


def _refuse_mixed(old: Side, new: Side) -> None:
    """D013 when OLD and NEW are single files of two different formats (`x.avsc` and
    `y.schema.json` were compared as JSON Schema); `--format` reads both as one."""
    if not (old.single and new.single):
        return
    formats = [_file_format(side) for side in (old, new)]
    if None in formats or formats[0] == formats[1]:
        return
    raise SteleError(
        [
            error(
                "D013",
                f"'{old.path}' is {formats[0]} but '{new.path}' is {formats[1]}: "
                "diff compares two versions of one format",
                Span(str(new.path), 1, 1),
                "compare two files of one format, or pass --format to read both as one",
            )
        ]
    )


def _file_format(side: Side) -> str | None:
    """The format of a single-file side: its suffix's, else what its document declares."""
    ((name, data),) = side.files.items()
    suffix = Path(name).suffix
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if suffix in TEXT_EXTENSIONS or not suffix:
        return _sniff(name if suffix else _text_name(name, data), data)
    return None


def _text_name(name: str, data: bytes) -> str:
    """A name for a document read from a pipe: `.json` when it looks like JSON, else `.yaml`."""
    return f"{name}.json" if data.lstrip()[:1] in (b"{", b"[") else f"{name}.yaml"


def _named(side: Side, other: Side, fmt: str) -> Side:
    """A pipe's document named with the suffix its format needs (the other side's, when it is a
    file of that format), so the checker reads it as it would read a file."""
    if not side.single or Path(side.path.name).suffix:
        return side
    ((name, data),) = side.files.items()
    wanted = [s for s, f in EXTENSIONS.items() if f == fmt]
    theirs = Path(other.path.name).suffix if other.single else ""
    if wanted:
        named = f"{name}{wanted[0]}"
    elif theirs in TEXT_EXTENSIONS:
        named = f"{name}{theirs}"
    else:
        named = _text_name(name, data)
    return Side(side.path, {named: data}, single=True)


def _sniff(name: str, data: bytes) -> str | None:
    """The format a JSON/YAML document declares; a document the bounded reader rejects is
    reported as such (SteleError), not as one of unknown format."""
    _, doc = load_tree(name, data)
    if not isinstance(doc, dict):
        return None
    if "openapi" in doc or "swagger" in doc:
        return "openapi"
    if "asyncapi" in doc:
        return "asyncapi"
    if doc.get("type") in ("record", "enum", "fixed") and "name" in doc:
        return "avro"
    if "$schema" in doc or "properties" in doc or "type" in doc or "$defs" in doc:
        return "jsonschema"
    return None


def diff_paths(
    old: Path,
    new: Path,
    fmt: str | None,
    mode: Mode,
    settings: CheckerSettings | None = None,
    overrides: Mapping[str, Any] | None = None,
    proto: ProtoOptions | None = None,
) -> DiffResult:
    """Compare two artifacts of one format. `settings` configure the checker (None: the format's
    default checker, strict JSON and Protobuf WIRE_JSON); `overrides` are per-rule severities
    (`rules:` of stele.yaml); `proto` the include folders, path filters and buf.yaml of
    Protobuf."""
    proto = proto or ProtoOptions()
    old_side, new_side = read_side(old), read_side(new)
    if fmt is None:
        fmt = detect_format(new_side, old_side)
        _refuse_mixed(old_side, new_side)
    old_side, new_side = _named(old_side, new_side, fmt), _named(new_side, old_side, fmt)
    _refuse_empty(old_side, fmt)
    _refuse_empty(new_side, fmt)
    notes: tuple[Diagnostic, ...] = ()
    findings: list[Finding] = []
    if fmt == "protobuf":
        done = protobuf_diff(old_side, new_side, proto, settings, mode)
        findings, notes = done.findings, done.notes
    elif proto.include or proto.paths or proto.buf_config is not None:
        raise SteleError([not_protobuf(fmt, proto)])
    else:
        c = checker(fmt, settings)
        old_schemas, new_schemas = _load(c, old_side, fmt), _load(c, new_side, fmt)
        for direction in mode.directions:
            findings.extend(c.check(old_schemas, new_schemas, direction))
    findings = apply_severity_overrides(findings, overrides)
    shown = [
        dataclasses.replace(f, old=_under(old_side, f.old), new=_under(new_side, f.new))
        for f in findings
    ]
    return DiffResult(fmt, mode, sort_findings(shown), notes)


def _refuse_empty(side: Side, fmt: str) -> None:
    """D017 for a directory without one file of the format: its schemas would all count as
    removed (NEW) or the other side's as added (OLD), and a mistaken OLD would pass."""
    if side.single or side.of_format(fmt):
        return
    suffixes = [s for s, f in EXTENSIONS.items() if f == fmt] or list(TEXT_EXTENSIONS)
    raise SteleError(
        [
            error(
                "D017",
                f"'{side.path}' holds no {fmt} file ({', '.join(suffixes)})",
                Span(side.path.as_posix(), 1, 1),
                "point OLD and NEW at the folders that hold the artifacts; pass --format if "
                f"{fmt} was guessed wrong",
            )
        ]
    )


def _load(c: Any, side: Side, fmt: str) -> Any:
    """The checker's schemas of one side; its errors shown at the paths as given, each message
    quoting at most MAX_EXCERPT characters of the file."""
    try:
        return c.load(side.of_format(fmt))
    except SteleError as exc:
        raise SteleError([_shown(d, side) for d in exc.diagnostics]) from None


def _shown(d: Diagnostic, side: Side) -> Diagnostic:
    file = d.span.path
    if side.single and file in side.files:
        file = side.path.as_posix()
    elif not side.single and file in side.files:
        file = (side.path / file).as_posix()
    span = Span(file, d.span.line, d.span.column)
    return dataclasses.replace(d, span=span, message=excerpt(d.message))


def _under(side: Side, loc: Span | None) -> Span | None:
    """Checkers locate findings by path relative to what they loaded; show the path as given."""
    if loc is None:
        return None
    path = side.path.as_posix() if side.single else (side.path / loc.path).as_posix()
    return dataclasses.replace(loc, path=path)
