"""Pairing: walk a reader schema against a writer schema as Avro resolution does.

This is the only place that decides which reader element reads which writer element (fields by
name or reader alias, union branches by resolvability, named types by name). Every matched pair
is handed to the rule functions of `judges`, which only compare that one pair.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from stele.compat.avro import judges
from stele.compat.avro.pair import Pair
from stele.compat.avro.resolution import PROMOTIONS, names_match, writer_field_for
from stele.compat.avro.schema import (
    ArrayOf,
    AvroType,
    Field,
    MapOf,
    Named,
    Primitive,
    Resolved,
    SchemaFile,
    SchemaSet,
    Union,
)
from stele.compat.model import Direction, Finding
from stele.diagnostics import Severity
from stele.span import Span

R = TypeVar("R")
W = TypeVar("W")


@dataclass(frozen=True)
class Context:
    subject: str
    reader_loc: Span | None
    writer_loc: Span | None


class Walk:
    """Resolves reader against writer, collecting findings; named pairs are visited once."""

    def __init__(
        self,
        reader: SchemaSet,
        writer: SchemaSet,
        direction: Direction,
        compat_cache: dict[tuple[int, int], bool | None] | None = None,
        probe_of: tuple[int, int] | None = None,
    ) -> None:
        self.reader, self.writer, self.direction = reader, writer, direction
        self.findings: list[Finding] = []
        self._visited: set[tuple[int, int]] = set()
        self._compat = {} if compat_cache is None else compat_cache
        # A probe (`compatible`) only needs a verdict: it takes the verdicts already known for
        # the named pairs below its own instead of walking their closure again.
        self._probe_of = probe_of
        self.known_failure = False
        # Reader branches tried for writer branches, probes included (tests count the work).
        self.branch_checks = 0

    def pair(self, reader: R, writer: W, at: Context) -> Pair[R, W]:
        return Pair(reader, writer, self.direction, at.subject, at.reader_loc, at.writer_loc)

    def emit(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def new_name(self, reader_name: str, writer_name: str) -> str:
        return reader_name if self.direction is Direction.BACKWARD else writer_name

    def files(self, reader: SchemaFile, writer: SchemaFile) -> None:
        subject = self.new_name(
            self._display_name(self.reader, reader), self._display_name(self.writer, writer)
        )
        self.compare(reader.top, writer.top, Context(subject, reader.loc, writer.loc))

    @staticmethod
    def _display_name(schemas: SchemaSet, file: SchemaFile) -> str:
        top = schemas.deref(file.top)
        return top.fullname if isinstance(top, Named) else file.path

    def compare(
        self, reader_type: AvroType | Named, writer_type: AvroType | Named, at: Context
    ) -> None:
        reader = self.reader.deref(reader_type)
        writer = self.writer.deref(writer_type)
        if self._variants_unwrapped(reader, writer):
            self.emit(judges.variants_unwrapped(self.pair(reader, writer, at)))
        elif isinstance(reader, Union) or isinstance(writer, Union):
            self._union(reader, writer, at)
        elif isinstance(reader, Named) and isinstance(writer, Named) and reader.kind == writer.kind:
            self._named(reader, writer)
        elif isinstance(reader, ArrayOf) and isinstance(writer, ArrayOf):
            self.compare(reader.items, writer.items, at)
        elif isinstance(reader, MapOf) and isinstance(writer, MapOf):
            self.compare(reader.values, writer.values, at)
        elif isinstance(reader, Primitive) and isinstance(writer, Primitive):
            self.emit(judges.primitive_types(self.pair(reader, writer, at)))
        else:
            self.emit(judges.kind_changed(self.pair(reader, writer, at)))

    def _variants_unwrapped(self, reader: Resolved, writer: Resolved) -> bool:
        """A contract union on one side only, in schemas stele generated (an optional is not).

        Avro resolves a record against a union holding it, but a contract union's values are
        its variants: a record read as a variant (or a variant read as a plain record) is
        another contract value, which the consumers of the corpus prove.
        """
        if not (self.reader.generated and self.writer.generated):
            return False
        return _is_variants(reader) != _is_variants(writer)

    def _named(self, reader: Named, writer: Named) -> None:
        key = (id(reader), id(writer))
        if key in self._visited:
            return  # already compared, or being compared higher up (a recursive type)
        self._visited.add(key)
        known = self._compat.get(key) if self._probe_of not in (None, key) else None
        if known is not None:  # decided (None: undecided, or being probed higher up)
            self.known_failure |= not known
            return
        at = Context(self.new_name(reader.fullname, writer.fullname), reader.loc, writer.loc)
        pair = self.pair(reader, writer, at)
        self.emit(judges.named_names(pair))
        if not names_match(reader, writer):
            return
        if reader.kind == "record":
            self._fields(reader, writer)
        elif reader.kind == "enum":
            self.emit(judges.enum_symbols(pair))
            self.emit(judges.enum_default(pair))
        else:
            self.emit(judges.fixed_size(pair))
            self.emit(judges.logical_types(pair))

    def _fields(self, reader: Named, writer: Named) -> None:
        record = self.new_name(reader.fullname, writer.fullname)
        for reader_field in reader.fields:
            writer_field = writer_field_for(reader_field, writer)
            if writer_field is None:
                at = Context(f"{record}.{reader_field.name}", reader_field.loc, writer.loc)
                self.emit(judges.reader_field_missing(self.pair(reader_field, writer, at)))
                continue
            name = self.new_name(reader_field.name, writer_field.name)
            at = Context(f"{record}.{name}", reader_field.loc, writer_field.loc)
            self.emit(judges.field_default(self.pair(reader_field, writer_field, at)))
            self.compare(reader_field.type, writer_field.type, at)
            self._variants(reader_field, writer_field, at)

    def _variants(self, reader: Field, writer: Field, at: Context) -> None:
        """stele's variant names of the records both union fields hold, matched by name."""
        reader_names = _variant_names(self.reader, reader)
        writer_names = _variant_names(self.writer, writer)
        for record, written in writer_names.items():
            read = reader_names.get(record)
            if read is not None and read != written:
                self.emit(judges.variant_renamed(self.pair(read, written, at), record))

    def _union(self, reader: Resolved, writer: Resolved, at: Context) -> None:
        reader_branches: tuple[AvroType | Named, ...] = (
            reader.branches if isinstance(reader, Union) else (reader,)
        )
        writer_branches: tuple[AvroType | Named, ...] = (
            writer.branches if isinstance(writer, Union) else (writer,)
        )
        index = _BranchIndex(self.reader, reader_branches)
        for branch in writer_branches:
            resolved = self.writer.deref(branch)
            match = self._reader_branch_for(index, resolved, isinstance(reader, Union))
            if match is None:
                self.emit(judges.union_branch_missing(self.pair(reader, resolved, at)))
            else:
                self.compare(match, branch, at)

    def _reader_branch_for(
        self, index: _BranchIndex, writer: Resolved, reader_is_union: bool
    ) -> AvroType | Named | None:
        """The reader branch a writer branch resolves to, or the one that explains why not.

        Only the branches that can match (same type or a promotion, same name or an alias) are
        tried, so a union of n records costs n comparisons, not n squared.
        """
        candidates = index.candidates(writer) if reader_is_union else index.branches
        if reader_is_union and isinstance(writer, Primitive) and candidates:
            # The specification resolves a writer primitive to the first reader branch it
            # matches, a promotion included (fastavro does: bytes written into ["string",
            # "bytes"] are read as the string); comparing that branch says whether it reads.
            return candidates[0]
        for branch in candidates:
            self.branch_checks += 1
            if self.compatible(branch, writer):
                return branch
        for branch in candidates:
            if _same_shape(self.reader.deref(branch), writer, not reader_is_union):
                return branch  # incompatible, but comparing it says why better than "missing"
        return None

    def compatible(self, reader_type: AvroType | Named, writer_type: AvroType | Named) -> bool:
        reader, writer = self.reader.deref(reader_type), self.writer.deref(writer_type)
        key = (id(reader), id(writer))
        if key in self._compat:
            return self._compat[key] is not False  # None: in progress, assumed compatible
        self._compat[key] = None
        probe = Walk(self.reader, self.writer, self.direction, self._compat, key)
        probe.compare(reader, writer, Context("", None, None))
        self.branch_checks += probe.branch_checks
        verdict = not probe.known_failure and not any(
            f.severity is Severity.ERROR for f in probe.findings
        )
        self._compat[key] = verdict
        return verdict


