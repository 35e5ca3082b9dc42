"""Keyword checks over one matched (writer, reader) pair: types, values, numbers, strings, arrays.

Each check states the condition for writer ⊆ reader on its keywords and, when it fails, emits
the rule that names the change from old to new (`Comparator.pick`).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from stele.compat.handlers import handles
from stele.compat.jsonschema.decimals import compare_decimal_patterns
from stele.compat.jsonschema.loading import Node, SchemaSet
from stele.compat.jsonschema.rules import by_id
from stele.compat.jsonschema.values import canonical, child_or, synthetic
from stele.diagnostics import Severity

if TYPE_CHECKING:  # annotations only: compare imports this module
    from stele.compat.jsonschema.compare import Comparator

ALL_TYPES = frozenset({"null", "boolean", "object", "array", "number", "integer", "string"})


def declared_types(node: Node, schemas: SchemaSet) -> frozenset[str] | None:
    """The instance types a schema allows, without null; None when `type` is absent."""
    value = node.value
    raw = value.get("type") if isinstance(value, dict) else None
    if raw is None:
        return None
    types = frozenset([raw] if isinstance(raw, str) else raw)
    return types - {"null"}


def _covers(types: frozenset[str] | None, instance_type: str) -> bool:
    if types is None:
        return True
    return instance_type in types or (instance_type == "integer" and "number" in types)


def _names(types: frozenset[str] | None) -> str:
    return "any" if types is None else "[" + ", ".join(sorted(types)) + "]"


@handles(*by_id("json-type-changed", "json-type-narrowed", "json-type-widened"))
def compare_types(cmp: Comparator, writer: Node, reader: Node) -> bool:
    """Type sets (integer lies within number). False when no type is left in common."""
    w_types = declared_types(writer, cmp.writer_set)
    r_types = declared_types(reader, cmp.reader_set)
    if r_types is None:
        return True
    lost = (ALL_TYPES - {"null"}) if w_types is None else w_types
    lost = frozenset(t for t in lost if not _covers(r_types, t))
    if not lost:
        return True
    old, new = cmp.old_new(w_types, r_types)
    # Narrowed: every new type was allowed before. Widened: every old type is still allowed.
    if cmp.backward:
        rule = "json-type-narrowed" if all(_covers(old, t) for t in new or ()) else None
    else:
        rule = (
            "json-type-widened" if old is not None and all(_covers(new, t) for t in old) else None
        )
    cmp.emit(rule or "json-type-changed", writer, reader, old=_names(old), new=_names(new))
    kept = w_types is None or any(_covers(r_types, t) for t in w_types)
    return kept


def common_types(cmp: Comparator, writer: Node, reader: Node) -> frozenset[str]:
    """The types an instance of the writer can have that the reader accepts."""
    w_types = declared_types(writer, cmp.writer_set) or (ALL_TYPES - {"null"})
    r_types = declared_types(reader, cmp.reader_set)
    return frozenset(t for t in w_types if _covers(r_types, t))


def allowed_values(node: Node) -> dict[str, Any] | None:
    """`enum`/`const` as {canonical spelling: value}; None when neither is present."""
    value = node.value
    if not isinstance(value, dict):
        return None
    result: dict[str, Any] | None = None
    if "enum" in value and isinstance(value["enum"], list):
        result = {canonical(v): v for v in value["enum"]}
    if "const" in value:
        const = {canonical(value["const"]): value["const"]}
        result = const if result is None else {k: v for k, v in result.items() if k in const}
    return result


def _uses_const(node: Node) -> bool:
    return isinstance(node.value, dict) and "const" in node.value and "enum" not in node.value


def _show(values: dict[str, Any]) -> str:
    return ", ".join(sorted(values))


@handles(
    *by_id(
        "json-const-added",
        "json-const-changed",
        "json-const-removed",
        "json-enum-added",
        "json-enum-removed",
        "json-enum-value-added",
        "json-enum-value-removed",
    )
)
def compare_values(cmp: Comparator, writer: Node, reader: Node) -> None:
    r_values = allowed_values(reader)
    if r_values is None:
        return
    w_values = allowed_values(writer)
    const_involved = _uses_const(writer) or _uses_const(reader)
    if w_values is None:
        kind = "const" if const_involved else "enum"
        rule = cmp.pick(f"json-{kind}-added", f"json-{kind}-removed")
        cmp.emit(rule, writer, reader, values=_show(r_values))
        return
    missing = {k: v for k, v in w_values.items() if k not in r_values and k != "null"}
    if not missing:
        return
    if const_involved:
        old, new = cmp.old_new(w_values, r_values)
        cmp.emit("json-const-changed", writer, reader, old=_show(old), new=_show(new))
        return
    rule = cmp.pick("json-enum-value-removed", "json-enum-value-added")
    cmp.emit(rule, writer, reader, values=_show(missing))


# -- numbers ----------------------------------------------------------------------------

Bound = tuple[float, bool]  # (limit, exclusive)


def _bound(
    value: dict[str, Any], inclusive_key: str, exclusive_key: str, lower: bool
) -> Bound | None:
    candidates: list[Bound] = []
    inclusive = value.get(inclusive_key)
    exclusive = value.get(exclusive_key)
    if isinstance(inclusive, int | float) and not isinstance(inclusive, bool):
        candidates.append((inclusive, exclusive is True))  # draft 4: a boolean modifier
    if isinstance(exclusive, int | float) and not isinstance(exclusive, bool):
        candidates.append((exclusive, True))
    if not candidates:
        return None
    # The tighter bound wins: for a lower bound the larger limit, exclusive before inclusive.
    key = (lambda b: (b[0], b[1])) if lower else (lambda b: (-b[0], b[1]))
    return max(candidates, key=key)


def _integral(bound: Bound | None, lower: bool) -> Bound | None:
    """Over integers only, an exclusive bound is an inclusive one: > 0 is >= 1."""
    if bound is None:
        return None
    limit, exclusive = bound
    if lower:
        return (math.floor(limit) + 1 if exclusive else math.ceil(limit), False)
    return (math.ceil(limit) - 1 if exclusive else math.floor(limit), False)


def _tighter(reader: Bound | None, writer: Bound | None, lower: bool) -> bool:
    if reader is None:
        return False
    if writer is None:
        return True
    if reader[0] != writer[0]:
        return reader[0] > writer[0] if lower else reader[0] < writer[0]
    return reader[1] and not writer[1]


def _show_bound(bound: Bound | None) -> str:
    if bound is None:
        return "none"
    limit = int(bound[0]) if float(bound[0]).is_integer() else bound[0]
    return f"{limit} (exclusive)" if bound[1] else str(limit)


@handles(
    *by_id(
        "json-maximum-decreased",
        "json-maximum-increased",
        "json-minimum-decreased",
        "json-minimum-increased",
        "json-multiple-of-changed",
    )
)
def compare_numbers(cmp: Comparator, writer: Node, reader: Node) -> None:
    types = common_types(cmp, writer, reader)
    if not types & {"number", "integer"}:
        return
    w, r = _dict(writer), _dict(reader)
    integers = "number" not in types
    for lower, keys, rules, name in (
        (True, ("minimum", "exclusiveMinimum"), ("json-minimum-increased", "json-minimum-decreased"), "minimum"),
        (False, ("maximum", "exclusiveMaximum"), ("json-maximum-decreased", "json-maximum-increased"), "maximum"),
    ):  # fmt: skip
        w_bound, r_bound = _bound(w, *keys, lower), _bound(r, *keys, lower)
        if integers:
            w_bound, r_bound = _integral(w_bound, lower), _integral(r_bound, lower)
        if _tighter(r_bound, w_bound, lower):
            old, new = cmp.old_new(w_bound, r_bound)
            cmp.emit(
                cmp.pick(*rules),
                writer,
                reader,
                keyword=name,
                old=_show_bound(old),
                new=_show_bound(new),
            )
    _compare_multiple_of(cmp, writer, reader, w.get("multipleOf"), r.get("multipleOf"))


def _compare_multiple_of(cmp: Comparator, writer: Node, reader: Node, w: Any, r: Any) -> None:
    if not isinstance(r, int | float):
        return
    if isinstance(w, int | float) and (Fraction(str(w)) / Fraction(str(r))).denominator == 1:
        return
    old, new = cmp.old_new(w, r)
    cmp.emit(
        "json-multiple-of-changed",
        writer,
        reader,
        keyword="multipleOf",
        old=_none(old),
        new=_none(new),
    )


# -- strings ----------------------------------------------------------------------------


def _dict(node: Node) -> dict[str, Any]:
    return node.value if isinstance(node.value, dict) else {}


def _compare_count(
    cmp: Comparator, writer: Node, reader: Node, keyword: str, lower: bool, rules: tuple[str, str]
) -> None:
    """minLength/maxLength/minItems/...: integer bounds where absent means unbounded."""
    w_value, r_value = _dict(writer).get(keyword), _dict(reader).get(keyword)
    if lower and r_value == 0:
        r_value = None
    w_bound = (w_value, False) if isinstance(w_value, int) else None
    r_bound = (r_value, False) if isinstance(r_value, int) else None
    if _tighter(r_bound, w_bound, lower):
        old, new = cmp.old_new(w_value, r_value)
        cmp.emit(cmp.pick(*rules), writer, reader, keyword=keyword, old=_none(old), new=_none(new))


def _none(value: Any) -> str:
    return "none" if value is None else str(value)


@handles(
    *by_id(
        "json-format-added",
        "json-format-changed",
        "json-format-removed",
        "json-max-length-decreased",
        "json-max-length-increased",
        "json-min-length-decreased",
        "json-min-length-increased",
        "json-pattern-added",
        "json-pattern-changed",
        "json-pattern-removed",
    )
)
def compare_strings(cmp: Comparator, writer: Node, reader: Node) -> None:
    if "string" not in common_types(cmp, writer, reader):
        return
    _compare_count(cmp, writer, reader, "minLength", True, ("json-min-length-increased", "json-min-length-decreased"))  # fmt: skip
    _compare_count(cmp, writer, reader, "maxLength", False, ("json-max-length-decreased", "json-max-length-increased"))  # fmt: skip
    _compare_pattern(cmp, writer, reader)
    _compare_format(cmp, writer, reader)


def _compare_pattern(cmp: Comparator, writer: Node, reader: Node) -> None:
    """`pattern`: added tightens, removed loosens; two different patterns cannot be proven,
    except the decimal patterns stele generates, compared by their digits (`decimals`)."""
    w_value, r_value = _dict(writer).get("pattern"), _dict(reader).get("pattern")
    if r_value is None or r_value == w_value:
        return
    if w_value is None:
        verb = "added" if cmp.backward else "removed"
        cmp.emit(f"json-pattern-{verb}", writer, reader, pattern=r_value)
        return
    if compare_decimal_patterns(cmp, writer, reader, w_value, r_value):
        return
    old, new = cmp.old_new(w_value, r_value)
    cmp.emit("json-pattern-changed", writer, reader, old=old, new=new)


def _compare_format(cmp: Comparator, writer: Node, reader: Node) -> None:
    """`format`: a reader that asserts its format (`Comparator.formats`) rejects strings of any
    other form, so a format it asserts that the writer does not share is an error (the rules'
    severity); other formats are annotations to most validators (warnings: cannot prove)."""
    w_value, r_value = _dict(writer).get("format"), _dict(reader).get("format")
    if r_value is None or r_value == w_value:
        return
    asserted = isinstance(r_value, str) and r_value in cmp.formats
    severity = None if asserted else Severity.WARNING
    variant = "asserted" if asserted else ""
    if w_value is None:
        verb = "added" if cmp.backward else "removed"
        cmp.emit(
            f"json-format-{verb}",
            writer,
            reader,
            severity=severity,
            variant=variant,
            format=r_value,
        )
        return
    old, new = cmp.old_new(w_value, r_value)
    cmp.emit(
        "json-format-changed", writer, reader, severity=severity, variant=variant, old=old, new=new
    )


# -- arrays -----------------------------------------------------------------------------


def item_schemas(node: Node, schemas: SchemaSet) -> tuple[list[Node], Node]:
    """(positional item schemas, the schema of every further item), across drafts."""
    value = _dict(node)
    items = value.get("items")
    if isinstance(items, list):  # drafts 4 to 2019-09: the array form of `items`
        prefix = [node.child("items", i) for i in range(len(items))]
        return prefix, child_or(node, "additionalItems")
    prefix_items = value.get("prefixItems")
    prefix = (
        [node.child("prefixItems", i) for i in range(len(prefix_items))]
        if isinstance(prefix_items, list)
        else []
    )
    rest = "unevaluatedItems" if "items" not in value and "unevaluatedItems" in value else "items"
    return prefix, child_or(node, rest)


@handles(
    *by_id(
        "json-contains-added",
        "json-contains-count-changed",
        "json-contains-removed",
        "json-max-items-decreased",
        "json-max-items-increased",
        "json-min-items-decreased",
        "json-min-items-increased",
        "json-unique-items-added",
        "json-unique-items-removed",
    )
)
def compare_arrays(cmp: Comparator, writer: Node, reader: Node) -> None:
    if "array" not in common_types(cmp, writer, reader):
        return
    _compare_count(cmp, writer, reader, "minItems", True, ("json-min-items-increased", "json-min-items-decreased"))  # fmt: skip
    _compare_count(cmp, writer, reader, "maxItems", False, ("json-max-items-decreased", "json-max-items-increased"))  # fmt: skip
    if _dict(reader).get("uniqueItems") is True and _dict(writer).get("uniqueItems") is not True:
        rule = cmp.pick("json-unique-items-added", "json-unique-items-removed")
        cmp.emit(rule, writer, reader)
    w_prefix, w_rest = item_schemas(writer, cmp.writer_set)
    r_prefix, r_rest = item_schemas(reader, cmp.reader_set)
    for index in range(max(len(w_prefix), len(r_prefix))):
        w_item = w_prefix[index] if index < len(w_prefix) else w_rest
        r_item = r_prefix[index] if index < len(r_prefix) else r_rest
        cmp.compare(w_item, r_item)
    cmp.compare(w_rest, r_rest)
    _compare_contains(cmp, writer, reader)


def _compare_contains(cmp: Comparator, writer: Node, reader: Node) -> None:
    r_value = _dict(reader)
    if "contains" not in r_value or (_min_contains(r_value) == 0 and not _has_max(r_value)):
        return  # no `contains`, or one that asks for no matching item (`minContains: 0`)
    r_contains = reader.child("contains")
    if "contains" in _dict(writer):
        cmp.compare(writer.child("contains"), r_contains)
        _compare_contains_counts(cmp, writer, reader)
        return
    rule = cmp.pick("json-contains-added", "json-contains-removed")
    cmp.emit(rule, writer, reader)


def _min_contains(value: dict[str, Any]) -> int:
    count = value.get("minContains", 1)
    return count if isinstance(count, int) and not isinstance(count, bool) else 1


def _has_max(value: dict[str, Any]) -> bool:
    count = value.get("maxContains")
    return isinstance(count, int) and not isinstance(count, bool)


def _compare_contains_counts(cmp: Comparator, writer: Node, reader: Node) -> None:
    """`minContains` (default 1) and `maxContains` (default unbounded), both about `contains`.

    A writer's matching items match the reader's `contains` (checked above), so a lower bound
    holds when the reader's is not higher. An upper bound counts the reader's matches, which
    the writer only bounds when both `contains` are the same schema (or `maxItems` is low).
    """
    w, r = _dict(writer), _dict(reader)
    w_min, r_min = _min_contains(w), _min_contains(r)
    if r_min > w_min:
        _contains_count_changed(cmp, writer, reader, "minContains", w_min, r_min)
    if not _has_max(r):
        return
    r_max = r["maxContains"]
    w_max = w["maxContains"] if _has_max(w) else None
    same = canonical(w["contains"]) == canonical(r["contains"])
    bounded = same and w_max is not None and w_max <= r_max
    max_items = w.get("maxItems")
    if bounded or (isinstance(max_items, int) and max_items <= r_max):
        return
    if w_max == r_max:  # the same count over a changed `contains`
        rule, count = "json-contains-count-changed", str(r_max)
        cmp.emit(rule, writer, reader, variant="same-count", keyword="maxContains", count=count)
    else:
        _contains_count_changed(cmp, writer, reader, "maxContains", w_max, r_max)


def _contains_count_changed(
    cmp: Comparator, writer: Node, reader: Node, keyword: str, w_count: Any, r_count: Any
) -> None:
    old, new = cmp.old_new(w_count, r_count)
    cmp.emit(
        "json-contains-count-changed",
        writer,
        reader,
        keyword=keyword,
        old=_none(old),
        new=_none(new),
    )


__all__ = ["synthetic"]
