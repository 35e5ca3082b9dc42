"""docs/conformance.md, rendered from the generated artifacts and the asserted case table.

The construct table reads each cell out of the artifacts of the example project (the JSON Schema
property, the pydantic annotation as generated, the Protobuf field from the compiled descriptor
set, the Avro field type); the invalid-value matrix is `_conformance_cases.CASES`, which
tests/test_conformance.py asserts consumer by consumer.
"""

from __future__ import annotations

import ast
import json
from typing import Any, cast

from _conformance_cases import MISSING, Case
from _conformance_support import CHECKERS, Generated, local_name, schema_path

from stele.emit.python_models import MODELS_DIR, TOP_PACKAGE
from stele.encode.avro_codec import AvroCodec
from stele.encode.protobuf_codec import ProtobufCodec
from stele.ir import (
    SCALARS,
    Enum,
    Field,
    ListOf,
    MapOf,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Union,
    type_text,
)

RERUN = ".venv/bin/pytest tests/test_conformance.py"
REGENERATE = f"STELE_UPDATE_GOLDEN=1 {RERUN} -k conformance_doc"

_CHECKER_DOCS = {
    "jsonschema": "the generated JSON Schema, `jsonschema` Draft 2020-12 with a registry of "
    "every generated schema and the default format checker",
    "pydantic": "the generated pydantic v2 model reading the value's JSON text "
    "(`TypeAdapter.validate_json`, lax mode as a consumer runs it)",
    "check_value": "`stele.values.check_value`, the check of examples and defaults at load time",
    "protobuf-runtime": "the Protobuf runtime over the descriptor set compiled from the "
    "generated `.proto` files, reading the value through the Protobuf JSON mapping "
    "(`json_format.ParseDict`)",
    "protobuf": "the encoding layer's Protobuf codec (`Codecs[...]['protobuf'].encode`)",
    "avro": "the encoding layer's Avro codec: fastavro's schemaless writer with the generated "
    "`.avsc`",
    "json": "the encoding layer's compact JSON codec",
    "msgpack": "the encoding layer's MessagePack codec",
    "cbor": "the encoding layer's CBOR codec",
}


_PROTO_SCALARS = {
    1: "double",
    2: "float",
    3: "int64",
    5: "int32",
    8: "bool",
    9: "string",
    12: "bytes",
}


def _construct(g: Generated, t: TypeExpr) -> str:
    if isinstance(t, Scalar):
        return t.name
    if isinstance(t, ListOf):
        return "list"
    if isinstance(t, MapOf):
        return "map"
    if isinstance(t, Ref):
        named = g.project.types[t.name]
        return {Enum: "enum", Record: "record", Union: "union"}[type(named)]
    return "decimal"


def representative_fields(g: Generated) -> list[tuple[str, Record, Field]]:
    """The first field (in declaration order) of every construct: a required one when there is
    one (float32 has none in the example project); the first optional scalar for `optional`."""
    wanted = [*SCALARS, "decimal", "enum", "record", "union", "list", "map"]
    fields = [(t, f) for t in g.project.types.values() if isinstance(t, Record) for f in t.fields]
    required = [(t, f) for t, f in fields if not f.optional and not f.has_default]
    found: dict[str, tuple[Record, Field]] = {}
    for t, f in [*required, *fields]:
        found.setdefault(_construct(g, f.type), (t, f))
    found["optional"] = next((t, f) for t, f in fields if f.optional and isinstance(f.type, Scalar))
    return [(c, *found[c]) for c in [*wanted, "optional"]]


def _json_schema_cell(g: Generated, record: Record, f: Field) -> str:
    schema = json.loads(g.artifacts[schema_path(record)])["properties"][f.name]
    brief = {k: v for k, v in schema.items() if k not in ("description", "examples", "default")}
    return json.dumps(brief, separators=(",", ":"))


def _pydantic_cell(g: Generated, record: Record, f: Field) -> str:
    module = f"{record.package.replace('.', '/')}.py"
    source = g.artifacts[f"{MODELS_DIR}/{TOP_PACKAGE}/{module}"].decode("utf-8")
    class_name = local_name(record).replace(".", "_")
    tree = ast.parse(source)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    for node in cls.body:
        if isinstance(node, ast.AnnAssign) and ast.unparse(node.target) == f.name:
            return ast.unparse(_without_annotations(node.annotation))
    raise AssertionError(f"{record.name}.{f.name} is not in the generated model")


