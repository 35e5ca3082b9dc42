"""Start-up and lint time of the CLI on the example project, end to end (wall clock).

    python benchmarks/bench_startup.py [--repeat 10]

Runs `stele --version` and `stele lint` as subprocesses from the repository root and prints the
median and best of --repeat runs, and which heavy modules `stele lint` imported (none should be).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("grpc_tools", "google.protobuf", "fastavro", "jsonschema", "openapi_spec_validator",
         "datamodel_code_generator", "schemathesis", "pydantic")  # fmt: skip


def stele() -> list[str]:
    exe = Path(sys.executable).parent / "stele"
    return [str(exe)] if exe.exists() else [shutil.which("stele") or "stele"]


def timed(cmd: list[str], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=False, capture_output=True)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs)


def heavy_imports_of_lint() -> list[str]:
    code = (
        "import sys\n"
        "from stele.cli.main import cli\n"
        "try:\n    cli.main(['lint'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("HEAVY="))
    return [m for m in line.removeprefix("HEAVY=").split(",") if m]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print(f"{'command':32} {'median s':>9} {'best s':>9}")
    for label, cmd in (
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("stele --version", [*stele(), "--version"]),
        ("stele lint (example project)", [*stele(), "lint"]),
    ):
        median, best = timed(cmd, args.repeat)
        print(f"{label:32} {median:9.3f} {best:9.3f}")
    print(f"heavy modules imported by lint: {', '.join(heavy_imports_of_lint()) or 'none'}")


if __name__ == "__main__":
    main()
