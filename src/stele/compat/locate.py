"""Mapping a finding back to the YAML: a format's subject naming -> IR element -> Span.

Checkers name what they flag in their own format's terms: a proto full name
(`food.order.Order.items`), an Avro full name (`food.order.Order_Line.qty`), a JSON pointer in a
schema file (`/properties/items`), an OpenAPI pointer (`/paths/~1orders/post`), an AsyncAPI key.
An `ElementIndex` knows every IR element by its qualified name (types, fields, enum symbols,
variants, messages and their headers, channels, services, operations) plus the spellings each
format uses for them, and walks a subject's tokens to the deepest element it names. When the
subject names nothing, the artifact's path does (a `.avsc` file is one type, a `.proto` file one
package, an AsyncAPI document one service).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from stele.compat.contract.judge_graphql import schema_of
from stele.ir import Enum, ListOf, MapOf, Project, Record, Ref, Span, TypeExpr, Union
from stele.mapping.artifacts import (
    enum_prefix,
    message_path,
    message_schema_path,
    operation_id,
    proto_path,
    type_schema_path,
)
from stele.mapping.avro_layout import layout
from stele.mapping.avro_values import avro_full_name
from stele.mapping.graphql_types import input_name

# Where each format's artifacts live in the generated tree (the checker sees paths below it).
FORMAT_ROOTS = {
    "protobuf": "proto",
    "avro": "avro",
    "jsonschema": "jsonschema",
    "openapi": "openapi",
    "asyncapi": "asyncapi",
    "graphql": "graphql",
}
_SPLIT = re.compile(r"[/#\[\]]+")
_OPERATION = re.compile(
    r"^(?P<method>GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) (?P<path>/\S*)(?: (?P<rest>.*))?$"
)
_MEDIA = re.compile(r"^(?P<status>\S+) (?P<media>[\w.+-]+/[\w.+-]+)(?P<pointer>/.*| #.*)?$")


@dataclass
class ElementIndex:
    """Every IR element of one project by qualified name, and the format spellings of each."""

    spans: dict[str, Span] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # format spelling -> element
    # A field's named type: walking on from a field continues inside the type it holds.
    field_types: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # artifact path -> element
    nodes: dict[str, object] = field(default_factory=dict)  # element -> IR node
    project: Project | None = None  # for the GraphQL names, built when first asked
    _graphql: dict[str, str] | None = None  # GraphQL coordinate -> element

    def locate(self, fmt: str, subject: str, artifact: str | None) -> str | None:
        """The deepest element that `subject` (else the artifact path) names, or None."""
        start = self.files.get(artifact or "")
        tokens = self._graphql_tokens(subject) if fmt == "graphql" else _tokens(fmt, subject)
        current = self._walk(tokens, start)
        return current if current is not None else start

    def _graphql_tokens(self, subject: str) -> list[str]:
        """A schema coordinate (`Order.total`, `Query.getOrder(order_id:)`, `Status.OPEN`) in
        the YAML's names: GraphQL names are known to this format only, so that a JSON pointer's
        `Money` never meets them."""
        if self._graphql is None:
            self._graphql = graphql_names(self.project) if self.project is not None else {}
        coordinate, _, argument = subject.lstrip("@").partition("(")
        argument = argument.rstrip(":)")
        head, _, member = coordinate.partition(".")
        if coordinate in self._graphql:
            found = self._graphql[coordinate]
        elif head in self._graphql:
            found = f"{self._graphql[head]}.{member}" if member else self._graphql[head]
        else:
            return []
        return [found, argument] if argument else [found]

    def span(self, element: str) -> Span:
        return self.spans[element]

    def add(self, name: str, node: object, span: Span) -> None:
        self.spans[name] = span
        self.nodes[name] = node

    def _walk(self, tokens: list[str], start: str | None) -> str | None:
        current = start
        for token in tokens:
            step = self._step(current, token)
            if step is not None:
                current = step
        return current

    def _step(self, current: str | None, token: str) -> str | None:
        if current is not None:
            for scope in (current, self.field_types.get(current)):
                if scope is not None:
                    found = self._longest(f"{scope}.{token}", len(scope))
                    if found is not None:
                        return found
        return self._longest(token, 0)

    def _longest(self, dotted: str, floor: int) -> str | None:
        """The element named by the longest prefix of `dotted` longer than `floor` characters,
        continuing with the remaining parts relative to it."""
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            if len(prefix) <= floor:
                return None
            element = self._known(prefix)
            if element is not None:
                rest = parts[cut:]
                return self._walk(rest, element) if rest else element
        return None

    def _known(self, name: str) -> str | None:
        if name in self.spans:
            return name
        return self.aliases.get(name)


def _tokens(fmt: str, subject: str) -> list[str]:
    """The name-bearing pieces of a subject; JSON pointer escapes undone."""
    raw = [t.replace("~1", "/").replace("~0", "~") for t in _SPLIT.split(subject) if t]
    operation = _OPERATION.match(subject) if fmt == "openapi" else None
    if operation is not None:
        # `GET /orders/{id} 200 application/json/items/0`: the operation, the side, a pointer.
        head = f"{operation['method']} {operation['path']}"
        rest = operation["rest"] or ""
        media = _MEDIA.match(rest)
        if media is not None:
            side = "request" if media["status"] in ("request", "requestBody") else "response"
            # The pointer is below the request/response schema (`/items/0`), or absolute in
            # the document (` #/components/schemas/<type>/...`) for a shared definition.
            pointer = (media["pointer"] or "").strip()
            return [head, side, *(t for t in _SPLIT.split(pointer) if t)]
        return [head, *rest.split()]
    if fmt == "openapi" and _path_template(subject):
        return [subject]  # a path alone: `openapi-path-removed`
    if fmt == "openapi" and subject.startswith(("/paths/", "#/paths/", "paths/")):
        pieces = [t.replace("~1", "/").replace("~0", "~") for t in subject.split("/")]
        pieces = [p for p in pieces if p not in ("", "#")]
        if len(pieces) >= 3 and pieces[0] == "paths":
            return [f"{pieces[2].upper()} {pieces[1]}", *pieces[3:]]
    return raw


def _path_template(subject: str) -> bool:
    return (
        subject.startswith("/")
        and not subject.startswith("/paths/")
        and not any(c in subject for c in " .#")
    )


def build_index(project: Project) -> ElementIndex:
    index = ElementIndex(project=project)
    avro_files = layout(project).files  # a cycle of types shares its first type's file
    for package in project.packages.values():
        index.add(package.name, package, package.span)
        index.files[f"proto/{proto_path(package.name)}"] = package.name
    for t in project.types.values():
        index.add(t.name, t, t.span)
        index.files[f"jsonschema/{type_schema_path(project, t.name)}"] = t.name
        if isinstance(t, Record):
            _index_record(index, t)
        elif isinstance(t, Enum):
            _index_enum(index, t, enum_prefix(t.short_name) + "_")
        else:
            _index_union(index, t)
        if not isinstance(t, Union):
            index.aliases.setdefault(avro_full_name(t), t.name)
            index.files.setdefault(avro_files[t.name], t.name)
    for m in project.messages.values():
        index.add(m.name, m, m.span)
        index.aliases[f"{m.name}.body"] = m.body.name
        index.spans[f"{m.name}.headers"] = m.span
        for h in m.headers:
            index.add(f"{m.name}.headers.{h.name}", h, h.span)
        index.files[message_path(m.name)] = m.body.name
        index.files[f"jsonschema/{message_schema_path(m)}"] = m.name
    for c in project.channels.values():
        index.add(c.name, c, c.span)
    for s in project.services.values():
        index.add(s.name, s, s.span)
        index.files[f"asyncapi/{s.name}.json"] = s.name
        for op in s.operations:
            index.add(op.qualified_name, op, op.span)
            index.aliases[operation_id(op)] = op.qualified_name
            if op.http is not None:
                index.aliases[f"{op.http.method.upper()} {op.http.path}"] = op.qualified_name
                # A path alone (`openapi-path-removed`) names its first operation.
                index.aliases.setdefault(op.http.path, op.qualified_name)
            _index_operation_sides(index, project, op.qualified_name, op.request, op.response)
    # Checkers see paths below the format root; the index answers both spellings.
    for path, element in list(index.files.items()):
        root, _, rest = path.partition("/")
        if root in FORMAT_ROOTS.values():
            index.files.setdefault(rest, element)
    return index


def _index_record(index: ElementIndex, r: Record) -> None:
    for f in r.fields:
        name = f"{r.name}.{f.name}"
        index.add(name, f, f.span)
        target = _named_target(f.type)
        if target is not None:
            index.field_types[name] = target
        if f.relation is not None:
            # `?expand=` embeds the related record under the relation's name.
            index.aliases[f"{r.name}.{f.relation.name}"] = name
            index.field_types[name] = f.relation.target


def _index_operation_sides(
    index: ElementIndex, project: Project, op: str, request: str | None, response: str | None
) -> None:
    """`<op>.request` / `<op>.response` walk into the records; parameters are request fields."""
    if response is not None:
        index.aliases[f"{op}.response"] = response
    if request is not None:
        index.aliases[f"{op}.request"] = request
        record = project.types.get(request)
        if isinstance(record, Record):
            for f in record.fields:
                index.aliases.setdefault(f"{op}.{f.name}", f"{request}.{f.name}")


def _index_enum(index: ElementIndex, e: Enum, prefix: str) -> None:
    scope = e.name.rsplit(".", 1)[0]
    for s in e.symbols:
        name = f"{e.name}.{s.name}"
        index.add(name, s, s.span)
        # Proto enum values carry the enum's prefix and live in the enum's parent scope.
        index.aliases[f"{e.name}.{prefix}{s.name}"] = name
        index.aliases.setdefault(f"{scope}.{prefix}{s.name}", name)
    index.aliases[f"{e.name}.{prefix}UNSPECIFIED"] = e.name


def _index_union(index: ElementIndex, u: Union) -> None:
    index.aliases[f"{u.name}.value"] = u.name  # the proto oneof
    for v in u.variants:
        name = f"{u.name}.{v.name}"
        index.add(name, v, v.span)
        index.field_types[name] = v.type.name


def _named_target(t: TypeExpr) -> str | None:
    if isinstance(t, ListOf):
        return _named_target(t.item)
    if isinstance(t, MapOf):
        return _named_target(t.value)
    return t.name if isinstance(t, Ref) else None


def graphql_names(project: Project) -> dict[str, str]:
    """GraphQL type names (object and input types) and root fields (`Query.getOrder`,
    `Subscription.orderCreated`) -> the element of the YAML they come from."""
    schema = schema_of(project)
    out: dict[str, str] = {}
    for element, gname in schema.names.items():
        out.setdefault(gname, element)
        out.setdefault(input_name(gname), element)
    for element, (root, name) in schema.roots.items():
        out[f"{root}.{name}"] = element
    return out
