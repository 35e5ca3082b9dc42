"""The example project generated once into a directory, and one verdict per consumer.

`Generated` holds what the conformance test feeds values to: the JSON Schemas (a referencing
registry of every generated schema, format checking on), the pydantic models imported from the
generated `python/models`, the Protobuf runtime (dynamic classes over the descriptor set compiled
from the generated `.proto` files, fed through the Protobuf JSON mapping), the encoding layer's
codecs, and `stele.values.check_value`. `canonical_values` draws canonical values of any type of
the IR with hypothesis, edge values included.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import importlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from hypothesis import strategies as st

from stele.emit.python_models import MODELS_DIR, TOP_PACKAGE
from stele.encode import Codecs
from stele.encode.json_codec import encode_json
from stele.encode.protobuf_codec import ProtobufCodec, message_classes
from stele.ir import (
    ENVELOPE_HEADERS,
    Decimal,
    Enum,
    ListOf,
    MapOf,
    Message,
    MessageExample,
    NamedType,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Union,
    Value,
)
from stele.mapping.artifacts import Artifacts, enum_prefix
from stele.mapping.canonical_text import (
    format_date,
    format_decimal,
    format_duration,
    format_timestamp,
)
from stele.values import check_value

# Every consumer a value is fed to, in the column order of docs/conformance.md.
CHECKERS: tuple[str, ...] = (
    "jsonschema",
    "pydantic",
    "check_value",
    "protobuf-runtime",
    "protobuf",
    "avro",
    "json",
    "msgpack",
    "cbor",
)
SCHEMALESS = ("json", "msgpack", "cbor")
SCHEMA_BASE = "https://schemas.example.com/"

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
# google.protobuf.Duration spans at most 10,000 years.
MAX_DURATION_MICROS = 315_576_000_000 * 10**6


def local_name(t: NamedType | Message) -> str:
    return t.name[len(t.package) + 1 :]


def schema_path(t: NamedType) -> str:
    return f"jsonschema/{t.package.replace('.', '/')}/{local_name(t)}.schema.json"


def message_schema_path(m: Message) -> str:
    return f"jsonschema/{m.package.replace('.', '/')}/{local_name(m)}.message.schema.json"


@dataclass
class Generated:
    """The artifacts of one project, written under `root`, and their consumers."""

    project: Project
    artifacts: Artifacts
    root: Path
    codecs: Codecs
    _validators: dict[str, Any] = field(default_factory=dict)
    _adapters: dict[tuple[str, str], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from referencing import Registry, Resource

        schemas = [
            json.loads(data) for path, data in self.artifacts.items() if path.endswith(".json")
        ]
        self.registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s))
            for s in schemas
            if isinstance(s, dict) and str(s.get("$id", "")).startswith(SCHEMA_BASE)
        )
        protobuf = cast(ProtobufCodec, self.codecs["protobuf"])
        self.proto_class = message_classes(protobuf.descriptor_set)

    def __repr__(self) -> str:  # the artifacts would make hypothesis reports megabytes long
        return f"Generated({len(self.artifacts)} artifacts under {self.root.name})"

    # -- JSON Schema ------------------------------------------------------------------------

    def validator(self, path: str) -> Any:
        from jsonschema import Draft202012Validator

        if path not in self._validators:
            schema = json.loads(self.artifacts[path])
            self._validators[path] = Draft202012Validator(
                schema,
                registry=self.registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
        return self._validators[path]

    def schema_errors(self, type_name: str, value: Value) -> list[str]:
        validator = self.validator(schema_path(self.project.types[type_name]))
        return [e.message for e in validator.iter_errors(value)]

    # -- pydantic ---------------------------------------------------------------------------

    def adapter(self, module_path: str, class_name: str) -> Any:
        from pydantic import TypeAdapter

        key = (module_path, class_name)
        if key not in self._adapters:
            module = importlib.import_module(f"{TOP_PACKAGE}.{module_path}")
            self._adapters[key] = TypeAdapter(getattr(module, class_name))
        return self._adapters[key]

    def model_of(self, type_name: str) -> Any:
        t = self.project.types[type_name]
        return self.adapter(t.package, local_name(t).replace(".", "_"))

    def message_model_of(self, m: Message) -> Any:
        return self.adapter(m.package, local_name(m))

    def parse(self, type_name: str, value: Value) -> Any:
        """The pydantic model's reading of the value's JSON text, as a consumer reads it."""
        return self.model_of(type_name).validate_json(encode_json(value))

    # -- Protobuf runtime -------------------------------------------------------------------

    def proto_runtime_parse(self, type_name: str, value: Value) -> Any:
        """The value read by the Protobuf runtime through its JSON mapping (unknown fields are
        errors, as `json_format.ParseDict` does by default)."""
        from google.protobuf import json_format

        message = self.proto_class(type_name)()
        json_format.ParseDict(proto_json(self.project, Ref(type_name), value), message)
        return message

    # -- every consumer ---------------------------------------------------------------------

    def verdict(self, checker: str, type_name: str, value: Value) -> str:
        """`accepted`, or `rejected` with the consumer's own exception type."""
        from google.protobuf.json_format import ParseError
        from pydantic import ValidationError

        try:
            if checker == "jsonschema":
                return "rejected" if self.schema_errors(type_name, value) else "accepted"
            if checker == "pydantic":
                self.parse(type_name, value)
            elif checker == "check_value":
                problems = list(check_value(self.project, Ref(type_name), value))
                return "rejected" if problems else "accepted"
            elif checker == "protobuf-runtime":
                self.proto_runtime_parse(type_name, value)
            else:
                self.codecs[checker].encode(type_name, value)
        except (ValidationError, ParseError, ValueError):
            return "rejected"
        return "accepted"

    def verdicts(self, type_name: str, value: Value) -> dict[str, str]:
        return {c: self.verdict(c, type_name, value) for c in CHECKERS}


