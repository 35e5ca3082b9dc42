"""Which message a schema-registry id stands for.

Subjects are named `<qualified message>-value` (the value subject of a record-name strategy,
one subject per message). Without a registry at hand, stele's stand-in id of a subject is the
CRC-32 of its name (`stele.encode.avro_codec.schema_id`), so captures written by stele's own
framing resolve with no mapping file. A mapping file (YAML) names the real ids:

    ids:                                   # schema id -> message
      17: food.order.OrderCreated
    subjects:                              # or: subject -> schema id
      food.order.CreateOrder-value: 21
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stele.diagnostics import SteleError, did_you_mean, error
from stele.encode import Codecs
from stele.encode.avro_codec import schema_id
from stele.ir import Message, Project, Span
from stele.source.yaml_nodes import YMap, YSeq, parse_yaml, read_bounded
from stele.testing.captures_values import shown as escaped
from stele.testing.proto_index import index_path

SUBJECT_SUFFIX = "-value"


def subject(message: str) -> str:
    return f"{message}{SUBJECT_SUFFIX}"


def stand_in_id(message: str) -> int:
    return schema_id(subject(message))


@dataclass(frozen=True)
class SchemaMap:
    ids: dict[int, str]

    def message_for(self, schema_id: int) -> str | None:
        return self.ids.get(schema_id)

    @classmethod
    def stand_in(cls, project: Project) -> SchemaMap:
        return cls({stand_in_id(name): name for name in project.messages})

    @classmethod
    def load(cls, path: Path, shown: str, project: Project) -> SchemaMap:
        # The contract reader's limits apply: 4 MiB, 64 levels, no alias bombs, no tags.
        try:
            node = parse_yaml(read_bounded(path, shown).decode("utf-8"), shown)
        except (OSError, UnicodeDecodeError) as exc:
            raise _bad(shown, f"cannot read the schema map: {exc}") from None
        doc = _plain(node) if node is not None else None
        if not isinstance(doc, dict) or not set(doc) <= {"ids", "subjects"}:
            raise _bad(shown, "a schema map is a mapping with `ids` and/or `subjects`")
        ids: dict[int, str] = {}
        for key, value in _mapping(doc.get("ids"), shown).items():
            ids[_schema_id(key, shown)] = _message(str(value), project, shown)
        for key, value in _mapping(doc.get("subjects"), shown).items():
            name = str(key)
            if not name.endswith(SUBJECT_SUFFIX):
                raise _bad(shown, f"subject '{name}' is not named <message>{SUBJECT_SUFFIX}")
            ids[_schema_id(value, shown)] = _message(name[: -len(SUBJECT_SUFFIX)], project, shown)
        return cls(ids)

    def index_problem(self, codecs: Codecs, message: Message, indexes: list[int]) -> str:
        """Why a Protobuf record's message indexes do not name the message's body, or ''."""
        descriptor_set: bytes = getattr(codecs["protobuf"], "descriptor_set", b"")
        expected = index_path(descriptor_set, message.body.name)
        if expected is None or expected == indexes:
            return ""
        return (
            f"message indexes {indexes} do not name {message.body.name} "
            f"(expected {expected}) for {message.name}"
        )


def _plain(node: Any) -> Any:
    """The value of a YAML node, mapping keys as YAML typed them (`17:` is the integer 17)."""
    if isinstance(node, YMap):
        return {k.value: _plain(v) for k, v in node.items}
    if isinstance(node, YSeq):
        return [_plain(item) for item in node.items]
    return node.value


def _bad(shown: str, message: str) -> SteleError:
    return SteleError([error("T003", message, Span(shown, 1, 1))])


def _mapping(value: Any, shown: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _bad(shown, "`ids` and `subjects` are mappings")
    return value


def _schema_id(value: Any, shown: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**32:
        raise _bad(shown, f"schema id {shown_text(repr(value))} is not an unsigned 32-bit integer")
    return value


def shown_text(text: str) -> str:
    return escaped(text)


def _message(name: str, project: Project, shown: str) -> str:
    if name not in project.messages:
        raise SteleError(
            [
                error(
                    "T003",
                    f"unknown message '{shown_text(name)}'",
                    Span(shown, 1, 1),
                    did_you_mean(name, project.messages),
                )
            ]
        )
    return name
