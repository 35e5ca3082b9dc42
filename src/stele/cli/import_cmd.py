"""`stele import FORMAT PATH...`: contracts from the schemas a team already has (docs/import.md).

Thin, as every command: click and the standard library here; the importer is loaded when the
command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

IMPORT_FORMATS = ("avro", "protobuf", "jsonschema", "openapi", "asyncapi")


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(IMPORT_FORMATS))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--into",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="The contract folder to write into (default: the project's first source folder).",
)
@click.option(
    "--package",
    "package",
    default=None,
    help="The package of types that have none: Avro without namespace, .proto without package, "
    "JSON Schema (default: the folder), OpenAPI and AsyncAPI (default: info.title).",
)
@click.option(
    "-I",
    "--proto-path",
    "include",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Protobuf: a folder to look up imports in (repeatable).",
)
@click.option(
    "--force", is_flag=True, help="Replace the contract file of a package the project has."
)
@click.option(
    "--no-proof", is_flag=True, help="Skip the fidelity proof (generate and diff both ways)."
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Path of stele.yaml (default: the nearest one at or above the current directory).",
)
def import_command(
    fmt: str,
    paths: tuple[Path, ...],
    into: Path | None,
    package: str | None,
    include: tuple[Path, ...],
    force: bool,
    no_proof: bool,
    config_path: Path | None,
) -> None:
    """Contracts from Avro, Protobuf, JSON Schema, OpenAPI or AsyncAPI files, proven faithful.

    FORMAT is avro, protobuf, jsonschema, openapi or asyncapi; PATHS are files or folders. The import
    writes one contract file per package and the Protobuf numbers into the lock, then generates
    the artifacts back and compares them with the originals both ways (docs/import.md). Exit 0:
    written and compatible; 1: written, the proof found a break (I900); 2: nothing written."""
    # start-up: imported when the command runs (stele.cli.lazy)
    from stele.importer.run import ImportRequest, run_import

    request = ImportRequest(fmt, paths, into, package, include, force, not no_proof)
    sys.exit(run_import(request, config_path))
