"""Python Protobuf and gRPC code (`*_pb2.py`, `*_pb2.pyi`, `*_pb2_grpc.py`) from the `.proto` files.

The `.proto` files come from the protobuf emitter (`ctx.produced`); protoc from grpcio-tools
compiles them. Every directory gets an `__init__.py`, so with `python/pb` on `sys.path`,
`import food.order.order_pb2` works.
"""

from __future__ import annotations

from stele.diagnostics import Diagnostic, SteleError, error
from stele.emit.base import Artifacts, EmitContext, header_line, source_of_package
from stele.ir import Span

PYTHON_ROOT = "python/pb"


class PythonProtobufEmitter:
    name = "python-protobuf"

    def emit(self, ctx: EmitContext) -> Artifacts:
        from stele.emit._protoc import run_protoc
        from stele.emit.protobuf import import_paths, protoc_diagnostic

        files = import_paths(dict(ctx.produced))
        if not files:
            return {}
        args = ["--python_out=.", "--pyi_out=.", "--grpc_python_out=."]
        produced, errors = run_protoc(files, args)
        if errors:
            raise SteleError([protoc_diagnostic(line) for line in errors])
        artifacts = {
            f"{PYTHON_ROOT}/{path}": _with_header(ctx, path.rsplit("/", 1)[0], content)
            for path, content in produced.items()
        }
        for package_dir in _package_dirs(produced):
            artifacts[f"{PYTHON_ROOT}/{package_dir}/__init__.py"] = _with_header(
                ctx, package_dir, b""
            )
        return dict(sorted(artifacts.items()))

    def validate(self, ctx: EmitContext, artifacts: Artifacts) -> list[Diagnostic]:
        """Every generated module must at least compile; importing it is left to the tests."""
        diagnostics = []
        for path, content in sorted(artifacts.items()):
            if not path.endswith(".py"):
                continue
            try:
                compile(content, path, "exec")
            except SyntaxError as exc:
                span = Span(path, exc.lineno or 1, exc.offset or 1)
                diagnostics.append(error("G007", f"generated Python does not compile: {exc}", span))
        return diagnostics


def _with_header(ctx: EmitContext, directory: str, content: bytes) -> bytes:
    """protoc's own 'do not edit' line stays; ours names the contract the module comes from."""
    source = source_of_package(ctx, directory.replace("/", "."))
    return f"# {header_line(source)}\n".encode() + content


def _package_dirs(produced: dict[str, bytes]) -> list[str]:
    """Every directory that holds a generated module, and each of its parents."""
    dirs: set[str] = set()
    for path in produced:
        parts = path.split("/")[:-1]
        dirs.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(dirs)
