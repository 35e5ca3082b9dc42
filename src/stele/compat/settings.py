"""Compatibility settings of a project: `policies:` and `rules:` in stele.yaml."""

from __future__ import annotations

from typing import Any

from stele.compat.catalogue import JSON_POLICIES, PROTOBUF_CATEGORIES, CheckerSettings
from stele.config import Config
from stele.diagnostics import SteleError, error

POLICY_KEYS = ("json", "protobuf")
SEVERITIES = ("error", "warning", "info", "off")


def project_settings(config: Config) -> CheckerSettings:
    """`policies: {json: lenient|strict, protobuf: wire|wire_json|file}`; check's defaults."""
    raw = config.extra.get("policies") or {}
    problems = []
    if not isinstance(raw, dict):
        raise SteleError([error("C004", "'policies' must be a mapping", config.span)])
    for key in raw:
        if key not in POLICY_KEYS:
            problems.append(
                error(
                    "C004",
                    f"unknown policy '{key}'",
                    config.span,
                    f"policies: {', '.join(POLICY_KEYS)}",
                )
            )
    json_policy = raw.get("json", "lenient")
    if json_policy not in JSON_POLICIES:
        problems.append(
            error(
                "C004",
                f"json policy '{json_policy}' is not one of {', '.join(JSON_POLICIES)}",
                config.span,
            )
        )
    category = raw.get("protobuf", "wire_json")
    if category not in PROTOBUF_CATEGORIES:
        problems.append(
            error(
                "C004",
                f"protobuf policy '{category}' is not one of {', '.join(PROTOBUF_CATEGORIES)}",
                config.span,
            )
        )
    if problems:
        raise SteleError(problems)
    return CheckerSettings(json_policy=str(json_policy), protobuf_category=str(category))


def severity_overrides(config: Config) -> dict[str, Any]:
    """`rules: {<rule-id>: {severity: warning}}`, or `<rule-id>: off`, validated."""
    raw = config.extra.get("rules") or {}
    if not isinstance(raw, dict):
        raise SteleError([error("C005", "'rules' must be a mapping of rule ids", config.span)])
    problems = []
    for rule, setting in raw.items():
        level = setting.get("severity") if isinstance(setting, dict) else setting
        if level not in SEVERITIES:
            problems.append(
                error(
                    "C005",
                    f"severity of rule '{rule}' must be one of {', '.join(SEVERITIES)}",
                    config.span,
                )
            )
    if problems:
        raise SteleError(problems)
    return dict(raw)