def _without_annotations(annotation: ast.expr) -> ast.expr:
    """The type and its constraints: `Field(...)` without description and examples, and
    `Annotated[T, Field()]` as plain `T`."""
    for call in ast.walk(annotation):
        if isinstance(call, ast.Call) and ast.unparse(call.func) == "Field":
            call.keywords = [k for k in call.keywords if k.arg not in ("description", "examples")]
    if isinstance(annotation, ast.Subscript) and ast.unparse(annotation.value) == "Annotated":
        inner = annotation.slice
        if isinstance(inner, ast.Tuple) and len(inner.elts) == 2:
            field = inner.elts[1]
            if isinstance(field, ast.Call) and not field.keywords and not field.args:
                return inner.elts[0]
    return annotation


def _proto_messages(g: Generated) -> dict[str, Any]:
    from google.protobuf import descriptor_pb2

    protobuf = cast(ProtobufCodec, g.codecs["protobuf"])
    files = descriptor_pb2.FileDescriptorSet.FromString(protobuf.descriptor_set)
    found: dict[str, Any] = {}

    def walk(prefix: str, messages: Any) -> None:
        for m in messages:
            found[f"{prefix}.{m.name}"] = m
            walk(f"{prefix}.{m.name}", m.nested_type)

    for file in files.file:
        walk(f".{file.package}", file.message_type)
    return found


def _proto_type(messages: dict[str, Any], fd: Any) -> str:
    if fd.type_name:
        entry = messages.get(fd.type_name)
        if entry is not None and entry.options.map_entry:
            key, value = entry.field
            return f"map<{_proto_type(messages, key)}, {_proto_type(messages, value)}>"
        type_name: str = fd.type_name
        return type_name.lstrip(".")
    return _PROTO_SCALARS[fd.type]


def _protobuf_cell(g: Generated, record: Record, f: Field) -> str:
    messages = _proto_messages(g)
    fd = next(x for x in messages[f".{record.name}"].field if x.name == f.name)
    text = _proto_type(messages, fd)
    if fd.proto3_optional:
        return f"optional {text}"
    repeated = fd.label == fd.LABEL_REPEATED and not text.startswith("map<")
    return f"repeated {text}" if repeated else text


def _avro_brief(t: Any) -> Any:
    if isinstance(t, list):
        return [_avro_brief(x) for x in t]
    if isinstance(t, dict):
        if t.get("type") in ("record", "enum", "fixed"):
            return f"{t.get('namespace', '')}.{t['name']}".lstrip(".")
        return {k: _avro_brief(v) for k, v in t.items() if k not in ("doc",)}
    return t


def _avro_cell(g: Generated, record: Record, f: Field) -> str:
    schema = cast(AvroCodec, g.codecs["avro"]).schemas[record.name]
    avro_field = next(x for x in schema["fields"] if x["name"] == f.name)
    text = json.dumps(_avro_brief(avro_field["type"]), separators=(",", ":"))
    if "default" in avro_field:
        text += f", default {json.dumps(avro_field['default'])}"
    return text


def construct_table(g: Generated) -> list[str]:
    lines = [
        "| construct | field of the example project | JSON Schema | pydantic | Protobuf | Avro |",
        "|---|---|---|---|---|---|",
    ]
    for construct, record, f in representative_fields(g):
        cells = [
            _json_schema_cell(g, record, f),
            _pydantic_cell(g, record, f),
            _protobuf_cell(g, record, f),
            _avro_cell(g, record, f),
        ]
        where = f"`{record.name}.{f.name}`: `{type_text(f.type)}`"
        codes = " | ".join(f"`{_cell(c)}`" for c in cells)
        lines.append(f"| {construct} | {where} | {codes} |")
    return lines


def _cell(text: str) -> str:
    """A table cell: a `|`, even inside a code span, would end the cell in GitHub Markdown."""
    return text.replace("|", "\\|")


def _shown(value: Any) -> str:
    return "(absent)" if value is MISSING else json.dumps(value, ensure_ascii=False)


def case_matrix(g: Generated, cases: tuple[Case, ...]) -> list[str]:
    lines = [
        "| invalid value | " + " | ".join(CHECKERS) + " |",
        "|---|" + "---|" * len(CHECKERS),
    ]
    for c in cases:
        marks = ["**rejects**" if k in c.rejected_by else "accepts" for k in CHECKERS]
        lines.append(f"| `{c.id}` | " + " | ".join(marks) + " |")
    lines += ["", "| invalid value | rule broken | value fed | why the verdicts differ |"]
    lines.append("|---|---|---|---|")
    for c in cases:
        value = f"`{local_name(g.project.types[c.type_name])}.{c.field}` = `{_shown(c.value)}`"
        why = _cell(c.note or "every typed consumer")
        lines.append(f"| `{c.id}` | {c.rule} | {_cell(value)} | {why} |")
    return lines


