"""Benchmark: the contract diff and the judges on the 1,000-type synthetic project.

Writes two versions of `synthetic.py`'s project (1,000 records of 10 fields in 20 packages): the
second adds an optional field to every record and widens every `int32` `field_2` to `int64`.
Times (median of 5) `diff_projects` and `judge_all` for the five formats in both directions.
Run with `python benchmarks/bench_contract_judges.py [--types N]`.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_project

from stele.compat.contract.diff import diff_projects
from stele.compat.contract.judges import FORMATS, Policy, judge_all
from stele.compat.model import Direction
from stele.source.loader import load_project

RUNS = 5


def evolve(root: Path) -> None:
    for path in sorted((root / "contracts").glob("*.yaml")):
        text = re.sub(r"(\n    fields:\n)", r"\1      added_field: string?\n", path.read_text())
        path.write_text(text.replace("      field_2: int32\n", "      field_2: int64\n"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old_root, new_root = Path(tmp) / "old", Path(tmp) / "new"
        for root in (old_root, new_root):
            write_project(root, args.types, 10, 20)
        evolve(new_root)
        old = load_project([old_root / "contracts"], old_root)
        new = load_project([new_root / "contracts"], new_root)
        diff_times, judge_times = [], []
        changes, verdicts = [], []
        for _ in range(RUNS):
            start = time.perf_counter()
            changes = diff_projects(old, new)
            middle = time.perf_counter()
            verdicts = judge_all(changes, FORMATS, list(Direction), Policy(), old, new)
            diff_times.append(middle - start)
            judge_times.append(time.perf_counter() - middle)
    print(f"| step ({args.types} types) | median of {RUNS} | output |")
    print("|---|---|---|")
    print(f"| diff_projects | {statistics.median(diff_times):.3f} s | {len(changes)} changes |")
    print(
        f"| judge_all, 5 formats x 2 directions | {statistics.median(judge_times):.3f} s "
        f"| {len(verdicts)} verdicts |"
    )


if __name__ == "__main__":
    main()
