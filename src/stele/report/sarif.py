"""SARIF 2.1.0: what GitHub code scanning and GitLab ingest.

One run; `tool.driver.rules` holds the metadata and help of every rule the results use (from the
compatibility catalogue, else stele's own checks and diagnostic families), `results` point at
their rule by id and index. Paths are relative to the project root, as in every other output.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from stele import __version__
from stele.report.model import Report, Result
from stele.report.rules import RuleInfo, describe
from stele.span import Span

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "stele/v1"


def _rule(info: RuleInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.summary},
        "help": {"text": info.help, "markdown": info.help},
        "defaultConfiguration": {"level": _LEVELS[info.severity.value]},
    }


def _physical(place: Span, end: Span | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {
        "artifactLocation": {"uri": quote(place.path, safe="/")},
    }
    if place.line:
        region: dict[str, int] = {"startLine": place.line}
        if place.column:
            region["startColumn"] = place.column
        if end is not None and end.line:
            region["endLine"] = end.line
            if end.column:
                region["endColumn"] = end.column
        location["region"] = region
    return {"physicalLocation": location}


def _result(result: Result, index: int) -> dict[str, Any]:
    text = result.message + (f"\nhint: {result.hint}" if result.hint else "")
    out: dict[str, Any] = {
        "ruleId": result.rule,
        "ruleIndex": index,
        "level": _LEVELS[result.severity.value],
        "message": {"text": text},
        "locations": [_physical(result.location, result.end)],
        "partialFingerprints": {FINGERPRINT_KEY: result.fingerprint},
    }
    if result.related:
        out["relatedLocations"] = [
            {"id": number, **_physical(place), "message": {"text": label}}
            for number, (label, place) in enumerate(result.related, start=1)
        ]
    properties: dict[str, Any] = {
        k: v for k, v in (("format", result.format), ("direction", result.direction)) if v
    }
    if result.reached_by:
        properties["reached_by"] = list(result.reached_by)
    if properties:
        out["properties"] = properties
    return out


def render(report: Report) -> str:
    rule_ids = sorted({r.rule for r in report.results})
    first = {r.rule: r for r in reversed(report.results)}
    infos = [describe(rid, first[rid].severity, first[rid].hint) for rid in rule_ids]
    index = {rid: n for n, rid in enumerate(rule_ids)}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "stele",
                "version": __version__,
                "rules": [_rule(info) for info in infos],
            }
        },
        "automationDetails": {
            "id": f"stele/{re.sub(r'[^a-z0-9]+', '-', report.command).strip('-')}/"
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(r, index[r.rule]) for r in report.results],
    }
    if report.notes or report.stopped:
        run["invocations"] = [
            {
                "executionSuccessful": not report.stopped,
                "toolExecutionNotifications": [
                    {"message": {"text": note}, "level": "note"} for note in report.notes
                ],
            }
        ]
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
