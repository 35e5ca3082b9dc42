"""The GraphQL consumers of the change corpus: real clients run against a real server.

For a case, each version's GraphQL schema is emitted (`stele.emit.graphql`) and made executable
with graphql-core: every custom scalar parses and serialises exactly the JSON form
`docs/graphql.md` documents (an `Int64` is a string of digits within 64 bits, a `Timestamp` an
RFC 3339 date-time with an offset, ...), and a resolver answers every field with a value of the
field's type in the *server's* schema (enum values and union members in turn, nullable fields
sometimes null, lists of one and two items, `Int64`s beyond 32 bits).

The clients are written against the *client's* schema the way typed GraphQL clients write them:
one operation per root field (query, mutation or subscription), every argument a variable of the
client's declared type, every field selected to a depth of four, object selections inside a
fragment on their type (`... on Order { ... }`, as fragment-colocating clients do, so a renamed
type is seen) and `__typename` with a fragment per member on unions. A run:

1. validates the client's operation against the server's schema (`graphql.validate`): a field,
   argument or type the server lacks, or a variable type the server does not accept there, is a
   break;
2. executes it on the server (`graphql.execute_sync`) with variables the client generates from its
   own input types (every optional input field both sent and left out across runs; `@oneOf`
   inputs with each member in turn): a value the server's input coercion refuses is a break;
3. reads the result as the client's types: a null where the client requires a value, or a scalar
   the client's scalar cannot parse, is a break. An enum value or a union member the client does
   not know is a *warning*: typed clients read it as their "unknown" case (Apollo's
   `UNKNOWN__`, Relay's `%future added value`), and a client that does not handle it breaks,
   which is what graphql-core calls a dangerous change. A string no GraphQL enum can hold
   (`""`, `"hello, world"`: the field is no longer an enum on the server) is a break.

BACKWARD pairs old clients with the new server, FORWARD new clients with the old server.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from _consumer_proofs import DIRECTIONS, Case, Version, versions

from stele.compat.model import Direction
from stele.config import Options
from stele.emit.base import EmitContext
from stele.emit.graphql import render

MAX_DEPTH = 4
INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
_DECIMAL = re.compile(r"-?\d+(\.\d+)?\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*\Z")  # what a GraphQL enum value can be
_NOT_ENUM = ("true", "false", "null")
_DURATION = re.compile(
    r"-?P(?!\Z)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?\Z"
)


@dataclass(frozen=True)
class GraphQLProof:
    verdict: str  # ok, warning or error
    counterexample: str
    runs: int


def sdl(version: Version) -> str:
    p = version.project
    return render(EmitContext(p, Options(), {}, {n: pkg.file for n, pkg in p.packages.items()}))


def prove_graphql(case: Case) -> dict[Direction, GraphQLProof]:
    old, new = versions(case)
    so, sn = sdl(old), sdl(new)
    return {
        d: probe(client, server)
        for d, (client, server) in zip(DIRECTIONS, ((so, sn), (sn, so)), strict=True)
    }


# ---------------------------------------------------------------------------------------------
# Scalars: the documented JSON forms, strictly
# ---------------------------------------------------------------------------------------------


def _int(lo: int, hi: int, strings: bool) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        if isinstance(value, str) and strings and re.fullmatch(r"-?\d+", value):
            value = int(value)
        if type(value) is not int or not lo <= value <= hi:
            raise ValueError(f"not an integer of {hi.bit_length() + 1} bits: {value!r}")
        return value

    return parse


def _text(pattern: re.Pattern[str], what: str, check: Callable[[str], object] = str) -> Any:
    def parse(value: Any) -> str:
        if not isinstance(value, str) or not pattern.match(value):
            raise ValueError(f"not {what}: {value!r}")
        check(value)
        return value

    return parse


def _uuid(value: Any) -> str:
    if not isinstance(value, str) or str(uuid.UUID(value)) != value.lower():
        raise ValueError(f"not a UUID: {value!r}")
    return value


def _bytes(value: Any) -> str:
    if not isinstance(value, str) or len(value) % 4:
        raise ValueError(f"not base64: {value!r}")
    base64.b64decode(value, validate=True)
    return value


def _map(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ValueError(f"not a JSON object: {value!r}")
    return value


def _float(value: Any) -> float:
    if type(value) not in (int, float):
        raise ValueError(f"not a number: {value!r}")
    return float(value)


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"not a string: {value!r}")
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"not a boolean: {value!r}")
    return value


def _id(value: Any) -> str:
    if not isinstance(value, str) and type(value) is not int:
        raise ValueError(f"not an ID: {value!r}")
    return str(value)


PARSE: dict[str, Callable[[Any], Any]] = {
    "Int": _int(*INT32, strings=False),
    "Float": _float,
    "String": _string,
    "Boolean": _boolean,
    "ID": _id,
    "Int64": _int(*INT64, strings=True),
    "Decimal": _text(_DECIMAL, "a decimal string"),
    "UUID": _uuid,
    "Date": _text(_DATE, "a date", dt.date.fromisoformat),
    "Timestamp": _text(_TIMESTAMP, "an RFC 3339 date-time", dt.datetime.fromisoformat),
    "Duration": _text(_DURATION, "an ISO 8601 duration"),
    "Bytes": _bytes,
    "Map": _map,
}


def executable(text: str) -> Any:
    """The schema with every custom scalar parsing and serialising its documented JSON form."""
    from graphql import GraphQLScalarType, ValueNode, build_schema
    from graphql.utilities import value_from_ast_untyped

    schema = build_schema(text)
    for name, t in schema.type_map.items():
        if isinstance(t, GraphQLScalarType) and not name.startswith("__"):
            if name not in PARSE:
                raise AssertionError(f"scalar {name} has no documented form in this proof")
            if name in ("Int", "Float", "String", "Boolean", "ID"):
                continue
            parse = PARSE[name]

            def parse_literal(
                node: ValueNode,
                variables: dict[str, Any] | None = None,
                p: Callable[[Any], Any] = parse,
            ) -> Any:
                return p(value_from_ast_untyped(node, variables))

            # graphql-core 3.3 coerces through the coerce_* attributes, 3.2 through the others
            # (methods in 3.3, replaced on this instance: setattr, as a method is not assignable)
            t.coerce_output_value = t.coerce_input_value = parse
            for method, function in [
                ("serialize", parse),
                ("parse_value", parse),
                ("parse_literal", parse_literal),
            ]:
                setattr(t, method, function)
            t.coerce_input_literal = None
    return schema


# ---------------------------------------------------------------------------------------------
# Values: the server's answers and the client's variables
# ---------------------------------------------------------------------------------------------


def _pick(seed: int, path: str, n: int) -> int:
    return (seed + zlib.crc32(path.encode())) % n


def scalar_value(name: str, seed: int, path: str) -> Any:
    k = _pick(seed, path, 4)
    values: dict[str, list[Any]] = {
        "Int": [7, INT32[1], INT32[0], 0],
        "Float": [1.5, 0.0, -2.25, 1e300],
        "String": ["text", "", "hello, world", "unicode: é"],
        "Boolean": [True, False, True, False],
        "ID": ["id-1", "id-2", "3", "id-4"],
        "Int64": ["7", str(INT64[1]), str(INT64[0]), "4294967296"],
        "Decimal": ["12.50", "0", "-3.14159", "99999999999999999.99"],
        "UUID": [str(uuid.UUID(int=i * 0x1234567)) for i in (1, 2, 3, 4)],
        "Date": ["2026-12-03", "1970-01-01", "2000-02-29", "9999-12-31"],
        "Timestamp": [
            "2026-12-03T10:15:30Z",
            "1970-01-01T00:00:00Z",
            "2000-02-29T23:59:59.123456+02:00",
            "2026-06-01T00:00:00-05:00",
        ],
        "Duration": ["PT1H30M", "P1D", "PT0.5S", "P2W"],
        "Bytes": ["aGVsbG8=", "", "AAEC", "/+8="],
        "Map": [{"a": "1"}, {}, {"k": "v", "x": "y"}, {"": ""}],
    }
    return values[name][k]


class Answers:
    """The server's resolver: a value of the server's type for every field asked for."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def field(self, source: Any, info: Any, **_args: Any) -> Any:
        path = ".".join(str(p) for p in info.path.as_list() if not isinstance(p, int))
        return self.value(info.return_type, path, nullable=True)

    def value(self, t: Any, path: str, nullable: bool) -> Any:
        from graphql import (
            GraphQLEnumType,
            GraphQLList,
            GraphQLNonNull,
            GraphQLObjectType,
            GraphQLScalarType,
            GraphQLUnionType,
        )

        if isinstance(t, GraphQLNonNull):
            return self.value(t.of_type, path, nullable=False)
        if nullable and _pick(self.seed, path, 3) == 1:
            return None
        if isinstance(t, GraphQLList):
            n = 1 + _pick(self.seed, path + "[]", 2)
            return [self.value(t.of_type, f"{path}[{i}]", True) for i in range(n)]
        if isinstance(t, GraphQLScalarType):
            return scalar_value(t.name, self.seed, path)
        if isinstance(t, GraphQLEnumType):
            names = list(t.values)
            return t.values[names[_pick(self.seed, path, len(names))]].value
        if isinstance(t, GraphQLUnionType):
            member = t.types[_pick(self.seed, path, len(t.types))]
            return {"__typename": member.name}
        if isinstance(t, GraphQLObjectType):
            return {"__typename": t.name}
        raise AssertionError(f"unexpected output type {t}")


