"""Compatibility settings of a project: `policies:`, `rules:` and `compat:` in stele.yaml.

The sections are validated when stele.yaml is read (C004, C005, C007); here they become settings.
The names `compat:` overrides are checked against the project by `stele check` (K022).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stele.compat.catalogue import CheckerSettings
from stele.compat.model import Direction, Mode
from stele.config import Config
from stele.diagnostics import SteleError, did_you_mean, error
from stele.ir import Project, Span
from stele.source.yaml_nodes import YMap, parse_yaml


def project_settings(config: Config) -> CheckerSettings:
    """`policies: {json: lenient|strict, protobuf: wire|wire_json|file}`, with check's defaults."""
    raw = config.extra.get("policies")
    policies = raw if isinstance(raw, dict) else {}
    return CheckerSettings(
        json_policy=str(policies.get("json", "lenient")),
        protobuf_category=str(policies.get("protobuf", "wire_json")),
    )


def severity_overrides(config: Config) -> dict[str, Any]:
    """`rules: {<rule-id>: {severity: warning}}`, or `<rule-id>: off`."""
    raw = config.extra.get("rules")
    return dict(raw) if isinstance(raw, dict) else {}


# ---------------------------------------------------------------------------------------------
# Compatibility modes: the project's, per channel, per message
# ---------------------------------------------------------------------------------------------


def widest(modes: Iterable[Mode]) -> Mode:
    """The mode that checks every direction any of `modes` checks, transitively if one does."""
    chosen = list(modes)
    directions = {d for m in chosen for d in m.directions}
    transitive = any(m.transitive for m in chosen)
    if not directions:
        return Mode.NONE
    base = "FULL" if len(directions) == 2 else next(iter(directions)).value.upper()
    return Mode(base + ("_TRANSITIVE" if transitive else ""))


def _mode(text: object, transitive: bool = False) -> Mode:
    name = str(text).upper()
    if transitive and name != "NONE" and not name.endswith("_TRANSITIVE"):
        name += "_TRANSITIVE"
    return Mode(name)


@dataclass(frozen=True)
class ModeMap:
    """Which mode judges each element: the message's, else the channels' that carry it, else the
    project's. `--mode` replaces the whole map for one run."""

    project: Mode = Mode.BACKWARD
    channels: dict[str, Mode] = field(default_factory=dict)
    messages: dict[str, Mode] = field(default_factory=dict)

    @property
    def run_mode(self) -> Mode:
        """What the checkers run: every direction some element needs."""
        return widest([self.project, *self.channels.values(), *self.messages.values()])

    @property
    def overridden(self) -> bool:
        return bool(self.channels or self.messages)

    def key(self) -> str:
        """Everything that changes verdicts, for cache keys."""
        parts = [self.project.value]
        parts += [f"c:{k}={v.value}" for k, v in sorted(self.channels.items())]
        parts += [f"m:{k}={v.value}" for k, v in sorted(self.messages.items())]
        return ";".join(parts)

    def describe(self) -> str:
        """`FULL for channel food.order.order-events; BACKWARD for message ...`."""
        parts = [f"{m.value} for channel {c}" for c, m in sorted(self.channels.items())]
        parts += [f"{m.value} for message {n}" for n, m in sorted(self.messages.items())]
        return "; ".join(parts)


def mode_map(config: Config, cli_mode: Mode | None = None, transitive: bool = False) -> ModeMap:
    """The modes of stele.yaml's `compat:` section (BACKWARD when unset); `cli_mode` (`--mode`)
    overrides all of them; `transitive` (`--transitive`) makes every mode transitive."""
    if cli_mode is not None:
        return ModeMap(_mode(cli_mode.value, transitive))
    raw = config.extra.get("compat")
    compat = raw if isinstance(raw, dict) else {}
    channels = compat.get("channels")
    messages = compat.get("messages")
    return ModeMap(
        _mode(compat.get("mode", "backward"), transitive),
        {str(k): _mode(v, transitive) for k, v in (channels or {}).items()},
        {str(k): _mode(v, transitive) for k, v in (messages or {}).items()},
    )


