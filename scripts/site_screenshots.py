#!/usr/bin/env python3
"""Screenshots of the example project's catalogue site for docs/catalogue.md.

    .venv/bin/python scripts/site_screenshots.py            # writes docs/images/catalogue-*.png
    .venv/bin/python scripts/site_screenshots.py --out DIR

Builds the site of the bundled example (`stele docs`, in a temporary copy of the project, so the
working tree gets no site/), opens it from disk in headless Chromium (Debian's `chromium`, through
Playwright's `executable_path`; Playwright downloads no browser) and takes three PNGs at a
1000 x 700 viewport, scale 1, light colours, no animation: the index, the OrderService page and
the architecture diagram (the SVG element alone). Every request is held to the site's own files.
The same options give the same pictures on the same Chromium and fonts; another machine's fonts
change the pixels, not the layout.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHOTS = (
    # (file, page, element to capture or None for the viewport)
    ("catalogue-index.png", "index.html", None),
    ("catalogue-service.png", "services/food.order.OrderService.html", None),
    ("catalogue-architecture.png", "architecture.html", "main svg[role=img]"),
)


def build_site(work: Path) -> Path:
    project = work / "project"
    project.mkdir()
    shutil.copy(REPO / "stele.yaml", project / "stele.yaml")
    for folder in ("contracts", "compat"):
        shutil.copytree(REPO / folder, project / folder)
    subprocess.run(
        [sys.executable, "-m", "stele", "docs", "--out", "site"],
        cwd=project,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return project / "site"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "images")
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("no chromium on PATH: install Debian's chromium package", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        site = build_site(Path(tmp))
        prefix = site.as_uri() + "/"
        outside: list[str] = []

        def route(r: Any) -> None:
            if r.request.url.startswith(prefix):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        browser = p.chromium.launch(executable_path=chromium)
        context = browser.new_context(
            viewport={"width": 1000, "height": 700},
            device_scale_factor=1,
            color_scheme="light",
            reduced_motion="reduce",
            locale="en-GB",
            timezone_id="UTC",
        )
        context.route("**/*", route)
        page = context.new_page()
        for name, relative, selector in SHOTS:
            page.goto(prefix + relative)
            page.wait_for_load_state("load")
            target = page.locator(selector).first if selector else page
            target.screenshot(path=str(args.out / name), animations="disabled", caret="hide")
            print(f"{name}: {(args.out / name).stat().st_size} bytes")
        browser.close()
    if outside:
        print(f"requests outside the site: {outside}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
