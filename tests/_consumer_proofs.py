"""The third opinion: real consumers prove the verdict of a contract change.

For a case of the change corpus (`tests/contract_changes/`), both versions are loaded from text
(the new one numbered with the old one's lock, as `stele check` does), their artifacts generated
in memory, values generated for the writing side, and every format x direction judged by what a
real consumer does with them:

- avro: fastavro writes with the writer's schema and reads with the reader's (schema resolution,
  named types at every depth);
- protobuf: the writer's dynamic message classes serialise, the reader's parse: the wire, and the
  JSON mapping (`wire_json`, the default policy) with unknown fields ignored; gRPC methods are
  exchanges between a client and a server;
- jsonschema: the reader's JSON Schema 2020-12 (format assertion on) and the reader's generated
  pydantic model validate the writer's type values and whole messages;
- openapi: exchanges: the client's request goes to the server found by method and path, its
  parameters and body validated by the server's schemas; the server's response validated by
  the client's schema for its status. BACKWARD pairs old clients with the new server, FORWARD
  new clients with the old server (exchanges the old version does not declare are not judged);
- asyncapi: receivers read what senders write: per channel address and message, whole messages
  (headers and payload); a message both versions declare must be sent where it is read; an
  operation's requester reads the reply the service sends.

A verdict is `error` when one value or exchange breaks (the counterexample says which), else
`ok`. Values are compared as values: decimals as `Decimal`, timestamps as instants, dates as
dates, floats at their width; an enum symbol the reader does not know may read as the reader's
fallback (Avro: the enum's default; Protobuf: an unknown number, proto3 enums are open).
"""

from __future__ import annotations

import atexit
import base64
import datetime as dt
import decimal
import importlib
import io
import itertools
import json
import random
import re
import shutil
import struct
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, cast

import yaml

from stele.compat.model import Direction
from stele.compat.project_check import Side, open_side
from stele.compat.verify_readers import UnknownSymbol, protobuf_reader
from stele.config import Config
from stele.emit.python_models import MODELS_DIR, TOP_PACKAGE, class_name, module_name
from stele.encode import Codecs, Shape, generate_value
from stele.encode.proto_values import ProtoValues
from stele.ir import (
    Decimal,
    Enum,
    ListOf,
    MapOf,
    Message,
    Operation,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Union,
    Value,
)
from stele.mapping.canonical_text import parse_duration
from stele.mapping.json_values import renamed

CASES = Path(__file__).resolve().parent / "contract_changes"
FORMATS = ("protobuf", "avro", "jsonschema", "openapi", "asyncapi")
DIRECTIONS = (Direction.BACKWARD, Direction.FORWARD)
MAX_VALUES = 20  # generated values per type and side
SCHEMA_BASE = "https://schemas.example.com/"
OPENAPI = "openapi/openapi.json"
_API = "urn:stele:"
BUILT = ("protobuf", "avro", "jsonschema", "openapi", "asyncapi", "python-models")

Table = dict[tuple[str, Direction], str]


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    about: str
    old: str
    new: str
    expect: Table
    why: dict[str, str]
    path: Path


# libyaml's safe loader when PyYAML has it: the corpus is read at collection, by every worker.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_case(path: Path) -> Case:
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    base = doc["old"] if "old" in doc else (CASES / "bases" / f"{doc['base']}.yaml").read_text()
    old = _edited(path, base, doc.get("old_edits", []))
    new = doc["new"] if "new" in doc else _edited(path, base, doc.get("edits", []))
    expect: Table = {}
    for fmt in FORMATS:
        bwd, fwd = str(doc["expect"][fmt]).split()
        expect[(fmt, Direction.BACKWARD)] = bwd
        expect[(fmt, Direction.FORWARD)] = fwd
    return Case(doc["name"], doc["about"], old, new, expect, doc.get("why", {}), path)


def _edited(path: Path, text: str, edits: list[dict[str, str]]) -> str:
    for edit in edits:
        count = text.count(edit["replace"])
        assert count == 1, f"{path.name}: {edit['replace']!r} occurs {count} times"
        text = text.replace(edit["replace"], edit["with"])
    return text


@cache  # read once per process: several modules parametrize over the cases at collection
def all_cases() -> list[Case]:
    return [load_case(p) for p in sorted(CASES.glob("*/*.yaml")) if p.parent.name != "bases"]


# ---------------------------------------------------------------------------------------------
# One version of a project, with its consumers
# ---------------------------------------------------------------------------------------------


