"""`stele release VERSION`: freeze the project's inputs as a released snapshot.

A release is a copy of what it takes to regenerate that version, at the project-relative paths:
`stele.yaml`, every contract source, the lock and the size baseline (`compat/sizes.json`, when
there is one), under `compat/releases/<VERSION>/`. `stele check` compares against the newest
release by default and against every release with `--transitive`, so CI needs no git history.
"""

from __future__ import annotations

from pathlib import Path

import click

from stele.compat.baseline import VERSION, released_versions, releases_dir, usage_error
from stele.config import CONFIG_NAME, Config
from stele.source.loader import discover

SIZES = "sizes.json"


def release_files(config: Config) -> dict[str, bytes]:
    """The files a release freezes, by path relative to the project root."""
    root = config.root
    files: dict[str, bytes] = {}
    stored_config = root / CONFIG_NAME
    if stored_config.is_file():
        files[CONFIG_NAME] = stored_config.read_bytes()
    frozen = releases_dir(config).resolve()
    for path in discover([root / s for s in config.sources], root):
        if path.resolve().is_relative_to(frozen):
            continue  # a source tree that holds the releases must not copy them into themselves
        files[path.resolve().relative_to(root.resolve()).as_posix()] = path.read_bytes()
    if config.lock_path.is_file():
        files[config.lock] = config.lock_path.read_bytes()
    sizes = config.baseline_path / SIZES
    if sizes.is_file():
        files[f"{config.baseline}/{SIZES}"] = sizes.read_bytes()
    return dict(sorted(files.items()))


def release(config: Config, version: str) -> tuple[Path, list[str]]:
    """Write the snapshot of `version`; returns its directory and the files frozen.

    Under the project run lock, as one transaction: all files or none, never over an existing
    folder, recovered by the next writing run when killed (stele.transaction).
    """
    from stele.run_lock import run_lock
    from stele.transaction import Change, commit, recover

    if not VERSION.match(version):
        raise usage_error(
            "K010",
            f"'{version}' is not a release version",
            "use semantic versioning: MAJOR.MINOR.PATCH, e.g. 1.2.0",
        )
    with run_lock(config.root, f"stele release {version}"):
        warnings = recover(config)
        target, files = _release_locked(config, version)
        warnings += commit(config, Change(tree=target, files=files, replace=False), "stele release")
    for d in warnings:
        click.echo(d.render(), err=True)
    return target, list(files)


def _release_locked(config: Config, version: str) -> tuple[Path, dict[str, bytes]]:
    from stele.workspace import open_workspace

    if version in released_versions(config):
        raise usage_error(
            "K011",
            f"version {version} is already released",
            "releases are immutable: choose a new version",
        )
    ws = open_workspace(config)  # refuses contracts with errors
    if ws.lock_changed:
        raise usage_error(
            "K012",
            f"{config.lock} is out of date",
            "run `stele lock` (or `stele generate`) and commit the lock before releasing",
        )
    return releases_dir(config) / version, release_files(config)