def resolve_type(value: Any, _info: Any, _abstract: Any) -> str:
    return str(value["__typename"])


def input_value(t: Any, seed: int, path: str) -> Any:
    """A value of a client's input type; an optional field is sent in some runs, not in others."""
    from graphql import (
        GraphQLEnumType,
        GraphQLInputObjectType,
        GraphQLList,
        GraphQLNonNull,
        GraphQLScalarType,
    )

    if isinstance(t, GraphQLNonNull):
        return input_value(t.of_type, seed, path)
    if isinstance(t, GraphQLList):
        return [input_value(t.of_type, seed + i, f"{path}[{i}]") for i in range(2)]
    if isinstance(t, GraphQLScalarType):
        return scalar_value(t.name, seed, path)
    if isinstance(t, GraphQLEnumType):
        names = list(t.values)
        return names[_pick(seed, path, len(names))]
    if isinstance(t, GraphQLInputObjectType):
        fields = t.fields
        if getattr(t, "is_one_of", False):
            name = sorted(fields)[_pick(seed, path, len(fields))]
            return {name: input_value(fields[name].type, seed, f"{path}.{name}")}
        out = {}
        for name, f in fields.items():
            if isinstance(f.type, GraphQLNonNull) or _pick(seed, f"{path}.{name}", 3) != 1:
                out[name] = input_value(f.type, seed, f"{path}.{name}")
        return out
    raise AssertionError(f"unexpected input type {t}")


