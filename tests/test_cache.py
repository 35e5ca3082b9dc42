"""The artifact cache: reused while the inputs are unchanged, rebuilt when they change, a
corrupt entry is ignored and rebuilt; entries are compressed, one per input hash, and the folder
is bounded in bytes with the least recently used entries evicted first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stele import cache, generate
from stele.cli.init import init_project
from stele.generate import build_artifacts
from stele.mapping.artifacts import Artifacts
from stele.source.config_reader import read_config
from stele.workspace import Workspace, open_workspace


def _workspace(root: Path) -> Workspace:
    return open_workspace(read_config(root / "stele.yaml"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("STELE_NO_CACHE", raising=False)
    init_project(tmp_path)
    config = tmp_path / "stele.yaml"
    config.write_text(
        config.read_text().replace("options:\n", "options:\n  formats: [avro, jsonschema]\n")
    )
    return tmp_path


def _entries(root: Path) -> list[str]:
    return sorted(p.name for p in (root / cache.CACHE_DIR / "artifacts").glob("*.stele"))


def test_an_unchanged_project_reuses_the_entry(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(project)
    first = generate.cached_artifacts(ws)
    assert first == build_artifacts(ws)
    assert _entries(project) == [f"{cache.cache_key(ws, None)}.stele"]

    def no_build(*args: object) -> None:
        raise AssertionError("built although the cache holds the artifacts")

    monkeypatch.setattr("stele.generate.build_artifacts", no_build)
    assert generate.cached_artifacts(_workspace(project)) == first


def test_a_changed_contract_is_a_new_entry(project: Path) -> None:
    before = generate.cached_artifacts(_workspace(project))
    contract = project / "contracts" / "example.yaml"
    contract.write_text(
        contract.read_text().replace(
            "      sender: string\n", "      sender: string\n      room: string?\n"
        )
    )
    ws = _workspace(project)
    after = generate.cached_artifacts(ws)
    assert after == build_artifacts(ws)
    assert after != before
    assert len(_entries(project)) == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(project: Path, damage: str) -> None:
    ws = _workspace(project)
    expected = generate.cached_artifacts(ws)
    entry = project / cache.CACHE_DIR / "artifacts" / f"{cache.cache_key(ws, None)}.stele"
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        # A byte inside the compressed stream: the stream or the digest no longer matches.
        i = len(data) // 2
        entry.write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :])
    else:
        entry.write_bytes(b"not an entry")
    assert cache.read_entry(entry) is None
    assert generate.cached_artifacts(_workspace(project)) == expected
    found = cache.read_entry(entry)
    assert found is not None and found.artifacts == expected  # rebuilt


def test_unvalidated_artifacts_are_never_taken_for_validated_ones(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One entry per input hash: the validated build replaces the unvalidated entry."""
    ws = _workspace(project)
    generate.cached_artifacts(ws, validate=False)
    entry = project / cache.CACHE_DIR / "artifacts" / f"{cache.cache_key(ws, None)}.stele"
    unvalidated = cache.read_entry(entry)
    assert unvalidated is not None and not unvalidated.validated
    validated: list[bool] = []
    real = build_artifacts

    def counting(
        ws: Workspace, formats: tuple[str, ...] | None = None, validate: bool = True
    ) -> Artifacts:
        validated.append(validate)
        return real(ws, formats, validate)

    monkeypatch.setattr("stele.generate.build_artifacts", counting)
    generate.cached_artifacts(ws)
    assert validated == [True]
    assert _entries(project) == [entry.name]
    replaced = cache.read_entry(entry)
    assert replaced is not None and replaced.validated
    generate.cached_artifacts(ws, validate=False)  # takes the validated entry
    assert validated == [True]


def test_an_entry_is_compressed(project: Path) -> None:
    ws = _workspace(project)
    artifacts = generate.cached_artifacts(ws)
    entry = project / cache.CACHE_DIR / "artifacts" / f"{cache.cache_key(ws, None)}.stele"
    raw = sum(len(name) + len(data) for name, data in artifacts.items())
    assert entry.stat().st_size * 3 < raw


def _fake_entries(folder: Path, sizes: list[int]) -> list[Path]:
    """Entries of the given payload sizes, oldest first (incompressible payloads)."""
    paths = []
    for i, size in enumerate(sizes):
        path = cache.entry_path(folder, f"k{i}")
        cache.write_entry(path, {"f": os.urandom(size)})
        os.utime(path, ns=(1_000_000_000 * (i + 1), 1_000_000_000 * (i + 1)))
        paths.append(path)
    return paths


