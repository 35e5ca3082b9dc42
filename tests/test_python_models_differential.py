"""stele's pydantic writer against datamodel-code-generator, the reference it replaced.

Both write the models of the example project (open, closed, int64 as strings) and of generated
projects (records with every field kind, optional fields, defaults, enums, unions, nested types,
references across packages, docs with quotes, backslashes and line breaks): the modules must be
the same text, and both sets of models must accept and reject the same payloads. The few cases
where the writer parts from the generator on purpose (docs/performance.md, "The pydantic models:
stele's writer") are left out of the generated projects and pinned by tests of their own.
"""

from __future__ import annotations

import dataclasses
import difflib
import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stele.config import ContentModel, Options
from stele.emit.base import EmitContext
from stele.emit.python_models_dcg import generate_modules
from stele.emit.python_models_names import by_name, is_keyword
from stele.emit.python_models_writer import write_modules
from stele.ir import (
    Decimal,
    Enum,
    EnumSymbol,
    Example,
    Field,
    Header,
    ListOf,
    MapOf,
    Message,
    MessageKind,
    NamedType,
    Package,
    Project,
    Record,
    Ref,
    Scalar,
    Span,
    TypeExpr,
    Union,
    Value,
    Variant,
)
from stele.mapping.json_values import json_value

pytest.importorskip("datamodel_code_generator")

ROOT = Path(__file__).parent.parent
AT = Span("contracts/x.yaml", 1, 1)
CLOSED = Options(json_content_model=ContentModel.CLOSED)
INT64_STRINGS = Options(int64_as_string=True)


def _example_workspace() -> Any:
    from stele.source.config_reader import load_config
    from stele.workspace import open_workspace

    return open_workspace(load_config(ROOT / "stele.yaml"))


def both(project: Project, options: Options) -> tuple[dict[Any, str], dict[Any, str]]:
    """(the generator's modules, the writer's), trailing blank lines aside, without
    `populate_by_name=True`: the generator writes it on every model of a project with `json:`
    names or keyword fields or headers, the writer on the models whose fields have them alone. Which models
    the writer writes it on is counted here and pinned by tests/test_python_models_json_names.py."""
    reference = generate_modules(EmitContext(project, options, {}, {}))
    written = write_modules(project, options)
    expected = sum(1 for _ in _by_name_classes(project))
    assert sum(code.count("populate_by_name=True") for code in written.values()) == expected
    return (
        {k: _without_by_name(v).rstrip() for k, v in reference.items()},
        {k: _without_by_name(v).rstrip() for k, v in written.items()},
    )


def _by_name_classes(project: Project) -> Iterator[str]:
    """The records and union variants whose fields have `json:` names or keyword names, and the
    headers of messages with a header named as a keyword."""
    for named in project.types.values():
        if isinstance(named, Record) and by_name(named.fields):
            yield named.name
        elif isinstance(named, Union):
            for v in named.variants:
                if by_name(project.record(v.type.name).fields):
                    yield f"{named.name}.{v.name}"
    for message in project.messages.values():
        if any(is_keyword(h.name) for h in message.headers):
            yield f"{message.name}_Headers"


def _without_by_name(code: str) -> str:
    code = code.replace("        populate_by_name=True,\n", "")
    # A class with nothing but the setting is a class with nothing: `pass`.
    empty = r"(\(BaseModel\):)\n    model_config = ConfigDict\(\n    \)(?=\n\n|\n?$)"
    code = re.sub(empty, r"\1\n    pass", code)
    code = code.replace("\n    model_config = ConfigDict(\n    )", "")
    if "ConfigDict(" not in code:
        code = code.replace(", ConfigDict", "").replace("ConfigDict, ", "")
    return code


