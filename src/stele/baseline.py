"""Baselines for `stele check --against`: a released snapshot, a directory, or a git revision.

Every baseline becomes the same thing: a directory holding a project's inputs at their
project-relative paths (`stele.yaml`, the contract sources, the lock), opened like any project.
A release already is one (`compat/releases/<VERSION>/`); a git revision is materialized into a
temporary directory with `git cat-file`, run without a shell on a validated revision, from the
revision's tree only (a symbolic link stored in git is refused, never written as a link).
Whatever the baseline, its own stele.yaml cannot make stele read outside its tree
(`stele.confine`).

Errors about `--against` are located at the option: `--against:1:1`, as `--mode:1:1`.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from stele import semver
from stele.config import CONFIG_NAME, Config
from stele.confine import confined_config, link_error
from stele.diagnostics import SteleError, error
from stele.files import resolves_within, written_inside
from stele.ir import Span
from stele.project_info import RELEASES

VERSION = semver.VERSION
# What a revision may look like: names, hashes, `HEAD~2`, `main^`, `@{upstream}`.
_REVISION = re.compile(r"^[A-Za-z0-9_.@{}~^/+-]{1,200}$")
_GIT_TIMEOUT = 30
_SYMLINK_MODE = "120000"
MAX_BLOB_BYTES = 16 * 1024 * 1024  # a file of a git baseline; contract files are far smaller
OPTION = "--against"


@dataclass(frozen=True)
class Baseline:
    """An old version of the project to compare against."""

    label: str  # how reports name it: "1.1.0", "git HEAD", "directory ../old"
    config: Config  # rooted at the directory holding the old project's inputs
    # Prefix that makes the old project's source paths readable from the current project root
    # ("compat/releases/1.1.0/"); empty for a git revision, whose paths are those at the revision.
    shown_prefix: str = ""
    # A released snapshot: stale acknowledgements are judged against releases only, since the
    # break an acknowledgement excuses is already in any later git revision or directory.
    release: bool = False


def usage_error(code: str, message: str, hint: str = "", at: str = CONFIG_NAME) -> SteleError:
    """An error about the command, located at `at`: the option it concerns, or stele.yaml."""
    return SteleError([error(code, message, Span(at, 1, 1), hint)])


def against_error(code: str, message: str, hint: str = "") -> SteleError:
    return usage_error(code, message, hint, at=OPTION)


# ---------------------------------------------------------------------------------------------
# Releases
# ---------------------------------------------------------------------------------------------


def version_key(version: str) -> semver.SortKey:
    """Semver precedence (stele.semver): 1.2.0-rc.2 < 1.2.0-rc.10 < 1.2.0."""
    return semver.version_key(version)


def releases_dir(config: Config) -> Path:
    return config.baseline_path / RELEASES


def released_versions(config: Config) -> list[str]:
    """Released versions, newest first."""
    folder = releases_dir(config)
    if not folder.is_dir():
        return []
    versions = [p.name for p in folder.iterdir() if p.is_dir() and semver.Version.parse(p.name)]
    return sorted(versions, key=version_key, reverse=True)


def release_baseline(config: Config, version: str) -> Baseline:
    root = releases_dir(config) / version
    shown = f"{config.baseline}/{RELEASES}/{version}/"
    if not resolves_within(root, config.root.resolve()):
        raise SteleError([link_error("", shown.rstrip("/"), version)])
    return Baseline(version, confined_config(root, config, version, shown), shown, release=True)


# ---------------------------------------------------------------------------------------------
# Resolving --against
# ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def resolve(config: Config, against: str | None, transitive: bool) -> Iterator[list[Baseline]]:
    """The baselines to check against, newest first. Temporary checkouts live as long as the
    context."""
    if against is None:
        versions = released_versions(config)
        chosen = versions if transitive else versions[:1]
        yield [release_baseline(config, v) for v in chosen]
        return
    if against.startswith("-"):
        raise against_error("K001", f"'{against}' is not a baseline", "name a revision or a path")
    if against in released_versions(config):
        yield [release_baseline(config, against)]
        return
    directory = Path(against)
    if directory.is_dir():
        yield [directory_baseline(config, directory)]
        return
    with tempfile.TemporaryDirectory(prefix="stele-baseline-") as tmp:
        try:
            found = git_baseline(config, against, Path(tmp))
        except SteleError as exc:
            raise _no_such_baseline(config, against, exc) from None
        yield [found]


def _no_such_baseline(config: Config, against: str, exc: SteleError) -> SteleError:
    """A name that is no release, no directory and no git revision: say which releases exist.
    One spelled as a version is K016 (a release was meant); other names keep git's code, and
    its hint when nothing is released."""
    first = exc.diagnostics[0] if exc.diagnostics else None
    if first is None or first.code not in ("K005", "K007"):
        return exc
    versions = sorted(released_versions(config), key=version_key)
    spelled_as_version = VERSION.match(against) is not None
    if not versions and not spelled_as_version:
        return exc
    other = (
        "a directory, or run stele in a git checkout"
        if first.code == "K007"
        else "a git revision or a directory"
    )
    known = (
        f"releases: {', '.join(versions)}; or {other}"
        if versions
        else f"nothing is released in {config.baseline}/{RELEASES}/ yet (`stele release "
        f"VERSION`); name {other}"
    )
    if spelled_as_version:
        return against_error(
            "K016", f"'{against}' is no release of this project, and no git revision", known
        )
    return against_error(first.code, first.message, known)


def directory_baseline(config: Config, directory: Path) -> Baseline:
    label = f"directory {directory.as_posix()}"
    shown = directory.as_posix().rstrip("/") + "/"
    base = confined_config(directory, config, label, shown)
    sources = [base.root / s for s in base.sources]
    if not any(p.exists() for p in sources):
        raise against_error(
            "K002",
            f"'{directory.as_posix()}' holds no contract project",
            f"expected {', '.join(base.sources)} under it",
        )
    prefix = shown
    with contextlib.suppress(ValueError):
        prefix = directory.resolve().relative_to(config.root.resolve()).as_posix() + "/"
    return Baseline(label, base, prefix)


# ---------------------------------------------------------------------------------------------
# Git
# ---------------------------------------------------------------------------------------------


def git_baseline(config: Config, revision: str, target: Path) -> Baseline:
    """Write the project's inputs as they were at `revision` under `target`: the revision's own
    stele.yaml first, then the sources and the lock it names, all from the revision's tree."""
    commit = verify_revision(config.root, revision)
    label, shown = f"git {revision}", f"{revision}:"
    tree = _GitTree(config.root, commit, label, shown)
    tree.write([CONFIG_NAME], target)
    base = confined_config(target, config, label, shown)
    names = tree.write([base.lock, *base.sources], target)
    if not any(n.startswith(tuple(s.rstrip("/") for s in base.sources)) for n in names):
        raise against_error(
            "K003",
            f"revision '{revision}' has no contracts under {', '.join(base.sources)}",
            "choose a revision that has the contract project",
        )
    return Baseline(label, base, "")


