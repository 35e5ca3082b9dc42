"""`stele docs` in a real browser: headless Chromium (Debian's package, launched by Playwright
through `executable_path`) opens the example's site from disk and drives it.

Navigation by clicking links, the search box, every link of a sample of pages, the architecture
SVG's geometry, the size charts against `stele sizes -o json`, a 400 px window, and every request
the pages make (route interception: each must be a file of the site). Without Chromium or
Playwright the tests skip and say why; `.ci/run` installs Chromium when it can.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag
from urllib.request import url2pathname

import pytest
from test_docs_site import copy_example


def _chromium() -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        reason = "no chromium on PATH: the browser tests need Debian's chromium package"
        print(reason)
        pytest.skip(reason)
    return chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project's site, built by the command as a user runs it."""
    project = copy_example(tmp_path_factory.mktemp("browser") / "project")
    done = subprocess.run(
        [sys.executable, "-m", "stele", "docs", "--out", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return project / "site"


class Session:
    """One browser context whose every request is recorded; a request for anything but a file
    of the site is recorded and aborted, so nothing leaves the machine even when a test fails."""

    def __init__(self, context: Any, root: Path) -> None:
        self.context = context
        self.prefix = root.as_uri() + "/"
        self.requests: list[str] = []
        self.problems: list[str] = []  # console errors, page errors, failed requests
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "requestfailed",
            lambda r: self.problems.append(f"request failed: {r.url} {r.failure}"),
        )

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.prefix):
            route.continue_()
        else:
            route.abort()

    def open(self, relative: str) -> Any:
        self.page.goto(self.prefix + relative)
        return self.page

    def outside(self) -> list[str]:
        return [r for r in self.requests if not r.startswith(self.prefix)]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = _chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium)
        yield launched
        launched.close()


@pytest.fixture
def session(browser: Any, site: Path) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    s = Session(context, site)
    yield s
    context.close()
    assert s.requests, "the test made no request at all"
    assert s.outside() == []
    assert s.problems == []


def test_navigation_by_links(session: Session) -> None:
    page = session.open("index.html")
    assert page.title() == "Food delivery · Food delivery"
    page.locator("#catalogue").get_by_role(
        "link", name="food.order.OrderService", exact=True
    ).click()
    assert page.url == session.prefix + "services/food.order.OrderService.html"
    assert page.locator("h1").inner_text().endswith("food.order.OrderService")
    page.locator("#op-GetOrder").get_by_role("link", name="food.order.Order", exact=True).click()
    assert page.url == session.prefix + "types/food.order.Order.html"
    assert page.locator("h1").inner_text().endswith("food.order.Order")
    # From the type back to the index through the header's navigation.
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Index").click()
    assert page.url == session.prefix + "index.html"
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Architecture").click()
    assert page.url == session.prefix + "architecture.html"


def test_search_filters_the_list_as_one_types(session: Session) -> None:
    page = session.open("index.html")
    box = page.locator("#q")
    assert box.is_visible()  # the script shows the box the HTML hides without it
    items = page.locator("#catalogue li")
    total = items.count()
    assert total > 80
    box.press_sequentially("order event")
    visible = page.locator("#catalogue li:visible")
    shown = visible.all_inner_texts()
    keys = items.evaluate_all("els => els.map(e => e.dataset.search)")
    expected = [k for k in keys if "order" in k and "event" in k]
    assert 0 < len(shown) == len(expected) < total
    assert [t.split()[0].lower() for t in shown] == [k.split()[0] for k in expected]
    assert page.locator("#search-count").inner_text() == f"{len(expected)} of {total}"
    box.fill("no-such-thing")
    assert visible.count() == 0
    assert page.locator("#search-count").inner_text() == f"0 of {total}"
    box.fill("")
    assert visible.count() == total


SAMPLE = (
    "index.html",
    "architecture.html",
    "history.html",
    "packages/food.order.html",
    "services/food.order.OrderService.html",
    "types/food.order.Order.html",
    "messages/food.order.OrderCreated.html",
    "channels/food.order.order-events.html",
)


def test_every_link_of_a_sample_of_pages_resolves(session: Session, site: Path) -> None:
    """Each href as the browser resolves it: pages are opened (and each fragment found in
    them), other files (artifacts, stylesheet, script) must be files of the site."""
    targets: dict[str, set[str]] = {}
    for relative in SAMPLE:
        page = session.open(relative)
        for href in page.locator("a[href], link[href], script[src]").evaluate_all(
            "els => els.map(e => new URL(e.getAttribute('href') ?? e.getAttribute('src'),"
            " document.baseURI).href)"
        ):
            url, fragment = urldefrag(href)
            assert url.startswith(session.prefix), f"{relative}: {href} leaves the site"
            targets.setdefault(url, set()).add(fragment)
    assert len(targets) > 100
    opened = 0
    for url, fragments in sorted(targets.items()):
        path = Path(url2pathname(url.removeprefix("file://")))
        assert path.is_file(), f"{url} names no file of the site"
        assert site in path.parents
        if not url.endswith(".html"):
            continue
        response = page.goto(url)
        assert response is None or response.ok, url
        assert page.locator("h1").count() == 1, url
        for fragment in fragments - {""}:
            assert page.locator(f"[id='{fragment}']").count() == 1, f"{url}#{fragment}"
        opened += 1
    assert opened > 80