VARIANTS: dict[str, dict[str, Any]] = {
    "as-configured": {},
    "closed": {"json_content_model": ContentModel.CLOSED},
    "int64-as-string": {"int64_as_string": True},
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_the_example_project_is_written_as_the_generator_writes_it(variant: str) -> None:
    """`codegen/python/models` is the first of these (stele generate --check compares it)."""
    ws = _example_workspace()
    reference, written = both(
        ws.project, dataclasses.replace(ws.config.options, **VARIANTS[variant])
    )
    assert sorted(written) == sorted(reference)
    for module, code in reference.items():
        assert written[module] == code, _diff(module, code, written[module])


# ---------------------------------------------------------------------------------------------
# Generated projects
# ---------------------------------------------------------------------------------------------

# Packages in an order that references follow (a package refers to itself or earlier ones, as
# stele's lint requires no cycle between packages): a parent beside its child, two depths.
PACKAGES = ("shop", "shop.common", "shop.order", "billing.common", "billing.v1", "billing.v1.cards")
SCALARS: tuple[str, ...]
SCALARS = ("bool", "int32", "int64", "float32", "float64", "string", "bytes", "uuid", "date")
SCALARS += ("timestamp", "duration")
# Field names: plain ones, soft keywords, pydantic BaseModel attributes (`copy`, `json`, ...),
# builtins and imported names (`str`, `date`) and the names of other packages' modules.
NAMES: tuple[str, ...]
NAMES = ("id", "name", "amount", "items", "type", "match", "copy", "json", "schema", "validate")
NAMES += ("model_config", "total_count", "x1", "state", "kind", "tags", "note", "str", "int")
NAMES += ("float", "bool", "date", "timedelta", "common", "order", "v1", "body", "root")
NAMES += ("from", "class", "import", "message", "lambda")  # Python and Protobuf keywords
# JSON names (`json:`): camelCase, not identifiers, keywords, builtins and BaseModel attributes.
JSON_NAMES = (None, None, None, "orderId", "@type", "x-y", "from", "Str", "copy", "Date")
# Type names: mostly plain, some the names a module imports (the class becomes `<Name>Model`).
TYPE_NAMES = st.sampled_from(("Field", "Decimal", "UUID", "Literal", "BaseModel", "Annotated"))
DOCS = st.sampled_from(
    (
        *("", "A plain doc.", 'It\'s "quoted".', "Two\nlines.", 'Ends in a quote"', "Back\\slash"),
        *('Triple """ inside.', "Unicode: café, 東京.", "Blank\n\nline."),
    )
)
SCALAR_DEFAULTS: dict[str, st.SearchStrategy[Any]] = {
    "bool": st.booleans(),
    "int32": st.integers(-(2**31), 2**31 - 1),
    "int64": st.integers(-(2**63), 2**63 - 1),
    "float64": st.sampled_from([0.0, 1.5, -2.25, 1e100]),
    "string": st.sampled_from(["", "EUR", "it's", 'say "hi"', "a\\b", "line\nbreak"]),
}


@dataclasses.dataclass
class _Draft:
    """The named types declared so far, per package, as the strategy builds a project."""

    types: dict[str, Any] = dataclasses.field(default_factory=dict)

    def visible(self, package: str) -> list[str]:
        """Types a field of `package` may refer to: its own and earlier packages'."""
        allowed = PACKAGES[: PACKAGES.index(package) + 1]
        return [n for n, t in self.types.items() if t.package in allowed]


@st.composite
def type_exprs(draw: st.DrawFn, draft: _Draft, package: str, depth: int = 0) -> TypeExpr:
    kinds = ["scalar", "decimal", "ref"] + (["list", "map"] if depth < 2 else [])
    kind = draw(st.sampled_from(kinds))
    targets = draft.visible(package)
    if kind == "ref" and targets:
        return Ref(draw(st.sampled_from(targets)))
    if kind in ("list", "map"):
        # Items are unconstrained types: a constrained item is one of the writer's documented
        # departures from the generator (tested below).
        item = draw(type_exprs(draft, package, depth + 1))
        if isinstance(item, Decimal) or (isinstance(item, Scalar) and item.name.startswith("int")):
            item = Scalar("string")
        return ListOf(item) if kind == "list" else MapOf(item)
    if kind == "decimal":
        scale = draw(st.integers(0, 4))
        return Decimal(draw(st.integers(max(scale, 1), 20)), scale)
    return Scalar(draw(st.sampled_from(SCALARS)))


@st.composite
def fields(draw: st.DrawFn, draft: _Draft, package: str) -> tuple[Field, ...]:
    names = draw(st.lists(st.sampled_from(NAMES), max_size=5, unique=True))
    out: list[Field] = []
    for name in names:
        expr = draw(type_exprs(draft, package))
        default: Any = None
        has_default = False
        named = draft.types.get(expr.name) if isinstance(expr, Ref) else None
        if isinstance(expr, Scalar) and expr.name in SCALAR_DEFAULTS and draw(st.booleans()):
            default, has_default = draw(SCALAR_DEFAULTS[expr.name]), True
        elif isinstance(named, Enum) and draw(st.booleans()):
            default, has_default = draw(st.sampled_from(named.symbols)).name, True
        examples: tuple[Example, ...] = ()
        if isinstance(expr, Scalar) and expr.name in SCALAR_DEFAULTS and draw(st.booleans()):
            examples = (Example(draw(SCALAR_DEFAULTS[expr.name]), AT),)
        deprecated = draw(st.sampled_from([None, None, "", "use another"]))
        json_name = draw(st.sampled_from(JSON_NAMES))
        taken = {f.json_name for f in out} | set(names[len(out) + 1 :])
        if json_name == name or json_name in taken:
            json_name = None
        out.append(
            Field(
                name,
                expr,
                AT,
                optional=draw(st.booleans()),
                doc=draw(DOCS),
                default=default,
                has_default=has_default,
                deprecated=deprecated,
                examples=examples,
                json=json_name,
            )
        )
    return tuple(out)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    draft = _Draft()
    used = draw(st.lists(st.sampled_from(PACKAGES), min_size=1, max_size=4, unique=True))
    used.sort(key=PACKAGES.index)
    messages: dict[str, Message] = {}
    serial = 0
    for package in used:
        for _ in range(draw(st.integers(1, 5))):
            serial += 1
            kind = draw(st.sampled_from(["record", "record", "enum", "union", "nested"]))
            name = f"{package}.T{serial}"
            if draw(st.integers(0, 9)) == 0:
                name = f"{package}.{draw(TYPE_NAMES)}"
                if name in draft.types:
                    continue
            records = [n for n in draft.visible(package) if isinstance(draft.types[n], Record)]
            if kind == "enum":
                count = draw(st.integers(1, 4))
                symbols = tuple(EnumSymbol(f"S{i}", AT) for i in range(count))
                draft.types[name] = Enum(name, package, symbols, AT, doc=draw(DOCS))
            elif kind == "union" and records:
                chosen = draw(st.lists(st.sampled_from(records), min_size=1, max_size=3))
                variants = tuple(
                    Variant(f"v{i}_case", Ref(r), AT, doc=draw(DOCS)) for i, r in enumerate(chosen)
                )
                examples = (Example({"tag": "v0_case"}, AT),) if draw(st.booleans()) else ()
                deprecated = draw(st.sampled_from([None, ""]))
                draft.types[name] = Union(
                    name,
                    package,
                    variants,
                    AT,
                    doc=draw(DOCS),
                    discriminator="tag",
                    examples=examples,
                    deprecated=deprecated,
                )
            elif kind == "nested" and records:
                outer = draw(
                    st.sampled_from([r for r in records if r.startswith(package + ".")] or [name])
                )
                inner = f"{outer}.Inner{serial}"
                draft.types[inner] = Record(
                    inner, package, draw(fields(draft, package)), AT, doc=draw(DOCS), parent=outer
                )
            else:
                draft.types[name] = Record(name, package, (), AT, doc=draw(DOCS))
                # A record may refer to itself (a tree), optionally or through a list.
                body = list(draw(fields(draft, package)))
                if draw(st.booleans()):
                    body.append(Field("children", ListOf(Ref(name)), AT, optional=True))
                draft.types[name] = dataclasses.replace(draft.types[name], fields=tuple(body))
                if draw(st.booleans()):
                    message = f"{package}.M{serial}"
                    header = draw(type_exprs(draft, package))
                    names = st.sampled_from(
                        ("tenant", "str", "int", "bool", "date", "copy", "from", "class")
                    )
                    required = draw(st.booleans())
                    headers = (Header(draw(names), header, AT, required, draw(DOCS)),)
                    messages[message] = Message(
                        message, package, MessageKind.EVENT, Ref(name), AT, headers, draw(DOCS)
                    )
    # Cycles: a record of the last package may refer to any type of its package declared after
    # it (optionally or through a list, as stele requires), so that records and unions loop. Not
    # in a package that others refer to: whether a class referring into another package's cycle
    # is rebuilt is where the writer may part from the generator (docs/performance.md).
    for name, named in list(draft.types.items()):
        if named.package != used[-1]:
            continue
        if isinstance(named, Record) and draw(st.integers(0, 3)) == 0:
            later = [n for n, t in draft.types.items() if t.package == named.package]
            target: TypeExpr = Ref(draw(st.sampled_from(later)))
            target = ListOf(target) if draw(st.booleans()) else target
            back = Field("back", target, AT, optional=not isinstance(target, ListOf))
            draft.types[name] = dataclasses.replace(named, fields=(*named.fields, back))
    packages = {p: Package(p, f"contracts/{p}.yaml", AT) for p in used}
    return Project(packages, draft.types, messages, {}, {})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), st.sampled_from([Options(), CLOSED, INT64_STRINGS]))
