"""Size budgets: the `budgets:` section of `stele.yaml`.

    budgets:
      max_bytes: 4096                 # every message, every format
      max_growth_percent: 10          # against the baseline, every message and format
      messages:
        food.order.OrderCreated:
          max_bytes: {protobuf: 300, json: 800}   # per format
          max_growth_percent: {json: 5}

`max_bytes` and `max_growth_percent` take a number (every format) or a mapping from format
(`json`, `protobuf`, `avro`, `avro-registry`, `msgpack`, `cbor`) to a number. A message's entry
overrides the global limit format by format. A message's size is its largest sample; growth is
measured against the baseline (`--against`, else `compat/sizes.json`) and skipped for messages
the baseline does not have.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from stele.diagnostics import Diagnostic, SteleError, did_you_mean, error
from stele.encode import FORMATS
from stele.ir import Project, Span
from stele.sizes.model import SizeTable, worst_case

_LIMIT_KEYS = ("max_bytes", "max_growth_percent")
_ALL = "*"


@dataclass(frozen=True)
class Limits:
    max_bytes: Mapping[str, float] = field(default_factory=dict)  # format (or "*") -> bytes
    max_growth_percent: Mapping[str, float] = field(default_factory=dict)

    def bytes_for(self, fmt: str) -> float | None:
        return self.max_bytes.get(fmt, self.max_bytes.get(_ALL))

    def growth_for(self, fmt: str) -> float | None:
        return self.max_growth_percent.get(fmt, self.max_growth_percent.get(_ALL))


@dataclass(frozen=True)
class Budgets:
    default: Limits = Limits()
    messages: Mapping[str, Limits] = field(default_factory=dict)

    def limits(self, message: str) -> Limits:
        own = self.messages.get(message)
        if own is None:
            return self.default
        return Limits(
            {**self.default.max_bytes, **own.max_bytes},
            {**self.default.max_growth_percent, **own.max_growth_percent},
        )

    @property
    def empty(self) -> bool:
        return not (self.default.max_bytes or self.default.max_growth_percent or self.messages)


def parse_budgets(raw: object, project: Project, span: Span) -> Budgets:
    """The budgets of `config.extra["budgets"]`; SteleError (Z001) on a malformed section."""
    if raw is None:
        return Budgets()
    problems: list[Diagnostic] = []

    def bad(message: str, hint: str = "") -> None:
        problems.append(error("Z001", f"budgets: {message}", span, hint))

    if not isinstance(raw, dict):
        bad("expected a mapping with max_bytes, max_growth_percent and messages")
        raise SteleError(problems)
    unknown = sorted(set(raw) - {*_LIMIT_KEYS, "messages"})
    for key in unknown:
        bad(f"unknown key '{key}'", did_you_mean(key, [*_LIMIT_KEYS, "messages"]))
    default = _limits(raw, "budgets", bad)
    messages: dict[str, Limits] = {}
    entries = raw.get("messages") or {}
    if not isinstance(entries, dict):
        bad("'messages' must map qualified message names to limits")
        entries = {}
    for name, entry in entries.items():
        if name not in project.messages:
            bad(f"unknown message '{name}'", did_you_mean(str(name), project.messages))
        elif not isinstance(entry, dict) or set(entry) - set(_LIMIT_KEYS):
            bad(f"'{name}' takes only {' and '.join(_LIMIT_KEYS)}")
        else:
            messages[str(name)] = _limits(entry, str(name), bad)
    if problems:
        raise SteleError(problems)
    return Budgets(default, messages)


def _limits(entry: Mapping[str, object], where: str, bad: Callable[..., None]) -> Limits:
    parsed: dict[str, dict[str, float]] = {}
    for key in _LIMIT_KEYS:
        value = entry.get(key)
        limits: dict[str, float] = {}
        if _is_number(value):
            assert isinstance(value, int | float)
            limits[_ALL] = float(value)
        elif isinstance(value, dict):
            for fmt, n in value.items():
                if fmt not in FORMATS:
                    bad(f"{where}.{key}: unknown format '{fmt}'", did_you_mean(str(fmt), FORMATS))
                elif not _is_number(n):
                    bad(f"{where}.{key}.{fmt}: expected a non-negative number, got {n!r}")
                else:
                    limits[str(fmt)] = float(n)
        elif value is not None:
            bad(f"{where}.{key}: expected a number or a mapping of format to number")
        parsed[key] = limits
    return Limits(parsed["max_bytes"], parsed["max_growth_percent"])


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def check_budgets(
    budgets: Budgets,
    project: Project,
    sizes: SizeTable,
    baseline: SizeTable | None,
    baseline_label: str = "the baseline",
) -> list[Diagnostic]:
    """One error per message and format over its budget, located at the message."""
    found: list[Diagnostic] = []
    now = worst_case(sizes)
    before = worst_case(baseline) if baseline is not None else {}
    for name, message in project.messages.items():
        limits = budgets.limits(name)
        for fmt, n in now.get(name, {}).items():
            cap = limits.bytes_for(fmt)
            if cap is not None and n > cap:
                found.append(
                    error(
                        "Z010",
                        f"{name}: {fmt} is {n} bytes, over its budget of {cap:g} bytes",
                        message.span,
                        "shrink the message or raise budgets.max_bytes in stele.yaml",
                    )
                )
            old = before.get(name, {}).get(fmt)
            allowed = limits.growth_for(fmt)
            if allowed is None or not old:
                continue
            growth = (n - old) * 100 / old
            if growth > allowed:
                found.append(
                    error(
                        "Z011",
                        f"{name}: {fmt} grew {growth:.1f}% ({old} -> {n} bytes) against "
                        f"{baseline_label}, over the {allowed:g}% allowed",
                        message.span,
                        "if the growth is intended, update the baseline: "
                        "stele sizes --update-baseline",
                    )
                )
    return sorted(found)
