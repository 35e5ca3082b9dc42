"""`make bench`: every benchmark, one after the other, printing their tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHMARKS = [
    ("CLI start-up and lint", ["bench_startup.py"]),
    ("lint and generate, 1,000 record types", ["bench_generate.py", "--types", "1000"]),
    (
        "lint and generate, 10,000 record types",
        ["bench_generate.py", "--types", "10000", "--repeat", "1"],
    ),
    ("generation at scale: cold, everything, warm, growth, Avro bytes", ["bench_scale.py"]),
    (
        "pydantic models of 1,000 types: stele's writer and datamodel-code-generator",
        ["bench_python_models.py"],
    ),
    ("encoding layer vs codecs", ["bench_encode.py"]),
    ("stele diff vs buf breaking", ["bench_diff_protobuf.py"]),
    ("stele diff, Avro unions of 1,000 and 10,000 records", ["bench_diff_avro_union.py"]),
    ("stele diff, a 4 MB OpenAPI spec shaped like Stripe's", ["bench_diff_openapi.py"]),
    (
        "stele diff, JSON Schema: a 500-file tree, a 400-branch anyOf, a ref chain",
        ["bench_diff_jsonschema.py"],
    ),
    ("contract diff and judges, 1,000 record types", ["bench_contract_judges.py"]),
    ("stele check against the last release, 1,000 record types", ["bench_check.py"]),
    ("Avro output size, 1,000 models with 20 % references", ["bench_avro_size.py"]),
    ("release workflow: lint's folded infos, release --next, size baseline", ["bench_release.py"]),
    ("stele import, a 1,000-message Protobuf tree", ["bench_import.py"]),
    ("stele docs, the catalogue site of 1,000 record types", ["bench_docs.py"]),
    ("stele test broker: messages judged per second, per encoding", ["bench_broker.py"]),
]


def main() -> int:
    failed = 0
    for title, args in BENCHMARKS:
        script = HERE / args[0]
        print(f"\n== {title} ==", flush=True)
        if not script.exists():
            print(f"(skipped: {args[0]} is not there yet)")
            continue
        failed |= subprocess.run([sys.executable, str(script), *args[1:]], check=False).returncode
    return failed


if __name__ == "__main__":
    sys.exit(main())
