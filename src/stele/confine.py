"""A baseline is read only inside its own tree.

A baseline (a release, a directory, a git revision materialized in a temporary directory) brings
its own `stele.yaml`, and in a pull request that file is foreign input: its `sources`, `lock` and
`baseline` must name paths inside the baseline's tree (K008), and no link under its sources may
lead out of it (K009). Without the check, `sources: [/etc]` or `lock: ../../.ssh/id_rsa` would be
read from the host and their contents echoed in the report.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from stele.config import CONFIG_NAME, Config
from stele.diagnostics import Diagnostic, SteleError, error
from stele.files import resolves_within, written_inside
from stele.source.config_reader import read_config
from stele.source.yaml_nodes import YMap, YNode, YSeq, parse_yaml
from stele.span import Span

CONFINED_KEYS = ("sources", "lock", "baseline")


def confined_config(root: Path, current: Config, label: str, shown: str) -> Config:
    """The configuration of the project stored under `root` (its own stele.yaml, or the current
    project's settings rooted there), refused when it names a path outside `root` or when a
    link under its sources leaves `root`. `shown` prefixes the paths in diagnostics
    (`compat/releases/1.0.0/`, `HEAD:`)."""
    stored = root / CONFIG_NAME
    if stored.is_symlink() and not resolves_within(stored, root.resolve()):
        raise SteleError([link_error(shown, CONFIG_NAME, label)])
    if stored.is_file():
        try:
            config = read_config(stored, confine_sources=False)  # K008 and K009 below
        except SteleError as exc:
            raise SteleError([_shown(d, shown) for d in exc.diagnostics]) from None
        nodes = _key_nodes(stored, f"{shown}{CONFIG_NAME}")
        config_span = Span(f"{shown}{CONFIG_NAME}", 1, 1)
    else:
        config = dataclasses.replace(current, root=root.resolve())
        nodes = {}
        config_span = current.span
    problems = [
        error(
            "K008",
            f"baseline {label}: `{key}` names '{value}', outside the baseline",
            nodes.get((key, value), config_span),
            "a baseline is read only inside its own tree: use paths relative to its stele.yaml",
        )
        for key, value in _paths(config)
        if not written_inside(value)
    ]
    if problems:
        raise SteleError(problems)
    problems = [link_error(shown, link, label) for link in _leaving_links(root, config)]
    if problems:
        raise SteleError(problems)
    return config


def _paths(config: Config) -> list[tuple[str, str]]:
    return [
        *(("sources", s) for s in config.sources),
        ("lock", config.lock),
        ("baseline", config.baseline),
    ]


def _key_nodes(stored: Path, shown: str) -> dict[tuple[str, str], Span]:
    """Where each path of CONFINED_KEYS is written in a stele.yaml that read_config accepted."""
    node = parse_yaml(stored.read_text(encoding="utf-8"), shown)
    found: dict[tuple[str, str], Span] = {}
    if not isinstance(node, YMap):
        return found
    for key in CONFINED_KEYS:
        value = node.get(key)
        items: tuple[YNode, ...] = (
            value.items if isinstance(value, YSeq) else (value,) if value else ()
        )
        for item in items:
            if not isinstance(item, YMap | YSeq):
                found.setdefault((key, str(item.value)), item.span)
    return found


def _leaving_links(root: Path, config: Config) -> list[str]:
    """Links under the sources (and the lock itself) that lead outside `root`, by their path
    relative to it. The tree is walked without following links."""
    base = root.resolve()
    candidates = [config.lock, config.baseline, *config.sources]
    for source in config.sources:
        top = root / source
        # A source folder that is a link within the baseline is walked too: the loader reads
        # what is under it. Links below it are not entered, by the loader either.
        if top.is_dir() and resolves_within(top, base):
            for folder, dirs, files in os.walk(top, followlinks=False):
                here = Path(folder).relative_to(root)
                candidates += [(here / name).as_posix() for name in dirs + files]
    leaving = set()
    for relative in candidates:
        # Every prefix: `contracts` itself may be the link that leaves.
        parts = Path(relative).parts
        for end in range(1, len(parts) + 1):
            step = Path(*parts[:end])
            if (root / step).is_symlink() and not resolves_within(root / step, base):
                leaving.add(step.as_posix())
                break
    return sorted(leaving)


def link_error(shown: str, relative: str, label: str, why: str = "") -> Diagnostic:
    """K009 at `shown + relative`: a link in a baseline that could lead out of it."""
    return error(
        "K009",
        f"baseline {label}: '{relative}' is {why or 'a link that leads outside the baseline'}",
        Span(f"{shown}{relative}", 1, 1),
        "store the file itself in the baseline, not a link to it",
    )


def _shown(d: Diagnostic, shown: str) -> Diagnostic:
    return dataclasses.replace(d, span=Span(f"{shown}{d.span.path}", d.span.line, d.span.column))
