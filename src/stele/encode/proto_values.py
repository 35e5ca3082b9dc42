"""Canonical values <-> dynamic Protobuf messages, following docs/mapping.md.

timestamp and duration are `google.protobuf.Timestamp` / `Duration`; decimals, uuids and dates
are strings; bytes are raw; enums are numbers (`<ENUM>_UNSPECIFIED` is 0, symbols carry their
locked numbers); a union is a message with `oneof value` whose field names are the variants;
`optional` scalars have presence; an absent optional list or map reads back as absent.

The IR is walked once per named type, not once per value: each record, union and enum gets a
converter (a closure over a plan of its fields, made on its first call, so that recursive types
find their own converter cached), cached by type name. Encoding turns a
canonical value into the keyword arguments of the message constructor (nested messages as
nested dicts), so the runtime builds the whole message in one call to its C implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from stele.config import Options
from stele.encode.codec import DecodeError
from stele.encode.proto_scalars import (
    Convert,
    array,
    enum_reader,
    enum_writer,
    map_reader,
    map_writer,
    object_,
    scalar_reader,
    scalar_writer,
)
from stele.ir import (
    Decimal,
    Enum,
    Field,
    ListOf,
    MapOf,
    NamedType,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Union,
    Value,
)

Kwargs = dict[str, Any]
Encoder = Callable[[Value], Kwargs]
Decoder = Callable[[Any], dict[str, Value]]

# How an encoder treats a field the value lacks (or holds as null).
_SKIP, _DEFAULT, _REQUIRED = 0, 1, 2
# When a decoder leaves a field out: never, when the field has no presence bit set, when the
# (optional) list or map is empty.
_ALWAYS, _PRESENCE, _NON_EMPTY = 0, 1, 2


class ProtoValues:
    def __init__(self, project: Project, classes: Callable[[str], Any], options: Options) -> None:
        self.project = project
        self.message_class = classes
        self.int64_as_string = options.int64_as_string
        self._encoders: dict[str, Encoder] = {}
        self._decoders: dict[str, Decoder] = {}

    # -- canonical -> message ---------------------------------------------------------------

    def to_message(self, type_name: str, value: Value) -> Any:
        # The encoder first: it says why an enum has no message class (a ValueError).
        encode = self.encoder(type_name)
        return self.message_class(type_name)(**encode(value))

    def encoder(self, type_name: str) -> Encoder:
        """Canonical value -> keyword arguments of the message class of `type_name`."""
        found = self._encoders.get(type_name)
        if found is None:
            found = self._encoders[type_name] = self._encoder_over(self.project.types[type_name])
        return found

    def _encoder_over(self, t: NamedType) -> Encoder:
        if isinstance(t, Record):
            return _record_encoder(t.name, lambda: self._encoder_plan(t))
        if isinstance(t, Union):
            return _union_encoder(t, lambda: self._encoder_plan(t))
        raise ValueError(f"{t.name} is an enum, not a message: Protobuf encodes it only in a field")

    def _encoder_plan(self, t: NamedType) -> list[Any]:
        if isinstance(t, Record):
            return [(f.name, self._field_writer(f), _missing_mode(f), f.default) for f in t.fields]
        if isinstance(t, Union):
            return [
                (
                    v.name,
                    self.encoder(v.type.name),
                    # The body is the value without its discriminator: pass the value itself
                    # unless the variant record has a field of that name.
                    self.project.record(v.type.name).field(t.discriminator) is not None,
                )
                for v in t.variants
            ]
        return []

    def _field_writer(self, f: Field) -> Convert:
        t = f.type
        if isinstance(t, ListOf):
            item = self._writer(t.item)
            where = f.name
            return lambda value: [item(v) for v in array(value, where)]
        if isinstance(t, MapOf):
            return map_writer(self._writer(t.value), f.name)
        return self._writer(t)

    def _writer(self, t: TypeExpr) -> Convert:
        if isinstance(t, Scalar | Decimal):
            return scalar_writer(t)
        assert isinstance(t, Ref)  # Protobuf has no list of lists (S131)
        named = self.project.types[t.name]
        if isinstance(named, Enum):
            return enum_writer(named)
        return self.encoder(t.name)

    # -- message -> canonical ---------------------------------------------------------------

    def decoder(self, type_name: str) -> Decoder:
        """Message of `type_name` -> canonical value."""
        found = self._decoders.get(type_name)
        if found is None:
            found = self._decoders[type_name] = self._decoder_over(self.project.types[type_name])
        return found

    def _decoder_over(self, t: NamedType) -> Decoder:
        if isinstance(t, Record):
            return _record_decoder(lambda: self._decoder_plan(t))
        if isinstance(t, Union):
            return _union_decoder(t, lambda: self._decoder_plan(t))
        raise DecodeError(
            f"{t.name} is an enum, not a message: Protobuf decodes it only in a field"
        )

    def _decoder_plan(self, t: NamedType) -> list[Any]:
        if isinstance(t, Record):
            return [(f.name, _presence(f), self._field_reader(f)) for f in t.fields]
        if isinstance(t, Union):
            return [(v.name, self.decoder(v.type.name)) for v in t.variants]
        return []

    def _field_reader(self, f: Field) -> Convert | None:
        t = f.type
        if isinstance(t, ListOf):
            item = self._reader(t.item)
            if item is None:
                return list
            return lambda raw: [item(v) for v in raw]
        if isinstance(t, MapOf):
            return map_reader(self._reader(t.value))
        return self._reader(t)

    def _reader(self, t: TypeExpr) -> Convert | None:
        """None when the runtime's value is already canonical."""
        if isinstance(t, Scalar | Decimal):
            return scalar_reader(t, self.int64_as_string)
        assert isinstance(t, Ref)  # Protobuf has no list of lists (S131)
        named = self.project.types[t.name]
        if isinstance(named, Enum):
            return enum_reader(named)
        return self.decoder(t.name)


