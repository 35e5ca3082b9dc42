"""What stele.yaml says about the project as a product: the `info:` section (title, version,
description, contact, license, servers) for the OpenAPI and AsyncAPI `info` objects, and the
`protobuf:` section (file options per package) for the `.proto` files.

Plain data, read by stele.source.config_sections and carried in `Options`, so every emitter sees
it and the artifact cache keys on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from stele import semver

DEFAULT_TITLE = "Contract services"
# The folder of released snapshots under the project's baseline folder.
RELEASES = "releases"
DEFAULT_VERSION = "0.0.0"

# Where `info.version` came from: stele.yaml, the newest release in the baseline, or neither.
FROM_CONFIG, FROM_RELEASE, FROM_DEFAULT = "stele.yaml", "release", "default"


@dataclass(frozen=True)
class Contact:
    name: str = ""
    url: str = ""
    email: str = ""


@dataclass(frozen=True)
class License:
    name: str
    identifier: str = ""  # an SPDX expression (OpenAPI 3.1); exclusive with url
    url: str = ""


@dataclass(frozen=True)
class Server:
    """A server by name: an http(s) or relative URL serves the OpenAPI document, any other
    scheme (kafka://, amqp://, mqtt://, nats://, ...) is a broker of the AsyncAPI documents."""

    name: str
    url: str
    description: str = ""

    @property
    def is_http(self) -> bool:
        return self.url.startswith(("http://", "https://", "/"))

    @property
    def protocol(self) -> str:
        return self.url.split("://", 1)[0] if "://" in self.url else "http"

    @property
    def host(self) -> str:
        rest = self.url.split("://", 1)[-1]
        return rest.split("/", 1)[0]

    @property
    def pathname(self) -> str:
        rest = self.url.split("://", 1)[-1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else ""


@dataclass(frozen=True)
class ProjectInfo:
    title: str = DEFAULT_TITLE
    version: str = DEFAULT_VERSION
    description: str = ""
    contact: Contact | None = None
    license: License | None = None
    servers: tuple[Server, ...] = ()
    version_from: str = FROM_DEFAULT

    @property
    def http_servers(self) -> tuple[Server, ...]:
        return tuple(s for s in self.servers if s.is_http)

    @property
    def broker_servers(self) -> tuple[Server, ...]:
        return tuple(s for s in self.servers if not s.is_http)


# ---------------------------------------------------------------------------------------------
# Protobuf file options
# ---------------------------------------------------------------------------------------------

# The file options stele writes, with the kind of value each takes.
STRING_OPTIONS = (
    "csharp_namespace",
    "go_package",
    "java_outer_classname",
    "java_package",
    "objc_class_prefix",
    "php_namespace",
    "ruby_package",
    "swift_prefix",
)
BOOL_OPTIONS = ("java_multiple_files",)
OPTIMIZE_MODES = ("SPEED", "CODE_SIZE", "LITE_RUNTIME")
FILE_OPTIONS = tuple(sorted((*STRING_OPTIONS, *BOOL_OPTIONS, "optimize_for")))
# Placeholders of an option's template, e.g. go_package: "example.com/gen/{package_path}".
PLACEHOLDERS = ("package", "package_path", "package_last", "package_pascal")

OptionValue = str | bool


@dataclass(frozen=True)
class ProtoFileOptions:
    """`protobuf: {managed, file_options, packages}` of stele.yaml."""

    managed: bool = False  # buf's managed-mode defaults for the options that have one
    defaults: tuple[tuple[str, OptionValue], ...] = ()  # every package (templates)
    packages: tuple[tuple[str, tuple[tuple[str, OptionValue], ...]], ...] = ()
    # Where each package entry is written, for the error when no contract has the package, and
    # where the section is (line, column), for a change of options between two versions.
    package_spans: tuple[tuple[str, tuple[int, int]], ...] = field(default=(), compare=False)
    section_span: tuple[int, int] = field(default=(1, 1), compare=False)

    @property
    def empty(self) -> bool:
        return not (self.managed or self.defaults or self.packages)


def newest_release(baseline: Path) -> str | None:
    """The newest released version under `baseline/releases/`, or None."""
    folder = baseline / RELEASES
    if not folder.is_dir():
        return None
    versions = [p.name for p in folder.iterdir() if p.is_dir() and semver.VERSION.match(p.name)]
    return max(versions, key=semver.version_key) if versions else None
