"""Convert values between stele's canonical JSON form and the Python values fastavro handles.

The canonical form is the one of docs/mapping.md (timestamps as RFC 3339 strings, bytes as
base64, decimals as strings, a union value as the variant's object plus the discriminator).
fastavro writes and reads Python objects: `datetime` for timestamp-micros, `date` for date,
`Decimal` for decimal, `bytes`, and the tuple `(avro full name, record)` for a union branch.

Read Avro data with `READER_OPTIONS` (fastavro's `return_record_name=True`): it is what lets
`from_avro_value` tell the variants of a union apart.

The text forms live in `stele.mapping.canonical_text`, the converters of single scalars in
`stele.mapping.avro_scalars`; this module only walks the types.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stele.ir import (
    Decimal,
    Field,
    ListOf,
    MapOf,
    NamedType,
    Project,
    Record,
    Ref,
    Scalar,
    TypeExpr,
    Value,
)
from stele.ir import Enum as EnumType
from stele.ir import Union as UnionType
from stele.mapping.avro_scalars import (
    SCALAR_READERS,
    SCALAR_WRITERS,
    Convert,
    decimal_reader,
    decimal_writer,
    int64_text,
    shortest_float32,
    text,
)

# shortest_float32 is re-exported: it lived here before avro_scalars.
__all__ = [
    "READER_OPTIONS",
    "AvroValues",
    "avro_full_name",
    "from_avro_value",
    "normal_form",
    "record_from_avro",
    "record_to_avro",
    "shortest_float32",
    "to_avro_value",
]

# Keyword arguments for fastavro's readers so unions come back as (full name, record) tuples.
READER_OPTIONS: Mapping[str, bool] = {"return_record_name": True}


def avro_full_name(t: NamedType) -> str:
    """The Avro full name of a stele record or enum: nested names are joined with `_`.

    `food.order.Order.Audit` (nested in `Order`) becomes `food.order.Order_Audit`: stele type
    names are PascalCase, so the `_` cannot collide with a top-level name.
    """
    local = t.name[len(t.package) + 1 :] if t.package else t.name
    avro_name = local.replace(".", "_")
    return f"{t.package}.{avro_name}" if t.package else avro_name


# ---------------------------------------------------------------------------------------------
# Canonical <-> fastavro, one type at a time
# ---------------------------------------------------------------------------------------------


def to_avro_value(project: Project, type_expr: TypeExpr, value: Value) -> Any:
    """The Python value fastavro writes for a canonical `value` of `type_expr`.

    A record value gets every field: an absent optional field becomes None and an absent field
    with a default gets the default. Raises ValueError for a value that does not fit the type.
    """
    return AvroValues(project).writer(type_expr)(value)


def from_avro_value(
    project: Project, type_expr: TypeExpr, value: Any, *, int64_as_string: bool = False
) -> Value:
    """The canonical form of a value fastavro read (with READER_OPTIONS) for `type_expr`."""
    reader: Convert = AvroValues(project, int64_as_string).reader(type_expr)
    return reader(value)  # type: ignore[no-any-return]


def record_to_avro(project: Project, record: Record, value: Mapping[str, Value]) -> dict[str, Any]:
    return AvroValues(project).writer(Ref(record.name))(dict(value))  # type: ignore[no-any-return]


def record_from_avro(
    project: Project, record: Record, value: Mapping[str, Any], int64_as_string: bool = False
) -> dict[str, Value]:
    return AvroValues(project, int64_as_string).reader(Ref(record.name))(value)  # type: ignore[no-any-return]


class AvroValues:
    """Converters of one project's values, compiled per type and cached.

    Each record, enum and union gets a closure that walks a plan of its fields made from the
    IR on its first call (lazily, so that a one-off conversion plans only the types its value
    reaches, and recursive types find their own converter already cached).
    """

    def __init__(self, project: Project, int64_as_string: bool = False) -> None:
        self.project = project
        self.int64_as_string = int64_as_string
        self._writers: dict[str, Convert] = {}
        self._readers: dict[str, Convert] = {}

    def writer(self, type_expr: TypeExpr) -> Convert:
        """Canonical value of `type_expr` -> the Python value fastavro writes."""
        if isinstance(type_expr, Scalar):
            return SCALAR_WRITERS[type_expr.name]
        if isinstance(type_expr, Decimal):
            return decimal_writer(type_expr.precision, type_expr.scale)
        if isinstance(type_expr, ListOf):
            item = self.writer(type_expr.item)
            return lambda value: [item(v) for v in _array(value)]
        if isinstance(type_expr, MapOf):
            entry = self.writer(type_expr.value)
            return lambda value: {k: entry(v) for k, v in _object(value).items()}
        return self.named_writer(type_expr.name)

    def named_writer(self, type_name: str) -> Convert:
        """`writer(Ref(type_name))`, without building the Ref."""
        found = self._writers.get(type_name)
        if found is None:
            found = self._writers[type_name] = self._named_writer(type_name)
        return found

    def reader(self, type_expr: TypeExpr) -> Convert:
        """Python value fastavro read (with READER_OPTIONS) -> canonical value of `type_expr`."""
        if isinstance(type_expr, Scalar):
            if type_expr.name == "int64" and self.int64_as_string:
                return int64_text
            return SCALAR_READERS[type_expr.name]
        if isinstance(type_expr, Decimal):
            return decimal_reader(type_expr.scale)
        if isinstance(type_expr, ListOf):
            item = self.reader(type_expr.item)
            return lambda value: [item(v) for v in value]
        if isinstance(type_expr, MapOf):
            entry = self.reader(type_expr.value)
            return lambda value: {k: entry(v) for k, v in value.items()}
        return self.named_reader(type_expr.name)

    def named_reader(self, type_name: str) -> Convert:
        """`reader(Ref(type_name))`, without building the Ref."""
        found = self._readers.get(type_name)
        if found is None:
            found = self._readers[type_name] = self._named_reader(type_name)
        return found

    # -- named types, canonical -> fastavro --------------------------------------------------

    def _named_writer(self, type_name: str) -> Convert:
        t = self.project.types[type_name]
        if isinstance(t, Record):
            return self._record_writer(t)
        if isinstance(t, EnumType):
            return _enum_writer(t)
        return self._union_writer(t)

    def _record_writer(self, record: Record) -> Convert:
        plan: list[tuple[str, Convert, int, Value]] = []
        record_name = record.name

        def write(value: Value) -> dict[str, Any]:
            if not plan:
                # Whole, in one step: another thread never sees half a plan.
                plan[:] = [
                    (f.name, self.writer(f.type), _missing_mode(f), f.default)
                    for f in record.fields
                ]
            obj = _object(value)
            out: dict[str, Any] = {}
            for name, convert, missing, default in plan:
                v = obj.get(name)
                if v is not None:
                    out[name] = convert(v)
                elif missing == _AS_NULL:
                    out[name] = None
                elif missing == _DEFAULT:
                    out[name] = convert(default)
                else:
                    raise ValueError(f"{record_name}: required field '{name}' is missing")
            return out

        return write

    def _union_writer(self, union: UnionType) -> Convert:
        branches: dict[str, tuple[str, Convert, bool]] = {}

        def write(value: Value) -> tuple[str, Any]:
            if not branches:
                branches.update(self._union_branches(union))
            obj = _object(value)
            variant_name = obj.get(union.discriminator)
            branch = branches.get(variant_name) if isinstance(variant_name, str) else None
            if branch is None:
                raise ValueError(f"{union.name}: '{variant_name}' is not a variant")
            full_name, convert, strip = branch
            if strip:
                obj = {k: v for k, v in obj.items() if k != union.discriminator}
            return (full_name, convert(obj))

        return write

    def _union_branches(self, union: UnionType) -> dict[str, tuple[str, Convert, bool]]:
        branches = {}
        for v in union.variants:
            record = self.project.record(v.type.name)
            # The branch is the value without its discriminator: pass the value itself unless
            # the variant record has a field of that name.
            strip = record.field(union.discriminator) is not None
            branches[v.name] = (avro_full_name(record), self.writer(v.type), strip)
        return branches

    # -- named types, fastavro -> canonical --------------------------------------------------

    def _named_reader(self, type_name: str) -> Convert:
        t = self.project.types[type_name]
        if isinstance(t, Record):
            return self._record_reader(t, unwrap=True)
        if isinstance(t, EnumType):
            return str
        return self._union_reader(t)

    def _record_reader(self, record: Record, unwrap: bool) -> Convert:
        plan: list[tuple[str, bool, Convert | None, Convert]] = []

        def read(value: Any) -> dict[str, Value]:
            if unwrap and isinstance(value, tuple):
                # With return_record_name=True, a record inside ["null", Record] comes back as
                # a tuple.
                value = value[1]
            if not plan:
                plan[:] = [
                    (f.name, f.optional, self._default_branch(f), self.reader(f.type))
                    for f in record.fields
                ]
            out: dict[str, Value] = {}
            for name, optional, name_branch, convert in plan:
                v = value.get(name)
                if v is None and optional:
                    continue  # an absent optional field: null is not a canonical value
                if name_branch is not None and isinstance(v, dict):
                    v = name_branch(v)
                out[name] = convert(v)
            return out

        return read

    def _default_branch(self, f: Field) -> Convert | None:
        """For a union field with a default: name the branch of a bare record read for it."""
        t = self.project.types.get(f.type.name) if isinstance(f.type, Ref) else None
        if f.optional or not f.has_default or not isinstance(t, UnionType):
            return None
        project, type_expr, default = self.project, f.type, f.default
        return lambda value: _default_branch(project, type_expr, default, value)

    def _union_reader(self, union: UnionType) -> Convert:
        branches: dict[str, tuple[str, Convert]] = {}
        only: list[tuple[str, Convert]] = []

        def read(value: Any) -> Value:
            if not branches:
                found = [
                    (avro_full_name(record), (v.name, self._record_reader_of(record)))
                    for v in union.variants
                    for record in [self.project.record(v.type.name)]
                ]
                only[:] = [branch for _, branch in found]
                branches.update(dict(reversed(found)))  # the first variant of a record wins
            if isinstance(value, tuple):
                full_name, body = value
                match = branches.get(full_name)
                if match is None:
                    raise ValueError(f"{union.name}: '{full_name}' is not the record of a variant")
            elif len(only) == 1:
                match, body = only[0], value
            else:
                raise ValueError(
                    f"{union.name}: a union value needs the branch name; read with READER_OPTIONS"
                )
            variant_name, read_body = match
            return {union.discriminator: variant_name, **read_body(body)}

        return read

    def _record_reader_of(self, record: Record) -> Convert:
        # The record's reader without the tuple unwrapping: a union branch is already unwrapped.
        key = f"{record.name} (body)"
        found = self._readers.get(key)
        if found is None:
            found = self._readers[key] = self._record_reader(record, unwrap=False)
        return found


# How a record writer fills a field the value lacks (or holds as null).
_AS_NULL, _DEFAULT, _REQUIRED = 0, 1, 2


def _missing_mode(f: Field) -> int:
    if f.optional:
        return _AS_NULL
    return _DEFAULT if f.has_default else _REQUIRED


def _default_branch(project: Project, type_expr: TypeExpr, default: Value, value: Any) -> Any:
    """Name the branch of a union field's default, which readers return without its name.

    The emitter puts the default's variant first in the field's union, and Avro's default is
    the first branch, so a bare record read for such a field is that variant.
    """
    t = project.types.get(type_expr.name) if isinstance(type_expr, Ref) else None
    if not isinstance(t, UnionType) or not isinstance(default, dict):
        return value
    variant = next(v for v in t.variants if v.name == default.get(t.discriminator))
    return (avro_full_name(project.types[variant.type.name]), value)


def _enum_writer(enum: EnumType) -> Convert:
    symbols = frozenset(s.name for s in enum.symbols)

    def write(value: Value) -> str:
        symbol = text(value)
        if symbol not in symbols:
            raise ValueError(f"'{symbol}' is not a symbol of {enum.name}")
        return symbol

    return write


# ---------------------------------------------------------------------------------------------
# Shape checks
# ---------------------------------------------------------------------------------------------


def _text(value: Value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a string, got {value!r}")
    return value


def _array(value: Value) -> list[Value]:
    if not isinstance(value, list):
        raise ValueError(f"expected an array, got {value!r}")
    return value


def _object(value: Value) -> dict[str, Value]:
    if not isinstance(value, dict):
        raise ValueError(f"expected an object, got {value!r}")
    return value


def normal_form(project: Project, type_expr: TypeExpr, value: Value) -> Value:
    """What a canonical value reads back as after an Avro round trip, without the codec:
    defaults filled in, timestamps in UTC, decimals at their scale, float32 shortest."""
    return from_avro_value(project, type_expr, to_avro_value(project, type_expr, value))
