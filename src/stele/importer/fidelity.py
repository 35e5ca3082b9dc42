"""The proof of fidelity: generate the artifacts of the imported contracts with the normal
generate path, in the run's work folder under the project's cache, and compare each original with
its regenerated counterpart with `stele diff`'s checker in both directions (FULL)."""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from stele.compat.diff import diff_paths
from stele.compat.model import Finding, Mode
from stele.compat.proto_tree import ProtoOptions
from stele.config import Config
from stele.diagnostics import Diagnostic, Severity, SteleError, error
from stele.files import write_files
from stele.generate import build_artifacts
from stele.importer.sources import SourceFile
from stele.ir import Span
from stele.workdir import run_folder
from stele.workspace import open_workspace

DEFECT = "I900"  # a break between an original and its regenerated artifact, or contracts
# the importer wrote that stele cannot generate from
EMITTERS = {
    "avro": "avro",
    "protobuf": "protobuf",
    "jsonschema": "jsonschema",
    "openapi": "openapi",
    "asyncapi": "asyncapi",
}
DOCUMENTS = ("jsonschema", "openapi", "asyncapi")  # compared document by document
ARTIFACT_FOLDER = {
    "avro": "avro",
    "protobuf": "proto",
    "jsonschema": "jsonschema",
    "openapi": "openapi",
    "asyncapi": "asyncapi",
}


@dataclass
class Proof:
    fmt: str
    compared: int = 0  # artifacts (or sets of them) compared
    findings: list[Finding] = field(default_factory=list)
    defects: list[Diagnostic] = field(default_factory=list)

    @property
    def compatible(self) -> bool:
        return not self.defects and not any(f.severity is Severity.ERROR for f in self.findings)

    def lines(self, approximations: int) -> list[str]:
        verdict = "compatible both ways" if self.compatible else "NOT compatible"
        counted = f"{self.compared} comparison{'' if self.compared == 1 else 's'}"
        out = [f"fidelity ({self.fmt}, {counted}, both directions): {verdict}"]
        out.extend(f"  {d.render()}" for d in self.defects)
        shown: dict[str, list[str]] = {}  # one line per finding, with the directions it has
        for f in self.findings:
            where = f.old or f.new
            at = f"{where.path}:{where.line}:{where.column}: " if where else ""
            shown.setdefault(f"  {at}{f.severity} {f.rule} {f.message}", []).append(
                str(f.direction.value).lower()
            )
        for line, directions in shown.items():
            out.append(f"{line} ({', '.join(sorted(set(directions)))})")
        breaks = sum(f.severity is Severity.ERROR for f in self.findings)
        if breaks:
            why = (
                f"; {approximations} approximation{'s were' if approximations != 1 else ' was'}"
                " reported above"
                if approximations
                else "; no approximation explains them"
            )
            out.append(
                f"error {DEFECT} the regenerated artifacts break compatibility with the originals"
                f" ({breaks} finding{'s' if breaks != 1 else ''}){why}"
            )
        return out


def prove(
    config: Config,
    fmt: str,
    contracts: dict[str, str],
    lock_text: str,
    sources: list[SourceFile],
    include: tuple[Path, ...] = (),
    counterparts: dict[str, str] | None = None,
    aliases: dict[str, str] | None = None,
) -> Proof:
    """Generate from `contracts` (file name -> YAML) and compare with `sources` both ways.
    `aliases`: AsyncAPI message names of the regenerated documents -> the originals' names."""
    # The run's own folder (.stele-cache/work/run-..., never through a link that leaves the
    # project), shared with the generate path and removed when the run ends.
    with run_folder(config.root) as run:
        work = run.get() / f"import-{secrets.token_hex(4)}"
        return _prove(
            config, fmt, contracts, lock_text, sources, include, work, counterparts, aliases
        )


