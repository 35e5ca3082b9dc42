"""The Protobuf compatibility checker: `.proto` files compiled by protoc, compared by category.

Categories form a ladder like buf's: `wire` (binary encoding), `wire_json` (also the JSON
mapping: field and enum value names) and `file` (also generated code: files, declarations,
presence). The default is `wire_json`, because stele's JSON form follows the proto JSON names.
"""

from __future__ import annotations

from typing import Any

from stele.compat.model import Direction, Finding

# The ladder itself, not the rules' context: importing this package (the rule catalogue, the
# checker) loads no rule, pairing or descriptor module until a check runs.
from stele.config_keys import PROTOBUF_CATEGORIES as CATEGORIES


class ProtobufChecker:
    format = "protobuf"

    def __init__(self, category: str = "wire_json") -> None:
        if category not in CATEGORIES:
            raise ValueError(f"unknown Protobuf category {category!r}; use one of {CATEGORIES}")
        self.category = category

    def load(self, files: dict[str, bytes]) -> Any:
        # after the fork: `stele diff` loads the checker while the child runs protoc (proto_split)
        from stele.compat.protobuf._descriptors import load_schema

        return load_schema(files)

    def check(self, old: Any, new: Any, direction: Direction) -> list[Finding]:
        from stele.compat.protobuf._engine import run_rules  # after the fork, as load_schema

        return run_rules(old, new, direction, self.category)


CHECKER = ProtobufChecker()

__all__ = ["CATEGORIES", "CHECKER", "ProtobufChecker"]
