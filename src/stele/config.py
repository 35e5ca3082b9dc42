"""The project configuration, `stele.yaml`."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from stele.config_keys import default_flag, default_text, default_texts
from stele.ir import Span
from stele.project_info import ProjectInfo, ProtoFileOptions

CONFIG_NAME = "stele.yaml"
CONFIG_SPAN = Span(CONFIG_NAME, 1, 1)


class ContentModel(StrEnum):
    OPEN = "open"  # JSON objects accept unknown properties (the default)
    CLOSED = "closed"  # additionalProperties: false


DEFAULT_CONTENT_MODEL = ContentModel(default_text("options.json_content_model"))


@dataclass(frozen=True)
class Options:
    """Options that change generated artifacts (their keys and defaults: stele.config_keys)."""

    json_content_model: ContentModel = DEFAULT_CONTENT_MODEL
    int64_as_string: bool = default_flag("options.int64_as_string")
    # Base URI of the JSON Schema `$id`s.
    schema_base_uri: str = default_text("options.schema_base_uri")
    # Which formats `generate` writes.
    formats: tuple[str, ...] = default_texts("options.formats")
    # The `info:` and `protobuf:` sections (stele.project_info).
    info: ProjectInfo = field(default_factory=ProjectInfo)
    protobuf: ProtoFileOptions = field(default_factory=ProtoFileOptions)


@dataclass(frozen=True)
class Config:
    root: Path
    sources: tuple[str, ...] = default_texts("sources")
    output: str = default_text("output")
    baseline: str = default_text("baseline")
    lock: str = default_text("lock")
    options: Options = Options()
    # Sections owned by later commands (budgets, policies, ...), kept raw until they are read.
    extra: dict[str, object] = field(default_factory=dict)
    span: Span = CONFIG_SPAN

    @property
    def lock_path(self) -> Path:
        return self.root / self.lock

    @property
    def output_path(self) -> Path:
        return self.root / self.output

    @property
    def baseline_path(self) -> Path:
        return self.root / self.baseline
