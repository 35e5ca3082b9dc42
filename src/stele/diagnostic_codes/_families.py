"""The families of diagnostic codes: the letter before the number, what the codes are about,
the shape of their numbers and the severities they may have, and the prose of their section of
docs/diagnostics.md."""

from __future__ import annotations

from dataclasses import dataclass

from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True)
class Family:
    """`modules` hold its codes (in `stele.diagnostic_codes`); `pattern` is the regular
    expression every code of the family matches; `severities` pairs a pattern of codes with the
    severities those codes may have (the first pattern a code matches decides). `intro` and
    `outro` are the markdown around its table in docs/diagnostics.md."""

    letter: str
    name: str
    heading: str
    modules: tuple[str, ...]
    pattern: str
    severities: tuple[tuple[str, tuple[Severity, ...]], ...]
    intro: str
    outro: str = ""

    def allowed(self, code: str) -> tuple[Severity, ...]:
        import re

        for pattern, allowed in self.severities:
            if re.fullmatch(pattern, code):
                return allowed
        return ()


_SOURCE = Family(
    "S",
    "contract source",
    "Contract sources (`S0xx`, `S1xx`)",
    ("_source", "_source_semantics"),
    r"S[01]\d\d",
    ((r"S0\d\d", (ERROR,)), (r"S1\d\d", (ERROR, WARNING, INFO))),
    """\
Reported by `stele lint` and by every command that loads the contracts. Codes `S0xx` are about
reading files, `S1xx` about names, types, values, numbers, channels and operations. Every `S`
code has at least one case file under `tests/cases/diagnostics/` that shows exactly where it is
reported.""",
)

_CONFIG = Family(
    "C",
    "configuration",
    "Configuration (`C0xx`)",
    ("_config",),
    r"C0\d\d",
    ((r"C0\d\d", (ERROR,)),),
    """\
About `stele.yaml` and `stele init` (docs/stele-yaml.md). Every `C` code has at least one case
file under `tests/cases/diagnostics/`.""",
)

_ENVIRONMENT = Family(
    "E",
    "environment",
    "Environment (`E0xx`)",
    ("_environment",),
    r"E0\d\d",
    ((r"E0\d\d", (ERROR,)),),
    """\
About the installation stele runs in rather than its input: an optional dependency that a
command needs and that is not installed (an extra of the `stele` package). Errors exit 2 and are
located at `<environment>`.""",
)

_WRITE = Family(
    "W",
    "writing files",
    "Writing files (`W0xx`)",
    ("_write",),
    r"W0\d\d",
    ((r"W0\d\d", (ERROR, WARNING)),),
    """\
`stele generate`, `stele lock` and `stele release` write under a project run lock, as one
transaction (see the "Writes" section of docs/security.md). These codes are reported by those
commands, not by `stele lint`; errors exit 2 and leave the output and the lock as they were.""",
)

_GENERATE = Family(
    "G",
    "generated artifact validation",
    "Generated artifacts (`G0xx`)",
    ("_generate",),
    r"G0\d\d",
    ((r"G0\d\d", (ERROR,)),),
    """\
`stele generate` validates every artifact it writes with the format's own tools (protoc,
fastavro, the JSON Schema metaschema, openapi-spec-validator, the AsyncAPI schema,
graphql-core, `compile()`), and every example of the contracts against the generated schemas.
Contracts that lint clean should pass; apart from an example that does not match its schema,
a `G` error is a defect of stele: report it with the contract. Nothing is written (exit 2).""",
)

_BASELINE = Family(
    "K",
    "compatibility check input",
    "Baselines, `stele check`, `stele release` and `stele rules` (`K0xx`)",
    ("_baseline",),
    r"K0\d\d",
    ((r"K0\d\d", (ERROR,)),),
    """\
Codes of the commands that read a baseline (see the "Reads" section of docs/security.md) or
name a release. Errors exit 2; an error about a command-line option is located at the option
(`--against:1:1`).""",
)

