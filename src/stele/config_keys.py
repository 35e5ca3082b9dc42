"""Every key of `stele.yaml`, in one declarative table.

The reader (stele.source.config_reader) takes the allowed keys, their choices and defaults from
this table, and docs/stele-yaml.md is generated from it (stele.config_doc), so the page and the
loader cannot disagree. A new key is one row here: its dotted path (`<name>` for a key the user
chooses, such as a message name), what its value is, its default, what it does and an example
line. A section's row (`options`, `compat`, ...) comes before the rows of its keys.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_FORMATS = (
    "protobuf",
    "python-protobuf",
    "avro",
    "jsonschema",
    "openapi",
    "asyncapi",
    "python-models",
)
CONTENT_MODELS = ("open", "closed")
COMPAT_MODES = (
    *(
        f"{base}{suffix}"
        for base in ("backward", "forward", "full")
        for suffix in ("", "_transitive")
    ),
    "none",
)
JSON_POLICIES = ("strict", "lenient")
# The Protobuf category ladder, most lenient first, one per buf category (WIRE, WIRE_JSON,
# PACKAGE, FILE): each judges breaking everything the one before does. The one spelling of it:
# the checker, its rule records, stele.yaml's policies.protobuf and the CLI take it from here.
PROTOBUF_CATEGORIES = ("wire", "wire_json", "package", "file")
RULE_SEVERITIES = ("error", "warning", "info", "off")
SIZE_FORMATS = "json, protobuf, avro, avro-registry, msgpack, cbor"


@dataclass(frozen=True)
class Key:
    """One key of stele.yaml."""

    path: str  # dotted: "options.formats"; "<message>" stands for a name the user chooses
    value: str  # what the value is, in words
    default: object  # the value when the key is absent; None when absence means "nothing"
    doc: str  # what it does
    example: str = ""  # the key's line as written in stele.yaml, under its section
    choices: tuple[str, ...] = ()  # the allowed values, when they are a fixed list
    code: str = ""  # the diagnostic a bad value gets
    raw: bool = False  # a section kept as read, for the command that owns it (Config.extra)
    read_by: str = ""  # the commands that read it, when not every command

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def section(self) -> str:
        return self.path.rsplit(".", 1)[0] if "." in self.path else ""

    @property
    def chosen_by_user(self) -> bool:
        return self.name.startswith("<")


KEYS: tuple[Key, ...] = (
    # -- where things are ------------------------------------------------------------------
    Key(
        "sources",
        "list of folders or files",
        ("contracts",),
        "Where the contract YAML files are, relative to stele.yaml. Each entry must stay inside "
        "the project (C008): stele reads the files and quotes them in reports.",
        "sources: [contracts]",
        code="C008",
    ),
    Key(
        "output",
        "folder",
        "codegen",
        "Where `stele generate` writes the artifacts. The folder is replaced whole, so it must be "
        "a folder of its own inside the project, not the project, a source folder, the lock or "
        "the baseline (C006).",
        "output: codegen",
        code="C006",
    ),
    Key(
        "baseline",
        "folder",
        "compat",
        "The compatibility baseline: `stele release` writes the released snapshots to "
        "`releases/<version>/` and the size baseline to `sizes.json` under it; `stele check` "
        "compares with the last release there. Inside the project (C006).",
        "baseline: compat",
        code="C006",
    ),
    Key(
        "lock",
        "file",
        "compat/stele.lock",
        "The field-number lock: the Protobuf field numbers and Avro names handed out so far, so "
        "a removed field's number is never reused. Inside the project (C006); commit it.",
        "lock: compat/stele.lock",
        code="C006",
    ),
    # -- options: what the artifacts look like ----------------------------------------------
    Key(
        "options",
        "mapping",
        None,
        "Options that change the generated artifacts.",
    ),
    Key(
        "options.json_content_model",
        "one of the choices",
        "open",
        "What JSON Schema, OpenAPI and AsyncAPI records say about properties they do not "
        "declare: `open` accepts them (readers ignore what they do not know), `closed` writes "
        "`additionalProperties: false`.",
        "json_content_model: open",
        choices=CONTENT_MODELS,
        code="S013",
    ),
    Key(
        "options.int64_as_string",
        "boolean",
        False,
        "Write `int64` values as decimal strings in JSON (the JSON Schema gets a pattern), as "
        "JavaScript cannot hold every int64 in a number.",
        "int64_as_string: false",
    ),
    Key(
        "options.schema_base_uri",
        "URI",
        "https://schemas.example.com/",
        "The base of every JSON Schema `$id`.",
        "schema_base_uri: https://schemas.example.com/",
    ),
    Key(
        "options.formats",
        "list of formats",
        ALL_FORMATS,
        "Which artifacts `stele generate` writes (an unknown format is C002). `graphql` is "
        "opt-in: list it to write `graphql/schema.graphql` (docs/graphql.md).",
        "formats: [protobuf, avro, jsonschema, openapi]",
        choices=(*ALL_FORMATS, "graphql"),
        code="C002",
    ),
    # -- info: the project as a product (OpenAPI and AsyncAPI `info`, servers) ----------------
    Key(
        "info",
        "mapping",
        None,
        "The project as its consumers see it: the `info` object of the OpenAPI document and of "
        "every AsyncAPI document, and their servers (docs/json.md, docs/asyncapi.md). A bad "
        "value is C010.",
    ),
    Key(
        "info.title",
        "text",
        "Contract services",
        "The OpenAPI document's title. AsyncAPI documents keep their service's name as title.",
        "title: Greeting service",
        code="C010",
    ),
    Key(
        "info.version",
        "semantic version",
        "the newest release, else 0.0.0",
        "The version of the API documents. Without it: the newest release under "
        "`<baseline>/releases/`, and `0.0.0` before the first release; so after `stele release` "
        "the next `stele generate` writes the released version.",
        'version: "1.2.0"',
        code="C010",
    ),
    Key(
        "info.description",
        "text",
        None,
        "What the API is for; the documents' descriptions start with it (the notice naming the "
        "contract files follows).",
        "description: Greets people.",
        code="C010",
    ),
    Key(
        "info.contact",
        "{name, url, email}",
        None,
        "Who answers questions about the API (OpenAPI and AsyncAPI `contact`).",
        "contact: {name: Platform team, email: platform@example.com}",
        code="C010",
    ),
    Key(
        "info.license",
        "{name, identifier or url}",
        None,
        "The API's license: a `name` and an SPDX `identifier` or a `url` (not both).",
        "license: {name: Apache 2.0, identifier: Apache-2.0}",
        code="C010",
    ),
    Key(
        "info.servers",
        "mapping of name to {url, description}",
        {},
        "Where the API runs. An `http(s)://` URL or a path (`/api`) is an OpenAPI server; any "
        "other scheme (`kafka://host:9092`, `amqp://`, `mqtt://`) an AsyncAPI server, its "
        "protocol the scheme. Names are letters, digits, `_` and `-`.",
        "servers: {production: {url: https://api.example.com}}",
        code="C010",
    ),
    # -- protobuf: file options of the .proto files -----------------------------------------
    Key(
        "protobuf",
        "mapping",
        None,
        "File options written into each package's `.proto` file (docs/protobuf.md). A bad value "
        "is C011.",
    ),
    Key(
        "protobuf.managed",
        "boolean",
        False,
        "buf's managed-mode defaults for the options that have a customary one: "
        "`java_multiple_files: true`, `java_package: com.<package>`, `java_outer_classname: "
        "<File>Proto`, `csharp_namespace`, `php_namespace`, `ruby_package` (the package in "
        "PascalCase) and `objc_class_prefix` (its initials); `go_package` has none.",
        "managed: true",
        code="C011",
    ),
    Key(
        "protobuf.file_options",
        "mapping of file option to value",
        {},
        "Options of every package's file, over the managed defaults: `go_package`, "
        "`java_package`, `java_multiple_files`, `java_outer_classname`, `csharp_namespace`, "
        "`objc_class_prefix`, `php_namespace`, `ruby_package`, `swift_prefix`, `optimize_for`. "
        "A text may use `{package}`, `{package_path}`, `{package_last}` and `{package_pascal}`.",
        'file_options: {go_package: "example.com/gen/{package_path};{package_last}"}',
        code="C011",
    ),
    Key(
        "protobuf.packages",
        "mapping of package to file options",
        {},
        "Options of one package's file, over `file_options`; a package no contract declares is "
        "C011 when the files are generated.",
        "packages: {example.greeting: {java_outer_classname: GreetingProtos}}",
        code="C011",
    ),
    # -- compatibility ----------------------------------------------------------------------
    Key(
        "compat",
        "mapping",
        None,
        "How `stele check` and `stele release` judge changes (docs/compatibility.md). A malformed "
        "section is C007; a channel or message it names that the project lacks is K022.",
        raw=True,
        read_by="check, release",
    ),
    Key(
        "compat.mode",
        "a mode",
        "backward",
        "The project's mode: `backward` (new readers read old data), `forward` (old readers read "
        "new data), `full` (both), each optionally `_transitive` (against every release, not "
        "only the last), or `none`.",
        "mode: backward",
        choices=COMPAT_MODES,
        code="C007",
    ),
    Key(
        "compat.channels",
        "mapping of channel to mode",
        {},
        "A mode for the messages a channel carries, where it differs from the project's.",
        "channels: {example.greeting.greeting-events: full}",
        code="C007",
    ),
    Key(
        "compat.messages",
        "mapping of message to mode",
        {},
        "A mode for one message (and its headers), over its channels' and the project's.",
        "messages: {example.greeting.GreetingSent: full}",
        code="C007",
    ),
    Key(
        "policies",
        "mapping",
        None,
        "How strictly each format is judged by `stele check` (C004 for an unknown entry).",
        raw=True,
        read_by="check, release",
    ),
    Key(
        "policies.json",
        "one of the choices",
        "lenient",
        "`lenient`: a document holds only the properties its contract declares, so an "
        "optional field added or removed is compatible both ways; `strict` reports additions "
        "to open objects (backward) and removals (forward).",
        "json: lenient",
        choices=JSON_POLICIES,
        code="C004",
    ),
    Key(
        "policies.protobuf",
        "one of the choices",
        "wire_json",
        "The Protobuf category, one per buf category: `wire` (binary encoding only), "
        "`wire_json` (binary and JSON: names matter too), `package` (generated code, "
        "declarations may move between a package's files), `file` (generated code, "
        "declarations stay in their files).",
        "protobuf: wire_json",
        choices=PROTOBUF_CATEGORIES,
        code="C004",
    ),
    Key(
        "rules",
        "mapping",
        None,
        "Severity overrides of compatibility rules (`stele rules` lists them).",
        raw=True,
        read_by="check, diff, release",
    ),
    Key(
        "rules.<rule-id>",
        "a severity, or `{severity: S}`",
        None,
        "The rule's findings get this severity; `off` drops them (C005 for another value).",
        "contract-enum-symbol-added: {severity: warning}",
        choices=RULE_SEVERITIES,
        code="C005",
    ),
    # -- sizes ------------------------------------------------------------------------------
    Key(
        "budgets",
        "mapping",
        None,
        "Size budgets that `stele sizes --check` enforces (docs/sizes.md); a malformed section "
        "is Z001.",
        raw=True,
        read_by="sizes",
    ),
    Key(
        "budgets.max_bytes",
        f"number, or mapping of format ({SIZE_FORMATS}) to number",
        None,
        "Largest encoded size of every message, in bytes (Z010 over it).",
        "max_bytes: {json: 4096, protobuf: 2048}",
        code="Z001",
    ),
    Key(
        "budgets.max_growth_percent",
        "number, or mapping of format to number",
        None,
        "How much a message may grow against the size baseline, in percent (Z011 over it).",
        "max_growth_percent: 10",
        code="Z001",
    ),
    Key(
        "budgets.samples",
        "one of the choices",
        "declared",
        "Which samples the budgets judge: `declared`, the message's examples (else its body "
        "type's); `all`, generated values too, which move with any edit of the types they draw "
        "from. A message budget that judges nothing is warning Z012.",
        "samples: declared",
        choices=("declared", "all"),
        code="Z001",
    ),
    Key(
        "budgets.messages",
        "mapping of message to {max_bytes, max_growth_percent}",
        {},
        "Limits of one message, overriding the global ones format by format.",
        "messages: {example.greeting.GreetingSent: {max_bytes: {protobuf: 300}}}",
        code="Z001",
    ),
)

_BY_PATH = {k.path: k for k in KEYS}


def key(path: str) -> Key:
    return _BY_PATH[path]


def keys_of(section: str = "") -> tuple[str, ...]:
    """The names of the keys directly in `section` ("" for the top level), without the rows
    standing for names the user chooses."""
    return tuple(k.name for k in KEYS if k.section == section and not k.chosen_by_user)


def rows_of(section: str = "") -> tuple[Key, ...]:
    return tuple(k for k in KEYS if k.section == section)


def raw_sections() -> tuple[str, ...]:
    """The top-level sections kept as read for the commands that own them."""
    return tuple(k.name for k in KEYS if k.raw and not k.section)


def default_text(path: str) -> str:
    value = key(path).default
    assert isinstance(value, str), path
    return value


def default_flag(path: str) -> bool:
    value = key(path).default
    assert isinstance(value, bool), path
    return value


def default_texts(path: str) -> tuple[str, ...]:
    value = key(path).default
    assert isinstance(value, tuple), path
    return tuple(str(v) for v in value)
