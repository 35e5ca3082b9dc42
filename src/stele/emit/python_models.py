"""pydantic v2 models, written by stele from its IR (`stele.emit.python_models_writer`).

Layout: one module per contract package, `python/models/stele_models/<package path>.py`
(`food.order` -> `stele_models/food/order.py`; a package that is also the parent of another
package, such as `food` beside `food.order`, is `stele_models/food/__init__.py`). With
`python/models` on `sys.path`: `from stele_models.food.order import Order, OrderCreated`.

Names: a type or message keeps its name (`Order`, `OrderCreated`); a nested type joins its
names with `_` (`Order.Cancellation` -> `Order_Cancellation`, as in Avro), a union's variant
class is `<Union>_<Variant>` (`PaymentMethod_Card`) and a message's headers `<Message>_Headers`.
Contract names are PascalCase without `_`, so these never meet a declared name.

Mapping (the JSON Schema mapping, as pydantic types): a decimal(p,s) is a `Decimal` with
`max_digits=p` and `decimal_places=s` (read from and written as its JSON string), a union is a
`RootModel` whose field carries `Field(discriminator=...)`, integer bounds are
`Annotated[int, Field(ge=..., le=...)]`, an enum default is the enum member, another package's
class is reached through its module (`from . import common`, `common.Money`) and a closed
content model forbids unknown fields (`extra='forbid'`); the modules pass `mypy --strict` (a
test runs it on the example project).

The writer: the modules used to be written by datamodel-code-generator from one bundled JSON
Schema (4.4-4.6 s of CPU for 1,000 types, in a forked child beside the other emitters); stele now
writes the same text itself, byte for byte, in under 0.1 s (docs/performance.md). The generator
stays as the reference only (`stele.emit.python_models_dcg`, the `python` extra): a differential
test generates both ways on the example project and on generated projects. There is no option to
generate with it: its output is the same text, or, in the cases listed in docs/performance.md,
text that loses constraints or does not type-check.
"""

from __future__ import annotations

from stele.diagnostics import Diagnostic, error
from stele.emit.base import EmitContext, header_line, source_of_package
from stele.emit.python_models_order import class_name as class_name
from stele.emit.python_models_order import variant_class as variant_class
from stele.emit.python_models_writer import write_modules
from stele.ir import Span
from stele.mapping.artifacts import Artifacts

MODELS_DIR = "python/models"
TOP_PACKAGE = "stele_models"
CODE = "G006"


def module_name(package: str) -> str:
    """`food.order` -> `stele_models.food.order`."""
    return f"{TOP_PACKAGE}.{package}"


def package_of(module: tuple[str, ...]) -> str:
    """`("food", "order.py")` -> `food.order`; `("food", "__init__.py")` -> `food`."""
    *parts, last = module
    if last != "__init__.py":
        parts.append(last.removesuffix(".py"))
    return ".".join(parts)


def artifacts(ctx: EmitContext, modules: dict[tuple[str, ...], str]) -> Artifacts:
    """The files of `modules` (path under `stele_models` -> code), each with its header."""
    out: Artifacts = {}
    for module, code in sorted(modules.items()):
        source = source_of_package(ctx, package_of(module))
        text = f"# {header_line(source)}\n\n{code}" if code else f"# {header_line(source)}\n"
        path = "/".join((MODELS_DIR, TOP_PACKAGE, *module))
        out[path] = (text.rstrip("\n") + "\n").encode("utf-8")
    return out


class PythonModelsEmitter:
    """Writes `python/models/stele_models/**`."""

    name = "python-models"

    def emit(self, ctx: EmitContext) -> Artifacts:
        if not ctx.project.types and not ctx.project.messages:
            return {}
        return artifacts(ctx, write_modules(ctx.project, ctx.options))

    def validate(self, ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
        """Every module must at least compile; the tests import them, parse examples and run
        mypy --strict on them."""
        problems: list[Diagnostic] = []
        for path, content in sorted(artifacts.items()):
            try:
                compile(content, path, "exec")
            except SyntaxError as exc:
                span = Span(path, exc.lineno or 1, exc.offset or 1)
                problems.append(error(CODE, f"generated model does not compile: {exc.msg}", span))
        return problems
