"""Benchmark: `stele diff` on a pair of ~4 MB OpenAPI 3.0 JSON specs shaped like Stripe's.

No such spec ships with stele, so the benchmark generates one: about 400 paths (list, create,
retrieve, update, delete of ~100 resources plus nested collections), about 600 component schemas
whose properties `$ref` each other in deep chains (objects expandable into other objects, as
Stripe's `anyOf: [string, $ref]` expansions), big string enums, long descriptions, and one shared
`default` error response that every operation references. The changed copy carries a dozen edits,
among them one to the shared error schema (reached by every operation).

Each run is a subprocess (`stele diff old.json new.json --format openapi --output json`); the
benchmark prints its CPU seconds (user + system of the child) and peak RSS
(`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`: the largest child so far), and how many
findings it reported. Two shapes: acyclic chains, and the same with `$ref` cycles between
components (Stripe's objects refer back to each other). Target (issue 15): at most 10 s CPU and 300 MB.

Run with `python benchmarks/bench_diff_openapi.py [--keep DIR] [--runs N]`.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

RESOURCES = 100
SCHEMAS = 600
ENUM_SIZE = 40
SEED = 15
TARGET_CPU = 10.0
TARGET_RSS_MB = 300

_TEXT = (
    "the object represents a charge customer payment intent balance transaction invoice "
    "subscription account refund dispute payout transfer amount currency status metadata "
    "created livemode description identifier unique expand returned when requested field "
    "value set to null if not applicable see documentation for details about this resource"
)
_WORDS = _TEXT.split(" ")


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(count)).capitalize() + "."


def schema(rng: random.Random, index: int, cyclic: bool = False) -> dict[str, Any]:
    """A component schema: scalars, an enum, metadata, and references to later schemas (with
    `cyclic`, its third expandable object points anywhere, earlier ones included: `$ref`
    cycles between components, as Stripe's objects refer back to each other)."""
    props: dict[str, Any] = {
        "id": {"type": "string", "description": words(rng, 12), "maxLength": 5000},
        "object": {"type": "string", "enum": [f"object_{index}"], "description": words(rng, 8)},
        "created": {"type": "integer", "format": "unix-time", "description": words(rng, 10)},
        "livemode": {"type": "boolean", "description": words(rng, 14)},
        "amount": {"type": "integer", "description": words(rng, 30)},
        "currency": {"type": "string", "description": words(rng, 20), "format": "currency"},
        "status": {
            "type": "string",
            "enum": [f"status_{index}_{v}" for v in range(ENUM_SIZE)],
            "description": words(rng, 25),
        },
        "metadata": {
            "type": "object",
            "additionalProperties": {"type": "string", "maxLength": 500},
            "description": words(rng, 40),
            "nullable": True,
        },
        "description": {"type": "string", "nullable": True, "maxLength": 5000},
    }
    for hop in range(1, 4):  # deep reference chains: each schema reaches later ones
        target = index + hop * 7
        if cyclic and hop == 3:
            target = (index * 7 + 13) % SCHEMAS
        if target < SCHEMAS and target != index:
            props[f"related_{hop}"] = {
                "anyOf": [
                    {"type": "string", "maxLength": 5000},
                    {"$ref": f"#/components/schemas/schema_{target}"},
                ],
                "description": words(rng, 15),
                "nullable": True,
                "x-expansionResources": {
                    "oneOf": [{"$ref": f"#/components/schemas/schema_{target}"}]
                },
            }
    if index + 1 < SCHEMAS:
        props["items"] = {
            "type": "array",
            "items": {"$ref": f"#/components/schemas/schema_{index + 1}"},
            "description": words(rng, 10),
        }
    return {
        "type": "object",
        "title": f"Schema{index}",
        "description": words(rng, 60),
        "properties": props,
        "required": ["id", "object", "created", "livemode"],
        "x-resourceId": f"schema_{index}",
    }


def error_schema(rng: random.Random) -> dict[str, Any]:
    return {
        "type": "object",
        "description": words(rng, 30),
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "maxLength": 5000},
                    "message": {"type": "string", "maxLength": 40000},
                    "param": {"type": "string", "maxLength": 5000},
                    "type": {
                        "type": "string",
                        "enum": [
                            "api_error",
                            "card_error",
                            "idempotency_error",
                            "invalid_request_error",
                        ],
                    },
                },
                "required": ["type"],
            }
        },
        "required": ["error"],
    }


def operation(
    rng: random.Random, op_id: str, body: str, params: list[dict[str, Any]]
) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{body}"}
    return {
        "operationId": op_id,
        "summary": words(rng, 6),
        "description": words(rng, 50),
        "parameters": params,
        "responses": {
            "200": {
                "description": "Successful response.",
                "content": {"application/json": {"schema": ref}},
            },
            "default": {"$ref": "#/components/responses/default"},
        },
    }


def expand_param() -> dict[str, Any]:
    return {
        "name": "expand",
        "in": "query",
        "required": False,
        "style": "deepObject",
        "explode": True,
        "schema": {"type": "array", "items": {"type": "string", "maxLength": 5000}},
    }


