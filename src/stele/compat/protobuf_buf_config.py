"""Reading a buf.yaml (v1 and v2) for `stele diff --format protobuf`.

A side's buf.yaml is looked up in its folder (a directory side; a single file's folder) and in
the folders above it while they stay inside the folder stele runs in (the project tree; a side
outside it is looked up in its own folder only). `--config FILE` names one instead, which must be
inside the project tree. The file is foreign input: read through the bounded YAML reader, every
key and value checked, a wrong one D015 at its position. Paths are relative to the buf.yaml's
folder (v1: the module root; v2: the workspace root, with each module at its `path`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from stele.compat.foreign import read_bounded
from stele.compat.foreign_yaml import load_tree
from stele.compat.positions import key_positions
from stele.compat.protobuf_buf_rules import (
    CATEGORIES,
    DEPRECATED,
    Breaking,
    expand,
    known,
    rules_of,
    stele_rules_by_buf_id,
    under,
)
from stele.diagnostics import Diagnostic, SteleError, did_you_mean, error, warning
from stele.files import resolves_within, written_inside
from stele.span import Span

CONFIG_NAMES = ("buf.yaml", "buf.yml")
MAX_LEVELS_UP = 32
MAX_ITEMS = 10_000  # modules, paths or rule names in one list of a buf.yaml (D005 beyond)
BAD = "D015"  # a buf.yaml stele cannot use
UNKNOWN_RULE = "D016"  # a rule id or category stele does not know (a warning)

_TOP_KEYS = {
    "v1": ("version", "name", "deps", "build", "breaking", "lint"),
    "v2": ("version", "modules", "deps", "lint", "breaking", "plugins", "policies"),
}
_MODULE_KEYS = ("path", "name", "excludes", "includes", "lint", "breaking")
_BREAKING_KEYS = {
    "v1": ("use", "except", "ignore", "ignore_only", "ignore_unstable_packages"),
    "v2": ("use", "except", "ignore", "ignore_only", "ignore_unstable_packages", "disable_builtin"),
}


@dataclass(frozen=True)
class Module:
    path: str  # relative to the buf.yaml's folder, "" for the folder itself
    excludes: frozenset[str]
    includes: frozenset[str]
    breaking: Breaking


@dataclass(frozen=True)
class BufConfig:
    shown: str  # the buf.yaml as diagnostics show it
    folder: Path
    version: str  # "v1" or "v2"
    modules: tuple[Module, ...]
    default: Breaking  # for files in no module (v2's top-level `breaking`)
    notes: tuple[Diagnostic, ...] = ()  # D016 warnings

    @cached_property
    def by_path(self) -> dict[str, Module]:
        return {m.path: m for m in reversed(self.modules)}  # the first of a path wins

    def module_of(self, path: str) -> Module | None:
        """The module holding `path` (relative to the buf.yaml's folder); the innermost (a
        lookup per folder of the path)."""
        by_path = self.by_path
        end = len(path)
        while end > 0:
            end = path.rfind("/", 0, end)
            if end > 0 and path[:end] in by_path:
                return by_path[path[:end]]
        return by_path.get("")

    def compared(self, path: str) -> bool:
        """Whether the file is part of its module: not excluded, and included when the module
        lists `includes`. A file in no module is compared (with the default breaking rules)."""
        module = self.module_of(path)
        if module is None:
            return True
        if under(path, module.excludes):
            return False
        return not module.includes or under(path, module.includes)

    def breaking_of(self, path: str) -> Breaking:
        module = self.module_of(path)
        return module.breaking if module is not None else self.default


def find_config(root: Path, single: bool) -> tuple[Path, str] | None:
    """The buf.yaml for a side, and the side's folder relative to the buf.yaml's folder."""
    folder = root.parent if single else root
    try:
        base = Path.cwd().resolve()
        here = folder.resolve()
    except (OSError, RuntimeError):
        return None
    bound = here if not (here == base or here.is_relative_to(base)) else base
    offset: list[str] = []
    for _ in range(MAX_LEVELS_UP):
        for name in CONFIG_NAMES:
            candidate = here / name
            if candidate.is_file():
                _refuse_leaving(candidate, bound)
                return candidate, "/".join(reversed(offset))
        if here == bound or here.parent == here:
            return None
        offset.append(here.name)
        here = here.parent
    return None


def _refuse_leaving(candidate: Path, bound: Path) -> None:
    """D015 for a buf.yaml that is a link leading outside the tree it was found in."""
    if not resolves_within(candidate, bound):
        shown, tree = shown_path(candidate), shown_path(bound) or "."
        raise SteleError(
            [
                error(
                    BAD,
                    f"'{shown}' is a link that leads outside '{tree}'",
                    Span(shown, 1, 1),
                    "store the buf.yaml itself, not a link to it",
                )
            ]
        )


def shown_path(path: Path) -> str:
    """A path found by the lookup as diagnostics show it: relative to the folder stele runs in
    when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def confined(path: Path) -> Path:
    """`--config FILE` for a buf.yaml: inside the project tree (links followed), else D015."""
    if not resolves_within(path, Path.cwd().resolve()):
        raise SteleError(
            [
                error(
                    BAD,
                    f"--config '{path.as_posix()}' is outside the project tree",
                    Span("--config", 1, 1),
                    "name a buf.yaml inside the folder stele runs in (links are followed)",
                )
            ]
        )
    return path


