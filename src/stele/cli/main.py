"""The `stele` command line. Thin: parse options, call the library, render, map to an exit code.

Only click and the standard library are imported at start-up; each command imports what it
needs when it runs, so `stele --version` and `stele lint` start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from stele import __version__
from stele.cli.lazy import LazyGroup
from stele.cli.report_options import report_options
from stele.diagnostics import Severity, SteleError

OUTPUTS = ("text", "json")
GENERATE_FORMATS = (
    "protobuf",
    "python-protobuf",
    "avro",
    "jsonschema",
    "openapi",
    "asyncapi",
    "python-models",
    "graphql",
)  # stele.config.Options.formats
SEVERITIES = ("error", "warning", "info")
# Seeds are 64-bit; a seed of a million digits took seconds to parse and to hash.
SEED_MIN, SEED_MAX = -(2**63), 2**63 - 1
MAX_SECONDS = 86_400.0  # a deadline of a day at most: inf or 1e300 meant none

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Path of stele.yaml (default: the nearest one at or above the current directory).",
)


def _config(config_path: Path | None, project_needed: bool = True):  # type: ignore[no-untyped-def]
    from stele.config import load_config

    return load_config(config_path, project_needed=project_needed)


EXIT_CODES = (
    "\b\nExit codes (every command; docs/ci.md):\n"
    "  0  clean: no finding at or above --fail-on (or --exit-zero)\n"
    "  1  findings at or above --fail-on (default: error)\n"
    "  2  input that cannot be used (a bad option, stele.yaml, contract, schema,\n"
    "     baseline or file): told with file:line:col, a code and a hint;\n"
    "     nothing is written\n"
    "  3  a defect of stele (an internal error): rerun with STELE_DEBUG=1 and report it"
)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Imported when run (or listed by `stele --help`), not by every command's start-up.
    lazy={
        "cache": "stele.cli.cache:cache_group",
        "import": "stele.cli.import_cmd:import_command",
        "docs": "stele.cli.docs_cmd:docs_command",
    },
    epilog=EXIT_CODES,
)
@click.version_option(__version__, "--version", prog_name="stele")
def cli() -> None:
    """stele: one source of message contracts, every artifact, proven compatible."""


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=".")
def init(directory: Path) -> None:
    """Create a new contract project with one example contract."""
    from stele.cli.init import init_project

    for line in init_project(directory):
        click.echo(line)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_option
@report_options
@click.option(
    "--verbose", "-v", is_flag=True, help="Show every info (text output folds known ones)."
)
def lint(
    paths: tuple[Path, ...],
    config_path: Path | None,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
    verbose: bool,
) -> None:
    """Check contract files: syntax, names, types, values, channels, operations, numbers."""
    from stele.cli.lint import folded_infos, lint_report, render_text
    from stele.report import emit, resolve_output, use_color
    from stele.report.model import exit_code

    chosen = resolve_output(output)
    try:
        config = _config(config_path, project_needed=not paths)
        report = lint_report(config, list(paths))
    except SteleError as exc:
        from stele.cli.compat import echo_stopped

        echo_stopped("lint", exc, chosen, Severity(fail_on))
        raise
    if chosen != "text" or verbose or Severity(fail_on) is Severity.INFO:
        sys.exit(emit(report, output, Severity(fail_on), exit_zero))
    folded = folded_infos(report, config, list(paths))
    click.echo(render_text(report, folded, use_color()), nl=False)
    sys.exit(exit_code(report, Severity(fail_on), exit_zero))


@cli.command()
@config_option
@click.option(
    "--check", is_flag=True, help="Exit 1 if the lock file is out of date; write nothing."
)
def lock(config_path: Path | None, check: bool) -> None:
    """Assign Protobuf numbers to new fields and record them in the lock file."""
    from stele.cli.generate import run_lock

    sys.exit(run_lock(_config(config_path), check))


@cli.command()
@config_option
@click.option("--check", is_flag=True, help="Exit 1 and list stale files; write nothing.")
@click.option(
    "--format",
    "formats",
    multiple=True,
    # An unknown name generated nothing and exited 0.
    type=click.Choice(GENERATE_FORMATS),
    help="Generate only these formats (repeatable); default: the formats in stele.yaml.",
)
@report_options
def generate(
    config_path: Path | None,
    check: bool,
    formats: tuple[str, ...],
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Generate every artifact under the output directory, validated by its real consumer.

    --output, --fail-on and --exit-zero apply to --check.
    """
    from stele.cli.generate import run_generate

    config = _config(config_path)
    sys.exit(run_generate(config, check, formats, output, Severity(fail_on), exit_zero))


