"""The site of a project on disk: load it, measure it, generate its artifacts, build the pages."""

from __future__ import annotations

from stele.config import Config
from stele.encode import Codecs
from stele.generate import cached_artifacts
from stele.site.build import build_site
from stele.site.history import History
from stele.site.history_load import load_history
from stele.sizes.measure import collect_samples, measure
from stele.sizes.model import SizeReport
from stele.workspace import Workspace, open_workspace


def make_site(config: Config, *, sizes: bool = True, history: bool = True) -> dict[str, bytes]:
    ws = open_workspace(config)
    artifacts = cached_artifacts(ws, None, validate=False)
    report = measure_sizes(ws) if sizes else None
    past = release_history(config) if history else None
    return build_site(ws.project, config.options.info.title, report, artifacts, past)


def measure_sizes(ws: object) -> SizeReport:
    """The numbers `stele sizes` reports (its default samples, no timing)."""
    assert isinstance(ws, Workspace)
    return measure(Codecs.from_workspace(ws), collect_samples(ws.project), None)


def release_history(config: Config) -> History:
    return load_history(config)
