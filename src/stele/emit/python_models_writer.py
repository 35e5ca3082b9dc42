"""The pydantic v2 classes of a project, written from stele's IR: one module per contract package.

The text is the one datamodel-code-generator writes from the bundled JSON Schema
(`stele.emit.python_models_dcg`), byte for byte; tests/test_python_models_differential.py holds
the two to it. The one place they part on purpose (docs/performance.md): a decimal, int32 or
int64 inside a list or map is an `Annotated` item with its constraints here, where the generator
drops them or writes a class or type alias per field for them. And `populate_by_name=True` is
written on the models that need it, where the generator writes it on all or none
(docs/python-models.md).

A class per record, enum, union variant (`<Union>_<Variant>`), union (a `RootModel` whose field
carries `Field(discriminator=...)`), message headers (`<Message>_Headers`) and message, in the
generator's order (`stele.emit.python_models_order`). Imports are listed in the order the classes
first use them (another package's module after the class's own imports). The generator's name rules
are kept: a field named after a pydantic `BaseModel` attribute, a Python keyword, or after a
builtin of its own annotation, is `name_` with `alias='name'`; a field with a `json:` name has it
as its alias (`order_id` with `alias='orderId'`), and a model with a `json:` name or a keyword
field (or header) takes its fields by name too (`populate_by_name=True`; the generator is given the
same names, python_models_names); an import that a field name would hide is aliased (`date as
date_aliased`, `from builtins import str as str_aliased`, `common as common_1`); a class named as a
name its module imports is `<Name>Model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stele.config import ContentModel, Options
from stele.emit.jsonschema import INT32_RANGE, INT64_RANGE, INT64_STRING_PATTERN, envelope_headers
from stele.emit.python_models_names import (
    BASE_MODEL_ATTRIBUTES,
    BUILTIN_NAMES,
    builtins_of,
    by_name,
    is_keyword,
)
from stele.emit.python_models_order import Class, Key, class_name, classes, in_order, variant_class
from stele.ir import (
    Decimal,
    Enum,
    ListOf,
    MapOf,
    Message,
    Project,
    Record,
    Ref,
    TypeExpr,
    Union,
)
from stele.ir import Field as IRField
from stele.mapping.json_values import json_value, renamed

# A scalar's Python type: (import module or "", name).
_SCALARS: dict[str, tuple[str, str]] = {
    "bool": ("", "bool"),
    "int32": ("", "int"),
    "int64": ("", "int"),
    "float32": ("", "float"),
    "float64": ("", "float"),
    "string": ("", "str"),
    "bytes": ("", "str"),
    "uuid": ("uuid", "UUID"),
    "date": ("datetime", "date"),
    "timestamp": ("pydantic", "AwareDatetime"),
    "duration": ("datetime", "timedelta"),
}
_BOUNDS = {"int32": INT32_RANGE, "int64": INT64_RANGE}


@dataclass
class _Module:
    """The text of one module being written, and the imports it needs, in order of first use."""

    package: str
    is_package: bool  # written as `<package>/__init__.py`
    imports: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[str] = field(default_factory=list)
    rebuilt: list[str] = field(default_factory=list)
    # Other packages' modules a class refers to: imported after the class's own imports.
    later: list[tuple[str, str]] = field(default_factory=list)
    # Every field name and class name of the module: an import of the same name is aliased.
    fields: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    aliases: dict[tuple[str, str], str] = field(default_factory=dict)
    # A field renamed because its name is a builtin of its own annotation (`str_`, alias 'str')
    # and nothing else of it needs `Field`: the generator imports Field and Annotated last.
    late_field: bool = False
    late_names: set[str] = field(default_factory=set)
    # Builtins a field of the same class is named after: imported as `<name>_aliased`.
    builtins: set[str] = field(default_factory=set)

    def builtin(self, name: str) -> str:
        return f"{name}_aliased" if name in self.builtins else name

    def use(self, module: str, name: str) -> None:
        names = self.imports.setdefault(module, [])
        if name not in names:
            names.append(name)

    def name(self, module: str, name: str) -> str:
        """The name a module-level import is used under: `date` is `date_aliased` when a field
        is named `date`; another package's module or class is `<name>_1`, `_2`, ... when the name
        is taken by a field, a class or another import."""
        if (module, name) in self.aliases:
            return self.aliases[(module, name)]
        alias = name
        if not module.startswith("."):
            alias = f"{name}_aliased" if name in self.fields else name
        else:
            taken = self.fields | self.classes
            taken |= {a for (m, _), a in self.aliases.items() if m.startswith(".")}
            number = 0
            while alias in taken:
                number += 1
                alias = f"{name}_{number}"
        self.aliases[(module, name)] = alias
        return alias

    def flush(self) -> None:
        for source, name in self.later:
            self.use(source, name)
        self.later.clear()

    def imported(self) -> set[str]:
        """The names this module imports from outside the project."""
        return {n for m, names in self.imports.items() if m[:1] != "." for n in names}


def write_modules(project: Project, options: Options) -> dict[tuple[str, ...], str]:
    """Each module's path under `stele_models` -> its code (no header): the same keys as the
    generator's, an `__init__.py` (empty unless the package has classes) for every package
    that holds another."""
    ordered, rebuilt = in_order(classes(project))
    modules = _write(project, options, ordered, rebuilt, {})
    # A class named as a name its module imports (`Field`, `Decimal`, `UUID`, ...) is renamed
    # `<Name>Model` by the generator (`<Name>1` when only a renamed field brings the import),
    # everywhere it is used: the modules are written again with the new names.
    renames = {}
    for c in ordered:
        module = modules[c.key[0]]
        if c.key[1] in module.late_names:
            renames[c.key] = c.key[1] + "1"
        elif c.key[1] in module.imported():
            renames[c.key] = c.key[1] + "Model"
    if renames:
        modules = _write(project, options, ordered, rebuilt, renames)
    packages = set(modules)
    parents = {p.rsplit(".", i)[0] for p in packages for i in range(1, p.count(".") + 1)}
    out: dict[tuple[str, ...], str] = {("__init__.py",): ""}
    for parent in parents - packages:
        out[(*parent.split("."), "__init__.py")] = ""
    for package, module in modules.items():
        parts = package.split(".")
        path = (*parts, "__init__.py") if module.is_package else (*parts[:-1], parts[-1] + ".py")
        out[path] = _module_text(module)
    return out


def _write(
    project: Project,
    options: Options,
    classes: list[Class],
    rebuilt: set[Key],
    renames: dict[Key, str],
) -> dict[str, _Module]:
    packages = {c.key[0] for c in classes}
    parents = {p.rsplit(".", i)[0] for p in packages for i in range(1, p.count(".") + 1)}
    modules = {p: _Module(p, p in parents) for p in packages}
    for c in classes:
        modules[c.key[0]].classes.add(renames.get(c.key, c.key[1]))
        modules[c.key[0]].fields.update(_field_names(project, c))
        modules[c.key[0]].builtins |= _shadowed_builtins(project, options, c)
    writer = _Writer(project, options, modules, renames)
    for c in classes:
        module = modules[c.key[0]]
        module.blocks.append(writer.block(module, c))
        module.flush()
        if c.key in rebuilt:
            module.rebuilt.append(renames.get(c.key, c.key[1]))
    for module in modules.values():
        if module.late_field:
            before = module.imported()
            module.use("pydantic", "Field")
            module.use("typing", "Annotated")
            module.late_names = module.imported() - before
        for name in sorted(module.builtins):
            module.use("builtins", name)
    return modules


def _shadowed_builtins(project: Project, options: Options, c: Class) -> set[str]:
    """Builtins that a field of the class with a default (`= None`, which the class body binds)
    is named after while an annotation of the class uses them (a field whose own annotation uses
    its name is renamed instead, unless only as a map's key)."""
    node = c.node
    if isinstance(node, Union) and c.kind == "variant":
        variant = next(v for v in node.variants if v.name == c.variant)
        node = project.record(variant.type.name)
    fields: list[tuple[str, TypeExpr, bool]] = []  # name, type, has a default
    if isinstance(node, Record):
        fields = [(f.name, f.type, f.optional or f.has_default) for f in node.fields]
    elif isinstance(node, Message) and c.kind == "headers":
        fields = [(h.name, h.type, not h.required) for h in envelope_headers(node)]
    used = set().union(*(builtins_of(expr, options, keys=True) for _, expr, _ in fields))
    return {
        name
        for name, expr, defaulted in fields
        if name in BUILTIN_NAMES
        and defaulted
        and name not in builtins_of(expr, options)
        and name in used
    }


def _field_names(project: Project, c: Class) -> list[str]:
    node = c.node
    if isinstance(node, Record):
        return [f.name for f in node.fields]
    if isinstance(node, Union):
        if c.kind == "union":
            return ["root"]
        variant = next(v for v in node.variants if v.name == c.variant)
        return [node.discriminator, *(f.name for f in project.record(variant.type.name).fields)]
    if isinstance(node, Message):
        if c.kind == "message":
            return ["headers", "body"]
        return [h.name for h in envelope_headers(node)]
    return []


def _as(module: _Module, source: str, name: str) -> str:
    alias = module.name(source, name)
    return name if alias == name else f"{name} as {alias}"


def _module_text(module: _Module) -> str:
    lines = ["from __future__ import annotations"]
    lines += [
        f"from {source} import {', '.join(sorted(_as(module, source, n) for n in names))}"
        for source, names in module.imports.items()
    ]
    text = "\n".join(lines) + "\n\n\n" + "\n\n\n".join(module.blocks) + "\n"
    if module.rebuilt:
        text += "\n\n" + "".join(f"{name}.model_rebuild()\n" for name in module.rebuilt)
    return text


class _Writer:
    """Writes the classes of one project."""

    def __init__(
        self,
        project: Project,
        options: Options,
        modules: dict[str, _Module],
        renames: dict[Key, str],
    ) -> None:
        self.project = project
        self.renames = renames
        self.options = options
        self.modules = modules
        self.closed = options.json_content_model is ContentModel.CLOSED

    def block(self, module: _Module, c: Class) -> str:
        node, name = c.node, self.renames.get(c.key, c.key[1])
        if c.kind == "enum":
            assert isinstance(node, Enum)
            return self._enum(module, name, node)
        if c.kind == "union":
            assert isinstance(node, Union)
            return self._union(module, name, node)
        if c.kind == "record":
            assert isinstance(node, Record)
            lines = self._fields(module, node.fields, [])
            return self._model(module, name, node.doc, lines, by_name(node.fields))
        if c.kind == "variant":
            assert isinstance(node, Union)
            variant = next(v for v in node.variants if v.name == c.variant)
            record = self.project.record(variant.type.name)
            tag = f"    {node.discriminator}: Literal[{variant.name!r}]"
            module.use("typing", "Literal")
            lines = self._fields(module, record.fields, [tag])
            doc = variant.doc or record.doc
            return self._model(module, name, doc, lines, by_name(record.fields))
        assert isinstance(node, Message)
        if c.kind == "headers":
            keyword = any(is_keyword(h.name) for h in node.headers)
            return self._model(module, c.key[1], "", self._headers(module, node), keyword)
        body = self._type(module, node.body)
        lines = [f"    headers: {c.key[1]}_Headers", f"    body: {body}"]
        return self._model(module, name, node.doc, lines)

    def _model(
        self, module: _Module, name: str, doc: str, lines: list[str], by_name: bool = False
    ) -> str:
        out = [f"class {name}(BaseModel):"]
        if doc:
            out.append(_docstring(doc))
        # A model whose fields have JSON names other than their attributes (`json:`, keywords)
        # also takes them by name: `Order(order_id=...)` as well as {"orderId": ...}.
        config = ["        extra='forbid',"] if self.closed else []
        config += ["        populate_by_name=True,"] if by_name else []
        if config:
            out.append("\n".join(["    model_config = ConfigDict(", *config, "    )"]))
            module.use("pydantic", "ConfigDict")
        out += lines or ([] if config or doc else ["    pass"])
        module.use("pydantic", "BaseModel")
        return "\n".join(out)

    def _enum(self, module: _Module, name: str, enum: Enum) -> str:
        module.use("enum", "StrEnum")
        out = [f"class {name}(StrEnum):"]
        if enum.doc:
            out.append(_docstring(enum.doc))
        out += [f"    {s.name} = {s.name!r}" for s in enum.symbols]
        return "\n".join(out)

    def _union(self, module: _Module, name: str, union: Union) -> str:
        branches = " | ".join(variant_class(union, v.name) for v in union.variants)
        kwargs: dict[str, str] = {"discriminator": repr(union.discriminator)}
        if union.doc:
            kwargs["description"] = repr(union.doc)
        if union.deprecated is not None:
            kwargs["deprecated"] = "True"
        if union.examples:
            ref = Ref(union.name)
            values = [renamed(self.project, ref, e.value, to_json=True) for e in union.examples]
            kwargs["examples"] = repr(values)
        module.use("typing", "Annotated")
        module.use("pydantic", "Field")
        module.use("pydantic", "RootModel")
        root = f"Annotated[{branches}, Field({_kwargs(kwargs)})]"
        return f"class {name}(RootModel[{branches}]):\n    root: {root}"

    def _fields(self, module: _Module, fields: tuple[IRField, ...], lines: list[str]) -> list[str]:
        for f in fields:
            kwargs: dict[str, str] = {}
            if f.doc:
                kwargs["description"] = repr(f.doc)
            if f.deprecated is not None:
                kwargs["deprecated"] = "True"
            if f.examples:
                values = [
                    json_value(self.project, self.options, f.type, e.value) for e in f.examples
                ]
                kwargs["examples"] = repr(values)
            required = not f.optional and not f.has_default
            default = None
            if f.has_default:
                default = self._default(module, f.type, f.default)
            line = self._field(module, f.name, f.type, kwargs, required, default, f.json)
            lines.append(line)
        return lines

    def _headers(self, module: _Module, message: Message) -> list[str]:
        lines = []
        for h in envelope_headers(message):
            kwargs = {"description": repr(h.doc)} if h.doc else {}
            lines.append(self._field(module, h.name, h.type, kwargs, h.required, None))
        return lines

    def _field(
        self,
        module: _Module,
        name: str,
        expr: TypeExpr,
        kwargs: dict[str, str],
        required: bool,
        default: str | None,
        json: str | None = None,
    ) -> str:
        """One field: a field whose attribute is not its JSON property name (`json:`, a keyword,
        a BaseModel attribute, a builtin of its annotation) carries that name as its `alias`."""
        text = self._type(module, expr, kwargs)
        late = False
        if name in BASE_MODEL_ATTRIBUTES or is_keyword(name):
            kwargs["alias"] = repr(name)
            name += "_"
        elif name in builtins_of(expr, self.options):
            late = not kwargs and json is None
            kwargs["alias"] = repr(name)
            name += "_"
        if json is not None:
            kwargs["alias"] = repr(json)
        if not required:
            text += " | None"
        if late:
            module.late_field = True
            text = f"Annotated[{text}, Field({_kwargs(kwargs)})]"
        elif kwargs:
            module.use("typing", "Annotated")
            module.use("pydantic", "Field")
            text = f"Annotated[{text}, Field({_kwargs(kwargs)})]"
        if required:
            return f"    {name}: {text}"
        return f"    {name}: {text} = {default or 'None'}"

    def _type(self, module: _Module, expr: TypeExpr, kwargs: dict[str, str] | None = None) -> str:
        """The annotation of a type expression; a top-level scalar's constraints go to `kwargs`,
        an item's into an `Annotated` item."""
        if isinstance(expr, ListOf):
            return f"{module.builtin('list')}[{self._item(module, expr.item)}]"
        if isinstance(expr, MapOf):
            key, value = module.builtin("str"), self._item(module, expr.value)
            return f"{module.builtin('dict')}[{key}, {value}]"
        if isinstance(expr, Ref):
            return self._ref(module, expr.name)
        if isinstance(expr, Decimal):
            module.use("decimal", "Decimal")
            if kwargs is not None:
                kwargs["decimal_places"] = str(expr.scale)
                kwargs["max_digits"] = str(expr.precision)
            return module.name("decimal", "Decimal")
        if expr.name == "int64" and self.options.int64_as_string:
            if kwargs is not None:
                kwargs["pattern"] = repr(INT64_STRING_PATTERN)
            return module.builtin("str")
        source, name = _SCALARS[expr.name]
        if source:
            module.use(source, name)
            name = module.name(source, name)
        if kwargs is not None:
            if expr.name in _BOUNDS:
                kwargs["ge"], kwargs["le"] = (str(b) for b in _BOUNDS[expr.name])
            elif expr.name == "bytes":
                kwargs["json_schema_extra"] = "{'contentEncoding': 'base64'}"
        return name if source else module.builtin(name)

    def _item(self, module: _Module, expr: TypeExpr) -> str:
        kwargs: dict[str, str] = {}
        text = self._type(module, expr, kwargs)
        kwargs.pop("json_schema_extra", None)
        if not kwargs:
            return text
        module.use("typing", "Annotated")
        module.use("pydantic", "Field")
        return f"Annotated[{text}, Field({_kwargs(kwargs)})]"

    def _ref(self, module: _Module, qualified: str) -> str:
        named = self.project.types[qualified]
        key = (named.package, class_name(self.project, qualified))
        name = self.renames.get(key, key[1])
        if named.package == module.package:
            return name
        source, alias = _relative(module, named.package)
        if not alias:  # the module of a package around this one: its class is imported
            module.later.append((source, name))
            return module.name(source, name)
        module.later.append((source, alias))
        return f"{module.name(source, alias)}.{name}"

    def _default(self, module: _Module, expr: TypeExpr, value: object) -> str:
        if isinstance(expr, Ref):
            named = self.project.types[expr.name]
            if isinstance(named, Enum) and isinstance(value, str):
                return f"{self._ref(module, expr.name)}.{value}"
        return repr(json_value(self.project, self.options, expr, value))  # type: ignore[arg-type]


def _relative(module: _Module, target: str) -> tuple[str, str]:
    """How `module` imports the module of package `target`: (`from` part, module name); the
    name is "" when `target` is the package this module is in, or one around it."""
    here = module.package.split(".")
    if not module.is_package:
        here = here[:-1]
    there = target.split(".")
    if here[: len(there)] == there:
        return "." * (len(here) - len(there) + 1), ""
    *parent, name = there
    common = 0
    while common < min(len(here), len(parent)) and here[common] == parent[common]:
        common += 1
    return "." * (len(here) - common + 1) + ".".join(parent[common:]), name


def _kwargs(kwargs: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(kwargs.items()))


def _docstring(doc: str) -> str:
    text = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\0", "\\x00")
    body = "\n".join(f"    {line}" if line else "" for line in text.split("\n"))
    return f'    """\n{body}\n    """'