SIZES_OUTPUTS = ("text", "json", "csv", "markdown", "sarif", "junit", "github")


@cli.command()
@config_option
@click.option(
    "--output",
    "-o",
    type=click.Choice(SIZES_OUTPUTS),
    default=None,
    help="text, json, csv, markdown: the table and its findings; sarif, junit, github: the "
    "findings (default: text; github for --check under GitHub Actions).",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="error",
    show_default=True,
    help="With --check: exit 1 when a finding has this severity or a higher one.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="With --check: exit 0 even when a budget is exceeded (still exits 2 on bad input).",
)
@click.option(
    "--against", metavar="REF", help="Size baseline file, directory, release or git revision."
)
@click.option("--check", is_flag=True, help="Exit 1 when a message is over its budget.")
@click.option("--update-baseline", is_flag=True, help="Write the sizes to compat/sizes.json.")
@click.option("--plot", type=click.Path(path_type=Path, dir_okay=False), help="Write an SVG chart.")
# Options that size the work are bounded (stele.cli.sizes.MAX_*, repeated here so that the
# command line starts without importing the measuring code).
@click.option(
    "--generate",
    type=click.IntRange(0, 1000),
    default=0,
    help="Generated values per message (at most 1000).",
)
@click.option("--seed", type=click.IntRange(SEED_MIN, SEED_MAX), default=0, show_default=True)
@click.option(
    "--list-length",
    default="1-3",
    show_default=True,
    help="Items per generated list or map: N or MIN-MAX, at most 10.",
)
@click.option(
    "--string-length",
    default="4-16",
    show_default=True,
    help="Characters per generated string: N or MIN-MAX, at most 1024.",
)
@click.option("--optional-presence", type=click.FloatRange(0, 1), default=0.5, show_default=True)
@click.option("--types", "include_types", is_flag=True, help="Measure type examples too.")
@click.option("--registry-framing", is_flag=True, help="Add the avro-registry column.")
@click.option("--runs", type=click.IntRange(1, 100), default=5, show_default=True)
@click.option("--no-timing", is_flag=True, help="Measure bytes only.")
@click.option("--no-hints", is_flag=True)
def sizes(config_path: Path | None, **opts: Any) -> None:
    """Encoded bytes and speed of every message in every format, against budgets and a baseline."""
    from stele.cli.sizes import run_sizes, sizes_request

    sys.exit(run_sizes(_config(config_path), sizes_request(**opts)))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the contract language (for editors)."""
    from importlib.resources import files

    click.echo(files("stele").joinpath("schemas/contract.schema.json").read_text("utf-8"), nl=False)


# Compatibility: `stele diff`, `stele check`, `stele rules`, `stele release`.
COMPAT_FORMATS = ("avro", "protobuf", "jsonschema", "openapi", "asyncapi", "graphql")
COMPAT_OUTPUTS = ("text", "json")
compat_output_option = click.option(
    "--output", "-o", type=click.Choice(COMPAT_OUTPUTS), default="text", show_default=True
)


@cli.command(epilog=EXIT_CODES)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(COMPAT_FORMATS), help="Default: detected.")
@click.option("--mode", default="backward", show_default=True, help="none|backward|forward|full")
@click.option(
    "--json-policy",
    type=click.Choice(("strict", "lenient")),
    default="strict",
    show_default=True,
    help="JSON Schema: strict judges open content models as any document may use them; "
    "lenient as `stele check` judges its own contracts.",
)
@click.option(
    "--protobuf-category",
    type=click.Choice(("wire", "wire_json", "package", "file")),
    default=None,
    help="Protobuf: what must stay compatible, as buf's categories WIRE, WIRE_JSON, PACKAGE, "
    "FILE (default: the buf.yaml's `use`, else wire_json).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="A stele.yaml whose `rules:` section overrides rule severities, or a buf.yaml whose "
    "`breaking:` section applies (Protobuf; default: the sides' own buf.yaml).",
)
@click.option(
    "-I",
    "--proto-path",
    "proto_paths",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Protobuf: a folder to look up imports in, for both sides (repeatable; after the "
    "side's own tree, before the well-known types).",
)
@click.option(
    "--path",
    "paths",
    multiple=True,
    help="Protobuf: compare only the files under this path, relative to each side's root "
    "(repeatable; the other files are still there to be imported).",
)
@report_options
def diff(
    old: Path,
    new: Path,
    fmt: str | None,
    mode: str,
    json_policy: str,
    protobuf_category: str | None,
    config_path: Path | None,
    proto_paths: tuple[Path, ...],
    paths: tuple[str, ...],
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Compare two schema files (or directories of them) of one format."""
    from stele.cli.compat import DiffRequest, run_diff
    from stele.compat.protobuf_buf_config import is_buf_config

    buf = config_path if config_path is not None and is_buf_config(config_path) else None
    config = _config(config_path) if config_path is not None and buf is None else None
    request = DiffRequest(
        old, new, fmt, mode, json_policy, protobuf_category, config, proto_paths, paths, buf
    )
    sys.exit(run_diff(request, output, Severity(fail_on), exit_zero))


