"""Codes of the environment stele runs in (E): optional dependencies not installed."""

from __future__ import annotations

from stele.diagnostic_codes import Code
from stele.diagnostics import Severity

ERROR = Severity.ERROR

CODES = (
    Code(
        "E001",
        ERROR,
        "optional dependency not installed",
        doc="a command reaches an optional package that is not installed: schemathesis, hypothesis or requests (`stele test http`, extra `http`), pika or confluent-kafka (`stele test broker`, `brokers`), graphql-core (the graphql format, `graphql`), datamodel-code-generator (the reference writer of the pydantic models, `python`), msgpack or cbor2 (a budget on the msgpack or cbor column of `stele sizes`, `schemaless`); the message names the package and what needs it (exit 2, at `<environment>`)",
        example="`stele test http` without the http extra",
        fix="install the extra the hint names: `pip install 'stele[http]'`",
    ),
)
