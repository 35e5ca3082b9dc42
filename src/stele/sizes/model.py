"""The measured sizes: one row per sample (a message's example or generated value)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

# owner (message or type) -> sample name -> format -> bytes
SizeTable: TypeAlias = dict[str, dict[str, dict[str, int]]]


@dataclass(frozen=True)
class SampleSize:
    owner: str  # qualified message name (or type name for type examples)
    sample: str
    generated: bool
    bytes: Mapping[str, int]
    # Median nanoseconds per encode / decode; empty when timing was not asked for.
    encode_ns: Mapping[str, int] = field(default_factory=dict)
    decode_ns: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Timing:
    runs: int = 5  # the reported time is the median of this many runs
    loops: int = 20  # operations per run


@dataclass(frozen=True)
class SizeReport:
    formats: tuple[str, ...]
    samples: tuple[SampleSize, ...]
    timing: Timing | None = None

    def owners(self) -> dict[str, list[SampleSize]]:
        grouped: dict[str, list[SampleSize]] = {}
        for s in self.samples:
            grouped.setdefault(s.owner, []).append(s)
        return grouped

    def table(self) -> SizeTable:
        return {
            owner: {s.sample: dict(s.bytes) for s in rows} for owner, rows in self.owners().items()
        }


def worst_case(table: SizeTable) -> dict[str, dict[str, int]]:
    """owner -> format -> the bytes of its largest sample in that format."""
    out: dict[str, dict[str, int]] = {}
    for owner, samples in table.items():
        sizes: dict[str, int] = {}
        for by_format in samples.values():
            for fmt, n in by_format.items():
                sizes[fmt] = max(sizes.get(fmt, 0), n)
        out[owner] = sizes
    return out
