"""The rule catalogue: every format's rules, by id. Rules are data; docs are generated from it."""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from stele.compat.contract.kinds import PREFIX, contract_rules
from stele.compat.handlers import handlers
from stele.compat.model import Finding, Rule
from stele.compat.yaml_fixes import yaml_fix
from stele.diagnostics import Severity

# Each format package exposes RULES: tuple[Rule, ...] in `stele.compat.<format>.rules`.
FORMATS = ("avro", "protobuf", "jsonschema", "openapi", "asyncapi", "graphql")


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for fmt in FORMATS:
        try:
            module = importlib.import_module(f"stele.compat.{fmt}.rules")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(f"stele.compat.{fmt}"):
                continue  # the format has no checker yet
            raise
        for rule in module.RULES:
            if rule.id in rules:
                raise ValueError(f"duplicate rule id {rule.id}")
            rules[rule.id] = rule
    return dict(sorted(rules.items()))


def every_rule() -> dict[str, Rule]:
    """The artifact checkers' rules and the contract-level rules of the judges, by id."""
    return dict(sorted({**all_rules(), **contract_rules()}.items()))


@dataclass(frozen=True)
class CheckerSettings:
    """How strictly the checkers judge; from `policies:` in stele.yaml or diff's options.

    `json_policy` is "strict" for artifacts of unknown origin (`stele diff`) and "lenient" when
    stele judges its own contracts (`stele check`): a document written under the old contract
    holds no property the contract did not declare, so adding an optional property to an open
    content model is compatible at the contract level (docs/json.md).
    """

    json_policy: str = "strict"
    protobuf_category: str = "wire_json"


def checker(fmt: str, settings: CheckerSettings | None = None):  # type: ignore[no-untyped-def]
    """The FormatChecker of a format, configured by `settings` where the format has options."""
    module = importlib.import_module(f"stele.compat.{fmt}")
    if settings is None:
        return module.CHECKER
    if fmt in ("jsonschema", "openapi", "asyncapi"):
        # The JSON policy applies to every JSON-based format.
        return type(module.CHECKER)(policy=settings.json_policy)
    if fmt == "protobuf":
        return type(module.CHECKER)(category=settings.protobuf_category)
    return module.CHECKER


def apply_severity_overrides(
    findings: Iterable[Finding], overrides: Mapping[str, Any] | None
) -> list[Finding]:
    """`rules: {<rule-id>: {severity: warning}}` (or `<rule-id>: off`) from stele.yaml."""
    if not overrides:
        return list(findings)
    out: list[Finding] = []
    for f in findings:
        setting = overrides.get(f.rule)
        level = setting.get("severity") if isinstance(setting, Mapping) else setting
        if level == "off":
            continue
        if isinstance(level, str) and level in ("error", "warning", "info"):
            f = dataclasses.replace(f, severity=Severity(level))
        out.append(f)
    return out


EQUIVALENT_TOOLS = ("buf", "confluent", "avro", "oasdiff", "graphql-core", "graphql-inspector")


def checked_by(rule_id: str) -> tuple[str, ...]:
    """Where a rule is bound with its handlers: an artifact rule's functions (`@handles`), or a
    contract-level rule's entries in the judge tables of its kind."""
    if rule_id.startswith(PREFIX):
        # start-up: the judges load only for a rule's reference text, not with the catalogue
        from stele.compat.contract import judges

        return judges.handlers(rule_id.removeprefix(PREFIX))
    return handlers(rule_id)


def render_rule(rule: Rule) -> str:
    """One rule's reference text (markdown), used by `stele rules ID` and docs/rules.md."""
    lines = [
        f"### `{rule.id}`",
        "",
        f"{rule.summary}",
        "",
        f"- format: {rule.format}",
        f"- severity: {rule.severity.value}",
        f"- directions: {', '.join(d.value for d in rule.directions)}",
    ]
    if rule.categories:
        lines.append(f"- categories: {', '.join(rule.categories)}")
    equivalents = [
        f"{tool} `{rule.equivalents[tool]}`"
        for tool in EQUIVALENT_TOOLS
        if tool in rule.equivalents
    ]
    lines.append(f"- equivalents: {', '.join(equivalents) if equivalents else 'none'}")
    lines.append(f"- checked by: {', '.join(f'`{h}`' for h in checked_by(rule.id))}")

    fix = yaml_fix(rule)  # the contract YAML first: it is what users edit
    lines += ["", *([fix, ""] if fix else []), rule.doc.strip(), ""]
    return "\n".join(lines)


def render_reference() -> str:
    """docs/rules.md: the whole catalogue, grouped by format, the contract-level rules last."""
    rules = every_rule()
    out = [
        "# Compatibility rules",
        "",
        "Generated from the rule catalogue by `stele rules --markdown`; do not edit by hand.",
        "",
    ]
    for fmt in (*FORMATS, "contract"):
        group = [r for r in rules.values() if r.format == fmt]
        if not group:
            continue
        out += [f"## {fmt}", "", "| id | severity | summary |", "|---|---|---|"]
        out += [f"| [`{r.id}`](#{r.id}) | {r.severity.value} | {r.summary} |" for r in group]
        out.append("")
        out += [render_rule(r) for r in group]
    return "\n".join(out).rstrip() + "\n"
