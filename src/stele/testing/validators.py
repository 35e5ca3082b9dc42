"""Validation against generated artifacts: JSON Schema (with format checks) and the generated
pydantic models, both taken from in-memory artifacts."""

from __future__ import annotations

import importlib
import itertools
import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stele.files import write_files
from stele.ir import Value
from stele.mapping.artifacts import Artifacts

JSONSCHEMA_DIR = "jsonschema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
MODELS_ROOT = "python/models"
MODELS_PACKAGE = "stele_models"


# The errors of one value told (the most relevant first, then by place), and counted: a hostile
# value may have millions, and the validator stops after the count.
LISTED_ERRORS, COUNTED_ERRORS = 4, 100


def _told(error: Any) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    return f"at {where}: {error.message}"


class JsonSchemas:
    """Every generated JSON Schema, resolvable by its path under `jsonschema/`."""

    def __init__(self, artifacts: Artifacts) -> None:
        from referencing import Registry, Resource

        self._ids: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        resources = []
        for path, content in artifacts.items():
            if path.startswith(JSONSCHEMA_DIR + "/") and path.endswith(".json"):
                document = json.loads(content)
                rel = path[len(JSONSCHEMA_DIR) + 1 :]
                self._ids[rel] = document["$id"]
                self.titles[rel] = document.get("title", "")
                resources.append((document["$id"], Resource.from_contents(document)))
        self._registry: Any = Registry().with_resources(resources)
        self._validators: dict[str, Any] = {}

    def __contains__(self, path: str) -> bool:
        return path in self._ids

    def first_error(self, path: str, value: Value, pointer: str = "") -> str | None:
        """The most relevant error of `value` against the schema at `path` (and JSON pointer),
        followed by the others, so that one run shows every problem of a value: up to
        `LISTED_ERRORS` of them by place, and how many more (counted up to `COUNTED_ERRORS`)."""
        from jsonschema.exceptions import best_match, relevance

        errors = list(
            itertools.islice(self._validator(path, pointer).iter_errors(value), COUNTED_ERRORS)
        )
        if not errors:
            return None
        first = best_match(errors)
        assert first is not None
        ordered = sorted(
            (e for e in errors if e is not first),
            key=lambda e: (list(map(str, e.absolute_path)), relevance(e)),
        )
        # Each other error told by its own most relevant part, once: an error whose part is the
        # first one (best_match descends into `anyOf` branches) is not told again.
        said = _told(first)
        rest = [t for t in dict.fromkeys(_told(best_match([e]) or e) for e in ordered) if t != said]
        told = [said, *rest[:LISTED_ERRORS]]
        more = len(rest) - LISTED_ERRORS
        capped = len(errors) == COUNTED_ERRORS  # the validator was stopped: there may be more
        more_text = f"; {'at least ' if capped else ''}{more} more" if more > 0 else ""
        return "; ".join(told) + more_text

    def _validator(self, path: str, pointer: str) -> Any:
        key = f"{path}#{pointer}"
        if key not in self._validators:
            from jsonschema import Draft202012Validator

            schema = {"$schema": DIALECT, "$ref": f"{self._ids[path]}#{pointer}"}
            self._validators[key] = Draft202012Validator(
                schema,
                registry=self._registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
        return self._validators[key]


def model_module(schema_path: str) -> str:
    """The generated module of a schema: the module of its package,
    `food/order/Order.schema.json` -> `stele_models.food.order` (see stele.emit.python_models)."""
    folder = schema_path.rpartition("/")[0]
    return ".".join([MODELS_PACKAGE, *folder.split("/")])


class Models:
    """The generated pydantic models, imported from a temporary copy of the artifacts."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def first_error(self, schema_path: str, title: str, value: Value) -> str | None:
        """None when the model of `schema_path` (class named after the schema's `title`)
        accepts the JSON text of `value`, else its first error."""
        from pydantic import TypeAdapter, ValidationError

        model = getattr(importlib.import_module(model_module(schema_path)), class_name(title))
        try:
            TypeAdapter(model).validate_json(json.dumps(value))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = "/".join(str(p) for p in first["loc"]) or "(root)"
            return f"at {where}: {first['msg']}"
        return None


def class_name(title: str) -> str:
    """The model of a schema whose title is its name in the package: a nested type joins its
    names with `_` (`Order.Cancellation` -> `Order_Cancellation`)."""
    return title.replace(".", "_")


@contextmanager
def imported_models(artifacts: Artifacts) -> Iterator[Models | None]:
    """The models of `artifacts` importable for the duration; None when there are none."""
    files = {p: b for p, b in artifacts.items() if p.startswith(MODELS_ROOT + "/")}
    if not files:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="stele-test-models-") as tmp:
        root = Path(tmp)
        write_files(files, root)
        search = str(root / MODELS_ROOT)
        _forget_models()
        sys.path.insert(0, search)
        try:
            yield Models(root)
        finally:
            sys.path.remove(search)
            _forget_models()


def _forget_models() -> None:
    for name in [m for m in sys.modules if m.split(".")[0] == MODELS_PACKAGE]:
        del sys.modules[name]
