"""Readers for the verification by codecs that read as the formats' consumers do, where the
encoding layer is stricter or a library fails on its own:

- Protobuf: proto3 enums are open, so a number the reader does not declare is kept (the
  generated classes keep it), not an error; a union (a `oneof`) with no member set reads as
  absent, as the runtime reports it. `UnknownSymbol` stands for such a number.
- Avro: fastavro cannot skip a writer-only union of records while it returns record names (a
  `TypeError`); the resolution is then proven without record names and the value is not
  compared (`Unread`).
"""

from __future__ import annotations

import io
from typing import Any

from stele.encode.proto_values import Decoder, ProtoValues
from stele.ir import Enum, NamedType, Ref, TypeExpr, Union, Value


class UnknownSymbol(str):
    """An enum number the reader does not declare, kept as read. It holds a symbol of the
    reader's enum (its default, else its first) so that the value still fits the reader's type."""

    number: int

    def __new__(cls, stand_in: str, number: int) -> UnknownSymbol:
        made = super().__new__(cls, stand_in)
        made.number = number
        return made


class Unread:
    """Data the reader resolved but whose value could not be returned for comparison."""


class OpenProtoValues(ProtoValues):
    """The canonical decoder of `ProtoValues`, reading open enums and unset unions as the
    Protobuf runtime does."""

    def _reader(self, t: TypeExpr) -> Any:
        if isinstance(t, Ref):
            named = self.project.types[t.name]
            if isinstance(named, Enum):
                names = {s.number: s.name for s in named.symbols}
                stand_in = named.default or named.symbols[0].name

                def read(raw: int) -> str:
                    return names.get(raw) or UnknownSymbol(stand_in, int(raw))

                return read
        return super()._reader(t)

    def _decoder_over(self, t: NamedType) -> Decoder:
        inner = super()._decoder_over(t)
        if not isinstance(t, Union):
            return inner

        def decode(message: Any) -> dict[str, Value]:
            return inner(message) if message.WhichOneof("value") else {}

        return decode


def protobuf_reader(codec: Any) -> OpenProtoValues:
    """The open reader over a `ProtobufCodec`'s message classes."""
    found = getattr(codec, "_open_values", None)
    if found is None:
        found = OpenProtoValues(codec.project, codec.values.message_class, codec.options)
        codec._open_values = found
    return found


def read_protobuf(codec: Any, type_name: str, data: bytes) -> Value:
    """Parse with the reader's message class and decode openly (raises on a wire the runtime
    rejects)."""
    reader = protobuf_reader(codec)
    message = reader.message_class(type_name).FromString(data)
    return reader.decoder(type_name)(message)


def read_avro(reader: Any, writer: Any, type_name: str, data: bytes) -> Value | Unread:
    """The reader's value of data written by `writer` (both `AvroCodec`s)."""
    try:
        return reader.decode(type_name, data, writer=writer)  # type: ignore[no-any-return]
    except TypeError:
        import fastavro

        fastavro.schemaless_reader(
            io.BytesIO(data), writer.parsed_schema(type_name), reader.parsed_schema(type_name)
        )
        return Unread()
