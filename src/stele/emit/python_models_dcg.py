"""The pydantic models as datamodel-code-generator writes them: the reference for stele's own writer.

Not used by `stele generate` (`stele.emit.python_models_writer` writes the same modules in a
fiftieth of the time, docs/performance.md); tests/test_python_models_differential.py runs both
and requires the same text. Needs the `python` extra (datamodel-code-generator); without it,
`generate_modules` raises the ModuleNotFoundError that stele maps to E001 naming the extra.

The generator runs once, in memory, on one document whose `$defs` hold every type and message
under its dotted module path (`food.order.Order`), with `treat_dot_as_module`: one module per
dotted prefix, as stele lays them out.
"""

from __future__ import annotations

from collections.abc import Iterator

from stele.config import Options
from stele.emit.base import EmitContext
from stele.emit.jsonschema import Schema, message_schema, named_schema
from stele.emit.python_models import package_of
from stele.emit.python_models_names import attribute, project_by_name
from stele.emit.python_models_order import class_name, variant_class
from stele.ir import Decimal, ListOf, MapOf, Project, Record, TypeExpr, Union
from stele.mapping.artifacts import DIALECT
from stele.values import decimal_pattern


class _BundleRefs:
    """References into the bundle's `$defs`, keyed by dotted module path and class name."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def key(self, qualified: str) -> str:
        named = self.project.types.get(qualified) or self.project.messages[qualified]
        return f"{named.package}.{class_name(self.project, qualified)}"

    def named(self, qualified: str) -> str:
        return f"#/$defs/{self.key(qualified)}"

    def variant(self, union: str, variant: str) -> str:
        named = self.project.types[union]
        assert isinstance(named, Union)
        return f"#/$defs/{named.package}.{variant_class(named, variant)}"


def bundle(ctx: EmitContext) -> Schema:
    """One JSON Schema whose `$defs` hold every type and message of the project."""
    project, options = ctx.project, ctx.options
    refs = _BundleRefs(project)
    defs: Schema = {}
    for qualified, named in project.types.items():
        body = named_schema(project, options, qualified, refs)
        if isinstance(named, Union):
            for variant, branch in body.pop("$defs").items():
                branch.pop("title", None)
                defs[f"{named.package}.{variant_class(named, variant)}"] = branch
            mapping = {v.name: refs.variant(qualified, v.name) for v in named.variants}
            body["discriminator"] = {"propertyName": named.discriminator, "mapping": mapping}
        defs[refs.key(qualified)] = body
    for message in project.messages.values():
        body = message_schema(project, options, message, refs)
        headers = body["properties"]["headers"]
        headers.pop("title", None)
        key = refs.key(message.name)
        defs[f"{key}_Headers"] = headers
        body["properties"]["headers"] = {"$ref": f"#/$defs/{key}_Headers"}
        defs[key] = body
    _decimals_as_decimal(defs, _decimal_patterns(project))
    return {"$schema": DIALECT, "$defs": defs}


def _type_exprs(project: Project) -> Iterator[TypeExpr]:
    for named in project.types.values():
        for f in getattr(named, "fields", ()):
            yield f.type
    for message in project.messages.values():
        for h in message.headers:
            yield h.type


def _decimal_patterns(project: Project) -> dict[str, Decimal]:
    """The JSON Schema pattern of each decimal type of the project."""
    found: dict[str, Decimal] = {}
    pending = list(_type_exprs(project))
    while pending:
        expr = pending.pop()
        if isinstance(expr, Decimal):
            found[decimal_pattern(expr.precision, expr.scale)] = expr
        elif isinstance(expr, ListOf):
            pending.append(expr.item)
        elif isinstance(expr, MapOf):
            pending.append(expr.value)
    return found


def _decimals_as_decimal(node: object, patterns: dict[str, Decimal]) -> None:
    """A decimal's string schema becomes `format: decimal` (a `Decimal` in the model) with its
    precision and scale (`Field(max_digits=..., decimal_places=...)`)."""
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("pattern") in patterns:
            decimal = patterns[node.pop("pattern")]
            node["format"] = "decimal"
            node[_MAX_DIGITS] = decimal.precision
            node[_DECIMAL_PLACES] = decimal.scale
        for value in node.values():
            _decimals_as_decimal(value, patterns)
    elif isinstance(node, list):
        for item in node:
            _decimals_as_decimal(item, patterns)


# Passed through to pydantic's Field by datamodel-code-generator (`field_extra_keys`).
_MAX_DIGITS = "x-max_digits"
_DECIMAL_PLACES = "x-decimal_places"


def json_name_aliases(project: Project, options: Options) -> dict[str, str]:
    """The generator's scoped `aliases` (`<$defs key>.<JSON name>` -> attribute) of every field
    with a `json:` name: the bundle's properties are the JSON names, and the generator names each
    attribute after its field (`order_id` with `alias='orderId'`). The generator takes an alias's
    attribute as given, so a field it would rename as a property (`copy`, `from`, `str` of a
    string: `copy_`) is given the renamed attribute, by the rule it applies to the properties of
    every other field (python_models_names.attribute)."""
    refs = _BundleRefs(project)
    classes: list[tuple[str, str]] = []  # ($defs key, the record whose fields it holds)
    for qualified, named in project.types.items():
        if isinstance(named, Record):
            classes.append((refs.key(qualified), qualified))
        elif isinstance(named, Union):
            for v in named.variants:
                key = refs.variant(qualified, v.name).removeprefix("#/$defs/")
                classes.append((key, v.type.name))
    return {
        f"{key}.{f.json}": attribute(f.name, f.type, options)
        for key, record in classes
        for f in project.record(record).fields
        if f.json is not None
    }


def run_generator(
    document: Schema, aliases: dict[str, str] | None = None, by_name: bool = False
) -> dict[tuple[str, ...], str]:
    """datamodel-code-generator on a bundle: module path -> code, with the generator's header.
    `aliases` name the attributes of JSON properties; `by_name` writes `populate_by_name=True`
    (on every model: the generator has no option for some)."""
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import PythonVersion

    modules = generate(
        document,
        input_file_type=InputFileType.JsonSchema,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        disable_timestamp=True,
        use_schema_description=True,
        use_subclass_enum=True,
        use_annotated=True,
        field_constraints=True,
        set_default_enum_member=True,
        field_extra_keys_without_x_prefix={_MAX_DIGITS, _DECIMAL_PLACES},
        treat_dot_as_module=True,
        use_double_quotes=True,
        custom_class_name_generator=_same_name,
        formatters=[],  # formatting was a fifth of the generator's time; the code is valid as is
        aliases=aliases or None,
        allow_population_by_field_name=by_name,
    )
    if isinstance(modules, str):  # a project of one package without dots
        return {("__init__.py",): modules}
    assert modules is not None
    return {tuple(key): code for key, code in modules.items()}


def _same_name(name: str) -> str:
    return name


def generate_modules(ctx: EmitContext) -> dict[tuple[str, ...], str]:
    """The generator's modules in the shape of `python_models_writer.write_modules`: module
    path -> code without the generator's header; the bundle's own root module is empty."""
    out: dict[tuple[str, ...], str] = {}
    aliases = json_name_aliases(ctx.project, ctx.options)
    documents = run_generator(bundle(ctx), aliases, project_by_name(ctx.project))
    for module, code in documents.items():
        out[module] = _without_generator_header(code) if package_of(module) else ""
    return out


def _without_generator_header(code: str) -> str:
    """datamodel-code-generator's own first lines name an input file there is none of."""
    lines = code.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines).lstrip("\n")
