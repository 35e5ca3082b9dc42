"""`stele check` on typical breaking edits of a copy of the example project: the exact report.

Each case edits the copy, checks it against a pristine copy (a directory baseline inside the
project, so old locations read `base/contracts/...`) and compares the findings (rule, severity,
format, direction, YAML locations) and the matrix with `tests/check_cases/<case>.json`.
`STELE_UPDATE_CASES=1` rewrites those files from the current checkers: read every change.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _check_helpers import copy_project, edit, run

CASES = Path(__file__).parent / "check_cases"


def _remove_field(root: Path) -> None:
    edit(root / "contracts/delivery.yaml", "      available: bool\n", "")


def _change_type(root: Path) -> None:
    edit(
        root / "contracts/delivery.yaml",
        "      name: string\n      vehicle",
        "      name: int32\n      vehicle",
    )


def _renumber(root: Path) -> None:
    # The lock is edited too: renumbering is only possible by deleting the lock's entry.
    edit(
        root / "contracts/delivery.yaml",
        "    fields:\n      id: {type: uuid, number: 1}\n      name: string",
        "    fields:\n      id: {type: uuid, number: 1}\n      name: {type: string, number: 7}",
    )
    edit(
        root / "compat/stele.lock",
        "      id: 1\n      name: 2\n      vehicle: 3\n",
        "      id: 1\n      vehicle: 3\n",
    )


def _rename_without_alias(root: Path) -> None:
    edit(
        root / "contracts/delivery.yaml",
        "      name: string\n      vehicle",
        "      full_name: string\n      vehicle",
    )


def _remove_enum_symbol(root: Path) -> None:
    edit(root / "contracts/delivery.yaml", "      SCOOTER: {}\n", "")


def _remove_rpc(root: Path) -> None:
    edit(
        root / "contracts/order.yaml",
        "      ListOrders:\n        style: request-response\n"
        "        doc: Lists orders, newest first.\n"
        "        request: ListOrdersRequest\n        response: OrderPage\n        errors: [400]\n"
        "        http:\n          method: GET\n          path: /orders\n"
        "          query: [consumer_id, state, page_size, page_token]\n",
        "",
    )


EDITS: dict[str, Callable[[Path], None]] = {
    "remove-field": _remove_field,
    "change-type": _change_type,
    "renumber": _renumber,
    "rename-without-alias": _rename_without_alias,
    "remove-enum-symbol": _remove_enum_symbol,
    "remove-rpc": _remove_rpc,
}


def check_edit(tmp_path: Path, change: Callable[[Path], None]) -> tuple[int, dict[str, Any]]:
    root = copy_project(tmp_path / "project", releases=False)
    base = root / "base"
    base.mkdir()
    for name in ("stele.yaml", "contracts", "compat"):
        src = root / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, base / name)
    change(root)
    code, out = run(
        [
            "check",
            "--config",
            str(root / "stele.yaml"),
            "--against",
            str(base),
            "--mode",
            "full",
            "--output",
            "json",
        ]
    )
    return code, json.loads(out)


def summarize(doc: dict[str, Any]) -> dict[str, object]:
    """The parts of the report that specify the behaviour (messages included)."""
    (only,) = doc["baselines"]
    findings = [
        {
            "rule": f["rule"],
            "severity": f["severity"],
            "format": f["format"],
            "direction": f["direction"],
            "element": f["element"],
            "message": f["message"],
            "old": _where(f["old"]),
            "new": _where(f["new"]),
        }
        for f in only["findings"]
    ]
    matrix = {row["element"] + f" ({row['change']})": row["cells"] for row in only["matrix"]}
    return {"compatible": doc["compatible"], "findings": findings, "matrix": matrix}


def _where(loc: dict[str, object] | None) -> str | None:
    return None if loc is None else f"{loc['path']}:{loc['line']}:{loc['column']}"


@pytest.mark.parametrize("case", sorted(EDITS))
def test_breaking_edit_report(case: str, tmp_path: Path) -> None:
    code, doc = check_edit(tmp_path, EDITS[case])
    got = {"exit": code, **summarize(doc)}
    expected_file = CASES / f"{case}.json"
    if os.environ.get("STELE_UPDATE_CASES"):
        CASES.mkdir(exist_ok=True)
        expected_file.write_text(json.dumps(got, indent=2) + "\n", encoding="utf-8")
    assert got == json.loads(expected_file.read_text(encoding="utf-8"))
    assert code == 1


def test_the_unedited_copy_is_compatible(tmp_path: Path) -> None:
    code, doc = check_edit(tmp_path, lambda root: None)
    assert (code, summarize(doc)) == (0, {"compatible": True, "findings": [], "matrix": {}})