def spec(cyclic: bool = False) -> dict[str, Any]:
    rng = random.Random(SEED)
    schemas = {f"schema_{i}": schema(rng, i, cyclic) for i in range(SCHEMAS)}
    schemas["error"] = error_schema(rng)
    paths: dict[str, Any] = {}
    for r in range(RESOURCES):
        name = f"resource_{r}"
        target = f"schema_{r * (SCHEMAS // RESOURCES)}"
        id_param = {
            "name": "id",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "maxLength": 5000},
        }
        limit = {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}
        create = operation(rng, f"Post{name}", target, [])
        create["requestBody"] = {
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "amount": {"type": "integer"},
                            "currency": {"type": "string", "maxLength": 3},
                            "metadata": {
                                "$ref": f"#/components/schemas/{target}/properties/metadata"
                            },
                            "description": {"type": "string", "maxLength": 5000},
                        },
                        "required": ["amount"],
                    }
                }
            },
            "required": True,
        }
        paths[f"/v1/{name}s"] = {
            "get": operation(rng, f"Get{name}s", target, [expand_param(), limit]),
            "post": create,
        }
        paths[f"/v1/{name}s/{{id}}"] = {
            "get": operation(rng, f"Get{name}", target, [expand_param(), id_param]),
            "post": operation(rng, f"Update{name}", target, [id_param]),
            "delete": operation(rng, f"Delete{name}", target, [id_param]),
        }
        for sub in range(2):
            nested = f"schema_{(r * 6 + sub + 1) % SCHEMAS}"
            paths[f"/v1/{name}s/{{id}}/child_{sub}"] = {
                "get": operation(rng, f"Get{name}Child{sub}", nested, [id_param, limit]),
            }
    return {
        "openapi": "3.0.0",
        "info": {"title": "Synthetic payments API", "version": "2024-01-01"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "default": {
                    "description": "Error response.",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/error"}}
                    },
                }
            },
        },
    }


def edited(doc: dict[str, Any]) -> dict[str, Any]:
    """A dozen edits, one of them to the shared error schema every operation reaches."""
    new = json.loads(json.dumps(doc))
    schemas = new["components"]["schemas"]
    error = schemas["error"]["properties"]["error"]
    error["properties"]["type"]["enum"].append("rate_limit_error")  # every operation
    error["required"].append("code")
    del schemas["schema_5"]["properties"]["amount"]
    schemas["schema_12"]["properties"]["status"]["enum"].pop()
    schemas[f"schema_{SCHEMAS // 15}"]["properties"]["currency"]["maxLength"] = 3
    schemas[f"schema_{SCHEMAS // 8}"]["required"].remove("livemode")
    schemas[f"schema_{SCHEMAS // 2}"]["properties"]["created"]["type"] = "string"
    paths = new["paths"]
    paths["/v1/resource_3s"]["get"]["parameters"][1]["required"] = True
    paths["/v1/resource_4s"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"][
        "schema"
    ]["required"].append("currency")
    del paths["/v1/resource_9s/{id}"]["delete"]
    paths["/v1/resource_10s/{id}"]["get"]["deprecated"] = True
    del paths["/v1/resource_11s/{id}/child_1"]
    return new


def measure(old: Path, new: Path) -> tuple[float, float, int]:
    """CPU seconds and peak RSS (MB) of one `stele diff` subprocess, and its finding count."""
    stele = Path(sys.executable).with_name("stele")
    command = [str(stele), "diff", str(old), str(new), "--format", "openapi", "--output", "json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"stele diff failed ({done.returncode}): {done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    findings = len(json.loads(done.stdout)["findings"])
    return cpu, after.ru_maxrss / 1024, findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="write the two specs here and keep them")
    parser.add_argument("--runs", type=int, default=1, help="runs (the peak RSS is the maximum)")
    args = parser.parse_args()
    met = True
    for cyclic in (False, True):
        with tempfile.TemporaryDirectory() as tmp:
            folder = (args.keep / ("cyclic" if cyclic else "acyclic")) if args.keep else Path(tmp)
            met &= run(folder, cyclic, args.runs)
    print(f"target: {TARGET_CPU:.0f} s CPU, {TARGET_RSS_MB} MB ({'met' if met else 'NOT met'})")
    return 0


def run(folder: Path, cyclic: bool, runs: int) -> bool:
    """Write one spec pair, diff it `runs` times, print the best CPU time; whether it met."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = spec(cyclic)
    old, new = folder / "old.json", folder / "new.json"
    old.write_text(json.dumps(doc, indent=2))
    new.write_text(json.dumps(edited(doc), indent=2))
    size = old.stat().st_size / 1e6
    shape = "with $ref cycles" if cyclic else "acyclic"
    print(
        f"spec ({shape}): {size:.1f} MB, {len(doc['paths'])} paths, "
        f"{len(doc['components']['schemas'])} component schemas"
    )
    cpus = []
    for _ in range(runs):
        cpu, rss, findings = measure(old, new)
        cpus.append(cpu)
    best = min(cpus)
    print(
        f"{'stele diff --format openapi':<32}{best:>8.2f} s CPU{rss:>10.0f} MB peak RSS"
        f"{findings:>8} findings"
    )
    return best <= TARGET_CPU and rss <= TARGET_RSS_MB


if __name__ == "__main__":
    sys.exit(main())
