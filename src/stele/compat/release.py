"""`stele release VERSION`: freeze the project's inputs as a released snapshot.

A release is a copy of what it takes to regenerate that version, at the project-relative paths:
`stele.yaml`, every contract source, the lock and the size baseline (`compat/sizes.json`, which
the release measures and writes beside it), under `compat/releases/<VERSION>/`. `stele check`
compares against the newest release by default and against every release with `--transitive`,
so CI needs no git history.

Versions follow semantic versioning against the releases (stele.semver): a new version
is above the newest release (K014), and the bump from the newest stable release covers the
changes since it (K015), judged as `stele check --against <that release>` judges them under the
project's `compat:` modes, acknowledgements and rule overrides included: a break needs a major
bump (a minor one before 1.0.0), any other contract change a minor one (a patch before 1.0.0),
documentation and examples a patch. Pre-releases promise nothing (semver item 9): a change is
measured from the newest stable release, never from a pre-release.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import click

from stele.baseline import released_versions, releases_dir, usage_error
from stele.compat.check_run import run_check
from stele.compat.contract.diff import diff_projects
from stele.compat.settings import mode_map
from stele.config import CONFIG_NAME, Config
from stele.diagnostics import Severity
from stele.encode import Codecs
from stele.generate import write_text_atomic
from stele.run_lock import run_lock
from stele.semver import Bump, Version, needed_bump
from stele.sizes.baseline import dump_baseline
from stele.sizes.measure import collect_samples, measure
from stele.sizes.reference import SampleSettings
from stele.source.loader import discover
from stele.source.write_paths import option_target
from stele.transaction import Change, commit, recover
from stele.workspace import open_workspace

SIZES = "sizes.json"
FIRST = Version(1, 0, 0)  # proposed when nothing is released yet
SHOWN = 3  # breaking findings and changes a message names


@dataclass(frozen=True)
class Judgement:
    """What the changes since the newest stable release need."""

    newest: Version | None = None  # the newest release, pre-releases included
    stable: Version | None = None  # the newest stable release: what the bump is measured from
    needed: Bump = Bump.NONE
    mode: str = ""  # the modes the breaks were judged under, as check names them
    breaks: list[str] = field(default_factory=list)  # "path:line:col rule element (fmt dir)"
    changes: list[str] = field(default_factory=list)  # "kind element"

    @property
    def proposed(self) -> Version:
        """The smallest version above the newest release that the changes allow."""
        if self.stable is None:
            return self.newest.release if self.newest is not None else FIRST
        candidate = self.stable.bumped(self.needed)
        if self.newest is not None and candidate.key() <= self.newest.key():
            return self.newest.release
        return candidate

    def why(self) -> str:
        """Why the changes need what they need, in one sentence."""
        if self.newest is None:
            return "the first release"
        if self.stable is None:
            return f"no stable release yet ({self.newest} is a pre-release): any higher version"
        if self.breaks:
            first = "; ".join(self.breaks[:SHOWN])
            more = f" and {len(self.breaks) - SHOWN} more" if len(self.breaks) > SHOWN else ""
            return (
                f"{_count(len(self.breaks), 'breaking finding')} against {self.stable} under "
                f"{self.mode}: {first}{more}"
            )
        if self.changes:
            first = "; ".join(self.changes[:SHOWN])
            more = f" and {len(self.changes) - SHOWN} more" if len(self.changes) > SHOWN else ""
            return (
                f"{_count(len(self.changes), 'compatible contract change')} since "
                f"{self.stable}, no break: {first}{more}"
            )
        return f"no contract change since {self.stable} (documentation and examples only)"


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def judge(config: Config) -> Judgement:
    """Judge the working tree against the newest stable release, as `stele check` does."""
    versions = [v for v in map(Version.parse, released_versions(config)) if v is not None]
    newest = versions[0] if versions else None
    stable = next((v for v in versions if v.stable), None)
    if stable is None:
        return Judgement(newest)
    modes = mode_map(config)
    run = run_check(config, str(stable), modes, verify=True)
    report = run.baselines[0]
    breaks = [
        f"{pf.finding.new or pf.finding.old} {pf.finding.rule} {pf.element or pf.finding.subject}"
        f" ({pf.finding.format} {pf.finding.direction.value})"
        for pf in report.findings
        if pf.severity is Severity.ERROR
    ]
    changes = [
        f"{c.kind} {c.element}"
        for c in diff_projects(report.old.workspace.project, report.new.workspace.project)
    ]
    mode = f"mode {modes.project.value.lower()}"
    if modes.overridden:
        mode += f" ({modes.describe()})"
    return Judgement(
        newest, stable, needed_bump(stable, bool(breaks), bool(changes)), mode, breaks, changes
    )


def check_version(config: Config, version: str) -> Judgement:
    """The judgement of the changes, once `version` is known to be a version they allow:
    K010 (no semantic version), K011 (released), K014 (not above the newest release), K015
    (a bump smaller than the changes need)."""
    chosen = Version.parse(version)
    if chosen is None:
        raise usage_error(
            "K010",
            f"'{version}' is not a release version",
            "use semantic versioning: MAJOR.MINOR.PATCH, e.g. 1.2.0, or 1.2.0-rc.1 for a "
            "pre-release",
        )
    if version in released_versions(config):
        raise usage_error(
            "K011",
            f"version {version} is already released",
            "releases are immutable: choose a new version (`stele release --next` proposes one)",
        )
    found = judge(config)
    if found.newest is not None and chosen.key() <= found.newest.key():
        raise usage_error(
            "K014",
            f"version {version} is not above the last release, {found.newest}: versions only go up",
            f"release {found.proposed} (what `stele release --next` proposes) or a later version",
        )
    if found.stable is not None and found.stable.bump_to(chosen) < found.needed:
        actual = found.stable.bump_to(chosen)
        raise usage_error(
            "K015",
            f"version {version} is a {actual.word} release after {found.stable}, but the "
            f"changes need a {found.needed.word} release: {found.why()}",
            f"release {found.proposed} (`stele release --next`)"
            + (
                ", or acknowledge each break at its element (`acknowledge: [{rule: ..., "
                "reason: ...}]`, docs/language.md) when its consumers are ready for it"
                if found.breaks
                else ""
            ),
        )
    return found


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


@dataclass(frozen=True)
class Released:
    target: Path  # compat/releases/<version>/
    files: list[str]  # the files frozen, project-relative
    judgement: Judgement
    sizes: str  # the size baseline written, project-relative


def release(config: Config, version: str) -> Released:
    """Judge `version` against the releases, measure and write the size baseline, then write
    the snapshot of `version`.

    Under the project run lock. The snapshot is one transaction: all files or none, never over
    an existing folder, recovered by the next writing run when killed (stele.transaction); the
    size baseline is measured before it and written after it, atomically (a failure there
    leaves the release, which holds the same file: `stele sizes --update-baseline` repeats it).
    A refused version writes nothing.
    """
    sizes_path = config.baseline_path / SIZES
    sizes_shown = f"{config.baseline}/{SIZES}"
    with run_lock(config.root, f"stele release {version}"):
        warnings = recover(config)
        found = check_version(config, version)
        target, ws_files = _release_locked(config, version)
        option_target(config.root, sizes_path, "baseline", sizes_shown)
        text = size_baseline(config)
        files = {**ws_files, sizes_shown: text.encode("utf-8")}
        files = dict(sorted(files.items()))
        warnings += commit(config, Change(tree=target, files=files, replace=False), "stele release")
        sizes_path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(sizes_path, text)
    for d in warnings:
        click.echo(d.render(), err=True)
    return Released(target, list(files), found, sizes_shown)


def size_baseline(config: Config) -> str:
    """The size baseline of the working tree, as `stele sizes --update-baseline` writes it:
    the default samples, no timings."""
    ws = open_workspace(config)
    settings = SampleSettings()
    codecs = Codecs.from_workspace(ws, registry_framing=settings.registry_framing)
    samples = collect_samples(
        ws.project, settings.generate, settings.seed, settings.shape, settings.include_types
    )
    return dump_baseline(measure(codecs, samples, None))


def _release_locked(config: Config, version: str) -> tuple[Path, dict[str, bytes]]:
    ws = open_workspace(config)  # refuses contracts with errors
    if ws.lock_changed:
        raise usage_error(
            "K012",
            f"{config.lock} is out of date",
            "run `stele lock` (or `stele generate`) and commit the lock before releasing",
        )
    return releases_dir(config) / version, release_files(config)
