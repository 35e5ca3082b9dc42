"""Who carries a contract element: the reverse index from a type to its messages, operations
and channels, with the role each party plays (who writes, who reads).

A change is found once, at the element that changed; the judges ask this index which messages
carry it (through any depth of records, unions, lists and maps), which operations send or
receive those messages or take the type as an HTTP request or response, and so who breaks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from stele.ir import Operation, Project, Record, Style, Union, named_refs


@dataclass(frozen=True)
class Holding:
    """What carries one type in one version of the project."""

    messages: tuple[str, ...] = ()  # messages whose body reaches the type
    requests: tuple[str, ...] = ()  # request-response operations whose request reaches it
    responses: tuple[str, ...] = ()  # ... whose response reaches it
    records: tuple[str, ...] = ()  # records and unions that hold it (itself excluded)
    channels: tuple[str, ...] = ()  # channels that carry those messages
    operations: tuple[str, ...] = ()  # asynchronous operations that send or receive them

    @property
    def carried(self) -> bool:
        return bool(self.messages or self.requests or self.responses)


@dataclass(frozen=True)
class MessageRoles:
    """Which modelled operations send and receive a message, and whether it is a reply."""

    senders: tuple[str, ...] = ()
    receivers: tuple[str, ...] = ()
    reply_of: tuple[str, ...] = ()  # operations whose reply it is
    channels: tuple[str, ...] = ()


@dataclass
class Holders:
    """The reverse index of one project."""

    project: Project
    _holding: dict[str, Holding] = field(default_factory=dict)

    @cached_property
    def _holders_of(self) -> dict[str, set[str]]:
        """Named type -> the named types that refer to it directly."""
        out: dict[str, set[str]] = {}
        for t in self.project.types.values():
            refs: Iterable[str] = ()
            if isinstance(t, Record):
                refs = [n for f in t.fields for n in named_refs(f.type)]
            elif isinstance(t, Union):
                refs = [v.type.name for v in t.variants]
            for ref in refs:
                out.setdefault(ref, set()).add(t.name)
        return out

    def holding(self, type_name: str) -> Holding:
        """Every message, HTTP side and record that carries `type_name`, in declaration order."""
        if type_name not in self._holding:
            self._holding[type_name] = self._compute(type_name)
        return self._holding[type_name]

    def _compute(self, type_name: str) -> Holding:
        reach = {type_name}
        pending = [type_name]
        while pending:
            for holder in self._holders_of.get(pending.pop(), ()):
                if holder not in reach:
                    reach.add(holder)
                    pending.append(holder)
        messages = tuple(m.name for m in self.project.messages.values() if m.body.name in reach)
        ops = self.project.operations()
        requests = tuple(
            op.qualified_name
            for op in ops
            if op.style is Style.REQUEST_RESPONSE and op.request in reach
        )
        responses = tuple(
            op.qualified_name
            for op in ops
            if op.style is Style.REQUEST_RESPONSE and _answers_with(op, reach)
        )
        records = tuple(n for n in self.project.types if n in reach and n != type_name)
        carried = set(messages)
        channels = tuple(
            c.name for c in self.project.channels.values() if carried & set(c.messages)
        )
        operations = tuple(
            op.qualified_name for op in ops if op.message in carried or op.reply in carried
        )
        return Holding(messages, requests, responses, records, channels, operations)

    def operation(self, qualified: str) -> Operation | None:
        return next(
            (op for op in self.project.operations() if op.qualified_name == qualified), None
        )


def _answers_with(op: Operation, reach: set[str]) -> bool:
    """Whether the operation's response reaches a type: the response record itself, or a record
    that `?expand=` embeds into it."""
    if op.response in reach:
        return True
    expand = op.http.expand if op.http is not None else ()
    return any(e.target in reach for e in expand)
