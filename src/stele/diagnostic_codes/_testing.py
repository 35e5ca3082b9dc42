"""Codes of the contract tests' input: captures, HTTP services, brokers (T)."""

from __future__ import annotations

from stele.diagnostic_codes import Code
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES = (
    Code(
        "T001",
        ERROR,
        "capture unreadable",
        doc="`stele test messages`: the capture cannot be read, is not a regular file (a folder, a FIFO, a device), or its format cannot be told from its name (at the capture)",
        example="`stele test messages /dev/stdin`",
        fix="name a regular file; pass `--format` when the suffix does not tell it",
    ),
    Code(
        "T002",
        ERROR,
        "capture not in its format",
        doc='`stele test messages`: not one record of the capture can be read in the given format, or an Avro container header is hostile: a codec other than null, deflate, bzip2 and xz, a writer schema nesting deeper than 64 levels, arrays of items that take no bytes (at the capture; see the "Captures" section of docs/security.md)',
        example="a JSON Lines file read as `--format avro-ocf`",
        fix="pass the capture's real `--format`",
    ),
    Code(
        "T003",
        ERROR,
        "unusable schema map",
        doc="`stele test messages`: the schema map cannot be read, or names an unknown message or a bad schema id (at the map)",
        example="`7: food.order.OrderPlaced` where no such message exists",
        fix="map registry ids to qualified message names of the project",
    ),
    Code(
        "T004",
        ERROR,
        "proto-delimited capture without a message type",
        doc="`stele test messages`: a proto-delimited capture without `--message-type`, or one that names no message (the records carry no type)",
        example="`--format proto-delimited` alone",
        fix="`--message-type PACKAGE.MESSAGE`; the hint names the closest message",
    ),
    Code(
        "T010",
        ERROR,
        "unusable base URL",
        doc="`stele test http`: `--base-url` is not an http(s) URL, names no host, or the service cannot be reached (at `--base-url`)",
        example="`--base-url localhost:8080`",
        fix="`--base-url http://localhost:8080`; start the service",
    ),
    Code(
        "T011",
        ERROR,
        "unknown HTTP operation",
        doc="`stele test http`: `--operation` names no HTTP operation of the project (at `--operation`; the hint names the closest)",
        example="`--operation CreateOrdr`",
        fix="a name of an operation with an `http` binding",
    ),
    Code(
        "T012",
        ERROR,
        "no OpenAPI document",
        doc="`stele test http`: the project generates no OpenAPI document: no operation has an HTTP binding, or `openapi` is not among `options.formats`",
        fix="add `openapi` to `formats`, and an `http` binding to an operation",
    ),
    Code(
        "T013",
        ERROR,
        "--allow-redirects-to is not an origin",
        doc="`--allow-redirects-to` is not an origin `scheme://host[:port]` (at the option)",
        example="`--allow-redirects-to http://a.example/path`",
        fix="`--allow-redirects-to https://login.example.com`",
    ),
    Code(
        "T020",
        ERROR,
        "broker URL unusable or broker unreachable",
        doc="`stele test broker`: the broker URL is not `amqp://`, `amqps://` or `kafka://`, is unusable (pika refuses a parameter, such as a `frame_max` under 4096), the broker cannot be reached, or the connection was lost (at `--url`)",
        example="`--url http://localhost:5672`",
        fix="`amqp://user:password@host:5672/vhost` or `kafka://host:9092`; start the broker",
    ),
    Code(
        "T021",
        ERROR,
        "broker refused the login",
        doc="`stele test broker`: the broker refused the login or the virtual host (at `--url`)",
        example="a wrong password in `amqp://user:password@host/vhost`",
        fix="check the user, the password and the virtual host",
    ),
    Code(
        "T022",
        ERROR,
        "no bound channel",
        doc="`stele test broker`: `--channel` names no channel, or one without a binding for the broker; or no channel (or, for `--drive`, no operation) is bound",
        example="`--channel order-event`",
        fix="add `bindings: {amqp: ...}` or `{kafka: ...}` to the channel (docs/language.md)",
    ),
    Code(
        "T023",
        ERROR,
        "exchange or topic does not exist",
        doc="`stele test broker`: a bound exchange or topic does not exist on the broker; stele never declares or creates one",
        fix="start the service that declares it first",
    ),
    Code(
        "T024",
        ERROR,
        "broker closed a channel",
        doc="`stele test broker`: the broker closed a channel: no permission on an exchange or a queue, or a publish to an internal exchange",
        fix="check the user's permissions on the exchanges and queues of the bindings",
    ),
)
