"""The generated artifacts: their type, and the names and paths each format gives a contract's
packages, types, messages and operations (the emitters write them; the codecs, checks and tests
find them by the same functions)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: `stele diff` reads artifact paths without the contract IR
    from stele.ir import Message, Operation, Project

# Relative POSIX path under the output directory -> file content.
Artifacts = dict[str, bytes]

# Protobuf
# ---------------------------------------------------------------------------------------------

PROTO_ROOT = "proto"

# The Protobuf type of each neutral scalar (docs/mapping.md).
SCALARS = {
    "bool": "bool",
    "int32": "int32",
    "int64": "int64",
    "float32": "float",
    "float64": "double",
    "string": "string",
    "bytes": "bytes",
    "uuid": "string",
    "date": "string",
    "timestamp": "google.protobuf.Timestamp",
    "duration": "google.protobuf.Duration",
}


def proto_path(package: str) -> str:
    """Import path of a package's file: `food.order` -> `food/order/order.proto`."""
    parts = package.split(".")
    return "/".join([*parts, f"{parts[-1]}.proto"])


def enum_prefix(enum_name: str) -> str:
    """UPPER_SNAKE form of an enum's short name: `OrderState` -> `ORDER_STATE`."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", enum_name)
    return re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text).upper()


def default_json_name(field_name: str) -> str:
    """The JSON name protoc derives: underscores dropped, the letter after each capitalized."""
    out: list[str] = []
    upper_next = False
    for ch in field_name:
        if ch == "_":
            upper_next = True
        elif upper_next:
            out.append(ch.upper())
            upper_next = False
        else:
            out.append(ch)
    return "".join(out)


# Avro
# ---------------------------------------------------------------------------------------------

AVRO_ROOT = "avro"


def message_path(message_name: str) -> str:
    """Path of a message's Avro schema file."""
    return f"{AVRO_ROOT}/messages/{message_name}.avsc"


# JSON Schema
# ---------------------------------------------------------------------------------------------

JSONSCHEMA_DIR = "jsonschema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def component_name(qualified: str) -> str:
    """The key of a named type in `components/schemas`: its qualified name (unique, and valid
    under the OpenAPI and AsyncAPI component key pattern)."""
    return qualified


def local_name(project: Project, qualified: str) -> str:
    """The name inside its package, e.g. `Order` or `Order.Audit`."""
    package = project.types[qualified].package
    return qualified[len(package) + 1 :]


def type_schema_path(project: Project, qualified: str) -> str:
    """Path of a named type's schema file, relative to JSONSCHEMA_DIR."""
    package = project.types[qualified].package
    return f"{package.replace('.', '/')}/{local_name(project, qualified)}.schema.json"


def message_schema_path(message: Message) -> str:
    """Path of a message's envelope schema file, relative to JSONSCHEMA_DIR."""
    local = message.name[len(message.package) + 1 :]
    return f"{message.package.replace('.', '/')}/{local}.message.schema.json"


# OpenAPI
# ---------------------------------------------------------------------------------------------


def operation_id(op: Operation) -> str:
    """The `operationId` of an HTTP operation: `<Service>_<operation>`."""
    return f"{op.service.rsplit('.', 1)[-1]}_{op.name}"
