"""`stele import protobuf` of a generated tree of 1,000 messages (with nested types, enums,
maps, oneofs and services, in 50 files under 10 packages that import each other), with and
without the fidelity proof (generate the .proto files back and diff both ways).

    python benchmarks/bench_import.py [--messages 1000] [--repeat 3]

Each run imports into a fresh project in a temporary folder, in a child process (`stele import`
as a user runs it); the median wall time of --repeat runs is printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILES = 50
PACKAGES = 10


def proto_tree(root: Path, messages: int) -> None:
    """`messages` messages in FILES files; every file imports the previous one of its package."""
    per_file = max(1, messages // FILES)
    for f in range(FILES):
        package = f"bench.p{f % PACKAGES}"
        lines = ['syntax = "proto3";', "", f"package {package};", ""]
        lines.append('import "google/protobuf/timestamp.proto";')
        previous = f - PACKAGES
        if previous >= 0:
            lines.append(f'import "bench/f{previous}.proto";')
        lines.append("")
        lines.append(f"enum Kind{f} {{")
        lines.append(f"  KIND{f}_UNSPECIFIED = 0;")
        lines.extend(f"  KIND{f}_V{k} = {k};" for k in range(1, 4))
        lines.append("}")
        for m in range(per_file):
            name = f"M{f}x{m}"
            lines.append(f"// Message {name}.")
            lines.append(f"message {name} {{")
            lines.append("  string id = 1;")
            lines.append("  int64 count = 2;")
            lines.append("  google.protobuf.Timestamp at = 3;")
            lines.append(f"  Kind{f} kind = 4;")
            lines.append("  map<string, string> labels = 5;")
            lines.append("  repeated Item items = 6;")
            lines.append("  message Item {")
            lines.append("    string sku = 1;")
            lines.append("    int32 quantity = 2;")
            lines.append("  }")
            if m > 0:
                lines.append(f"  M{f}x{m - 1} previous = 7;")
            if previous >= 0 and m == 0:
                lines.append(f"  M{previous}x0 other = 8;")
            lines.append("  reserved 9, 10;")
            lines.append("}")
        lines.append(f"message Get{f}Request {{")
        lines.append("  string id = 1;")
        lines.append("}")
        lines.append(f"service Service{f} {{")
        lines.append(f"  rpc Get{f}(Get{f}Request) returns (M{f}x0);")
        lines.append("}")
        path = root / "bench" / f"f{f}.proto"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_once(tree: Path, proof: bool) -> float:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
        args = [sys.executable, "-m", "stele", "import", "protobuf", str(tree)]
        start = time.perf_counter()
        done = subprocess.run(
            [*args, *([] if proof else ["--no-proof"])],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"stele import failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        proto_tree(tree, options.messages)
        size = sum(p.stat().st_size for p in tree.rglob("*.proto"))
        print(
            f"tree: {options.messages} messages (+ as many nested), {FILES} files, {size:,} bytes"
        )
        print(f"{'run':<34} {'median s':>9}")
        for title, proof in (("import, no proof", False), ("import + fidelity proof", True)):
            times = [run_once(tree, proof) for _ in range(options.repeat)]
            print(f"{title:<34} {statistics.median(times):>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
