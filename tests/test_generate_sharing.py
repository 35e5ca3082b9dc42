"""Work shared across formats in one `build_artifacts` run: protoc runs once for the `.proto`
files' validation and their Python code, and the result is what two runs gave."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from stele.emit import protoc, python_protobuf
from stele.generate import build_artifacts
from stele.source.config_reader import load_config
from stele.workspace import open_workspace

FORMATS = ("protobuf", "python-protobuf")


def _workspace() -> Any:
    return open_workspace(load_config(Path(__file__).parent.parent / "stele.yaml"))


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = protoc.run_protoc

    def counted(files: dict[str, bytes], args: list[str], inputs: Any = None) -> Any:
        calls.append(args)
        return real(files, args, inputs)

    monkeypatch.setattr(protoc, "run_protoc", counted)
    return calls


def test_one_protoc_run_validates_and_writes_the_python_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = _workspace()
    calls = _counting(monkeypatch)
    shared = build_artifacts(ws, FORMATS)
    assert len(calls) == 1
    assert "--descriptor_set_out=out.pb" in calls[0] and "--python_out=." in calls[0]
    assert python_protobuf._SHARED == {}
    calls.clear()
    apart = build_artifacts(ws, FORMATS, validate=False)  # no validation: protoc for Python only
    assert [c for c in calls if "--python_out=." in c] == [python_protobuf.PYTHON_ARGS]
    assert shared == apart
    assert any(path.endswith("_pb2.py") for path in shared)


def test_without_python_code_the_validation_writes_none(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    build_artifacts(_workspace(), ("protobuf",))
    assert calls == [["--descriptor_set_out=out.pb", "--include_imports"]]
