"""`stele diff` on Protobuf trees: the sides compiled, checked, and filtered by a buf.yaml.

Without a buf.yaml the checker's category (`--protobuf-category`, default wire_json) decides
everything. With one (found beside a side, or named by `--config`), its `breaking:` section
decides as buf would: `use` and `except` select buf rules (so the category stele judges in is
the strictest they need), `ignore`, `ignore_only` and `ignore_unstable_packages` drop findings by
file, and excluded files (v1 `build.excludes`, v2 `excludes`, files outside a v2 module's
`includes`) are not compared, though still there to be imported.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from stele.compat.catalogue import CheckerSettings, checker
from stele.compat.model import Finding, Mode
from stele.compat.proto_split import compile_shared
from stele.compat.proto_tree import ProtoOptions, ProtoSide, side_trees
from stele.compat.protobuf_buf_config import (
    BufConfig,
    confined,
    find_config,
    read_config,
    shown_path,
)
from stele.compat.protobuf_buf_rules import (
    Breaking,
    buf_category,
    buf_ids,
    stele_category,
    under,
    unstable_package,
)
from stele.compat.sides import excerpt
from stele.config_keys import PROTOBUF_CATEGORIES
from stele.diagnostics import Diagnostic, SteleError
from stele.span import Span


@dataclass(frozen=True)
class ProtoDiff:
    findings: list[Finding]  # located at import paths (relative to each side's root)
    notes: tuple[Diagnostic, ...]  # warnings about the buf.yaml


def protobuf_diff(
    old: Any, new: Any, proto: ProtoOptions, settings: CheckerSettings | None, mode: Mode
) -> ProtoDiff:
    """The findings of `mode`'s directions between two Protobuf sides (`diff.Side`)."""
    settings = settings or CheckerSettings()
    found = _config(old, new, proto)
    trees = side_trees(old, new, proto)
    if found is None:
        old_schema, new_schema = compile_trees(*trees)
        c = checker("protobuf", settings)
        findings = [f for d in mode.directions for f in c.check(old_schema, new_schema, d)]
        return ProtoDiff(findings, ())
    config, offsets = found
    if proto.category_given:
        config = _with_category(config, settings.protobuf_category)
    backs = []
    for side, tree, offset in zip((old, new), trees, offsets, strict=True):
        tree.inputs = {n for n in tree.inputs if config.compared(_joined(offset, n))}
        backs.append(_module_names(tree, set(side.of_format("protobuf")), offset, config))
    old_schema, new_schema = compile_trees(*trees)
    selection = _Selection(config)
    chosen = CheckerSettings(settings.json_policy, selection.category())
    c = checker("protobuf", chosen)
    findings = [
        _named_back(f, backs) for d in mode.directions for f in c.check(old_schema, new_schema, d)
    ]
    packages = [
        {back.get(name, name): f.package for name, f in s.files.items()}
        for back, s in zip(backs, (old_schema, new_schema), strict=True)
    ]
    kept = [f for f in findings if selection.keeps(f, offsets, packages)]
    return ProtoDiff(kept, config.notes)


def compile_trees(old: ProtoSide, new: ProtoSide) -> tuple[Any, Any]:
    """Both sides compiled (at the same time: `proto_compile`) and indexed (a file alike on
    both sides once: `index_sides`); the first side's errors first, shown at the paths as
    given. The descriptor and rule modules are imported while the sides compile
    (`proto_split`), not before."""
    # after the fork: loaded while the child runs protoc (proto_split), not before it
    from stele.compat.protobuf._descriptors import index_sides

    outcomes, merged = compile_shared((old.files, old.inputs), (new.files, new.inputs))
    compiled: list[Any] = []
    for outcome, tree in zip(outcomes, (old, new), strict=True):
        if isinstance(outcome, list):  # protoc's errors, shown at the paths as given
            raise SteleError([_shown_at(d, tree.shown) for d in outcome])
        compiled.append(outcome)
    if merged is not None:  # the files alike compiled on one side only, then shared
        compiled = merged

    return index_sides(compiled[0], old.inputs, compiled[1], new.inputs)


def _shown_at(d: Diagnostic, shown: dict[str, str]) -> Diagnostic:
    span = Span(shown.get(d.span.path, d.span.path), d.span.line, d.span.column)
    return dataclasses.replace(d, span=span, message=excerpt(d.message))


