"""The result model and the renderers' small rules: escaping, colour, exit codes, locations."""

from __future__ import annotations

from typing import Any

import pytest

from stele.compat.model import Direction, Finding
from stele.diagnostics import Severity
from stele.report import github, resolve_output, text
from stele.report.findings import from_finding
from stele.report.model import Report, Result, exit_code
from stele.span import Span


def _result(severity: Severity = Severity.ERROR, **kw: object) -> Result:
    fields: dict[str, Any] = {  # Any: whatever each test passes on to Result
        "rule": "S100",
        "severity": severity,
        "message": "unknown type 'Mony'",
        "location": Span("contracts/a.yaml", 3, 7),
        "check": "contracts/a.yaml",
    }
    fields.update(kw)
    return Result(**fields)


def test_github_escapes_data_and_properties() -> None:
    r = _result(message="50% done\nnext", location=Span("dir,x/a:b.yaml", 2, 1), hint="h")
    assert github.render_result(r) == (
        "::error file=dir%2Cx/a%3Ab.yaml,line=2,col=1,title=S100::50%25 done%0Anext%0Ahint: h"
    )
    assert github.render_result(_result(Severity.INFO, location=Span("x.yaml"))) == (
        "::notice file=x.yaml,title=S100::unknown type 'Mony'"
    )


def test_text_colours_only_when_asked() -> None:
    r = _result(Severity.WARNING)
    assert text.render_result(r) == "contracts/a.yaml:3:7: warning S100 unknown type 'Mony'"
    assert text.render_result(r, color=True) == (
        "\x1b[1mcontracts/a.yaml:3:7\x1b[0m: \x1b[33mwarning\x1b[0m S100 unknown type 'Mony'"
    )


def test_exit_codes_follow_fail_on_and_exit_zero() -> None:
    report = Report.of("lint", [_result(Severity.WARNING)], [])
    assert exit_code(report, Severity.ERROR) == 0
    assert exit_code(report, Severity.WARNING) == 1
    assert exit_code(report, Severity.INFO) == 1
    assert exit_code(report, Severity.INFO, exit_zero=True) == 0
    assert exit_code(Report.of("lint", [], ["a"]), Severity.INFO) == 0


def test_output_defaults_to_github_only_under_github_actions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert (resolve_output(None), resolve_output("json")) == ("github", "json")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert resolve_output(None) == "text"


def test_a_finding_is_shown_where_it_is_new_with_the_baseline_beside() -> None:
    f = Finding(
        "proto-field-type-changed",
        Severity.ERROR,
        Direction.FORWARD,
        "protobuf",
        "changed",
        "food.order.Order.total",
        old=Span("compat/releases/1.0.0/contracts/order.yaml", 40, 7),
        new=Span("contracts/order.yaml", 41, 7),
    )
    r = from_finding(f)
    assert (r.location, r.related, r.check, r.direction, r.fingerprint) == (
        Span("contracts/order.yaml", 41, 7),
        (("baseline", Span("compat/releases/1.0.0/contracts/order.yaml", 40, 7)),),
        "protobuf forward",
        "forward",
        f.fingerprint,
    )
    removed = from_finding(
        Finding(
            "proto-field-removed", Severity.ERROR, Direction.BACKWARD, "protobuf", "gone", old=f.old
        )
    )
    assert (removed.location, removed.related) == (f.old and Span(f.old.path, 40, 7), ())


def test_fingerprints_ignore_line_moves() -> None:
    assert _result().fingerprint == _result(location=Span("contracts/a.yaml", 90, 1)).fingerprint
    assert _result().fingerprint != _result(message="other").fingerprint


def test_summary_names_what_was_checked_when_the_report_has_a_subject() -> None:
    passed = Report.of("test", [], ["examples a"], subject="3 examples x 2 formats")
    failed = Report.of("test", [_result(), _result(Severity.INFO)], [], subject="3 examples")
    plain = Report.of("lint", [], [], files=2)
    assert passed.summary() == "3 examples x 2 formats: all passed"
    assert failed.summary() == "3 examples: 1 error, 0 warnings, 1 info"
    assert plain.summary() == "0 errors, 0 warnings, 0 infos in 2 files"
    assert text.render(passed) == "3 examples x 2 formats: all passed\n"
