"""Benchmark: stele's Protobuf checker against `buf breaking` on a 50-file, 1,000-message tree.

Generates the tree and a copy with 20 planted breaking changes in a temporary directory, then
times (median of 5) stele's load + check in both directions and `buf breaking` with WIRE_JSON.
Run with `python benchmarks/bench_diff_protobuf.py`.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

FILES = 50
MESSAGES_PER_FILE = 20
PLANTED = 20
RUNS = 5


def message(file: int, index: int) -> str:
    fields = [
        "  string id = 1;",
        "  int32 quantity = 2;",
        "  repeated string tags = 3;",
        f"  Kind{file} kind = 4;",
        "  map<string, int64> counters = 5;",
        "  oneof choice {\n    string text = 6;\n    bytes raw = 7;\n  }",
        "  double price = 8;",
    ]
    if index:
        fields.append(f"  Msg{file}x{index - 1} previous = 9;")
    return f"message Msg{file}x{index} {{\n" + "\n".join(fields) + "\n}\n"


def proto_file(file: int) -> str:
    parts = [f'syntax = "proto3";\n\npackage bench.p{file};\n']
    parts += [message(file, i) for i in range(MESSAGES_PER_FILE)]
    parts.append(f"enum Kind{file} {{\n  KIND{file}_UNSPECIFIED = 0;\n  KIND{file}_A = 1;\n}}\n")
    parts.append(f"service Svc{file} {{\n  rpc Get(Msg{file}x0) returns (Msg{file}x1);\n}}\n")
    return "\n".join(parts)


def plant(text: str, file: int) -> str:
    """One breaking change per file, of a few kinds, for the first PLANTED files."""
    kind = file % 4
    if kind == 0:
        return text.replace("  int32 quantity = 2;", "  string quantity = 2;", 1)
    if kind == 1:
        return text.replace("  repeated string tags = 3;\n", "", 1)
    if kind == 2:
        return text.replace("  string id = 1;", "  string ident = 1;", 1)
    return text.replace("returns (Msg", "returns (stream Msg", 1)


def write_trees(root: Path) -> tuple[Path, Path]:
    old, new = root / "old", root / "new"
    for tree in (old, new):
        (tree / "bench").mkdir(parents=True)
        (tree / "buf.yaml").write_text("version: v2\nbreaking:\n  use:\n    - WIRE_JSON\n")
    for file in range(FILES):
        text = proto_file(file)
        (old / "bench" / f"p{file}.proto").write_text(text)
        changed = plant(text, file) if file < PLANTED else text
        (new / "bench" / f"p{file}.proto").write_text(changed)
    return old, new


def median_seconds(action: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run_stele(old: Path, new: Path) -> int:
    from stele.compat.diff import read_artifacts
    from stele.compat.model import Direction
    from stele.compat.protobuf import ProtobufChecker

    checker = ProtobufChecker("wire_json")
    old_schema = checker.load(read_artifacts(old, "protobuf"))
    new_schema = checker.load(read_artifacts(new, "protobuf"))
    findings = [
        f
        for direction in (Direction.BACKWARD, Direction.FORWARD)
        for f in checker.check(old_schema, new_schema, direction)
    ]
    return sum(f.severity.value == "error" for f in findings)


def run_buf(buf: str, root: Path) -> int:
    done = subprocess.run(
        [buf, "breaking", "new", "--against", "old", "--error-format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return len(done.stdout.splitlines())


def main() -> None:
    buf = shutil.which("buf") or str(Path(sys.executable).parent / "buf")
    with tempfile.TemporaryDirectory(prefix="stele-bench-") as tmp:
        root = Path(tmp)
        old, new = write_trees(root)
        rows = [
            ("stele (load + check, both directions)", *median_seconds(lambda: run_stele(old, new)))
        ]
        if Path(buf).exists():
            rows.append(("buf breaking (WIRE_JSON)", *median_seconds(lambda: run_buf(buf, root))))
        else:
            print("buf not found: only stele is timed")
    print(
        f"{FILES} files, {FILES * MESSAGES_PER_FILE} messages, {PLANTED} planted breaking changes"
    )
    print(f"{'tool':<40} {'median s':>9} {'findings':>9}")
    for name, seconds, count in rows:
        print(f"{name:<40} {seconds:>9.3f} {count!s:>9}")


if __name__ == "__main__":
    main()
