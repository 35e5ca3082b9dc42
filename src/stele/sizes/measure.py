"""Measuring: encode every sample through every codec, count bytes, time the round trip."""

from __future__ import annotations

import dataclasses
import functools
import statistics
import time
from collections.abc import Callable, Sequence

from stele.encode import DEFAULT_SHAPE, Codecs, Sample, Shape, samples_for_message, type_samples
from stele.ir import Message, Project
from stele.sizes.model import SampleSize, SizeReport, Timing


def collect_samples(
    project: Project,
    generate: int = 0,
    seed: int = 0,
    shape: Shape = DEFAULT_SHAPE,
    include_types: bool = False,
) -> list[Sample]:
    """Every message's declared samples (plus generated values), then, if asked, type examples.

    A message's declared samples are its examples, or, when it has none, the examples of its
    body type (a message is mostly its body). Only a message without either gets generated
    values by default: they change with every edit of the types they draw from."""
    samples: list[Sample] = []
    for m in project.messages.values():
        declared = [] if m.examples else body_samples(project, m)
        samples += declared
        fallback = 0 if declared else GENERATED_WHEN_MISSING
        samples += samples_for_message(project, m, generate, seed, shape, fallback)
    if include_types:
        samples.extend(s for t in project.types.values() for s in type_samples(project, t))
    return samples


GENERATED_WHEN_MISSING = 3  # generated values of a message without any declared sample


def body_samples(project: Project, message: Message) -> list[Sample]:
    """The examples of a message's body type, as samples of the message."""
    body = project.types.get(message.body.name)
    if body is None:
        return []
    return [dataclasses.replace(s, owner=message.name) for s in type_samples(project, body)]


def measure(codecs: Codecs, samples: Sequence[Sample], timing: Timing | None = None) -> SizeReport:
    rows = [_measure_sample(codecs, s, timing) for s in samples]
    return SizeReport(codecs.formats, tuple(rows), timing)


def _measure_sample(codecs: Codecs, sample: Sample, timing: Timing | None) -> SampleSize:
    sizes: dict[str, int] = {}
    encode_ns: dict[str, int] = {}
    decode_ns: dict[str, int] = {}
    for codec in codecs:
        try:
            data = codec.encode(sample.type_name, sample.value)
        except ValueError as exc:
            raise ValueError(f"{sample.owner} [{sample.name}] as {codec.name}: {exc}") from None
        sizes[codec.name] = len(data)
        if timing is not None:
            encode_ns[codec.name] = median_ns(
                functools.partial(codec.encode, sample.type_name, sample.value), timing
            )
            decode_ns[codec.name] = median_ns(
                functools.partial(codec.decode, sample.type_name, data), timing
            )
    return SampleSize(sample.owner, sample.name, sample.generated, sizes, encode_ns, decode_ns)


def median_ns(operation: Callable[[], object], timing: Timing) -> int:
    """Median over `timing.runs` runs of the nanoseconds one operation takes."""
    per_run = []
    for _ in range(timing.runs):
        start = time.perf_counter_ns()
        for _ in range(timing.loops):
            operation()
        per_run.append((time.perf_counter_ns() - start) / timing.loops)
    return round(statistics.median(per_run))
