"""Typed access to YAML nodes that records a located diagnostic for every shape mistake."""

from __future__ import annotations

import re
from collections.abc import Iterable

from stele.diagnostics import Diagnostic, did_you_mean, error
from stele.source.yaml_nodes import YMap, YNode, YScalar, YSeq, describe


class Reader:
    """Collects diagnostics while reading nodes; every accessor returns None on a mistake."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def report(self, code: str, message: str, node: YNode, hint: str = "") -> None:
        self.diagnostics.append(error(code, message, node.span, hint))

    def mapping(self, node: YNode | None, what: str) -> YMap | None:
        if node is None:
            return None
        if isinstance(node, YMap):
            return node
        if isinstance(node, YScalar) and node.value is None:
            return YMap((), node.span)
        self.report(
            "S010",
            f"{what} must be a mapping, got {describe(node)}",
            node,
            "write indented 'key: value' lines, or {key: value}",
        )
        return None

    def sequence(self, node: YNode | None, what: str) -> YSeq | None:
        if node is None:
            return None
        if isinstance(node, YSeq):
            return node
        self.report(
            "S010",
            f"{what} must be a list, got {describe(node)}",
            node,
            "write [a, b], or one '- item' line per entry",
        )
        return None

    def keys(
        self,
        node: YMap,
        what: str,
        allowed: Iterable[str],
        required: Iterable[str] = (),
    ) -> bool:
        """Report unknown and missing keys; True when the mapping is usable."""
        allowed = tuple(allowed)
        ok = True
        for key, _ in node.items:
            if str(key.value) not in allowed:
                hint = (
                    did_you_mean(str(key.value), allowed) or f"allowed keys: {', '.join(allowed)}"
                )
                self.report("S011", f"unknown key '{key.value}' in {what}", key, hint)
        for name in required:
            if node.get(name) is None:
                self.report(
                    "S012",
                    f"{what} is missing the required key '{name}'",
                    node,
                    f"add '{name}:'",
                )
                ok = False
        return ok

    def string(self, node: YNode | None, what: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return node.value
        self.report(
            "S010",
            f"{what} must be a string, got {describe(node)}",
            node,
            "quote the value if YAML reads it as a number or a boolean (3, 1.0, true)",
        )
        return None

    def text(self, node: YNode | None, what: str) -> str:
        """A free text (doc); numbers and booleans are taken as written."""
        if node is None:
            return ""
        if isinstance(node, YScalar) and node.value is not None:
            value = node.value
            if isinstance(value, bool):
                return "true" if value else "false"
            text = str(value)
            bad = CONTROL.search(text)
            if bad is None:
                return text
            self.report(
                "S010",
                f"{what} holds the control character {bad.group()!r} (written as an escape)",
                node,
                "remove it: texts are copied into every generated file, and protoc rejects some",
            )
            return ""
        self.report(
            "S010",
            f"{what} must be text, got {describe(node)}",
            node,
            "write the text after the colon",
        )
        return ""

    def integer(self, node: YNode | None, what: str) -> int | None:
        if node is None:
            return None
        if (
            isinstance(node, YScalar)
            and isinstance(node.value, int)
            and not isinstance(node.value, bool)
        ):
            return node.value
        self.report(
            "S010",
            f"{what} must be an integer, got {describe(node)}",
            node,
            "write a number such as 3",
        )
        return None

    def number(self, node: YNode | None, what: str) -> float | None:
        if node is None:
            return None
        if (
            isinstance(node, YScalar)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
        ):
            return float(node.value)
        self.report(
            "S010",
            f"{what} must be a number, got {describe(node)}",
            node,
            "write a number such as 99.9",
        )
        return None

    def boolean(self, node: YNode | None, what: str) -> bool | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and isinstance(node.value, bool):
            return node.value
        self.report(
            "S010",
            f"{what} must be true or false, got {describe(node)}",
            node,
            "write true or false (YAML 1.2 reads yes, no, on and off as strings)",
        )
        return None

    def choice(self, node: YNode | None, what: str, options: Iterable[str]) -> str | None:
        value = self.string(node, what)
        if value is None or node is None:
            return None
        options = tuple(options)
        if value not in options:
            hint = did_you_mean(value, options) or f"use one of: {', '.join(options)}"
            self.report("S013", f"'{value}' is not a valid {what}", node, hint)
            return None
        return value

    def strings(self, node: YNode | None, what: str) -> list[tuple[str, YScalar]]:
        """A list of strings, or a single string as a one-item list."""
        if node is None:
            return []
        if isinstance(node, YScalar) and isinstance(node.value, str):
            return [(node.value, node)]
        seq = self.sequence(node, what)
        out: list[tuple[str, YScalar]] = []
        for item in seq.items if seq else ():
            value = self.string(item, f"an entry of {what}")
            if value is not None and isinstance(item, YScalar):
                out.append((value, item))
        return out

    def deprecation(self, node: YNode | None) -> str | None:
        """`deprecated: true` (no reason), `deprecated: false` or a reason string."""
        if node is None:
            return None
        if isinstance(node, YScalar):
            if node.value is True:
                return ""
            if node.value is False:
                return None
            if isinstance(node.value, str):
                return node.value
        self.report(
            "S010",
            f"deprecated must be true, false or a reason, got {describe(node)}",
            node,
            "write deprecated: true, or the reason as text",
        )
        return None


# C0 control characters but tab, line feed and carriage return: only an escape such as "\0"
# can put one in a YAML string (the YAML reader refuses them written raw: S001).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
PACKAGE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")
CHANNEL = re.compile(r"^[a-z][a-z0-9]*([-.][a-z0-9]+)*$")

# Words that cannot be a name in at least one target format (Protobuf, Python, Avro's JSON keys
# are free, but generated Python code and protoc reject these).
RESERVED_WORDS = frozenset(
    {
        # Protobuf
        "syntax", "import", "weak", "public", "package", "option", "message", "enum", "service",
        "rpc", "returns", "stream", "oneof", "map", "reserved", "extensions", "extend", "to",
        "max", "repeated", "optional", "required", "group", "edition",
        # Python
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
        "while", "with", "yield",
    }
)  # fmt: skip
