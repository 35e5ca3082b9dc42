"""Reading `stele.yaml` with the same located diagnostics as contract files."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from stele import config_keys
from stele.config import CONFIG_NAME, CONFIG_SPAN, Config, ContentModel, Options
from stele.config_keys import (
    COMPAT_MODES,
    RULE_SEVERITIES,
    keys_of,
    raw_sections,
    rows_of,
)
from stele.diagnostics import Diagnostic, SteleError, did_you_mean, error
from stele.files import resolves_within
from stele.ir import Span
from stele.source.config_sections import read_info, read_protobuf, with_release_version
from stele.source.reader import Reader
from stele.source.write_paths import check_source_paths, check_write_paths
from stele.source.yaml_nodes import YMap, YNode, YScalar, parse_yaml, read_bounded, to_value

# The keys, their choices and defaults are rows of stele.config_keys (docs/stele-yaml.md is
# generated from the same table). Sections read by the commands that own them (size budgets,
# compatibility policies, rules) are kept raw in Config.extra.
RAW_SECTIONS = raw_sections()
CONFIG_KEYS = keys_of()
OPTION_KEYS = keys_of("options")


def read_config(path: Path, confine_sources: bool = True) -> Config:
    """`stele.yaml` at `path`. A baseline's copy is read with `confine_sources=False`: its
    sources are confined to the baseline by stele.confine (K008, K009)."""
    shown = path.name
    try:
        text = read_bounded(path, shown).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        hint = (
            "save it as UTF-8" if isinstance(exc, UnicodeDecodeError) else "check its permissions"
        )
        raise SteleError(
            [error("C001", f"cannot read {shown}: {exc}", Span(shown, 1, 1), hint)]
        ) from None
    node = parse_yaml(text, shown)
    reader = Reader()
    root = reader.mapping(node, "stele.yaml") if node is not None else YMap((), Span(shown, 1, 1))
    if root is None:
        raise SteleError(reader.diagnostics)
    reader.keys(root, "stele.yaml", CONFIG_KEYS)
    defaults = Config(root=path.parent)
    sources = (
        tuple(s for s, _ in reader.strings(root.get("sources"), "sources")) or defaults.sources
    )
    options = _options(reader, root.get("options"))
    options = dataclasses.replace(
        options,
        info=read_info(reader, root.get("info")),
        protobuf=read_protobuf(reader, root.get("protobuf")),
    )
    _check_policies(reader, root.get("policies"))
    _check_rule_overrides(reader, root.get("rules"))
    _check_compat(reader, root.get("compat"))
    extra = {str(k.value): to_value(v) for k, v in root.items if k.value in RAW_SECTIONS}
    config = Config(
        root=path.parent.resolve(),
        sources=sources,
        output=reader.string(root.get("output"), "output") or defaults.output,
        baseline=reader.string(root.get("baseline"), "baseline") or defaults.baseline,
        lock=reader.string(root.get("lock"), "lock") or defaults.lock,
        options=options,
        extra=dict(extra),
        span=Span(shown, 1, 1),
    )
    check_write_paths(reader, root, config, path)
    if confine_sources:
        check_source_paths(reader, root, config)
    if reader.diagnostics:
        raise SteleError(reader.diagnostics)
    return with_release_version(config)


def _options(reader: Reader, node: YNode | None) -> Options:
    body = reader.mapping(node, "options")
    if body is None:
        return Options()
    reader.keys(body, "options", OPTION_KEYS)
    model = reader.choice(
        body.get("json_content_model"),
        "json_content_model",
        config_keys.key("options.json_content_model").choices,
    )
    defaults = Options()
    listed = reader.strings(body.get("formats"), "formats")
    formats = tuple(f for f, _ in listed) or defaults.formats
    known = config_keys.key("options.formats").choices
    for f, item in listed:
        if f not in known:
            reader.report(
                "C002",
                f"unknown format '{f}'",
                item,
                did_you_mean(f, known) or f"formats: {', '.join(known)}",
            )
    return Options(
        json_content_model=ContentModel(model) if model else defaults.json_content_model,
        int64_as_string=_flag(reader.boolean(body.get("int64_as_string"), "int64_as_string")),
        schema_base_uri=reader.string(body.get("schema_base_uri"), "schema_base_uri")
        or defaults.schema_base_uri,
        formats=formats,
    )


def _flag(value: bool | None) -> bool:
    return Options().int64_as_string if value is None else value


POLICY_VALUES = {row.name: row.choices for row in rows_of("policies")}


def _check_policies(reader: Reader, node: YNode | None) -> None:
    """`policies: {json: strict|lenient, protobuf: wire|wire_json|file}` (C004)."""
    body = reader.mapping(node, "policies")
    for key, value in body.items if body else ():
        allowed = POLICY_VALUES.get(str(key.value))
        if allowed is None:
            reader.report(
                "C004",
                f"unknown policy '{key.value}'",
                key,
                f"policies: {', '.join(POLICY_VALUES)}",
            )
        elif not isinstance(value, YScalar) or value.value not in allowed:
            reader.report(
                "C004",
                f"policy '{key.value}' must be one of {', '.join(allowed)}",
                value,
                f"write {key.value}: {allowed[0]}",
            )


def _check_rule_overrides(reader: Reader, node: YNode | None) -> None:
    """`rules: {<rule-id>: {severity: S}}` or `<rule-id>: S`, S one of error|warning|info|off (C005)."""
    body = reader.mapping(node, "rules")
    for key, value in body.items if body else ():
        level: YNode | None = value
        if isinstance(value, YMap):
            reader.keys(value, f"rule '{key.value}'", ("severity",))
            level = value.get("severity")
        if not isinstance(level, YScalar) or level.value not in RULE_SEVERITIES:
            reader.report(
                "C005",
                f"severity of rule '{key.value}' must be one of {', '.join(RULE_SEVERITIES)}",
                level or value,
                "write {severity: warning}, or off to drop the rule's findings",
            )


COMPAT_KEYS = keys_of("compat")


def _check_compat(reader: Reader, node: YNode | None) -> None:
    """`compat: {mode: M, channels: {<channel>: M}, messages: {<message>: M}}`, M one of
    COMPAT_MODES (C007). Whether the names exist is checked by `stele check` (K022)."""
    if node is None:
        return
    body = reader.mapping(node, "compat")
    if body is None:
        return
    for key, _ in body.items:
        if str(key.value) not in COMPAT_KEYS:
            hint = did_you_mean(str(key.value), COMPAT_KEYS) or f"compat: {', '.join(COMPAT_KEYS)}"
            reader.report("C007", f"unknown key '{key.value}' in compat", key, hint)
    _check_mode(reader, body.get("mode"), "compat mode")
    for section in ("channels", "messages"):
        overrides = body.get(section)
        if overrides is None:
            continue
        if not isinstance(overrides, YMap):
            reader.report(
                "C007",
                f"compat {section} must map each {section[:-1]} to a mode",
                overrides,
                f"write {section}: {{<qualified {section[:-1]} name>: full}}",
            )
            continue
        for key, value in overrides.items:
            _check_mode(reader, value, f"mode of {section[:-1]} '{key.value}'")


def _check_mode(reader: Reader, node: YNode | None, what: str) -> None:
    if node is None:
        return
    value = node.value if isinstance(node, YScalar) else None
    if not isinstance(value, str) or value not in COMPAT_MODES:
        hint = (did_you_mean(value, COMPAT_MODES) if isinstance(value, str) else None) or (
            "one of " + ", ".join(COMPAT_MODES)
        )
        reader.report("C007", f"{what} must be one of {', '.join(COMPAT_MODES)}", node, hint)


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
    base = (cwd or Path.cwd()).resolve()
    if path is None:
        path = find_config(base)
        if path is None:
            config = Config(root=base)
            if project_needed and not any(os.path.lexists(base / s) for s in config.sources):
                raise SteleError([_no_project()])
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
