"""Values for the verification by codecs: generated with a label that says, in the YAML's terms,
what each one exercises, and compared as values (not as texts) at every depth.

Two canonical values are the same when they mean the same: decimals as numbers
(`648406.32` = `648406.3200`), timestamps as instants, durations as lengths of time, numbers as
numbers (an int32 read as an int64 or a double), and named types field by field, symbol by symbol
and variant by variant, however deep they are nested. An enum symbol the reader does not declare
may read as the reader's fallback: its default (Avro), or the number kept (Protobuf's open
enums).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import random
import struct
from dataclasses import dataclass

from stele.compat.verify_readers import UnknownSymbol
from stele.encode import Shape, generate_value
from stele.ir import (
    Decimal,
    Enum,
    Field,
    ListOf,
    MapOf,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Union,
    Value,
    type_text,
)
from stele.mapping.canonical_text import parse_duration, parse_timestamp

_SEEDS = ((1.0, "every optional field present"), (0.0, "every optional field absent"))
_MIXED = (0.5, "optional fields mixed")


@dataclass(frozen=True)
class Labelled:
    value: Value
    label: str  # what the value exercises: "field 'state' = CANCELLED", "variant 'card'"


def covering_values(project: Project, type_name: str) -> list[Labelled]:
    """Values of a type: optional fields all present, all absent and mixed; every variant of a
    union; every symbol of each enum field and every variant of each union field."""
    t = project.types[type_name]
    values: list[Labelled] = []
    for seed, (presence, label) in enumerate((*_SEEDS, _MIXED)):
        shape = Shape(optional_presence=presence, max_depth=4)
        value = generate_value(project, Ref(type_name), random.Random(seed), shape)
        values.append(Labelled(value, label))
    if isinstance(t, Union):
        values += [
            Labelled(variant_value(project, t, v.name), f"variant '{v.name}'") for v in t.variants
        ]
    if isinstance(t, Record):
        full = values[0].value
        assert isinstance(full, dict)
        for f in t.fields:
            for choice, label in _field_choices(project, f):
                values.append(Labelled({**full, f.name: choice}, label))
    unique = {json.dumps(v.value, sort_keys=True): v for v in reversed(values)}
    return sorted(unique.values(), key=values.index)


def _field_choices(project: Project, f: Field) -> list[tuple[Value, str]]:
    if not isinstance(f.type, Ref):
        return []
    named = project.types[f.type.name]
    if isinstance(named, Enum):
        return [(s.name, f"field '{f.name}' = {s.name}") for s in named.symbols]
    if isinstance(named, Union):
        return [
            (variant_value(project, named, v.name), f"field '{f.name}' holding variant '{v.name}'")
            for v in named.variants
        ]
    return []


def variant_value(project: Project, union: Union, variant: str) -> Value:
    chosen = next(v for v in union.variants if v.name == variant)
    body = generate_value(
        project, chosen.type, random.Random(0), Shape(optional_presence=1.0, max_depth=4)
    )
    assert isinstance(body, dict)
    return {union.discriminator: variant, **body}


# ---------------------------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------------------------


def difference(
    writer: Project, wt: TypeExpr, written: Value, reader: Project, rt: TypeExpr, read: Value
) -> str:
    """How the value read differs from the value written, in the YAML's terms ("" when it reads
    back as written). Only what both versions declare is compared: a field the reader does not
    declare is not expected back."""
    return _diff(writer, wt, written, reader, rt, read, "")


def show(value: Value) -> str:
    """A value as the YAML writes it (its JSON form), shortened."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 60 else text[:57] + "..."


def _diff(
    wp: Project, wt: TypeExpr, wv: Value, rp: Project, rt: TypeExpr, rv: Value, where: str
) -> str:
    if isinstance(wt, ListOf) and isinstance(rt, ListOf):
        if not isinstance(wv, list) or not isinstance(rv, list) or len(wv) != len(rv):
            return _changed(where, wv, rv)
        for i, (a, b) in enumerate(zip(wv, rv, strict=True)):
            found = _diff(wp, wt.item, a, rp, rt.item, b, f"{where}[{i}]")
            if found:
                return found
        return ""
    if isinstance(wt, MapOf) and isinstance(rt, MapOf):
        if not isinstance(wv, dict) or not isinstance(rv, dict) or set(wv) != set(rv):
            return _changed(where, wv, rv)
        for key in sorted(wv):
            found = _diff(wp, wt.value, wv[key], rp, rt.value, rv[key], f"{where}[{key}]")
            if found:
                return found
        return ""
    if isinstance(wt, Ref) and isinstance(rt, Ref):
        return _named(wp, wt.name, wv, rp, rt.name, rv, where)
    if isinstance(wt, Scalar | Decimal) and isinstance(rt, Scalar | Decimal):
        meant, got = scalar_value(wt, wv), scalar_value(rt, rv)
        if meant is None or got is None or meant != got or _kind(meant) != _kind(got):
            return _changed(where, wv, rv, wt, rt)
        return ""
    return _changed(where, wv, rv, wt, rt)


