"""The Avro compatibility checker: the specification's schema resolution, reader against writer.

A single-file diff compares the two top-level schemas; a directory diff pairs files by the full
name of their top-level schema (a schema missing from the new directory is a finding).
"""

from __future__ import annotations

from typing import Any

from stele.compat.model import Direction, Finding, sort_findings


class AvroChecker:
    format = "avro"

    def load(self, files: dict[str, bytes]) -> Any:
        from stele.compat.avro.schema import load_schemas

        return load_schemas(files)

    def check(self, old: Any, new: Any, direction: Direction) -> list[Finding]:
        from stele.compat.avro.pairing import Walk
        from stele.compat.avro.rules import SCHEMA_REMOVED

        reader, writer = (new, old) if direction is Direction.BACKWARD else (old, new)
        walk = Walk(reader, writer, direction)
        if len(old.files) == 1 and len(new.files) == 1:
            walk.files(next(iter(reader.files.values())), next(iter(writer.files.values())))
            return sort_findings(walk.findings)
        new_by_key = {f.key: f for f in new.files.values()}
        findings: list[Finding] = []
        for old_file in old.files.values():
            new_file = new_by_key.get(old_file.key)
            if new_file is None:
                if direction is Direction.BACKWARD:
                    message = f"schema {old_file.key} ({old_file.path}) was removed"
                    findings.append(
                        SCHEMA_REMOVED.finding(direction, message, old_file.key, old_file.loc)
                    )
                continue
            pair = (new_file, old_file) if direction is Direction.BACKWARD else (old_file, new_file)
            walk.files(*pair)
        return sort_findings(findings + walk.findings)


CHECKER = AvroChecker()
