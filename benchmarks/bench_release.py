"""What the release workflow costs on the example project: lint, folding its known infos (one more
load of the newest release, or one small file from .stele-cache/lint once cached), judging the next version (`stele release --next`: a check against
the last stable release) and measuring the size baseline `stele release` writes.

    python benchmarks/bench_release.py [--repeat 5]

In process, on a copy of the example project (contracts, lock, releases); the median of
--repeat runs after one warm-up (the artifact cache of the copy is warm after it, as in a
working checkout).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _copy(target: Path) -> Path:
    shutil.copy(ROOT / "stele.yaml", target / "stele.yaml")
    shutil.copytree(ROOT / "contracts", target / "contracts")
    (target / "compat").mkdir()
    shutil.copy(ROOT / "compat" / "stele.lock", target / "compat" / "stele.lock")
    shutil.copytree(ROOT / "compat" / "releases", target / "compat" / "releases")
    return target


def _median_ms(work: Callable[[], object], repeat: int) -> float:
    work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from stele.cli.lint import folded_infos, lint_report
    from stele.compat.release import judge, size_baseline
    from stele.report.model import Report
    from stele.source.config_reader import load_config

    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(_copy(Path(tmp)) / "stele.yaml")
        report = lint_report(config, [])

        def folded(report: Report) -> object:
            return folded_infos(report, config, [])

        def _uncached(report: Report) -> object:
            os.environ["STELE_NO_CACHE"] = "1"
            try:
                return folded(report)
            finally:
                del os.environ["STELE_NO_CACHE"]

        rows = [
            ("stele lint (load, lock, diagnostics)", lambda: lint_report(config, [])),
            ("fold known infos, uncached (load the release)", lambda: _uncached(report)),
            ("fold known infos, cached (.stele-cache/lint)", lambda: folded(report)),
            ("judge the next version (check against 1.1.0)", lambda: judge(config)),
            ("measure the size baseline", lambda: size_baseline(config)),
        ]
        print(f"{'step':<48} {'median ms':>10}")
        for label, work in rows:
            print(f"{label:<48} {_median_ms(work, args.repeat):>10.1f}")
        print(
            f"(example project, {len(report.results)} infos folded; next: {judge(config).proposed})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