def check_names(config: Config, modes: ModeMap, project: Project) -> None:
    """K022 for a channel or message in `compat:` that the project does not declare."""
    problems = []
    for section, names, known in (
        ("channels", modes.channels, project.channels),
        ("messages", modes.messages, project.messages),
    ):
        for name in names:
            if name in known:
                continue
            hint = did_you_mean(name, list(known)) or f"use a qualified {section[:-1]} name"
            what = section[:-1]
            problems.append(
                error(
                    "K022",
                    f"compat {section} names '{name}', which is no {what} of the project",
                    _where(config, section, name),
                    hint,
                )
            )
    if problems:
        raise SteleError(problems)


def _where(config: Config, section: str, name: str) -> Span:
    """The span of `compat: <section>: <name>` in stele.yaml (its first line when not found)."""
    shown = config.span.path
    try:
        root = parse_yaml((config.root / shown).read_text(encoding="utf-8"), shown)
    except (OSError, UnicodeDecodeError, SteleError):
        return config.span
    node = root.get("compat") if isinstance(root, YMap) else None
    body = node.get(section) if isinstance(node, YMap) else None
    for key, _ in body.items if isinstance(body, YMap) else ():
        if str(key.value) == name:
            return key.span
    return config.span


class ModeResolver:
    """The mode of each element of a project, by the messages that hold it."""

    def __init__(self, modes: ModeMap, projects: Iterable[Project]) -> None:
        self.modes = modes
        self._holders: dict[str, set[str]] = {}  # type -> the messages whose body reaches it
        self._api: set[str] = set()  # types an operation's request or response reaches
        self._carriers: dict[str, set[str]] = {}  # message -> the channels that carry it
        self._messages: set[str] = set()
        self._channels: set[str] = set()
        self._types: set[str] = set()
        for project in projects:
            self._learn(project)
        self._cache: dict[str, Mode] = {}

    def _learn(self, project: Project) -> None:
        self._types |= set(project.types)
        self._messages |= set(project.messages)
        self._channels |= set(project.channels)
        for c in project.channels.values():
            for carried in c.messages:
                self._carriers.setdefault(carried, set()).add(c.name)
        for message in project.messages.values():
            for t in project.reachable_types([message.body.name]):
                self._holders.setdefault(t, set()).add(message.name)
        for s in project.services.values():
            for op in s.operations:
                for root in (op.request, op.response):
                    if root is not None and root in project.types:
                        self._api |= set(project.reachable_types([root]))

    def mode(self, element: str) -> Mode:
        if not self.modes.overridden:
            return self.modes.project
        if element not in self._cache:
            self._cache[element] = self._resolve(element)
        return self._cache[element]

    def directions(self, element: str) -> tuple[Direction, ...]:
        return self.mode(element).directions

    def _resolve(self, element: str) -> Mode:
        message = _owner(element, self._messages)
        if message is not None:
            return self._message_mode(message)
        channel = _owner(element, self._channels)
        if channel is not None:
            return self.modes.channels.get(channel, self.modes.project)
        held = _owner(element, self._types)
        if held is None:
            return self.modes.project
        holders = self._holders.get(held, set())
        modes = [self._message_mode(m) for m in sorted(holders)]
        if not holders or held in self._api:
            modes.append(self.modes.project)
        return widest(modes)

    def _message_mode(self, message: str) -> Mode:
        if message in self.modes.messages:
            return self.modes.messages[message]
        carriers = [
            self.modes.channels[c]
            for c in sorted(self._carriers.get(message, ()))
            if c in self.modes.channels
        ]
        return widest(carriers) if carriers else self.modes.project


def _owner(element: str, names: set[str]) -> str | None:
    """The longest name in `names` that is `element` or encloses it."""
    parts = element.split(".")
    for cut in range(len(parts), 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in names:
            return prefix
    return None
