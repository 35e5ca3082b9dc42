"""The compatibility commands: `stele diff`, `stele check`, `stele rules`, `stele release`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from stele.cli.options import EXIT_CODES, config_option, project_config
from stele.cli.report_options import report_options
from stele.config_keys import JSON_POLICIES, PROTOBUF_CATEGORIES
from stele.diagnostics import Severity

COMPAT_FORMATS = ("avro", "protobuf", "jsonschema", "openapi", "asyncapi", "graphql")
COMPAT_OUTPUTS = ("text", "json")
compat_output_option = click.option(
    "--output", "-o", type=click.Choice(COMPAT_OUTPUTS), default="text", show_default=True
)


@click.command(epilog=EXIT_CODES)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(COMPAT_FORMATS), help="Default: detected.")
@click.option("--mode", default="backward", show_default=True, help="none|backward|forward|full")
@click.option(
    "--json-policy",
    type=click.Choice(JSON_POLICIES),
    default="strict",
    show_default=True,
    help="JSON Schema: strict judges open content models as any document may use them; "
    "lenient as `stele check` judges its own contracts.",
)
@click.option(
    "--protobuf-category",
    type=click.Choice(PROTOBUF_CATEGORIES),
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
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.compat import DiffRequest, run_diff
    from stele.compat.protobuf_buf_config import is_buf_config

    buf = config_path if config_path is not None and is_buf_config(config_path) else None
    config = project_config(config_path) if config_path is not None and buf is None else None
    request = DiffRequest(
        old, new, fmt, mode, json_policy, protobuf_category, config, proto_paths, paths, buf
    )
    sys.exit(run_diff(request, output, Severity(fail_on), exit_zero))


@click.command()
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
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.compat import run_check

    config = project_config(config_path)
    code = run_check(
        config, against, mode, transitive, not no_verify, output, Severity(fail_on), exit_zero
    )
    sys.exit(code)


@click.command()
@click.argument("rule_id", required=False)
@click.option("--markdown", is_flag=True, help="Print the whole reference (docs/rules.md).")
@compat_output_option
def rules(rule_id: str | None, markdown: bool, output: str) -> None:
    """List the compatibility rules, or print one rule's documentation."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.compat import run_rules

    text, code = run_rules(rule_id, markdown, output)
    click.echo(text, nl=False)
    sys.exit(code)


@click.command()
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
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.cli.compat import run_next_release, run_release

    if (version is not None) == propose or (write and not propose):
        raise click.UsageError("name a VERSION, or pass --next (with --write to release it)")
    config = project_config(config_path)
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
