"""The structural comparison of two JSON Schemas: is every writer instance valid for the reader?

The question is asked as "writer ⊆ reader": BACKWARD makes the OLD schema the writer (old
documents must stay valid under the new schema), FORWARD makes the NEW schema the writer. The
walk pairs old and new subschemas (properties by name, items by position, union branches by
`$ref` target, discriminator `const` or similarity) and hands each pair to small keyword checks
(`keywords`, `objects`, `combinators`). Findings are phrased as the change from old to new, so a
rule's name reads the same in both directions (`json-maximum-decreased`).

Cycles through `$ref` are cut by remembering every (writer, reader) pair already under way:
a pair met again is assumed compatible, which is the greatest fixed point and the right answer
for recursive types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stele.compat.handlers import handles
from stele.compat.jsonschema import combinators, content, keywords, objects
from stele.compat.jsonschema.limits import nested_too_deep, ref_chain_too_long
from stele.compat.jsonschema.loading import Node, SchemaSet
from stele.compat.jsonschema.rules import RULES_BY_ID, by_id
from stele.compat.jsonschema.shapes import check_tree
from stele.compat.jsonschema.values import (
    MAX_COMPARE_DEPTH,
    MAX_REF_CHAIN,
    REF_KEYWORDS,
    VALIDATOR_FORMATS,
    Policy,
    accepts_everything,
    constraints,
    ref_keyword,
)
from stele.compat.model import Direction, Finding
from stele.diagnostics import Severity

_DEREF_KEYS = frozenset({*REF_KEYWORDS, "allOf"})


@dataclass
class Comparator:
    """One comparison: the writer and reader document sets, the direction and the policy."""

    direction: Direction
    writer_set: SchemaSet
    reader_set: SchemaSet
    policy: Policy = "strict"
    subject_prefix: tuple[str, str] | None = None  # (subject to replace, replacement)
    formats: frozenset[str] = VALIDATOR_FORMATS  # the formats readers assert
    findings: list[Finding] = field(default_factory=list)
    # (old document, new document) of every pair of document roots compared: a `$ref` whose
    # target file was renamed (the same type under another name) pairs the two files.
    roots: set[tuple[str, str]] = field(default_factory=set)
    _under_way: set[tuple[tuple[str, str], tuple[str, str]]] = field(default_factory=set)
    depth: int = 0  # pairs of subschemas being compared, one inside the other
    # Set by `deref` when it passed OpenAPI 3.0's `nullable: true` beside a single `allOf`.
    passed_nullable: bool = False

    # -- roles ---------------------------------------------------------------------------

    @property
    def backward(self) -> bool:
        return self.direction is Direction.BACKWARD

    def old_new(self, writer: Any, reader: Any) -> tuple[Any, Any]:
        """Writer/reader values as (old, new)."""
        return (writer, reader) if self.backward else (reader, writer)

    def pick(self, tightened: str, loosened: str) -> str:
        """The rule for 'the reader is narrower': BACKWARD means new tightened, else loosened."""
        return tightened if self.backward else loosened

    # -- findings ------------------------------------------------------------------------

    def emit(
        self,
        rule_id: str,
        writer: Node | None,
        reader: Node | None,
        /,
        *,
        severity: Severity | None = None,
        subject: str | None = None,
        variant: str = "",
        **values: str,
    ) -> None:
        """Record a finding of `rule_id`, its message rendered from the rule's template `variant`
        and `values` (its detail: `property`, `keyword`, `old`, `new`... see `messages`)."""
        rule = RULES_BY_ID[rule_id]
        old, new = self.old_new(writer, reader)
        old_set, new_set = self.old_new(self.writer_set, self.reader_set)
        if subject is None:
            subject = (old or new).subject if (old or new) else ""
        if self.subject_prefix and subject.startswith(self.subject_prefix[0]):
            subject = self.subject_prefix[1] + subject[len(self.subject_prefix[0]) :]
        self.findings.append(
            rule.report(
                self.direction,
                subject,
                old_set.locate(old) if old is not None else None,
                new_set.locate(new) if new is not None else None,
                severity,
                variant,
                **values,
            )
        )

    def proves(self, writer: Node, reader: Node) -> bool:
        """Whether writer ⊆ reader can be shown (no error, no 'cannot prove' warning)."""
        probe = Comparator(
            self.direction, self.writer_set, self.reader_set, self.policy, formats=self.formats
        )
        probe._under_way = set(self._under_way)
        probe.depth = self.depth
        probe.compare(writer, reader)
        return not probe.findings

    def swapped(self) -> Comparator:
        """A comparator with writer and reader exchanged (for `not`)."""
        other = Direction.FORWARD if self.backward else Direction.BACKWARD
        swapped = Comparator(
            other, self.reader_set, self.writer_set, self.policy, formats=self.formats
        )
        swapped.depth = self.depth
        return swapped

    # -- references ----------------------------------------------------------------------

    def deref(self, node: Node, schemas: SchemaSet) -> Node:
        """Follow `$ref`s whose siblings do not constrain (or are ignored by the draft).

        Every schema it passes is checked for well-typed keywords first (`shapes.check_tree`,
        D008): the comparison and its helpers read schemas only after `deref`.
        """
        start, passed = node, set()
        for _ in range(MAX_REF_CHAIN):
            check_tree(node, schemas)
            value = node.value
            if not isinstance(value, dict) or not _DEREF_KEYS & value.keys():
                return node  # the common case: nothing to follow
            passed.add(node.key)
            if isinstance(value, dict) and _single_all_of(value):
                if value.get("nullable") is True and schemas.openapi30(node):
                    self.passed_nullable = True
                node = node.child("allOf", 0)  # `allOf: [X]` (a $ref with a description) is X
                continue
            keyword = ref_keyword(value)
            if keyword is None:
                return node
            ignores_siblings = schemas.draft(node) in ("4", "6", "7") or schemas.openapi30(node)
            siblings = constraints({k: v for k, v in value.items() if k != keyword})
            if siblings and not ignores_siblings:
                return node  # `$ref` next to constraints: an implicit allOf member
            target = schemas.resolve(node, value[keyword])
            if target is None:
                return node
            if target.key in passed:
                raise ref_chain_too_long(schemas, start, looped=True)
            node = target
        raise ref_chain_too_long(schemas, start, looped=False)

    def ref_target(self, node: Node, schemas: SchemaSet) -> Node | None:
        """The resolved target of a `$ref` kept by `deref` (one with constraining siblings)."""
        keyword = ref_keyword(node.value)
        if keyword is not None:
            return schemas.resolve(node, node.value[keyword])
        return None

    # -- the walk ------------------------------------------------------------------------

    @handles(*by_id("json-ref-unresolved", "json-type-narrowed", "json-type-widened"))
    def compare(self, writer: Node, reader: Node, null_settled: bool = False) -> None:
        """Check writer ⊆ reader; `null_settled` when an enclosing union already judged null."""
        self.passed_nullable = False
        raw = (writer, reader)
        writer = self.deref(writer, self.writer_set)
        nulls = (self.passed_nullable, False)
        self.passed_nullable = False
        reader = self.deref(reader, self.reader_set)
        nulls = (nulls[0], self.passed_nullable)
        pair = (writer.key, reader.key)
        if pair in self._under_way:
            return
        self._under_way.add(pair)
        if self.depth >= MAX_COMPARE_DEPTH:
            raise nested_too_deep(self.writer_set, writer)
        self.depth += 1
        try:
            self._compare_pair(writer, reader, null_settled, nulls, raw)
        finally:
            self.depth -= 1

    def _compare_pair(
        self,
        writer: Node,
        reader: Node,
        null_settled: bool,
        nulls: tuple[bool, bool],
        raw: tuple[Node, Node],
    ) -> None:
        if writer.pointer == "" and reader.pointer == "":
            old, new = self.old_new(writer, reader)
            self.roots.add((old.doc, new.doc))
        if self._unresolved(writer, reader) or accepts_everything(reader) or writer.value is False:
            return
        if reader.value is False:
            self._rejects_everything(writer, reader)
            return
        at = raw if any(nulls) else None  # `nullable` was said before the reference: there
        if not null_settled and not combinators.compare_nullability(
            self, writer, reader, nulls, at
        ):
            return
        if combinators.compare_unions(self, writer, reader):
            return
        self.compare_keywords(writer, reader)

    def compare_keywords(self, writer: Node, reader: Node) -> None:
        """The keyword checks of one pair, unions aside (they were handled first)."""
        if not keywords.compare_types(self, writer, reader):
            return
        keywords.compare_values(self, writer, reader)
        keywords.compare_numbers(self, writer, reader)
        keywords.compare_strings(self, writer, reader)
        content.compare_content(self, writer, reader)
        keywords.compare_arrays(self, writer, reader)
        objects.compare_objects(self, writer, reader)
        combinators.compare_all_of(self, writer, reader)
        combinators.compare_not(self, writer, reader)
        combinators.compare_conditionals(self, writer, reader)

    def _unresolved(self, writer: Node, reader: Node) -> bool:
        """A `$ref` to a document we were not given: equal refs pass, others cannot be proven."""
        w_ref = _dangling_ref(self, writer, self.writer_set)
        r_ref = _dangling_ref(self, reader, self.reader_set)
        if w_ref is None and r_ref is None:
            return False
        if w_ref != r_ref:
            shown = r_ref if r_ref is not None else str(w_ref)
            self.emit("json-ref-unresolved", writer, reader, ref=shown)
        return True

    def _rejects_everything(self, writer: Node, reader: Node) -> None:
        if self.backward:
            self.emit("json-type-narrowed", writer, reader, variant="rejects-all")
        else:
            self.emit("json-type-widened", writer, reader, variant="accepts-now")


def _single_all_of(value: dict[str, Any]) -> bool:
    """`allOf: [X]` alone (a `$ref` with a description), or beside OpenAPI 3.0's `nullable`
    (3.0 ignores the siblings of a `$ref`, so a nullable reference is written this way)."""
    members = value.get("allOf")
    rest = set(constraints(value)) - {"allOf", "nullable"}
    return isinstance(members, list) and len(members) == 1 and not rest


def _dangling_ref(cmp: Comparator, node: Node, schemas: SchemaSet) -> str | None:
    keyword = ref_keyword(node.value)
    if keyword is not None and cmp.ref_target(node, schemas) is None:
        return str(node.value[keyword])
    return None