def is_buf_config(path: Path) -> bool:
    """Whether a `--config` file is a buf configuration (named buf.yaml, or a YAML mapping with
    a top-level `version:`, which stele.yaml has not) rather than a stele.yaml."""
    if path.name in CONFIG_NAMES:
        return True
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    return any(line.startswith(b"version:") for line in head.splitlines())


def read_config(path: Path, shown: str) -> BufConfig:
    """The buf.yaml at `path`; D004-D006 when it is not YAML within the limits, D015 when a key
    or value is not what buf reads."""
    name = shown if shown.endswith((".yaml", ".yml")) else f"{shown}.yaml"
    text, doc = load_tree(name, read_bounded(path))
    reader = _Reader(shown, key_positions(text))
    return reader.config(doc, path.parent)


class _Reader:
    def __init__(self, shown: str, positions: Mapping[str, tuple[int, int]]) -> None:
        self.shown = shown
        self.positions = positions
        self.notes: list[Diagnostic] = []
        self.equivalents = stele_rules_by_buf_id()

    def span(self, pointer: str) -> Span:
        line, column = self.positions.get(pointer, (1, 1))
        return Span(self.shown, line, column)

    def fail(self, pointer: str, message: str, hint: str) -> SteleError:
        return SteleError([error(BAD, f"buf.yaml: {message}", self.span(pointer), hint)])

    def config(self, doc: Any, folder: Path) -> BufConfig:
        if not isinstance(doc, dict):
            raise self.fail("", "the file is not a mapping of keys", "start with `version: v2`")
        version = doc.get("version")
        if version not in ("v1", "v2"):
            where = "/version" if "version" in doc else ""
            said = f"version {version!r} is not read" if "version" in doc else "no `version`"
            raise self.fail(
                where, said, "write `version: v1` or `version: v2` (buf config migrate)"
            )
        self.keys(doc, "", _TOP_KEYS[version])
        if version == "v1":
            excludes = self.paths(self.mapping(doc, "/build").get("excludes"), "/build/excludes")
            breaking = self.breaking(doc.get("breaking"), "/breaking", version)
            modules: tuple[Module, ...] = (Module("", excludes, frozenset(), breaking),)
            default = breaking
        else:
            default = self.breaking(doc.get("breaking"), "/breaking", version)
            modules = self.modules(doc.get("modules"), default)
        return BufConfig(self.shown, folder, version, modules, default, tuple(self.notes))

    def modules(self, value: Any, default: Breaking) -> tuple[Module, ...]:
        if value is None:
            return (Module("", frozenset(), frozenset(), default),)
        if not isinstance(value, list):
            raise self.fail("/modules", "`modules` is not a list", "modules: [{path: proto}]")
        self.bounded(value, "/modules")
        found = []
        for i, item in enumerate(value):
            at = f"/modules/{i}"
            if not isinstance(item, dict) or "path" not in item:
                raise self.fail(at, "a module is not a mapping with a `path`", "- path: proto")
            self.keys(item, at, _MODULE_KEYS)
            if not isinstance(item["path"], str):
                raise self.fail(f"{at}/path", "a module's `path` is not a path", "path: proto")
            (path,) = self.paths([item["path"]], f"{at}/path", index=False)
            excludes = self.paths(item.get("excludes"), f"{at}/excludes")
            includes = self.paths(item.get("includes"), f"{at}/includes")
            breaking = default
            if "breaking" in item:
                breaking = self.breaking(item["breaking"], f"{at}/breaking", "v2")
            found.append(Module(path, excludes, includes, breaking))
        return tuple(found)

    def keys(self, value: dict[str, Any], at: str, allowed: tuple[str, ...]) -> None:
        for key in value:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed) or f"the keys here: {', '.join(allowed)}"
                raise self.fail(f"{at}/{key}", f"unknown key '{key}'", hint)

    def mapping(self, doc: dict[str, Any], at: str) -> dict[str, Any]:
        value = doc.get(at.rsplit("/", 1)[-1])
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(at, f"`{at[1:]}` is not a mapping", "build: {excludes: [vendor]}")
        self.keys(value, at, ("excludes", "roots") if at == "/build" else ())
        if "roots" in value:
            raise self.fail(f"{at}/roots", "`build.roots` is v1beta1", "buf config migrate")
        return value

    def breaking(self, value: Any, at: str, version: str) -> Breaking:
        if value is None:
            return Breaking()
        if not isinstance(value, dict):
            raise self.fail(at, "`breaking` is not a mapping", "breaking: {use: [FILE]}")
        self.keys(value, at, _BREAKING_KEYS[version])
        use = self.names(value.get("use"), f"{at}/use", version, ask=True)
        except_ = self.names(value.get("except"), f"{at}/except", version)
        ignore = self.paths(value.get("ignore"), f"{at}/ignore")
        only: dict[str, frozenset[str]] = {}
        raw_only = value.get("ignore_only")
        if raw_only is not None and not isinstance(raw_only, dict):
            raise self.fail(f"{at}/ignore_only", "`ignore_only` is not a mapping", _ONLY_HINT)
        self.bounded(raw_only or {}, f"{at}/ignore_only")
        for key, paths in (raw_only or {}).items():
            (rule,) = self.names([key], f"{at}/ignore_only/{key}", version, index=False)
            only[rule] = self.paths(paths, f"{at}/ignore_only/{key}")
        unstable = value.get("ignore_unstable_packages", False)
        if not isinstance(unstable, bool):
            where = f"{at}/ignore_unstable_packages"
            raise self.fail(where, "`ignore_unstable_packages` is not true or false", "true")
        return Breaking(use or (), except_, ignore, only, unstable)

    def names(
        self, value: Any, at: str, version: str, ask: bool = False, index: bool = True
    ) -> tuple[str, ...]:
        """Rule ids and categories; D016 (a warning) for one buf does not know, and for a rule
        asked for in `use` that no stele rule checks."""
        items = self.strings(value, at, "a list of rule ids and categories", "[FILE]")
        for i, name in enumerate(items):
            where = f"{at}/{i}" if index else at
            if not known(name, version):
                hint = (
                    did_you_mean(name, _all_names(version)) or "see `buf config ls-breaking-rules`"
                )
                message = f"buf.yaml: '{name}' is not a buf {version} breaking rule or category"
                self.notes.append(
                    warning(UNKNOWN_RULE, f"{message}: ignored", self.span(where), hint)
                )
            elif (
                ask
                and name not in CATEGORIES
                and not expand([name], version) & set(self.equivalents)
            ):
                self.notes.append(
                    warning(
                        UNKNOWN_RULE,
                        f"buf.yaml: stele checks no equivalent of buf rule '{name}': not checked",
                        self.span(where),
                        "`stele rules` lists the Protobuf rules and their buf equivalents",
                    )
                )
        return items

    def paths(self, value: Any, at: str, index: bool = True) -> frozenset[str]:
        """Relative paths below the buf.yaml's folder, without `./` or a trailing `/`."""
        items = self.strings(value, at, "a list of paths", "[proto/vendor]")
        found = []
        for i, raw in enumerate(items):
            where = f"{at}/{i}" if index else at
            if not raw.strip() or not written_inside(raw):
                hint = "write a path relative to the buf.yaml's folder, below it"
                raise self.fail(
                    where, f"the path '{raw}' is not inside the buf.yaml's folder", hint
                )
            normal = Path(raw).as_posix().strip("/")
            found.append("" if normal == "." else normal.removeprefix("./"))
        return frozenset(found)

    def strings(self, value: Any, at: str, what: str, example: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(at, f"`{at.rsplit('/', 1)[-1]}` is not {what}", f"e.g. {example}")
        self.bounded(value, at)
        return tuple(value)

    def bounded(self, value: list[Any] | dict[str, Any], at: str) -> None:
        """D005 for a list (or ignore_only mapping) longer than MAX_ITEMS: each file and finding
        is matched against every module and path."""
        if len(value) > MAX_ITEMS:
            where = self.span(at)
            raise SteleError(
                [
                    error(
                        "D005",
                        f"buf.yaml: `{at.rsplit('/', 1)[-1]}` has more than {MAX_ITEMS} entries",
                        where,
                        "name folders rather than files; a buf.yaml this long is not one",
                    )
                ]
            )


_ONLY_HINT = "ignore_only: {FIELD_SAME_NAME: [proto/legacy]}"


def _all_names(version: str) -> list[str]:
    return [*CATEGORIES, *DEPRECATED, *rules_of(version)]
