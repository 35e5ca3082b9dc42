"""GraphQL: one SDL document, `graphql/schema.graphql`, for the request/response operations and
the events of publish/subscribe channels (docs/graphql.md).

- Records become object types (and input types where an operation takes them), enums enums,
  unions unions whose members are the variants' object types (a resolver gives `__typename` from
  the discriminator: `stele.mapping.graphql_types.result_value`) and, as input, `@oneOf` input
  types keyed by the discriminator values.
- A relation (`references` with `as`) adds a field named after the relation that returns the
  related object, next to the id field: a query does in one round trip what `?expand=` does.
- Operations bound to HTTP GET (or HEAD) are queries, taking the request's fields as arguments;
  the others are mutations, taking the request as one `input` argument. Each event published on
  a publish/subscribe channel is a subscription.

The document is checked by graphql-core (`build_schema`, `validate_schema`) before it is written.
"""

from __future__ import annotations

import json
import re

from stele.diagnostics import Diagnostic, error
from stele.emit.base import EmitContext, header_line
from stele.ir import (
    ChannelStyle,
    Enum,
    Field,
    MessageKind,
    Operation,
    Project,
    Record,
    Ref,
    Style,
    TypeExpr,
    Union,
    Value,
    named_refs,
    type_text,
)
from stele.mapping.artifacts import Artifacts
from stele.mapping.graphql_types import (
    SCALAR_DOCS,
    SCALAR_ORDER,
    TypeMapper,
    field_required,
    graphql_names,
    input_name,
    scalars_of,
)
from stele.span import Span

DOCUMENT_PATH = "graphql/schema.graphql"
QUERY_METHODS = ("GET", "HEAD")


def lower_camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def request_response(project: Project) -> list[Operation]:
    return [
        op
        for op in project.operations()
        if op.style is Style.REQUEST_RESPONSE and op.response is not None
    ]


def is_query(op: Operation) -> bool:
    return op.http is not None and op.http.method.upper() in QUERY_METHODS


def operation_fields(ops: list[Operation]) -> dict[str, Operation]:
    """GraphQL field name -> operation: the operation's name in lowerCamelCase, prefixed with
    its service (`orderService_getOrder`) where two services share it."""
    count: dict[str, int] = {}
    for op in ops:
        count[op.name] = count.get(op.name, 0) + 1
    out: dict[str, Operation] = {}
    for op in ops:
        name = lower_camel(op.name)
        if count[op.name] > 1:
            name = f"{lower_camel(op.service.rsplit('.', 1)[-1])}_{name}"
        out[name] = op
    return out


def subscription_fields(project: Project) -> dict[str, str]:
    """GraphQL field name -> qualified event message, for every event of a publish/subscribe
    channel, in declaration order."""
    events: list[str] = []
    for ch in project.channels.values():
        if ch.style is not ChannelStyle.PUBLISH_SUBSCRIBE:
            continue
        for m in ch.messages:
            msg = project.messages.get(m)
            if msg is not None and msg.kind is MessageKind.EVENT and m not in events:
                events.append(m)
    count: dict[str, int] = {}
    for m in events:
        short = m.rsplit(".", 1)[-1]
        count[short] = count.get(short, 0) + 1
    out: dict[str, str] = {}
    for m in sorted(events, key=list(project.messages).index):
        short = m.rsplit(".", 1)[-1]
        name = lower_camel(short)
        if count[short] > 1:
            name = "".join(p.capitalize() for p in project.messages[m].package.split(".")) + short
            name = lower_camel(name)
        out[name] = m
    return out


def _closure(project: Project, roots: list[str], follow_relations: bool) -> set[str]:
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        found = project.reachable_types(pending)
        pending = []
        for name in found:
            if name in seen:
                continue
            seen.add(name)
            named = project.types[name]
            if follow_relations and isinstance(named, Record):
                pending += [
                    f.relation.target
                    for f in named.fields
                    if f.relation is not None and f.relation.target in project.types
                ]
    return seen


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def description(doc: str, indent: str = "") -> list[str]:
    if not doc.strip():
        return []
    text = doc.strip().replace('"""', '\\"""')
    if "\n" not in text and not text.endswith('"'):
        return [f'{indent}"""{text}"""']
    lines = ['"""', *text.split("\n"), '"""']
    return [indent + line if line.strip() else "" for line in lines]


def deprecated(reason: str | None) -> str:
    if reason is None:
        return ""
    if not reason:
        return " @deprecated"
    return f" @deprecated(reason: {json.dumps(reason, ensure_ascii=False)})"


