"""The artifact cache: reused while the inputs are unchanged, rebuilt when they change, and a
corrupt entry is ignored and rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from stele import cache
from stele.cli.init import init_project
from stele.generate import build_artifacts
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
    return sorted(p.name for p in (root / cache.CACHE_DIR / "artifacts").glob("*.zip"))


def test_an_unchanged_project_reuses_the_entry(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _workspace(project)
    first = cache.cached_artifacts(ws)
    assert first == build_artifacts(ws)
    assert _entries(project) == [f"{cache.cache_key(ws, None)}.zip"]

    def no_build(*args: object) -> None:
        raise AssertionError("built although the cache holds the artifacts")

    monkeypatch.setattr("stele.generate.build_artifacts", no_build)
    assert cache.cached_artifacts(_workspace(project)) == first


def test_a_changed_contract_is_a_new_entry(project: Path) -> None:
    before = cache.cached_artifacts(_workspace(project))
    contract = project / "contracts" / "example.yaml"
    contract.write_text(
        contract.read_text().replace(
            "      sender: string\n", "      sender: string\n      room: string?\n"
        )
    )
    ws = _workspace(project)
    after = cache.cached_artifacts(ws)
    assert after == build_artifacts(ws)
    assert after != before
    assert len(_entries(project)) == 2


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage"])
def test_a_corrupt_entry_is_ignored_and_rebuilt(project: Path, damage: str) -> None:
    ws = _workspace(project)
    expected = cache.cached_artifacts(ws)
    entry = project / cache.CACHE_DIR / "artifacts" / f"{cache.cache_key(ws, None)}.zip"
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        # A byte inside the first member's data: the CRC no longer matches.
        i = data.index(b"{") + 5
        entry.write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1 :])
    else:
        entry.write_bytes(b"not a zip archive")
    assert cache.read_entry(entry) is None
    assert cache.cached_artifacts(_workspace(project)) == expected
    assert cache.read_entry(entry) == expected  # rebuilt


def test_unvalidated_artifacts_are_never_taken_for_validated_ones(project: Path) -> None:
    ws = _workspace(project)
    cache.cached_artifacts(ws, validate=False)
    assert _entries(project) == [f"{cache.cache_key(ws, None, validated=False)}.zip"]
    cache.cached_artifacts(ws)
    assert len(_entries(project)) == 2


def test_no_cache_when_asked(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STELE_NO_CACHE", "1")
    cache.cached_artifacts(_workspace(project))
    assert not (project / cache.CACHE_DIR).exists()


def test_a_change_in_any_file_of_a_package_is_a_new_entry(project: Path) -> None:
    """A package may span several files; the key covers every one, not one file per package."""
    second = project / "contracts" / "more.yaml"
    second.write_text("package: example.greeting\ntypes:\n  Extra:\n    fields:\n      x: string\n")
    before = cache.cached_artifacts(_workspace(project))
    second.write_text(second.read_text().replace("x: string", "x: int32"))
    ws = _workspace(project)
    assert ws.sources == {"example.greeting": "contracts/example.yaml"}  # one file per package
    after = cache.cached_artifacts(ws)
    assert after == build_artifacts(ws)
    assert after != before
    assert len(_entries(project)) == 2


def test_a_change_in_the_options_is_a_new_entry(project: Path) -> None:
    before = cache.cached_artifacts(_workspace(project))
    config = project / "stele.yaml"
    config.write_text(
        config.read_text().replace(
            "options:\n", "options:\n  schema_base_uri: https://example.org/s/\n"
        )
    )
    ws = _workspace(project)
    after = cache.cached_artifacts(ws)
    assert after == build_artifacts(ws)
    assert after != before
    assert len(_entries(project)) == 2


def test_a_change_in_the_lock_is_a_new_entry(project: Path) -> None:
    lock = project / "compat" / "stele.lock"
    lock.parent.mkdir()
    lock.write_text(_workspace(project).lock_text)
    cache.cached_artifacts(_workspace(project))
    lock.write_text(lock.read_text().replace("      sender: 2\n", "      sender: 9\n"))
    renumbered = _workspace(project)
    assert "      sender: 9\n" in renumbered.lock_text
    assert cache.cached_artifacts(renumbered) == build_artifacts(renumbered)
    assert len(_entries(project)) == 2
