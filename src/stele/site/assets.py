"""The site's one stylesheet and its one script (the search filter of the index).

Without the script the index is a plain list of everything; with it, a search box filters the
list as one types. Neither refers to anything outside the site.
"""

from __future__ import annotations

STYLE = """\
:root { --fg: #1d1f21; --bg: #fff; --muted: #5c6166; --line: #d6d9dc; --accent: #0b5cad;
  --warn: #a34500; --soft: #f3f5f7; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 2rem;
  border-bottom: 1px solid var(--line); }
header ul { display: flex; flex-wrap: wrap; gap: 0 1rem; list-style: none; padding: 0; }
.brand { font-weight: 600; }
a { color: var(--accent); }
a:focus, input:focus { outline: 3px solid #f0b400; outline-offset: 2px; }
[aria-current="page"] { font-weight: 600; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; }
h1 { font-size: 1.6rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
th { background: var(--soft); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); }
pre { background: var(--soft); padding: .5rem; overflow-x: auto; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: .9em;
  overflow-wrap: anywhere; }
.doc { max-width: 45rem; }
.muted, footer { color: var(--muted); }
.deprecated, .cycle { color: var(--warn); }
.tag { display: inline-block; padding: 0 .4rem; border: 1px solid var(--line);
  border-radius: .3rem; font-size: .85em; }
ul.catalogue { columns: 20rem; padding-left: 1.2rem; }
ul.catalogue li { break-inside: avoid; }
svg { max-width: 100%; height: auto; }
figure { margin: 1rem 0; }
input[type=search] { font: inherit; padding: .3rem .5rem; width: 100%; max-width: 30rem; }
@media (max-width: 40rem) { body { font-size: 15px; } th, td { padding: .2rem .3rem; } }
"""

SEARCH = """\
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search");
  var list = document.getElementById("catalogue");
  var count = document.getElementById("search-count");
  if (!box || !list) { return; }
  box.hidden = false;
  var items = list.querySelectorAll("li");
  box.querySelector("input").addEventListener("input", function (event) {
    var words = event.target.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var text = item.getAttribute("data-search");
      var match = words.every(function (w) { return text.indexOf(w) >= 0; });
      item.hidden = !match;
      if (match) { shown += 1; }
    });
    count.textContent = shown + " of " + items.length;
  });
});
"""