def render_conformance_doc(g: Generated, cases: tuple[Case, ...]) -> str:
    counts = (len(g.project.types), len(g.project.messages))
    legend = [f"- `{k}`: {_CHECKER_DOCS[k]}." for k in CHECKERS]
    return "\n".join(
        [
            "# Cross-format conformance",
            "",
            "<!-- Generated by tests/test_conformance.py from the example project; do not edit."
            f" Regenerate: {REGENERATE} -->",
            "",
            'The "single source" promise: one value of a contract type means the same thing in '
            "every format stele generates. `tests/test_conformance.py` checks it on the example "
            f"project (`contracts/`: {counts[0]} named types, {counts[1]} messages), with every "
            "artifact generated once into a temporary directory.",
            "",
            f"Re-run: `{RERUN}` (about 10 s). More hypothesis examples per type: "
            "`STELE_CONFORMANCE_EXAMPLES=200`.",
            "",
            "## Valid values",
            "",
            "For every example (type examples and message bodies) and for values drawn by "
            "hypothesis for every named type (records with optional fields present and absent, "
            "every enum symbol, every union variant with its discriminator, lists, maps, and "
            "every scalar in its canonical JSON form including the int32 and int64 bounds, empty "
            "and non-ASCII strings, decimals at their full precision, timestamps with "
            "microseconds from year 1 to 9999, durations up to 10,000 years), the test asserts "
            "that:",
            "",
            "1. the JSON form validates against the generated JSON Schema;",
            "2. the generated pydantic model parses it, and writes back the same normal form;",
            "3. it round-trips through every format of the encoding layer (json, protobuf, avro, "
            "msgpack, cbor) to the same `normal_form`, and the Protobuf runtime reads it through "
            "the Protobuf JSON mapping;",
            "4. `stele.values.check_value` accepts it.",
            "",
            "Each message example is also checked as a whole message (the envelope headers, the "
            "example's headers and the body) against the message's `.message.schema.json` and "
            "pydantic model. An enum on its own is not a Protobuf message: enums cross Protobuf "
            "inside the records that hold them.",
            "",
            "## How each construct maps",
            "",
            "Read from the generated artifacts: the first field of each construct in the example "
            "project.",
            "",
            *construct_table(g),
            "",
            "## Which consumer rejects which invalid value",
            "",
            "Each invalid value is a valid value of the named record (accepted by every consumer) "
            "with one field broken. The test asserts the exact set of rejecting consumers.",
            "",
            *legend,
            "",
            *case_matrix(g, cases),
            "",
            "What this means for users:",
            "",
            "- No single consumer applies every rule: the generated JSON Schema misses unknown "
            "properties (open content model) and, without `isoduration`, malformed durations; "
            "the binary codecs read decimals with leading zeros. Validate JSON with the JSON "
            "Schema; pydantic in lax mode also reads numeric strings as integers, null as an "
            "absent optional field and uuids without hyphens.",
            "- proto3 cannot say `required`: a Protobuf reader sees the zero value of a missing "
            "field. Protobuf carries uuid, date and decimal as strings, so their form is not "
            "checked by the Protobuf runtime. stele's Protobuf codec checks the contract before "
            "it writes.",
            "- `format: duration` is not asserted by `jsonschema` unless the `isoduration` "
            "package is installed; stele's other consumers check durations.",
            "- The open content model accepts unknown properties in JSON; the binary formats drop "
            "them on the way through, so they never reach a Protobuf or Avro reader.",
            "- The generated decimal pattern and `check_value` forbid leading zeros, which both "
            "binary codecs accept (`009.50` reads as 9.50): write decimals without leading zeros.",
            "- stele's Protobuf and Avro codecs check the same things: required fields, enum "
            "symbols, integer ranges and the text forms of uuids, dates, decimals, timestamps "
            "and durations. The Protobuf codec writes a checked uuid, date or decimal as given.",
            "- pydantic writes a duration of 365 days or more with years (`P1Y35DT5S`), which "
            "stele's canonical form does not allow: the test reads a year back as 365 days.",
            "",
        ]
    )
