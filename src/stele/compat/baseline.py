"""Baselines for `stele check --against`: a released snapshot, a directory, or a git revision.

Every baseline becomes the same thing: a directory holding a project's inputs at their
project-relative paths (`stele.yaml`, the contract sources, the lock), opened like any project.
A release already is one (`compat/releases/<VERSION>/`); a git revision is materialized into a
temporary directory with `git cat-file`, run without a shell on a validated revision.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from stele.config import CONFIG_NAME, Config
from stele.diagnostics import SteleError, error
from stele.ir import Span

RELEASES = "releases"
VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$")
# What a revision may look like: names, hashes, `HEAD~2`, `main^`, `@{upstream}`.
_REVISION = re.compile(r"^[A-Za-z0-9_.@{}~^/+-]{1,200}$")
_GIT_TIMEOUT = 30


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


def usage_error(code: str, message: str, hint: str = "") -> SteleError:
    return SteleError([error(code, message, Span("stele.yaml", 1, 1), hint)])


# ---------------------------------------------------------------------------------------------
# Releases
# ---------------------------------------------------------------------------------------------


def version_key(version: str) -> tuple[int, int, int, int, str]:
    match = VERSION.match(version)
    if match is None:
        raise ValueError(version)
    major, minor, patch, pre = match.groups()
    # A pre-release sorts before its release.
    return (int(major), int(minor), int(patch), 0 if pre else 1, pre or "")


def releases_dir(config: Config) -> Path:
    return config.baseline_path / RELEASES


def released_versions(config: Config) -> list[str]:
    """Released versions, newest first."""
    folder = releases_dir(config)
    if not folder.is_dir():
        return []
    versions = [p.name for p in folder.iterdir() if p.is_dir() and VERSION.match(p.name)]
    return sorted(versions, key=version_key, reverse=True)


def release_baseline(config: Config, version: str) -> Baseline:
    root = releases_dir(config) / version
    shown = f"{config.baseline}/{RELEASES}/{version}/"
    return Baseline(version, project_config(root, config), shown, release=True)


def project_config(root: Path, current: Config) -> Config:
    """The configuration of the project stored under `root`: its own stele.yaml, or the current
    project's settings rooted there."""
    from stele.source.config_reader import read_config

    stored = root / CONFIG_NAME
    if stored.is_file():
        return read_config(stored)
    return dataclasses.replace(current, root=root.resolve())


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
        raise usage_error("K001", f"'{against}' is not a baseline", "name a revision or a path")
    if against in released_versions(config):
        yield [release_baseline(config, against)]
        return
    directory = Path(against)
    if directory.is_dir():
        yield [directory_baseline(config, directory)]
        return
    with tempfile.TemporaryDirectory(prefix="stele-baseline-") as tmp:
        yield [git_baseline(config, against, Path(tmp))]


def directory_baseline(config: Config, directory: Path) -> Baseline:
    base = project_config(directory, config)
    sources = [base.root / s for s in base.sources]
    if not any(p.exists() for p in sources):
        raise usage_error(
            "K002",
            f"'{directory.as_posix()}' holds no contract project",
            f"expected {', '.join(base.sources)} under it",
        )
    prefix = directory.as_posix().rstrip("/") + "/"
    with contextlib.suppress(ValueError):
        prefix = directory.resolve().relative_to(config.root.resolve()).as_posix() + "/"
    return Baseline(f"directory {directory.as_posix()}", base, prefix)


# ---------------------------------------------------------------------------------------------
# Git
# ---------------------------------------------------------------------------------------------


def git_baseline(config: Config, revision: str, target: Path) -> Baseline:
    """Write the project's inputs as they were at `revision` under `target`."""
    commit = verify_revision(config.root, revision)
    wanted = [CONFIG_NAME, config.lock, *config.sources]
    listing = _git(config.root, ["ls-tree", "-r", "-z", "--name-only", commit, "--", *wanted])
    names = [n for n in listing.decode("utf-8").split("\0") if n]
    if not any(n.startswith(tuple(s.rstrip("/") for s in config.sources)) for n in names):
        raise usage_error(
            "K003",
            f"revision '{revision}' has no contracts under {', '.join(config.sources)}",
            "choose a revision that has the contract project",
        )
    for name in names:
        data = _git(config.root, ["cat-file", "blob", f"{commit}:./{name}"])
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return Baseline(f"git {revision}", project_config(target, config), "")


def verify_revision(root: Path, revision: str) -> str:
    """The commit a revision names, or a usage error. Never lets the revision become an option."""
    if revision.startswith("-") or not _REVISION.match(revision) or ".." in revision:
        raise usage_error("K004", f"'{revision}' is not a valid git revision")
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
            raise usage_error("K004", f"'{revision}' is not a valid git revision")
    try:
        out = _git(
            root, ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"]
        )
    except SteleError:
        raise usage_error(
            "K005",
            f"unknown git revision '{revision}'",
            "use a branch, tag or commit of this repository, a directory, or a released version",
        ) from None
    return out.decode("ascii").strip()


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
        raise usage_error("K006", f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise usage_error(
            "K006", f"git {args[0]} failed: {message[-1] if message else done.returncode}"
        )
    return done.stdout
