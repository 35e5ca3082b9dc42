"""`stele diff OLD NEW`: compare two artifacts (or directories of them) of one format."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stele.compat.catalogue import CheckerSettings, apply_severity_overrides, checker
from stele.compat.model import Finding, Location, Mode, sort_findings
from stele.diagnostics import Severity, SteleError, error
from stele.ir import Span

EXTENSIONS = {
    ".avsc": "avro",
    ".proto": "protobuf",
}
TEXT_EXTENSIONS = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class DiffResult:
    format: str
    mode: Mode
    findings: list[Finding]

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


def read_artifacts(path: Path, fmt: str) -> dict[str, bytes]:
    """A file as {name: bytes}, or every file of the format under a directory, by relative path."""
    from stele.compat.foreign import read_bounded

    if path.is_file():
        return {path.name: read_bounded(path)}
    if path.is_dir():
        suffixes = [s for s, f in EXTENSIONS.items() if f == fmt] or list(TEXT_EXTENSIONS)
        return {
            p.relative_to(path).as_posix(): read_bounded(p)
            for p in sorted(path.rglob("*"))
            if p.is_file() and p.suffix in suffixes
        }
    raise SteleError(
        [error("D001", f"'{path}' does not exist", Span(str(path), 1, 1), "check the path")]
    )


def detect_format(path: Path) -> str:
    """The format of a path from its extension, or from the content of a JSON/YAML document."""
    files = (
        [path]
        if path.is_file()
        else sorted(p for p in path.rglob("*") if p.is_file())
        if path.is_dir()
        else []
    )
    for p in files:
        if p.suffix in EXTENSIONS:
            return EXTENSIONS[p.suffix]
    for p in files:
        if p.suffix in TEXT_EXTENSIONS:
            fmt = _sniff(p)
            if fmt:
                return fmt
    raise SteleError(
        [
            error(
                "D002",
                f"cannot tell the format of '{path}'",
                Span(str(path), 1, 1),
                "pass --format avro|protobuf|jsonschema|openapi|asyncapi",
            )
        ]
    )


def _sniff(path: Path) -> str | None:
    """The format a JSON/YAML document declares; a document the bounded reader rejects is
    reported as such (SteleError), not as one of unknown format."""
    from stele.compat.foreign import load_tree, read_bounded

    try:
        _, doc = load_tree(path.name, read_bounded(path))
    except OSError:
        return None
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
) -> DiffResult:
    """Compare two artifacts of one format. `settings` configure the checker (None: the format's
    default checker, strict JSON and Protobuf WIRE_JSON); `overrides` are per-rule severities
    (`rules:` of stele.yaml)."""
    fmt = fmt or detect_format(new if new.exists() else old)
    c = checker(fmt, settings)
    old_schemas = c.load(read_artifacts(old, fmt))
    new_schemas = c.load(read_artifacts(new, fmt))
    findings: list[Finding] = []
    for direction in mode.directions:
        findings.extend(c.check(old_schemas, new_schemas, direction))
    findings = apply_severity_overrides(findings, overrides)
    shown = [
        dataclasses.replace(f, old=_under(old, f.old), new=_under(new, f.new)) for f in findings
    ]
    return DiffResult(fmt, mode, sort_findings(shown))


def _under(root: Path, loc: Location | None) -> Location | None:
    """Checkers locate findings by path relative to what they loaded; show the path as given."""
    if loc is None:
        return None
    path = root.as_posix() if root.is_file() else (root / loc.path).as_posix()
    return dataclasses.replace(loc, path=path)
