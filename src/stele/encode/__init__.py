"""The encoding layer: one canonical value, encoded and decoded through the real codecs.

Every codec takes and returns values in the canonical form of docs/mapping.md (the JSON data
model the generated JSON Schema describes), so that `decode(encode(v))` can be compared across
formats. Formats normalise some values (defaults filled in, timestamps in UTC, decimals at their
scale, float32 rounding): compare through `normal_form`, never byte for byte.

Formats (`FORMATS`, in column order):

- `json`: compact JSON of the canonical value (`separators=(",", ":")`, UTF-8, not escaped);
- `protobuf`: proto3 binary through the protobuf runtime, with dynamic message classes built
  from the descriptor set compiled from the generated `.proto` files (no generated code);
- `avro`: Avro binary through fastavro's schemaless writer and reader;
- `avro-registry`: the same, framed for a schema registry (magic byte 0 and a 4-byte big-endian
  schema id in front); only when asked for;
- `msgpack`, `cbor`: the canonical value through the schemaless binary encodings, present only
  when the `msgpack` / `cbor2` packages are importable.

Stable interface (the compatibility verification and the contract test runner build on it):

    codecs = Codecs.from_artifacts(project, artifacts, options)   # or Codecs.from_workspace(ws)
    codec = codecs["protobuf"]
    data = codec.encode("food.order.Order", value)                # bytes
    value = codec.decode("food.order.Order", data)                 # canonical Value
    value = new_codecs["avro"].decode(name, data, writer=old_codecs["avro"])  # schema evolution

`decode(..., writer=...)` reads data written by another version of the contracts: Avro resolves
the writer's schema against the reader's; Protobuf parses the writer's bytes with the reader's
message classes (the wire format carries field numbers, so the writer is not needed); the
schemaless formats ignore it. Encoding raises `ValueError` for a value that does not fit the
type; decoding raises `DecodeError` for data the reader cannot turn into a canonical value.

Heavy libraries (google.protobuf, fastavro, msgpack, cbor2) are imported inside functions.
"""

from __future__ import annotations

from stele.encode.codec import Codec, DecodeError
from stele.encode.codecs import FORMATS, Codecs, normal_form, optional_formats, round_trip
from stele.encode.framing import frame_for_registry, unframe_from_registry
from stele.encode.values import (
    DEFAULT_SHAPE,
    Sample,
    Shape,
    generate_value,
    samples_for_message,
    type_samples,
)

__all__ = [
    "DEFAULT_SHAPE",
    "FORMATS",
    "Codec",
    "Codecs",
    "DecodeError",
    "Sample",
    "Shape",
    "frame_for_registry",
    "generate_value",
    "normal_form",
    "optional_formats",
    "round_trip",
    "samples_for_message",
    "type_samples",
    "unframe_from_registry",
]
