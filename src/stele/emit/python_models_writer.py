"""The pydantic v2 classes of a project, written from stele's IR: one module per contract package.

The text is the one datamodel-code-generator writes from the bundled JSON Schema
(`stele.emit.python_models_dcg`), byte for byte; tests/test_python_models_differential.py holds
the two to it, and docs/performance.md lists where they part (fields named after a pydantic
`BaseModel` attribute get the generator's `name_` + alias; constrained scalars inside lists and
maps, where the generator drops or wraps the constraints, are `Annotated` items here).

A class per record, enum, union variant (`<Union>_<Variant>`), union (a `RootModel` whose field
carries `Field(discriminator=...)`), message headers (`<Message>_Headers`) and message. Classes
are ordered as the generator orders them: passes over the declaration order (types, each union
after its variants, then each message after its headers), each pass placing the classes whose
references are all placed; a class left in a reference cycle is placed last and rebuilt
(`X.model_rebuild()`). Imports are listed in the order the classes first use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from stele.config import ContentModel, Options
from stele.emit.jsonschema import INT32_RANGE, INT64_RANGE, INT64_STRING_PATTERN, envelope_headers
from stele.ir import Decimal, Enum, ListOf, MapOf, Message, Project, Record, Ref, TypeExpr, Union
from stele.ir import Field as IRField
from stele.mapping.json_values import json_value

Key: TypeAlias = tuple[str, str]  # (package, class name)

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

# Names a pydantic BaseModel already has (datamodel-code-generator's list, the snake_case ones a
# contract field can take): such a field is written `name_` with `alias='name'`.
BASE_MODEL_ATTRIBUTES = frozenset(
    [
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "mro",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "register",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    ]
)


def class_name(project: Project, qualified: str) -> str:
    """The class of a named type or message inside its package's module."""
    named = project.types.get(qualified) or project.messages[qualified]
    return qualified[len(named.package) + 1 :].replace(".", "_")


def variant_class(union: Union, variant: str) -> str:
    return f"{union.name[len(union.package) + 1 :].replace('.', '_')}_{_pascal(variant)}"