def _prove(
    config: Config,
    fmt: str,
    contracts: dict[str, str],
    lock_text: str,
    sources: list[SourceFile],
    include: tuple[Path, ...],
    work: Path,
    counterparts: dict[str, str] | None,
    aliases: dict[str, str] | None = None,
) -> Proof:
    proof = Proof(fmt)
    files = {f"contracts/{name}": text.encode() for name, text in contracts.items()}
    write_files({**files, "stele.lock": lock_text.encode()}, work)
    options = dataclasses.replace(config.options, formats=(EMITTERS[fmt],))
    project = Config(
        root=work.resolve(), sources=("contracts",), lock="stele.lock", options=options
    )
    try:
        ws = open_workspace(project)
        artifacts = build_artifacts(ws, (EMITTERS[fmt],))
    except SteleError as exc:
        proof.defects.extend(_defect(d) for d in exc.diagnostics)
        return proof
    folder = ARTIFACT_FOLDER[fmt] + "/"
    regenerated = {
        k.removeprefix(folder): v
        for k, v in artifacts.items()
        if k.startswith(folder)
        and not k.removeprefix(folder).startswith("messages/")
        and not k.endswith("index.json")
    }
    pairs = counterparts or {}
    written = {_written(fmt, i, s, pairs): s for i, s in enumerate(sources)}
    if fmt in DOCUMENTS:
        # Each original beside its counterpart, which is copied under the original's name:
        # the checker pairs documents by path, and both keep their relative references.
        for rel, s in written.items():
            if pairs.get(s.shown) in regenerated:
                regenerated[rel] = regenerated[pairs[s.shown]]
    if fmt == "openapi":
        # The copies only: left under its own name too, the whole-project document pairs with no
        # original, and FORWARD reads each of its paths as one the new version adds.
        regenerated = {rel: regenerated[rel] for rel in written if rel in regenerated}
    if fmt == "asyncapi":
        # Only the counterparts: a document of a service the originals do not describe (the
        # owner of a channel they use) has nothing to be compared with.
        regenerated = {
            rel: _aliased(regenerated[pairs[s.shown]], aliases or {})
            for rel, s in written.items()
            if pairs.get(s.shown) in regenerated
        }
    write_files(regenerated, work / "regenerated")
    write_files({rel: s.data for rel, s in written.items()}, work / "original")
    shown = {rel: s.shown for rel, s in written.items()}
    _compare(proof, fmt, work, shown, include)
    return proof


def _written(fmt: str, i: int, source: SourceFile, pairs: dict[str, str]) -> str:
    """Where an original is copied: Protobuf files at their import paths, JSON Schemas in the
    folder of their counterpart, Avro files apart."""
    if fmt == "protobuf":
        return source.relative
    if fmt in DOCUMENTS and source.shown in pairs:
        folder = pairs[source.shown].rpartition("/")[0]
        return f"{folder}/{source.relative.rpartition('/')[2]}".lstrip("/")
    return f"{i:03d}/{source.relative}"


def _aliased(document: bytes, aliases: dict[str, str]) -> bytes:
    """A regenerated AsyncAPI document whose messages carry the original's names: the checker
    pairs an operation's messages by key, then by `name`, and neither is on the wire (stele's
    own `message_type` header carries the qualified name: docs/import.md)."""
    import json

    if not aliases:
        return document
    data = json.loads(document)
    for message in data.get("components", {}).get("messages", {}).values():
        if message.get("name") in aliases:
            message["name"] = aliases[message["name"]]
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def _compare(
    proof: Proof,
    fmt: str,
    work: Path,
    shown: dict[str, str],
    include: tuple[Path, ...],
) -> None:
    proto = ProtoOptions(include=include) if fmt == "protobuf" else None
    try:
        result = diff_paths(work / "original", work / "regenerated", fmt, Mode.FULL, proto=proto)
    except SteleError as exc:
        proof.defects.extend(_defect(d) for d in exc.diagnostics)
        return
    proof.compared += 1
    proof.findings.extend(_shown(f, work, shown) for f in result.findings)


def _shown(f: Finding, work: Path, shown: dict[str, str]) -> Finding:
    def place(loc: Span | None) -> Span | None:
        if loc is None:
            return None
        path = loc.path
        if "/original/" in path:
            rel = path.split("/original/", 1)[1]
            return dataclasses.replace(loc, path=shown.get(rel, rel))
        if "/regenerated/" in path:
            return dataclasses.replace(loc, path="(regenerated) " + path.split("/regenerated/")[1])
        return loc

    return dataclasses.replace(f, old=place(f.old), new=place(f.new))


def _defect(d: Diagnostic) -> Diagnostic:
    file = d.span.path
    for marker in ("/regenerated/", "/original/", "/contracts/"):
        if marker in f"/{file}":
            file = "(imported) " + f"/{file}".split(marker, 1)[1]
            break
    return error(
        DEFECT,
        f"importer defect: {d.code} {d.message}",
        Span(file, d.span.line, d.span.column),
        "report it: the import wrote what stele cannot read back",
    )
