"""The release history page: per release, the changes and their verdict per format and direction.

Filled from compat/releases by the command (stele.cli.docs_cmd); a project without releases
gets a page that says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from stele.site.context import Context
from stele.site.html import esc, page, table


@dataclass(frozen=True)
class Change:
    rule: str
    level: str
    format: str
    direction: str
    message: str
    where: str
    acknowledged: bool = False


@dataclass(frozen=True)
class Release:
    version: str
    previous: str  # "" for the first release
    changes: tuple[Change, ...]
    matrix: tuple[tuple[str, ...], ...] = ()  # rows: the change, then one verdict per column
    directions: tuple[str, ...] = ()  # the matrix columns: "FORMAT DIRECTION"
    acks: tuple[tuple[str, str, str], ...] = ()  # added acknowledgements: element, rule, reason
    problem: str = ""  # why it could not be compared with the release before


@dataclass(frozen=True)
class History:
    releases: tuple[Release, ...]
    note: str = ""  # why the history is empty or partial


def history_page(ctx: Context, history: History | None) -> bytes:
    if history is None or not history.releases:
        note = history.note if history is not None and history.note else "No releases yet."
        return page("History", f'<p class="muted">{esc(note)}</p>', "", ctx.title, "history.html")
    parts = [f'<p class="muted">{esc(history.note)}</p>' if history.note else ""]
    for r in reversed(history.releases):
        parts.append(f'<section id="release-{esc(r.version)}"><h2>{esc(r.version)}</h2>')
        if not r.previous:
            parts.append("<p>The first release.</p></section>")
            continue
        if r.problem:
            parts.append(f'<p class="deprecated">{esc(r.problem)}</p></section>')
            continue
        parts.append(f"<p>Compared with {esc(r.previous)}.</p>")
        if r.matrix:
            parts.append(
                table(
                    ("change", *r.directions),
                    [[esc(c) for c in row] for row in r.matrix],
                    "Verdict per format and direction",
                )
            )
        if r.acks:
            parts.append(
                "<h3>Acknowledged breaking changes</h3>"
                + table(
                    ("element", "rule", "reason"),
                    [
                        [f"<code>{esc(e)}</code>", f"<code>{esc(rule)}</code>", esc(why)]
                        for e, rule, why in r.acks
                    ],
                )
            )
        rows = [
            [
                f"<code>{esc(c.rule)}</code>",
                esc(c.level) + (" (acknowledged)" if c.acknowledged else ""),
                esc(c.format),
                esc(c.direction),
                esc(c.message),
                f"<code>{esc(c.where)}</code>",
            ]
            for c in r.changes
        ]
        parts.append(
            table(("rule", "level", "format", "direction", "change", "where"), rows)
            or '<p class="muted">No compatibility findings.</p>'
        )
        parts.append("</section>")
    return page("History", "".join(parts), "", ctx.title, "history.html")
