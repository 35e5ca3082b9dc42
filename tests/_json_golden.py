"""Golden-file comparison for the JSON Schema and OpenAPI emitters.

`STELE_UPDATE_GOLDEN=1` rewrites the golden directory from the artifacts; otherwise the set of
files and every byte must match."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("STELE_UPDATE_GOLDEN") == "1"


def check_golden(directory: Path, artifacts: dict[str, bytes], strip_prefix: str) -> None:
    expected = {p.removeprefix(strip_prefix): b for p, b in artifacts.items()}
    if UPDATE:
        shutil.rmtree(directory, ignore_errors=True)
        for rel, content in expected.items():
            target = directory / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    actual = {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }
    assert sorted(actual) == sorted(expected)
    for rel, content in expected.items():
        assert actual[rel].decode() == content.decode(), rel
