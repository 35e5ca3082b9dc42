"""Benchmark: `stele diff --format protobuf` against `buf breaking`, both as the command line runs.

For a 10-file and a 50-file tree (20 messages, an enum and a service per file), generates the
tree and a copy with planted breaking changes (two files in five) in a temporary directory, with
a buf.yaml that selects WIRE_JSON (stele reads it too). Then times the two commands' processes,
wall clock from start to exit, interleaved (stele, buf, buf, stele, ...) so that both meet the
same machine load, after one warm-up run each, and prints the medians, their ratio and the
findings each reported; also the CPU seconds each used (user and system, all threads), which
depend less on the machine's other load than wall time.
Run with `python benchmarks/bench_diff_protobuf.py [--runs N]`.

The targets (issue #14): stele at most half of buf's time on the 50-file tree, at most buf's
time on the 10-file tree. Both ratios are printed, wall and CPU, each with its verdict, and the
load average before and after (the wall ratio depends on the machine's other load: buf compiles
on both cores of an idle machine).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SIZES = (10, 50)
MESSAGES_PER_FILE = 20
RUNS = 9
TARGETS = {10: 1.0, 50: 0.5}
# As installed: Python writes the bytecode of the modules it compiles (the warm-up run does), so
# PYTHONDONTWRITEBYTECODE, set on some machines, does not make every run compile stele anew.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


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
    """One breaking change per planted file, of a few kinds."""
    kind = file % 4
    if kind == 0:
        return text.replace("  int32 quantity = 2;", "  string quantity = 2;", 1)
    if kind == 1:
        return text.replace("  repeated string tags = 3;\n", "", 1)
    if kind == 2:
        return text.replace("  string id = 1;", "  string ident = 1;", 1)
    return text.replace("returns (Msg", "returns (stream Msg", 1)


def write_trees(root: Path, files: int) -> tuple[Path, Path]:
    old, new = root / "old", root / "new"
    for tree in (old, new):
        (tree / "bench").mkdir(parents=True)
        (tree / "buf.yaml").write_text("version: v2\nbreaking:\n  use:\n    - WIRE_JSON\n")
    planted = files * 2 // 5
    for file in range(files):
        text = proto_file(file)
        (old / "bench" / f"p{file}.proto").write_text(text)
        changed = plant(text, file) if file < planted else text
        (new / "bench" / f"p{file}.proto").write_text(changed)
    return old, new


def stele_command() -> list[str]:
    script = Path(sys.executable).parent / "stele"
    base = [str(script)] if script.exists() else [sys.executable, "-m", "stele"]
    return [*base, "diff", "old", "new", "--format", "protobuf", "--output", "json"]


def buf_command(buf: str) -> list[str]:
    return [buf, "breaking", "new", "--against", "old", "--error-format", "json"]


def timed(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + system, every thread and child process) and stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, env=ENVIRONMENT
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def stele_findings(stdout: str) -> int:
    return sum(f["severity"] == "error" for f in json.loads(stdout)["findings"])


def buf_findings(stdout: str) -> int:
    return len(stdout.splitlines())


@dataclass(frozen=True)
class Row:
    stele: float
    buf: float
    stele_cpu: float
    buf_cpu: float
    stele_findings: int
    buf_findings: int

    @property
    def ratio(self) -> float:
        return self.stele / self.buf

    @property
    def cpu_ratio(self) -> float:
        return self.stele_cpu / self.buf_cpu


def measure(root: Path, buf: str, runs: int) -> Row:
    commands = {"stele": stele_command(), "buf": buf_command(buf)}
    times: dict[str, list[float]] = {"stele": [], "buf": []}
    cpus: dict[str, list[float]] = {"stele": [], "buf": []}
    outputs = {name: timed(command, root)[2] for name, command in commands.items()}  # warm-up
    for run in range(runs):
        order = ("stele", "buf") if run % 2 == 0 else ("buf", "stele")
        for name in order:
            wall, cpu, _ = timed(commands[name], root)
            times[name].append(wall)
            cpus[name].append(cpu)
    return Row(
        statistics.median(times["stele"]),
        statistics.median(times["buf"]),
        statistics.median(cpus["stele"]),
        statistics.median(cpus["buf"]),
        stele_findings(outputs["stele"]),
        buf_findings(outputs["buf"]),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args()
    buf = shutil.which("buf") or str(Path(sys.executable).parent / "buf")
    if not Path(buf).exists():
        print("buf not found (the buf-bin dev dependency): nothing to compare with")
        return 0
    print(
        f"{MESSAGES_PER_FILE} messages per file; wall and CPU time of each command's process, "
        f"median of {args.runs} interleaved runs; load average {_load()}"
    )
    header = f"{'files':>5} {'target':>7} {'wall stele/buf s':>17} {'ratio':>6} {'':>6} "
    print(header + f"{'cpu stele/buf s':>16} {'ratio':>6} {'':>6} {'findings stele/buf':>19}")
    for files in SIZES:
        with tempfile.TemporaryDirectory(prefix="stele-bench-") as tmp:
            root = Path(tmp)
            write_trees(root, files)
            row = measure(root, buf, args.runs)
        target = TARGETS[files]
        print(
            f"{files:>5} {'<= ' + str(target):>7} {row.stele:>8.3f}/{row.buf:<8.3f} "
            f"{row.ratio:>6.2f} {_verdict(row.ratio, target):>6} "
            f"{row.stele_cpu:>7.3f}/{row.buf_cpu:<8.3f} {row.cpu_ratio:>6.2f} "
            f"{_verdict(row.cpu_ratio, target):>6} {row.stele_findings:>9}/{row.buf_findings:<9}"
        )
    print(f"load average after: {_load()}")
    return 0


def _verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "MISSED"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
