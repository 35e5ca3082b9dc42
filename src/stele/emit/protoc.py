"""Running protoc (bundled with grpcio-tools) in-process on files held in memory.

protoc reads and writes files: each call works in a fresh folder inside the run's own work
folder (stele.workdir), and a folder that vanishes under it is W008, not a protoc error."""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from stele.diagnostics import Diagnostic, SteleError, error
from stele.files import write_files
from stele.span import Span
from stele.workdir import check_present, vanished, work_folder

if TYPE_CHECKING:
    from stele.mapping.artifacts import Artifacts

# protoc writes to the process's file descriptor 2; the redirection below must not interleave.
_LOCK = threading.Lock()


def run_protoc(
    files: dict[str, bytes], args: list[str], inputs: set[str] | None = None
) -> tuple[dict[str, bytes], list[str]]:
    """Compile `files` (keyed by import path) with protoc and `args`; only `inputs` among them
    when given (the others are there to be imported).

    Output paths in `args` are relative to a fresh output directory (`--python_out=.` writes
    there, `--descriptor_set_out=out.pb` too). Returns the produced files keyed by relative
    POSIX path, and protoc's error lines (empty on success).
    """
    if not files:
        # A project of packages without types: protoc refuses to run without an input ("Missing
        # input file", reported as a bug). Nothing to compile: an empty descriptor set.
        sets = [a.split("=", 1)[1] for a in args if a.startswith("--descriptor_set_out=")]
        return {name: b"" for name in sets}, []
    import grpc_tools

    main = protoc_main()
    include = str(Path(grpc_tools.__file__).parent / "_proto")
    with work_folder("protoc-") as tmp:
        src, out = tmp / "src", tmp / "out"
        try:
            out.mkdir()
            write_files(files, src)
        except FileNotFoundError:
            raise vanished(tmp) from None
        chosen = sorted(files if inputs is None else inputs)
        argv = ["protoc", f"-I{src}", f"-I{include}", *_outputs_under(args, out)]
        argv.extend(str(src / name) for name in chosen)
        with _LOCK:
            code, stderr = _call_capturing_stderr(main, argv)
        # A folder removed under protoc shows as "File not found" on the generated files:
        # say what happened instead (W008).
        for folder in (tmp, src, out):
            check_present(folder, tmp)
        errors = [_relative(line, src) for line in stderr.splitlines() if line.strip()]
        if code != 0 and not errors:
            errors = [f"protoc exited with status {code}"]
        try:
            produced = {
                p.relative_to(out).as_posix(): p.read_bytes()
                for p in sorted(out.rglob("*"))
                if p.is_file()
            }
        except FileNotFoundError:
            raise vanished(tmp) from None
    return produced, errors


def protoc_main() -> Callable[[list[str]], int]:
    """protoc's entry point: grpc_tools' compiled module itself, which is all that
    `grpc_tools.protoc.main` calls (that wrapper module also imports importlib.resources and the
    machinery of its generated-stub importer, a tenth of `stele diff`'s start-up on a small
    tree); the wrapper when the compiled module does not have it."""
    try:
        from grpc_tools import _protoc_compiler

        run = _protoc_compiler.run_main
    except (ImportError, AttributeError):  # pragma: no cover - another grpcio-tools layout
        from grpc_tools import protoc

        return protoc.main  # type: ignore[no-any-return]

    def main(argv: list[str]) -> int:
        return int(run([argument.encode() for argument in argv]))

    return main


def _outputs_under(args: list[str], out: Path) -> list[str]:
    result = []
    for arg in args:
        if arg.startswith("--") and "=" in arg and arg.split("=", 1)[0].endswith("_out"):
            flag, value = arg.split("=", 1)
            arg = f"{flag}={out / value}"
        result.append(arg)
    return result


def _relative(line: str, src: Path) -> str:
    return line.replace(f"{src}{os.sep}", "").strip()


def _call_capturing_stderr(main: object, argv: list[str]) -> tuple[int, str]:
    assert callable(main)
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 2)
        try:
            code = int(main(argv))
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        capture.seek(0)
        text = capture.read().decode("utf-8", "replace")
    return code, text


def import_paths(artifacts: Artifacts) -> dict[str, bytes]:
    """The `.proto` artifacts keyed by import path (`food/order/order.proto`)."""
    from stele.mapping.artifacts import PROTO_ROOT  # start-up: as in protoc_diagnostic

    prefix = f"{PROTO_ROOT}/"
    return {
        path[len(prefix) :]: content
        for path, content in sorted(artifacts.items())
        if path.startswith(prefix) and path.endswith(".proto")
    }


def compile_descriptor_set(files: dict[str, bytes]) -> bytes:
    """Compile `.proto` files (keyed by import path) into a serialized FileDescriptorSet.

    Raises SteleError with one G001 diagnostic per protoc error, located in the `.proto` file.
    """
    outputs, errors = run_protoc(files, ["--descriptor_set_out=out.pb", "--include_imports"])
    if errors:
        raise SteleError([protoc_diagnostic(line) for line in errors])
    return outputs["out.pb"]


_PROTOC_LOCATION = re.compile(r"^(?P<file>[^:\s]+\.proto):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*)$")


def protoc_diagnostic(line: str) -> Diagnostic:
    # start-up: `stele diff` compiles its trees without the format mapping
    from stele.mapping.artifacts import PROTO_ROOT

    match = _PROTOC_LOCATION.match(line)
    hint = "this is a bug in the generated Protobuf or a construct it cannot express"
    if match is None:
        return error("G001", f"protoc: {line}", Span(PROTO_ROOT, 1, 1), hint)
    file = f"{PROTO_ROOT}/{match['file']}"
    span = Span(file, int(match["line"]), int(match["col"]))
    return error("G001", f"protoc rejected {file}: {match['msg']}", span, hint)
