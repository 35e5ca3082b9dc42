"""The pieces every Avro rule record is built from: directions, doc layout, equivalents."""

from __future__ import annotations

from stele.compat.model import Direction
from stele.compat.ruledoc import doc, old_new
from stele.diagnostics import Severity

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
BOTH = (Direction.BACKWARD, Direction.FORWARD)
BACKWARD_ONLY = (Direction.BACKWARD,)
FORWARD_ONLY = (Direction.FORWARD,)


def rule_doc(flags: str, why: str, old: str, new: str, instead: str) -> str:
    """A rule's doc whose example is an old and a new schema (each the rule's `fail-example`
    case), or two listings of files, which are text."""
    lang = "json" if old.startswith(("{", "[", '"')) else "text"
    return doc(flags, why, old_new(lang, old, new), instead)


def equivalent(avro_type: str) -> dict[str, str]:
    # Confluent Schema Registry runs Apache Avro's SchemaCompatibility and reports its types.
    return {"avro": avro_type, "confluent": avro_type}


_R = '{"type": "record", "name": "Order", "fields": [%s]}'


def record(*fields: str) -> str:
    return _R % ", ".join(fields)
