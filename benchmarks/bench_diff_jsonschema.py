"""Benchmark: `stele diff` on JSON Schema trees, unions and reference chains.

Three generated cases, each compared old against new in process, CPU seconds printed:

- a tree of 500 draft-04 files referring to each other by relative path, resolved against their
  `id`s with `referencing`, each with a `maxLength` behind a `#name` anchor, narrowed in all;
- an `anyOf` of 400 branches without a discriminator (string enums, patterns, integer ranges,
  objects), reordered in the new schema with one enum value moved to a pattern branch: each
  branch is paired by what it accepts;
- a chain of 5,000 definitions each referring to the next, refused with D014 at the depth limit.

Run with `python benchmarks/bench_diff_jsonschema.py`.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from stele.compat.jsonschema import CHECKER
from stele.compat.model import Direction
from stele.diagnostics import SteleError

FILES = 500
BRANCHES = 400
CHAIN = 5_000


def tree(max_length: int) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for i in range(FILES):
        props: dict[str, Any] = {"name": {"type": "string"}, "code": {"$ref": "#code"}}
        for child in (2 * i + 1, 2 * i + 2):  # a binary tree of files, 9 levels deep
            if child < FILES:
                props[f"c{child}"] = {"$ref": f"../g{child // 50}/s{child}.json"}
        schema = {
            "$schema": "http://json-schema.org/draft-04/schema#",
            "id": f"https://example.com/g{i // 50}/s{i}.json",
            "type": "object",
            "properties": props,
            "definitions": {"code": {"id": "#code", "type": "string", "maxLength": max_length}},
        }
        files[f"g{i // 50}/s{i}.json"] = json.dumps(schema).encode()
    return files


def tree_pair() -> tuple[dict[str, bytes], dict[str, bytes]]:
    return tree(10), tree(5)


def union_pair() -> tuple[dict[str, bytes], dict[str, bytes]]:
    return union(False), union(True)


def chain_pair() -> tuple[dict[str, bytes], dict[str, bytes]]:
    return chain(), chain()


def union(moved: bool) -> dict[str, bytes]:
    rng = random.Random(15)
    branches: list[dict[str, Any]] = []
    for i in range(BRANCHES):
        kind = i % 4
        if kind == 0:
            values = [f"v{i}_{j}" for j in range(5)]
            branches.append({"type": "string", "enum": values[:4] if moved else values})
        elif kind == 1:
            branches.append({"type": "string", "pattern": f"^p{i}_[a-z0-9_]+$"})
        elif kind == 2:
            branches.append({"type": "integer", "minimum": i * 10, "maximum": i * 10 + 9})
        else:
            branches.append({"type": "object", "properties": {f"f{i}": {"type": "string"}}})
    if moved:
        branches.append({"type": "string", "pattern": "^v[0-9]+_4$"})
        rng.shuffle(branches)
    return {"u.json": json.dumps({"anyOf": branches}).encode()}


def chain() -> dict[str, bytes]:
    defs = {f"d{i}": {"properties": {"x": {"$ref": f"#/$defs/d{i + 1}"}}} for i in range(CHAIN)}
    defs[f"d{CHAIN}"] = {"type": "string"}
    return {"c.json": json.dumps({"$defs": defs, "$ref": "#/$defs/d0"}).encode()}


def run(old: dict[str, bytes], new: dict[str, bytes]) -> str:
    try:
        findings = CHECKER.check(CHECKER.load(old), CHECKER.load(new), Direction.BACKWARD)
    except SteleError as exc:
        return ", ".join(sorted({d.code for d in exc.diagnostics}))
    return f"{len(findings)} findings"


def measure(label: str, make: Callable[[], tuple[dict[str, bytes], dict[str, bytes]]]) -> None:
    old, new = make()
    start = time.process_time()
    outcome = run(old, new)
    seconds = time.process_time() - start
    print(f"{label:<58} {seconds:7.2f} s CPU   {outcome}")


def main() -> int:
    measure(
        f"tree of {FILES} draft-04 files, refs by path, id and anchor", lambda: (tree(10), tree(5))
    )
    measure(
        f"anyOf of {BRANCHES} branches, reordered, a value moved",
        lambda: (union(False), union(True)),
    )
    measure(
        f"chain of {CHAIN} definitions (refused at the depth limit)", lambda: (chain(), chain())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
