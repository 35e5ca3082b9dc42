"""A generator of synthetic contract projects with size parameters, for benchmarks.

    python benchmarks/synthetic.py OUT_DIR --types 1000 --fields 10 --packages 20

writes OUT_DIR/stele.yaml and OUT_DIR/contracts/pkgN.yaml. The output is deterministic: the same
parameters give the same files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SCALARS = ("bool", "int32", "int64", "float64", "string", "bytes", "uuid", "date", "timestamp")
EXAMPLE = {
    "bool": "true",
    "int32": "42",
    "int64": "1234567890123",
    "float64": "2.5",
    "string": "some text",
    "bytes": "AAEC",
    "uuid": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11",
    "date": "2026-11-25",
    "timestamp": "'2026-11-25T12:30:00Z'",
}


def write_project(out: Path, types: int, fields: int, packages: int, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    contracts = out / "contracts"
    contracts.mkdir(parents=True, exist_ok=True)
    (out / "stele.yaml").write_text(
        "sources: [contracts]\noutput: codegen\nbaseline: compat\nlock: compat/stele.lock\n"
    )
    per_package = max(1, types // packages)
    written = []
    for p in range(packages):
        lines = [f"package: synth.pkg{p}", "types:"]
        first = p * per_package
        last = types if p == packages - 1 else min(types, first + per_package)
        lines += [f"  State{p}:", "    enum: [NEW, ACTIVE, CLOSED]", "    default: NEW"]
        for t in range(first, last):
            lines += [f"  Record{t}:", f"    doc: Synthetic record {t}.", "    fields:"]
            example = []
            for f in range(fields):
                kind = rng.random()
                name = f"field_{f}"
                if kind < 0.08 and t > first:
                    lines.append(f"      {name}: Record{rng.randrange(first, t)}?")
                elif kind < 0.15:
                    lines.append(f"      {name}: list<string>")
                    example.append(f"{name}: [a, b]")
                elif kind < 0.2:
                    lines.append(f"      {name}: State{p}")
                    example.append(f"{name}: ACTIVE")
                elif kind < 0.3:
                    scalar = rng.choice(SCALARS)
                    lines.append(f"      {name}: {scalar}?")
                else:
                    scalar = rng.choice(SCALARS)
                    lines.append(f"      {name}: {scalar}")
                    example.append(f"{name}: {EXAMPLE[scalar]}")
            if t % 10 == 0:
                lines += ["    examples:", "      - {" + ", ".join(example) + "}"]
        lines.append("messages:")
        for t in range(first, min(last, first + 5)):
            lines += [f"  Record{t}Changed:", "    kind: event", f"    body: Record{t}"]
        lines += [
            "channels:",
            f"  pkg{p}-events:",
            "    style: publish-subscribe",
            f"    owner: Service{p}",
            f"    messages: [{', '.join(f'Record{t}Changed' for t in range(first, min(last, first + 5)))}]",
            "services:",
            f"  Service{p}:",
            "    operations:",
            "      Publish:",
            "        style: publish-subscribe",
            "        role: send",
            f"        message: Record{first}Changed",
            f"        channel: pkg{p}-events",
        ]
        path = contracts / f"pkg{p}.yaml"
        path.write_text("\n".join(lines) + "\n")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--types", type=int, default=1000)
    parser.add_argument("--fields", type=int, default=10)
    parser.add_argument("--packages", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = write_project(args.out, args.types, args.fields, args.packages, args.seed)
    print(f"wrote {len(files)} contract files to {args.out}")


if __name__ == "__main__":
    main()
