"""Values to encode: the contracts' examples, and generated values deterministic by seed.

A `Sample` is one canonical value of a message body (or of a named type) with a name: the
example's name (`example-<n>` when unnamed), or `generated-<n>`. Generated values follow a
`Shape` (list lengths, string lengths, how often an optional field is present); the same seed
gives the same values on every machine and under every hash seed.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import string
import uuid
from dataclasses import dataclass

from stele.ir import (
    Decimal,
    Enum,
    ListOf,
    MapOf,
    Message,
    NamedType,
    Project,
    Record,
    Scalar,
    TypeExpr,
    Union,
    Value,
)
from stele.mapping.canonical_text import format_duration, format_timestamp

_LETTERS = string.ascii_letters + string.digits
_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Shape:
    """How generated values look. Ranges are inclusive."""

    list_length: tuple[int, int] = (1, 3)  # items of a list, entries of a map
    string_length: tuple[int, int] = (4, 16)  # characters of a string, bytes of a bytes value
    optional_presence: float = 0.5  # probability that an optional field is present
    max_depth: int = 6  # below it, optional fields are absent and lists empty


DEFAULT_SHAPE = Shape()


@dataclass(frozen=True)
class Sample:
    owner: str  # qualified message name, or type name for type examples
    type_name: str  # the qualified type of the value (a message's body type)
    name: str
    value: Value
    generated: bool = False


def message_examples(message: Message) -> list[Sample]:
    return [
        Sample(message.name, message.body.name, ex.name or f"example-{i}", ex.body)
        for i, ex in enumerate(message.examples, 1)
    ]


def type_samples(project: Project, t: NamedType) -> list[Sample]:
    """The examples declared on a record, enum or union."""
    del project
    return [
        Sample(t.name, t.name, ex.name or f"example-{i}", ex.value)
        for i, ex in enumerate(t.examples, 1)
    ]


def samples_for_message(
    project: Project,
    message: Message,
    generate: int = 0,
    seed: int = 0,
    shape: Shape = DEFAULT_SHAPE,
    generate_when_missing: int = 3,
) -> list[Sample]:
    """The message's examples, then `generate` generated values (or `generate_when_missing`
    of them when the message has no example). The seed is combined with the message name so
    that adding a message does not change the values of the others."""
    samples = message_examples(message)
    count = generate or (0 if samples else generate_when_missing)
    rng = random.Random(f"{seed}:{message.name}")
    for i in range(1, count + 1):
        value = generate_value(project, message.body, rng, shape)
        samples.append(Sample(message.name, message.body.name, f"generated-{i}", value, True))
    return samples


def generate_value(
    project: Project, t: TypeExpr, rng: random.Random, shape: Shape = DEFAULT_SHAPE, depth: int = 0
) -> Value:
    """A canonical value of `t` drawn from `rng`."""
    if isinstance(t, Scalar):
        return _scalar(t.name, rng, shape)
    if isinstance(t, Decimal):
        return _decimal(t, rng)
    if isinstance(t, ListOf | MapOf):
        low, high = shape.list_length
        count = 0 if depth >= shape.max_depth else rng.randint(low, high)
        if isinstance(t, ListOf):
            return [generate_value(project, t.item, rng, shape, depth + 1) for _ in range(count)]
        return {
            _word(rng, shape): generate_value(project, t.value, rng, shape, depth + 1)
            for _ in range(count)
        }
    return _named(project, project.types[t.name], rng, shape, depth)


def _named(project: Project, t: NamedType, rng: random.Random, shape: Shape, depth: int) -> Value:
    if isinstance(t, Enum):
        return rng.choice(t.symbols).name
    if isinstance(t, Union):
        variant = rng.choice(t.variants)
        body = _named(project, project.types[variant.type.name], rng, shape, depth)
        assert isinstance(body, dict)
        return {t.discriminator: variant.name, **body}
    assert isinstance(t, Record)
    out: dict[str, Value] = {}
    for f in t.fields:
        if f.optional and (depth >= shape.max_depth or rng.random() >= shape.optional_presence):
            continue
        out[f.name] = generate_value(project, f.type, rng, shape, depth + 1)
    return out


def _word(rng: random.Random, shape: Shape) -> str:
    low, high = shape.string_length
    return "".join(rng.choice(_LETTERS) for _ in range(rng.randint(low, high)))


def _decimal(t: Decimal, rng: random.Random) -> str:
    whole = rng.randint(0, 10 ** min(t.precision - t.scale, 6) - 1)
    if t.scale == 0:
        return str(whole)
    return f"{whole}.{rng.randint(0, 10**t.scale - 1):0{t.scale}d}"


def _scalar(name: str, rng: random.Random, shape: Shape) -> Value:
    if name == "bool":
        return rng.random() < 0.5
    if name in ("int32", "int64"):
        # Realistic integers are mostly small: a count, a version, an amount in cents.
        return rng.randint(0, 10 ** rng.randint(1, 9 if name == "int32" else 12))
    if name in ("float32", "float64"):
        return round(rng.uniform(-1000.0, 1000.0), 2 if name == "float32" else 6)
    if name == "string":
        return _word(rng, shape)
    if name == "bytes":
        low, high = shape.string_length
        return base64.b64encode(rng.randbytes(rng.randint(low, high))).decode("ascii")
    if name == "uuid":
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))
    if name == "date":
        return (_EPOCH.date() + dt.timedelta(days=rng.randint(0, 3650))).isoformat()
    if name == "timestamp":
        moment = _EPOCH + dt.timedelta(seconds=rng.randint(0, 10 * 365 * 86400))
        return format_timestamp(moment.replace(microsecond=rng.choice((0, 250_000, 123_000))))
    assert name == "duration", name
    return format_duration(rng.randint(1, 7200) * 1_000_000)
