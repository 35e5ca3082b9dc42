"""The project configuration, `stele.yaml`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from stele.config_keys import default_flag, default_text, default_texts
from stele.diagnostics import Diagnostic, SteleError, error
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


def find_config(start: Path) -> Path | None:
    """The nearest stele.yaml at or above `start`."""
    here = start.resolve()
    for d in (here, *here.parents):
        candidate = d / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(
    path: Path | None, cwd: Path | None = None, *, project_needed: bool = True
) -> Config:
    """Read `stele.yaml`; without one, the defaults apply with the current directory as root.
    Without one and without the default sources (`contracts/`) this is no project: C009 when the
    command needs one (`stele lint FILE` does not)."""
    from stele.source.config_reader import read_config

    base = (cwd or Path.cwd()).resolve()
    if path is None:
        path = find_config(base)
        if path is None:
            config = Config(root=base)
            if project_needed and not any(os.path.lexists(base / s) for s in config.sources):
                raise SteleError([_no_project()])
            from stele.source.config_sections import with_release_version

            return with_release_version(config)
        _refuse_link_out(path)
    if not path.is_file():
        raise SteleError(
            [
                error(
                    "C001",
                    f"config file '{path}' "
                    + ("is not a regular file" if path.exists() else "does not exist"),
                    Span(str(path), 1, 1),
                    "check the --config path, or create the project with `stele init`",
                )
            ]
        )
    return read_config(path)


def _no_project() -> Diagnostic:
    return error(
        "C009",
        f"no {CONFIG_NAME} found here or in a folder above: this is not a stele project",
        CONFIG_SPAN,
        "create one with `stele init`, run stele inside a project, or name one with --config",
    )


def _refuse_link_out(path: Path) -> None:
    """C001 when the stele.yaml found is a link that leads out of its folder, the project: it
    would be read, and its lines quoted in errors. One named with --config is the user's."""
    from stele.compat.confine import resolves_within

    if path.is_symlink() and not resolves_within(path, path.parent.resolve()):
        raise SteleError(
            [
                error(
                    "C001",
                    f"{CONFIG_NAME} is a symbolic link that leads outside the project; "
                    "it was not read",
                    Span(CONFIG_NAME, 1, 1),
                    "store the configuration itself in the project",
                )
            ]
        )
