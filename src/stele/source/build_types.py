"""Building records, enums and unions from their YAML nodes (their names are checked by
`declared_names`, the type expressions of their fields read by `type_refs`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from stele.diagnostics import did_you_mean, error
from stele.ir import (
    NO_SPAN,
    Enum,
    EnumSymbol,
    Field,
    NamedType,
    Record,
    Ref,
    Relation,
    Span,
    Union,
    Variant,
)
from stele.source.declared_names import member_name, report_case_twin, symbol_name
from stele.source.json_names import read_json_name, report_json_clashes
from stele.source.members import ACK_KEY, read_acks, read_examples, read_reserved
from stele.source.names import Kind
from stele.source.reader import PASCAL, RESERVED_WORDS, SNAKE
from stele.source.type_refs import TypeRefs
from stele.source.yaml_nodes import YMap, YNode, YScalar, to_value

RECORD_KEYS = (
    "doc",
    "fields",
    "reserved",
    "deprecated",
    "examples",
    "renamed_from",
    "types",
    ACK_KEY,
)
ENUM_KEYS = (
    "doc",
    "enum",
    "default",
    "reserved",
    "deprecated",
    "examples",
    "renamed_from",
    ACK_KEY,
)
UNION_KEYS = (
    "doc",
    "union",
    "discriminator",
    "reserved",
    "deprecated",
    "examples",
    "renamed_from",
    ACK_KEY,
)
FIELD_KEYS = (
    "type",
    "doc",
    "optional",
    "default",
    "number",
    "deprecated",
    "examples",
    "renamed_from",
    "references",
    "as",
    "json",
    ACK_KEY,
)


@dataclass
class TypeDecl:
    """A named type found in pass one, built in pass two."""

    name: str
    package: str
    node: YMap
    key: YScalar
    parent: str | None


@dataclass
class TypeBuilder(TypeRefs):
    # Relations are checked once every type is built.
    relations: list[tuple[Relation, str]] = field(default_factory=list)

    # --- pass one ------------------------------------------------------------------------------

    def declare(
        self, node: YNode | None, package: str, parent: str | None, out: list[TypeDecl]
    ) -> None:
        types = self.reader.mapping(node, "types")
        if types is None:
            return
        for key, value in types.items:
            name = str(key.value)
            what = f"type '{name}'"
            if not PASCAL.match(name) or name in RESERVED_WORDS:
                # `None`, `True` and `False` are PascalCase but cannot name a Python class.
                shape = "a reserved word in a target format" if PASCAL.match(name) else None
                self.reader.report(
                    "S110",
                    f"type name '{name}' is {shape or 'not a PascalCase identifier'}",
                    key,
                    "type names look like OrderCreated: letters and digits, starting upper-case",
                )
                continue
            qualified = f"{parent or package}.{name}"
            body = self.reader.mapping(value, what)
            if body is None:
                continue
            earlier = self.names.declare(Kind.TYPE, qualified, key.span)
            if earlier is not None:
                self.reader.report(
                    "S101",
                    f"'{qualified}' is already defined at {earlier}",
                    key,
                    "rename one of the two definitions",
                )
                continue
            report_case_twin(self.reader, self.names, Kind.TYPE, qualified, key)
            out.append(TypeDecl(qualified, package, body, key, parent))
            if body.get("types") is not None:
                self.declare(body.get("types"), package, qualified, out)

    # --- pass two ------------------------------------------------------------------------------

    def build(self, decl: TypeDecl) -> NamedType | None:
        node = decl.node
        kinds = [k for k in ("fields", "enum", "union") if node.get(k) is not None]
        what = f"type '{decl.key.value}'"
        if not kinds:
            self.reader.report(
                "S012",
                f"{what} needs one of 'fields', 'enum' or 'union'",
                decl.key,
                "a record has fields, an enum has symbols, a union has variants",
            )
            return None
        if len(kinds) > 1:
            self.reader.report(
                "S013",
                f"{what} has both '{kinds[0]}' and '{kinds[1]}'",
                decl.key,
                "a type is a record, an enum or a union: keep one",
            )
            return None
        if kinds[0] == "fields":
            return self.record(decl)
        if kinds[0] == "enum":
            return self.enum(decl)
        return self.union(decl)

    def common(self, decl: TypeDecl) -> dict[str, object]:
        node = decl.node
        r = self.reader
        return {
            "doc": r.text(node.get("doc"), "doc"),
            "reserved": read_reserved(self.reader, node.get("reserved")),
            "deprecated": r.deprecation(node.get("deprecated")),
            "examples": read_examples(self.reader, node.get("examples")),
            "renamed_from": tuple(
                n for n, _ in r.strings(node.get("renamed_from"), "renamed_from")
            ),
            "parent": decl.parent,
            "acks": read_acks(self.reader, node.get(ACK_KEY)),
        }

    def record(self, decl: TypeDecl) -> Record | None:
        self.reader.keys(decl.node, f"record '{decl.key.value}'", RECORD_KEYS)
        fields_node = self.reader.mapping(decl.node.get("fields"), "fields")
        fields: list[Field] = []
        for key, value in fields_node.items if fields_node else ():
            built = self.field(decl, key, value)
            if built is not None:
                fields.append(built)
        report_json_clashes(self.reader, fields)
        common = self.common(decl)
        return Record(
            name=decl.name,
            package=decl.package,
            fields=tuple(fields),
            span=decl.key.span,
            **common,  # type: ignore[arg-type]
        )

    def field(self, decl: TypeDecl, key: YScalar, value: YNode) -> Field | None:
        r = self.reader
        name = str(key.value)
        if not member_name(
            self.reader, name, key, "field", SNAKE, "snake_case such as consumer_id"
        ):
            return None
        if isinstance(value, YScalar):
            parsed = self.type_expr(value, decl)
            if parsed is None:
                return None
            t, optional, type_span = parsed
            return Field(name, t, key.span, optional=optional, type_span=type_span)
        body = r.mapping(value, f"field '{name}'")
        if body is None:
            return None
        if not r.keys(body, f"field '{name}'", FIELD_KEYS, required=("type",)):
            return None
        type_node = body.get("type")
        assert type_node is not None
        if not isinstance(type_node, YScalar) or not isinstance(type_node.value, str):
            r.report(
                "S010",
                f"the type of field '{name}' must be a type expression",
                type_node,
                "write the type as text, such as list<string> or Money?",
            )
            return None
        parsed = self.type_expr(type_node, decl)
        if parsed is None:
            return None
        t, optional, type_span = parsed
        explicit_optional = r.boolean(body.get("optional"), "optional")
        default_node = body.get("default")
        relation = self.relation(decl, name, body)
        number_node = body.get("number")
        return Field(
            name=name,
            type=t,
            span=key.span,
            optional=optional or bool(explicit_optional),
            number=r.integer(number_node, "number"),
            doc=r.text(body.get("doc"), "doc"),
            default=to_value(default_node) if default_node is not None else None,
            has_default=default_node is not None,
            deprecated=r.deprecation(body.get("deprecated")),
            examples=read_examples(self.reader, body.get("examples")),
            renamed_from=tuple(n for n, _ in r.strings(body.get("renamed_from"), "renamed_from")),
            relation=relation,
            type_span=type_span,
            acks=read_acks(self.reader, body.get(ACK_KEY)),
            default_span=default_node.span if default_node is not None else NO_SPAN,
            json=read_json_name(r, name, body.get("json")),
        )

    def relation(self, decl: TypeDecl, field_name: str, body: YMap) -> Relation | None:
        target_node = body.get("references")
        if target_node is None:
            if body.get("as") is not None:
                self.reader.report(
                    "S013",
                    "'as' names a relation and needs 'references'",
                    body.get("as") or body,
                    "add 'references: <Record>' or remove 'as'",
                )
            return None
        target = self.reader.string(target_node, "references")
        if target is None:
            return None
        name = self.reader.string(body.get("as"), "as") or field_name.removesuffix("_id")
        relation = Relation(target=target, name=name, span=target_node.span)
        self.relations.append((relation, decl.package))
        return relation

    def enum(self, decl: TypeDecl) -> Enum | None:
        r = self.reader
        r.keys(decl.node, f"enum '{decl.key.value}'", ENUM_KEYS)
        node = decl.node.get("enum")
        assert node is not None
        symbols: list[EnumSymbol] = []
        if isinstance(node, YMap):
            for key, value in node.items:
                name = str(key.value)
                if not symbol_name(self.reader, name, key):
                    continue
                body = r.mapping(value, f"symbol '{name}'")
                if body is None:
                    continue
                r.keys(
                    body,
                    f"symbol '{name}'",
                    ("number", "doc", "deprecated", "renamed_from", ACK_KEY),
                )
                symbols.append(
                    EnumSymbol(
                        name,
                        key.span,
                        number=r.integer(body.get("number"), "number"),
                        doc=r.text(body.get("doc"), "doc"),
                        deprecated=r.deprecation(body.get("deprecated")),
                        renamed_from=tuple(
                            n for n, _ in r.strings(body.get("renamed_from"), "renamed_from")
                        ),
                        acks=read_acks(self.reader, body.get(ACK_KEY)),
                    )
                )
        else:
            for name, item in r.strings(node, "enum symbols"):
                if symbol_name(self.reader, name, item):
                    symbols.append(EnumSymbol(name, item.span))
        seen: dict[str, Span] = {}
        for s in symbols:
            if s.name in seen:
                r.diagnostics.append(
                    error("S101", f"symbol '{s.name}' is listed twice", s.span, "remove one")
                )
            seen.setdefault(s.name, s.span)
        if not symbols:
            r.report(
                "S152", f"enum '{decl.key.value}' has no symbols", node, "list at least one symbol"
            )
        default_node = decl.node.get("default")
        default = r.string(default_node, "default")
        if default is not None and default_node is not None and default not in seen:
            r.report(
                "S151",
                f"default '{default}' is not a symbol of enum '{decl.key.value}'",
                default_node,
                did_you_mean(default, seen) or f"use one of: {', '.join(seen)}",
            )
            default = None
        return Enum(
            name=decl.name,
            package=decl.package,
            symbols=tuple(symbols),
            span=decl.key.span,
            default=default,
            **self.common(decl),  # type: ignore[arg-type]
        )

    def union(self, decl: TypeDecl) -> Union | None:
        r = self.reader
        r.keys(decl.node, f"union '{decl.key.value}'", UNION_KEYS)
        node = r.mapping(decl.node.get("union"), "union variants")
        # Only this union's own mistakes excuse an empty variant list, not earlier ones elsewhere.
        reported_before = len(r.diagnostics)
        variants: list[Variant] = []
        for key, value in node.items if node else ():
            name = str(key.value)
            if not member_name(self.reader, name, key, "variant", SNAKE, "snake_case such as card"):
                continue
            number: int | None = None
            doc = ""
            type_node: YNode = value
            if isinstance(value, YMap):
                r.keys(value, f"variant '{name}'", ("type", "number", "doc"), required=("type",))
                number = r.integer(value.get("number"), "number")
                doc = r.text(value.get("doc"), "doc")
                type_node = value.get("type") or value
            if not isinstance(type_node, YScalar):
                r.report(
                    "S010",
                    f"variant '{name}' must name a record type",
                    type_node,
                    "write the record's name, such as Card",
                )
                continue
            parsed = self.type_expr(type_node, decl)
            if parsed is None:
                continue
            t, _, _ = parsed
            if not isinstance(t, Ref):
                r.report(
                    "S134",
                    f"variant '{name}' must be a record, not '{type_node.value}'",
                    type_node,
                    "wrap the value in a record with one field",
                )
                continue
            variants.append(Variant(name, t, key.span, number=number, doc=doc))
        if node is not None and not variants and len(r.diagnostics) == reported_before:
            r.report(
                "S152",
                f"union '{decl.key.value}' has no variants",
                node,
                "add at least one variant",
            )
        discriminator = r.string(decl.node.get("discriminator"), "discriminator") or "type"
        return Union(
            name=decl.name,
            package=decl.package,
            variants=tuple(variants),
            span=decl.key.span,
            discriminator=discriminator,
            **self.common(decl),  # type: ignore[arg-type]
        )
