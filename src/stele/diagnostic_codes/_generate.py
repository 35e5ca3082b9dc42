"""Codes of validating the generated artifacts (G)."""

from __future__ import annotations

from stele.diagnostic_codes import Code
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES = (
    Code(
        "G000",
        ERROR,
        "two formats would write one file",
        doc="`stele generate`: two output formats would write the same generated file; the second would overwrite the first (at the file). A defect of stele's emitters, not of the contracts",
        fix="report it with the contracts and the `formats:` of stele.yaml; generate the two formats in separate runs meanwhile",
    ),
    Code(
        "G001",
        ERROR,
        "protoc rejects a generated .proto file",
        doc="`stele generate` (and every command that compiles the Protobuf artifacts: test, sizes, check) runs protoc over the generated `.proto` files and protoc rejects one (at the line of the generated file, or the Protobuf root). Contracts that lint clean should never cause it: it is a defect of the Protobuf emitter, or a construct Protobuf cannot express that lint does not catch yet",
        example="`protoc rejected protobuf/demo/orders/v1/orders.proto: ...`",
        fix="report it with the contract; the message quotes protoc",
    ),
    Code(
        "G002",
        ERROR,
        "generated Avro schema rejected",
        doc="a generated Avro schema does not parse in fastavro, or a union cannot be written in Avro because all its variants are one record (since found by lint as S138) (at the schema or the union)",
        example="a union whose variants `card` and `saved_card` are both `Card`",
        fix="give each variant its own record type; otherwise report it: it is a defect of the Avro emitter",
    ),
    Code(
        "G003",
        ERROR,
        "generated JSON Schema invalid or an example does not match",
        doc="a generated JSON Schema fails the 2020-12 metaschema, holds a `$ref` the generated files do not resolve, or an example of the contracts does not validate against its generated schema (the message names the instance path; the hint names the schema). docs/json.md",
        example="`example does not match its JSON Schema at total/amount: ...`",
        fix="fix the example; a schema that fails the metaschema is a defect of the emitter: report it",
    ),
    Code(
        "G004",
        ERROR,
        "generated OpenAPI invalid or an example does not match",
        doc="the generated OpenAPI 3.1 document fails openapi-spec-validator, or a media-type example does not validate against its schema (at the document). docs/json.md",
        example="`example 'default': 'x' is not of type 'integer'`",
        fix="fix the example; an invalid document is a defect of the emitter: report it",
    ),
    Code(
        "G005",
        ERROR,
        "generated AsyncAPI document invalid",
        doc="a generated AsyncAPI 3.0 document is not JSON, violates the official AsyncAPI 3.0.0 schema, or fails a semantic check (a reference that resolves to nothing, an operation on a channel that lacks its message) (at the document, naming the JSON path). docs/asyncapi.md",
        example="`violates the AsyncAPI 3.0.0 schema at $.operations.CreateOrder.action: ...`",
        fix="report it with the contract: it is a defect of the AsyncAPI emitter",
    ),
    Code(
        "G006",
        ERROR,
        "generated Python model does not compile",
        doc="a pydantic model module stele writes (`python-models`) does not compile (at the line of the generated module). docs/json.md",
        fix="report it with the contract: it is a defect of the models emitter",
    ),
    Code(
        "G007",
        ERROR,
        "generated Protobuf Python does not compile",
        doc="a Python module generated from the `.proto` files (`python-protobuf`) does not compile (at the line of the generated module)",
        fix="report it with the contract: it is a defect of the emitter",
    ),
    Code(
        "G008",
        ERROR,
        "generated GraphQL schema rejected",
        doc="graphql-core rejects the generated GraphQL schema: `parse`, SDL validation or `validate_schema` fails (at the schema). docs/graphql.md",
        fix="report it with the contract: it is a defect of the GraphQL emitter",
    ),
)