def _named(
    wp: Project, wname: str, wv: Value, rp: Project, rname: str, rv: Value, where: str
) -> str:
    w, r = wp.types.get(wname), rp.types.get(rname)
    if isinstance(w, Enum) and isinstance(r, Enum):
        if wv == rv:
            return ""
        unknown = wv not in {s.name for s in r.symbols}
        if unknown and (isinstance(rv, UnknownSymbol) or (r.default and rv == r.default)):
            return ""  # the reader's fallback: its default, or the number kept (Protobuf)
        return _changed(where, wv, rv)
    if isinstance(w, Union) and isinstance(r, Union):
        if not isinstance(wv, dict) or not isinstance(rv, dict):
            return _changed(where, wv, rv)
        tag = wv.get(w.discriminator)
        if rv.get(r.discriminator) != tag:
            return f"{_at(where)}variant '{tag}' was read as {show(rv.get(r.discriminator))}"
        wvar = next((v for v in w.variants if v.name == tag), None)
        rvar = next((v for v in r.variants if v.name == tag), None)
        if wvar is None or rvar is None:
            return f"{_at(where)}variant '{tag}' is not declared by both versions"
        body = {k: v for k, v in wv.items() if k != w.discriminator}
        return _named(wp, wvar.type.name, body, rp, rvar.type.name, rv, where)
    if isinstance(w, Record) and isinstance(r, Record):
        if not isinstance(wv, dict) or not isinstance(rv, dict):
            return _changed(where, wv, rv)
        for wf in w.fields:
            rf = _counterpart(wf, r)
            if rf is None or wf.name not in wv:
                continue
            path = f"{where}.{rf.name}" if where else rf.name
            if rf.name not in rv:
                return f"field '{path}' was written as {show(wv[wf.name])} but read as absent"
            found = _diff(wp, wf.type, wv[wf.name], rp, rf.type, rv[rf.name], path)
            if found:
                return found
        return ""
    return f"{_at(where)}a {_noun(w)} was read as a {_noun(r)}"


def _counterpart(wf: Field, reader: Record) -> Field | None:
    """The reader's field for a writer's field: the same name, or a rename either way."""
    for rf in reader.fields:
        if rf.name == wf.name or wf.name in rf.renamed_from or rf.name in wf.renamed_from:
            return rf
    return None


def scalar_value(t: Scalar | Decimal, v: Value) -> object:
    """The meaning of a canonical scalar (None when the text is not one of the type)."""
    try:
        if isinstance(t, Decimal):
            return decimal.Decimal(str(v))
        name = t.name
        if isinstance(v, bool) != (name == "bool"):
            return None
        if name in ("int32", "int64", "float32", "float64"):
            if not isinstance(v, int | float | str):
                return None
            if name.startswith("int"):
                return decimal.Decimal(str(v))
            # a float32 means the nearest single-precision number, however it is written
            return (
                struct.unpack("f", struct.pack("f", float(v)))[0] if name == "float32" else float(v)
            )
        if name == "timestamp":
            return parse_timestamp(str(v))
        if name == "date":
            return dt.date.fromisoformat(str(v))
        if name == "duration":
            return dt.timedelta(microseconds=parse_duration(str(v)))
        if name == "bytes":
            return base64.b64decode(str(v), validate=True)
        if name == "uuid":
            return str(v).lower()
        return v
    except (ValueError, TypeError, ArithmeticError, struct.error):
        return None


def _kind(value: object) -> str:
    if isinstance(value, decimal.Decimal | int | float):
        return "number"
    if isinstance(value, dt.datetime):
        return "instant"
    return type(value).__name__


def _changed(
    where: str, wv: Value, rv: Value, wt: TypeExpr | None = None, rt: TypeExpr | None = None
) -> str:
    types = f" ({type_text(wt)} read as {type_text(rt)})" if wt and rt and wt != rt else ""
    return f"{_at(where)}{show(wv)} was read as {show(rv)}{types}"


def _at(where: str) -> str:
    return f"field '{where}': " if where else ""


def _noun(t: object) -> str:
    return type(t).__name__.lower() if t is not None else "missing type"
