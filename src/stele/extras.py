"""The optional dependencies, installed as extras of the `stele` package (README, Install).

`pip install stele` brings what `lint`, `generate`, `check`, `diff`, `sizes` and `test` need for
Protobuf, Avro, JSON Schema, OpenAPI and AsyncAPI. The rest is opt-in: a command that reaches a
missing one stops with E001 (exit 2), naming the extra to install, instead of an ImportError
(`stele.cli.main.main` maps the error, so each command imports its libraries where it always did).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from dataclasses import dataclass

from stele.diagnostics import SteleError, error
from stele.span import Span

MISSING_EXTRA = "E001"
ENVIRONMENT = Span("<environment>", 0, 0)


@dataclass(frozen=True)
class Extra:
    name: str  # pip install 'stele[name]'
    packages: dict[str, str]  # top-level module, as imported -> its distribution on the index
    used_for: str


EXTRAS: tuple[Extra, ...] = (
    Extra(
        "http",
        {"schemathesis": "schemathesis", "hypothesis": "hypothesis", "requests": "requests"},
        "`stele test http`",
    ),
    Extra("brokers", {"pika": "pika", "confluent_kafka": "confluent-kafka"}, "`stele test broker`"),
    Extra("graphql", {"graphql": "graphql-core"}, "the graphql format (generate, check, diff)"),
    Extra(
        "python",
        {"datamodel_code_generator": "datamodel-code-generator"},
        "the reference writer of the pydantic models (stele.emit.python_models_dcg)",
    ),
    Extra(
        "schemaless",
        {"msgpack": "msgpack", "cbor2": "cbor2"},
        "the msgpack and cbor columns of `stele sizes` and `stele test`",
    ),
)


def extra_of(module: str) -> Extra | None:
    """The extra that brings `module` (or the package it belongs to), if any."""
    top = module.partition(".")[0]
    return next((extra for extra in EXTRAS if top in extra.packages), None)


def missing_extra(module: str, extra: Extra) -> SteleError:
    return SteleError(
        [
            error(
                MISSING_EXTRA,
                f"the optional package {extra.packages[module]} is not installed (module "
                f"'{module}'); it is needed for {extra.used_for}",
                ENVIRONMENT,
                f"install stele's {extra.name} extra: pip install 'stele[{extra.name}]'",
            )
        ]
    )


def as_missing_extra(exc: BaseException) -> SteleError | None:
    """E001 for an import of an optional dependency that failed because it is not installed;
    None for any other error (a missing module of stele's own is a defect, not an extra)."""
    if not isinstance(exc, ModuleNotFoundError) or not exc.name:
        return None
    extra = extra_of(exc.name)
    return missing_extra(exc.name.partition(".")[0], extra) if extra else None


# The schemaless formats' modules (stele.encode.codecs leaves a column out when one is missing).
FORMAT_MODULES = {"msgpack": "msgpack", "cbor": "cbor2"}


def require_formats(formats: Iterable[str]) -> None:
    """E001 for a format that `formats` names (a budget on msgpack) whose module is missing:
    without it the column is left out, and the budget would judge nothing."""
    for fmt in sorted(formats):
        module = FORMAT_MODULES.get(fmt)
        extra = extra_of(module) if module else None
        if module and extra and importlib.util.find_spec(module) is None:
            raise missing_extra(module, extra)
