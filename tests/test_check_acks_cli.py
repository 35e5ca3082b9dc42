"""Acknowledged breaks end to end through `stele check`: an acknowledged break passes and is
listed; an expired acknowledgement (a past date, a released version) and a stale one fail with a
message located at the acknowledgement in the YAML. STELE_TODAY fixes the date."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _check_helpers import run

from stele.cli.init import init_project

CONTRACT = "contracts/example.yaml"
ANCHOR = "    doc: A greeting from one person to another.\n"
OPENAPI = "openapi-response-property-removed"
TODAY = "2026-11-25"


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter project, locked and released as 1.0.0."""
    root = tmp_path_factory.mktemp("released") / "project"
    init_project(root)
    config = str(root / "stele.yaml")
    assert run(["lock", "--config", config])[0] == 0
    assert run(["release", "1.0.0", "--config", config])[0] == 0
    return root


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STELE_TODAY", TODAY)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def project(released: Path, tmp_path: Path, acks: list[str], remove_sender: bool = True) -> str:
    """A copy of the released project with `sender` removed from Greeting and the given
    acknowledgement entries on Greeting; the path of its stele.yaml."""
    root = tmp_path / "project"
    shutil.copytree(released, root)
    path = root / CONTRACT
    text = path.read_text(encoding="utf-8")
    if remove_sender:
        text = text.replace("      sender: string\n", "").replace("          sender: ada\n", "")
    if acks:
        text = text.replace(ANCHOR, ANCHOR + "    acknowledge:\n" + "".join(acks))
    path.write_text(text, encoding="utf-8")
    return str(root / "stele.yaml")


def ack(rule: str, reason: str, expires: str = "") -> str:
    until = f", expires: '{expires}'" if expires else ""
    return f"      - {{rule: {rule}, reason: {reason}{until}}}\n"


BOTH = [ack(OPENAPI, "no client reads the sender", "2027-01-31")]
HEADER = "against 1.0.0 (BACKWARD): avro, protobuf, jsonschema, openapi, asyncapi"
AT_GREETING = "contracts/example.yaml:5:3"
OLD_SENDER = "    baseline: compat/releases/1.0.0/contracts/example.yaml:9:7"
# The contract verdict: old clients of GetGreeting need `sender`.
REMOVED = "contract-field-removed"
REMOVED_MESSAGE = (
    "(backward: openapi) old clients of example.greeting.GreetingService.GetGreeting reject "
    "documents without `sender` (it is required in the old JSON schema)"
)
COLUMNS = "avro bwd  protobuf bwd  jsonschema bwd  openapi bwd  asyncapi bwd"


def matrix(openapi: str = "ok") -> list[str]:
    return [
        "",
        f"change                                                    {COLUMNS}",
        # One row per contract change: the field, not the record that holds it.
        "example.greeting.Greeting.sender (field-removed: string)  ok        ok            ok"
        f"              {openapi:<11}  ok",
        "",
    ]


def check(config: str, *args: str) -> tuple[int, list[str]]:
    code, out = run(["check", "--config", config, "--no-verify", *args])
    return code, out.splitlines()


def test_an_acknowledged_break_passes_and_is_listed(released: Path, tmp_path: Path) -> None:
    code, lines = check(project(released, tmp_path, BOTH))
    assert code == 0
    assert lines == [
        HEADER,
        f"{AT_GREETING}: acknowledged {REMOVED} {REMOVED_MESSAGE}",
        "    acknowledged at contracts/example.yaml:8:9: no client reads the sender",
        *matrix("ack"),
        "compatible with 1.0.0 (BACKWARD): 0 errors, 0 warnings, 0 infos, 1 acknowledged",
    ]


def test_without_acknowledgements_the_break_fails(released: Path, tmp_path: Path) -> None:
    code, lines = check(project(released, tmp_path, []))
    assert code == 1
    assert lines == [
        HEADER,
        f"{AT_GREETING}: error {REMOVED} {REMOVED_MESSAGE}",
        OLD_SENDER,
        *matrix("error"),
        "breaks 1.0.0 (BACKWARD): 1 error, 0 warnings, 0 infos",
    ]


