"""The JSON Schema checker against reality: generated schema pairs, generated documents, jsonschema.

- Soundness: when stele calls a pair compatible in a direction, documents generated from the
  writer schema (old for BACKWARD, new for FORWARD) validate under the reader schema.
- Completeness, measured: when stele reports an error, a counterexample document is usually
  found among the generated ones (the rate is printed and asserted).
- The example project's JSON Schemas compared with themselves, and with a copy that drops a
  required field.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import jsonschema
from _examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.compat.jsonschema import CHECKER, LENIENT_CHECKER
from stele.compat.model import Direction, Finding
from stele.diagnostics import Severity

ROOT = Path(__file__).parent.parent
NAMES = ["a", "b", "c", "d"]


# -- a small grammar of schemas --------------------------------------------------------


def gen_schema(rng: random.Random, depth: int = 0) -> dict[str, Any]:
    kind = rng.choice(
        ["integer", "number", "string", "enum", "boolean", "array", "object"][
            : 7 if depth < 2 else 5
        ]
    )
    if kind in ("integer", "number"):
        schema: dict[str, Any] = {"type": kind}
        if rng.random() < 0.5:
            schema["minimum"] = rng.randint(-5, 5)
        if rng.random() < 0.5:
            schema["maximum"] = schema.get("minimum", -5) + rng.randint(0, 10)
        if rng.random() < 0.2:
            schema["exclusiveMinimum"] = schema.pop("minimum", 0)
        return schema
    if kind == "string":
        schema = {"type": "string"}
        if rng.random() < 0.5:
            schema["minLength"] = rng.randint(0, 3)
        if rng.random() < 0.5:
            schema["maxLength"] = schema.get("minLength", 0) + rng.randint(0, 4)
        return schema
    if kind == "enum":
        return {
            "type": "string",
            "enum": sorted(rng.sample(["x", "y", "z", "w"], rng.randint(1, 3))),
        }
    if kind == "boolean":
        return {"type": "boolean"}
    if kind == "array":
        schema = {"type": "array", "items": gen_schema(rng, depth + 1)}
        if rng.random() < 0.4:
            schema["minItems"] = rng.randint(0, 2)
        if rng.random() < 0.4:
            schema["maxItems"] = schema.get("minItems", 0) + rng.randint(0, 3)
        return schema
    names = rng.sample(NAMES, rng.randint(1, 3))
    schema = {"type": "object", "properties": {n: gen_schema(rng, depth + 1) for n in names}}
    required = [n for n in names if rng.random() < 0.5]
    if required:
        schema["required"] = required
    if rng.random() < 0.3:
        schema["additionalProperties"] = False
    return schema


def mutate(rng: random.Random, schema: dict[str, Any]) -> dict[str, Any]:
    """One random edit somewhere in the schema."""
    schema = copy.deepcopy(schema)
    targets = list(_subschemas(schema))
    target = rng.choice(targets)
    edits = [_edit_bounds, _edit_type, _edit_nullable]
    if target.get("type") == "object":
        edits += [_edit_properties, _edit_required, _edit_model] * 2
    if "enum" in target:
        edits += [_edit_enum] * 3
    rng.choice(edits)(rng, target)
    return schema


def _subschemas(schema: dict[str, Any]) -> Any:
    yield schema
    for sub in (schema.get("properties") or {}).values():
        yield from _subschemas(sub)
    if isinstance(schema.get("items"), dict):
        yield from _subschemas(schema["items"])


def _edit_bounds(rng: random.Random, s: dict[str, Any]) -> None:
    key = rng.choice(
        ["minimum", "maximum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems"]
    )
    if rng.random() < 0.3:
        s.pop(key, None)
    else:
        s[key] = max(0, s.get(key, 2) + rng.choice([-2, -1, 1, 2]))


def _edit_type(rng: random.Random, s: dict[str, Any]) -> None:
    if s.get("type") == "integer":
        s["type"] = "number"
    elif s.get("type") == "number":
        s["type"] = "integer"
    elif s.get("type") == "string" and rng.random() < 0.5:
        s["type"] = ["string", "integer"]


def _edit_nullable(rng: random.Random, s: dict[str, Any]) -> None:
    t = s.get("type")
    if isinstance(t, str):
        s["type"] = [t, "null"]


def _edit_properties(rng: random.Random, s: dict[str, Any]) -> None:
    props = s.setdefault("properties", {})
    name = rng.choice(NAMES)
    if name in props:
        del props[name]
        s["required"] = [r for r in s.get("required", []) if r != name]
        if not s["required"]:
            del s["required"]
    else:
        props[name] = gen_schema(rng, 2)


def _edit_required(rng: random.Random, s: dict[str, Any]) -> None:
    name = rng.choice(list(s.get("properties") or {"a": 0}))
    required = s.get("required", [])
    s["required"] = [r for r in required if r != name] if name in required else [*required, name]
    if not s["required"]:
        del s["required"]


def _edit_model(rng: random.Random, s: dict[str, Any]) -> None:
    if "additionalProperties" in s:
        del s["additionalProperties"]
    else:
        s["additionalProperties"] = rng.choice([False, {"type": "integer"}])


def _edit_enum(rng: random.Random, s: dict[str, Any]) -> None:
    values = set(s["enum"])
    value = rng.choice(["x", "y", "z", "w"])
    values ^= {value}
    s["enum"] = sorted(values or {"x"})


# -- documents generated from a schema, biased to the edges ------------------------------


def gen_instance(rng: random.Random, schema: Any) -> Any:
    if schema is True or schema == {}:
        return rng.choice([0, 1.5, "s", True, None, [], {}])
    types = schema.get("type")
    if isinstance(types, list):
        types = rng.choice(types)
    if types == "null":
        return None
    if "enum" in schema:
        return rng.choice(schema["enum"])
    if types in ("integer", "number"):
        return _number(rng, schema, types == "integer")
    if types == "string":
        low = schema.get("minLength", 0)
        high = schema.get("maxLength", low + 5)
        return "s" * rng.choice([low, high, rng.randint(low, max(low, high))])
    if types == "boolean":
        return rng.random() < 0.5
    if types == "array":
        low = schema.get("minItems", 0)
        high = schema.get("maxItems", low + 3)
        return [
            gen_instance(rng, schema.get("items", True)) for _ in range(rng.choice([low, high]))
        ]
    return _object(rng, schema)


def _number(rng: random.Random, schema: dict[str, Any], integer: bool) -> float:
    low = schema.get(
        "minimum", schema["exclusiveMinimum"] + 1 if "exclusiveMinimum" in schema else -20
    )
    high = schema.get(
        "maximum", schema["exclusiveMaximum"] - 1 if "exclusiveMaximum" in schema else 20
    )
    value = rng.choice([low, high, rng.randint(int(low), max(int(low), int(high)))])
    return int(value) if integer or rng.random() < 0.7 else value + 0.5


def _object(rng: random.Random, schema: dict[str, Any]) -> dict[str, Any]:
    props = schema.get("properties", {})
    required = set(schema.get("required", []))
    result = {
        n: gen_instance(rng, s) for n, s in props.items() if n in required or rng.random() < 0.6
    }
    extra = schema.get("additionalProperties", True)
    if extra is not False and rng.random() < 0.5:
        name = rng.choice([n for n in [*NAMES, "e"] if n not in props])
        result[name] = gen_instance(rng, extra)
    return result


# -- the property ----------------------------------------------------------------------


def _check(
    old: dict[str, Any], new: dict[str, Any], direction: Direction, lenient: bool = False
) -> list[Finding]:
    checker = LENIENT_CHECKER if lenient else CHECKER
    old_set = checker.load({"s.json": json.dumps(old).encode()})
    new_set = checker.load({"s.json": json.dumps(new).encode()})
    return checker.check(old_set, new_set, direction)


def _instances(rng: random.Random, schema: dict[str, Any], count: int = 60) -> list[Any]:
    validator = jsonschema.Draft202012Validator(schema)
    docs = [gen_instance(rng, schema) for _ in range(count)]
    return [d for d in docs if validator.is_valid(d)]


def _pair(seed: int) -> tuple[dict[str, Any], dict[str, Any]]:
    rng = random.Random(seed)
    old = gen_schema(rng)
    return old, mutate(rng, old)


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**9), direction=st.sampled_from(list(Direction)))
def test_compatible_pairs_accept_every_generated_document(seed: int, direction: Direction) -> None:
    old, new = _pair(seed)
    findings = _check(old, new, direction)
    if findings:
        return
    writer, reader = (old, new) if direction is Direction.BACKWARD else (new, old)
    validator = jsonschema.Draft202012Validator(reader)
    for doc in _instances(random.Random(seed), writer):
        assert validator.is_valid(doc), (writer, reader, doc)


def test_incompatible_verdicts_usually_have_a_counterexample() -> None:
    flagged = found = 0
    for seed in range(400):
        old, new = _pair(seed)
        for direction in Direction:
            errors = [f for f in _check(old, new, direction) if f.severity is Severity.ERROR]
            if not errors:
                continue
            writer, reader = (old, new) if direction is Direction.BACKWARD else (new, old)
            validator = jsonschema.Draft202012Validator(reader)
            flagged += 1
            rng = random.Random(seed)
            if any(not validator.is_valid(d) for d in _instances(rng, writer, 200)):
                found += 1
    rate = found / flagged
    print(f"counterexamples found for {found} of {flagged} incompatible verdicts ({rate:.0%})")
    assert flagged > 100
    assert rate >= 0.8


def test_lenient_policy_accepts_an_optional_property_added_to_an_open_model() -> None:
    old = {"type": "object", "properties": {"a": {"type": "string"}}}
    new = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}}
    strict = [f.rule for f in _check(old, new, Direction.BACKWARD)]
    assert strict == ["json-property-added-to-open-model"]
    assert _check(old, new, Direction.BACKWARD, lenient=True) == []


# -- drafts, refs and cycles -------------------------------------------------------------


def _findings(
    old: dict[str, bytes], new: dict[str, bytes], direction: Direction
) -> list[tuple[str, str, str]]:
    findings = CHECKER.check(CHECKER.load(old), CHECKER.load(new), direction)
    return [(f.rule, f.subject, f.message) for f in findings]


def _files(**docs: Any) -> dict[str, bytes]:
    return {
        name.replace("_", ".") + ".json": json.dumps(doc, indent=2).encode()
        for name, doc in docs.items()
    }


def test_refs_across_files_and_cycles() -> None:
    node: dict[str, Any] = {
        "type": "object",
        "properties": {"next": {"$ref": "Node.json"}, "v": {"type": "integer", "maximum": 9}},
    }
    old = _files(Node=node, Root={"$ref": "Node.json#"})
    narrowed = copy.deepcopy(node)
    narrowed["properties"]["v"]["maximum"] = 5
    new = _files(Node=narrowed, Root={"$ref": "Node.json#"})
    assert _findings(old, new, Direction.BACKWARD) == [
        ("json-maximum-decreased", "Node.json#/properties/v", "maximum changed from 9 to 5"),
    ]
    assert _findings(old, new, Direction.FORWARD) == []


def test_draft7_items_array_and_definitions() -> None:
    old: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "definitions": {"Id": {"type": "string"}},
        "type": "array",
        "items": [{"$ref": "#/definitions/Id"}, {"type": "integer"}],
        "additionalItems": False,
    }
    new = copy.deepcopy(old)
    new["definitions"]["Id"]["maxLength"] = 8
    assert _findings(_files(s=old), _files(s=new), Direction.BACKWARD) == [
        ("json-max-length-decreased", "s.json#/definitions/Id", "maxLength changed from none to 8"),
    ]


def test_nullable_spellings_agree() -> None:
    as_type = {"type": ["string", "null"]}
    as_one_of = {"oneOf": [{"type": "string"}, {"type": "null"}]}
    for direction in Direction:
        assert _findings(_files(s=as_type), _files(s=as_one_of), direction) == []


def test_openapi30_nullable() -> None:
    from stele.compat.jsonschema import compare_schemas, load_documents

    old = load_documents({"o.json": b'{"type": "string", "nullable": true}'}, openapi30=True)
    new = load_documents({"o.json": b'{"type": "string"}'}, openapi30=True)
    findings = compare_schemas(
        old.root("o.json"),
        new.root("o.json"),
        Direction.BACKWARD,
        old_resolver=old,
        new_resolver=new,
        subject_prefix="POST /orders request body",
    )
    assert [(f.rule, f.subject, str(f.old), str(f.new)) for f in findings] == [
        ("json-nullable-removed", "POST /orders request body", "o.json:1:1", "o.json:1:1"),
    ]


# -- the example project -----------------------------------------------------------------


def _example_schemas() -> dict[str, bytes]:
    root = ROOT / "codegen" / "jsonschema"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def test_example_project_schemas_are_compatible_with_themselves() -> None:
    files = _example_schemas()
    assert len(files) > 20
    for direction in Direction:
        assert CHECKER.check(CHECKER.load(files), CHECKER.load(files), direction) == []


def test_example_project_removed_required_field() -> None:
    files = _example_schemas()
    path = "food/common/Money.schema.json"
    money = json.loads(files[path])
    dropped = money["required"][-1]
    money["required"].remove(dropped)
    del money["properties"][dropped]
    changed = dict(files)
    changed[path] = (json.dumps(money, indent=2) + "\n").encode()
    old, new = CHECKER.load(files), CHECKER.load(changed)
    assert CHECKER.check(old, new, Direction.BACKWARD) == []
    forward = CHECKER.check(old, new, Direction.FORWARD)
    assert [(f.rule, f.subject, f.message) for f in forward] == [
        (
            "json-property-removed-from-open-model",
            f"{path}#/properties/{dropped}",
            f"property '{dropped}' removed; the new schema's open content model accepts any value for it",
        ),
        (
            "json-required-removed",
            f"{path}#/properties/{dropped}",
            f"property '{dropped}' is no longer required",
        ),
    ]