def _missing_mode(f: Field) -> int:
    if f.optional:
        return _SKIP
    return _DEFAULT if f.has_default else _REQUIRED


def _presence(f: Field) -> int:
    if not f.optional:
        return _ALWAYS
    return _NON_EMPTY if isinstance(f.type, ListOf | MapOf) else _PRESENCE


def _record_encoder(
    record_name: str, make_plan: Callable[[], list[tuple[str, Convert, int, Value]]]
) -> Encoder:
    plan: list[tuple[str, Convert, int, Value]] = []

    def encode(value: Value) -> Kwargs:
        if not plan:
            plan[:] = make_plan()  # whole, in one step: another thread never sees half a plan
        obj = object_(value, record_name)
        out: Kwargs = {}
        for name, write, missing, default in plan:
            v = obj.get(name)
            if v is not None:
                out[name] = write(v)
            elif missing == _DEFAULT:
                out[name] = write(default)
            elif missing == _REQUIRED:
                raise ValueError(f"{record_name}: required field '{name}' is missing")
        return out

    return encode


def _union_encoder(
    union: Union, make_plan: Callable[[], list[tuple[str, Encoder, bool]]]
) -> Encoder:
    union_name, discriminator = union.name, union.discriminator
    variants: dict[str, tuple[Encoder, bool]] = {}

    def encode(value: Value) -> Kwargs:
        if not variants:
            variants.update({name: (enc, strip) for name, enc, strip in make_plan()})
        obj = object_(value, union_name)
        tag = obj.get(discriminator)
        found = variants.get(tag) if isinstance(tag, str) else None
        if found is None:
            raise ValueError(f"{union_name}: {tag!r} is not a variant")
        assert isinstance(tag, str)
        body_encoder, strip = found
        body = {k: v for k, v in obj.items() if k != discriminator} if strip else obj
        # An empty variant record is still the chosen branch: the runtime marks it set.
        return {tag: body_encoder(body)}

    return encode


def _record_decoder(make_plan: Callable[[], list[tuple[str, int, Convert | None]]]) -> Decoder:
    plan: list[tuple[str, int, Convert | None]] = []

    def decode(message: Any) -> dict[str, Value]:
        if not plan:
            plan[:] = make_plan()
        out: dict[str, Value] = {}
        for name, presence, read in plan:
            if presence == _PRESENCE and not message.HasField(name):
                continue
            raw = getattr(message, name)
            if presence == _NON_EMPTY and not raw:
                continue
            out[name] = raw if read is None else read(raw)
        return out

    return decode


def _union_decoder(union: Union, make_plan: Callable[[], list[tuple[str, Decoder]]]) -> Decoder:
    union_name, discriminator = union.name, union.discriminator
    variants: dict[str, Decoder] = {}

    def decode(message: Any) -> dict[str, Value]:
        if not variants:
            variants.update(dict(make_plan()))
        which = message.WhichOneof("value")
        body_decoder = variants.get(which)
        if body_decoder is None:
            raise DecodeError(f"{union_name}: no variant is set (or one this reader lacks)")
        return {discriminator: which, **body_decoder(getattr(message, which))}

    return decode
