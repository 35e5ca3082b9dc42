"""Property: whenever `stele check` finds a contract change compatible in a direction for Avro or
Protobuf, data written by the writer's version decodes with the reader's, through the real codecs.

Hypothesis draws small edits of a base contract (add an optional field, remove an optional
field, add an enum symbol, remove an enum symbol); both versions are generated in memory as
`stele check` does, the new one numbered with the old one's lock.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.compat.model import Direction, Mode
from stele.compat.project_check import Side, check_sides, open_side
from stele.config import Config
from stele.diagnostics import Severity

BASE_FIELDS = {"id": "uuid", "size": "Size", "note": "string?", "count": "int32?"}
BASE_SYMBOLS = ["SMALL", "LARGE"]
EXTRA_FIELDS = {"label": "string?", "weight": "float64?", "tags": "list<string>"}
EXTRA_SYMBOLS = ["MEDIUM", "HUGE"]


def contract(fields: dict[str, str], symbols: list[str]) -> str:
    lines = [
        "package: shop.items",
        "types:",
        "  Size:",
        f"    enum: [{', '.join(symbols)}]",
        f"    default: {symbols[0]}",
        "  Item:",
        "    fields:",
        *(f"      {name}: {type_}" for name, type_ in fields.items()),
    ]
    return "\n".join(lines) + "\n"


edits = st.fixed_dictionaries(
    {
        "add": st.lists(st.sampled_from(sorted(EXTRA_FIELDS)), unique=True, max_size=2),
        "remove": st.lists(st.sampled_from(["note", "count"]), unique=True, max_size=2),
        "add_symbols": st.lists(st.sampled_from(EXTRA_SYMBOLS), unique=True, max_size=2),
        "drop_large": st.booleans(),
    }
)


def _side(root: Path, text: str, lock: str | None, label: str) -> Side:
    (root / "contracts").mkdir(parents=True)
    (root / "contracts" / "items.yaml").write_text(text, encoding="utf-8")
    if lock is not None:
        (root / "compat").mkdir()
        (root / "compat" / "stele.lock").write_text(lock, encoding="utf-8")
    return open_side(label, Config(root=root))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edit=edits)
def test_compatible_means_decodable(edit: dict[str, Any]) -> None:
    from stele.compat.verify import run_codec
    from stele.encode import Codecs

    fields = {k: v for k, v in BASE_FIELDS.items() if k not in edit["remove"]}
    fields.update({k: EXTRA_FIELDS[k] for k in edit["add"]})
    symbols = [s for s in BASE_SYMBOLS if not (edit["drop_large"] and s == "LARGE")]
    symbols += list(edit["add_symbols"])
    with tempfile.TemporaryDirectory() as tmp:
        old = _side(Path(tmp) / "old", contract(BASE_FIELDS, BASE_SYMBOLS), None, "old")
        new = _side(Path(tmp) / "new", contract(fields, symbols), old.workspace.lock_text, "new")
        report = check_sides(old, new, Mode.FULL, ("avro", "protobuf"))
        codecs = {
            side.label: Codecs.from_artifacts(
                side.workspace.project, side.artifacts, schemaless=False
            )
            for side in (old, new)
        }
        for direction in Direction:
            writer, reader = (old, new) if direction is Direction.BACKWARD else (new, old)
            for fmt in ("avro", "protobuf"):
                flagged = any(
                    pf.finding.format == fmt
                    and pf.finding.direction is direction
                    and pf.severity is Severity.ERROR
                    for pf in report.findings
                )
                if flagged:
                    continue
                verdict = run_codec(
                    "shop.items.Item",
                    fmt,
                    direction,
                    writer,
                    reader,
                    codecs[writer.label][fmt],
                    codecs[reader.label][fmt],
                )
                assert verdict.values > 0
                assert verdict.failure == "", (fmt, direction, edit, verdict.failure)
