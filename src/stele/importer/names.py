"""Names of the source made names of the language (`PascalCase` types, `snake_case` fields,
`UPPER_SNAKE` symbols, lower-case dotted packages), and the diagnostic when that changes them."""

from __future__ import annotations

import re

from stele.source.reader import PACKAGE, PASCAL, SNAKE, UPPER_SNAKE

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|\d+")


def words(name: str) -> list[str]:
    return [w.lower() for w in _WORDS.findall(name)] or ["x"]


def snake(name: str) -> str:
    if SNAKE.match(name):
        return name
    text = "_".join(words(name))
    return text if SNAKE.match(text) else f"f_{text}".strip("_")


def pascal(name: str) -> str:
    if PASCAL.match(name):
        return name
    text = "".join(w.capitalize() for w in words(name))
    return text if PASCAL.match(text) else f"T{text}"


def upper_snake(name: str) -> str:
    if UPPER_SNAKE.match(name):
        return name
    text = "_".join(words(name)).upper()
    return text if UPPER_SNAKE.match(text) else f"V_{text}".strip("_")


def package(name: str) -> str:
    if PACKAGE.match(name):
        return name
    parts = [snake(p) for p in name.split(".") if p]
    text = ".".join(parts)
    return text if PACKAGE.match(text) else "imported"
