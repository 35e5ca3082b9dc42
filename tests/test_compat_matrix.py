"""The change rows of `stele check`'s matrix, found on the IR of two projects."""

from __future__ import annotations

from pathlib import Path

from stele.compat.locate import build_index
from stele.compat.matrix import changes
from stele.ir import Project
from stele.source.loader import load_project

CONTRACT = """\
package: shop
types:
  Order:
    fields:
      qty: {type: int32, default: 1}
      note: {type: string, default: "none"}
"""


def _project(tmp_path: Path, name: str, text: str) -> Project:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "shop.yaml").write_text(text)
    return load_project([folder / "shop.yaml"], root=folder)


def test_where_an_element_is_written_is_not_a_change(tmp_path: Path) -> None:
    """Moving fields and their defaults to other lines (every `*_span`) changes nothing."""
    old = _project(tmp_path, "old", CONTRACT)
    moved = CONTRACT.replace("package: shop\n", "# a comment\npackage: shop\n\n").replace(
        "{type: int32, default: 1}", "\n        type: int32\n        default: 1"
    )
    new = _project(tmp_path, "new", moved)
    assert changes(build_index(old), build_index(new)) == []


def test_a_changed_default_is_a_change(tmp_path: Path) -> None:
    old = _project(tmp_path, "old", CONTRACT)
    new = _project(tmp_path, "new", CONTRACT.replace("default: 1}", "default: 2}"))
    found = changes(build_index(old), build_index(new))
    assert [(c.element, c.kind) for c in found] == [("shop.Order.qty", "changed")]
