"""The sizes of a reference to compare with (`stele sizes --against REF`).

REF is, in this order: a size baseline file (`compat/sizes.json`), a directory holding one
(`sizes.json` without a contract project), or anything `stele check --against` accepts (a
released version, a directory with a project, a git revision), resolved by
`stele.baseline`. A project is measured with the same samples settings as the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stele.baseline import resolve
from stele.config import CONFIG_NAME, Config
from stele.encode import DEFAULT_SHAPE, Codecs, Shape
from stele.sizes.baseline import BASELINE_NAME, is_baseline_file, load_baseline
from stele.sizes.measure import collect_samples, measure
from stele.sizes.model import SizeTable
from stele.workspace import open_workspace


@dataclass(frozen=True)
class SampleSettings:
    """What decides the samples: two measurements compare only with equal settings."""

    generate: int = 0
    seed: int = 0
    shape: Shape = DEFAULT_SHAPE
    include_types: bool = False
    registry_framing: bool = False


@dataclass(frozen=True)
class Reference:
    label: str
    sizes: SizeTable


def resolve_sizes(config: Config, against: str, settings: SampleSettings) -> Reference:
    path = Path(against)
    if path.is_file():
        return Reference(f"baseline {against}", load_baseline(path, against))
    stored = path / BASELINE_NAME
    if path.is_dir() and not (path / CONFIG_NAME).is_file() and is_baseline_file(stored):
        return Reference(f"baseline {stored.as_posix()}", load_baseline(stored, stored.as_posix()))
    with resolve(config, against, transitive=False) as baselines:
        old = baselines[0]
        return Reference(old.label, measure_project(old.config, settings))


def measure_project(config: Config, settings: SampleSettings) -> SizeTable:
    """Bytes of every sample of the project `config` describes (no timing)."""
    ws = open_workspace(config)
    codecs = Codecs.from_workspace(ws, registry_framing=settings.registry_framing)
    samples = collect_samples(
        ws.project, settings.generate, settings.seed, settings.shape, settings.include_types
    )
    return measure(codecs, samples).table()
