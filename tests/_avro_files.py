"""Reading a generated `avro/` tree as a user would: per-type files through fastavro's
named-schema loading (`fastavro.schema.load_schema` with a repository that finds a full name's
file through index.json), message files alone."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from fastavro.repository.base import AbstractSchemaRepository, SchemaRepositoryError
from fastavro.schema import load_schema


class IndexRepository(AbstractSchemaRepository):
    """Full name -> the schema of its file, through `avro/index.json` (paths relative to avro/)."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = files
        index = json.loads(files["index.json"])
        self.by_name = {entry["avro"]: entry["file"] for entry in index["types"].values()}

    def load(self, name: str) -> Any:
        if name not in self.by_name:
            raise SchemaRepositoryError(f"no file defines {name}")
        return json.loads(self.files[self.by_name[name]])


def load_type(files: Mapping[str, bytes], full_name: str) -> Any:
    """The parsed, self-contained schema of a named type (the top type of its file)."""
    return load_schema(full_name, repo=IndexRepository(files))
