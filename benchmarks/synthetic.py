"""A generator of synthetic contract projects with size parameters, for benchmarks.

    python benchmarks/synthetic.py OUT_DIR --types 1000 --fields 10 --packages 20

writes OUT_DIR/stele.yaml and OUT_DIR/contracts/pkgN.yaml. The output is deterministic: the same
parameters give the same files.

The keyword options make the project of the scale benchmark (bench_scale.py, issue "generation at
scale"): `refs=0.2` makes a fifth of the fields references to an earlier record of any package,
`enums=50` spreads 50 enums over the packages, `rpcs=100` and `rest=100` add gRPC-only and
HTTP-bound request/response operations. Their defaults keep the project the other benchmarks use.
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


def write_project(
    out: Path,
    types: int,
    fields: int,
    packages: int,
    seed: int = 1,
    *,
    refs: float | None = None,
    enums: int | None = None,
    rpcs: int = 0,
    rest: int = 0,
) -> list[Path]:
    """The project's files. `refs`: the share of fields that reference an earlier record of any
    package (default: 8 % within the package); `enums`: enums in all (default one per package);
    `rpcs`/`rest`: request/response operations without and with an HTTP binding."""
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
        states = [p] if enums is None else list(range(p, enums, packages)) or [p]
        for e in states:
            lines += [f"  State{e}:", "    enum: [NEW, ACTIVE, CLOSED]", "    default: NEW"]
        for t in range(first, last):
            lines += [f"  Record{t}:", f"    doc: Synthetic record {t}.", "    fields:"]
            example = []
            for f in range(fields):
                kind = rng.random()
                name = f"field_{f}"
                if refs is not None:
                    if kind < refs and t > 0:
                        target = rng.randrange(0, t)
                        owner = min(target // per_package, packages - 1)
                        qual = "" if owner == p else f"synth.pkg{owner}."
                        lines.append(f"      {name}: {qual}Record{target}?")
                        continue
                    kind = 0.08 + (kind - refs) * 0.92 / (1 - refs)  # the rest as before
                if kind < 0.08 and t > first and refs is None:
                    lines.append(f"      {name}: Record{rng.randrange(first, t)}?")
                elif kind < 0.15:
                    lines.append(f"      {name}: list<string>")
                    example.append(f"{name}: [a, b]")
                elif kind < 0.2:
                    lines.append(f"      {name}: State{rng.choice(states)}")
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
        owned = list(range(first, last))
        for i in range(rpcs // packages + (p < rpcs % packages)):
            req, resp = owned[i % len(owned)], owned[(i + 1) % len(owned)]
            lines += [
                f"      Call{i}:",
                "        style: request-response",
                f"        request: Record{req}",
                f"        response: Record{resp}",
            ]
        for i in range(rest // packages + (p < rest % packages)):
            req, resp = owned[(i + 2) % len(owned)], owned[(i + 3) % len(owned)]
            method = ("POST", "PUT", "PATCH")[i % 3]
            lines += [
                f"      Rest{i}:",
                "        style: request-response",
                f"        request: Record{req}",
                f"        response: Record{resp}",
                f"        http: {{method: {method}, path: /pkg{p}/things{i}}}",
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
    parser.add_argument("--refs", type=float, default=None)
    parser.add_argument("--enums", type=int, default=None)
    parser.add_argument("--rpcs", type=int, default=0)
    parser.add_argument("--rest", type=int, default=0)
    args = parser.parse_args()
    files = write_project(
        args.out,
        args.types,
        args.fields,
        args.packages,
        args.seed,
        refs=args.refs,
        enums=args.enums,
        rpcs=args.rpcs,
        rest=args.rest,
    )
    print(f"wrote {len(files)} contract files to {args.out}")


if __name__ == "__main__":
    main()
