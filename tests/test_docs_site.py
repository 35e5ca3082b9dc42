"""`stele docs`: the catalogue site of the bundled example, built twice.

Every internal link resolves to a file of the site (and every fragment to an id in it), no page
asks for anything outside the site, two builds are byte-identical, contract text is escaped,
and each message's size chart shows the numbers `stele sizes` reports.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from _console import stele

REPO = Path(__file__).resolve().parent.parent


def copy_example(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "stele.yaml", target / "stele.yaml")
    for folder in ("contracts", "compat"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def read_tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """The example project and its site, built twice by the command (in a child process, as a
    user runs it)."""
    project = copy_example(tmp_path_factory.mktemp("example") / "project")
    for out in ("site", "site2"):
        done = subprocess.run(
            [sys.executable, "-m", "stele", "docs", "--out", out],
            cwd=project,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert f"to {out}/" in done.stdout
    return project, read_tree(project / "site"), read_tree(project / "site2")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action", "poster", "srcset") and value is not None:
                self.links.append((name, value))
            if name == "id" and value is not None:
                self.ids.add(value)


def parsed(data: bytes) -> Links:
    p = Links()
    p.feed(data.decode("utf-8"))
    return p


def pages(site: dict[str, bytes]) -> dict[str, Links]:
    return {path: parsed(data) for path, data in site.items() if path.endswith(".html")}


def test_the_site_has_a_page_for_everything(
    built: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    from stele.source.config_reader import load_config
    from stele.workspace import open_workspace

    project, site, _ = built
    ir = open_workspace(load_config(project / "stele.yaml")).project
    names = {p for p in site if p.endswith(".html")}
    for section, items in (
        ("packages", ir.packages),
        ("types", ir.types),
        ("messages", ir.messages),
        ("channels", ir.channels),
        ("services", ir.services),
    ):
        for name in items:
            assert f"{section}/{name}.html" in names
    expected = (
        len(ir.packages) + len(ir.types) + len(ir.messages) + len(ir.channels) + len(ir.services)
    )
    assert len(names) == expected + 3  # index, architecture, history
    index = site["index.html"].decode()
    # Without JavaScript the index is the plain list of everything; the search box is hidden
    # until the script shows it.
    assert index.count("<li data-search=") == expected
    assert '<search id="search" hidden>' in index
    assert (
        "artifacts/openapi/openapi.json" in site["services/food.order.OrderService.html"].decode()
    )
    assert (
        site["artifacts/openapi/openapi.json"]
        == (REPO / "codegen/openapi/openapi.json").read_bytes()
    )


def test_every_internal_link_resolves(
    built: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    _, site, _ = built
    parsed_pages = pages(site)
    checked = 0
    for path, links in parsed_pages.items():
        base = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        for _, value in links.links:
            parts = urlsplit(value)
            assert not parts.scheme and not parts.netloc, f"{path}: {value} leaves the site"
            target = base + unquote(parts.path) if parts.path else path
            while "/../" in "/" + target:
                head, _, rest = target.partition("../")
                target = head.rstrip("/").rpartition("/")[0]
                target = (target + "/" if target else "") + rest
            assert target in site, f"{path}: {value} names no file of the site"
            if parts.fragment and target.endswith(".html"):
                assert parts.fragment in parsed_pages[target].ids, f"{path}: {value}"
            checked += 1
    assert checked > 1000


def test_no_page_asks_for_anything_outside_the_site(
    built: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    _, site, _ = built
    for path, data in site.items():
        if path.startswith("artifacts/"):
            continue
        text = data.decode("utf-8")
        for scheme in ("http:", "https:", "//"):
            for _, value in parsed(data).links if path.endswith(".html") else []:
                assert not value.startswith(scheme), (path, value)
        assert "url(" not in text or path != "style.css", "the stylesheet loads nothing"
        assert "@import" not in text and "fetch(" not in text and "XMLHttpRequest" not in text
    # The only http URI in a page is the SVG namespace, which is not a request.
    for path, data in site.items():
        if path.endswith(".html"):
            rest = data.decode().replace('xmlns="http://www.w3.org/2000/svg"', "")
            assert "http://" not in rest and "https://" not in rest, path


def test_two_builds_are_byte_identical(
    built: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    _, first, second = built
    assert first.keys() == second.keys()
    different = [p for p in first if first[p] != second[p]]
    assert different == []


def test_the_size_charts_show_the_numbers_stele_sizes_reports(
    built: tuple[Path, dict[str, bytes], dict[str, bytes]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import re

    project, site, _ = built
    monkeypatch.chdir(project)
    code, out, _ = stele(capsys, "sizes", "-o", "json", "--no-timing", "--no-hints")
    assert code == 0
    reported = json.loads(out)
    assert reported["messages"]
    for message in reported["messages"]:
        page = site[f"messages/{message['name']}.html"].decode()
        shown = {
            fmt: int(n)
            for fmt, n in re.findall(
                r'<g class="bar" data-format="([^"]+)" data-bytes="(\d+)">', page
            )
        }
        assert shown == message["largest_bytes"], message["name"]
        for fmt, n in message["largest_bytes"].items():
            assert f">{n} B</text>" in page  # the label next to the bar
            assert f"{fmt}: {n} bytes" in page  # the bar's tooltip


HOSTILE = "<script>alert(1)</script>"

HOSTILE_CONTRACT = f"""\
package: evil.pkg
doc: "{HOSTILE} & friends"
types:
  Thing:
    doc: "a doc with {HOSTILE}"
    fields:
      id: uuid
      note:
        type: string
        doc: "'\\"><img src=x onerror=alert(2)>"
        examples: ["{HOSTILE}"]
    examples:
      - {{id: 0b9cbb64-8f4e-4d0e-9b8a-8d1a1e2a3b4c, note: "{HOSTILE}"}}
