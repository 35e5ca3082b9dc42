"""`stele test broker`: judge what flows on a running broker (observe), or play the requester of
the contracts' asynchronous operations (drive). docs/testing.md, "Brokers".

Exit codes follow the other tests: 1 for contract findings, 2 for input stele cannot use (a URL
that is not amqp://, an unreachable broker, a refused login, a channel that is not bound, a
bound exchange that does not exist).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from stele.diagnostics import did_you_mean
from stele.encode import Codecs
from stele.ir import Channel, Project
from stele.mapping.artifacts import Artifacts
from stele.report.model import Report, Result
from stele.sizes.budgets import parse_budgets
from stele.testing import broker_amqp, broker_drive, broker_drive_kafka, broker_kafka
from stele.testing.broker_amqp import bad, shown_url
from stele.testing.broker_judge import Delivery, Judge
from stele.workspace import Workspace

SCHEMES = ("amqp://", "amqps://", "kafka://")


@dataclass(frozen=True)
class BrokerRequest:
    url: str
    channels: tuple[str, ...] = ()
    max_messages: int = 100
    timeout: float = 10.0
    drive: bool = False
    framing: str = "auto"
    max_bytes: int = 16 * 1024 * 1024
    offset: str = "end"  # Kafka: where each partition is read from

    @property
    def kind(self) -> str:
        return "kafka" if self.url.startswith("kafka://") else "amqp"


def check_url(url: str) -> None:
    if not url.startswith(SCHEMES):
        raise bad(
            "T020",
            f"'{shown_url(url)}' is not an amqp://, amqps:// or kafka:// URL",
            "write amqp://user:password@host:5672/vhost or kafka://host:9092",
        )


def _binding(channel: Channel, kind: str) -> object:
    return channel.bindings.kafka if kind == "kafka" else channel.bindings.amqp


def select_channels(project: Project, names: tuple[str, ...], kind: str = "amqp") -> list[Channel]:
    """The channels to observe: those named (by qualified or short name or address), else every
    channel with a binding for the broker (`kind`: amqp or kafka); T022 for a name that is none,
    or a channel without that binding."""
    bound = sorted(
        (c for c in project.channels.values() if _binding(c, kind) is not None),
        key=lambda c: c.name,
    )
    if not names:
        if not bound:
            raise bad(
                "T022",
                f"no channel of the contracts has a {kind} binding",
                f"add 'bindings: {{{kind}: ...}}' to a channel (docs/language.md)",
                at="contracts",
            )
        return bound
    chosen: list[Channel] = []
    for name in names:
        hits = [c for c in project.channels.values() if name in (c.name, c.short_name, c.address)]
        if not hits:
            every = [c.short_name for c in project.channels.values()]
            raise bad(
                "T022",
                f"no channel '{name}'",
                did_you_mean(name, every) or f"channels: {', '.join(sorted(every))}",
                at="--channel",
            )
        for c in hits:
            if _binding(c, kind) is None:
                raise bad(
                    "T022",
                    f"channel {c.short_name} has no {kind} binding: stele cannot tell where its "
                    "messages travel",
                    f"add 'bindings: {{{kind}: ...}}' to it (docs/language.md)",
                    at="--channel",
                )
            if c not in chosen:
                chosen.append(c)
    return chosen


def run_broker(
    ws: Workspace, artifacts: Artifacts, request: BrokerRequest, ready: object = None
) -> Report:
    check_url(request.url)
    project = ws.project
    channels = select_channels(project, request.channels, request.kind)
    codecs = Codecs.from_artifacts(project, artifacts, ws.config.options, schemaless=False)
    budgets = parse_budgets(ws.config.extra.get("budgets"), project, ws.config.span)
    judge = Judge(
        project,
        artifacts,
        codecs,
        budgets,
        framing=request.framing,
        max_bytes=request.max_bytes,
    )
    if request.drive:
        return _drive(project, judge, channels, request)
    results: list[Result] = []
    encodings: Counter[str] = Counter()

    def on_delivery(d: Delivery) -> None:
        verdict = judge.judge(d)
        results.extend(verdict.results)
        encodings[verdict.encoding] += 1

    listening = ready if callable(ready) else None
    if request.kind == "kafka":
        seen = broker_kafka.observe(
            request.url,
            project,
            channels,
            on_delivery,
            request.max_messages,
            request.timeout,
            request.offset,
            request.max_bytes,
            listening,
        )
    else:
        seen = broker_amqp.observe(
            request.url, channels, on_delivery, request.max_messages, request.timeout, listening
        )
    by_encoding = ", ".join(f"{n} {e}" for e, n in sorted(encodings.items())) or "none"
    notes = [
        f"observed {', '.join(c.short_name for c in channels)} on {shown_url(request.url)}",
        f"{seen.judged} message{'' if seen.judged == 1 else 's'} judged ({by_encoding})",
    ]
    if not seen.judged:
        notes.append(f"nothing flowed within {request.timeout:g} s")
    checks = [f"broker {c.name}" for c in channels]
    return Report.of("test broker", results, checks, notes=notes, subject=_subject(seen.judged))


def _drive(
    project: Project, judge: Judge, channels: list[Channel], request: BrokerRequest
) -> Report:
    driver = broker_drive_kafka if request.kind == "kafka" else broker_drive
    names = {c.name for c in channels} if request.channels else set()
    operations = driver.drivable(project, names)
    if not operations:
        raise bad(
            "T022",
            f"no asynchronous operation a service receives uses the chosen channels with a "
            f"{request.kind} binding",
            f"drive needs an operation whose channel has 'bindings: {{{request.kind}: ...}}'",
            at="--channel" if request.channels else "contracts",
        )
    out = driver.drive(request.url, project, judge, operations, request.timeout)
    notes = [
        f"drove {len(operations)} operation{'' if len(operations) == 1 else 's'} on "
        f"{shown_url(request.url)}: {out.sent} sent, {out.replies} replies judged"
    ]
    if out.skipped:
        notes.append(f"no example to send for {', '.join(out.skipped)}")
    checks = [f"broker {op.qualified_name}" for op in operations]
    return Report.of("test broker", out.results, checks, notes=notes, subject=_subject(out.sent))


def _subject(count: int) -> str:
    return f"{count} message{'' if count == 1 else 's'}"