@cli.command()
@config_option
@click.option("--against", help="A released version, a directory or a git revision.")
@click.option(
    "--mode",
    default=None,
    help="none|backward|forward|full, for every element (default: stele.yaml's compat: modes, "
    "else backward)",
)
@click.option("--transitive", is_flag=True, help="Check against every release, newest first.")
@click.option("--no-verify", is_flag=True, help="Skip the verification by codecs.")
@report_options
def check(
    config_path: Path | None,
    against: str | None,
    mode: str | None,
    transitive: bool,
    no_verify: bool,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Check the contracts against a baseline in every format and direction.

    Acknowledged breaks are dropped; stale and expired acknowledgements are errors. Expiry
    dates are judged at today's date, or at STELE_TODAY (YYYY-MM-DD) when it is set.
    """
    from stele.cli.compat import run_check

    config = _config(config_path)
    code = run_check(
        config, against, mode, transitive, not no_verify, output, Severity(fail_on), exit_zero
    )
    sys.exit(code)


@cli.command()
@click.argument("rule_id", required=False)
@click.option("--markdown", is_flag=True, help="Print the whole reference (docs/rules.md).")
@compat_output_option
def rules(rule_id: str | None, markdown: bool, output: str) -> None:
    """List the compatibility rules, or print one rule's documentation."""
    from stele.cli.compat import run_rules

    text, code = run_rules(rule_id, markdown, output)
    click.echo(text, nl=False)
    sys.exit(code)


@cli.command()
@click.argument("version", required=False)
@click.option(
    "--next",
    "propose",
    is_flag=True,
    help="Print the smallest version the changes since the last release allow.",
)
@click.option("--write", is_flag=True, help="With --next: release that version.")
@config_option
def release(version: str | None, propose: bool, write: bool, config_path: Path | None) -> None:
    """Freeze the contracts, the lock and the size baseline as release VERSION in compat/.

    VERSION must follow semantic versioning against the last release (docs/compatibility.md).
    """
    from stele.cli.compat import run_next_release, run_release

    if (version is not None) == propose or (write and not propose):
        raise click.UsageError("name a VERSION, or pass --next (with --write to release it)")
    config = _config(config_path)
    if version is None:
        proposed, why = run_next_release(config)
        if not write:
            click.echo(proposed, nl=False)
            click.echo(why, nl=False, err=True)
            sys.exit(0)
        version = proposed.strip()
    text, code = run_release(config, version)
    click.echo(text, nl=False)
    sys.exit(code)


# Contract tests: `stele test` (examples), `stele test messages SOURCE`, `stele test http`.
CAPTURE_FORMATS = ("jsonl", "avro-ocf", "framed", "proto-delimited")


@cli.group(
    "test",
    cls=LazyGroup,
    invoke_without_command=True,
    lazy={"broker": "stele.cli.broker:broker_command"},
)
@config_option
@report_options
@click.pass_context
def test_group(
    ctx: click.Context,
    config_path: Path | None,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Validate every example against every artifact and round-trip it through every format.

    Subcommands test captured messages (`messages`) and a live HTTP service (`http`).
    """
    if ctx.invoked_subcommand is not None:
        return
    from stele.cli.testrun import run_examples_command

    sys.exit(run_examples_command(_config(config_path), output, Severity(fail_on), exit_zero))


@test_group.command("messages")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(CAPTURE_FORMATS), help="Default: by suffix.")
@click.option(
    "--schema-map",
    type=click.Path(path_type=Path, dir_okay=False),
    help="YAML file mapping registry schema ids (or subjects) to messages.",
)
@click.option("--message-type", help="The message of every record (proto-delimited, avro-ocf).")
@click.option(
    "--payload",
    type=click.Choice(("avro", "protobuf")),
    default="avro",
    show_default=True,
    help="What framed records carry.",
)
@click.option(
    "--max-message-size",
    default="16MiB",
    show_default=True,
    help="Largest record read (bytes, KiB, MiB, GiB); a larger one is a finding and skipped.",
)
@config_option
@report_options
def test_messages(
    source: Path,
    fmt: str | None,
    schema_map: Path | None,
    message_type: str | None,
    payload: str,
    max_message_size: str,
    config_path: Path | None,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Validate captured messages: bodies, headers and interaction styles."""
    from stele.cli.testrun import run_messages_command

    code = run_messages_command(
        _config(config_path),
        source,
        fmt,
        schema_map,
        message_type,
        payload,
        max_message_size,
        output,
        Severity(fail_on),
        exit_zero,
    )
    sys.exit(code)


@test_group.command("http")
@click.option(
    "--base-url", required=True, help="Where the service runs, e.g. http://127.0.0.1:8080"
)
@click.option("--max-examples", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--seed", type=click.IntRange(SEED_MIN, SEED_MAX), default=0, show_default=True)
@click.option(
    "--operation",
    "operations",
    multiple=True,
    help="Only this operation (operationId, Service.Operation or a service); repeatable.",
)
@click.option(
    "--request-timeout",
    type=click.FloatRange(0, MAX_SECONDS, min_open=True),
    default=10.0,
    show_default=True,
    help="Seconds for one request, redirects and body included; then a finding.",
)
@click.option(
    "--total-timeout",
    type=click.FloatRange(0, MAX_SECONDS, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds for the whole run; then a finding, and no further request.",
)
@click.option(
    "--max-response-bytes",
    type=click.IntRange(1, 1 << 30),
    default=10 * 1024 * 1024,
    show_default=True,
    help="Largest response body read; a larger one is a finding.",
)
@click.option(
    "--allow-redirects-to",
    "redirect_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Follow redirects to this origin (scheme://host[:port]) too; repeatable. By default "
    "only redirects within the base URL's origin are followed.",
)
@config_option
@report_options
def test_http(
    base_url: str,
    max_examples: int,
    seed: int,
    operations: tuple[str, ...],
    request_timeout: float,
    total_timeout: float,
    max_response_bytes: int,
    redirect_origins: tuple[str, ...],
    config_path: Path | None,
    output: str | None,
    fail_on: str,
    exit_zero: bool,
) -> None:
    """Run schemathesis with the generated OpenAPI against a live service."""
    from stele.cli.testrun import run_http_command
    from stele.testing.http_client import HttpLimits

    limits = HttpLimits(request_timeout, total_timeout, max_response_bytes, redirect_origins)
    code = run_http_command(
        _config(config_path),
        base_url,
        max_examples,
        seed,
        operations,
        limits,
        output,
        Severity(fail_on),
        exit_zero,
    )
    sys.exit(code)


def main() -> NoReturn:
    """Entry point: every error becomes a message and an exit code, never a traceback."""
    try:
        cli.main(standalone_mode=False)
    except SteleError as exc:
        for d in exc.diagnostics:
            click.echo(d.render(), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # a bug in stele, not bad input
        if os.environ.get("STELE_DEBUG"):
            raise
        click.echo(f"stele: internal error: {type(exc).__name__}: {exc}", err=True)
        click.echo("  rerun with STELE_DEBUG=1 for a traceback, and report it", err=True)
        sys.exit(3)
    sys.exit(0)
