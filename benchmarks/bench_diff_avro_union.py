"""Benchmark: `stele diff` on Avro unions of many records (branch resolution must be near-linear).

A field whose type is a union of N records, each record renamed-compatible (one field gains a
default), is compared BACKWARD and FORWARD. Before branches were indexed by name, 1,000 branches
took 6 s and 10,000 more than 300 s. Run with `python benchmarks/bench_diff_avro_union.py`.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any


def union_schema(branches: int, with_default: bool) -> bytes:
    """A record with one field: a union of `branches` records, each with two fields."""
    records: list[dict[str, Any]] = []
    for i in range(branches):
        note: dict[str, Any] = {"name": "note", "type": "string"}
        if with_default:
            note["default"] = ""
        records.append(
            {
                "type": "record",
                "name": f"Branch{i}",
                "fields": [{"name": "id", "type": "long"}, note],
            }
        )
    top = {"type": "record", "name": "Top", "namespace": "bench", "fields": [
        {"name": "choice", "type": records}
    ]}  # fmt: skip
    return json.dumps(top).encode()


def measure(branches: int) -> tuple[float, int, int]:
    """Seconds for load + check in both directions, branch checks done, findings."""
    from stele.compat.avro import CHECKER
    from stele.compat.avro.pairing import Walk
    from stele.compat.model import Direction

    start = time.perf_counter()
    old = CHECKER.load({"top.avsc": union_schema(branches, False)})
    new = CHECKER.load({"top.avsc": union_schema(branches, True)})
    checks = findings = 0
    for direction in (Direction.BACKWARD, Direction.FORWARD):
        reader, writer = (new, old) if direction is Direction.BACKWARD else (old, new)
        walk = Walk(reader, writer, direction)
        walk.files(reader.files["top.avsc"], writer.files["top.avsc"])
        checks += walk.branch_checks
        findings += len(walk.findings)
    return time.perf_counter() - start, checks, findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--branches", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    print(f"{'branches':>9} {'seconds':>8} {'branch checks':>14} {'findings':>9}")
    for branches in args.branches:
        seconds, checks, findings = measure(branches)
        print(f"{branches:>9,} {seconds:>8.2f} {checks:>14,} {findings:>9}")


if __name__ == "__main__":
    main()
