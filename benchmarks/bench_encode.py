"""Benchmark: the encoding layer against the codecs used directly, on a synthetic project.

For every record type of a synthetic project (see synthetic.py), one generated value. Per format,
encode and decode throughput (messages and megabytes per second, median of RUNS) through
`stele.encode` (canonical value -> bytes -> canonical value), and through the library directly
on values already in its own form (a protobuf message object, fastavro's Python values, the
JSON/MessagePack/CBOR document). The difference is the layer's cost: the conversion from and to
the canonical form.

For Protobuf, "direct" leaves out what a user of the library would have to do anyway: build the
message. The "+dict" columns add it: `json_format.ParseDict` of the Protobuf JSON form of the
value then `SerializeToString`, and `FromString` then `json_format.MessageToDict`. The other
libraries take and give dicts already, so they have no such column ("-").

Run with `python benchmarks/bench_encode.py [--types N]`.
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


def proto_json(project: Any, t: Any, value: Any) -> Any:
    """The Protobuf JSON mapping of a canonical value (what json_format.ParseDict reads)."""
    from stele.ir import Enum, ListOf, MapOf, Ref, Scalar, Union
    from stele.mapping.artifacts import enum_prefix
    from stele.mapping.canonical_text import parse_duration

    if isinstance(t, ListOf):
        return [proto_json(project, t.item, v) for v in value]
    if isinstance(t, MapOf):
        return {k: proto_json(project, t.value, v) for k, v in value.items()}
    if isinstance(t, Scalar) and t.name == "duration":
        micros = parse_duration(value)
        return f"{'-' if micros < 0 else ''}{abs(micros) // 10**6}.{abs(micros) % 10**6:06d}s"
    if not isinstance(t, Ref):
        return value
    named = project.types[t.name]
    if isinstance(named, Enum):
        return f"{enum_prefix(named.short_name)}_{value}"
    if isinstance(named, Union):
        variant = next(v for v in named.variants if v.name == value[named.discriminator])
        rest = {k: v for k, v in value.items() if k != named.discriminator}
        return {variant.name: proto_json(project, variant.type, rest)}
    out = {}
    for f in named.fields:
        if f.name in value:
            out[f.name] = proto_json(project, f.type, value[f.name])
        elif f.has_default and not f.optional:
            out[f.name] = proto_json(project, f.type, f.default)
    return out


def proto_with_dicts(codecs: Any, values: list[tuple[str, Any]]) -> tuple[Any, Any]:
    """Protobuf used directly from and to dicts: (encode all, decode all)."""
    from google.protobuf import json_format

    from stele.ir import Ref

    proto = codecs["protobuf"]
    classes = [proto.values.message_class(name) for name, _ in values]
    docs = [proto_json(codecs.project, Ref(name), v) for name, v in values]
    data = [proto.encode(name, v) for name, v in values]

    def encode() -> list[bytes]:
        return [
            json_format.ParseDict(d, c()).SerializeToString()
            for c, d in zip(classes, docs, strict=True)
        ]

    def decode() -> list[Any]:
        return [
            json_format.MessageToDict(c.FromString(b), preserving_proto_field_name=True)
            for c, b in zip(classes, data, strict=True)
        ]

    return encode, decode


def direct_codecs(codecs: Any, values: list[tuple[str, Any]]) -> dict[str, Any]:
    """Per format: (encode all, decode all) working on the library's own value form."""
    import cbor2
    import fastavro
    import msgpack

    from stele.ir import Ref
    from stele.mapping.avro_values import to_avro_value

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


def _rate(n: int, seconds: tuple[float, ...] | None, which: int) -> str:
    return f"{'-':>7}" if seconds is None else f"{n / seconds[which]:>7,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--types", type=int, default=200)
    args = parser.parse_args()

    from stele.encode import Codecs, generate_value
    from stele.ir import Record, Ref
    from stele.source.config_reader import load_config
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
    with_dicts = {"protobuf": proto_with_dicts(codecs, values)}
    print(f"{len(values)} values, one per record type; median of {RUNS} runs (local measurement)")
    print(
        f"{'format':9} {'bytes':>6}  {'layer enc/s':>11} {'direct':>9} {'+dict':>7}"
        f"  {'layer dec/s':>11} {'direct':>9} {'+dict':>7}"
        "  overhead enc / dec: vs direct | vs +dict"
    )
    for fmt in ("json", "protobuf", "avro", "msgpack", "cbor"):
        if fmt not in codecs.by_format:
            continue
        codec = codecs[fmt]
        encoded = [codec.encode(name, v) for name, v in values]
        size = sum(len(b) for b in encoded)
        pairs = list(zip([n for n, _ in values], encoded, strict=True))
        layer = (
            timed(lambda c=codec: [c.encode(n, v) for n, v in values]),
            timed(lambda c=codec, p=pairs: [c.decode(n, b) for n, b in p]),
        )
        plain = tuple(timed(op) for op in direct[fmt])
        built = tuple(timed(op) for op in with_dicts[fmt]) if fmt in with_dicts else None
        n = len(values)
        rate = [f"{n / layer[0]:>11,.0f}", f"{n / plain[0]:>9,.0f}", _rate(n, built, 0)]
        rate += [f"{n / layer[1]:>11,.0f}", f"{n / plain[1]:>9,.0f}", _rate(n, built, 1)]
        versus = f"x{layer[0] / plain[0]:.1f} / x{layer[1] / plain[1]:.1f}"
        if built is not None:
            versus += f" | x{layer[0] / built[0]:.2f} / x{layer[1] / built[1]:.2f}"
        print(f"{fmt:9} {size:>6}  {' '.join(rate[:3])}  {' '.join(rate[3:])}  {versus}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
