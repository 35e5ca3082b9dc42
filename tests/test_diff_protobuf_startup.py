"""`stele diff --format protobuf` loads what a diff needs: not the contract IR, nor the
generation modules (the start-up is most of a small tree's diff time; docs/compat-protobuf.md,
"Performance")."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

NOT_LOADED = ("stele.ir", "stele.mapping.artifacts", "stele.generate", "stele.emit.protobuf")

SCRIPT = """
import json, sys
from stele.cli.main import cli
try:
    cli.main(["diff", "old", "new", "--format", "protobuf", "--output", "json"],
             standalone_mode=False)
except SystemExit:
    pass
sys.stdout.flush()
print(json.dumps(sorted(m for m in {names!r} if m in sys.modules)), file=sys.stderr)
"""


def test_a_protobuf_diff_does_not_load_the_contract_ir(tmp_path: Path) -> None:
    text = 'syntax = "proto3";\npackage p;\nmessage M {\n  string a = 1;\n  int32 b = 2;\n}\n'
    for side, body in (("old", text), ("new", text.replace("int32 b", "int64 b"))):
        (tmp_path / side).mkdir()
        (tmp_path / side / "m.proto").write_text(body, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(names=NOT_LOADED)],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.stdout, done.stderr
    assert json.loads(done.stdout)["findings"][0]["rule"] == "proto-field-type-changed"
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


# Loaded after the fork, while the child compiles OLD (proto_split._load_checker): importing
# them before would put them back on the path both processes wait for.
AFTER_THE_FORK = (
    "google.protobuf.descriptor_pb2",
    "stele.compat.protobuf._descriptors",
    "stele.compat.protobuf._pairing",
    "stele.compat.protobuf._engine",
)


def test_the_diff_modules_leave_the_checker_for_after_the_fork() -> None:
    modules = "stele.cli.main, stele.compat.proto_diff, stele.compat.protobuf_buf_config"
    code = (
        f"import sys, {modules}; print(sorted(m for m in {AFTER_THE_FORK!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stderr
