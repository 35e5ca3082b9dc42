"""Reading the `info:` (C010) and `protobuf:` (C011) sections of stele.yaml.

info:
  title: Food delivery
  version: 1.2.0            # default: the newest release in <baseline>/releases, else 0.0.0
  description: Orders, kitchens and deliveries.
  contact: {name: Platform team, url: https://example.com/platform, email: platform@example.com}
  license: {name: Apache 2.0, identifier: Apache-2.0}
  servers:
    production: {url: https://api.example.com/v1, description: Public API}
    events: {url: kafka://kafka.example.com:9092}
protobuf:
  managed: true             # buf's managed-mode defaults (java_package: com.<package>, ...)
  file_options:             # every package; {package}, {package_path}, {package_last}, ...
    go_package: "example.com/gen/{package_path};{package_last}"
  packages:
    food.order: {java_outer_classname: OrderProtos}
"""

from __future__ import annotations

import dataclasses
import re

from stele.config import Config
from stele.diagnostics import did_you_mean
from stele.project_info import (
    BOOL_OPTIONS,
    FILE_OPTIONS,
    FROM_CONFIG,
    FROM_DEFAULT,
    FROM_RELEASE,
    OPTIMIZE_MODES,
    PLACEHOLDERS,
    Contact,
    License,
    OptionValue,
    ProjectInfo,
    ProtoFileOptions,
    Server,
    newest_release,
)
from stele.source.reader import CONTROL, Reader
from stele.source.yaml_nodes import YNode, YScalar

INFO_KEYS = ("title", "version", "description", "contact", "license", "servers")
CONTACT_KEYS = ("name", "url", "email")
LICENSE_KEYS = ("name", "identifier", "url")
SERVER_KEYS = ("url", "description")
PROTOBUF_KEYS = ("managed", "file_options", "packages")

_SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s/?#]+[^\s]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# AsyncAPI 3.0's pattern for the keys of `servers` (and a sane one for OpenAPI's descriptions).
_SERVER_NAME = re.compile(r"^[A-Za-z0-9_\-]+$")
_PACKAGE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# What an option's value looks like once the placeholders are filled (checked on a sample).
_SHAPES = {
    "java_package": (r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$", "com.example.order"),
    "java_outer_classname": (r"^[A-Za-z_][A-Za-z0-9_]*$", "OrderProto"),
    "csharp_namespace": (r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$", "Food.Order"),
    "objc_class_prefix": (r"^[A-Za-z][A-Za-z0-9]*$", "FOX"),
    "swift_prefix": (r"^[A-Za-z_][A-Za-z0-9_]*$", "FO"),
    "php_namespace": (r"^[A-Za-z_][A-Za-z0-9_]*(\\[A-Za-z_][A-Za-z0-9_]*)*$", "Food\\Order"),
    "ruby_package": (r"^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$", "Food::Order"),
    "go_package": (r"^[^\s;\"\\]+(;[A-Za-z_][A-Za-z0-9_]*)?$", "example.com/gen/food/order;order"),
}
_SAMPLE = {
    "package": "food.order",
    "package_path": "food/order",
    "package_last": "order",
    "package_pascal": "FoodOrder",
}


def with_release_version(config: Config) -> Config:
    """`config` with `info.version`, when stele.yaml sets none, the newest release's (read once
    the paths are known to be inside the project)."""
    info = config.options.info
    if info.version_from != FROM_DEFAULT:
        return config
    version = newest_release(config.baseline_path)
    if version is None:
        return config
    info = dataclasses.replace(info, version=version, version_from=FROM_RELEASE)
    return dataclasses.replace(config, options=dataclasses.replace(config.options, info=info))


def read_info(reader: Reader, node: YNode | None) -> ProjectInfo:
    """The `info:` section; without a version, `with_release_version` fills it in."""
    body = reader.mapping(node, "info")
    if body is not None:
        reader.keys(body, "info", INFO_KEYS)
    get = body.get if body is not None else (lambda _: None)
    version = _version(reader, get("version"))
    defaults = ProjectInfo()
    return ProjectInfo(
        title=_text(reader, get("title"), "info.title") or defaults.title,
        version=version or defaults.version,
        description=reader.text(get("description"), "info.description").strip(),
        contact=_contact(reader, get("contact")),
        license=_license(reader, get("license")),
        servers=_servers(reader, get("servers")),
        version_from=FROM_CONFIG if version else FROM_DEFAULT,
    )


def _text(reader: Reader, node: YNode | None, what: str) -> str:
    text = reader.text(node, what).strip()
    if node is not None and not text and isinstance(node, YScalar) and node.value is not None:
        reader.report("C010", f"{what} is empty", node, "write a text, or leave the key out")
    return text


def _version(reader: Reader, node: YNode | None) -> str | None:
    text = reader.string(node, "info.version")
    if text is None or node is None:
        return None
    if not _SEMVER.match(text):
        reader.report(
            "C010",
            f"info.version '{text}' is not a semantic version",
            node,
            "write MAJOR.MINOR.PATCH such as 1.2.0 (quoted), or leave it out to use the last "
            "release",
        )
        return None
    return text


def _url(reader: Reader, node: YNode | None, what: str) -> str:
    text = reader.string(node, what)
    if text is None or node is None:
        return ""
    if not _URL.match(text) or CONTROL.search(text):
        reader.report("C010", f"{what} '{text}' is not an absolute URL", node, "write https://...")
        return ""
    return text


def _contact(reader: Reader, node: YNode | None) -> Contact | None:
    body = reader.mapping(node, "info.contact")
    if body is None:
        return None
    reader.keys(body, "info.contact", CONTACT_KEYS)
    email = reader.string(body.get("email"), "info.contact.email") or ""
    email_node = body.get("email")
    if email and not _EMAIL.match(email) and email_node is not None:
        reader.report(
            "C010",
            f"info.contact.email '{email}' is not an e-mail address",
            email_node,
            "write name@example.com",
        )
        email = ""
    return Contact(
        name=_text(reader, body.get("name"), "info.contact.name"),
        url=_url(reader, body.get("url"), "info.contact.url"),
        email=email,
    )


def _license(reader: Reader, node: YNode | None) -> License | None:
    body = reader.mapping(node, "info.license")
    if body is None:
        return None
    if not reader.keys(body, "info.license", LICENSE_KEYS, required=("name",)):
        return None
    identifier_node, url_node = body.get("identifier"), body.get("url")
    if identifier_node is not None and url_node is not None:
        reader.report(
            "C010",
            "info.license takes an identifier or a url, not both (OpenAPI 3.1)",
            url_node,
            "keep the SPDX identifier, such as Apache-2.0, and drop the url",
        )
        url_node = None
    return License(
        name=_text(reader, body.get("name"), "info.license.name"),
        identifier=reader.string(identifier_node, "info.license.identifier") or "",
        url=_url(reader, url_node, "info.license.url"),
    )


def _servers(reader: Reader, node: YNode | None) -> tuple[Server, ...]:
    body = reader.mapping(node, "info.servers")
    out: list[Server] = []
    for key, value in body.items if body else ():
        name = str(key.value)
        if not _SERVER_NAME.match(name):
            reader.report(
                "C010",
                f"server name '{name}' has characters other than letters, digits, _ and -",
                key,
                "name it like production or eu-west",
            )
            continue
        entry = reader.mapping(value, f"server '{name}'")
        if entry is None or not reader.keys(
            entry, f"server '{name}'", SERVER_KEYS, required=("url",)
        ):
            continue
        url_node = entry.get("url")
        url = reader.string(url_node, f"server '{name}' url")
        if url is None or url_node is None:
            continue
        if not (url.startswith("/") or _URL.match(url)) or CONTROL.search(url) or "{" in url:
            reader.report(
                "C010",
                f"server '{name}' url '{url}' is not an absolute URL or a path",
                url_node,
                "write https://api.example.com/v1 (OpenAPI), kafka://broker:9092 (AsyncAPI) or "
                "/api; variables such as {region} are not supported",
            )
            continue
        description = reader.text(entry.get("description"), f"server '{name}' description")
        out.append(Server(name, url, description.strip()))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# protobuf:
# ---------------------------------------------------------------------------------------------


def read_protobuf(reader: Reader, node: YNode | None) -> ProtoFileOptions:
    body = reader.mapping(node, "protobuf")
    if body is None:
        return ProtoFileOptions()
    reader.keys(body, "protobuf", PROTOBUF_KEYS)
    managed = reader.boolean(body.get("managed"), "protobuf.managed")
    defaults = _file_options(reader, body.get("file_options"), "protobuf.file_options")
    packages: list[tuple[str, tuple[tuple[str, OptionValue], ...]]] = []
    spans: list[tuple[str, tuple[int, int]]] = []
    section = reader.mapping(body.get("packages"), "protobuf.packages")
    for key, value in section.items if section else ():
        package = str(key.value)
        if not _PACKAGE.match(package):
            reader.report(
                "C011",
                f"protobuf.packages: '{package}' is not a package name",
                key,
                "write a contract package such as food.order",
            )
            continue
        packages.append((package, _file_options(reader, value, f"protobuf.packages.{package}")))
        spans.append((package, (key.span.line, key.span.column)))
    assert node is not None
    start = (node.span.line, node.span.column)
    return ProtoFileOptions(bool(managed), defaults, tuple(packages), tuple(spans), start)


def _file_options(
    reader: Reader, node: YNode | None, what: str
) -> tuple[tuple[str, OptionValue], ...]:
    body = reader.mapping(node, what)
    out: list[tuple[str, OptionValue]] = []
    for key, value in body.items if body else ():
        name = str(key.value)
        if name not in FILE_OPTIONS:
            hint = did_you_mean(name, FILE_OPTIONS) or f"file options: {', '.join(FILE_OPTIONS)}"
            reader.report("C011", f"'{name}' is not a Protobuf file option stele writes", key, hint)
            continue
        parsed = _option_value(reader, name, value, f"{what}.{name}")
        if parsed is not None:
            out.append((name, parsed))
    return tuple(sorted(out))


def _option_value(reader: Reader, name: str, node: YNode, what: str) -> OptionValue | None:
    if name in BOOL_OPTIONS:
        if not (isinstance(node, YScalar) and isinstance(node.value, bool)):
            reader.report("C011", f"{what} must be true or false", node, f"write {name}: true")
            return None
        return node.value
    if name == "optimize_for":
        mode = node.value if isinstance(node, YScalar) else None
        if mode not in OPTIMIZE_MODES:
            modes = ", ".join(OPTIMIZE_MODES)
            reader.report("C011", f"{what} must be one of {modes}", node, "write SPEED")
            return None
        assert isinstance(mode, str)
        return mode
    text = node.value if isinstance(node, YScalar) else None
    if not isinstance(text, str) or not text or CONTROL.search(text):
        reader.report("C011", f"{what} must be a non-empty text", node, "quote the value")
        return None
    unknown = [p for p in _PLACEHOLDER.findall(text) if p not in PLACEHOLDERS]
    if unknown:
        reader.report(
            "C011",
            f"{what}: unknown placeholder {{{unknown[0]}}}",
            node,
            "placeholders: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
        )
        return None
    pattern, example = _SHAPES[name]
    if not re.match(pattern, fill(text, _SAMPLE)):
        reader.report(
            "C011",
            f"{what} '{text}' does not look like a {name} (for food.order it would be "
            f"'{fill(text, _SAMPLE)}')",
            node,
            f"write something like {name}: {example}",
        )
        return None
    return text


def fill(template: str, values: dict[str, str]) -> str:
    """`template` with each {placeholder} replaced by its value."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
