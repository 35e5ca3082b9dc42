"""Where the pydantic models' time goes: datamodel-code-generator on the scale project's bundle.

    python benchmarks/bench_python_models.py [--models 1000] [--repeat 3] [--no-profile]

Builds the project of bench_scale.py (`synthetic.write_project`, a fifth of the fields references),
makes the one JSON Schema bundle that `stele.emit.python_models` feeds the generator, and prints,
in CPU seconds of this process: the bundle, the generator's first run on a one-field schema (its
lazy imports), the generator on the bundle (median of `--repeat` runs, per field), and, from one
run under cProfile, the share of the generator's passes and the functions with the most own time
(the profiler roughly doubles every figure; the shares are what it is for).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_project

from stele.config import Options
from stele.emit import python_models
from stele.emit.base import EmitContext
from stele.source.loader import load_project

# The generator's passes, as (label, "file:line(function)" suffix of cProfile's key).
PASSES = (
    ("parse the schema into models", "parser/jsonschema.py", "parse_raw"),
    ("module structure, unique names", "parser/_passes/structure.py", "build_structure"),
    ("per-module processing", "parser/_passes/modules.py", "process_each_module"),
    ("render the modules", "parser/_passes/imports.py", "render"),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_project(root, args.models, 10, 20, refs=0.2, enums=50, rpcs=100, rest=100)
        project = load_project(sorted((root / "contracts").glob("*.yaml")), root)
    ctx = EmitContext(project, Options(), {}, {})
    start = time.process_time()
    document = python_models.bundle(ctx)
    bundled = time.process_time() - start
    defs = document["$defs"]
    fields = sum(len(d.get("properties", {})) for d in defs.values())
    start = time.process_time()
    python_models._run_generator(
        {"$defs": {"a.B": {"type": "object", "properties": {"x": {"type": "integer"}}}}}
    )
    first = time.process_time() - start
    runs = []
    for _ in range(args.repeat):
        start = time.process_time()
        python_models._run_generator(document)
        runs.append(time.process_time() - start)
    generator = statistics.median(runs)
    print(f"{args.models} models: {len(defs)} schema definitions, {fields} fields")
    print(f"bundle                    {bundled:6.2f} s")
    print(f"generator's first run     {first:6.2f} s (its imports)")
    print(
        f"generator on the bundle   {generator:6.2f} s ({generator / fields * 1000:.2f} ms/field)"
    )
    if args.no_profile:
        return
    profile = cProfile.Profile()
    profile.enable()
    python_models._run_generator(document)
    profile.disable()
    stats = pstats.Stats(profile)
    entries = stats.stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, _, ct, _) in entries.values())
    print(f"under cProfile            {total:6.2f} s; share of each pass:")
    for label, file, function in PASSES:
        cum = max(
            (v[3] for k, v in entries.items() if k[0].endswith(file) and k[2] == function),
            default=0.0,
        )
        print(f"  {label:32} {cum / total:5.0%}")
    print("largest own time:")
    own = sorted(entries.items(), key=lambda kv: kv[1][2], reverse=True)[:8]
    for (file, line, function), (_, calls, tottime, _, _) in own:
        where = f"{Path(file).name}:{line}({function})"
        print(f"  {tottime / total:5.1%} {calls:>9} calls  {where}")


if __name__ == "__main__":
    main()