def write_models(artifacts: Artifacts, root: Path) -> str:
    """Write the pydantic models under `root`; returns the directory to put on sys.path."""
    for path, data in artifacts.items():
        if path.startswith(MODELS_DIR + "/"):
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    return str(root / MODELS_DIR)


def forget_models() -> None:
    for name in [m for m in sys.modules if m == TOP_PACKAGE or m.startswith(TOP_PACKAGE + ".")]:
        del sys.modules[name]


def envelope(m: Message, example: MessageExample) -> dict[str, Value]:
    """A whole message as its `.message.schema.json` describes it: the envelope headers every
    message carries, the example's headers, and the body."""
    headers: dict[str, Value] = {
        "message_id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11",
        "message_type": m.name,
        "timestamp": "2026-11-25T12:30:00Z",
        "content_type": "application/json",
    }
    assert [h[0] for h in ENVELOPE_HEADERS[:4]] == list(headers)
    return {"headers": {**headers, **example.headers}, "body": example.body}


# -- the Protobuf JSON mapping -------------------------------------------------------------


def proto_json(project: Project, t: TypeExpr, value: Value) -> Any:
    """The Protobuf JSON mapping of a canonical value, what `json_format.ParseDict` reads.

    Only what the mapping spells differently is translated (enum symbols carry the enum prefix,
    a union is its `oneof` branch, durations are seconds with an `s`); anything else, including
    what does not fit the type, is passed on unchanged so that the runtime judges it."""
    if isinstance(t, ListOf) and isinstance(value, list):
        return [proto_json(project, t.item, v) for v in value]
    if isinstance(t, MapOf) and isinstance(value, dict):
        return {k: proto_json(project, t.value, v) for k, v in value.items()}
    if isinstance(t, Scalar) and t.name == "duration" and isinstance(value, str):
        return _proto_duration(value)
    if not isinstance(t, Ref):
        return value
    named = project.types[t.name]
    if isinstance(named, Enum):
        return f"{enum_prefix(named.short_name)}_{value}" if isinstance(value, str) else value
    if not isinstance(value, dict):
        return value
    if isinstance(named, Union):
        variant = next(
            (v for v in named.variants if v.name == value.get(named.discriminator)), None
        )
        if variant is None:
            return value
        rest = {k: v for k, v in value.items() if k != named.discriminator}
        return {variant.name: proto_json(project, variant.type, rest)}
    types = {f.name: f.type for f in named.fields}
    return {k: proto_json(project, types[k], v) if k in types else v for k, v in value.items()}


def _proto_duration(text: str) -> str:
    from stele.mapping.canonical_text import parse_duration

    try:
        micros = parse_duration(text)
    except ValueError:
        return text
    sign = "-" if micros < 0 else ""
    return f"{sign}{abs(micros) // 10**6}.{abs(micros) % 10**6:06d}s"


# -- canonical values drawn by hypothesis --------------------------------------------------


def _edges(values: st.SearchStrategy[Any], *edge: Any) -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(edge), values)


_TEXT = st.text(max_size=12)  # every Unicode code point but surrogates
_MOMENTS = st.datetimes(
    min_value=dt.datetime(1, 1, 1),
    max_value=dt.datetime(9999, 12, 31, 23, 59, 59, 999999),
    timezones=st.just(dt.UTC),
)

