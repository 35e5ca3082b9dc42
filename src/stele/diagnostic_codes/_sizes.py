"""Codes of `stele sizes`: budgets, the size baseline and the hints (Z)."""

from __future__ import annotations

from stele.diagnostic_codes import Code
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES = (
    Code(
        "Z001",
        ERROR,
        "malformed budgets section",
        doc="`stele sizes`: a malformed `budgets:` section in stele.yaml: an unknown key or format, a limit that is not a positive number, a message the project does not declare (exit 2, at the value). docs/sizes.md",
        example="`budgets: {max_bytes: {thrift: 100}}`",
        fix="the keys of docs/stele-yaml.md, `budgets`",
    ),
    Code(
        "Z010",
        ERROR,
        "message over its size budget",
        doc="`stele sizes`: a message's largest judged sample is over `max_bytes` in a format (at the message in its contract file; `stele sizes --check` exits 1). docs/sizes.md",
        example="`food.order.OrderCreated: protobuf is 280 bytes, over its budget of 200 bytes`",
        fix="shrink the message or raise `budgets.max_bytes` in stele.yaml",
    ),
    Code(
        "Z011",
        ERROR,
        "message grew past its budget",
        doc="`stele sizes`: a message grew against the size baseline (`--against`, else `compat/sizes.json`) by more than `max_growth_percent` (at the message; `stele sizes --check` exits 1)",
        fix="shrink the message, raise `max_growth_percent`, or update the baseline",
    ),
    Code(
        "Z012",
        WARNING,
        "message budget judges nothing",
        doc="`stele sizes`: a message with a budget of its own under `messages:` has no declared sample (neither it nor its body type has an example): its budget judges nothing",
        fix="add an example, or `samples: all` in `budgets:`",
    ),
    Code(
        "Z020",
        ERROR,
        "size baseline unreadable",
        doc="`stele sizes`: the size baseline cannot be read: malformed, not a regular file (a FIFO), over 64 MiB, or a symbolic link that leads outside the project (exit 2, at the file)",
        example="`compat/sizes.json -> /dev/zero`",
        fix="write one with `stele sizes --update-baseline`",
    ),
    Code(
        "Z101",
        INFO,
        "frequent field numbered above 15",
        doc="`stele sizes` hint: a field numbered above 15 is present in at least half of the values of its record while a number from 1 to 15 is free; measured with the field renumbered, reported only when the bytes shrink. Renumbering breaks the wire format",
        fix="renumber it before the field is released (tags 1-15 take one byte)",
    ),
    Code(
        "Z102",
        INFO,
        "float64 that holds float32 values",
        doc="`stele sizes` hint: a float64 field whose sample values are all exact float32 values; measured as float32 (4 bytes instead of 8 in Protobuf and Avro)",
        fix="make the field float32",
    ),
    Code(
        "Z103",
        INFO,
        "int64 that holds int32 values",
        doc="`stele sizes` hint: an int64 field whose sample values all fit int32; measured as int32. Varints make the two the same size in both binary formats, so it is reported only if a codec disagrees",
        fix="make the field int32",
    ),
    Code(
        "Z104",
        INFO,
        "string that holds UUIDs",
        doc="`stele sizes` hint: a string field whose sample values are all UUIDs; measured with the uuid type. It maps to a string in every format stele emits, so it is reported only if a codec disagrees",
        fix="make the field a uuid",
    ),
)
