"""The neutral model an importer fills: packages of records, enums, unions and services.

It is the contract language's shape, not the source format's: each importer maps what it reads
onto it and reports (`Imported.notes`) what it could not map exactly. Protobuf numbers are kept
here and written to the lock file, never to the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stele.diagnostics import Diagnostic, Severity, warning
from stele.ir import Span

NO_DEFAULT: Any = object()  # a field without a default (None is Avro's and JSON's null)


@dataclass
class IField:
    name: str
    type: str  # a type expression of the language, without `?`
    optional: bool = False
    default: Any = NO_DEFAULT
    doc: str = ""
    deprecated: bool | str = False
    renamed_from: list[str] = field(default_factory=list)
    number: int | None = None
    notes: list[str] = field(default_factory=list)  # YAML comments: what was approximated
    examples: list[Any] = field(default_factory=list)
    json: str | None = None  # the JSON property name, when it is not the field's name


@dataclass
class ISymbol:
    name: str
    number: int | None = None
    doc: str = ""
    deprecated: bool | str = False


@dataclass
class IRecord:
    name: str
    doc: str = ""
    fields: list[IField] = field(default_factory=list)
    reserved: list[str] = field(default_factory=list)  # `7`, `9-11`, `old_name` (contract keys)
    lock_reserved: set[int] = field(default_factory=set)  # small reservations: the lock's
    lock_reserved_names: set[str] = field(default_factory=set)
    renamed_from: list[str] = field(default_factory=list)
    nested: dict[str, IType] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    examples: list[Any] = field(default_factory=list)  # read in the JSON form (examples.py)


@dataclass
class IEnum:
    name: str
    doc: str = ""
    symbols: list[ISymbol] = field(default_factory=list)
    default: str | None = None
    reserved: list[str] = field(default_factory=list)
    lock_reserved: set[int] = field(default_factory=set)
    lock_reserved_names: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


@dataclass
class IVariant:
    name: str
    type: str
    number: int | None = None


@dataclass
class IUnion:
    name: str
    doc: str = ""
    variants: list[IVariant] = field(default_factory=list)
    discriminator: str | None = None
    notes: list[str] = field(default_factory=list)
    examples: list[Any] = field(default_factory=list)


IType = IRecord | IEnum | IUnion


@dataclass
class IOperation:
    name: str
    request: str | None
    response: str | None
    doc: str = ""
    http: dict[str, Any] | None = None
    grpc: bool = True
    errors: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    style: str = "request-response"
    # asynchronous styles: the message, its channel, the reply and the role (AsyncAPI)
    role: str | None = None  # "send" when the service sends; None: receive (the default)
    message: str | None = None
    channel: str | None = None
    reply: str | None = None
    reply_channel: str | None = None
    window: str | None = None
    deprecated: bool | str = False
    sends: list[str] = field(default_factory=list)  # uses.sends
    publishes: list[str] = field(default_factory=list)  # uses.publishes


@dataclass
class IHeader:
    name: str
    type: str  # a scalar type expression
    required: bool = True
    doc: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class IMessage:
    name: str
    kind: str  # command | event | document | reply
    body: str
    doc: str = ""
    headers: list[IHeader] = field(default_factory=list)
    deprecated: bool | str = False
    examples: list[dict[str, Any]] = field(default_factory=list)  # {name, headers, body}
    notes: list[str] = field(default_factory=list)


@dataclass
class IChannel:
    name: str
    style: str  # point-to-point | publish-subscribe
    owner: str
    address: str | None = None  # None: the channel's name
    messages: list[str] = field(default_factory=list)
    doc: str = ""
    bindings: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class IService:
    name: str
    doc: str = ""
    operations: list[IOperation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class IPackage:
    name: str
    doc: str = ""
    sources: list[str] = field(default_factory=list)  # the files it was read from, as given
    types: dict[str, IType] = field(default_factory=dict)
    services: dict[str, IService] = field(default_factory=dict)
    messages: dict[str, IMessage] = field(default_factory=dict)
    channels: dict[str, IChannel] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the package's sources lost


@dataclass
class Imported:
    """What one import read: packages by name, and the diagnostics located in the sources."""

    fmt: str
    packages: dict[str, IPackage] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # JSON Schema: each source file (as shown) -> the regenerated file of its root type
    counterparts: dict[str, str] = field(default_factory=dict)
    # AsyncAPI: names of the regenerated documents' elements -> the original's (the proof pairs
    # them; AsyncAPI keys and message names are names of the document, not of the wire)
    aliases: dict[str, str] = field(default_factory=dict)

    def free_name(
        self, package: str, name: str, taken: set[str] | frozenset[str] = frozenset()
    ) -> str:
        """`name`, or `name` with a number, not yet a type of `package` nor in `taken`."""
        used = set(self.package(package).types) | set(taken)
        return next(n for n in (name, *(f"{name}{i}" for i in range(2, 10_000))) if n not in used)

    def package(self, name: str) -> IPackage:
        if name not in self.packages:
            self.packages[name] = IPackage(name)
        return self.packages[name]

    def note(
        self, code: str, message: str, span: Span, hint: str = "", notes: list[str] | None = None
    ) -> None:
        """A construct imported approximately or not at all: a located warning, and a comment
        on the element it concerns (`notes`) in the written YAML."""
        self.diagnostics.append(warning(code, message, span, hint))
        if notes is not None:
            notes.append(f"{code} {message}")

    @property
    def approximated(self) -> bool:
        return any(d.severity is not Severity.INFO for d in self.diagnostics)