def test_generated_projects_are_written_as_the_generator_writes_them(
    project: Project, options: Options
) -> None:
    reference, written = both(project, options)
    assert sorted(written) == sorted(reference)
    for module, code in reference.items():
        assert written[module] == code, _diff(module, code, written[module])


def _diff(module: tuple[str, ...], reference: str, written: str) -> str:
    lines = difflib.unified_diff(reference.splitlines(), written.splitlines(), lineterm="")
    return "/".join(module) + " (- generator, + stele):\n" + "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Payloads: both sets of models accept and reject the same values
# ---------------------------------------------------------------------------------------------


def _load(tmp: Path, modules: dict[tuple[str, ...], str], name: str) -> dict[str, Any]:
    """The classes of `modules`, imported from a package of their own (`<name>`), by module."""
    for module, code in modules.items():
        target = tmp / name / Path(*module)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(code)
    sys.path.insert(0, str(tmp))
    try:
        found = {}
        for module in modules:
            dotted = ".".join((name, *module)).removesuffix(".py").removesuffix(".__init__")
            found[dotted.removeprefix(name).lstrip(".")] = vars(importlib.import_module(dotted))
        return found
    finally:
        sys.path.remove(str(tmp))
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]


def _verdict(model: Any, value: Any) -> str:
    from pydantic import ValidationError

    try:
        model.model_validate_json(json.dumps(value))
    except ValidationError as exc:
        return ",".join(sorted({str(e["type"]) for e in exc.errors()}))
    return "ok"