def _module_names(tree: ProtoSide, own: set[str], offset: str, config: BufConfig) -> dict[str, str]:
    """Give the side's own files in a module their import path in it (relative to the module's
    `path`, as buf compiles them: a v2 module at `proto/` imports `foo/a.proto`, not
    `proto/foo/a.proto`). Returns import path -> path relative to the side's root, for the
    files renamed."""
    renamed: dict[str, str] = {}
    for name in sorted(own & set(tree.files)):
        path = _joined(offset, name)
        module = config.module_of(path)
        if module is None:
            continue
        wanted = path[len(module.path) + 1 :] if module.path else path
        if wanted == name or wanted in tree.files or wanted in renamed:
            continue  # already its import path, or another file's (left as it is)
        renamed[wanted] = name
    for wanted, name in renamed.items():
        tree.files[wanted] = tree.files.pop(name)
        tree.shown[wanted] = tree.shown.pop(name)
        if name in tree.inputs:
            tree.inputs.discard(name)
            tree.inputs.add(wanted)
    return renamed


def _named_back(finding: Finding, backs: Sequence[Mapping[str, str]]) -> Finding:
    """A finding located at paths relative to each side's root again (not import paths)."""
    import dataclasses

    old, new = finding.old, finding.new
    if old is not None and old.path in backs[0]:
        old = dataclasses.replace(old, path=backs[0][old.path])
    if new is not None and new.path in backs[1]:
        new = dataclasses.replace(new, path=backs[1][new.path])
    if old is finding.old and new is finding.new:
        return finding
    return dataclasses.replace(finding, old=old, new=new)


def _config(old: Any, new: Any, proto: ProtoOptions) -> tuple[BufConfig, tuple[str, str]] | None:
    """The buf.yaml that applies and each side's folder relative to its folder: `--config`
    (the sides are its module roots), else NEW's own (found beside or above NEW), else OLD's."""
    if proto.buf_config is not None:
        path = confined(proto.buf_config)
        return read_config(path, path.as_posix()), ("", "")
    places = [find_config(side.path, side.single) for side in (old, new)]
    chosen = places[1] or places[0]
    if chosen is None:
        return None
    # The two sides are one tree at two versions: both sit where the side that has the buf.yaml
    # sits in its folder (so their files keep the same paths in its modules).
    path, offset = chosen
    return read_config(path, shown_path(path)), (offset, offset)


def _joined(offset: str, name: str) -> str:
    return f"{offset}/{name}" if offset else name


def _with_category(config: BufConfig, category: str) -> BufConfig:
    """`--protobuf-category` replaces every `use` of the buf.yaml."""
    import dataclasses

    use = (buf_category(category if category in PROTOBUF_CATEGORIES else "wire_json"),)

    def swap(b: Breaking) -> Breaking:
        return dataclasses.replace(b, use=use)

    modules = tuple(dataclasses.replace(m, breaking=swap(m.breaking)) for m in config.modules)
    return dataclasses.replace(config, modules=modules, default=swap(config.default))


class _Selection:
    """The buf rules each module selects, computed once per `breaking:` section."""

    def __init__(self, config: BufConfig) -> None:
        self.config = config
        self.version = config.version
        self.enabled: dict[int, set[str]] = {}
        self.only: dict[int, dict[str, frozenset[str]]] = {}
        # The default applies to files in no module: none when a module is the whole folder.
        whole = any(m.path == "" for m in config.modules)
        self.used = [m.breaking for m in config.modules] + ([] if whole else [config.default])
        for breaking in (config.default, *self.used):
            self.enabled[id(breaking)] = breaking.enabled(self.version)
            self.only[id(breaking)] = breaking.ignored_for(self.version)
        from stele.compat.protobuf.rules import RULES  # after the fork, as index_sides

        self.buf_of = {r.id: buf_ids(r.equivalents.get("buf", "")) for r in RULES}

    def category(self) -> str:
        needed = [stele_category(self.enabled[id(b)], self.version) for b in self.used]
        return max(needed, key=PROTOBUF_CATEGORIES.index)

    def keeps(
        self, finding: Finding, offsets: tuple[str, str], packages: Sequence[Mapping[str, str]]
    ) -> bool:
        side, loc = _where(finding)
        if loc is None:
            return True
        path = _joined(offsets[side], loc.path)
        breaking = self.config.breaking_of(path)
        if under(path, breaking.ignore):
            return False
        if breaking.ignore_unstable_packages and unstable_package(packages[side].get(loc.path, "")):
            return False
        ids = self.buf_of.get(finding.rule, ())
        if not ids:
            return True  # a stele rule buf has no equivalent of: its category decided
        enabled, only = self.enabled[id(breaking)], self.only[id(breaking)]
        return any(i in enabled and not under(path, only.get(i, frozenset())) for i in ids)


def _where(finding: Finding) -> tuple[int, Span | None]:
    """The side and location a finding is about: NEW's, or OLD's for what NEW lacks."""
    return (1, finding.new) if finding.new is not None else (0, finding.old)


__all__ = ["ProtoDiff", "ProtoSide", "protobuf_diff"]
