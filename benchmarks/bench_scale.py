"""Generation at scale: CPU and peak memory of `stele generate` in a fresh process.

    python benchmarks/bench_scale.py [--quick] [--models 1000] [--repeat 3] [--src PATH]

The project is `synthetic.py`'s scale project: 10 fields per model, a fifth of them references
to an earlier model of any package, 20 packages, 50 enums, 100 gRPC-only and 100 HTTP-bound
operations. Each case runs `python -m stele generate` in a child process of its own and reads
the child's CPU time (user + system) and peak memory (max RSS) from `os.wait4`, so nothing of
this script is counted:

- cold, the five schema formats (protobuf, avro, jsonschema, openapi, asyncapi), empty cache;
- cold, everything (the five and the Python code), empty cache;
- warm, everything again on the unchanged project (a cache hit).

Then the growth: the cold five-format and everything runs at 100, 500, 1,000, 2,000 and 4,000
models (`--quick`: 100, 400, 1,000), and the exponent b of the least-squares fit
log(cpu) = a + b log(models). The process start-up (about 0.5 s of imports) is in every figure,
which flattens the small sizes; the exponent between the two largest sizes is printed as well.
`--src PATH` runs another checkout's `src` (to measure before a change); either is copied first,
so that edits made while the benchmark runs change nothing.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_project

SCHEMA_FORMATS = ("protobuf", "avro", "jsonschema", "openapi", "asyncapi")


def scale_project(root: Path, models: int) -> None:
    write_project(root, models, 10, 20, refs=0.2, enums=50, rpcs=100, rest=100)


def run(root: Path, formats: tuple[str, ...], src: Path | None) -> tuple[float, float]:
    """(CPU seconds, peak MiB) of one `stele generate` in a child process."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    args = [sys.executable, "-m", "stele", "generate"]
    for name in formats:
        args += ["--format", name]
    child = subprocess.Popen(
        args, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"stele generate failed ({child.returncode}): {errors.decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cold(models: int, formats: tuple[str, ...], src: Path | None) -> tuple[float, float, Path]:
    root = Path(tempfile.mkdtemp(prefix="stele-scale-"))
    scale_project(root, models)
    cpu, peak = run(root, formats, src)
    return cpu, peak, root


def avro_bytes(root: Path) -> int:
    folder = root / "codegen" / "avro"
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def exponent(points: list[tuple[int, float]]) -> float:
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


def median_case(
    repeat: int, models: int, formats: tuple[str, ...], src: Path | None
) -> tuple[float, float, list[Path]]:
    runs = [cold(models, formats, src) for _ in range(repeat)]
    return (
        statistics.median(r[0] for r in runs),
        max(r[1] for r in runs),
        [r[2] for r in runs],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="fewer sizes for the growth fit")
    parser.add_argument("--src", type=Path, help="the src folder of another checkout")
    args = parser.parse_args()
    import shutil

    # A snapshot of the code measured: stele's cache key covers its source files' times, so
    # edits in the checkout during the benchmark would turn the warm run into a cold one.
    snapshot = Path(tempfile.mkdtemp(prefix="stele-scale-src-"))
    origin = args.src.resolve() if args.src else Path(__file__).resolve().parent.parent / "src"
    shutil.copytree(
        origin / "stele", snapshot / "stele", ignore=shutil.ignore_patterns("__pycache__")
    )
    try:
        measure(args.models, args.repeat, args.quick, snapshot)
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)


def measure(models: int, repeat: int, quick: bool, src: Path) -> None:
    import shutil

    everything: tuple[str, ...] = ()
    print(
        f"scale project: {models} models x 10 fields, 20 % references, 20 packages, "
        "50 enums, 100 RPCs, 100 REST operations"
    )
    print(f"{'case':42} {'CPU s':>8} {'peak MiB':>9}")
    cpu, peak, roots = median_case(repeat, models, SCHEMA_FORMATS, src)
    print(f"{'cold, five schema formats':42} {cpu:8.2f} {peak:9.0f}", flush=True)
    size = avro_bytes(roots[0])
    for root in roots:
        shutil.rmtree(root)
    cpu, peak, roots = median_case(repeat, models, everything, src)
    print(f"{'cold, everything (with Python code)':42} {cpu:8.2f} {peak:9.0f}", flush=True)
    warm = [run(roots[0], everything, src) for _ in range(repeat)]
    cpu = statistics.median(w[0] for w in warm)
    peak = max(w[1] for w in warm)
    print(f"{'warm, everything (cache hit)':42} {cpu:8.2f} {peak:9.0f}")
    for root in roots:
        shutil.rmtree(root)
    print(f"{'Avro output (bytes)':42} {size:8,d}")

    sizes = [100, 400, 1000] if quick else [100, 500, 1000, 2000, 4000]
    print(f"\ngrowth, cold, one run per size\n{'models':>8} {'5 formats s':>12} {'all s':>8}")
    five: list[tuple[int, float]] = []
    whole: list[tuple[int, float]] = []
    for n in sizes:
        c5, _, r5 = cold(n, SCHEMA_FORMATS, src)
        ca, _, ra = cold(n, everything, src)
        shutil.rmtree(r5)
        shutil.rmtree(ra)
        five.append((n, c5))
        whole.append((n, ca))
        print(f"{n:8d} {c5:12.2f} {ca:8.2f}", flush=True)
    print(
        f"growth exponent, five schema formats: {exponent(five):.2f} "
        f"(last two sizes {exponent(five[-2:]):.2f})"
    )
    print(
        f"growth exponent, everything:          {exponent(whole):.2f} "
        f"(last two sizes {exponent(whole[-2:]):.2f})"
    )


if __name__ == "__main__":
    main()
