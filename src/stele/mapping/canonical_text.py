"""The text forms of the canonical JSON value (docs/mapping.md), parsed and printed.

Printing is normalising, so that a value that went through a binary codec prints the same way
every time:

- timestamp: UTC with `Z`, and 0, 3 or 6 fraction digits (as Protobuf's JSON mapping prints);
- duration: `[-]P[nD][T[nH][nM][n[.f]S]]`, days for every full 24 hours, trailing fraction zeros
  dropped, `PT0S` for zero;
- decimal: exactly `scale` fraction digits, no `-` on zero.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re

EPOCH_DATE = dt.date(1970, 1, 1)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

_MICROS_PER_SECOND = 1_000_000
_MICROS_PER_MINUTE = 60 * _MICROS_PER_SECOND
_MICROS_PER_HOUR = 60 * _MICROS_PER_MINUTE
_MICROS_PER_DAY = 24 * _MICROS_PER_HOUR

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})"
)
_DURATION = re.compile(r"(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)(?:\.(\d{1,6}))?S)?)?")
_DECIMAL = re.compile(r"-?\d+(?:\.\d+)?")


def parse_date(text: str) -> dt.date:
    if not _DATE.fullmatch(text):
        raise ValueError(f"'{text}' is not a date (YYYY-MM-DD)")
    return dt.date.fromisoformat(text)


def format_date(value: dt.date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def parse_timestamp(text: str) -> dt.datetime:
    """An RFC 3339 date-time with at most microseconds, as an aware UTC datetime."""
    m = _TIMESTAMP.fullmatch(text)
    if m is None:
        raise ValueError(f"'{text}' is not an RFC 3339 date-time with at most microseconds")
    year, month, day, hour, minute, second, fraction, offset = m.groups()
    if offset == "Z":
        zone = dt.UTC
    else:
        sign = -1 if offset[0] == "-" else 1
        delta = dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6]))
        zone = dt.timezone(sign * delta)
    y, mo, d, h, mi, s = (int(part) for part in (year, month, day, hour, minute, second))
    local = dt.datetime(y, mo, d, h, mi, s, int((fraction or "").ljust(6, "0")), tzinfo=zone)
    return local.astimezone(dt.UTC)


def format_timestamp(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC)
    micros = value.microsecond
    if micros == 0:
        fraction = ""
    elif micros % 1000 == 0:
        fraction = f".{micros // 1000:03d}"
    else:
        fraction = f".{micros:06d}"
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}{fraction}Z"
    )


def timestamp_to_micros(value: dt.datetime) -> int:
    delta = value - EPOCH
    return (delta.days * 86_400 + delta.seconds) * _MICROS_PER_SECOND + delta.microseconds


def timestamp_from_micros(micros: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=micros)


def parse_duration(text: str) -> int:
    """An ISO 8601 duration of days, hours, minutes and seconds, in microseconds."""
    m = _DURATION.fullmatch(text)
    if m is None or not any(m.group(i) for i in (2, 3, 4, 5)) or text.endswith("T"):
        raise ValueError(f"'{text}' is not an ISO 8601 duration (days to microseconds)")
    sign, days, hours, minutes, seconds, fraction = m.groups()
    micros = (
        int(days or 0) * _MICROS_PER_DAY
        + int(hours or 0) * _MICROS_PER_HOUR
        + int(minutes or 0) * _MICROS_PER_MINUTE
        + int(seconds or 0) * _MICROS_PER_SECOND
        + int((fraction or "").ljust(6, "0"))
    )
    return -micros if sign else micros


def format_duration(micros: int) -> str:
    if micros == 0:
        return "PT0S"
    sign = "-" if micros < 0 else ""
    rest = abs(micros)
    days, rest = divmod(rest, _MICROS_PER_DAY)
    hours, rest = divmod(rest, _MICROS_PER_HOUR)
    minutes, rest = divmod(rest, _MICROS_PER_MINUTE)
    seconds, fraction = divmod(rest, _MICROS_PER_SECOND)
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes:
        time += f"{minutes}M"
    if seconds or fraction:
        digits = f".{fraction:06d}".rstrip("0") if fraction else ""
        time += f"{seconds}{digits}S"
    day_part = f"{days}D" if days else ""
    return f"{sign}P{day_part}" + (f"T{time}" if time else "")


def check_decimal(text: str, precision: int, scale: int) -> str:
    """`text` when it is a decimal string that fits precision and scale; else ValueError."""
    if not _DECIMAL.fullmatch(text):
        raise ValueError(f"'{text}' is not a decimal number")
    integer, _, fraction = text.lstrip("-").partition(".")
    if len(fraction) > scale or len(integer.lstrip("0")) > precision - scale:
        raise ValueError(f"'{text}' does not fit decimal({precision},{scale})")
    return text


def parse_decimal(text: str, precision: int, scale: int) -> decimal.Decimal:
    """A decimal string, checked against precision and scale, carried at exactly `scale`."""
    check_decimal(text, precision, scale)
    with decimal.localcontext() as ctx:
        ctx.prec = precision + 2
        return decimal.Decimal(text).quantize(decimal.Decimal(1).scaleb(-scale))


def format_decimal(value: decimal.Decimal, scale: int) -> str:
    with decimal.localcontext() as ctx:
        ctx.prec = max(len(value.as_tuple().digits), 1) + scale + 2
        quantized = value.quantize(decimal.Decimal(1).scaleb(-scale))
    if quantized.is_zero():
        quantized = abs(quantized)
    return f"{quantized:f}"


def decimal_unscaled_bytes(value: decimal.Decimal, scale: int) -> bytes:
    """The big-endian two's-complement unscaled integer Avro's decimal logical type stores."""
    with decimal.localcontext() as ctx:
        ctx.prec = max(len(value.as_tuple().digits), 1) + scale + 2
        unscaled = int(value.scaleb(scale))
    length = max(1, (unscaled.bit_length() + 8) // 8)
    return unscaled.to_bytes(length, "big", signed=True)
