"""Assemble the site: every page, the stylesheet, the script and a copy of the artifacts."""

from __future__ import annotations

from collections.abc import Mapping

from stele.ir import Enum, Project, Record
from stele.site.architecture import architecture_page
from stele.site.assets import SEARCH, STYLE
from stele.site.context import ARTIFACTS, Context, referrers
from stele.site.history import History, history_page
from stele.site.html import doc_block, esc, href, link, page, table
from stele.site.messaging_pages import channel_page, message_page
from stele.site.service_page import service_page
from stele.site.types_page import type_page
from stele.sizes.model import SizeReport
from stele.transaction import MARKER

MARKER_TEXT = b"# Written by `stele docs`, which replaces this folder whole. Do not edit.\n"


def build_site(
    project: Project,
    title: str,
    sizes: SizeReport | None,
    artifacts: Mapping[str, bytes],
    history: History | None = None,
) -> dict[str, bytes]:
    """The site as site-relative path -> bytes, sorted by path."""
    shown = tuple(sorted(p for p in artifacts if not p.startswith(".")))
    ctx = Context(project, title, sizes, shown, referrers(project))
    files: dict[str, bytes] = {
        "style.css": STYLE.encode(),
        "search.js": SEARCH.encode(),
        "index.html": _index(ctx),
        "architecture.html": architecture_page(ctx),
        "history.html": history_page(ctx, history),
    }
    for name in project.packages:
        files[href("packages", name)] = _package(ctx, name)
    for t in project.types.values():
        files[href("types", t.name)] = type_page(ctx, t)
    for m in project.messages.values():
        files[href("messages", m.name)] = message_page(ctx, m)
    for c in project.channels.values():
        files[href("channels", c.name)] = channel_page(ctx, c)
    for s in project.services.values():
        files[href("services", s.name)] = service_page(ctx, s)
    for path in shown:
        files[f"{ARTIFACTS}/{path}"] = artifacts[path]
    files[MARKER] = MARKER_TEXT
    return dict(sorted(files.items()))


def _kind(project: Project, section: str, name: str) -> str:
    if section == "types":
        t = project.types[name]
        return "record" if isinstance(t, Record) else "enum" if isinstance(t, Enum) else "union"
    if section == "messages":
        return project.messages[name].kind.value
    return section[:-1]


def _index(ctx: Context) -> bytes:
    p = ctx.project
    entries = (
        [("packages", n) for n in p.packages]
        + [("services", n) for n in p.services]
        + [("channels", n) for n in p.channels]
        + [("messages", n) for n in p.messages]
        + [("types", n) for n in p.types]
    )
    items = "".join(
        f'<li data-search="{esc((name + " " + _kind(p, section, name)).lower())}">'
        f'{link("", section, name)} <span class="muted">{esc(_kind(p, section, name))}</span>'
        "</li>"
        for section, name in entries
    )
    counts = (
        f"{len(p.packages)} packages, {len(p.services)} services, {len(p.channels)} channels, "
        f"{len(p.messages)} messages, {len(p.types)} types"
    )
    body = (
        f'<p>{esc(counts)}. See also the <a href="architecture.html">architecture</a> and the '
        '<a href="history.html">release history</a>.</p>'
        '<search id="search" hidden><label for="q">Search</label> '
        '<input type="search" id="q" autocomplete="off" placeholder="name or kind"> '
        '<output id="search-count" for="q"></output></search>'
        f'<h2>Everything</h2><ul id="catalogue" class="catalogue">{items}</ul>'
    )
    return page(ctx.title, body, "", ctx.title, "index.html")


def _package(ctx: Context, name: str) -> bytes:
    p = ctx.project
    package = p.packages[name]
    root = "../"
    sections = []
    for section, names in (
        ("services", [n for n, s in p.services.items() if s.package == name]),
        ("channels", [n for n, c in p.channels.items() if c.package == name]),
        ("messages", [n for n, m in p.messages.items() if m.package == name]),
        ("types", [n for n, t in p.types.items() if t.package == name]),
    ):
        rows = [[link(root, section, n), esc(_kind(p, section, n))] for n in names]
        if rows:
            sections.append(f"<h2>{section.capitalize()}</h2>" + table(("name", "kind"), rows))
    body = (
        f"<p>Declared in <code>{esc(package.file)}</code></p>"
        + doc_block(package.doc)
        + "".join(sections)
        + ctx.artifact_links(ctx.package_artifacts(name), root)
    )
    return page(name, body, root, ctx.title)
