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

Budgets judge the declared samples (the message's examples, else its body type's) unless
`samples: all` says otherwise: generated values change with any edit of the types they draw
from, so a budget on them moves with unrelated changes. Growth compares the samples both sides
have, by name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field

from stele.diagnostics import Diagnostic, SteleError, did_you_mean, error, warning
from stele.encode import FORMATS
from stele.ir import Project, Span
from stele.sizes.model import SizeTable, worst_case

_LIMIT_KEYS = ("max_bytes", "max_growth_percent")
_SECTION_KEYS = (*_LIMIT_KEYS, "messages", "samples")
SAMPLE_CHOICES = ("declared", "all")
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
    all_samples: bool = False  # `samples: all`: generated values count too

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

    @property
    def formats(self) -> frozenset[str]:
        """The formats a budget names (a plain number, `*`, names none)."""
        every = (self.default, *self.messages.values())
        named = (f for limits in every for f in (*limits.max_bytes, *limits.max_growth_percent))
        return frozenset(f for f in named if f != _ALL)


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
    unknown = sorted(set(raw) - set(_SECTION_KEYS))
    for key in unknown:
        bad(f"unknown key '{key}'", did_you_mean(key, _SECTION_KEYS))
    chosen = raw.get("samples", SAMPLE_CHOICES[0])
    if chosen not in SAMPLE_CHOICES:
        bad(f"samples: expected {' or '.join(SAMPLE_CHOICES)}, got {chosen!r}", "samples: all")
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
    return Budgets(default, messages, all_samples=chosen == "all")


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


def judged(
    budgets: Budgets,
    sizes: SizeTable,
    baseline: SizeTable | None,
    generated: Collection[tuple[str, str]],
) -> tuple[SizeTable, SizeTable]:
    """The samples the budgets judge, now and in the baseline: the declared ones (not in
    `generated`, the (owner, sample) pairs of generated values) unless `samples: all`; the
    baseline's restricted to the names measured now, so growth compares like with like."""
    if budgets.all_samples:
        return sizes, baseline or {}
    now = {
        owner: {n: b for n, b in samples.items() if (owner, n) not in generated}
        for owner, samples in sizes.items()
    }
    before = {
        owner: {n: b for n, b in samples.items() if n in now.get(owner, {})}
        for owner, samples in (baseline or {}).items()
    }
    return now, before


def check_budgets(
    budgets: Budgets,
    project: Project,
    sizes: SizeTable,
    baseline: SizeTable | None,
    baseline_label: str = "the baseline",
    generated: Collection[tuple[str, str]] = (),
) -> list[Diagnostic]:
    """One error per message and format over its budget, located at the message; a warning
    (Z012) for a message with its own budget and no sample the budgets judge."""
    found: list[Diagnostic] = []
    judged_now, judged_before = judged(budgets, sizes, baseline, frozenset(generated))
    now = worst_case(judged_now)
    before = worst_case(judged_before)
    for name in budgets.messages:
        if name in project.messages and not now.get(name):
            found.append(
                warning(
                    "Z012",
                    f"{name}: its budget judges nothing: the message and its body type declare "
                    "no example",
                    project.messages[name].span,
                    "add an example to the message or its body type, or set budgets.samples: "
                    "all to judge generated values",
                )
            )
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
