"""The rule catalogue: every format's rules, by id. Rules are data; docs are generated from it."""

from __future__ import annotations

import importlib

from stele.compat.model import Rule

# Each format package exposes RULES: tuple[Rule, ...] in `stele.compat.<format>.rules`.
FORMATS = ("avro", "protobuf", "jsonschema", "openapi", "asyncapi")


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


def checker(fmt: str):  # type: ignore[no-untyped-def]
    """The FormatChecker of a format."""
    module = importlib.import_module(f"stele.compat.{fmt}")
    return module.CHECKER


EQUIVALENT_TOOLS = ("buf", "confluent", "avro", "oasdiff")


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
    lines += ["", rule.doc.strip(), ""]
    return "\n".join(lines)


def render_reference() -> str:
    """docs/rules.md: the whole catalogue, grouped by format."""
    rules = all_rules()
    out = [
        "# Compatibility rules",
        "",
        "Generated from the rule catalogue by `stele rules --markdown`; do not edit by hand.",
        "",
    ]
    for fmt in FORMATS:
        group = [r for r in rules.values() if r.format == fmt]
        if not group:
            continue
        out += [f"## {fmt}", "", "| id | severity | summary |", "|---|---|---|"]
        out += [f"| [`{r.id}`](#{r.id}) | {r.severity.value} | {r.summary} |" for r in group]
        out.append("")
        out += [render_rule(r) for r in group]
    return "\n".join(out).rstrip() + "\n"
