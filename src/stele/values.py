"""Values in canonical form (the JSON form of docs/mapping.md): checking and text formats.

`check_value` says why a value does not fit a type, with a path to the offending part. It is used
for defaults and examples at load time, and by the encoding layer and the test runner later.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections.abc import Iterator

from stele.ir import (
    Decimal,
    Enum,
    ListOf,
    MapOf,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Union,
    Value,
)

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)

UUID_RE = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIMESTAMP_RE = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$"
)
DURATION_RE = re.compile(
    r"^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,9}))?S)?)?$"
)


def decimal_pattern(precision: int, scale: int) -> str:
    """The canonical text of a decimal(p,s): optional '-', at most p-s integer digits without
    leading zeros, at most s fraction digits. The generated JSON Schema uses this pattern too.
    One integer digit is `[0-9]` (not `(0|[1-9][0-9]{0,0})`)."""
    digits = precision - scale
    if digits <= 1:
        integer = "0" if digits == 0 else "[0-9]"
    else:
        integer = f"(0|[1-9][0-9]{{0,{digits - 1}}})"
    fraction = f"(\\.[0-9]{{1,{scale}}})?" if scale > 0 else ""
    return f"^-?{integer}{fraction}$"


# --- text forms ------------------------------------------------------------------------------


def parse_timestamp(text: str) -> tuple[dt.datetime, int]:
    """An RFC 3339 timestamp as an aware UTC datetime (microseconds) plus the nanosecond rest."""
    m = TIMESTAMP_RE.match(text)
    if not m:
        raise ValueError("not an RFC 3339 date-time such as 2026-11-25T12:30:00Z")
    frac = m.group(6) or ""
    base = dt.datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}:{m.group(3)}:{m.group(4)}")
    zone = m.group(7).upper()
    tz = dt.UTC if zone == "Z" else dt.datetime.strptime(zone, "%z").tzinfo
    nanos = int((frac + "000000000")[:9])
    value = base.replace(tzinfo=tz, microsecond=nanos // 1000).astimezone(dt.UTC)
    return value, nanos % 1000


def format_timestamp(value: dt.datetime) -> str:
    """The canonical text of a timestamp: UTC, `Z`, fraction only when non-zero."""
    value = value.astimezone(dt.UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text + "Z"


def parse_duration(text: str) -> int:
    """An ISO 8601 duration (days, hours, minutes, seconds) as a number of microseconds."""
    m = DURATION_RE.match(text)
    if not m or text.endswith(("P", "T")):
        raise ValueError("not an ISO 8601 duration such as PT1H30M or PT0.5S")
    sign, days, hours, minutes, seconds, frac = m.groups()
    if frac and len(frac) > 6:
        raise ValueError("durations have at most microsecond precision")
    micros = (int(days or 0) * 86400 + int(hours or 0) * 3600 + int(minutes or 0) * 60) * 10**6
    micros += int(seconds or 0) * 10**6 + int(((frac or "") + "000000")[:6])
    return -micros if sign else micros


def format_duration(micros: int) -> str:
    """The canonical text of a duration: `PT<seconds>S` with an optional fraction."""
    sign = "-" if micros < 0 else ""
    micros = abs(micros)
    seconds, rest = divmod(micros, 10**6)
    frac = f".{rest:06d}".rstrip("0") if rest else ""
    return f"{sign}PT{seconds}{frac}S"


def parse_short_duration(text: str) -> int | None:
    """`500ms`, `30s`, `2m`, `1h` or an ISO 8601 duration, in milliseconds; None when invalid."""
    m = re.fullmatch(r"(\d+)(ms|s|m|h)", text)
    if m:
        factor = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000}[m.group(2)]
        return int(m.group(1)) * factor
    try:
        return parse_duration(text) // 1000
    except ValueError:
        return None


# --- checking --------------------------------------------------------------------------------


def check_value(project: Project, t: TypeExpr, value: Value, path: str = "") -> Iterator[str]:
    """Yield a message for every way `value` does not fit type `t`."""
    where = f" at '{path}'" if path else ""
    if isinstance(t, Scalar):
        problem = _check_scalar(t.name, value)
        if problem:
            yield f"{problem}{where}"
    elif isinstance(t, Decimal):
        if not isinstance(value, str) or not re.match(decimal_pattern(t.precision, t.scale), value):
            yield (
                f"expected a decimal({t.precision},{t.scale}) as a string such as "
                f"'{'1' * max(1, t.precision - t.scale)}{'.' + '5' * t.scale if t.scale else ''}'"
                f", got {_show(value)}{where}"
            )
    elif isinstance(t, ListOf):
        if not isinstance(value, list):
            yield f"expected a list, got {_show(value)}{where}"
        else:
            for i, item in enumerate(value):
                yield from check_value(project, t.item, item, f"{path}[{i}]")
    elif isinstance(t, MapOf):
        if not isinstance(value, dict):
            yield f"expected a map, got {_show(value)}{where}"
        else:
            for k, v in value.items():
                yield from check_value(project, t.value, v, f"{path}.{k}" if path else k)
    else:
        yield from _check_named(project, t, value, path)


def _check_named(project: Project, t: Ref, value: Value, path: str) -> Iterator[str]:
    where = f" at '{path}'" if path else ""
    named = project.types.get(t.name)
    if isinstance(named, Enum):
        symbols = [s.name for s in named.symbols]
        if value not in symbols:
            yield f"{_show(value)} is not a symbol of {named.short_name} ({', '.join(symbols)}){where}"
    elif isinstance(named, Record):
        yield from check_record(project, named, value, path)
    elif isinstance(named, Union):
        if not isinstance(value, dict):
            yield f"expected a {named.short_name} object, got {_show(value)}{where}"
            return
        tag = value.get(named.discriminator)
        variants = {v.name: v for v in named.variants}
        if tag not in variants:
            yield (
                f"'{named.discriminator}' must name a variant of {named.short_name} "
                f"({', '.join(variants)}), got {_show(tag)}{where}"
            )
            return
        rest = {k: v for k, v in value.items() if k != named.discriminator}
        target = project.types.get(variants[str(tag)].type.name)
        if isinstance(target, Record):
            yield from check_record(project, target, rest, path)


def check_record(project: Project, record: Record, value: Value, path: str = "") -> Iterator[str]:
    where = f" at '{path}'" if path else ""
    if not isinstance(value, dict):
        yield f"expected a {record.short_name} object, got {_show(value)}{where}"
        return
    names = {f.name for f in record.fields}
    for key in value:
        if key not in names:
            yield f"{record.short_name} has no field '{key}'{where}"
    for f in record.fields:
        sub = f"{path}.{f.name}" if path else f.name
        if f.name not in value:
            if not f.optional and not f.has_default:
                yield f"required field '{f.name}' is missing{where}"
            continue
        yield from check_value(project, f.type, value[f.name], sub)


def _check_scalar(name: str, value: Value) -> str:
    ok: bool
    if name == "bool":
        ok = isinstance(value, bool)
    elif name in ("int32", "int64"):
        lo, hi = INT32 if name == "int32" else INT64
        if isinstance(value, int) and not isinstance(value, bool):
            return "" if lo <= value <= hi else f"{value} is out of the {name} range"
        ok = False
    elif name in ("float32", "float64"):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif name == "string":
        ok = isinstance(value, str)
    else:
        return _check_text_scalar(name, value)
    return "" if ok else f"expected {_article(name)}, got {_show(value)}"


def _check_text_scalar(name: str, value: Value) -> str:
    if not isinstance(value, str):
        return f"expected {_article(name)} as a string, got {_show(value)}"
    try:
        if name == "bytes":
            base64.b64decode(value, validate=True)
        elif name == "uuid":
            if not UUID_RE.match(value):
                raise ValueError("not a UUID such as 0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11")
        elif name == "date":
            if not DATE_RE.match(value):
                raise ValueError("not a date such as 2026-11-25")
            dt.date.fromisoformat(value)
        elif name == "timestamp":
            _, nanos = parse_timestamp(value)
            if nanos:
                raise ValueError("timestamps have at most microsecond precision")
        elif name == "duration":
            parse_duration(value)
    except (ValueError, binascii.Error) as exc:
        return f"'{value}' is not a valid {name}: {exc}"
    return ""


def _article(name: str) -> str:
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _show(value: Value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)