@dataclass
class Version:
    side: Side
    root: Path

    @property
    def project(self) -> Project:
        return self.side.workspace.project

    @cached_property
    def artifacts(self) -> dict[str, bytes]:
        from stele.generate import build_artifacts

        return build_artifacts(self.side.workspace, BUILT, validate=False)

    @cached_property
    def codecs(self) -> Codecs:
        return Codecs.from_artifacts(
            self.project, self.artifacts, self.side.workspace.config.options, schemaless=False
        )

    @cached_property
    def lenient_proto(self) -> ProtoValues:
        return protobuf_reader(self.codecs["protobuf"])

    @cached_property
    def registry(self) -> Any:
        from referencing import Registry, Resource

        resources = []
        for path, data in self.artifacts.items():
            if not path.endswith(".json"):
                continue
            doc = json.loads(data)
            if isinstance(doc, dict) and str(doc.get("$id", "")).startswith(SCHEMA_BASE):
                resources.append((doc["$id"], Resource.from_contents(doc)))
        for path in self.api_documents:
            doc = json.loads(self.artifacts[path])
            resources.append((f"urn:stele:{path}", _draft2020(doc)))
        return Registry().with_resources(resources)

    @cached_property
    def api_documents(self) -> list[str]:
        return [p for p in self.artifacts if p.startswith(("openapi/", "asyncapi/"))]

    def validator(self, ref: str) -> Any:
        from jsonschema import Draft202012Validator

        cache: dict[str, Any] = self.__dict__.setdefault("_validators", {})
        if ref not in cache:
            schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": ref}
            cache[ref] = Draft202012Validator(
                schema, registry=self.registry, format_checker=Draft202012Validator.FORMAT_CHECKER
            )
        return cache[ref]

    def json(self, path: str) -> Any:
        cache: dict[str, Any] = self.__dict__.setdefault("_documents", {})
        if path not in cache:
            cache[path] = json.loads(self.artifacts[path])
        return cache[path]

    def schema_problem(self, ref: str, value: Value) -> str:
        validator = self.validator(ref)
        if validator.is_valid(value):
            return ""
        error = next(iter(validator.iter_errors(value)), None)
        if error is None:
            return ""
        where = "/".join(str(p) for p in error.absolute_path) or "the document"
        return f"at {where}: {error.message}"

    @cached_property
    def models(self) -> dict[str, Any]:
        """Pydantic type adapters of every type and message, by qualified name."""
        from pydantic import TypeAdapter

        folder = self.root / "models"
        for path, data in self.artifacts.items():
            if path.startswith(MODELS_DIR + "/"):
                target = folder / path[len(MODELS_DIR) + 1 :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        _forget_models()
        sys.path.insert(0, str(folder))
        adapters: dict[str, Any] = {}
        try:
            importlib.invalidate_caches()
            named: list[Any] = [
                *(t for t in self.project.types.values()),
                *self.project.messages.values(),
            ]
            for t in named:
                module = importlib.import_module(module_name(t.package))
                adapters[t.name] = TypeAdapter(getattr(module, class_name(self.project, t.name)))
        finally:
            sys.path.remove(str(folder))
            _forget_models()
        return adapters

    def model_problem(self, name: str, value: Value) -> str:
        from pydantic import ValidationError

        try:
            self.models[name].validate_json(json.dumps(value))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = "/".join(str(p) for p in first["loc"]) or "the document"
            return f"at {where}: {first['msg']}"
        return ""


def _forget_models() -> None:
    for name in [m for m in sys.modules if m == TOP_PACKAGE or m.startswith(TOP_PACKAGE + ".")]:
        del sys.modules[name]


def _draft2020(doc: Any) -> Any:
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012.create_resource(doc)


_VERSIONS: dict[tuple[str, str], Version] = {}
_ROOTS = itertools.count()
_TMP = Path(tempfile.mkdtemp(prefix="stele-corpus-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)


def version(text: str, lock: str | None) -> Version:
    """A project of one contract file (cached by text and lock: many cases share a base)."""
    key = (text, lock or "")
    if key not in _VERSIONS:
        root = _TMP / f"v{next(_ROOTS)}"
        (root / "contracts").mkdir(parents=True)
        (root / "contracts" / "contract.yaml").write_text(text, encoding="utf-8")
        if lock is not None:
            (root / "compat").mkdir()
            (root / "compat" / "stele.lock").write_text(lock, encoding="utf-8")
        _VERSIONS[key] = Version(open_side(root.name, Config(root=root)), root)
    return _VERSIONS[key]


def versions(case: Case) -> tuple[Version, Version]:
    old = version(case.old, None)
    return old, version(case.new, old.side.workspace.lock_text)


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------

_BOUNDARY: dict[str, list[Value]] = {
    "int32": [2147483647, -2147483648],
    "int64": [9007199254740993, 9223372036854775807],
    "float32": [0.5],
    "float64": [0.1, 1e300],
    "string": ["", "not a uuid, not a date"],
    "bytes": ["AAEC"],
    "uuid": ["0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11"],
    "date": ["2025-01-02"],
    "timestamp": ["2025-01-02T03:04:05.123456Z"],
    "duration": ["PT1H30M"],
    "bool": [True, False],
}


def boundary(t: TypeExpr) -> list[Value]:
    if isinstance(t, Decimal):
        whole = "9" * (t.precision - t.scale)
        if not t.scale:
            return [whole, "-1"]
        return [f"{whole}.{'9' * t.scale}", f"-1.{'5' * t.scale}"]
    if isinstance(t, Scalar):
        return _BOUNDARY.get(t.name, [])
    return []


_TYPE_VALUES: dict[tuple[int, str], list[Value]] = {}


def type_values(project: Project, type_name: str) -> list[Value]:
    """Values of a record or union: optional fields all present, all absent and mixed; every
    union variant; every enum symbol and union variant of each field; boundary scalars (cached:
    every project lives as long as the session)."""
    key = (id(project), type_name)
    if key not in _TYPE_VALUES:
        _TYPE_VALUES[key] = _type_values(project, type_name)
    return _TYPE_VALUES[key]


def _type_values(project: Project, type_name: str) -> list[Value]:
    values: list[Value] = []
    for seed, presence in enumerate((1.0, 0.0, 0.5)):
        shape = Shape(optional_presence=presence, max_depth=4, list_length=(1, 2))
        values.append(generate_value(project, Ref(type_name), random.Random(seed), shape))
    t = project.types[type_name]
    if isinstance(t, Union):
        values += [_variant_value(project, t, v.name) for v in t.variants]
    if isinstance(t, Record):
        full = values[0]
        assert isinstance(full, dict)
        for f in t.fields:
            for choice in _choices(project, f.type):
                values.append({**full, f.name: choice})
    unique = {json.dumps(v, sort_keys=True): v for v in values}
    return list(unique.values())[:MAX_VALUES]


def _choices(project: Project, t: TypeExpr) -> list[Value]:
    if isinstance(t, ListOf):
        return [[v] for v in _choices(project, t.item)]
    if isinstance(t, MapOf):
        return [{"k": v} for v in _choices(project, t.value)]
    if not isinstance(t, Ref):
        return boundary(t)
    named = project.types[t.name]
    if isinstance(named, Enum):
        return [s.name for s in named.symbols]
    if isinstance(named, Union):
        return [_variant_value(project, named, v.name) for v in named.variants]
    return type_values(project, t.name)[1:3]


def _variant_value(project: Project, union: Union, variant: str) -> Value:
    chosen = next(v for v in union.variants if v.name == variant)
    shape = Shape(optional_presence=1.0, max_depth=4, list_length=(1, 2))
    body = generate_value(project, chosen.type, random.Random(0), shape)
    assert isinstance(body, dict)
    return {union.discriminator: variant, **body}


def message_documents(project: Project, message: Message) -> list[dict[str, Value]]:
    """Whole messages: the envelope headers, the declared headers (optional ones present and
    absent, boundary values) and body values."""
    envelope: dict[str, Value] = {
        "message_id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11",
        "message_type": message.name,
        "timestamp": "2026-11-25T12:30:00Z",
        "content_type": "application/json",
    }
    rng = random.Random(message.name)
    full = dict(envelope)
    required = dict(envelope)
    for h in message.headers:
        full[h.name] = generate_value(project, h.type, rng)
        if h.required:
            required[h.name] = full[h.name]
    header_sets = [full, required]
    for h in message.headers:
        header_sets += [{**full, h.name: v} for v in boundary(h.type)]
    body_ref = Ref(message.body.name)
    bodies = [renamed(project, body_ref, b, True) for b in type_values(project, body_ref.name)]
    docs = [{"headers": hs, "body": bodies[0]} for hs in header_sets]
    docs += [{"headers": full, "body": b} for b in bodies[1:]]
    return docs[:MAX_VALUES]


# ---------------------------------------------------------------------------------------------
# Comparing values as values
# ---------------------------------------------------------------------------------------------


def _scalar_value(t: TypeExpr, v: Any) -> object:
    # `v` is Any: a value as written or as read back, of any shape; one that int() or float()
    # cannot take raises, and reads as unreadable.
    try:
        if isinstance(t, Decimal):
            return decimal.Decimal(str(v))
        assert isinstance(t, Scalar)
        name = t.name
        if name in ("int32", "int64"):
            return int(v)
        if name == "float32":
            return struct.unpack("f", struct.pack("f", float(v)))[0]
        if name == "float64":
            return float(v)
        if name == "timestamp":
            return dt.datetime.fromisoformat(str(v).replace("Z", "+00:00"))
        if name == "date":
            return dt.date.fromisoformat(str(v))
        if name == "duration":
            return dt.timedelta(microseconds=parse_duration(str(v)))
        if name == "uuid":
            return uuid.UUID(str(v))
        if name == "bytes":
            return base64.b64decode(str(v), validate=True)
        if name == "bool":
            return bool(v)
        return str(v)
    except (ValueError, TypeError, decimal.InvalidOperation, struct.error):
        return ("unreadable", v)


def _kind(value: object) -> type:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float  # numbers compare as numbers: Avro promotes int to long, float, double
    return type(value) if not isinstance(value, uuid.UUID) else str


def difference(
    wp: Project, wt: TypeExpr, wv: Value, rp: Project, rt: TypeExpr, rv: object, where: str
) -> str:
    """How the value read differs from the value written ("" when it reads back as written)."""
    if isinstance(wt, ListOf) and isinstance(rt, ListOf):
        written = cast(list[Value], wv)
        if not isinstance(rv, list) or len(rv) != len(written):
            return f"{where}: list {wv!r} read as {rv!r}"
        for i, (a, b) in enumerate(zip(written, rv, strict=True)):
            found = difference(wp, wt.item, a, rp, rt.item, b, f"{where}[{i}]")
            if found:
                return found
        return ""
    if isinstance(wt, MapOf) and isinstance(rt, MapOf):
        entries = cast(dict[str, Value], wv)
        if not isinstance(rv, dict) or set(rv) != set(entries):
            return f"{where}: map {wv!r} read as {rv!r}"
        for key in entries:
            found = difference(wp, wt.value, entries[key], rp, rt.value, rv[key], f"{where}[{key}]")
            if found:
                return found
        return ""
    if isinstance(wt, Ref) and isinstance(rt, Ref):
        return _named_difference(wp, wt.name, wv, rp, rt.name, rv, where)
    if isinstance(wt, Scalar | Decimal) and isinstance(rt, Scalar | Decimal):
        meant, got = _scalar_value(wt, wv), _scalar_value(rt, rv)
        if isinstance(meant, tuple) or isinstance(got, tuple) or meant != got:
            return (
                f"{where}: written as {_show(wv)} ({_text(wt)}), read as {_show(rv)} ({_text(rt)})"
            )
        if _kind(meant) is not _kind(got):
            return (
                f"{where}: written as {_show(wv)} ({_text(wt)}), read as {_show(rv)} ({_text(rt)})"
            )
        from stele.values import check_value

        problem = next(iter(check_value(rp, rt, cast(Value, rv))), "")
        return f"{where}: {_show(rv)} was read, which is no {_text(rt)}" if problem else ""
    return f"{where}: written as {_show(wv)} ({_text(wt)}), read as {_show(rv)} ({_text(rt)})"


def read_problem(
    wp: Project, wname: str, wv: Value, rp: Project, rname: str, rv: object, where: str
) -> str:
    """How the value read differs from the one written, or does not fit the reader's type."""
    return _named_difference(wp, wname, wv, rp, rname, rv, where)


def _named_difference(
    wp: Project, wname: str, wv: Value, rp: Project, rname: str, rv: object, where: str
) -> str:
    w, r = wp.types[wname], rp.types[rname]
    if isinstance(w, Enum) and isinstance(r, Enum):
        known = {s.name for s in r.symbols}
        if rv == wv:
            return ""
        if wv not in known and (isinstance(rv, UnknownSymbol) or rv == r.default):
            return ""  # the reader's documented fallback for a symbol it does not know
        return f"{where}: enum symbol {_show(wv)} read as {_show(rv)}"
    if isinstance(w, Union) and isinstance(r, Union):
        assert isinstance(wv, dict)
        if not isinstance(rv, dict):
            return f"{where}: union value read as {_show(rv)}"
        tag = wv.get(w.discriminator)
        if rv.get(r.discriminator) != tag:
            return f"{where}: variant {tag!r} read as {rv.get(r.discriminator)!r}"
        wvar = next(v for v in w.variants if v.name == tag)
        rvar = next((v for v in r.variants if v.name == tag), None)
        if rvar is None:
            return f"{where}: variant {tag!r} is unknown to the reader"
        body = {k: v for k, v in wv.items() if k != w.discriminator}
        return _named_difference(wp, wvar.type.name, body, rp, rvar.type.name, rv, where)
    if isinstance(w, Record) and isinstance(r, Record):
        if not isinstance(wv, dict) or not isinstance(rv, dict):
            return f"{where}: record read as {_show(rv)}"
        for rf in r.fields:
            if rf.name in rv and _stray(w, rf, rv[rf.name]):
                return (
                    f"{where}.{rf.name}: holds {_show(rv[rf.name])}, "
                    f"which the writer never wrote as {rf.name}"
                )
        for wf in w.fields:
            if wf.name not in wv:
                continue
            mate = next((f for f in r.fields if _same_field(wf, f)), None)
            if mate is None:
                continue  # the reader does not declare it: ignored
            if mate.name not in rv:
                return f"{where}.{mate.name}: written as {_show(wv[wf.name])}, read as absent"
            found = difference(
                wp, wf.type, wv[wf.name], rp, mate.type, rv[mate.name], f"{where}.{mate.name}"
            )
            if found:
                return found
        return ""
    return f"{where}: a {type(w).__name__.lower()} read as a {type(r).__name__.lower()}"


def _stray(w: Record, rf: Any, read: object) -> bool:
    """A reader's field that no writer's field corresponds to, yet holds data (Protobuf reads
    it from a number another field of the writer uses)."""
    if any(_same_field(wf, rf) for wf in w.fields):
        return False
    return _nonzero(read) and not (rf.has_default and read == rf.default)


def _same_field(wf: Any, rf: Any) -> bool:
    return bool(wf.name == rf.name or wf.name in rf.renamed_from or rf.name in wf.renamed_from)


def _nonzero(v: object) -> bool:
    """Whether a value read is more than a zero value (Protobuf reads every absent scalar as
    zero and every absent message as a message of zeros)."""
    if isinstance(v, UnknownSymbol):
        return False
    if isinstance(v, dict):
        return any(_nonzero(x) for x in v.values())
    return bool(v) and v not in _ZERO_TEXTS


# Canonical texts of Protobuf's zero Timestamp and Duration messages.
_ZERO_TEXTS = ("1970-01-01T00:00:00Z", "PT0S")


def _show(v: object) -> str:
    if isinstance(v, UnknownSymbol):
        return f"unknown number {v.number}"
    text = json.dumps(v, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(t: TypeExpr) -> str:
    from stele.ir import type_text

    return type_text(t)


# ---------------------------------------------------------------------------------------------
# Proofs
# ---------------------------------------------------------------------------------------------


@dataclass
class Proof:
    counterexample: str = ""
    values: int = 0

    @property
    def verdict(self) -> str:
        return "error" if self.counterexample else "ok"


@dataclass
class Pairing:
    writer: Version
    reader: Version
    direction: Direction
    proofs: dict[str, Proof] = field(default_factory=dict)

    def fail(self, fmt: str, message: str) -> None:
        proof = self.proofs.setdefault(fmt, Proof())
        if not proof.counterexample:
            proof.counterexample = message

    def count(self, fmt: str) -> None:
        self.proofs.setdefault(fmt, Proof()).values += 1


def prove(case: Case) -> dict[tuple[str, Direction], Proof]:
    old, new = versions(case)
    out: dict[tuple[str, Direction], Proof] = {}
    for direction in DIRECTIONS:
        writer, reader = (old, new) if direction is Direction.BACKWARD else (new, old)
        pairing = Pairing(writer, reader, direction)
        for pair in type_pairs(writer.project, reader.project):
            _prove_type(pairing, *pair)
        _prove_messages(pairing)
        client, server = (old, new) if direction is Direction.BACKWARD else (new, old)
        _prove_exchanges(pairing, client, server)
        for fmt in FORMATS:
            out[(fmt, direction)] = pairing.proofs.get(fmt, Proof())
    return out


def type_pairs(writer: Project, reader: Project) -> Iterator[tuple[str, str]]:
    """Records and unions both versions declare (by name, or by the record's renamed_from)."""
    for name, t in writer.types.items():
        if isinstance(t, Enum):
            continue
        if name in reader.types and not isinstance(reader.types[name], Enum):
            yield name, name
            continue
        for rname, r in reader.types.items():
            if name in r.renamed_from or rname in t.renamed_from:
                yield name, rname


def _prove_type(p: Pairing, wname: str, rname: str) -> None:
    wp = p.writer.project
    for value in type_values(wp, wname):
        _avro(p, wname, rname, value)
        _protobuf(p, wname, rname, value)
        json = renamed(wp, Ref(wname), value, to_json=True)  # the writer's JSON names
        _json_value(p, f"type {wname}", _type_ref(p.reader, rname), rname, json)


def _type_ref(v: Version, name: str) -> str:
    t = v.project.types[name]
    local = t.name[len(t.package) + 1 :]
    return f"{SCHEMA_BASE}{t.package.replace('.', '/')}/{local}.schema.json"


def _message_ref(v: Version, m: Message) -> str:
    local = m.name[len(m.package) + 1 :]
    return f"{SCHEMA_BASE}{m.package.replace('.', '/')}/{local}.message.schema.json"


def _json_value(p: Pairing, what: str, ref: str, model: str, value: Value) -> None:
    p.count("jsonschema")
    problem = p.reader.schema_problem(ref, value)
    if problem:
        p.fail(
            "jsonschema", f"{what} {_show(value)}: the reader's JSON Schema rejects it {problem}"
        )
        return
    problem = p.reader.model_problem(model, value)
    if problem:
        p.fail(
            "jsonschema", f"{what} {_show(value)}: the reader's pydantic model rejects it {problem}"
        )


def _avro(p: Pairing, wname: str, rname: str, value: Value) -> None:
    import fastavro

    wcodec: Any = p.writer.codecs["avro"]
    rcodec: Any = p.reader.codecs["avro"]
    try:
        record = wcodec._values.named_writer(wname)(value)
        buffer = io.BytesIO()
        fastavro.schemaless_writer(buffer, wcodec.parsed_schema(wname), record)
    except (ValueError, KeyError, TypeError):
        return  # the writer cannot express it: no evidence
    p.count("avro")
    data = buffer.getvalue()
    try:
        try:
            raw = fastavro.schemaless_reader(
                io.BytesIO(data),
                wcodec.parsed_schema(wname),
                rcodec.parsed_schema(rname),
                return_record_name=True,
            )
        except TypeError:
            # fastavro cannot skip a writer-only union of records while it returns record names
            # ("unhashable type: 'dict'"). Resolution itself is proven without the names; the
            # values are then not compared.
            fastavro.schemaless_reader(
                io.BytesIO(data), wcodec.parsed_schema(wname), rcodec.parsed_schema(rname)
            )
            return
        read = rcodec._values.named_reader(rname)(raw)
    except Exception as exc:  # every failure of the reader is the consumer's verdict
        p.fail(
            "avro",
            f"{wname} {_show(value)}: the reader's Avro schema cannot read it ({type(exc).__name__})",
        )
        return
    found = read_problem(p.writer.project, wname, value, p.reader.project, rname, read, rname)
    if found:
        p.fail("avro", f"{wname}: {found}")


def _protobuf(p: Pairing, wname: str, rname: str, value: Value) -> None:
    from google.protobuf import json_format

    wcodec: Any = p.writer.codecs["protobuf"]
    try:
        message = wcodec.values.to_message(wname, value)
    except (ValueError, KeyError, TypeError):
        return
    p.count("protobuf")
    reader = p.reader.lenient_proto
    rclass = reader.message_class(rname)
    try:
        parsed = rclass.FromString(message.SerializeToString())
        read = reader.decoder(rname)(parsed)
    except Exception as exc:  # the runtime's or the reader's refusal
        p.fail(
            "protobuf",
            f"{wname} {_show(value)}: the reader cannot parse the wire ({type(exc).__name__})",
        )
        return
    found = read_problem(p.writer.project, wname, value, p.reader.project, rname, read, rname)
    if found:
        p.fail("protobuf", f"{wname} on the wire: {found}")
        return
    try:
        text = json_format.MessageToJson(message)
        parsed = json_format.Parse(text, rclass(), ignore_unknown_fields=True)
        read = reader.decoder(rname)(parsed)
    except Exception as exc:
        p.fail(
            "protobuf",
            f"{wname} {_show(value)}: the reader cannot parse its JSON mapping ({type(exc).__name__})",
        )
        return
    found = read_problem(p.writer.project, wname, value, p.reader.project, rname, read, rname)
    if found:
        p.fail("protobuf", f"{wname} in the JSON mapping: {found}")


def _prove_messages(p: Pairing) -> None:
    wp, rp = p.writer.project, p.reader.project
    for name, m in wp.messages.items():
        rm = rp.messages.get(name)
        if rm is None:
            continue  # no reader declares it
        if m.body.name != rm.body.name:
            for value in type_values(wp, m.body.name):
                _avro(p, m.body.name, rm.body.name, value)
                _protobuf(p, m.body.name, rm.body.name, value)
        for doc in message_documents(wp, m):
            _json_value(p, f"message {name}", _message_ref(p.reader, rm), name, doc)
    _prove_channels(p)


def _addresses(project: Project) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for channel in project.channels.values():
        for m in channel.messages:
            out.setdefault(m, set()).add(channel.address)
    return out


def _asyncapi_message(v: Version, name: str) -> str | None:
    for path in v.api_documents:
        if not path.startswith("asyncapi/"):
            continue
        doc = v.json(path)
        if name in doc.get("components", {}).get("messages", {}):
            return f"urn:stele:{path}#/components/messages/{name}"
    return None


def _async_problem(v: Version, ref: str, doc: dict[str, Value]) -> str:
    for part, key in (("headers", "headers"), ("payload", "body")):
        problem = v.schema_problem(f"{ref}/{part}", doc[key])
        if problem:
            return f"{part} {problem}"
    return ""


def _prove_channels(p: Pairing) -> None:
    wp, rp = p.writer.project, p.reader.project
    waddr, raddr = _addresses(wp), _addresses(rp)
    for name, addresses in waddr.items():
        if name not in raddr or name not in rp.messages:
            continue
        # A route added beside one the readers still listen on is new traffic, not a move.
        moved = addresses - raddr[name] if addresses.isdisjoint(raddr[name]) else set()
        for address in sorted(moved):
            p.fail(
                "asyncapi",
                f"{name} is sent to '{address}' but its readers listen at "
                + ", ".join(f"'{a}'" for a in sorted(raddr[name])),
            )
        _async_documents(p, wp.messages[name], name, f"message {name}")
    wops = {op.qualified_name: op for op in wp.operations()}
    for rop in rp.operations():
        wop = wops.get(rop.qualified_name)
        if wop is None or rop.reply is None:
            continue
        if wop.reply is None:
            p.fail(
                "asyncapi",
                f"{rop.qualified_name}: the requester waits for {rop.reply}, no reply is sent",
            )
            continue
        wch, rch = (
            wp.channels.get(wop.reply_channel or ""),
            rp.channels.get(rop.reply_channel or ""),
        )
        if wch is not None and rch is not None and wch.address != rch.address:
            p.fail(
                "asyncapi",
                f"{rop.qualified_name}: the reply is sent to '{wch.address}', the requester listens at '{rch.address}'",
            )
        _async_documents(p, wp.messages[wop.reply], rop.reply, f"reply of {rop.qualified_name}")


def _async_documents(p: Pairing, written: Message, read_as: str, what: str) -> None:
    ref = _asyncapi_message(p.reader, read_as)
    if ref is None or _asyncapi_message(p.writer, written.name) is None:
        return
    for doc in message_documents(p.writer.project, written):
        p.count("asyncapi")
        problem = _async_problem(p.reader, ref, doc)
        if problem:
            p.fail(
                "asyncapi",
                f"{what} {_show(doc['body'])}: the reader's schema rejects the {problem}",
            )
            return


# ---------------------------------------------------------------------------------------------
# Exchanges: HTTP (OpenAPI) and gRPC (Protobuf)
# ---------------------------------------------------------------------------------------------


def _prove_exchanges(p: Pairing, client: Version, server: Version) -> None:
    old = p.reader if p.direction is Direction.FORWARD else p.writer
    old_ops = {op.qualified_name for op in old.project.operations()}
    sops = {op.qualified_name: op for op in server.project.operations()}
    for cop in client.project.operations():
        if cop.style.value != "request-response":
            continue
        if p.direction is Direction.FORWARD and cop.qualified_name not in old_ops:
            continue  # new in this version: no old server was ever asked
        _grpc(p, client, server, cop, sops.get(cop.qualified_name))
        if cop.http is not None:
            _http(p, client, server, cop)


def _grpc(
    p: Pairing, client: Version, server: Version, cop: Operation, sop: Operation | None
) -> None:
    if sop is None:
        p.fail(
            "protobuf", f"rpc {cop.qualified_name}: the server does not offer it (UNIMPLEMENTED)"
        )
        return
    pairs = [
        (client, cop.request, server, sop.request),
        (server, sop.response, client, cop.response),
    ]
    for writer, wtype, reader, rtype in pairs:
        if wtype is None or rtype is None:
            continue
        sub = Pairing(writer, reader, p.direction)
        for value in type_values(writer.project, wtype):
            _protobuf(sub, wtype, rtype, value)
        proof = sub.proofs.get("protobuf")
        if proof is not None and proof.counterexample:
            p.fail("protobuf", f"rpc {cop.qualified_name}: {proof.counterexample}")


def _template(path: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile(
        "".join(f"(?P<{x[1:-1]}>[^/]+)" if x.startswith("{") else re.escape(x) for x in parts) + "$"
    )


def _text_of(v: Value) -> str:
    return json.dumps(v) if isinstance(v, bool) else str(v)


def _coerce(text: str, schema: Any) -> Value:
    kind = schema.get("type") if isinstance(schema, dict) else None
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return float(text)
        if kind == "boolean":
            return {"true": True, "false": False}[text]
    except (ValueError, KeyError):
        return text
    return text


def _http(p: Pairing, client: Version, server: Version, cop: Operation) -> None:
    assert cop.http is not None
    binding = cop.http
    cdoc = client.json(OPENAPI)
    sdoc = server.json(OPENAPI)
    method = binding.method.lower()
    what = f"{binding.method} {binding.path} ({cop.qualified_name})"
    answered: set[str] = set()  # the server operations that answered, by qualified name
    requests = type_values(client.project, cop.request) if cop.request else [{}]
    for request in requests:
        assert isinstance(request, dict)
        if any(request.get(name) in ("", None) for name in binding.path_params):
            continue  # an empty path segment cannot be sent
        path = binding.path
        for name in binding.path_params:
            path = path.replace("{" + name + "}", _text_of(request.get(name, "")))
        found = [
            (sop, m)
            for sop in server.project.operations()
            if sop.http is not None
            and sop.http.method.lower() == method
            and (m := _template(sop.http.path).match(path)) is not None
        ]
        if not found:
            p.fail("openapi", f"{what}: the server answers no {binding.method} {path} (404)")
            return
        sop, match = found[0]
        assert sop.http is not None
        p.count("openapi")
        sent_query = {
            prm["name"]: request[prm["name"]]
            for prm in cdoc["paths"][binding.path][method].get("parameters", [])
            if prm["in"] == "query" and prm["name"] in request
        }
        soperation = sdoc["paths"][sop.http.path][method]
        pointer = f"{_API}{OPENAPI}#/paths/{_escape(sop.http.path)}/{method}"
        problem = _request_problem(
            client, server, soperation, pointer, match, sent_query, request, cop
        )
        if problem:
            p.fail("openapi", f"{what}: the server rejects the request: {problem}")
            return
        if sop.qualified_name not in answered:
            answered.add(sop.qualified_name)
            if not _response_read(p, client, server, cop, sop, what):
                return


def _response_read(
    p: Pairing, client: Version, server: Version, cop: Operation, sop: Operation, what: str
) -> bool:
    """The server's responses, read by the client: False when one is rejected."""
    assert cop.http is not None and sop.http is not None
    if sop.response is None:
        return True
    method = cop.http.method.lower()
    status = str(sop.http.status)
    if status not in client.json(OPENAPI)["paths"][cop.http.path][method]["responses"]:
        p.fail(
            "openapi", f"{what}: the server answers {status}, a status the client does not expect"
        )
        return False
    cpointer = (
        f"{_API}{OPENAPI}#/paths/{_escape(cop.http.path)}/{method}"
        f"/responses/{status}/content/application~1json/schema"
    )
    for value in type_values(server.project, sop.response):
        response = renamed(server.project, Ref(sop.response), value, to_json=True)
        problem = client.schema_problem(cpointer, response)
        if problem:
            p.fail(
                "openapi", f"{what}: the client rejects the response {_show(response)} {problem}"
            )
            return False
    return True


def _escape(path: str) -> str:
    return path.replace("~", "~0").replace("/", "~1")


def _request_problem(
    client: Version,
    server: Version,
    operation: Any,
    pointer: str,
    match: re.Match[str],
    query: dict[str, Value],
    request: dict[str, Value],
    cop: Operation,
) -> str:
    for i, prm in enumerate(operation.get("parameters", [])):
        if prm["in"] == "path":
            value = _coerce(match.group(prm["name"]), prm.get("schema"))
        elif prm["in"] == "query":
            if prm["name"] not in query:
                if prm.get("required"):
                    return f"required query parameter '{prm['name']}' is missing"
                continue
            sent = query[prm["name"]]
            value = (
                sent
                if isinstance(sent, list | dict)
                else _coerce(_text_of(sent), prm.get("schema"))
            )
        else:
            continue
        problem = server.schema_problem(f"{pointer}/parameters/{i}/schema", value)
        if problem:
            return f"parameter '{prm['name']}' {_show(value)} {problem}"
    assert cop.http is not None
    used = set(cop.http.path_params) | set(query)
    body: Value = {k: v for k, v in request.items() if k not in used} if cop.http.body else None
    if body is not None and cop.request is not None:
        body = renamed(client.project, Ref(cop.request), body, to_json=True)
    rbody = operation.get("requestBody")
    if rbody is None:
        return ""
    if body is None:
        return "the request has no body" if rbody.get("required") else ""
    problem = server.schema_problem(f"{pointer}/requestBody/content/application~1json/schema", body)
    return f"body {_show(body)} {problem}" if problem else ""