messages:
  ThingHappened: {{kind: event, body: Thing, doc: "{HOSTILE}"}}
"""


def test_contract_text_is_escaped_everywhere(tmp_path: Path) -> None:
    from stele.site.make import make_site
    from stele.source.config_reader import load_config

    (tmp_path / "contracts").mkdir()
    (tmp_path / "stele.yaml").write_text("sources: [contracts]\n")
    (tmp_path / "contracts" / "evil.yaml").write_text(HOSTILE_CONTRACT)
    files = make_site(load_config(tmp_path / "stele.yaml"), history=False)
    html_pages = {p: d.decode() for p, d in files.items() if p.endswith(".html")}
    joined = "\n".join(html_pages.values())
    assert "<script>alert" not in joined
    assert "<img src=x" not in joined
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_pages["types/evil.pkg.Thing.html"]
    assert "&lt;img src=x onerror=alert(2)&gt;" in html_pages["types/evil.pkg.Thing.html"]
    assert "&lt;script&gt;" in html_pages["messages/evil.pkg.ThingHappened.html"]
    for data in html_pages.values():
        scripts = [v for k, v in parsed(data.encode()).links if k == "src"]
        assert all(s.endswith("search.js") for s in scripts)


@pytest.mark.parametrize(
    ("out", "problem"),
    [
        (".git/site", "is inside .git"),
        ("contracts", "would replace the contract sources"),
        ("contracts/site", "is inside the contract sources"),
        ("compat", "would replace the lock file"),
        ("compat/releases", "is inside the compatibility baseline"),
        ("codegen/site", "is inside the generated output"),
        (".", "would replace the project itself"),
        ("../elsewhere", "leads outside the project"),
    ],
)
def test_refused_targets(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    out: str,
    problem: str,
) -> None:
    project = tmp_path / "p"
    (project / ".git").mkdir(parents=True)
    (project / "contracts").mkdir()
    (project / "contracts" / "a.yaml").write_text("package: a\ntypes:\n  T: {fields: {id: uuid}}\n")
    (project / "stele.yaml").write_text("sources: [contracts]\n")
    monkeypatch.chdir(project)
    code, _, err = stele(capsys, "docs", "--out", out)
    assert code == 2
    assert "W006" in err and problem in err and "nothing was written" in err
    assert sorted(p.name for p in project.iterdir()) == [".git", "contracts", "stele.yaml"]


def test_a_folder_stele_did_not_write_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p"
    (project / "contracts").mkdir(parents=True)
    (project / "contracts" / "a.yaml").write_text("package: a\ntypes:\n  T: {fields: {id: uuid}}\n")
    (project / "stele.yaml").write_text("sources: [contracts]\n")
    (project / "site").mkdir()
    (project / "site" / "notes.txt").write_text("mine")
    monkeypatch.chdir(project)
    code, _, err = stele(capsys, "docs", "--no-sizes")
    assert code == 2 and "W001" in err
    assert (project / "site" / "notes.txt").read_text() == "mine"
    (project / "site" / "notes.txt").unlink()
    code, out, _ = stele(capsys, "docs", "--no-sizes")
    assert code == 0 and "to site/" in out
    # Its own folder is replaced whole on the next run.
    (project / "site" / "stale.html").write_text("old")
    code, _, _ = stele(capsys, "docs", "--no-sizes")
    assert code == 0 and not (project / "site" / "stale.html").exists()
    assert (project / "site" / "types" / "a.T.html").is_file()


def test_a_run_killed_between_the_renames_is_completed(tmp_path: Path) -> None:
    from stele.site.target import finish_interrupted

    token = "0123456789abcdef"
    new, old = tmp_path / f".site.new-{token}", tmp_path / f".site.old-{token}"
    new.mkdir()
    (new / "index.html").write_text("new")
    old.mkdir()
    (old / "index.html").write_text("old")
    (tmp_path / ".site.new-fedcba9876543210").mkdir()  # a dead run's partial staging
    finish_interrupted(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_history_shows_each_release_against_the_one_before(
    built: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    _, site, _ = built
    page = site["history.html"].decode()
    assert page.index('id="release-1.1.0"') < page.index('id="release-1.0.0"')
    assert "Compared with 1.0.0." in page
    # 1.1.0 added the enum symbol CAR: old OpenAPI clients reject it (stele check's verdict).
    row = page[page.index("food.delivery.VehicleType.CAR (enum-symbol-added") :]
    row = row[: row.index("</tr>")]
    assert row.count("<td>error</td>") == 1
    assert "contract-enum-symbol-added" in page


def test_each_page_links_the_artifacts_that_hold_its_subject(
    built: tuple[Path, dict[str, bytes], dict[str, bytes]],
) -> None:
    import re

    _, site, _ = built

    def artifacts(page: str) -> list[str]:
        return re.findall(r'href="\.\./artifacts/([^"]+)"', site[page].decode())

    assert artifacts("types/food.order.Order.html") == [
        "avro/food/order/Order.avsc",
        "jsonschema/food/order/Order.schema.json",
        "proto/food/order/order.proto",
    ]
    assert artifacts("types/food.kitchen.Ticket.Line.html") == [
        "avro/food/kitchen/Ticket_Line.avsc",
        "jsonschema/food/kitchen/Ticket.Line.schema.json",
    ]
    assert artifacts("messages/food.order.OrderCreated.html") == [
        "avro/messages/food.order.OrderCreated.avsc",
        "jsonschema/food/order/OrderCreated.message.schema.json",
    ]
    assert artifacts("services/food.order.OrderService.html") == [
        "asyncapi/food.order.OrderService.json",
        "openapi/openapi.json",
        "proto/food/order/order.proto",
    ]


def test_a_release_that_no_longer_loads_leaves_a_gap_not_a_failure(tmp_path: Path) -> None:
    from stele.site.history_load import load_history
    from stele.source.config_reader import load_config

    project = copy_example(tmp_path / "p")
    broken = project / "compat/releases/1.1.0/contracts/order.yaml"
    broken.write_text("package: food.order\ntypes: [not, a, map]\n")
    history = load_history(load_config(project / "stele.yaml"))
    assert [r.version for r in history.releases] == ["1.0.0", "1.1.0"]
    assert history.releases[1].problem.startswith("Could not be compared with 1.0.0: ")
    assert " error S" in history.releases[1].problem  # the first diagnostic of loading it


CALLS_CONTRACT = """\
package: arch
types:
  Req: {fields: {id: uuid}}
