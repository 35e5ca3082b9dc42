"""`stele check` on the example project, releases, git baselines and verification by codecs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from _check_helpers import ROOT, copy_project, edit, run

from stele.baseline import released_versions
from stele.compat.project_check import ProjectFinding
from stele.source.config_reader import load_config

CONFIG = str(ROOT / "stele.yaml")


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --output, reporting commands pick `github` under GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def _check(*args: str, config: str = CONFIG) -> tuple[int, dict[str, Any]]:
    code, out = run(["check", "--config", config, "--output", "json", *args])
    return code, json.loads(out)


def test_example_project_history_is_released_newest_first() -> None:
    assert released_versions(load_config(ROOT / "stele.yaml")) == ["1.1.0", "1.0.0"]


def test_example_project_against_the_newest_release() -> None:
    code, doc = _check()
    (only,) = doc["baselines"]
    # The contract judges: old clients that validate GetDelivery's response against the old
    # JSON schema reject the new DeliveryState symbol (the enum's default does not help them);
    # the contract acknowledges it at the symbol.
    assert code == 0
    assert only["baseline"] == "1.1.0"
    assert [f for f in only["findings"] if f["rule"] == "verify-contradiction"] == []
    assert [(r["element"], r["change"]) for r in only["matrix"]] == [
        ("food.delivery.DeliveryState.CANCELLED", "enum-symbol-added"),
        ("food.order.Order.delivery_address", "field-optionality-changed"),
    ]
    cells = [
        {fmt: cell for fmt, cell in row["cells"].items() if cell != "ok"} for row in only["matrix"]
    ]
    assert cells == [{"openapi/backward": "ack"}, {"openapi/backward": "ack"}]
    # Binary formats read an optional address fine; JSON clients that rely on it are told, and
    # the contract acknowledges the break at the field. Subscribers of OrderCreated read it: new
    # subscribers read old events, which carry the address (no AsyncAPI break in BACKWARD).
    acknowledged = doc["acknowledged"]
    assert sorted(
        (a["rule"], a["element"], a["acknowledgement"]["rule"]) for a in acknowledged
    ) == [
        (
            "contract-enum-symbol-added",
            "food.delivery.DeliveryState.CANCELLED",
            "contract-enum-symbol-added",
        ),
        (
            "contract-field-optionality-changed",
            "food.order.Order.delivery_address",
            "openapi-response-property-became-optional",
        ),
    ]


def test_example_project_transitively() -> None:
    code, doc = _check("--transitive")
    assert code == 0
    baselines = doc["baselines"]
    assert [b["baseline"] for b in baselines] == ["1.1.0", "1.0.0"]
    assert [(r["element"], r["change"]) for r in baselines[1]["matrix"]] == [
        ("food.delivery.DeliveryState.CANCELLED", "enum-symbol-added"),
        ("food.delivery.VehicleType.CAR", "enum-symbol-added"),
        ("food.kitchen.GetTicketRequest", "type-added"),
        ("food.kitchen.KitchenService.GetTicket", "operation-added"),
        ("food.order.Order.delivery_address", "field-optionality-changed"),
    ]
    errors = [
        (b["baseline"], f["rule"], f["element"], f["format"])
        for b in baselines
        for f in b["findings"]
        if f["severity"] == "error"
    ]
    assert errors == []
    # CAR came with 1.1.0: old clients of 1.0.0 that expand GetDelivery's courier reject it.
    car = [
        (a["baseline"], a["format"], a["direction"])
        for a in doc["acknowledged"]
        if a["element"] == "food.delivery.VehicleType.CAR"
    ]
    assert car == [("1.0.0", "openapi", "backward")]


def test_text_report_names_the_baseline_and_ends_with_a_verdict() -> None:
    code, out = run(["check", "--config", CONFIG, "--no-verify"])
    assert code == 0
    assert out.splitlines()[0] == (
        "against 1.1.0 (BACKWARD): avro, protobuf, jsonschema, openapi, asyncapi"
    )
    assert out.splitlines()[-1] == (
        "compatible with 1.1.0 (BACKWARD): 0 errors, 0 warnings, 0 infos, 2 acknowledged"
    )


def test_transitive_names_the_release_that_breaks(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    # Compatible with 1.1.0's symbols, but 1.0.0 never had CAR and main removes SCOOTER.
    edit(root / "contracts/delivery.yaml", "      SCOOTER: {}\n", "")
    code, out = run(["check", "--config", str(root / "stele.yaml"), "--transitive", "--no-verify"])
    assert code == 1
    assert out.splitlines()[-1] == (
        "breaks 1.1.0, 1.0.0 (BACKWARD_TRANSITIVE): 2 errors, 0 warnings, 0 infos, 5 acknowledged"
    )
    # The one error, once against each release it breaks.
    error = (
        "contracts/delivery.yaml:6:3: error contract-enum-symbol-removed (backward: jsonschema) "
        "readers of food.delivery.DeliveryService.GetDelivery on the new version reject `SCOOTER` "
        "of food.delivery.VehicleType (the new JSON schema lists BICYCLE, CAR); the enum's "
        "default `BICYCLE` does not help a JSON validator (against {})"
    )
    errors = [line for line in out.splitlines() if ": error " in line]
    assert errors == [error.format("1.1.0"), error.format("1.0.0")]


def test_without_releases_there_is_nothing_to_compare(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", releases=False)
    code, out = run(["check", "--config", str(root / "stele.yaml")])
    assert (code, out) == (
        0,
        "no released version in compat/releases/: nothing to compare against "
        "(run `stele release VERSION`, or pass --against)\n",
    )


def test_unknown_mode_is_a_usage_error() -> None:
    code, out = run(["check", "--config", CONFIG, "--mode", "sideways"])
    assert code == 2
    assert "K020 unknown mode 'sideways'" in out


# ---------------------------------------------------------------------------------------------
# Releases
# ---------------------------------------------------------------------------------------------


def test_release_freezes_config_contracts_and_lock(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    (root / "compat/sizes.json").write_text("{}\n", encoding="utf-8")
    code, out = run(["release", "1.2.0", "--config", str(root / "stele.yaml")])
    notes = [
        ("delivery.yaml:14:13", "contract-enum-symbol-added", "food.delivery.VehicleType.CAR"),
        (
            "delivery.yaml:31:13",
            "contract-enum-symbol-added",
            "food.delivery.DeliveryState.CANCELLED",
        ),
        (
            "order.yaml:47:13",
            "openapi-response-property-became-optional",
            "food.order.Order.delivery_address",
        ),
    ]
    assert (code, out.splitlines()) == (
        0,
        [
            "released 1.2.0: 10 files in compat/releases/1.2.0/",
            "1.2.0: a minor release after 1.1.0; the changes need a minor one: 2 compatible "
            "contract changes since 1.1.0, no break: enum-symbol-added "
            "food.delivery.DeliveryState.CANCELLED; field-optionality-changed "
            "food.order.Order.delivery_address",
            "wrote the size baseline compat/sizes.json (frozen in the release too)",
            "note: run `stele generate` and commit codegen/: the OpenAPI and AsyncAPI documents"
            " now carry version 1.2.0 (stele.yaml sets no info.version)",
            *(
                f"contracts/{at}: note: 1.2.0 holds the break the acknowledgement of {rule} at "
                f"{element} excuses: only `stele check --transitive` still needs it; remove it "
                "when older releases no longer matter"
                for at, rule, element in notes
            ),
        ],
    )
    frozen = root / "compat/releases/1.2.0"
    assert sorted(p.relative_to(frozen).as_posix() for p in frozen.rglob("*") if p.is_file()) == [
        "compat/sizes.json",
        "compat/stele.lock",
        *sorted(f"contracts/{p.name}" for p in (ROOT / "contracts").glob("*.yaml")),
        "stele.yaml",
    ]
    assert (frozen / "compat/stele.lock").read_bytes() == (ROOT / "compat/stele.lock").read_bytes()
    # The size baseline is measured anew, as `stele sizes --update-baseline` writes it.
    sizes = (root / "compat/sizes.json").read_bytes()
    assert (
        (frozen / "compat/sizes.json").read_bytes()
        == sizes
        == (ROOT / "compat/sizes.json").read_bytes()
    )
    code, doc = _check(config=str(root / "stele.yaml"))
    assert doc["baselines"][0]["matrix"] == []
    # The release holds the acknowledged breaks: against it the acknowledgements match nothing,
    # but their elements did not change since it either, so they excuse breaks against older
    # releases, which only a transitive run judges.
    assert (code, doc["results"]) == (0, [])
    code, doc = _check("--transitive", "--no-verify", config=str(root / "stele.yaml"))
    assert (code, doc["results"]) == (0, [])


def test_a_release_is_written_with_ordinary_permissions(tmp_path: Path) -> None:
    import os

    from stele.compat.release import release

    root = copy_project(tmp_path / "p")
    old = os.umask(0o022)
    try:
        target = release(load_config(root / "stele.yaml"), "1.2.0").target
    finally:
        os.umask(old)
    assert oct(target.stat().st_mode & 0o777) == "0o755"
    assert oct((target / "stele.yaml").stat().st_mode & 0o777) == "0o644"


@pytest.mark.parametrize(
    ("version", "code_text"),
    [
        ("1.1.0", "K011 version 1.1.0 is already released"),
        ("v2", "K010 'v2' is not a release version"),
    ],
)
def test_release_refuses(tmp_path: Path, version: str, code_text: str) -> None:
    root = copy_project(tmp_path / "p")
    code, out = run(["release", version, "--config", str(root / "stele.yaml")])
    assert code == 2
    assert code_text in out


# ---------------------------------------------------------------------------------------------
# Git baselines
# ---------------------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "repo", releases=False)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "contracts")
    return root


def test_check_against_head_of_a_git_repository(repo: Path) -> None:
    config = str(repo / "stele.yaml")
    code, doc = _check("--against", "HEAD", "--no-verify", config=config)
    assert (code, doc["baselines"][0]["baseline"], doc["findings"]) == (0, "git HEAD", [])
    edit(repo / "contracts/delivery.yaml", "      available: bool\n", "")
    code, doc = _check("--against", "HEAD", "--mode", "forward", "--no-verify", config=config)
    assert code == 1
    (only,) = doc["baselines"]
    assert [(r["element"], r["change"]) for r in only["matrix"]] == [
        ("food.delivery.Courier.available", "field-removed"),
    ]
    found = [
        (f["rule"], f["format"], f["old"]["path"], f["old"]["line"], f["new"]["line"])
        for f in only["findings"]
    ]
    # Old locations of a git baseline are the paths at that revision; the field is gone from
    # the new YAML, so the finding is at the record that lost it.
    assert found == [
        ("contract-field-removed", "avro", "contracts/delivery.yaml", 45, 38),
        ("contract-field-removed", "jsonschema", "contracts/delivery.yaml", 45, 38),
    ]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("--output=x", "K001 '--output=x' is not a baseline\n    hint: name a revision or a path"),
        (
            "no-such-branch",
            "K005 unknown git revision 'no-such-branch'\n    hint: use a branch, tag or commit of "
            "this repository, a directory, or a released version",
        ),
        ("HEAD..main", "K004 'HEAD..main' is not a valid git revision"),
        ("a b", "K004 'a b' is not a valid git revision"),
        ("$(id)", "K004 '$(id)' is not a valid git revision"),
    ],
)
def test_bad_git_revisions_are_usage_errors(repo: Path, ref: str, expected: str) -> None:
    code, out = run(["check", "--config", str(repo / "stele.yaml"), "--against", ref])
    assert (code, out) == (2, f"--against:1:1: error {expected}")


def test_directory_baseline(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p", releases=False)
    shutil.copytree(ROOT / "compat/releases/1.0.0", root / "old")
    code, doc = _check(
        "--against", str(root / "old"), "--no-verify", config=str(root / "stele.yaml")
    )
    assert code == 0  # the new symbols in responses are acknowledged (see above)
    assert doc["baselines"][0]["baseline"] == f"directory {(root / 'old').as_posix()}"


# ---------------------------------------------------------------------------------------------
# Verification by codecs
# ---------------------------------------------------------------------------------------------


def test_verification_catches_a_rule_that_misses_a_break(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stele.compat import project_check
    from stele.compat.catalogue import CheckerSettings

    root = copy_project(tmp_path / "p")
    edit(
        root / "contracts/delivery.yaml",
        "      name: string\n      vehicle",
        "      name: int32\n      vehicle",
    )
    real = project_check.available_checkers

    class Blind:
        """The Avro checker with every rule taken away."""

        format = "avro"

        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def load(self, files: dict[str, bytes]) -> object:
            return self.inner.load(files)

        def check(self, old: object, new: object, direction: object) -> list[object]:
            return []

    def blinded(
        formats: tuple[str, ...] | None = None, settings: CheckerSettings | None = None
    ) -> tuple[list[object], list[str]]:
        found, notes = real(formats, settings)
        return [Blind(c) if c.format == "avro" else c for c in found], notes

    monkeypatch.setattr(project_check, "available_checkers", blinded)
    code, doc = _check("--against", "1.1.0", config=str(root / "stele.yaml"))
    disagreements = [
        (f["rule"], f["severity"], f["format"], f["direction"], f["element"], f["message"])
        for f in doc["findings"]
        if f["rule"] == "opinions-disagree"
    ]
    # The blinded Avro checker says ok where the contract says error and a value does not
    # survive the codecs: the three opinions are told in one warning at the changed field.
    assert code == 1
    assert [d for d in disagreements if d[2] == "avro"] == [
        (
            "opinions-disagree",
            "warning",
            "avro",
            "backward",
            "food.delivery.Courier.name",
            "the opinions on food.delivery.Courier.name disagree (avro, backward): contract says "
            "error (contract-field-type-changed: readers of "
            "food.delivery.DeliveryService.GetDelivery on the new version cannot resolve `name`: "
            "string is not readable as int); the avro checker "
            "says ok; the codecs: a generated value did not survive",
        )
    ]
    # The codecs' own contradiction of the artifact rules is one of the three opinions now.
    assert [f for f in doc["findings"] if f["rule"] == "verify-contradiction"] == []


def test_a_contract_finding_carries_its_verdicts_detail() -> None:
    """`stele check`'s findings of contract rules carry the verdict's detail (the values its
    reason was rendered from), as the artifact findings carry theirs. The JSON output shows
    neither finding's detail: `Finding.to_json` has no place for it."""
    from stele.compat.check_run import run_check
    from stele.compat.model import VARIANT
    from stele.compat.settings import mode_map

    config = load_config(ROOT / "stele.yaml")
    run = run_check(config, None, mode_map(config), verify=False)
    (report,) = run.baselines
    assert report.verdicts is not None
    acknowledged = [a.finding for a in run.acknowledged]
    found = [
        pf
        for pf in [*report.findings, *acknowledged]
        if isinstance(pf, ProjectFinding) and pf.finding.rule == "contract-enum-symbol-added"
    ]
    assert [(pf.element, pf.finding.format, pf.finding.direction.value) for pf in found] == [
        ("food.delivery.DeliveryState.CANCELLED", "openapi", "backward")
    ]
    (pf,) = found
    (verdict,) = [
        v
        for v in report.verdicts
        if v.rule == pf.finding.rule
        and v.format == pf.finding.format
        and v.direction is pf.finding.direction
    ]
    assert pf.finding.detail == verdict.detail
    assert dict(pf.finding.detail) == {
        "default": "PENDING",
        "element": "food.delivery.DeliveryState.CANCELLED",
        "enum": "food.delivery.DeliveryState",
        "listed": "PENDING, SCHEDULED, PICKED_UP, DELIVERED",
        "new": "CANCELLED",
        "readers": "old clients of food.delivery.DeliveryService.GetDelivery",
        "side": "old",
        "symbol": "CANCELLED",
        VARIANT: "json.enum-symbol.3",
    }
    assert "detail" not in pf.to_json()