def _pascal(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


@dataclass
class _Class:
    """One class to write: its key, the keys its fields refer to, and how to write it."""

    key: Key
    refs: list[Key]
    kind: str  # record, variant, enum, union, headers, message
    node: Record | Enum | Union | Message
    variant: str = ""


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

    def use(self, module: str, name: str) -> None:
        names = self.imports.setdefault(module, [])
        if name not in names:
            names.append(name)

    def flush(self) -> None:
        for source, name in self.later:
            self.use(source, name)
        self.later.clear()


def _classes(project: Project) -> list[_Class]:
    """Every class in the generator's reading order (the bundle's `$defs`)."""
    out: list[_Class] = []
    for qualified, named in project.types.items():
        key = (named.package, class_name(project, qualified))
        if isinstance(named, Record):
            out.append(_Class(key, _field_refs(project, named.fields), "record", named))
        elif isinstance(named, Enum):
            out.append(_Class(key, [], "enum", named))
        else:
            variants = []
            for v in named.variants:
                vkey = (named.package, variant_class(named, v.name))
                fields = project.record(v.type.name).fields
                out.append(_Class(vkey, _field_refs(project, fields), "variant", named, v.name))
                variants.append(vkey)
            out.append(_Class(key, variants, "union", named))
    for message in project.messages.values():
        key = (message.package, class_name(project, message.name))
        headers = (key[0], key[1] + "_Headers")
        refs = _type_refs(project, [h.type for h in message.headers])
        out.append(_Class(headers, refs, "headers", message))
        body = (project.types[message.body.name].package, class_name(project, message.body.name))
        out.append(_Class(key, [headers, body], "message", message))
    return out


def _field_refs(project: Project, fields: tuple[IRField, ...]) -> list[Key]:
    return _type_refs(project, [f.type for f in fields])


def _type_refs(project: Project, exprs: list[TypeExpr]) -> list[Key]:
    out: list[Key] = []
    for expr in exprs:
        while isinstance(expr, ListOf | MapOf):
            expr = expr.item if isinstance(expr, ListOf) else expr.value
        if isinstance(expr, Ref):
            out.append((project.types[expr.name].package, class_name(project, expr.name)))
    return out


def _sorted(classes: list[_Class]) -> tuple[list[_Class], set[Key]]:
    """The generator's order: passes that place each class whose references are placed; then
    the classes of reference cycles. Also the keys of the classes to rebuild."""
    placed: set[Key] = set()
    order: list[_Class] = []
    rebuilt: set[Key] = set()
    pending = classes
    while pending:
        waiting = []
        for c in pending:
            if all(r in placed or r == c.key for r in c.refs):
                order.append(c)
                placed.add(c.key)
                if c.key in c.refs:
                    rebuilt.add(c.key)
            else:
                waiting.append(c)
        if len(waiting) == len(pending):
            order += _cycles(waiting, placed, rebuilt)
            break
        pending = waiting
    return order, rebuilt


def _cycles(waiting: list[_Class], placed: set[Key], rebuilt: set[Key]) -> list[_Class]:
    """Classes in reference cycles: ordered after the last waiting class each refers to, until
    the order settles (or repeats: then by key), and rebuilt when they refer to a later one."""
    seen: set[tuple[Key, ...]] = set()
    while True:
        index = {c.key: i for i, c in enumerate(waiting)}
        ranked = [(max((index[r] for r in c.refs if r in index), default=-1), c) for c in waiting]
        ordered = [c for _, c in sorted(ranked, key=lambda pair: pair[0])]
        if [c.key for c in ordered] == [c.key for c in waiting]:
            break
        signature = tuple(c.key for c in ordered)
        if signature in seen:
            waiting = sorted(waiting, key=lambda c: f"{c.key[0]}.{c.key[1]}")
            break
        seen.add(signature)
        waiting = ordered
    for c in waiting:
        if any(r not in placed and r != c.key for r in c.refs) or c.key in c.refs:
            rebuilt.add(c.key)
        placed.add(c.key)
    return waiting


def write_modules(project: Project, options: Options) -> dict[tuple[str, ...], str]:
    """Each module's path under `stele_models` -> its code (no header): the same keys as the
    generator's, an `__init__.py` (empty unless the package has classes) for every package
    that holds another."""
    classes, rebuilt = _sorted(_classes(project))
    packages = {c.key[0] for c in classes}
    parents = {p.rsplit(".", i)[0] for p in packages for i in range(1, p.count(".") + 1)}
    modules = {p: _Module(p, p in parents) for p in packages}
    writer = _Writer(project, options, modules)
    for c in classes:
        module = modules[c.key[0]]
        module.blocks.append(writer.block(module, c))
        module.flush()
        if c.key in rebuilt:
            module.rebuilt.append(c.key[1])
    out: dict[tuple[str, ...], str] = {("__init__.py",): ""}
    for parent in parents - packages:
        out[(*parent.split("."), "__init__.py")] = ""
    for package, module in modules.items():
        parts = package.split(".")
        path = (*parts, "__init__.py") if module.is_package else (*parts[:-1], parts[-1] + ".py")
        out[path] = _module_text(module)
    return out


def _module_text(module: _Module) -> str:
    lines = ["from __future__ import annotations"]
    lines += [
        f"from {source} import {', '.join(sorted(names))}"
        for source, names in module.imports.items()
    ]
    text = "\n".join(lines) + "\n\n\n" + "\n\n\n".join(module.blocks) + "\n"
    if module.rebuilt:
        text += "\n\n" + "".join(f"{name}.model_rebuild()\n" for name in module.rebuilt)
    return text


class _Writer:
    """Writes the classes of one project."""

    def __init__(self, project: Project, options: Options, modules: dict[str, _Module]) -> None:
        self.project = project
        self.options = options
        self.modules = modules
        self.closed = options.json_content_model is ContentModel.CLOSED

    def block(self, module: _Module, c: _Class) -> str:
        node = c.node
        if c.kind == "enum":
            assert isinstance(node, Enum)
            return self._enum(module, c.key[1], node)
        if c.kind == "union":
            assert isinstance(node, Union)
            return self._union(module, c.key[1], node)
        if c.kind == "record":
            assert isinstance(node, Record)
            lines = self._fields(module, node.fields, [])
            return self._model(module, c.key[1], node.doc, lines)
        if c.kind == "variant":
            assert isinstance(node, Union)
            variant = next(v for v in node.variants if v.name == c.variant)
            record = self.project.record(variant.type.name)
            tag = f"    {node.discriminator}: Literal[{variant.name!r}]"
            module.use("typing", "Literal")
            lines = self._fields(module, record.fields, [tag])
            return self._model(module, c.key[1], variant.doc or record.doc, lines)
        assert isinstance(node, Message)
        if c.kind == "headers":
            return self._model(module, c.key[1], "", self._headers(module, node))
        body = self._type(module, node.body)
        lines = [f"    headers: {c.key[1]}_Headers", f"    body: {body}"]
        return self._model(module, c.key[1], node.doc, lines)

    def _model(self, module: _Module, name: str, doc: str, lines: list[str]) -> str:
        out = [f"class {name}(BaseModel):"]
        if doc:
            out.append(_docstring(doc))
        if self.closed:
            out.append("    model_config = ConfigDict(\n        extra='forbid',\n    )")
            module.use("pydantic", "ConfigDict")
        out += lines or ([] if self.closed else ["    pass"])
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
            kwargs["examples"] = repr([e.value for e in union.examples])
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
            lines.append(self._field(module, f.name, f.type, kwargs, required, default))
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
    ) -> str:
        text = self._type(module, expr, kwargs)
        if name in BASE_MODEL_ATTRIBUTES:
            kwargs["alias"] = repr(name)
            name += "_"
        if not required:
            text += " | None"
        if kwargs:
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
            return f"list[{self._item(module, expr.item)}]"
        if isinstance(expr, MapOf):
            return f"dict[str, {self._item(module, expr.value)}]"
        if isinstance(expr, Ref):
            return self._ref(module, expr.name)
        if isinstance(expr, Decimal):
            module.use("decimal", "Decimal")
            if kwargs is not None:
                kwargs["decimal_places"] = str(expr.scale)
                kwargs["max_digits"] = str(expr.precision)
            return "Decimal"
        if expr.name == "int64" and self.options.int64_as_string:
            if kwargs is not None:
                kwargs["pattern"] = repr(INT64_STRING_PATTERN)
            return "str"
        source, name = _SCALARS[expr.name]
        if source:
            module.use(source, name)
        if kwargs is not None:
            if expr.name in _BOUNDS:
                kwargs["ge"], kwargs["le"] = (str(b) for b in _BOUNDS[expr.name])
            elif expr.name == "bytes":
                kwargs["json_schema_extra"] = "{'contentEncoding': 'base64'}"
        return name

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
        name = class_name(self.project, qualified)
        if named.package == module.package:
            return name
        source, alias = _relative(module, named.package, self.modules[named.package].is_package)
        module.later.append((source, alias))
        return f"{alias}.{name}"

    def _default(self, module: _Module, expr: TypeExpr, value: object) -> str:
        if isinstance(expr, Ref):
            named = self.project.types[expr.name]
            if isinstance(named, Enum) and isinstance(value, str):
                return f"{self._ref(module, expr.name)}.{value}"
        return repr(json_value(self.project, self.options, expr, value))  # type: ignore[arg-type]


def _relative(module: _Module, target: str, target_is_package: bool) -> tuple[str, str]:
    """How `module` imports the module of package `target`: (`from` part, name)."""
    here = module.package.split(".")
    if not module.is_package:
        here = here[:-1]
    *parent, name = target.split(".")
    common = 0
    while common < min(len(here), len(parent)) and here[common] == parent[common]:
        common += 1
    dots = "." * (len(here) - common + 1)
    return dots + ".".join(parent[common:]), name


def _kwargs(kwargs: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(kwargs.items()))


def _docstring(doc: str) -> str:
    text = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\0", "\\x00")
    body = "\n".join(f"    {line}" if line else "" for line in text.split("\n"))
    return f'    """\n{body}\n    """'
