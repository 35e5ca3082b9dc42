"""What the command definitions share: the --config option, the bounds of numeric options and
the exit-code epilog. Only click and the standard library are imported here (start-up time)."""

from __future__ import annotations

from pathlib import Path

import click

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


def project_config(config_path: Path | None, project_needed: bool = True):  # type: ignore[no-untyped-def]
    from stele.source.config_reader import load_config

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