# ---------------------------------------------------------------------------------------------
# The clients
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    name: str
    kind: str  # query, mutation or subscription
    root_field: str
    text: str
    variables: dict[str, Any]  # variable name -> the client's input type


def operations(schema: Any) -> Iterator[Operation]:
    for kind, root in (
        ("query", schema.query_type),
        ("mutation", schema.mutation_type),
        ("subscription", schema.subscription_type),
    ):
        if root is None:
            continue
        for name, f in root.fields.items():
            variables = {a: arg.type for a, arg in f.args.items()}
            decl = ", ".join(f"${a}: {t}" for a, t in variables.items())
            args = ", ".join(f"{a}: ${a}" for a in variables)
            head = f"{kind} {kind}_{name}" + (f"({decl})" if decl else "")
            call = name + (f"({args})" if args else "")
            text = f"{head} {{ {call}{_selection(f.type, ())} }}"
            yield Operation(f"{kind}_{name}", kind, name, text, variables)


def _selection(t: Any, seen: tuple[str, ...]) -> str:
    from graphql import GraphQLObjectType, GraphQLUnionType, get_named_type

    named = get_named_type(t)
    if isinstance(named, GraphQLUnionType):
        parts = [_fragment(m, seen) for m in named.types]
        return " { __typename " + " ".join(parts) + " }"
    if isinstance(named, GraphQLObjectType):
        return " { " + _fragment(named, seen) + " }"
    return ""


def _fragment(t: Any, seen: tuple[str, ...]) -> str:
    from graphql import GraphQLNonNull, GraphQLObjectType, GraphQLUnionType, get_named_type

    fields = []
    for name, f in t.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) for a in f.args.values()):
            continue
        inner = get_named_type(f.type)
        composite = isinstance(inner, (GraphQLObjectType, GraphQLUnionType))
        if composite and (len(seen) >= MAX_DEPTH or inner.name in seen):
            continue
        fields.append(name + (_selection(f.type, (*seen, t.name)) if composite else ""))
    return f"... on {t.name} {{ __typename {' '.join(fields)} }}"


