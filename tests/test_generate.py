"""The generate machinery end to end: determinism, atomic writes, --check, headers."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from stele.emit.base import GENERATED_NOTICE

ROOT = Path(__file__).resolve().parent.parent
STELE = [sys.executable, "-m", "stele"]


def _copy_project(dest: Path) -> Path:
    for name in ("contracts", "compat"):
        shutil.copytree(ROOT / name, dest / name)
    shutil.copy(ROOT / "stele.yaml", dest / "stele.yaml")
    return dest


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "STELE_NO_CACHE": "1", **env}
    return subprocess.run(
        [*STELE, *args], cwd=cwd, env=environment, capture_output=True, text=True, check=False
    )


def test_the_same_contracts_give_byte_identical_artifacts_under_any_hash_seed(
    tmp_path: Path,
) -> None:
    digests = []
    for seed in ("0", "1", "4242"):
        project = _copy_project(tmp_path / f"seed-{seed}")
        result = _run(["generate"], project, PYTHONHASHSEED=seed)
        assert result.returncode == 0, result.stderr
        digests.append(_tree_digest(project / "codegen"))
    assert digests[0] == digests[1] == digests[2]
    # And they are the committed artifacts of the example project.
    assert digests[0] == _tree_digest(ROOT / "codegen")


def test_every_generated_text_file_says_it_is_generated_and_from_where() -> None:
    notice = GENERATED_NOTICE.split("{source}")[0]
    missing = []
    for path in sorted((ROOT / "codegen").rglob("*")):
        if not path.is_file():
            continue
        head = path.read_text(encoding="utf-8")[:600]
        if notice not in head:
            missing.append(path.relative_to(ROOT).as_posix())
    # JSON formats without comments carry the notice in a field; python __init__ files too.
    assert missing == []


def test_check_lists_stale_and_unexpected_files_and_exits_1(tmp_path: Path) -> None:
    project = _copy_project(tmp_path / "p")
    assert _run(["generate"], project).returncode == 0
    assert _run(["generate", "--check"], project).returncode == 0
    proto = project / "codegen/proto/food/order/order.proto"
    proto.write_text(proto.read_text() + "// edited by hand\n")
    (project / "codegen/extra.txt").write_text("not generated\n")
    (project / "codegen/avro/food/order/Order.avsc").unlink()
    before = _tree_digest(project / "codegen")
    result = _run(["generate", "--check"], project)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    for path in (
        "codegen/proto/food/order/order.proto",
        "codegen/extra.txt",
        "codegen/avro/food/order/Order.avsc",
    ):
        assert path in out
    # --check writes nothing.
    assert _tree_digest(project / "codegen") == before


def test_a_file_written_whole_gets_ordinary_permissions(tmp_path: Path) -> None:
    from stele.generate import write_text_atomic

    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "compat" / "stele.lock", "x\n")
    finally:
        os.umask(old)
    modes = {
        p.relative_to(tmp_path).as_posix(): oct(p.stat().st_mode & 0o777)
        for p in (tmp_path / "compat", tmp_path / "compat/stele.lock")
    }
    assert modes == {
        "compat": "0o755",
        "compat/stele.lock": "0o644",
    }