SCALAR_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "bool": st.booleans(),
    "int32": _edges(st.integers(*INT32), INT32[0], INT32[1], 0, -1),
    "int64": _edges(st.integers(*INT64), INT64[0], INT64[1], 2**53 + 1, 0),
    "float32": _edges(
        st.floats(width=32, allow_nan=False, allow_infinity=False), 0.0, 3.4028234663852886e38
    ),
    "float64": _edges(st.floats(allow_nan=False, allow_infinity=False), 0.0, 5e-324),
    "string": _edges(_TEXT, "", "Crêpe 🥞", "\u0000", "汉字"),
    "bytes": st.binary(max_size=12).map(lambda b: base64.b64encode(b).decode("ascii")),
    "uuid": _edges(st.uuids().map(str), "00000000-0000-0000-0000-000000000000"),
    "date": _edges(st.dates().map(format_date), "0001-01-01", "9999-12-31", "2024-02-29"),
    "timestamp": _edges(
        _MOMENTS.map(format_timestamp),
        "1970-01-01T00:00:00Z",
        "2026-11-25T12:30:00.123456Z",
        "9999-12-31T23:59:59.999999Z",
    ),
    "duration": _edges(
        st.integers(-MAX_DURATION_MICROS, MAX_DURATION_MICROS).map(format_duration),
        "PT0S",
        "PT0.000001S",
        "P1DT2H3M4.5S",
        "-PT1H30M",
    ),
}


def decimal_values(t: Decimal) -> st.SearchStrategy[str]:
    """Decimals in canonical form (exactly `scale` fraction digits), with the largest and
    smallest values that fit the precision."""
    bound = 10**t.precision - 1
    unscaled = _edges(st.integers(-bound, bound), bound, -bound, 0, 1)
    return unscaled.map(lambda n: format_decimal(decimal.Decimal(n).scaleb(-t.scale), t.scale))


def canonical_values(project: Project, t: TypeExpr) -> st.SearchStrategy[Any]:
    """Valid canonical values of `t`: optional fields present or absent, every union variant
    with its discriminator, every enum symbol."""
    if isinstance(t, Scalar):
        return SCALAR_VALUES[t.name]
    if isinstance(t, Decimal):
        return decimal_values(t)
    if isinstance(t, ListOf):
        return st.lists(canonical_values(project, t.item), max_size=3)
    if isinstance(t, MapOf):
        return st.dictionaries(_TEXT, canonical_values(project, t.value), max_size=3)
    named = project.types[t.name]
    if isinstance(named, Enum):
        return st.sampled_from([s.name for s in named.symbols])
    if isinstance(named, Record):
        return _record_values(project, named)
    return st.one_of(
        [
            _record_values(project, project.record(v.type.name)).map(
                _tagged(named.discriminator, v.name)
            )
            for v in named.variants
        ]
    )


def _tagged(key: str, tag: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A union variant's body with the discriminator in front."""
    return lambda body: {key: tag, **body}


def _record_values(project: Project, record: Record) -> st.SearchStrategy[Any]:
    def of(f: Any) -> st.SearchStrategy[Any]:
        # Deferred, so that a record that holds itself (through a list) stays finite.
        return st.deferred(lambda: canonical_values(project, f.type))

    required = {f.name: of(f) for f in record.fields if not (f.optional or f.has_default)}
    optional = {f.name: of(f) for f in record.fields if f.optional or f.has_default}
    return st.fixed_dictionaries(required, optional=optional)


# -- pydantic's duration text ----------------------------------------------------------------

_PYDANTIC_YEARS = re.compile(r"(-?)P(\d+)Y(?:(\d+)D)?(.*)")


def years_as_days(project: Project, t: TypeExpr, value: Any) -> Any:
    """A value written by a pydantic model, with its durations in stele's form.

    pydantic writes a `timedelta` of 365 days or more with years of 365 days (`P1Y35DT5S`),
    which ISO 8601 allows and stele's canonical form does not (a year is not a fixed length)."""
    if isinstance(t, Scalar) and t.name == "duration" and isinstance(value, str):
        m = _PYDANTIC_YEARS.fullmatch(value)
        if m is None:
            return value
        sign, years, days, rest = m.groups()
        return f"{sign}P{int(years) * 365 + int(days or 0)}D{rest}"
    if isinstance(t, ListOf) and isinstance(value, list):
        return [years_as_days(project, t.item, v) for v in value]
    if isinstance(t, MapOf) and isinstance(value, dict):
        return {k: years_as_days(project, t.value, v) for k, v in value.items()}
    if not isinstance(t, Ref) or not isinstance(value, dict):
        return value
    named = project.types[t.name]
    if isinstance(named, Union):
        variant = next(v for v in named.variants if v.name == value.get(named.discriminator))
        named = project.record(variant.type.name)
    assert isinstance(named, Record)
    types = {f.name: f.type for f in named.fields}
    return {k: years_as_days(project, types[k], v) if k in types else v for k, v in value.items()}