# ---------------------------------------------------------------------------------------------
# A run, and the client's reading of the answer
# ---------------------------------------------------------------------------------------------


def probe(client_sdl: str, server_sdl: str) -> GraphQLProof:
    from graphql import execute_sync, parse, validate

    client, server = executable(client_sdl), executable(server_sdl)
    worst, example, runs = "ok", "", 0
    rounds = _rounds(client, server)
    for op in operations(client):
        document = parse(op.text)
        problems = validate(server, document)
        if problems:
            return GraphQLProof("error", f"{op.name}: {problems[0].message}", runs)
        for seed in range(rounds):
            variables = {v: input_value(t, seed, f"{op.name}.{v}") for v, t in op.variables.items()}
            answers = Answers(seed)
            result = execute_sync(
                server,
                document,
                variable_values=variables,
                field_resolver=answers.field,
                type_resolver=resolve_type,
            )
            runs += 1
            if result.errors:
                return GraphQLProof("error", f"{op.name}: {result.errors[0].message}", runs)
            root = client.get_root_type(_operation_type(op.kind))
            field = root.fields[op.root_field]
            for severity, message in read(
                field.type, (result.data or {}).get(op.root_field), op.root_field
            ):
                if severity == "error":
                    return GraphQLProof("error", f"{op.name}: {message}", runs)
                if worst == "ok":
                    worst, example = "warning", f"{op.name}: {message}"
    return GraphQLProof(worst, example, runs)


def _operation_type(kind: str) -> Any:
    from graphql.language import OperationType

    return OperationType(kind)


def _rounds(*schemas: Any) -> int:
    """Enough runs for every enum value and union member to be answered at every field."""
    from graphql import GraphQLEnumType, GraphQLUnionType

    sizes = [3]
    for schema in schemas:
        for t in schema.type_map.values():
            if isinstance(t, GraphQLEnumType):
                sizes.append(len(t.values))
            elif isinstance(t, GraphQLUnionType):
                sizes.append(len(t.types))
    return max(sizes) + 1


def read(t: Any, value: Any, path: str) -> Iterator[tuple[str, str]]:
    """What the client finds when it reads `value` as its type `t`: (severity, message)s."""
    from graphql import (
        GraphQLEnumType,
        GraphQLList,
        GraphQLNonNull,
        GraphQLObjectType,
        GraphQLScalarType,
        GraphQLUnionType,
    )

    if isinstance(t, GraphQLNonNull):
        if value is None:
            yield "error", f"{path} is null, and the client requires a value"
            return
        t = t.of_type
    if value is None:
        return
    if isinstance(t, GraphQLList):
        if not isinstance(value, list):
            yield "error", f"{path} is not a list: {value!r}"
            return
        for i, item in enumerate(value):
            yield from read(t.of_type, item, f"{path}[{i}]")
    elif isinstance(t, GraphQLScalarType):
        try:
            PARSE[t.name](value)
        except (ValueError, TypeError) as exc:
            yield "error", f"{path}: the client's {t.name} cannot read it ({exc})"
    elif isinstance(t, GraphQLEnumType):
        if not isinstance(value, str) or not _NAME.match(value) or value in _NOT_ENUM:
            yield "error", f"{path}: {value!r} cannot be a value of any enum, as {t.name} is"
        elif value not in t.values:
            yield "warning", f"{path}: {value!r} is not a value of the client's enum {t.name}"
    elif isinstance(t, GraphQLUnionType):
        members = {m.name: m for m in t.types}
        typename = value.get("__typename")
        if typename not in members:
            yield "warning", f"{path}: {typename!r} is not a member of the client's union {t.name}"
            return
        yield from _read_object(members[typename], value, path)
    elif isinstance(t, GraphQLObjectType):
        yield from _read_object(t, value, path)


def _read_object(t: Any, value: Any, path: str) -> Iterator[tuple[str, str]]:
    if not isinstance(value, dict):
        yield "error", f"{path} is not an object: {value!r}"
        return
    if value.get("__typename") != t.name:
        yield "error", f"{path} is a {value.get('__typename')!r}, the client expects a {t.name}"
        return
    for key, item in value.items():
        if key == "__typename":
            continue
        if key not in t.fields:
            yield "error", f"{path}.{key} is not a field of the client's {t.name}"
            continue
        yield from read(t.fields[key].type, item, f"{path}.{key}")
