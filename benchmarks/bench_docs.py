"""Time and size of `stele docs` on the 1,000-type synthetic project (benchmarks/synthetic.py).

    python benchmarks/bench_docs.py [--types 1000] [--fields 10]

Phases, in wall-clock seconds of one cold run (no artifact cache): loading the project,
generating the artifacts (not validated: the site copies them), measuring the encoded sizes,
building the pages, writing the folder; then the site's size: pages, files, bytes of HTML and
of everything (the artifacts included), and the largest page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_project

from stele.generate import cached_artifacts
from stele.site.build import build_site
from stele.site.make import measure_sizes, release_history
from stele.site.target import site_target, write_site
from stele.source.config_reader import load_config
from stele.workspace import open_workspace


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", type=int, default=1000)
    parser.add_argument("--fields", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_project(root, args.types, args.fields, packages=20, rpcs=100, rest=100)
        config = load_config(root / "stele.yaml")
        rows: list[tuple[str, float]] = []

        def timed(label: str, fn):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            result = fn()
            rows.append((label, time.perf_counter() - start))
            return result

        ws = timed("load + lock", lambda: open_workspace(config))
        artifacts = timed(
            "artifacts (cold, not validated)", lambda: cached_artifacts(ws, None, False)
        )
        sizes = timed("encoded sizes", lambda: measure_sizes(ws))
        history = timed("history (no releases)", lambda: release_history(config))
        files = timed(
            "pages",
            lambda: build_site(ws.project, "synthetic", sizes, artifacts, history),
        )
        target = site_target(config, root / "site")
        timed("write", lambda: write_site(target, files, "site"))
        again = build_site(ws.project, "synthetic", sizes, artifacts, history)
        assert again == files, "two builds differ"
    pages = {p: d for p, d in files.items() if p.endswith(".html")}
    html_bytes = sum(len(d) for d in pages.values())
    total = sum(len(d) for d in files.values())
    largest = max(pages, key=lambda p: len(pages[p]))
    p = ws.project
    print(
        f"project: {len(p.types)} types, {len(p.messages)} messages, {len(p.services)} services, "
        f"{sum(len(s.operations) for s in p.services.values())} operations"
    )
    print(f"{'phase':<34}{'seconds':>9}")
    for label, seconds in rows:
        print(f"{label:<34}{seconds:>9.2f}")
    print(f"{'total':<34}{sum(s for _, s in rows):>9.2f}")
    print(
        f"site: {len(pages)} pages, {len(files)} files, HTML {html_bytes / 1e6:.1f} MB, "
        f"everything {total / 1e6:.1f} MB; largest page {largest} "
        f"{len(pages[largest]) / 1e3:.0f} kB"
    )


if __name__ == "__main__":
    main()
