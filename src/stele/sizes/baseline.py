"""The size baseline file (`compat/sizes.json`): bytes per owner, sample and format.

    {
      "stele_sizes": 1,
      "formats": ["json", "protobuf", "avro"],
      "sizes": {"food.order.OrderCreated": {"created": {"json": 646, "protobuf": 280}}}
    }

No timings (they are local measurements), keys in the report's order, a final newline: the file
is byte-identical for identical contracts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from stele.diagnostics import SteleError, error
from stele.ir import Span
from stele.sizes.model import SizeReport, SizeTable

BASELINE_NAME = "sizes.json"
FORMAT_VERSION = 1


def dump_baseline(report: SizeReport) -> str:
    doc = {"stele_sizes": FORMAT_VERSION, "formats": list(report.formats), "sizes": report.table()}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def is_baseline_file(path: Path) -> bool:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(doc, dict) and "stele_sizes" in doc


# Bytes of a size baseline read at most: one number per message, sample and format.
MAX_BASELINE_BYTES = 64 << 20


def load_baseline(path: Path, shown: str) -> SizeTable:
    """Read a baseline file; SteleError (Z020) when it is not one."""
    if not path.is_file():  # a FIFO in its place made `stele sizes` wait for a writer for ever
        raise _bad(shown, "cannot read the size baseline: it is not a regular file")
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BASELINE_BYTES + 1)
        if len(data) > MAX_BASELINE_BYTES:
            raise _bad(shown, f"the size baseline is larger than {MAX_BASELINE_BYTES >> 20} MiB")
        doc: Any = json.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad(shown, f"cannot read the size baseline: {exc}") from None
    if not isinstance(doc, dict) or doc.get("stele_sizes") != FORMAT_VERSION:
        raise _bad(shown, f'not a size baseline (expected "stele_sizes": {FORMAT_VERSION})')
    sizes = doc.get("sizes")
    if not _is_table(sizes):
        raise _bad(shown, "'sizes' must map owner -> sample -> format -> bytes")
    assert isinstance(sizes, dict)
    return sizes


def _is_table(sizes: object) -> bool:
    return isinstance(sizes, dict) and all(
        isinstance(samples, dict)
        and all(
            isinstance(by_format, dict)
            and all(isinstance(n, int) and not isinstance(n, bool) for n in by_format.values())
            for by_format in samples.values()
        )
        for samples in sizes.values()
    )


def _bad(shown: str, message: str) -> SteleError:
    return SteleError(
        [
            error(
                "Z020", message, Span(shown, 1, 1), "write one with `stele sizes --update-baseline`"
            )
        ]
    )
