"""Compatibility settings of a project: `policies:` and `rules:` in stele.yaml.

Both sections are validated when stele.yaml is read (C004, C005); here they become settings.
"""

from __future__ import annotations

from typing import Any

from stele.compat.catalogue import CheckerSettings
from stele.config import Config


def project_settings(config: Config) -> CheckerSettings:
    """`policies: {json: lenient|strict, protobuf: wire|wire_json|file}`, with check's defaults."""
    raw = config.extra.get("policies")
    policies = raw if isinstance(raw, dict) else {}
    return CheckerSettings(
        json_policy=str(policies.get("json", "lenient")),
        protobuf_category=str(policies.get("protobuf", "wire_json")),
    )


def severity_overrides(config: Config) -> dict[str, Any]:
    """`rules: {<rule-id>: {severity: warning}}`, or `<rule-id>: off`."""
    raw = config.extra.get("rules")
    return dict(raw) if isinstance(raw, dict) else {}