def literal(project: Project, t: TypeExpr, value: Value) -> str | None:
    """A GraphQL literal for a default value, or None where none is written."""
    if isinstance(t, Ref) and isinstance(project.types.get(t.name), Enum):
        return str(value) if isinstance(value, str) else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and not isinstance(t, Ref):
        return json.dumps(value)
    if isinstance(value, str) and not isinstance(t, Ref):
        return json.dumps(value, ensure_ascii=False)
    return None


class _Writer:
    def __init__(self, ctx: EmitContext) -> None:
        self.project = ctx.project
        self.names = graphql_names(self.project)
        self.types = TypeMapper(self.project, self.names)
        self.lines: list[str] = []

    def field_doc(self, f: Field) -> str:
        doc = f.doc
        if not set(scalars_of(f.type)) & {"Decimal", "Map"}:
            return doc
        note = f"Contract type: {type_text(f.type)}."
        return f"{doc}\n\n{note}" if doc else note

    def output_field(self, f: Field, taken: set[str]) -> None:
        self.lines += description(self.field_doc(f), "  ")
        ref = self.types.field_ref(f, as_input=False)
        self.lines.append(f"  {f.name}: {ref}{deprecated(f.deprecated)}")
        rel = f.relation
        # A relation named like a field of the record is left out (the field wins).
        if rel is not None and rel.target in self.names and rel.name not in taken:
            target = self.names[rel.target]
            doc = (
                f"The {target} that `{f.name}` identifies (what `?expand={rel.name}` embeds); "
                "null when it cannot be read."
            )
            self.lines += description(doc, "  ")
            self.lines.append(f"  {rel.name}: {target}")

    def input_value(self, f: Field, indent: str) -> str:
        ref = self.types.field_ref(f, as_input=True)
        default = literal(self.project, f.type, f.default) if f.has_default else None
        text = f"{indent}{f.name}: {ref}" + (f" = {default}" if default is not None else "")
        # A required input cannot be deprecated (the schema would be invalid).
        return text + (deprecated(f.deprecated) if not field_required(f) else "")

    def record(self, r: Record, as_input: bool) -> None:
        name = self.names[r.name]
        self.lines += description(r.doc)
        keyword = "input" if as_input else "type"
        shown = input_name(name) if as_input else name
        if not r.fields:
            # GraphQL has no empty object: an empty record holds one always-null field.
            self.lines += [f"{keyword} {shown} {{", '  "Always null: the record has no fields."']
            self.lines += ["  _empty: Boolean", "}", ""]
            return
        self.lines.append(f"{keyword} {shown} {{")
        for f in r.fields:
            if as_input:
                self.lines += description(self.field_doc(f), "  ")
                self.lines.append(self.input_value(f, "  "))
            else:
                self.output_field(f, {g.name for g in r.fields})
        self.lines += ["}", ""]

    def union(self, u: Union, as_input: bool) -> None:
        name = self.names[u.name]
        tags = ", ".join(
            f"`{u.discriminator}: {v.name}` is {self.names[v.type.name]}" for v in u.variants
        )
        doc = f"{u.doc}\n\n" if u.doc else ""
        if as_input:
            self.lines += description(f"{doc}Exactly one member, named by the variant: {tags}.")
            self.lines.append(f"input {input_name(name)} @oneOf {{")
            for v in u.variants:
                self.lines += description(v.doc, "  ")
                self.lines.append(f"  {v.name}: {input_name(self.names[v.type.name])}")
            self.lines += ["}", ""]
            return
        self.lines += description(f"{doc}The JSON form's discriminator: {tags}.")
        members = " | ".join(self.names[v.type.name] for v in u.variants)
        self.lines += [f"union {name} = {members}", ""]

    def enum(self, e: Enum) -> None:
        self.lines += description(e.doc)
        self.lines.append(f"enum {self.names[e.name]} {{")
        for s in e.symbols:
            self.lines += description(s.doc, "  ")
            self.lines.append(f"  {s.name}{deprecated(s.deprecated)}")
        self.lines += ["}", ""]

    def root(self, keyword: str, fields: list[tuple[str, str, str, str, str | None]]) -> None:
        """`type Query {...}` from (name, doc, arguments, result, deprecation)."""
        self.lines.append(f"type {keyword} {{")
        for name, doc, args, result, reason in fields:
            self.lines += description(doc, "  ")
            self.lines.append(f"  {name}{args}: {result}{deprecated(reason)}")
        self.lines += ["}", ""]

    def query_args(self, op: Operation) -> str:
        if op.request is None or not self.project.record(op.request).fields:
            return ""
        parts = [self.input_value(f, "") for f in self.project.record(op.request).fields]
        return f"({', '.join(parts)})"

    def mutation_args(self, op: Operation) -> str:
        if op.request is None:
            return ""
        return f"(input: {input_name(self.names[op.request])}!)"


