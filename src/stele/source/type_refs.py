"""Type expressions as a contract writes them: parsed (`typeexpr`), their names resolved against
the name table, collections nested in collections refused."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stele.diagnostics import did_you_mean, error
from stele.ir import SCALARS, ListOf, MapOf, Ref, Span, TypeExpr
from stele.source.names import Kind, NameTable
from stele.source.reader import Reader
from stele.source.typeexpr import TypeSyntaxError, parse_type
from stele.source.yaml_nodes import YScalar

if TYPE_CHECKING:
    from stele.source.build_types import TypeDecl


@dataclass
class TypeRefs:
    """Reads the type expressions of one project's declarations."""

    reader: Reader
    names: NameTable

    def type_expr(
        self, node: YScalar, decl: TypeDecl | None, package: str = ""
    ) -> tuple[TypeExpr, bool, Span] | None:
        text = node.value if isinstance(node.value, str) else None
        if text is None:
            self.reader.report(
                "S130", "a type expression must be text", node, "for example: list<Money>"
            )
            return None
        try:
            parsed = parse_type(text)
        except TypeSyntaxError as exc:
            offset = exc.offset + (1 if node.quoted else 0)
            span = Span(node.span.path, node.span.line, node.span.column + offset)
            hint = _split_by_comma_hint(text) if not node.quoted else None
            self.reader.diagnostics.append(
                error("S130", f"invalid type '{text}': {exc.message}", span, hint or exc.hint)
            )
            return None
        resolved = self.resolve_expr(parsed.type, node, decl, package)
        if resolved is None:
            return None
        if _nested_collection(resolved):
            self.reader.report(
                "S131",
                f"'{text}' nests a list or map inside another, which Protobuf cannot express",
                node,
                "wrap the inner list or map in a record",
            )
            return None
        return resolved, parsed.optional, node.span

    def resolve_expr(
        self, t: TypeExpr, node: YScalar, decl: TypeDecl | None, package: str
    ) -> TypeExpr | None:
        if isinstance(t, ListOf):
            item = self.resolve_expr(t.item, node, decl, package)
            return ListOf(item) if item is not None else None
        if isinstance(t, MapOf):
            value = self.resolve_expr(t.value, node, decl, package)
            return MapOf(value) if value is not None else None
        if not isinstance(t, Ref):
            return t
        pkg = decl.package if decl else package
        scope = decl.name if decl else None
        hit = self.names.resolve(Kind.TYPE, t.name, pkg, scope)
        if hit is None:
            if self.names.suspect(t.name, pkg):
                return None  # a follow-on of a file that did not load whole
            if self.names.resolve(Kind.MESSAGE, t.name, pkg) is not None:
                self.reader.report(
                    "S100",
                    f"'{t.name}' is a message, not a type",
                    node,
                    "refer to the message's body type instead",
                )
                return None
            # A lower-case short name is most likely a misspelled scalar (`strng`, `int46`).
            scalar = t.name.islower() and "." not in t.name
            hint = (did_you_mean(t.name, SCALARS) if scalar else "") or did_you_mean(
                t.name, self.names.candidates(Kind.TYPE, pkg)
            )
            self.reader.report(
                "S100",
                f"unknown type '{t.name}'",
                node,
                hint or self.names.missing_hint(Kind.TYPE, t.name, pkg),
            )
            return None
        return Ref(hit)


def _split_by_comma_hint(text: str) -> str | None:
    """A plain type left open (`decimal(12`, `map<string`) was cut at a comma: inside a flow
    mapping `{type: decimal(12,2), doc: x}` a comma ends the value. The fix is quoting."""
    if text.count("(") > text.count(")") or text.count("<") > text.count(">"):
        return (
            "inside { } or [ ] a comma ends the value: quote the type, "
            'such as {type: "decimal(12,2)", doc: x}'
        )
    return None


def _nested_collection(t: TypeExpr) -> bool:
    if isinstance(t, ListOf | MapOf):
        inner = t.item if isinstance(t, ListOf) else t.value
        return isinstance(inner, ListOf | MapOf) or _nested_collection(inner)
    return False
