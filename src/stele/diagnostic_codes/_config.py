"""Codes of stele.yaml and `stele init` (C)."""

from __future__ import annotations

from stele.diagnostic_codes import Code
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CODES = (
    Code(
        "C001",
        ERROR,
        "stele.yaml missing or unreadable",
        doc="`stele.yaml` does not exist (with `--config`) or cannot be read, or the one found is a symbolic link that leads outside its folder (not read; exit 2)",
        example="a Latin-1 byte in `stele.yaml`",
        fix="save it as UTF-8; check the path",
    ),
    Code(
        "C002",
        ERROR,
        "unknown output format",
        doc="an unknown output format in `options.formats`",
        example="`formats: [protobuf, thrift]`",
        fix="use the formats listed in the hint",
    ),
    Code(
        "C003",
        ERROR,
        "stele init over an existing project",
        doc="`stele init` in a directory that already holds a project (exit 2)",
        example="a second `stele init`",
        fix="run init in an empty directory",
    ),
    Code(
        "C004",
        ERROR,
        "unknown policy or policy value",
        doc="a `policies:` entry in stele.yaml is unknown or has a value that is not allowed (exit 2)",
        example="`protobuf: wires`",
        fix="`json: strict|lenient`, `protobuf: wire|wire_json|package|file`",
    ),
    Code(
        "C005",
        ERROR,
        "rule override without a severity",
        doc="a `rules:` override in stele.yaml names no severity (exit 2)",
        example="`proto-field-removed: {severity: fatal}`",
        fix="`error`, `warning`, `info` or `off`",
    ),
    Code(
        "C006",
        ERROR,
        "unsafe output, lock or baseline path",
        doc="a path stele writes is not a safe place inside the project: `output:`, `lock:` or `baseline:` in stele.yaml is absolute, leads outside the project (`..` or a symbolic link), or is inside `.git`; or `output:` names the project, stele.yaml, the lock, the baseline, a source folder or a git repository (or a folder holding one), is a file, or is a symbolic link: `stele generate` replaces the output folder whole (exit 2)",
        example="`output: ../victim`, `output: .git`, `output: contracts`",
        fix="generate into a folder of its own, such as `codegen`; keep the lock and the baseline inside the project",
    ),
    Code(
        "C007",
        ERROR,
        "malformed compat section",
        doc="a malformed `compat:` section in stele.yaml: an unknown key, a mode that is not one of `backward`, `forward`, `full` (each optionally `_transitive`) or `none`, or `channels`/`messages` that are not a mapping of names to modes (exit 2)",
        example="`mode: full-transitive`",
        fix="`mode: full_transitive`; `channels: {food.order.order-events: full}`",
    ),
    Code(
        "C008",
        ERROR,
        "source outside the project",
        doc="an entry of `sources:` in stele.yaml is absolute, leads outside the project (`..` or a symbolic link) or holds a control character: stele reads the contract files and quotes them in reports (exit 2, at the entry). A baseline's own stele.yaml is K008 instead",
        example="`sources: [/etc]`, `sources: [../shared]`",
        fix="list folders of the project; copy shared contracts into it",
    ),
    Code(
        "C009",
        ERROR,
        "no project here",
        doc="a command that needs a project runs where there is none: no `stele.yaml` in this folder or any above, and no `contracts/` folder here (was S030 `'contracts' does not exist`); `stele lint FILE` and `stele diff` need none (at `stele.yaml:1:1`, exit 2)",
        example="`stele lint` in an empty folder",
        fix="`stele init`, run inside a project, or `--config PATH`",
    ),
    Code(
        "C010",
        ERROR,
        "bad value in the info section",
        doc="a bad value in the `info:` section of stele.yaml: a `version` that is not semantic (`MAJOR.MINOR.PATCH[-pre]`), a contact `url` or license `url` that is not absolute, an `email` that is not one, a license with both `identifier` and `url`, a server name with other characters than letters, digits, `_` and `-`, a server `url` that is neither absolute nor a path or holds a `{variable}`, an empty text (exit 2, at the value)",
        example='`version: "1.2"`, `url: example.com`',
        fix='`version: "1.2.0"`, `url: https://example.com`; see docs/stele-yaml.md',
    ),
    Code(
        "C011",
        ERROR,
        "bad protobuf section",
        doc="a bad `protobuf:` section in stele.yaml: a file option stele does not write, a value of the wrong kind (`java_multiple_files` is a boolean, `optimize_for` one of `SPEED`, `CODE_SIZE`, `LITE_RUNTIME`), an unknown `{placeholder}`, a value that does not look like the option (`java_package: com.example-corp`), a `packages:` key that is no package name; and, when the files are generated, a `packages:` entry naming a package no contract declares (exit 2)",
        example='`go_pakage: ...`, `java_multiple_files: "yes"`',
        fix="the option names and placeholders of docs/protobuf.md",
    ),
)
