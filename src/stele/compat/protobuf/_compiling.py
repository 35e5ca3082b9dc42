"""protoc run on `.proto` files held in memory, into a FileDescriptorSet with source info; its
errors as located diagnostics (D010, D011), its warnings left out."""

from __future__ import annotations

import re

from stele.compat.foreign import capped, check_size
from stele.diagnostics import Diagnostic, SteleError, error
from stele.emit.protoc import run_protoc
from stele.span import Span


def compile_with_source_info(files: dict[str, bytes], inputs: set[str] | None = None) -> bytes:
    """A serialized FileDescriptorSet with source info and imports; D010 on protoc errors, D011
    for an import found neither among `files` nor among the well-known types.

    protoc's warnings (an unused import, a file without `syntax`, which is proto2) are not
    errors; its errors are capped per file (`foreign.capped`): random bytes make thousands.
    """
    for path, data in files.items():
        check_size(path, data)
    args = ["--descriptor_set_out=out.pb", "--include_imports", "--include_source_info"]
    outputs, lines = run_protoc(files, args, inputs)
    if "out.pb" in outputs:
        return outputs["out.pb"]  # compiled: whatever protoc printed were warnings
    first = sorted(files)[0] if files else "<none>"
    errors = [line for line in lines if not _is_warning(line) and not _NOT_FOUND.match(line)]
    diagnostics = sorted(_protoc_diagnostic(line, first, files) for line in errors or lines)
    raise SteleError(
        capped(diagnostics or [_protoc_diagnostic("protoc failed", first, files)], "protoc errors")
    )


_PROTOC_LOCATION = re.compile(r"^(?P<file>[^:\s]+\.proto):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*)$")
# protoc's log lines (absl: `W0000 00:00:... parser.cc:659] ...`, `WARNING: All log messages
# ...`) and located warnings (`a.proto:2:1: warning: Import ... is unused.`).
_WARNING = re.compile(
    r"^(?:[WI]\d{4} |WARNING: |\[libprotobuf (?:WARNING|INFO)|\S+:\d+:\d+: warning: )"
)


def _is_warning(line: str) -> bool:
    return _WARNING.match(line) is not None


# `dep/b.proto: File not found.`: protoc says it again, located, at the import.
_NOT_FOUND = re.compile(r"^\S+\.proto: File not found\.$")
_MISSING_IMPORT = re.compile(r'^Import "(?P<name>[^"]+)" was not found or had errors\.$')


def _protoc_diagnostic(line: str, fallback_file: str, files: dict[str, bytes]) -> Diagnostic:
    hint = "fix the .proto file so that protoc accepts it"
    match = _PROTOC_LOCATION.match(line)
    if match is None:
        return error("D010", f"protoc: {line}", Span(fallback_file, 1, 1), hint)
    span = Span(match["file"], int(match["line"]), int(match["col"]))
    missing = _MISSING_IMPORT.match(match["msg"])
    if missing is not None and missing["name"] not in files:
        name = missing["name"]
        return error(
            "D011",
            f"import '{name}' is not found: not in the tree given, not a well-known type",
            span,
            f"pass --proto-path DIR (-I DIR), DIR being the folder that holds {name}",
        )
    return error("D010", f"protoc: {match['msg']}", span, hint)
