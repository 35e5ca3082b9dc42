"""Benchmark: the encoding layer against the codecs used directly, on a synthetic project.

For every record type of a synthetic project (see synthetic.py), one generated value. Per format,
encode and decode throughput (messages and megabytes per second, median of RUNS) through
`stele.encode` (canonical value -> bytes -> canonical value), and through the library directly
on values already in its own form (a protobuf message object, fastavro's Python values, the
JSON/MessagePack/CBOR document). The difference is the layer's cost: the conversion from and to
the canonical form. Run with `python benchmarks/bench_encode.py [--types N]`.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_project

RUNS = 5


def timed(operation: Callable[[], object]) -> float:
    """Median seconds of one call of `operation` (which loops over every value)."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        operation()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def direct_codecs(codecs: Any, values: list[tuple[str, Any]]) -> dict[str, Any]:
    """Per format: (encode all, decode all) working on the library's own value form."""
    import cbor2
    import fastavro
    import msgpack

    from stele.emit.avro_values import to_avro_value
    from stele.ir import Ref

    project = codecs.project
    proto = codecs["protobuf"]
    messages = [proto.values.to_message(name, v) for name, v in values]
    proto_bytes = [m.SerializeToString() for m in messages]
    classes = [proto.values.message_class(name) for name, _ in values]
    avro = codecs["avro"]
    schemas = [avro.parsed_schema(name) for name, _ in values]
    avro_values = [to_avro_value(project, Ref(name), v) for name, v in values]

    def avro_write() -> list[bytes]:
        out = []
        for schema, record in zip(schemas, avro_values, strict=True):
            buffer = io.BytesIO()
            fastavro.schemaless_writer(buffer, schema, record)
            out.append(buffer.getvalue())
        return out

    avro_bytes = avro_write()
    docs = [v for _, v in values]
    json_bytes = [json.dumps(d, separators=(",", ":"), ensure_ascii=False).encode() for d in docs]
    packed = [msgpack.packb(d, use_bin_type=True) for d in docs]
    cbored = [cbor2.dumps(d) for d in docs]
    return {
        "json": (
            lambda: [
                json.dumps(d, separators=(",", ":"), ensure_ascii=False).encode() for d in docs
            ],
            lambda: [json.loads(b) for b in json_bytes],
        ),
        "protobuf": (
            lambda: [m.SerializeToString() for m in messages],
            lambda: [c.FromString(b) for c, b in zip(classes, proto_bytes, strict=True)],
        ),
        "avro": (
            avro_write,
            lambda: [
                fastavro.schemaless_reader(io.BytesIO(b), s, None)
                for s, b in zip(schemas, avro_bytes, strict=True)
            ],
        ),
        "msgpack": (
            lambda: [msgpack.packb(d, use_bin_type=True) for d in docs],
            lambda: [msgpack.unpackb(b, raw=False) for b in packed],
        ),
        "cbor": (lambda: [cbor2.dumps(d) for d in docs], lambda: [cbor2.loads(b) for b in cbored]),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", type=int, default=200)
    args = parser.parse_args()

    from stele.config import load_config
    from stele.encode import Codecs, generate_value
    from stele.ir import Record, Ref
    from stele.workspace import open_workspace

    with tempfile.TemporaryDirectory() as tmp:
        write_project(Path(tmp), args.types, 10, max(1, args.types // 50))
        ws = open_workspace(load_config(Path(tmp) / "stele.yaml"))
    codecs = Codecs.from_workspace(ws)
    rng = random.Random(1)
    values = [
        (name, generate_value(ws.project, Ref(name), rng))
        for name, t in ws.project.types.items()
        if isinstance(t, Record)
    ]
    direct = direct_codecs(codecs, values)
    print(f"{len(values)} values, one per record type; median of {RUNS} runs (local measurement)")
    header = f"{'format':10} {'bytes':>9}  {'layer enc/s':>12} {'direct enc/s':>12}"
    header += f" {'layer dec/s':>12} {'direct dec/s':>12}  overhead enc / dec"
    print(header)
    for fmt in ("json", "protobuf", "avro", "msgpack", "cbor"):
        if fmt not in codecs.by_format:
            continue
        codec = codecs[fmt]
        encoded = [codec.encode(name, v) for name, v in values]
        size = sum(len(b) for b in encoded)
        pairs = list(zip([n for n, _ in values], encoded, strict=True))
        layer_enc = timed(lambda c=codec: [c.encode(n, v) for n, v in values])
        layer_dec = timed(lambda c=codec, p=pairs: [c.decode(n, b) for n, b in p])
        direct_enc, direct_dec = (timed(op) for op in direct[fmt])
        n = len(values)
        print(
            f"{fmt:10} {size:>9}  {n / layer_enc:>12,.0f} {n / direct_enc:>12,.0f}"
            f" {n / layer_dec:>12,.0f} {n / direct_dec:>12,.0f}"
            f"  x{layer_enc / direct_enc:.1f} / x{layer_dec / direct_dec:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
