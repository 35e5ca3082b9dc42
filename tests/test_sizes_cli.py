"""`stele sizes` end to end through the CLI: tables, budgets, --against, baseline, plot, hints."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from stele.cli.main import cli
from stele.diagnostics import SteleError

ROOT = Path(__file__).resolve().parent.parent

SHOP = """\
package: shop
types:
  Item:
    fields:
      sku: string
      price: float64
  Basket:
    fields:
      id: uuid
      items: list<Item>
      note: string?
messages:
  BasketUpdated:
    kind: event
    body: Basket
    examples:
      - name: one
        body: {id: 0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11, items: [{sku: A1, price: 0.5}]}
"""
ID = "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11"


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --output, reporting commands pick `github` under GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def project(root: Path, budgets: str = "", contract: str = SHOP) -> Path:
    (root / "contracts").mkdir(parents=True, exist_ok=True)
    (root / "stele.yaml").write_text(f"sources: [contracts]\n{budgets}", encoding="utf-8")
    (root / "contracts" / "shop.yaml").write_text(contract, encoding="utf-8")
    return root / "stele.yaml"


def sizes(config: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["sizes", "--config", str(config), *args])
    if isinstance(result.exception, SteleError):
        return 2, result.stdout, "\n".join(d.render() for d in result.exception.diagnostics)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_text_table(tmp_path: Path) -> None:
    code, out, _ = sizes(project(tmp_path), "--no-timing")
    assert code == 0
    assert out == (
        "Encoded bytes per sample (ratio to JSON)\n"
        "message             sample  json   protobuf       avro    msgpack       cbor\n"
        "------------------  ------  ----  ---------  ---------  ---------  ---------\n"
        "shop.BasketUpdated  one       80  53 (0.66)  51 (0.64)  72 (0.90)  72 (0.90)\n"
        "\n"
        "contracts/shop.yaml:6:7: info Z102 Item.price holds float32 values: saves protobuf 4"
        " bytes, avro 4 bytes over 1 sample\n"
        "    hint: float32 takes 4 bytes instead of 8 in Protobuf and Avro; use it if the"
        " precision is enough\n"
    )


def test_json_lists_bytes_per_message_and_example(tmp_path: Path) -> None:
    code, out, _ = sizes(project(tmp_path), "--no-timing", "--no-hints", "-o", "json")
    assert code == 0
    doc = json.loads(out)
    assert doc["messages"] == [
        {
            "name": "shop.BasketUpdated",
            "largest_bytes": {"json": 80, "protobuf": 53, "avro": 51, "msgpack": 72, "cbor": 72},
            "examples": [
                {
                    "name": "one",
                    "generated": False,
                    "bytes": {"json": 80, "protobuf": 53, "avro": 51, "msgpack": 72, "cbor": 72},
                    "ratio_to_json": {
                        "json": 1.0,
                        "protobuf": 0.66,
                        "avro": 0.64,
                        "msgpack": 0.9,
                        "cbor": 0.9,
                    },
                }
            ],
        }
    ]
    assert (doc["reference"], doc["timing"], doc["findings"]) == (None, None, [])


def test_timing_is_labelled_a_local_measurement(tmp_path: Path) -> None:
    code, out, _ = sizes(project(tmp_path), "--runs", "2", "-o", "json", "--no-hints")
    doc = json.loads(out)
    assert code == 0
    assert doc["timing"] == {
        "unit": "microseconds",
        "runs": 2,
        "loops": 20,
        "note": "local measurement: medians on this machine, not comparable across machines",
    }
    example = doc["messages"][0]["examples"][0]
    assert sorted(example["encode_us"]) == sorted(doc["formats"])
    assert all(t > 0 for t in [*example["encode_us"].values(), *example["decode_us"].values()])


def test_csv_and_markdown(tmp_path: Path) -> None:
    config = project(tmp_path)
    _, out, _ = sizes(config, "--no-timing", "--no-hints", "-o", "csv")
    assert out.splitlines()[:3] == [
        "owner,sample,generated,format,bytes,ratio_to_json,change_bytes,encode_us,decode_us",
        "shop.BasketUpdated,one,false,json,80,1.0,,,",
        "shop.BasketUpdated,one,false,protobuf,53,0.66,,,",
    ]
    _, out, _ = sizes(config, "--no-timing", "--no-hints", "-o", "markdown")
    assert out == (
        "**Encoded bytes per sample (ratio to JSON)**\n\n"
        "| message | sample | json | protobuf | avro | msgpack | cbor |\n"
        "|---|---|---:|---:|---:|---:|---:|\n"
        "| shop.BasketUpdated | one | 80 | 53 (0.66) | 51 (0.64) | 72 (0.90) | 72 (0.90) |\n"
    )


def test_a_message_over_budget_fails_the_check(tmp_path: Path) -> None:
    budgets = "budgets:\n  max_bytes: 1000\n  messages:\n    shop.BasketUpdated:\n"
    budgets += "      max_bytes: {protobuf: 50}\n"
    config = project(tmp_path, budgets)
    code, out, err = sizes(config, "--no-timing", "--no-hints", "--check")
    assert code == 1
    assert out.splitlines()[-2:] == [
        "contracts/shop.yaml:13:3: error Z010 shop.BasketUpdated: protobuf is 53 bytes, over its"
        " budget of 50 bytes",
        "    hint: shrink the message or raise budgets.max_bytes in stele.yaml",
    ]
    assert err == "1 size budget exceeded\n"
    # Without --check the finding is shown and the exit code stays 0.
    assert sizes(config, "--no-timing", "--no-hints")[0] == 0
    # Within budget: no finding.
    project(tmp_path, budgets.replace("50", "53"))
    code, out, _ = sizes(config, "--no-timing", "--no-hints", "--check")
    assert code == 0 and "Z010" not in out


@pytest.mark.parametrize(
    ("budgets", "message"),
    [
        (
            "budgets: 12\n",
            "budgets: expected a mapping with max_bytes, max_growth_percent and messages",
        ),
        ("budgets:\n  max_byte: 3\n", "budgets: unknown key 'max_byte'"),
        ("budgets:\n  max_bytes: {xml: 3}\n", "budgets: budgets.max_bytes: unknown format 'xml'"),
        (
            "budgets:\n  messages: {shop.Nope: {max_bytes: 1}}\n",
            "budgets: unknown message 'shop.Nope'",
        ),
    ],
)
def test_malformed_budgets_are_config_errors(tmp_path: Path, budgets: str, message: str) -> None:
    code, _, err = sizes(project(tmp_path, budgets), "--no-timing")
    assert code == 2
    assert err.splitlines()[0] == f"stele.yaml:2:1: error Z001 {message}"


GROWN = SHOP.replace(
    "items: [{sku: A1, price: 0.5}]}", "items: [{sku: A1, price: 0.5}], note: gift}"
)


def test_against_a_directory_shows_the_change_and_fails_on_growth(tmp_path: Path) -> None:
    old = project(tmp_path / "old")
    new = project(tmp_path / "new", "budgets:\n  max_growth_percent: 10\n", GROWN)
    code, out, _ = sizes(new, "--no-timing", "--no-hints", "--against", str(old.parent))
    assert code == 0
    assert out.splitlines()[:4] == [
        f"Encoded bytes per sample (ratio to JSON), change against directory {old.parent.as_posix()}",
        "message             sample    json      protobuf          avro        msgpack           cbor",
        "------------------  ------  ------  ------------  ------------  -------------  -------------",
        "shop.BasketUpdated  one     94 +14  59 (0.63) +6  56 (0.60) +5  82 (0.87) +10  82 (0.87) +10",
    ]
    code, out, _ = sizes(
        new, "--no-timing", "--no-hints", "--check", "-o", "json", "--against", str(old.parent)
    )
    doc = json.loads(out)
    assert code == 1
    assert doc["messages"][0]["largest_change_bytes"] == {
        "json": 14,
        "protobuf": 6,
        "avro": 5,
        "msgpack": 10,
        "cbor": 10,
    }
    assert [f["message"] for f in doc["findings"]] == [
        f"shop.BasketUpdated: {fmt} grew {pct} ({a} -> {b} bytes) against directory "
        f"{old.parent.as_posix()}, over the 10% allowed"
        for fmt, pct, a, b in [
            ("cbor", "13.9%", 72, 82),
            ("json", "17.5%", 80, 94),
            ("msgpack", "13.9%", 72, 82),
            ("protobuf", "11.3%", 53, 59),
        ]
    ]


def test_update_baseline_then_check_growth_against_it(tmp_path: Path) -> None:
    config = project(tmp_path, "budgets:\n  max_growth_percent: {json: 5}\n")
    code, _, err = sizes(config, "--no-timing", "--update-baseline")
    baseline = tmp_path / "compat" / "sizes.json"
    assert code == 0 and err == "updated compat/sizes.json\n"
    assert json.loads(baseline.read_text("utf-8")) == {
        "stele_sizes": 1,
        "formats": ["json", "protobuf", "avro", "msgpack", "cbor"],
        "sizes": {
            "shop.BasketUpdated": {
                "one": {"json": 80, "protobuf": 53, "avro": 51, "msgpack": 72, "cbor": 72}
            }
        },
    }
    first = baseline.read_bytes()
    sizes(config, "--no-timing", "--update-baseline")
    assert baseline.read_bytes() == first
    (tmp_path / "contracts" / "shop.yaml").write_text(GROWN, encoding="utf-8")
    code, out, _ = sizes(config, "--no-timing", "--no-hints", "--check")
    assert code == 1
    assert out.splitlines()[-2] == (
        "contracts/shop.yaml:13:3: error Z011 shop.BasketUpdated: json grew 17.5% (80 -> 94 bytes)"
        " against compat/sizes.json, over the 5% allowed"
    )
    # --against a baseline file shows the change per format.
    _, out, _ = sizes(config, "--no-timing", "--no-hints", "-o", "csv", "--against", str(baseline))
    assert out.splitlines()[1] == "shop.BasketUpdated,one,false,json,94,1.0,14,,"


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (
            "<<<<<<< HEAD\n",
            "cannot read the size baseline: Expecting value: line 1 column 1 (char 0)",
        ),
        ("", "cannot read the size baseline: Expecting value: line 1 column 1 (char 0)"),
        ("[1, 2]\n", 'not a size baseline (expected "stele_sizes": 1)'),
    ],
)
def test_a_damaged_committed_baseline_is_bad_input(
    tmp_path: Path, damage: str, message: str
) -> None:
    """A conflict-marked or truncated compat/sizes.json is an error, not a silent skip of every
    growth budget."""
    config = project(tmp_path, "budgets:\n  max_growth_percent: 5\n")
    (tmp_path / "compat").mkdir()
    (tmp_path / "compat" / "sizes.json").write_text(damage, encoding="utf-8")
    code, _, err = sizes(config, "--no-timing", "--check")
    assert code == 2
    assert err.splitlines() == [
        f"compat/sizes.json:1:1: error Z020 {message}",
        "    hint: write one with `stele sizes --update-baseline`",
    ]


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_against_a_git_revision(tmp_path: Path) -> None:
    config = project(tmp_path)
    git = [
        "git",
        "-c",
        "user.email=t@example.com",
        "-c",
        "user.name=t",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "add", "."], check=True)
    subprocess.run([*git, "-C", str(tmp_path), "commit", "-qm", "v1"], check=True)
    (tmp_path / "contracts" / "shop.yaml").write_text(GROWN, encoding="utf-8")
    code, out, _ = sizes(config, "--no-timing", "--no-hints", "-o", "csv", "--against", "HEAD")
    assert code == 0
    assert out.splitlines()[1:3] == [
        "shop.BasketUpdated,one,false,json,94,1.0,14,,",
        "shop.BasketUpdated,one,false,protobuf,59,0.63,6,,",
    ]
    code, _, err = sizes(config, "--no-timing", "--against", "--upload-pack=evil")
    assert code == 2 and "is not" in err


def test_plot_is_a_deterministic_svg(tmp_path: Path) -> None:
    config = project(tmp_path)
    plot = tmp_path / "sizes.svg"
    sizes(config, "--no-timing", "--plot", str(plot))
    first = plot.read_bytes()
    sizes(config, "--no-timing", "--plot", str(plot))
    assert plot.read_bytes() == first
    svg = ET.fromstring(first)
    titles = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")]
    assert titles == [
        "shop.BasketUpdated json: 80 bytes",
        "shop.BasketUpdated protobuf: 53 bytes",
        "shop.BasketUpdated avro: 51 bytes",
        "shop.BasketUpdated msgpack: 72 bytes",
        "shop.BasketUpdated cbor: 72 bytes",
    ]


NUMBERED = """\
package: shop
types:
  Tagged:
    fields:
      id: {type: string, number: 1}
      label: {type: string, number: 16}
      rare: {type: string?, number: 17}
      count: {type: int64, number: 2}
      ref: {type: string, number: 3}
