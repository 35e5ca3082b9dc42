"""The Avro compatibility checker: the specification's schema resolution, reader against writer.

A single-file diff compares the two top-level schemas; a directory diff pairs files by path
first (a file at the same path holds what readers of that path read, e.g. a message's body),
then by the full name of their top-level schema, then by a new schema's alias naming an old one
(a schema missing from the new directory is a finding).
"""

from __future__ import annotations

from typing import Any

from stele.compat.avro.loading import load_schemas
from stele.compat.avro.pairing import Walk
from stele.compat.avro.rules import SCHEMA_REMOVED
from stele.compat.avro.schema import Named
from stele.compat.handlers import handles
from stele.compat.model import Direction, Finding, sort_findings
from stele.diagnostics import SteleError, error


class AvroChecker:
    format = "avro"

    def load(self, files: dict[str, bytes]) -> Any:
        return load_schemas(files)

    def check(self, old: Any, new: Any, direction: Direction) -> list[Finding]:
        try:
            return self._check(old, new, direction)
        except RecursionError:  # a backstop: the loader's MAX_NAMED_DEPTH stops deep sets first
            raise SteleError(
                [
                    error(
                        "D101",
                        "the Avro schemas nest too deeply to compare",
                        hint="fix the .avsc files",
                    )
                ]
            ) from None

    @handles(SCHEMA_REMOVED)
    def _check(self, old: Any, new: Any, direction: Direction) -> list[Finding]:
        reader, writer = (new, old) if direction is Direction.BACKWARD else (old, new)
        walk = Walk(reader, writer, direction)
        if len(old.files) == 1 and len(new.files) == 1:
            walk.files(next(iter(reader.files.values())), next(iter(writer.files.values())))
            return sort_findings(walk.findings)
        findings: list[Finding] = []
        for old_file in old.files.values():
            new_file = _counterpart(old_file, new)
            if new_file is None:
                if direction is Direction.BACKWARD:
                    key, path = old_file.key, str(old_file.path)
                    found = SCHEMA_REMOVED.report(
                        direction, key, old_file.loc, schema=key, path=path
                    )
                    findings.append(found)
                continue
            pair = (new_file, old_file) if direction is Direction.BACKWARD else (old_file, new_file)
            walk.files(*pair)
        return sort_findings(findings + walk.findings)


def _counterpart(old_file: Any, new: Any) -> Any:
    """The new file an old one is compared with: same path, same top-level name, or alias."""
    if old_file.path in new.files:
        return new.files[old_file.path]
    by_key = [f for f in new.files.values() if f.key == old_file.key]
    if by_key:
        return by_key[0]
    for new_file in new.files.values():
        top = new.deref(new_file.top)
        if isinstance(top, Named) and old_file.key in top.aliases:
            return new_file
    return None


CHECKER = AvroChecker()
