"""Pieces many declarations share: acknowledgements, reserved numbers and names, examples."""

from __future__ import annotations

import re

from stele.ir import Ack, Example, Reserved
from stele.source.reader import IDENT, Reader
from stele.source.yaml_nodes import YMap, YNode, YScalar, to_value

ACK_KEY = "acknowledge"
_RULE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
_EXPIRY = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d+\.\d+\.\d+)$")
_RANGE = re.compile(r"^(\d+)\s*(?:-|to)\s*(\d+|max)$")


def read_acks(r: Reader, node: YNode | None) -> tuple[Ack, ...]:
    """`acknowledge: [{rule, reason, expires?}]`: intentional breaking changes (issue codes S190)."""
    seq = r.sequence(node, ACK_KEY)
    out: list[Ack] = []
    for item in seq.items if seq else ():
        body = r.mapping(item, "an acknowledgement")
        if body is None or not r.keys(
            body, "an acknowledgement", ("rule", "reason", "expires"), ("rule", "reason")
        ):
            continue
        rule_node, reason_node, expires_node = (
            body.get("rule"),
            body.get("reason"),
            body.get("expires"),
        )
        rule = r.string(rule_node, "rule")
        reason = r.text(reason_node, "reason").strip()
        expires = r.text(expires_node, "expires") if expires_node is not None else None
        if rule is not None and rule_node is not None and not _RULE_ID.match(rule):
            r.report(
                "S190",
                f"'{rule}' is not a rule id",
                rule_node,
                "rule ids look like proto-field-removed; see `stele rules`",
            )
            continue
        if not reason and reason_node is not None:
            r.report(
                "S190",
                "an acknowledgement needs a reason",
                reason_node,
                "say why the break is acceptable",
            )
            continue
        if expires is not None and expires_node is not None and not _EXPIRY.match(expires):
            r.report(
                "S190",
                f"expiry '{expires}' is neither a date nor a version",
                expires_node,
                "write 2027-01-31 or 2.0.0",
            )
            continue
        if rule is not None:
            out.append(Ack(rule, reason, body.span, expires))
    return tuple(out)


def read_reserved(reader: Reader, node: YNode | None) -> Reserved:
    if node is None:
        return Reserved()
    seq = reader.sequence(node, "reserved")
    numbers: list[tuple[int, int]] = []
    names: list[str] = []
    for item in seq.items if seq else ():
        if not isinstance(item, YScalar):
            reader.report(
                "S010",
                "a reserved entry is a number, a range or a name",
                item,
                "write 3, 9-11 or old_name",
            )
            continue
        v = item.value
        if isinstance(v, int) and not isinstance(v, bool):
            numbers.append((v, v))
        elif isinstance(v, str) and (m := _RANGE.match(v)):
            hi = 536_870_911 if m.group(2) == "max" else int(m.group(2))
            numbers.append((int(m.group(1)), hi))
        elif isinstance(v, str) and IDENT.match(v):
            names.append(v)
        else:
            reader.report(
                "S013",
                f"reserved entry '{v}' is not a number, a range like 9-11 or a name",
                item,
            )
    return Reserved(tuple(numbers), tuple(names), node.span)


def read_examples(reader: Reader, node: YNode | None) -> tuple[Example, ...]:
    if node is None:
        return ()
    seq = reader.sequence(node, "examples")
    out: list[Example] = []
    for i, item in enumerate(seq.items if seq else ()):
        if (
            isinstance(item, YMap)
            and item.get("value") is not None
            and set(item.keys()) <= {"name", "value", "doc"}
        ):
            name = reader.text(item.get("name"), "name") or f"example {i + 1}"
            value_node = item.get("value")
            assert value_node is not None
            out.append(Example(to_value(value_node), value_node.span, name))
        else:
            out.append(Example(to_value(item), item.span, f"example {i + 1}"))
    return tuple(out)