def test_the_architecture_diagram_renders(session: Session) -> None:
    page = session.open("architecture.html")
    svg = page.locator("main svg[role=img]").first
    box = svg.bounding_box()
    assert box is not None and box["width"] > 500 and box["height"] > 300
    shapes = svg.evaluate(
        """svg => Array.from(svg.querySelectorAll('rect, text, path, line')).map(e => {
             const b = e.getBBox();
             return {tag: e.tagName, w: b.width, h: b.height, text: e.textContent};
           })"""
    )
    tags = {s["tag"] for s in shapes}
    assert {"rect", "text", "path"} <= tags
    empty = [s for s in shapes if s["w"] + s["h"] == 0]
    assert empty == []
    assert all(s["w"] > 0 and s["h"] > 0 for s in shapes if s["tag"] in ("rect", "text"))
    labels = " ".join(s["text"] for s in shapes if s["tag"] == "text")
    for service in ("OrderService", "KitchenService", "AccountingService"):
        assert service in labels
    # The boxes are links to the pages they stand for.
    svg.locator("a", has_text="KitchenService").first.click()
    assert page.url == session.prefix + "services/food.kitchen.KitchenService.html"


def test_the_size_charts_show_what_stele_sizes_reports(session: Session, site: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "stele", "sizes", "-o", "json", "--no-timing", "--no-hints"],
        cwd=site.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    reported = json.loads(done.stdout)["messages"]
    assert reported
    for message in reported:
        page = session.open(f"messages/{message['name']}.html")
        bars = page.locator("svg.sizes g.bar")
        shown: dict[str, int] = {}
        widths: dict[str, float] = {}
        for i in range(bars.count()):
            bar = bars.nth(i)
            label = bar.locator("text").last
            assert label.is_visible()
            match = re.fullmatch(r"(\d+) B", label.text_content() or "")
            assert match, label.text_content()
            fmt = bar.locator("text").first.text_content()
            shown[fmt] = int(match.group(1))
            rect = bar.locator("rect").bounding_box()
            assert rect is not None and rect["height"] > 0
            widths[fmt] = rect["width"]
        assert shown == message["largest_bytes"], message["name"]
        # The bars' drawn lengths are in proportion to the numbers.
        widest = max(shown, key=lambda f: shown[f])
        for fmt, n in shown.items():
            assert widths[fmt] == pytest.approx(widths[widest] * n / shown[widest], abs=1.5)


def test_a_narrow_window_does_not_scroll_sideways(browser: Any, site: Path) -> None:
    """Every page at 400 px: wide tables and code scroll inside their own box, long names wrap,
    the page body never needs a horizontal scroll bar."""
    context = browser.new_context(viewport={"width": 400, "height": 800})
    s = Session(context, site)
    wide: dict[str, list[int]] = {}
    try:
        for path in sorted(site.rglob("*.html")):
            relative = path.relative_to(site).as_posix()
            if relative.startswith("artifacts/"):
                continue
            widths = s.open(relative).evaluate(
                "() => [document.documentElement.scrollWidth, document.body.scrollWidth,"
                " window.innerWidth]"
            )
            if max(widths[:2]) > widths[2]:
                wide[relative] = widths
    finally:
        context.close()
    assert wide == {}
    assert len(s.requests) > 90 * 3  # each page, its stylesheet and its script
    assert s.outside() == [] and s.problems == []


def test_the_interception_catches_a_request_that_leaves(
    browser: Any, site: Path, tmp_path: Path
) -> None:
    """The watch the other tests rely on: a copy of the index with an outside image and no
    Content-Security-Policy has its request recorded and aborted; with the policy, Chromium
    blocks it first and says so on the console."""
    index = (site / "index.html").read_text()
    image = '<img src="https://example.invalid/x.png" alt="">'
    with_policy = index.replace("<h1>", image + "<h1>")
    without = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", with_policy)
    assert without != with_policy != index
    for name, text in (("with", with_policy), ("without", without)):
        copy = tmp_path / name
        shutil.copytree(site, copy)
        (copy / "index.html").write_text(text)
        context = browser.new_context()
        s = Session(context, copy)
        s.open("index.html").wait_for_load_state("load")
        context.close()
        if name == "without":
            assert s.outside() == ["https://example.invalid/x.png"]
        else:
            assert s.outside() == []
            assert any("Content Security Policy" in p for p in s.problems), s.problems
