"""Rule metadata that SARIF carries: catalogue rules, stele's own checks, test-runner findings."""

from __future__ import annotations

from stele.diagnostics import Severity
from stele.report.rules import describe


def test_a_compatibility_rule_is_described_by_its_catalogue_entry() -> None:
    info = describe("avro-field-added-without-default", Severity.ERROR)
    assert info.summary == "A field was added without a default: new readers cannot read old data."
    assert "## Why it breaks" in info.help


def test_a_test_runner_finding_is_described_by_its_summary() -> None:
    info = describe("capture-missing-correlation-id", Severity.ERROR)
    assert info.summary == "A reply carries no correlation id."
    assert info.help == f"{info.summary} Reported by `stele test`; see docs/testing.md."


def test_a_catalogued_diagnostic_code_is_described_by_its_catalogue_entry() -> None:
    info = describe("T010", Severity.WARNING, hint="check the URL")
    assert (info.summary, info.severity) == ("Unusable base URL.", Severity.ERROR)
    assert info.help.split("\n\n") == [
        "`stele test http`: `--base-url` is not an http(s) URL, names no host, or the service "
        "cannot be reached (at `--base-url`).",
        "Example: `--base-url localhost:8080`",
        "Fix: `--base-url http://localhost:8080`; start the service",
        "See docs/diagnostics.md#contract-tests-stele-test-messages-http-broker-t0xx.",
    ]


def test_an_uncatalogued_diagnostic_code_falls_back_to_its_family() -> None:
    info = describe("T099", Severity.ERROR, hint="check the URL")
    assert info.summary == "stele contract test input diagnostic T099."
    assert info.help.endswith("Hint: check the URL")