_DIFF = Family(
    "D",
    "stele diff input",
    "Foreign schemas, `stele diff` (`D0xx`, `D1xx`)",
    ("_diff",),
    r"D[01]\d\d",
    ((r"D0\d\d", (ERROR, WARNING)), (r"D1\d\d", (ERROR,))),
    """\
Codes of `stele diff`, which compares foreign schema files (Avro, JSON Schema, OpenAPI,
AsyncAPI, Protobuf; docs/compatibility.md). The input is hostile until read: see the "Reads" section of
docs/security.md for the limits. Errors exit 2; an error about a command-line option is located
at the option. `D0xx` codes are about the files and options, `D1xx` about one format.""",
)

_TESTING = Family(
    "T",
    "contract test input",
    "Contract tests: `stele test messages`, `http`, `broker` (`T0xx`)",
    ("_testing",),
    r"T0\d\d",
    ((r"T0\d\d", (ERROR,)),),
    """\
Codes of the contract tests that read captures or talk to a live service or broker
(docs/testing.md; the "Network" and "Captures" sections of docs/security.md). They are bad
input (exit 2); what the tests find in the messages is reported as results under rule ids
(`stele rules`, docs/testing.md). `T00x` are about captures, `T01x` about `stele test http`,
`T02x` about `stele test broker`.""",
    """\
`stele test http` reports a limit it hits as a result at the operation (exit 1), with these rules:
`http-redirect-refused` (a redirect to another origin, not followed), `http-request-deadline`
(no complete answer within `--request-timeout`), `http-total-deadline` (the run reached
`--total-timeout`; later requests were not sent), `http-response-too-large` (a body over
`--max-response-bytes`). See docs/testing.md.

`stele test messages` reports a limit a capture record hits as a result at the record (exit 1):
`capture-record-too-large` (a JSON line, a declared length or an Avro block over
`--max-message-size`, default 16 MiB; the record is skipped unread and the next one is read),
`capture-record-too-deep` (a record nesting deeper than 64 levels), and `capture-invalid-record`
for text that is not Unicode (a lone surrogate such as `"\\ud800"`, bytes that are not UTF-8) or
not JSON (`NaN`, an integer of over 4,300 digits). A capture that is not a regular file is T001; a
hostile Avro container header is T002. See the "Captures" section of docs/security.md and the
rules table of docs/testing.md.""",
)

_IMPORT = Family(
    "I",
    "schema import",
    "Importing schemas (`I0xx`, `I9xx`)",
    ("_import",),
    r"I(0[0-2]\d|9\d\d)",
    ((r"I00\d|I02\d|I9\d\d", (ERROR,)), (r"I01\d", (WARNING,))),
    """\
Codes of `stele import` (docs/import.md). Errors (`I00x`, `I02x`) exit 2 and write nothing; the
warnings (`I01x`) are located in the source schema (the file as given, line and column of the
element) and mark the element in the written YAML with a comment `# stele import: CODE message`;
the import still writes what it can. The proof of fidelity ends with `I900` (exit 1) when a
regenerated artifact breaks compatibility with its original.""",
)

_SIZES = Family(
    "Z",
    "encoded sizes and budgets",
    "Sizes and budgets, `stele sizes` (`Z0xx`, `Z1xx`)",
    ("_sizes",),
    r"Z[01]\d\d",
    ((r"Z00\d|Z02\d", (ERROR,)), (r"Z01\d", (ERROR, WARNING)), (r"Z1\d\d", (INFO,))),
    """\
Codes of `stele sizes` (docs/sizes.md). `Z00x` and `Z02x` are bad input (exit 2); `Z01x` are
the budgets' findings (`stele sizes --check` exits 1 on an error); `Z1xx` are hints, infos
measured through the real codecs: stele changes one field in the generated Protobuf descriptors
or Avro schemas in memory, encodes the same samples again, and reports the hint only when the
bytes shrink, with the saving per format (`--no-hints` skips them).""",
)

FAMILIES: dict[str, Family] = {
    f.letter: f
    for f in (
        _SOURCE,
        _CONFIG,
        _ENVIRONMENT,
        _WRITE,
        _GENERATE,
        _BASELINE,
        _DIFF,
        _TESTING,
        _IMPORT,
        _SIZES,
    )
}
