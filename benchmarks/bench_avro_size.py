"""Bytes of Avro that `stele generate` writes for the synthetic project of the scale issue.

    python benchmarks/bench_avro_size.py [--types 1000] [--fields 10]

The project: --types models, 20 % of the fields references to an earlier model, 50 enums, 100
gRPC and 100 HTTP operations (benchmarks/synthetic.py). `stele generate --format avro` runs in a
subprocess, as a user runs it; the figures are the bytes of the files under codegen/avro, split
into the per-type files, the per-message files and index.json. Bytes are deterministic: one run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_project


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", type=int, default=1000)
    parser.add_argument("--fields", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_project(root, args.types, args.fields, 20, refs=0.2, enums=50, rpcs=100, rest=100)
        stele = Path(sys.executable).parent / "stele"
        done = subprocess.run(
            [str(stele), "generate", "--format", "avro"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(done.stdout + done.stderr, file=sys.stderr)
            return 1
        avro = root / "codegen" / "avro"
        files = [p for p in avro.rglob("*") if p.is_file()]
        messages = [p for p in files if p.relative_to(avro).parts[0] == "messages"]
        per_type = [p for p in files if p.suffix == ".avsc" and p not in messages]
        total = sum(p.stat().st_size for p in files)
        rows = [
            ("per-type files", len(per_type), sum(p.stat().st_size for p in per_type)),
            ("per-message files", len(messages), sum(p.stat().st_size for p in messages)),
            ("index.json", 1, (avro / "index.json").stat().st_size),
            ("all", len(files), total),
        ]
        print(f"Avro output of stele generate, {args.types} models, 20 % references")
        print(f"{'files':<20} {'count':>6} {'bytes':>12}")
        for name, count, size in rows:
            print(f"{name:<20} {count:>6} {size:>12,}")
        largest = max(files, key=lambda p: p.stat().st_size)
        print(f"largest file: {largest.stat().st_size:,} bytes ({largest.relative_to(avro)})")
        print(f"avro output bytes: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
