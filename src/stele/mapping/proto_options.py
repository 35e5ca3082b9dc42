"""The file options of each package's `.proto` file, from stele.yaml's `protobuf:` section.

In order of precedence: `protobuf.packages.<package>`, then `protobuf.file_options` (for every
package, with placeholders), then, with `managed: true`, the defaults of buf's managed mode for
the options that have a customary one. Nothing is written by default.
"""

from __future__ import annotations

from stele.diagnostics import Diagnostic, did_you_mean, error
from stele.ir import Span
from stele.project_info import OptionValue, ProtoFileOptions
from stele.source.config_sections import fill

CONFIG_FILE = "stele.yaml"


def pascal(word: str) -> str:
    """`order_items` -> `OrderItems`."""
    return "".join(part[:1].upper() + part[1:] for part in word.split("_") if part)


def placeholders(package: str) -> dict[str, str]:
    parts = package.split(".")
    return {
        "package": package,
        "package_path": "/".join(parts),
        "package_last": parts[-1],
        "package_pascal": "".join(pascal(p) for p in parts),
    }


def objc_prefix(package: str) -> str:
    """buf's default: the initials of the package's parts, upper-case, padded with X to three
    letters (Apple keeps two-letter prefixes); GPB, protobuf's own, becomes GPX."""
    initials = "".join(p[0] for p in package.split(".")).upper()
    prefix = initials + "X" * max(0, 3 - len(initials))
    return "GPX" if prefix == "GPB" else prefix


def managed_defaults(package: str) -> dict[str, OptionValue]:
    """buf's managed-mode defaults (go_package has none without a prefix: set it yourself)."""
    parts = package.split(".")
    names = [pascal(p) for p in parts]
    return {
        "csharp_namespace": ".".join(names),
        "java_multiple_files": True,
        "java_outer_classname": f"{pascal(parts[-1])}Proto",
        "java_package": f"com.{package}",
        "objc_class_prefix": objc_prefix(package),
        "php_namespace": "\\".join(names),
        "ruby_package": "::".join(names),
    }


def file_options(options: ProtoFileOptions, package: str) -> list[tuple[str, OptionValue]]:
    """The options of `package`'s file, by name, with their placeholders filled in."""
    values: dict[str, OptionValue] = managed_defaults(package) if options.managed else {}
    values.update(options.defaults)
    values.update(dict(options.packages).get(package, ()))
    filled = placeholders(package)
    return sorted(
        (name, fill(v, filled) if isinstance(v, str) and name != "optimize_for" else v)
        for name, v in values.items()
    )


def option_lines(options: ProtoFileOptions, package: str) -> list[str]:
    return [f"option {name} = {_literal(name, v)};" for name, v in file_options(options, package)]


def _literal(name: str, value: OptionValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if name == "optimize_for":
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unknown_packages(options: ProtoFileOptions, packages: set[str]) -> list[Diagnostic]:
    """C011 for each `protobuf.packages` entry naming a package no contract declares."""
    spans = dict(options.package_spans)
    found = []
    for name, _ in options.packages:
        if name in packages:
            continue
        line, column = spans.get(name, (1, 1))
        found.append(
            error(
                "C011",
                f"protobuf.packages: no contract declares package '{name}'",
                Span(CONFIG_FILE, line, column),
                did_you_mean(name, sorted(packages)) or "name a package of the contracts",
            )
        )
    return found
