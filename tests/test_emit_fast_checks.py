"""The validators' fast paths give the verdicts of the reference implementations.

openapi-spec-validator runs with the Rust metaschema check first and set-based bookkeeping
(stele.emit._openapi_check); the AsyncAPI official schema runs through jsonschema_rs first
(stele.emit._asyncapi_check). Each mutation below is judged by the stock validator and by
stele's, and the first error must be the same.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from _json_project import context
from openapi_spec_validator import OpenAPIV31SpecValidator

from stele.emit import _asyncapi_check, _openapi_check
from stele.emit.openapi import DOCUMENT_PATH, OpenApiEmitter

Doc = dict[str, Any]
ASYNCAPI_GOLDEN = Path(__file__).parent / "golden" / "asyncapi"


def openapi_document() -> Doc:
    result: Doc = json.loads(OpenApiEmitter().emit(context())[DOCUMENT_PATH])
    return result


def first_component(doc: Doc) -> Doc:
    schemas = doc["components"]["schemas"]
    first: Doc = schemas[sorted(name for name in schemas if name != "Problem")[0]]
    return first


def _type_nonsense(doc: Doc) -> None:
    first_component(doc)["type"] = "nonsense"


def _pattern_not_a_string(doc: Doc) -> None:
    first_component(doc)["pattern"] = 5


def _required_not_a_list(doc: Doc) -> None:
    first_component(doc)["required"] = "id"


def _default_of_the_wrong_type(doc: Doc) -> None:
    first_component(doc)["properties"] = {"n": {"type": "integer", "default": "x"}}


def _no_info(doc: Doc) -> None:
    del doc["info"]


def _path_parameter_not_declared(doc: Doc) -> None:
    doc["paths"]["/extra/{thing}"] = {"get": {"responses": {"200": {"description": "ok"}}}}


def _nothing(doc: Doc) -> None:
    del doc  # the emitted document itself


OPENAPI_MUTATIONS: list[Callable[[Doc], None]] = [
    _nothing,
    _type_nonsense,
    _pattern_not_a_string,
    _required_not_a_list,
    _default_of_the_wrong_type,
    _no_info,
    _path_parameter_not_declared,
]


def first_error(validator: Any) -> str | None:
    found = next(validator.iter_errors(), None)
    return None if found is None else str(found).splitlines()[0]


@pytest.mark.parametrize("mutate", OPENAPI_MUTATIONS, ids=lambda f: f.__name__.strip("_"))
def test_openapi_walk_judges_as_the_stock_validator(mutate: Callable[[Doc], None]) -> None:
    doc = openapi_document()
    mutate(doc)
    stock = first_error(OpenAPIV31SpecValidator(copy.deepcopy(doc)))
    ours = first_error(_openapi_check._spec_validator()(copy.deepcopy(doc)))
    assert ours == stock
    assert (stock is None) == (mutate is _nothing)


def test_a_schema_the_rust_check_rejects_is_reported_by_the_reference_check() -> None:
    doc = openapi_document()
    _type_nonsense(doc)
    found = OpenApiEmitter().validate(context(), {DOCUMENT_PATH: json.dumps(doc).encode()})
    assert [(d.code, d.message) for d in found] == [
        (
            "G004",
            "invalid OpenAPI 3.1 document: 'nonsense' is not valid under any of the given schemas",
        )
    ]


def asyncapi_documents() -> list[Doc]:
    return [json.loads(p.read_bytes()) for p in sorted(ASYNCAPI_GOLDEN.glob("*.json"))]


def _asyncapi_mutations(doc: Doc) -> list[Doc]:
    wrong_action = copy.deepcopy(doc)
    for operation in wrong_action["operations"].values():
        operation["action"] = "shout"
    extra_info = copy.deepcopy(doc)
    extra_info["info"]["colour"] = "blue"
    bad_payload = copy.deepcopy(doc)
    for message in bad_payload["components"].get("messages", {}).values():
        message["payload"] = {"type": "nonsense"}
    return [doc, wrong_action, extra_info, bad_payload]


def test_asyncapi_fast_check_judges_as_the_reference_implementation() -> None:
    judged = 0
    for doc in asyncapi_documents():
        for variant in _asyncapi_mutations(doc):
            fast = bool(_asyncapi_check._fast_validator().is_valid(variant))
            reference = not list(_asyncapi_check._violations(variant))
            assert fast == reference
            judged += 1
    assert judged >= 8
