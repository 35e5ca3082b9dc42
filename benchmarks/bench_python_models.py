"""The pydantic models of the scale project: stele's writer, and datamodel-code-generator for reference.

    python benchmarks/bench_python_models.py [--models 1000] [--repeat 3] [--no-reference]

Builds the project of bench_scale.py (`synthetic.write_project`, a fifth of the fields references)
and prints, in CPU seconds of this process (median of `--repeat` runs): stele's writer
(`stele.emit.python_models_writer.write_modules`, the modules `generate` writes), and, unless
`--no-reference`, datamodel-code-generator on the one bundled JSON Schema that stele used to feed
it (`stele.emit.python_models_dcg`: the bundle, the generator's first run on a one-field schema,
which is its lazy imports, then the bundle), and whether both wrote the same modules (SHA-256 of
all of them).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_project

from stele.config import Options
from stele.emit import python_models_dcg
from stele.emit.base import EmitContext
from stele.emit.python_models_writer import write_modules
from stele.source.loader import load_project


def cpu(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """Median CPU seconds of `repeat` runs, and the last run's result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.process_time()
        result = run()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def digest(modules: dict[tuple[str, ...], str]) -> str:
    h = hashlib.sha256()
    for module, code in sorted(modules.items()):
        h.update("/".join(module).encode() + b"\0" + code.rstrip().encode() + b"\0")
    return h.hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-reference", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_project(root, args.models, 10, 20, refs=0.2, enums=50, rpcs=100, rest=100)
        project = load_project(sorted((root / "contracts").glob("*.yaml")), root)
    fields = sum(len(getattr(t, "fields", ())) for t in project.types.values())
    print(f"{args.models} models: {len(project.types)} types, {fields} fields")
    writer, written = cpu(args.repeat, lambda: write_modules(project, Options()))
    print(f"stele's writer            {writer:6.3f} s ({writer / fields * 1e6:.1f} us/field)")
    if args.no_reference:
        return
    ctx = EmitContext(project, Options(), {}, {})
    bundled, document = cpu(1, lambda: python_models_dcg.bundle(ctx))
    one = {"$defs": {"a.B": {"type": "object", "properties": {"x": {"type": "integer"}}}}}
    first, _ = cpu(1, lambda: python_models_dcg.run_generator(one))
    generator, _ = cpu(args.repeat, lambda: python_models_dcg.run_generator(document))
    reference = python_models_dcg.generate_modules(ctx)
    print(f"reference: bundle         {bundled:6.3f} s")
    print(f"reference: first run      {first:6.3f} s (the generator's imports)")
    print(f"reference: generator      {generator:6.3f} s ({generator / fields * 1e6:.1f} us/field)")
    same = digest(written) == digest(reference)
    print(f"same modules              {'yes' if same else 'NO'} ({digest(written)})")


if __name__ == "__main__":
    main()