services:
  A:
    availability: 0.99
    operations:
      Get: {style: request-response, request: Req, response: Req, uses: {calls: [arch.B.Get]}}
  B:
    availability: 0.98
    operations:
      Get: {style: request-response, request: Req, response: Req, uses: {calls: [arch.C.Get]}}
  C:
    operations:
      Get: {style: request-response, request: Req, response: Req}
  D:
    operations:
      Get: {style: request-response, request: Req, response: Req, uses: {calls: [arch.E.Get]}}
  E:
    operations:
      Get: {style: request-response, request: Req, response: Req, uses: {calls: [arch.D.Get]}}
"""


def test_the_architecture_marks_cycles_longest_chains_and_availability(tmp_path: Path) -> None:
    """A -> B -> C is the longest chain (0.99 * 0.98 * 0.999 at most); D <-> E is a cycle.
    The project has lint errors (S181), so the page is built from the loaded IR directly."""
    from stele.site.architecture import architecture_page
    from stele.site.context import Context, referrers
    from stele.source.loader import load

    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "arch.yaml").write_text(CALLS_CONTRACT)
    project = load([tmp_path / "c"], tmp_path).project
    assert project is not None
    page = architecture_page(Context(project, "t", None, (), referrers(project))).decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert svg.count('class="call longest"') == 2  # A -> B and B -> C
    assert svg.count('class="call cycle"') == 2  # D -> E and E -> D
    assert svg.count('stroke-dasharray="6 3"') == 2
    chains = page[page.index("Synchronous chains") : page.index("Synchronous calls")]
    a_row = chains[chains.index("arch.A.Get") :]
    a_row = a_row[: a_row.index("</tr>")]
    assert "<td>2</td>" in a_row and "A, B, C" in a_row and "96.92%" in a_row
    assert "longest chain" in a_row
    calls = page[page.index("Synchronous calls") : page.index("Message flows")]
    assert calls.count("on a longest chain") == 2 and calls.count("on a cycle") == 2
    d_row = chains[chains.index("arch.D.Get") :]
    assert "cycle: D.Get → E.Get → D.Get" in d_row[: d_row.index("</tr>")]


FAKE_DOM = """
const fs = require("fs");
const items = JSON.parse(process.argv[3]).map(t => ({
  hidden: false, text: t, getAttribute: () => t,
}));
let onReady = null, onInput = null;
const input = {addEventListener: (e, f) => { onInput = f; }};
const box = {hidden: true, querySelector: () => input};
const count = {textContent: ""};
global.document = {
  addEventListener: (e, f) => { onReady = f; },
  getElementById: id => ({search: box, catalogue: {querySelectorAll: () => items},
                          "search-count": count})[id],
};
eval(fs.readFileSync(process.argv[2], "utf8"));
onReady();
onInput({target: {value: process.argv[4]}});
console.log(JSON.stringify({box: box.hidden, count: count.textContent,
                            shown: items.filter(i => !i.hidden).map(i => i.text)}));
"""


def test_the_search_script_filters_the_index(
    built: tuple[Path, dict[str, bytes], dict[str, bytes]], tmp_path: Path
) -> None:
    """search.js run by Node against a stand-in of the index's elements (test_docs_site_browser.py
    drives the real page where Chromium is installed)."""
    import re

    node = shutil.which("node")
    if node is None:
        pytest.skip("no node on PATH")
    project, site, _ = built
    keys = re.findall(r'<li data-search="([^"]+)"', site["index.html"].decode())
    (tmp_path / "dom.js").write_text(FAKE_DOM)

    def search(query: str) -> dict[str, object]:
        done = subprocess.run(
            [
                node,
                str(tmp_path / "dom.js"),
                str(project / "site" / "search.js"),
                json.dumps(keys),
                query,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        result: dict[str, object] = json.loads(done.stdout)
        return result

    found = search("order EVENT")
    assert found["box"] is False  # the script shows the box the page hides without it
    assert found["shown"] == [k for k in keys if "order" in k and "event" in k]
    assert found["shown"] and found["count"] == f"{len(found['shown'])} of {len(keys)}"
    assert search("")["shown"] == keys
    assert search("no-such-thing")["shown"] == []