def _payloads(project: Project) -> list[tuple[str, str, Any]]:
    """(package, class, value): every example of the example project, and spoiled copies."""
    out: list[tuple[str, str, Any]] = []
    for named in project.types.values():
        local = named.name[len(named.package) + 1 :].replace(".", "_")
        for example in named.examples:
            value = json_value(project, Options(), Ref(named.name), example.value)  # JSON names
            out.append((named.package, local, value))
            if isinstance(value, dict):
                for key in value:
                    spoiled = {k: v for k, v in value.items() if k != key}
                    out.append((named.package, local, spoiled))
                    out.append((named.package, local, {**value, key: {"x": [1]}}))
                out.append((named.package, local, {**value, "unknown": 1}))
            out.append((named.package, local, [value]))
    return out


@pytest.mark.parametrize("options", [Options(), CLOSED], ids=["open", "closed"])
def test_both_sets_of_models_accept_and_reject_the_same_payloads(
    tmp_path: Path, options: Options
) -> None:
    project = _example_workspace().project
    reference = _load(tmp_path / "a", generate_modules(EmitContext(project, options, {}, {})), "ra")
    written = _load(tmp_path / "b", write_modules(project, options), "wa")
    verdicts = []
    for package, name, value in _payloads(project):
        mine = _verdict(written[package][name], value)
        assert mine == _verdict(reference[package][name], value), (package, name, value)
        verdicts.append(mine)
    assert verdicts.count("ok") >= 20 and len(set(verdicts)) >= 4


