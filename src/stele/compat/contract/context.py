"""What a judge knows besides the change: both projects, who carries what, and the policies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from stele.compat.contract.changes import ContractChange
from stele.compat.contract.holders import Holders, Holding
from stele.compat.contract.phrases import PHRASES
from stele.compat.model import Direction
from stele.diagnostics import Severity
from stele.ir import Enum, Field, Header, NamedType, Operation, Project, Record, Ref, TypeExpr


@dataclass(frozen=True)
class Policy:
    """How strictly the judges read the contracts (stele.yaml `policies:` and `options:`)."""

    json: str = "lenient"  # lenient | strict (stele.yaml `policies: json:`)
    protobuf: str = "wire_json"  # wire | wire_json | file
    # Generator options that change what the JSON formats accept (stele.yaml `options:`).
    json_content_model: str = "open"  # open | closed
    int64_as_string: bool = False


@dataclass(frozen=True)
class Read:
    """How readers on one version fare with data written on the other: a severity (None: they
    read it) and what happens, as the key of its template in the phrase book (`phrases`) and the
    values the template is rendered with ("{readers} reject {target} with {writer_scale}
    decimals (...)")."""

    severity: Severity | None
    phrase: str
    values: tuple[tuple[str, str], ...] = ()

    def worse(self, other: Read) -> Read:
        rank = -1 if self.severity is None else self.severity.rank
        other_rank = -1 if other.severity is None else other.severity.rank
        return other if other_rank > rank else self

    def told(self, **values: object) -> Read:
        """The same read with more values (who the readers are, the change's element)."""
        return read(self.severity, self.phrase, **dict(self.values), **values)


def read(severity: Severity | None, phrase: str, /, **values: object) -> Read:
    """A read whose reason is the phrase book's template `phrase`; each value is spelled as an
    f-string would spell it."""
    if phrase not in PHRASES:
        raise KeyError(f"no phrase {phrase!r} in the contract phrase book")
    return Read(severity, phrase, tuple(sorted((k, format(v)) for k, v in values.items())))


def phrase(key: str, /, **values: object) -> str:
    """A part of a reason (who reads, one of several problems) rendered from the phrase book."""
    return PHRASES[key].format(**{k: format(v) for k, v in values.items()})


OK = None
ERROR = Severity.ERROR
WARNING = Severity.WARNING
INFO = Severity.INFO

# How a verdict names each format.
TITLE = {
    "protobuf": "Protobuf",
    "avro": "Avro",
    "jsonschema": "JSON Schema",
    "openapi": "OpenAPI",
    "asyncapi": "AsyncAPI",
    "graphql": "GraphQL",
}


@dataclass
class Context:
    """Both versions of the project and their reverse indexes."""

    old: Project
    new: Project
    policy: Policy
    fmt: str = ""  # the format being judged (set by the judges before each family judge)
    _renames: dict[str, str] = field(default_factory=dict)

    @cached_property
    def old_holders(self) -> Holders:
        return Holders(self.old)

    @cached_property
    def new_holders(self) -> Holders:
        return Holders(self.new)

    def project(self, new_side: bool) -> Project:
        return self.new if new_side else self.old

    def holders(self, new_side: bool) -> Holders:
        return self.new_holders if new_side else self.old_holders

    def named(self, name: str, new_side: bool) -> NamedType | None:
        return self.project(new_side).types.get(name)

    def field(self, change: ContractChange, new_side: bool) -> Field | None:
        """The field a field change is about, on one side (None when it does not exist there)."""
        record_name = str(change.detail.get("record", ""))
        project = self.project(new_side)
        name = change.new if change.kind == "field-renamed" and new_side else None
        if change.kind == "field-renamed" and not new_side:
            name = change.old
        if name is None:
            name = str(change.detail.get("field", ""))
        if not new_side:
            record_name = self.old_name_of(record_name)  # a renamed record has its old name
        record = project.types.get(record_name)
        if not isinstance(record, Record):
            return None
        return record.field(name)

    def old_name_of(self, new_name: str) -> str:
        named = self.new.types.get(new_name)
        for earlier in getattr(named, "renamed_from", ()):
            scope = new_name.rsplit(".", 1)[0]
            for candidate in (earlier, f"{scope}.{earlier}"):
                if candidate in self.old.types and candidate not in self.new.types:
                    return candidate
        return new_name

    def header(self, change: ContractChange, new_side: bool) -> Header | None:
        message = self.project(new_side).messages.get(str(change.detail.get("message", "")))
        name = change.element.rsplit(".", 1)[-1]
        return (
            None if message is None else next((h for h in message.headers if h.name == name), None)
        )

    def operation(self, name: str, new_side: bool) -> Operation | None:
        return self.holders(new_side).operation(name)

    def enum(self, name: str, new_side: bool) -> Enum | None:
        found = self.named(name, new_side)
        if found is None and not new_side:
            found = self.named(self.old_name_of(name), new_side)
        return found if isinstance(found, Enum) else None

    def holding(self, type_name: str) -> Holding:
        """What carries a type on either side (the new side's holders first)."""
        new = self.new_holders.holding(type_name) if type_name in self.new.types else Holding()
        old_name = self.old_name_of(type_name)
        old = self.old_holders.holding(old_name) if old_name in self.old.types else Holding()
        return Holding(
            _merge(new.messages, old.messages),
            _merge(new.requests, old.requests),
            _merge(new.responses, old.responses),
            _merge(new.records, old.records),
            _merge(new.channels, old.channels),
            _merge(new.operations, old.operations),
        )

    def resolve(self, t: TypeExpr, new_side: bool) -> TypeExpr:
        """A type expression as the other side names it: old references follow renames."""
        if new_side or not isinstance(t, Ref):
            return t
        for n, named in self.new.types.items():
            if t.name in getattr(named, "renamed_from", ()) or any(
                f"{n.rsplit('.', 1)[0]}.{e}" == t.name for e in getattr(named, "renamed_from", ())
            ):
                return Ref(n)
        return t


# A judge of contract structure (messages, channels, services, operations, HTTP bindings): the
# change, the format and the direction -> how readers fare.
Structural = Callable[[ContractChange, str, Direction, Context], Read]


def unknown_symbol(change: ContractChange, reader_new: bool) -> str | None:
    """The enum symbol a reader meets without knowing it, for a symbol added, removed or renamed:
    old readers meet an added symbol, new readers a removed one; None when they know every one."""
    added = change.kind == "enum-symbol-added"
    symbol = change.new if added else change.old
    if change.kind == "enum-symbol-renamed":
        symbol = change.old if reader_new else change.new
        added = not reader_new
    return None if added == reader_new else symbol


def _merge(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return (*first, *(x for x in second if x not in first))
