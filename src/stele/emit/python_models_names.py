"""The Python names of the pydantic models' fields (stele.emit.python_models_writer): which field
is written under another attribute name with an `alias`, and which model then takes its fields by
name too (docs/python-models.md)."""

from __future__ import annotations

import keyword

from stele.config import Options
from stele.ir import Field, ListOf, MapOf, Project, Record, Scalar, TypeExpr

# Names a pydantic BaseModel already has (datamodel-code-generator's list, the snake_case ones a
# contract field can take): such a field is written `name_` with `alias='name'`.
BASE_MODEL_ATTRIBUTES = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "model_computed_fields", "model_config",
        "model_construct", "model_copy", "model_dump", "model_dump_json", "model_extra",
        "model_fields", "model_fields_set", "model_json_schema", "model_parametrized_name",
        "model_post_init", "model_rebuild", "model_validate", "model_validate_json",
        "model_validate_strings", "mro", "parse_file", "parse_obj", "parse_raw", "register",
        "schema", "schema_json", "update_forward_refs", "validate"
    }
)  # fmt: skip

_BUILTINS = {
    "bool": "bool",
    "float32": "float",
    "float64": "float",
    "string": "str",
    "bytes": "str",
}
BUILTIN_NAMES = frozenset(("bool", "float", "str", "int", "list", "dict"))


def builtins_of(expr: TypeExpr, options: Options, keys: bool = False) -> set[str]:
    """The builtin names an annotation uses (a field named as one of them is renamed), with the
    `str` of map keys when `keys` (an alias of `str` reaches them, a field's rename does not)."""
    if isinstance(expr, ListOf):
        return {"list"} | builtins_of(expr.item, options, keys)
    if isinstance(expr, MapOf):
        return {"dict", *(["str"] if keys else [])} | builtins_of(expr.value, options, keys)
    if not isinstance(expr, Scalar):
        return set()
    if expr.name in ("int32", "int64"):
        return {"str" if expr.name == "int64" and options.int64_as_string else "int"}
    return {_BUILTINS[expr.name]} if expr.name in _BUILTINS else set()


def is_keyword(name: str) -> bool:
    """A field named as a Python keyword (`from`, `class`) is `from_` with `alias='from'`."""
    return keyword.iskeyword(name)


def attribute(name: str, expr: TypeExpr, options: Options) -> str:
    """The attribute of a field named `name` of type `expr`: `name_` for a BaseModel attribute,
    a Python keyword or a builtin its annotation uses, else `name`."""
    renamed = name in BASE_MODEL_ATTRIBUTES or is_keyword(name)
    return f"{name}_" if renamed or name in builtins_of(expr, options) else name


def by_name(fields: tuple[Field, ...]) -> bool:
    """Whether a record's model takes its fields by name as well as by their JSON names
    (`populate_by_name=True`): one of them has a `json:` name or is named as a Python keyword,
    so its attribute is not its JSON property (a message's headers: one is a keyword). Other
    renamed attributes (`copy_`, `str_`) are taken by their JSON name alone, as
    datamodel-code-generator writes them."""
    return any(f.json is not None or is_keyword(f.name) for f in fields)


def project_by_name(project: Project) -> bool:
    """Whether a model of the project takes its fields by name: a field with a `json:` name or
    a field or header named as a keyword."""
    records = (t for t in project.types.values() if isinstance(t, Record))
    if any(by_name(r.fields) for r in records):
        return True
    return any(is_keyword(h.name) for m in project.messages.values() for h in m.headers)