def render(ctx: EmitContext) -> str:
    project = ctx.project
    w = _Writer(ctx)
    ops = request_response(project)
    queries = operation_fields([op for op in ops if is_query(op)])
    mutations = operation_fields([op for op in ops if not is_query(op)])
    subscriptions = subscription_fields(project)
    out_roots = [op.response for op in ops if op.response is not None]
    out_roots += [project.messages[m].body.name for m in subscriptions.values()]
    outputs = _closure(project, out_roots, follow_relations=True)
    in_roots = [op.request for op in mutations.values() if op.request is not None]
    for op in queries.values():
        if op.request is not None:
            in_roots += [n for f in project.record(op.request).fields for n in named_refs(f.type)]
    inputs = _closure(project, in_roots, follow_relations=False)

    sources = sorted({s for p, s in ctx.sources.items()}) or ["the contracts"]
    w.lines += [f"# {header_line(', '.join(sources))}", ""]
    w.lines += ["schema {", "  query: Query"]
    w.lines += ["  mutation: Mutation"] if mutations else []
    w.lines += ["  subscription: Subscription"] if subscriptions else []
    w.lines += ["}", ""]
    query_fields = [
        (n, op.doc, w.query_args(op), w.types.ref(Ref(op.response or ""), True, False), None)
        for n, op in queries.items()
    ]
    if not query_fields:
        doc = "Always null: the contracts declare no read (an HTTP GET operation)."
        query_fields = [("_empty", doc, "", "Boolean", None)]
    w.root("Query", [(n, d, a, r.rstrip("!"), x) for n, d, a, r, x in query_fields])
    if mutations:
        fields = [
            (n, op.doc, w.mutation_args(op), w.names[op.response or ""], op.deprecated)
            for n, op in mutations.items()
        ]
        w.root("Mutation", fields)
    if subscriptions:
        fields = []
        for n, m in subscriptions.items():
            msg = project.messages[m]
            fields.append((n, msg.doc, "", w.names[msg.body.name] + "!", msg.deprecated))
        w.root("Subscription", fields)
    used: set[str] = set()
    for name in sorted(outputs | inputs):
        named = project.types[name]
        if isinstance(named, Record):
            for f in named.fields:
                used.update(scalars_of(f.type))
    for scalar in SCALAR_ORDER:
        if scalar in used:
            text, url = SCALAR_DOCS[scalar]
            w.lines += description(text)
            by = f' @specifiedBy(url: "{url}")' if url else ""
            w.lines += [f"scalar {scalar}{by}", ""]
    for name, named in project.types.items():
        if isinstance(named, Enum) and (name in outputs or name in inputs):
            w.enum(named)
        elif isinstance(named, Record | Union):
            write = w.record if isinstance(named, Record) else w.union
            if name in outputs:
                write(named, False)  # type: ignore[arg-type]
            if name in inputs:
                write(named, True)  # type: ignore[arg-type]
    text = "\n".join(w.lines).rstrip() + "\n"
    return re.sub(r"\n{3,}", "\n\n", text)


# ---------------------------------------------------------------------------------------------
# The emitter
# ---------------------------------------------------------------------------------------------


def check_sdl(sdl: str, path: str = DOCUMENT_PATH) -> list[Diagnostic]:
    """graphql-core's opinion of an SDL document: syntax, SDL and schema validation errors."""
    from graphql import GraphQLError, build_ast_schema, parse, validate_schema
    from graphql.validation.validate import validate_sdl

    try:
        document = parse(sdl)
    except GraphQLError as exc:
        return [_diagnostic(exc, path)]
    errors = validate_sdl(document)
    if errors:
        return [_diagnostic(e, path) for e in errors]
    schema = build_ast_schema(document, assume_valid_sdl=True)
    return [_diagnostic(e, path) for e in validate_schema(schema)]


def _diagnostic(exc: object, path: str) -> Diagnostic:
    from graphql import GraphQLError

    assert isinstance(exc, GraphQLError)
    loc = exc.locations[0] if exc.locations else None
    span = Span(path, loc.line if loc else 1, loc.column if loc else 1)
    return error(
        "G008",
        f"graphql-core rejects the generated schema: {exc.message}",
        span,
        "report this as a bug of stele's GraphQL emitter",
    )


class GraphqlEmitter:
    name = "graphql"

    def emit(self, ctx: EmitContext) -> Artifacts:
        return {DOCUMENT_PATH: render(ctx).encode("utf-8")}

    def validate(self, ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
        return [
            d
            for path, data in sorted(artifacts.items())
            if path.endswith(".graphql")
            for d in check_sdl(data.decode("utf-8"), path)
        ]