@dataclass(frozen=True)
class _GitTree:
    """The files of one commit, read with `git ls-tree` and `git cat-file` only."""

    root: Path
    commit: str
    label: str
    shown: str  # "HEAD:", the prefix of a path at the revision in diagnostics

    def write(self, wanted: list[str], target: Path) -> list[str]:
        """Write the blobs under `wanted` below `target`; their paths. A symbolic link (mode
        120000) is refused: written as a link it could lead anywhere on the host."""
        listing = _git(self.root, ["ls-tree", "-r", "-z", "-l", self.commit, "--", *wanted])
        written: list[str] = []
        for entry in listing.split(b"\0"):
            meta, _, raw = entry.partition(b"\t")
            if not raw:
                continue
            mode, kind, obj, size = meta.decode("ascii").split()
            name = raw.decode("utf-8", "surrogateescape")
            if kind != "blob":
                continue  # a submodule holds nothing of this project
            self._check(name, mode, int(size))
            path = target / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_git(self.root, ["cat-file", "blob", obj]))
            written.append(name)
        return written

    def _check(self, name: str, mode: str, size: int) -> None:
        where = Span(f"{self.shown}{name}", 1, 1)
        if mode == _SYMLINK_MODE:
            raise SteleError([link_error(self.shown, name, self.label, "a symbolic link")])
        if not written_inside(name) or {".", "..", ".git"} & set(name.split("/")):
            message = f"baseline {self.label}: the tree names '{name}', outside the baseline"
            raise SteleError([error("K008", message, where, "repair the repository")])
        if size > MAX_BLOB_BYTES:
            message = f"baseline {self.label}: '{name}' is larger than {_size(MAX_BLOB_BYTES)}"
            raise SteleError([error("K013", message, where, "contract files are small text")])


def _size(count: int) -> str:
    mib = 1024 * 1024
    return f"{count // mib} MiB" if count % mib == 0 else f"{count} bytes"


def verify_revision(root: Path, revision: str) -> str:
    """The commit a revision names, or a usage error. Never lets the revision become an option."""
    if revision.startswith("-") or not _REVISION.match(revision) or ".." in revision:
        raise against_error("K004", f"'{revision}' is not a valid git revision")
    if "/" in revision or revision.replace("-", "").isalnum():
        # Branch-like names must also be well-formed ref names.
        ok = subprocess.run(
            ["git", "check-ref-format", "--allow-onelevel", revision],
            cwd=root,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
        if ok.returncode != 0:
            raise against_error("K004", f"'{revision}' is not a valid git revision")
    if not _in_repository(root):
        raise against_error(
            "K007",
            f"'{revision}' is no released version and no directory, and the project is not in "
            "a git repository",
            "pass a released version or a directory, or run stele in a git checkout",
        )
    try:
        out = _git(
            root, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"]
        )
    except SteleError:
        raise against_error(
            "K005",
            f"unknown git revision '{revision}'",
            "use a branch, tag or commit of this repository, a directory, or a released version",
        ) from None
    return out.decode("ascii").strip()


def _in_repository(root: Path) -> bool:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--git-dir"],
            cwd=root,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise against_error("K006", f"cannot run git: {exc}") from None
    return done.returncode == 0


def _git(root: Path, args: list[str]) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise against_error("K006", f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise against_error(
            "K006", f"git {args[0]} failed: {message[-1] if message else done.returncode}"
        )
    return done.stdout
