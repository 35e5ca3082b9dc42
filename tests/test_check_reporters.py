"""`stele check` through the CLI in every output format (snapshots of exit code and output, SARIF
validated against the official schema), and its caches: findings reused on an unchanged project,
nothing written into a baseline."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from _check_helpers import drop_cancelled_ack, run
from test_report_snapshots import copy_example, plant, snapshot, validate_sarif

from stele.report import OUTPUTS

ACK = (
    "    acknowledge:\n"
    "      - {rule: openapi-response-property-removed, reason: no client reads legacy_code}\n"
)


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("STELE_TODAY", "2026-11-25")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project with a field removed from Order, one of its findings acknowledged,
    judged under the strict JSON policy (under the lenient one, removing an optional property
    breaks no JSON reader)."""
    root = copy_example(tmp_path_factory.mktemp("check"))
    with (root / "stele.yaml").open("a", encoding="utf-8") as out:
        out.write("policies:\n  json: strict\n")
    plant(
        root,
        "contracts/order.yaml",
        '      legacy_code: {type: string?, deprecated: "use id instead"}\n',
        "",
    )
    anchor = "    doc: An order placed by a consumer at one restaurant.\n"
    plant(root, "contracts/order.yaml", anchor, anchor + ACK)
    return root


def check(root: Path, *args: str) -> tuple[int, str]:
    return run(["check", "--config", str(root / "stele.yaml"), "--no-verify", *args])


@pytest.mark.parametrize("output", OUTPUTS)
def test_check_reporters(broken: Path, output: str) -> None:
    code, out = check(broken, "-o", output)
    snapshot(f"check-cli/{output}.txt", code, out)
    if output == "sarif":
        validate_sarif(out)


def test_fail_on_and_exit_zero(broken: Path) -> None:
    assert check(broken, "--exit-zero")[0] == 0
    clean = copy_example(broken.parent / "clean")
    assert check(clean)[0] == 0  # the new enum value in a response is acknowledged
    drop_cancelled_ack(clean)
    assert check(clean)[0] == 1  # a new enum value in a response: old validating clients
    # With the rule lowered to a warning (severity overrides apply to contract rules too):
    with (clean / "stele.yaml").open("a", encoding="utf-8") as config_file:
        config_file.write("rules:\n  contract-enum-symbol-added: warning\n")
    assert check(clean)[0] == 0
    assert check(clean, "--fail-on", "warning")[0] == 1
    code, out = check(clean, "--fail-on", "warning", "-o", "json")
    assert (code, json.loads(out)["compatible"]) == (1, False)


def test_github_output_is_picked_under_github_actions(
    broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert check(broken) == check(broken, "-o", "github")


def test_transitive_results_name_their_release(broken: Path) -> None:
    # A break against both releases: OrderState.CANCEL_PENDING removed (old writers send it).
    root = broken.parent / "transitive"
    shutil.copytree(broken, root)
    plant(
        root, "contracts/order.yaml", "REJECTED, CANCEL_PENDING, CANCELLED]", "REJECTED, CANCELLED]"
    )
    code, out = check(root, "--transitive", "-o", "json")
    doc = json.loads(out)
    assert code == 1
    removed = "contract-enum-symbol-removed"
    assert [
        (r["rule"], r["check"], r["line"], r["message"][-15:])
        for r in doc["results"]
        if r["rule"] == removed
    ] == [
        (removed, "backward (against 1.0.0)", 10, "(against 1.0.0)"),
        (removed, "backward (against 1.1.0)", 10, "(against 1.1.0)"),
    ]
    fingerprints = [r["fingerprint"] for r in doc["results"]]
    assert len(set(fingerprints)) == len(fingerprints)
    # The planted acknowledgement excuses the break against both releases, and so do the
    # example project's own (Order.delivery_address became optional after 1.1.0; the new
    # DeliveryState and VehicleType symbols).
    assert [(a["rule"], a["baseline"], a["element"]) for a in doc["acknowledged"]] == [
        (rule, release, element)
        for release in ("1.1.0", "1.0.0")
        for rule, element in (
            *(
                [("contract-enum-symbol-added", "food.delivery.VehicleType.CAR")]
                if release == "1.0.0"
                else []
            ),
            ("contract-enum-symbol-added", "food.delivery.DeliveryState.CANCELLED"),
            ("contract-field-removed", "food.order.Order.legacy_code"),
            ("contract-field-optionality-changed", "food.order.Order.delivery_address"),
        )
    ]


@pytest.mark.usefixtures("stele_cache")
def test_findings_are_cached_and_baselines_are_never_written(
    broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stele.compat import check_cache

    root = copy_example(tmp_path)
    first = check(root, "-o", "json")
    entries = sorted((root / ".stele-cache/check").iterdir())
    assert len(entries) == 1

    def fail(*args: object) -> object:
        raise AssertionError("the checkers ran on an unchanged project")

    monkeypatch.setattr(check_cache, "check_sides", fail)
    assert check(root, "-o", "json") == first
    # Nothing lands in the release that was the baseline.
    release = root / "compat/releases/1.1.0"
    assert sorted(p.name for p in release.iterdir()) == ["compat", "contracts", "stele.yaml"]
    # A change to the contracts is a new entry; STELE_NO_CACHE bypasses the cache.
    monkeypatch.undo()
    plant(root, "contracts/delivery.yaml", "      available: bool\n", "")
    changed = check(root, "-o", "json")
    assert changed[0] == 1
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    assert check(root, "-o", "json") == changed
    assert len(list((root / ".stele-cache/check").iterdir())) == 2


@pytest.mark.usefixtures("stele_cache")
def test_a_corrupt_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    first = check(root)
    (entry,) = (root / ".stele-cache/check").iterdir()
    entry.write_text('{"formats": ["avro"], "notes": [], "findings": [{"rule": 1', "utf-8")
    assert check(root) == first
    assert json.loads(entry.read_text("utf-8"))["formats"] == [
        "avro",
        "protobuf",
        "jsonschema",
        "openapi",
        "asyncapi",
    ]