def test_the_folder_is_bounded_least_recently_used_first(tmp_path: Path) -> None:
    paths = _fake_entries(tmp_path, [10_000, 10_000, 10_000])
    os.utime(paths[0])  # read lately: the most recently used
    cache.prune(tmp_path, limit=25_000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k0.stele", "k2.stele"]


def test_an_entry_larger_than_the_bound_is_not_kept(tmp_path: Path) -> None:
    _fake_entries(tmp_path, [50_000])
    cache.prune(tmp_path, limit=10_000)
    assert list(tmp_path.iterdir()) == []


def test_entries_of_the_zip_layout_are_removed(tmp_path: Path) -> None:
    (tmp_path / "0123.zip").write_bytes(b"PK")
    _fake_entries(tmp_path, [100])
    cache.prune(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k0.stele"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", cache.DEFAULT_MAX_BYTES),
        ("1000", 1000),
        ("64M", 64 * 1024**2),
        ("2g", 2 * 1024**3),
        ("512KB", 512 * 1024),
        ("lots", cache.DEFAULT_MAX_BYTES),
        ("0", 0),
    ],
)
def test_the_bound_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, text: str, expected: int
) -> None:
    monkeypatch.setenv(cache.MAX_BYTES_ENV, text)
    assert cache.max_bytes() == expected


def test_cache_info_and_clean(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from stele.cli.main import cli

    generate.cached_artifacts(_workspace(project))
    monkeypatch.chdir(project)
    runner = CliRunner()
    info = runner.invoke(cli, ["cache", "info"])
    assert info.exit_code == 0
    lines = info.output.splitlines()
    assert lines[0] == f"location: {project / cache.CACHE_DIR}"
    assert lines[1].startswith("artifacts: 1 entries, ")
    assert (
        lines[-1]
        == f"bound of artifacts: {cache.DEFAULT_MAX_BYTES:,} bytes (STELE_CACHE_MAX_BYTES)"
    )
    clean = runner.invoke(cli, ["cache", "clean"])
    assert clean.exit_code == 0
    assert clean.output.startswith(f"removed {project / cache.CACHE_DIR} (")
    assert not (project / cache.CACHE_DIR).exists()
    again = runner.invoke(cli, ["cache", "info"])
    assert again.output.splitlines()[1] == "total: 0 entries, 0 bytes"


def test_no_cache_when_asked(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    generate.cached_artifacts(_workspace(project))
    assert not (project / cache.CACHE_DIR).exists()


def test_a_change_in_any_file_of_a_package_is_a_new_entry(project: Path) -> None:
    """A package may span several files; the key covers every one, not one file per package."""
    second = project / "contracts" / "more.yaml"
    second.write_text("package: example.greeting\ntypes:\n  Extra:\n    fields:\n      x: string\n")
    before = generate.cached_artifacts(_workspace(project))
    second.write_text(second.read_text().replace("x: string", "x: int32"))
    ws = _workspace(project)
    assert ws.sources == {"example.greeting": "contracts/example.yaml"}  # one file per package
    after = generate.cached_artifacts(ws)
    assert after == build_artifacts(ws)
    assert after != before
    assert len(_entries(project)) == 2


def test_a_change_in_the_options_is_a_new_entry(project: Path) -> None:
    before = generate.cached_artifacts(_workspace(project))
    config = project / "stele.yaml"
    config.write_text(
        config.read_text().replace(
            "options:\n", "options:\n  schema_base_uri: https://example.org/s/\n"
        )
    )
    ws = _workspace(project)
    after = generate.cached_artifacts(ws)
    assert after == build_artifacts(ws)
    assert after != before
    assert len(_entries(project)) == 2


def test_a_change_in_the_lock_is_a_new_entry(project: Path) -> None:
    lock = project / "compat" / "stele.lock"
    lock.parent.mkdir()
    lock.write_text(_workspace(project).lock_text)
    generate.cached_artifacts(_workspace(project))
    lock.write_text(lock.read_text().replace("      sender: 2\n", "      sender: 9\n"))
    renumbered = _workspace(project)
    assert "      sender: 9\n" in renumbered.lock_text
    assert generate.cached_artifacts(renumbered) == build_artifacts(renumbered)
    assert len(_entries(project)) == 2