class _BranchIndex:
    """The branches of a reader union by what a writer branch can match them by: the type of a
    primitive (with the promotions into it), array, map, and the name and aliases of a named
    type. Candidates keep the union's order: the first resolvable branch is the one chosen."""

    def __init__(self, schemas: SchemaSet, branches: tuple[AvroType | Named, ...]) -> None:
        self.branches = branches
        self._by_key: dict[str, list[int]] = {}
        for i, branch in enumerate(branches):
            for key in _own_keys(schemas.deref(branch)):
                self._by_key.setdefault(key, []).append(i)

    def candidates(self, writer: Resolved) -> list[AvroType | Named]:
        found = {i for key in _wanted_keys(writer) for i in self._by_key.get(key, ())}
        return [self.branches[i] for i in sorted(found)]


def _variant_names(schemas: SchemaSet, field: Field) -> dict[str, str]:
    """Unqualified record name -> variant name, from the field's "stele.variants"."""
    union = schemas.deref(field.type)
    if not field.variants or not isinstance(union, Union):
        return {}
    branches = [schemas.deref(b) for b in union.branches if not _is_null(b)]
    if len(branches) != len(field.variants):
        return {}  # not stele's layout: no names to compare
    return {
        b.name: v for b, v in zip(branches, field.variants, strict=True) if isinstance(b, Named)
    }


