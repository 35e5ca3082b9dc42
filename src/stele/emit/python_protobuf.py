"""Python Protobuf and gRPC code (`*_pb2.py`, `*_pb2.pyi`, `*_pb2_grpc.py`) from the `.proto` files.

The `.proto` files come from the protobuf emitter (`ctx.produced`); protoc from grpcio-tools
compiles them. Every directory gets an `__init__.py`, so with `python/pb` on `sys.path`,
`import food.order.order_pb2` works.
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar

from stele.diagnostics import Diagnostic, SteleError, error
from stele.emit import protoc
from stele.emit.base import EmitContext, header_line, source_of_package
from stele.emit.protoc import import_paths, protoc_diagnostic
from stele.ir import Span
from stele.mapping.artifacts import Artifacts

PYTHON_ROOT = "python/pb"
PYTHON_ARGS = ["--python_out=.", "--pyi_out=.", "--grpc_python_out=."]

# One protoc run for the `.proto` files' validation and their Python code, when a run asks for
# both: `generate` sets SHARE_PROTOC, the protobuf emitter's validation compiles with the Python
# outputs too (`compile_with_python`) and leaves them here, by the digest of the files, for this
# emitter. Otherwise each runs protoc itself.
SHARE_PROTOC: ContextVar[bool] = ContextVar("stele_share_protoc", default=False)
_SHARED: dict[str, dict[str, bytes]] = {}


def _digest(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name, data in sorted(files.items()):
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def forget_shared() -> None:
    _SHARED.clear()


def compile_with_python(files: dict[str, bytes]) -> bytes:
    """The FileDescriptorSet of `files` (as stele.emit.protoc.compile_descriptor_set), from a
    protoc run that also writes their Python code, kept for PythonProtobufEmitter."""
    args = ["--descriptor_set_out=out.pb", "--include_imports", *PYTHON_ARGS]
    outputs, errors = protoc.run_protoc(files, args)
    if errors:
        raise SteleError([protoc_diagnostic(line) for line in errors])
    descriptor_set = outputs.pop("out.pb")
    _SHARED.clear()
    _SHARED[_digest(files)] = outputs
    return descriptor_set


class PythonProtobufEmitter:
    name = "python-protobuf"

    def emit(self, ctx: EmitContext) -> Artifacts:
        files = import_paths(dict(ctx.produced))
        if not files:
            return {}
        produced = _SHARED.pop(_digest(files), None)
        if produced is None:
            produced, errors = protoc.run_protoc(files, PYTHON_ARGS)
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