def _json_names_project() -> Project:
    """Records and union variants with `json:` names and keyword fields, and their examples."""
    line_fields = (
        Field("sku_code", Scalar("string"), AT, json="skuCode"),
        Field("from", Scalar("int32"), AT, optional=True),
    )
    line = Record(
        "shop.Line", "shop", line_fields, AT, examples=(Example({"sku_code": "A", "from": 2}, AT),)
    )
    order_fields = (
        Field("order_id", Scalar("uuid"), AT, json="orderId"),
        Field("class", Scalar("string"), AT, optional=True, json="@class"),
        Field("lines", ListOf(Ref("shop.Line")), AT),
        Field("copy", Scalar("bool"), AT, has_default=True, default=False, json="copyOf"),
    )
    value: Value = {
        "order_id": "6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        "class": "x",
        "lines": [{"sku_code": "B", "from": 1}],
        "copy": True,
    }
    order = Record("shop.Order", "shop", order_fields, AT, examples=(Example(value, AT),))
    variants = (Variant("line", Ref("shop.Line"), AT), Variant("order", Ref("shop.Order"), AT))
    item = Union(
        "shop.Item",
        "shop",
        variants,
        AT,
        discriminator="kind",
        examples=(Example({"kind": "line", "sku_code": "C"}, AT),),
    )
    types: dict[str, NamedType] = {t.name: t for t in (line, order, item)}
    return Project({"shop": Package("shop", "contracts/shop.yaml", AT)}, types, {}, {}, {})


@pytest.mark.parametrize("options", [Options(), CLOSED], ids=["open", "closed"])
def test_both_sets_of_models_read_the_same_json_forms(tmp_path: Path, options: Options) -> None:
    """With `json:` names and keyword fields, the two sets of models (the generator's given the
    same aliases, docs/python-models.md) accept and reject the same JSON forms."""
    project = _json_names_project()
    reference = _load(tmp_path / "a", generate_modules(EmitContext(project, options, {}, {})), "rj")
    written = _load(tmp_path / "b", write_modules(project, options), "wj")
    verdicts = []
    for package, name, value in _payloads(project):
        mine = _verdict(written[package][name], value)
        assert mine == _verdict(reference[package][name], value), (package, name, value)
        verdicts.append(mine)
    # Line; without skuCode; skuCode an object; without from (optional)
    assert verdicts[:4] == ["ok", "missing", "string_type", "ok"]
    assert verdicts.count("ok") >= 6 and len(set(verdicts)) >= 3


# ---------------------------------------------------------------------------------------------
# Where the writer parts from the generator on purpose
# ---------------------------------------------------------------------------------------------


def _items_project() -> Project:
    fields = (
        Field("counts", ListOf(Scalar("int32")), AT),
        Field("prices", MapOf(Decimal(6, 2)), AT),
    )
    record = Record("shop.Basket", "shop", fields, AT)
    return Project(
        {"shop": Package("shop", "contracts/shop.yaml", AT)}, {record.name: record}, {}, {}, {}
    )


def test_constrained_items_keep_their_constraints(tmp_path: Path) -> None:
    """The generator writes a class per int32 list (named after the field in the singular, here
    `count`, which for a field `ints` is a class `int` hiding the builtin) and drops a decimal
    item's digits; the writer writes `Annotated` items, so out-of-range items are rejected."""
    project = _items_project()
    written = write_modules(project, Options())
    assert (
        "    counts: list[Annotated[int, Field(ge=-2147483648, le=2147483647)]]\n"
        "    prices: dict[str, Annotated[Decimal, Field(decimal_places=2, max_digits=6)]]\n"
    ) in written[("shop.py",)]
    reference = generate_modules(EmitContext(project, Options(), {}, {}))
    assert "class count(RootModel[int]):" in reference[("shop.py",)]
    mine = _load(tmp_path / "b", written, "wb")["shop"]["Basket"]
    theirs = _load(tmp_path / "a", reference, "rb")["shop"]["Basket"]
    good = {"counts": [1, -2], "prices": {"a": "1.25"}}
    too_big = {"counts": [2**40], "prices": {}}
    too_precise = {"counts": [], "prices": {"a": "1.255"}}
    assert [_verdict(mine, v) for v in (good, too_big, too_precise)] == [
        "ok",
        "less_than_equal",
        "decimal_max_places",
    ]
    assert [_verdict(theirs, v) for v in (good, too_big, too_precise)] == [
        "ok",
        "less_than_equal",
        "ok",
    ]