def _is_variants(schema: Resolved) -> bool:
    if not isinstance(schema, Union):
        return False
    return not (len(schema.branches) == 2 and any(_is_null(b) for b in schema.branches))


def _is_null(branch: AvroType | Named) -> bool:
    return isinstance(branch, Primitive) and branch.type == "null"


def _own_keys(reader: Resolved) -> list[str]:
    if isinstance(reader, Primitive):
        return [f"primitive:{reader.type}"]
    if isinstance(reader, Named):
        return [f"name:{reader.name}", *(f"alias:{a}" for a in reader.aliases)]
    return (
        ["array"] if isinstance(reader, ArrayOf) else ["map"] if isinstance(reader, MapOf) else []
    )


def _wanted_keys(writer: Resolved) -> list[str]:
    if isinstance(writer, Primitive):
        readers = {writer.type} | {r for w, r in PROMOTIONS if w == writer.type}
        return [f"primitive:{r}" for r in sorted(readers)]
    if isinstance(writer, Named):
        return [f"name:{writer.name}", f"alias:{writer.fullname}"]
    return (
        ["array"] if isinstance(writer, ArrayOf) else ["map"] if isinstance(writer, MapOf) else []
    )


def _same_shape(reader: Resolved, writer: Resolved, lenient: bool) -> bool:
    if isinstance(reader, Named) and isinstance(writer, Named):
        return reader.kind == writer.kind and (lenient or names_match(reader, writer))
    if isinstance(reader, (ArrayOf, MapOf)):
        return type(reader) is type(writer)
    if lenient and isinstance(reader, Primitive) and isinstance(writer, Primitive):
        return (reader.type == "null") == (writer.type == "null")
    return False
