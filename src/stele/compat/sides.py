"""The two sides of `stele diff`: the artifact suffixes of each format, a side as read, and the
excerpt a side's diagnostics quote."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

EXTENSIONS = {
    ".avsc": "avro",
    ".proto": "protobuf",
    ".graphql": "graphql",
    ".graphqls": "graphql",
    ".gql": "graphql",
}
TEXT_EXTENSIONS = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Side:
    """One side of a diff, read once: a file (or a pipe) given as is, or a directory's files of
    the known suffixes by relative path."""

    path: Path
    files: dict[str, bytes]
    single: bool  # a file or a pipe, not a directory

    def of_format(self, fmt: str) -> dict[str, bytes]:
        if self.single:
            return self.files
        suffixes = [s for s, f in EXTENSIONS.items() if f == fmt] or list(TEXT_EXTENSIONS)
        return {name: data for name, data in self.files.items() if Path(name).suffix in suffixes}


MAX_EXCERPT = 80
_QUOTED = re.compile("'[^'\\n]*'|\"[^\"\\n]*\"")


def excerpt(text: str) -> str:
    """`text` with every quoted part ('...' or "...") cut to MAX_EXCERPT characters."""

    def cut(match: re.Match[str]) -> str:
        quote, part = match.group(0)[0], match.group(0)[1:-1]
        if len(part) <= MAX_EXCERPT:
            return match.group(0)
        return f"{quote}{part[: MAX_EXCERPT - 3]}...{quote}"

    return _QUOTED.sub(cut, text)