@pytest.mark.parametrize(
    ("expires", "why"),
    [
        ("2026-11-24", "it expired on 2026-11-24"),  # the day before STELE_TODAY
        ("1.0.0", "version 1.0.0 has been released"),  # the version is released
        ("0.9.0", "version 1.0.0 has been released"),  # a later version is released
    ],
)
def test_an_expired_acknowledgement_fails_at_the_acknowledgement(
    released: Path, tmp_path: Path, expires: str, why: str
) -> None:
    acks = [ack(OPENAPI, "no client reads the sender", expires)]
    code, lines = check(project(released, tmp_path, acks))
    assert code == 1
    assert lines == [
        HEADER,
        f"{AT_GREETING}: error {REMOVED} {REMOVED_MESSAGE}",
        OLD_SENDER,
        *matrix("error"),
        f"contracts/example.yaml:8:9: error ack-expired acknowledgement of {OPENAPI} at "
        f"example.greeting.Greeting no longer applies: {why}",
        "    hint: remove the `acknowledge` entry, or undo the break it excused",
        "breaks 1.0.0; 1 acknowledgement stale or expired (BACKWARD): 2 errors, 0 warnings, "
        "0 infos",
    ]


def test_the_last_day_of_an_acknowledgement_still_applies(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project(released, tmp_path, BOTH)
    monkeypatch.setenv("STELE_TODAY", "2027-01-31")
    assert check(config)[0] == 0
    monkeypatch.setenv("STELE_TODAY", "2027-02-01")
    code, lines = check(config)
    assert code == 1
    assert lines[-3] == (
        f"contracts/example.yaml:8:9: error ack-expired acknowledgement of {OPENAPI} at "
        "example.greeting.Greeting no longer applies: it expired on 2027-01-31"
    )


def test_a_stale_acknowledgement_fails_at_the_acknowledgement(
    released: Path, tmp_path: Path
) -> None:
    # Nothing is removed: the acknowledgement excuses a break that is not there.
    config = project(released, tmp_path, [BOTH[0]], remove_sender=False)
    code, lines = check(config)
    assert code == 1
    assert lines == [
        HEADER,
        "",
        # Adding an `acknowledge` entry is not a change of the contract.
        "no changes",
        "",
        f"contracts/example.yaml:8:9: error ack-stale acknowledgement of {OPENAPI} at "
        "example.greeting.Greeting matches no finding; remove it",
        "    hint: remove the `acknowledge` entry: the break it excused is no longer reported",
        "compatible with 1.0.0; 1 acknowledgement stale or expired (BACKWARD): 1 error, "
        "0 warnings, 0 infos",
    ]
    # --exit-zero reports without failing; --fail-on does not lower an error.
    assert check(config, "--exit-zero")[0] == 0


def test_json_lists_acknowledged_findings_and_acknowledgement_problems(
    released: Path, tmp_path: Path
) -> None:
    acks = [ack(OPENAPI, "no client reads the sender", "2026-01-01")]
    code, out = run(["check", "--config", project(released, tmp_path, acks), "-o", "json"])
    doc = json.loads(out)
    assert code == 1
    assert doc["compatible"] is False
    assert [(f["rule"], f["element"], f["new"], f["baseline"]) for f in doc["findings"]] == [
        (
            REMOVED,
            "example.greeting.Greeting.sender",
            {"path": "contracts/example.yaml", "line": 5, "column": 3},
            "1.0.0",
        ),
        (
            "ack-expired",
            "example.greeting.Greeting",
            {"path": "contracts/example.yaml", "line": 8, "column": 9},
            "",
        ),
    ]
    assert doc["acknowledged"] == []
    # The report model's keys sit beside check's own: one JUnit test case per direction.
    assert [(r["rule"], r["check"], r["line"]) for r in doc["results"]] == [
        (REMOVED, "backward", 5),
        ("ack-expired", "acknowledgements", 8),
    ]
    assert doc["summary"] == {"errors": 2, "warnings": 0, "infos": 0, "files": None}
    assert doc["checks"] == ["acknowledgements", "backward"]


def test_a_malformed_stele_today_is_a_usage_error(
    released: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STELE_TODAY", "25/11/2026")
    code, out = run(["check", "--config", project(released, tmp_path, BOTH)])
    assert (code, out) == (
        2,
        "STELE_TODAY:1:1: error K021 STELE_TODAY='25/11/2026' is not a date\n"
        "    hint: use YYYY-MM-DD, or unset it",
    )
