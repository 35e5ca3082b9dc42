"""Changes of the Protobuf file options between two versions (stele.yaml `protobuf:`).

File options are no part of the contract YAML, but each release freezes its stele.yaml with the
contracts, so the `.proto` files of two versions may differ in `go_package`, `java_package` and
the rest. The contract check sees such a change as `package-file-option-changed`, one per
package and option, located at the `protobuf:` section of each stele.yaml; its judge follows
buf's FILE category (the generated code's imports move; the encodings do not change).
"""

from __future__ import annotations

from stele.compat.contract.changes import ContractChange
from stele.ir import Project, Span
from stele.mapping.proto_options import file_options
from stele.project_info import OptionValue, ProtoFileOptions

KIND = "package-file-option-changed"


def _text(name: str, value: OptionValue | None) -> str | None:
    if value is None:
        return None
    shown = ("true" if value else "false") if isinstance(value, bool) else value
    return f"{name} = {shown}"


def _span(options: ProtoFileOptions, file: str) -> Span:
    line, column = options.section_span
    return Span(file, line, column)


def file_option_changes(
    old: ProtoFileOptions,
    new: ProtoFileOptions,
    old_project: Project,
    new_project: Project,
    config_file: str = "stele.yaml",
) -> list[ContractChange]:
    """One change per package both versions have and file option that differs."""
    if old == new:
        return []
    found: list[ContractChange] = []
    for package in sorted(set(old_project.packages) & set(new_project.packages)):
        was, now = dict(file_options(old, package)), dict(file_options(new, package))
        for name in sorted(set(was) | set(now)):
            if was.get(name) == now.get(name):
                continue
            found.append(
                ContractChange(
                    package,
                    KIND,
                    _text(name, was.get(name)),
                    _text(name, now.get(name)),
                    _span(old, config_file),
                    _span(new, config_file),
                    {"option": name},
                )
            )
    return found
