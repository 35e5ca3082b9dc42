"""Time and peak memory of lint and generate on synthetic projects, per emitter.

    python benchmarks/bench_generate.py [--types 1000] [--fields 10] [--repeat 3]

Emitting (the artifacts) and validating (feeding them to protoc, fastavro, the metaschemas,
openapi-spec-validator) are timed apart: validation is done by the real consumers and dominates.
Figures are CPU seconds of this process (time.process_time), median of --repeat runs.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_project

from stele.emit.base import EmitContext
from stele.emit.registry import emitter, plan
from stele.source.config_reader import load_config
from stele.source.loader import load
from stele.workspace import open_workspace


def cpu(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times = []
    result = None
    for _ in range(repeat):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", type=int, default=1000)
    parser.add_argument("--fields", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_project(root, args.types, args.fields, packages=20)
        config = load_config(root / "stele.yaml")
        rows: list[tuple[str, float]] = []
        t, _ = cpu(lambda: load([root / "contracts"], root), args.repeat)
        rows.append(("load + lint", t))
        t, ws = cpu(lambda: open_workspace(config), args.repeat)
        rows.append(("load + lint + lock", t))
        produced: dict[str, bytes] = {}
        emit_total = validate_total = 0.0
        # GraphQL is an opt-in format: measured too, whatever the project lists.
        for name in plan((*config.options.formats, "graphql")):
            e = emitter(name)
            ctx = EmitContext(ws.project, config.options, dict(produced), ws.sources)  # type: ignore[attr-defined]
            t_emit, out = cpu(lambda e=e, ctx=ctx: e.emit(ctx), args.repeat)
            t_val, _ = cpu(lambda e=e, ctx=ctx, out=out: e.validate(ctx, out), 1)
            produced.update(out)  # type: ignore[arg-type]
            emit_total += t_emit
            validate_total += t_val
            rows.append((f"emit {name} ({len(out)} files)", t_emit))  # type: ignore[arg-type]
            rows.append((f"validate {name}", t_val))
        rows.append(("emit, all formats", emit_total))
        rows.append(("validate, all formats", validate_total))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"synthetic project: {args.types} record types x {args.fields} fields")
    print(f"{'step':45} {'CPU s':>8}")
    for label, seconds in rows:
        print(f"{label:45} {seconds:8.3f}")
    print(f"{'peak memory (max RSS, MiB)':45} {peak:8.1f}")


if __name__ == "__main__":
    main()
