"""Where each declaration of a compiled `.proto` file starts, read from its SourceCodeInfo."""

from __future__ import annotations

from typing import Any


class Spans(dict[tuple[int, ...], tuple[int, int]]):
    """Where each source path of a file starts (line, column; 1-based; the first location of a
    path wins), and the trailing comment of each declaration.

    The declarations (even paths, and the file's package and syntax) are read at once, in one
    pass that converts each of their paths once. The parts of declarations (a field's label,
    type, name and number: odd paths, most of the locations) are read when one is first asked
    for, which only locating some findings does."""

    def __init__(self, locations: Any, later: bool = False) -> None:
        """`later`: read nothing until a path is first asked for (a file whose declarations
        are not indexed: nothing is likely to be located in it)."""
        self._pending: Any = locations if later else None
        if later:
            super().__init__()
            self.trailing: dict[tuple[int, ...], str] = {}
            self._parts: Any = locations
            self._first: dict[tuple[int, ...], int] = {}
            return
        self._read_declarations(locations)

    def _read_declarations(self, locations: Any) -> None:
        spans: dict[tuple[int, ...], tuple[int, int]] = {}
        trailing: dict[tuple[int, ...], str] = {}
        first: dict[tuple[int, ...], int] = {}
        for index, loc in enumerate(locations):
            raw = loc.path
            size = len(raw)
            if size > 1 and size % 2:
                continue
            path = tuple(raw)
            if path not in spans:
                span = loc.span
                spans[path] = (span[0] + 1, span[1] + 1)
                first[path] = index
            if path not in trailing:
                comment = loc.trailing_comments
                if comment:
                    trailing[path] = comment
        dict.update(self, spans)
        self.trailing = trailing
        self._parts = locations  # None once the parts are read
        self._first = first  # where each declaration's first location is in `locations`

    def _ready(self) -> None:
        if self._pending is not None:
            locations, self._pending = self._pending, None
            self._read_declarations(locations)

    def _read_parts(self, path: tuple[int, ...]) -> bool:
        """Read `path` when it is an odd path (a part of a declaration) not read yet: looked for
        among the locations that follow its declaration's, where protoc records a declaration's
        parts; else every odd path is read (once)."""
        if self._parts is None or len(path) < 2 or not len(path) % 2:
            return False
        near = self._part_near(path)
        if near is not None:
            dict.__setitem__(self, path, near)
            return True
        return self._read_all_parts()

    def _part_near(self, path: tuple[int, ...]) -> tuple[int, int] | None:
        """Where `path` starts, found among the locations inside its declaration's (those
        right after the declaration's first location whose paths start with its path)."""
        start = self._first.get(path[:-1])
        if start is None:
            return None
        locations = self._parts
        parent, size = list(path[:-1]), len(path) - 1
        for index in range(start + 1, len(locations)):
            loc = locations[index]
            raw = loc.path
            if len(raw) <= size or raw[:size] != parent:
                return None  # past the declaration
            if len(raw) == size + 1 and raw[size] == path[size]:
                span = loc.span
                return (span[0] + 1, span[1] + 1)
        return None

    def _read_all_parts(self) -> bool:
        """Read every odd path, once; False when they were read already."""
        if self._parts is None:
            return False
        locations, self._parts = self._parts, None
        parts: dict[tuple[int, ...], tuple[int, int]] = {}
        for loc in locations:
            raw = loc.path
            size = len(raw)
            if size > 1 and size % 2:
                key = tuple(raw)
                if key not in parts:
                    span = loc.span
                    parts[key] = (span[0] + 1, span[1] + 1)
        dict.update(self, parts)
        return True

    def get(self, path: tuple[int, ...], default: Any = None) -> Any:
        self._ready()
        found = dict.get(self, path)
        if found is None and self._read_parts(path):
            found = dict.get(self, path)
        return default if found is None else found

    def __missing__(self, path: tuple[int, ...]) -> tuple[int, int]:
        self._ready()
        if self._read_parts(path) and dict.__contains__(self, path):
            return dict.__getitem__(self, path)
        raise KeyError(path)

    def __contains__(self, path: object) -> bool:
        self._ready()
        if dict.__contains__(self, path):
            return True
        return isinstance(path, tuple) and self._read_parts(path) and dict.__contains__(self, path)

    def __reduce__(self) -> tuple[type, tuple[dict[tuple[int, ...], tuple[int, int]]]]:
        """Copied or pickled as a plain dict of every path (the locations do not pickle)."""
        self._ready()
        self._read_all_parts()
        return dict, (dict(self),)
