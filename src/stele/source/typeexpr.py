"""Parsing of type expressions: `list<Money>`, `map<string,int32>`, `decimal(12,2)`, `Money?`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from stele.ir import SCALARS, Decimal, ListOf, MapOf, Ref, Scalar, TypeExpr

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
_INT = re.compile(r"[0-9]+")


class TypeSyntaxError(Exception):
    def __init__(self, message: str, offset: int, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


@dataclass(frozen=True)
class ParsedType:
    """A parsed expression whose named references are not resolved yet (Ref holds the text)."""

    type: TypeExpr
    optional: bool


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1

    def eat(self, token: str) -> bool:
        self.skip()
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def expect(self, token: str) -> None:
        if not self.eat(token):
            found = self.text[self.pos : self.pos + 1] or "end of text"
            raise TypeSyntaxError(f"expected '{token}' but found '{found}'", self.pos)

    def no_optional_item(self) -> None:
        self.skip()
        if self.text.startswith("?", self.pos):
            raise TypeSyntaxError(
                "a list or map cannot hold optional items",
                self.pos,
                "drop the '?' inside the brackets; make the field itself optional if needed",
            )

    def name(self) -> str:
        self.skip()
        m = _NAME.match(self.text, self.pos)
        if not m:
            found = self.text[self.pos : self.pos + 1] or "end of text"
            raise TypeSyntaxError(f"expected a type name but found '{found}'", self.pos)
        self.pos = m.end()
        return m.group(0)

    def integer(self) -> int:
        self.skip()
        m = _INT.match(self.text, self.pos)
        if not m:
            raise TypeSyntaxError("expected a number", self.pos)
        self.pos = m.end()
        return int(m.group(0))

    def expr(self, inner: bool) -> TypeExpr:
        start = self.pos
        name = self.name()
        if name == "list":
            self.expect("<")
            item = self.expr(inner=True)
            self.no_optional_item()
            self.expect(">")
            return ListOf(item)
        if name == "map":
            self.expect("<")
            save = self.pos
            key = self.name()
            if self.eat(","):
                if key != "string":
                    raise TypeSyntaxError(
                        f"map keys must be string, not '{key}'",
                        save,
                        "use map<string,T>; other key types are not portable across formats",
                    )
                value = self.expr(inner=True)
            else:
                self.pos = save
                value = self.expr(inner=True)
            self.no_optional_item()
            self.expect(">")
            return MapOf(value)
        if name == "decimal":
            try:
                self.expect("(")
                precision = self.integer()
                self.expect(",")
                scale = self.integer()
                self.expect(")")
            except TypeSyntaxError as exc:
                raise TypeSyntaxError(
                    f"decimal takes a precision and a scale: {exc.message}",
                    exc.offset,
                    "write decimal(P,S), e.g. decimal(12,2) or decimal(12,2)?; inside {...} quote "
                    'it: {type: "decimal(12,2)"}',
                ) from None
            if not 1 <= precision <= 38 or scale > precision:
                raise TypeSyntaxError(
                    f"decimal({precision},{scale}) is out of range",
                    start,
                    "precision is 1..38 and scale is 0..precision",
                )
            return Decimal(precision, scale)
        if name in SCALARS:
            return Scalar(name)
        return Ref(name)


def parse_type(text: str) -> ParsedType:
    """Parse a type expression. Raises TypeSyntaxError with the offset of the problem."""
    p = _Parser(text)
    t = p.expr(inner=False)
    optional = p.eat("?")
    p.skip()
    if p.pos < len(text):
        if text[p.pos] == "?":
            raise TypeSyntaxError(
                "'?' is only allowed at the end of a field's type",
                p.pos,
                "a list or map cannot hold optional items; make the field optional instead",
            )
        raise TypeSyntaxError(f"unexpected '{text[p.pos :]}' after the type", p.pos)
    return ParsedType(t, optional)