messages:
  Tag:
    kind: event
    body: Tagged
    examples:
      - name: a
        body: {id: x, label: hello, count: 7, ref: 0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11}
      - name: b
        body: {id: y, label: world, count: 9, ref: 3c9d2e1f-4b5a-4c6d-8e7f-9a0b1c2d3e4f}
"""


def test_hints_only_where_the_bytes_shrink(tmp_path: Path) -> None:
    code, out, _ = sizes(project(tmp_path, contract=NUMBERED), "--no-timing", "-o", "json")
    assert code == 0
    findings = [(f["code"], f["line"], f["message"]) for f in json.loads(out)["findings"]]
    # label (number 16, in every sample) would save a byte per sample as number 4; rare is never
    # present; count holds int32 values and ref holds UUIDs, but varints and the uuid mapping
    # make those free in every binary format, so no hint.
    assert findings == [
        (
            "Z101",
            6,
            "Tagged.label is numbered 16: its Protobuf tag takes 2 bytes: saves protobuf 2 bytes"
            " over 2 samples",
        )
    ]


def test_example_project_baseline_is_current() -> None:
    """compat/sizes.json is what `stele sizes --update-baseline` writes for the example."""
    from stele.encode import Codecs
    from stele.sizes.baseline import dump_baseline
    from stele.sizes.measure import collect_samples, measure
    from stele.source.config_reader import load_config
    from stele.workspace import open_workspace

    ws = open_workspace(load_config(ROOT / "stele.yaml"))
    report = measure(Codecs.from_workspace(ws), collect_samples(ws.project))
    assert dump_baseline(report) == (ROOT / "compat" / "sizes.json").read_text("utf-8")


def test_output_is_identical_across_hash_seeds(tmp_path: Path) -> None:
    import os
    import sys

    config = project(tmp_path)
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = ["sizes", "--config", str(config), "--no-timing", "-o", "json", "--generate", "3"]
        done = subprocess.run(
            [sys.executable, "-m", "stele", *args, "--plot", str(tmp_path / f"{seed}.svg")],
            capture_output=True,
            env=env,
            check=True,
        )
        outputs.add(done.stdout + (tmp_path / f"{seed}.svg").read_bytes())
    assert len(outputs) == 1


OVER_BUDGET = "budgets:\n  messages:\n    shop.BasketUpdated:\n      max_bytes: {protobuf: 50}\n"
BUDGET_LINE = (
    "contracts/shop.yaml:13:3: error Z010 shop.BasketUpdated: protobuf is 53 bytes, over its"
    " budget of 50 bytes"
)
HINT_LINE = (
    "contracts/shop.yaml:6:7: info Z102 Item.price holds float32 values: saves protobuf 4"
    " bytes, avro 4 bytes over 1 sample"
)


def test_check_reports_findings_in_every_report_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_report_snapshots import validate_sarif

    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    config = project(tmp_path, OVER_BUDGET)
    code, out, err = sizes(config, "--no-timing", "--check", "-o", "github")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "::notice file=contracts/shop.yaml,line=6,col=7,title=Z102::Item.price holds float32"
        " values: saves protobuf 4 bytes, avro 4 bytes over 1 sample%0Ahint: float32 takes 4"
        " bytes instead of 8 in Protobuf and Avro; use it if the precision is enough",
        "::error file=contracts/shop.yaml,line=13,col=3,title=Z010::shop.BasketUpdated: protobuf"
        " is 53 bytes, over its budget of 50 bytes%0Ahint: shrink the message or raise"
        " budgets.max_bytes in stele.yaml",
        "1 error, 0 warnings, 1 info",
    ]
    code, out, _ = sizes(config, "--no-timing", "--check", "-o", "sarif")
    validate_sarif(out)
    run = json.loads(out)["runs"][0]
    assert code == 1
    assert [(r["ruleId"], r["level"]) for r in run["results"]] == [
        ("Z102", "note"),
        ("Z010", "error"),
    ]
    code, out, _ = sizes(config, "--no-timing", "--check", "-o", "junit")
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert (code, suite.get("tests"), suite.get("failures")) == (1, "1", "1")
    case = suite.find("testcase")
    assert case is not None and case.get("name") == "contracts/shop.yaml"
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "Z010"


def test_check_json_keeps_the_sizes_form_and_adds_the_report(tmp_path: Path) -> None:
    code, out, _ = sizes(project(tmp_path, OVER_BUDGET), "--no-timing", "--check", "-o", "json")
    doc = json.loads(out)
    assert code == 1
    assert [f["code"] for f in doc["findings"]] == ["Z102", "Z010"]  # the sizes form
    assert [(r["rule"], r["check"]) for r in doc["results"]] == [
        ("Z102", "contracts/shop.yaml"),
        ("Z010", "contracts/shop.yaml"),
    ]
    assert (doc["command"], doc["summary"]) == (
        "sizes",
        {"errors": 1, "warnings": 0, "infos": 1, "files": None},
    )
    # Without --check the JSON is the size table alone.
    _, out, _ = sizes(project(tmp_path, OVER_BUDGET), "--no-timing", "-o", "json")
    assert "results" not in json.loads(out)


def test_check_fail_on_and_exit_zero(tmp_path: Path) -> None:
    config = project(tmp_path, OVER_BUDGET)
    code, out, err = sizes(config, "--no-timing", "--check", "--exit-zero")
    assert (code, err) == (0, "1 size budget exceeded\n")
    assert out.splitlines()[-4:] == [
        HINT_LINE,
        "    hint: float32 takes 4 bytes instead of 8 in Protobuf and Avro; use it if the"
        " precision is enough",
        BUDGET_LINE,
        "    hint: shrink the message or raise budgets.max_bytes in stele.yaml",
    ]
    within = project(tmp_path, OVER_BUDGET.replace("50", "60"))
    assert sizes(within, "--no-timing", "--check")[0] == 0
    code, _, err = sizes(within, "--no-timing", "--check", "--fail-on", "info")
    assert (code, err) == (1, "1 other finding at or above --fail-on\n")


def test_check_under_github_actions_prints_annotations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project(tmp_path, OVER_BUDGET)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert sizes(config, "--no-timing", "--check") == sizes(
        config, "--no-timing", "--check", "-o", "github"
    )
    # Without --check the table is what is asked for.
    assert sizes(config, "--no-timing")[1].startswith("Encoded bytes per sample")
