"""`stele release`: semantic versioning against the last release, `--next`, the size baseline,
and `--against` naming the releases that exist. Each case runs the CLI on a small project made by
`stele init` (one record Greeting, one event), released and then edited."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from _console import stele
from hypothesis import given
from hypothesis import strategies as st

from stele.cli.init import init_project
from stele.semver import Bump, Version, needed_bump, version_key

CONTRACT = Path("contracts") / "example.yaml"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # no enclosing repository
    root = tmp_path / "p"
    root.mkdir()
    init_project(root)
    monkeypatch.chdir(root)
    return root


def _edit(root: Path, old: str, new: str) -> None:
    path = root / CONTRACT
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _released(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "compat" / "releases").iterdir())


def _release(capsys: pytest.CaptureFixture[str], version: str) -> tuple[int, str, str]:
    assert stele(capsys, "generate")[0] == 0  # keeps the lock current (K012 otherwise)
    return stele(capsys, "release", version)


def _remove_sender(root: Path) -> None:
    """A required field removed: OpenAPI requests of old clients carry it (a break, backward)."""
    _edit(root, "      sender: string\n", "")
    _edit(root, "          sender: ada\n", "")


def _add_language(root: Path) -> None:
    _edit(root, "      mood: Mood?\n", "      mood: Mood?\n      language: string?\n")


# ---------------------------------------------------------------------------------------------
# Semantic versions
# ---------------------------------------------------------------------------------------------


def test_precedence_is_semvers() -> None:
    """The example of semver.org, item 11, shuffled, and numeric identifiers as numbers."""
    ordered = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.0.1",
        "1.2.0-rc.2",
        "1.2.0-rc.10",
        "1.2.0",
        "1.10.0",
        "2.0.0",
    ]
    assert sorted(reversed(ordered), key=version_key) == ordered


def _spec_compare(a: str, b: str) -> int:
    """semver.org item 11, written as the spec reads, independently of Version.key."""
    core_a, _, pre_a = a.partition("-")
    core_b, _, pre_b = b.partition("-")
    for x, y in zip(map(int, core_a.split(".")), map(int, core_b.split(".")), strict=True):
        if x != y:
            return -1 if x < y else 1
    if not pre_a or not pre_b:
        return (not pre_a) - (not pre_b)  # a version without pre-release is the greater
    for p, q in zip(pre_a.split("."), pre_b.split("."), strict=False):
        if p == q:
            continue
        if p.isdigit() and q.isdigit():
            return -1 if int(p) < int(q) else 1
        if p.isdigit() != q.isdigit():
            return -1 if p.isdigit() else 1  # numeric identifiers sort first
        return -1 if p < q else 1  # ASCII order
    return (len(pre_a.split(".")) > len(pre_b.split("."))) - (
        len(pre_a.split(".")) < len(pre_b.split("."))
    )


_NUMBER = st.integers(0, 12).map(str)
_WORD = st.sampled_from(["alpha", "beta", "rc", "a1", "x-y", "RC", "b"])
_VERSIONS = st.builds(
    lambda core, pre: ".".join(core) + ("-" + ".".join(pre) if pre else ""),
    st.lists(_NUMBER, min_size=3, max_size=3),
    st.lists(st.one_of(_NUMBER, _WORD), max_size=3),
)


@given(_VERSIONS, _VERSIONS)
def test_precedence_agrees_with_the_spec(a: str, b: str) -> None:
    key_a, key_b = version_key(a), version_key(b)
    by_key = (key_a > key_b) - (key_a < key_b)
    assert by_key == _spec_compare(a, b)


@pytest.mark.parametrize("text", ["1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-rc..1", "1.0.0-01"])
def test_what_is_no_version(text: str) -> None:
    assert Version.parse(text) is None


def test_the_bump_a_change_needs() -> None:
    one, zero = Version(1, 4, 2), Version(0, 3, 1)
    assert [needed_bump(one, b, c) for b, c in ((True, True), (False, True), (False, False))] == [
        Bump.MAJOR,
        Bump.MINOR,
        Bump.PATCH,
    ]
    assert [needed_bump(zero, b, c) for b, c in ((True, True), (False, True), (False, False))] == [
        Bump.MINOR,
        Bump.PATCH,
        Bump.PATCH,
    ]
    assert one.bump_to(Version(2, 0, 0, ("rc", "1"))) is Bump.MAJOR
    assert one.bump_to(Version(1, 4, 3)) is Bump.PATCH


# ---------------------------------------------------------------------------------------------
# Releases follow semantic versioning
# ---------------------------------------------------------------------------------------------


def test_the_first_release_takes_any_version_and_writes_the_size_baseline(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stele(capsys, "release", "--next")[1:] == ("1.0.0\n", "1.0.0: the first release\n")
    code, out, _ = _release(capsys, "0.1.0")
    assert code == 0
    assert out.splitlines()[:3] == [
        "released 0.1.0: 4 files in compat/releases/0.1.0/",
        "0.1.0: the first release",
        "wrote the size baseline compat/sizes.json (frozen in the release too)",
    ]
    sizes = (project / "compat" / "sizes.json").read_bytes()
    assert b'"example.greeting.GreetingSent"' in sizes
    assert (project / "compat/releases/0.1.0/compat/sizes.json").read_bytes() == sizes
    # The same file `stele sizes --update-baseline` writes.
    (project / "compat" / "sizes.json").unlink()
    assert stele(capsys, "sizes", "--update-baseline")[0] == 0
    assert (project / "compat" / "sizes.json").read_bytes() == sizes


def test_a_release_says_to_generate_when_the_api_documents_take_its_version(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without info.version the OpenAPI and AsyncAPI documents carry the newest release: after
    a release `stele generate --check` calls them stale, and the release says so; with
    info.version set they do not change, and it says nothing."""
    code, out, _ = _release(capsys, "1.0.0")
    assert code == 0
    assert out.splitlines()[3] == (
        "note: run `stele generate` and commit codegen/: the OpenAPI and AsyncAPI documents now"
        " carry version 1.0.0 (stele.yaml sets no info.version)"
    )
    assert stele(capsys, "generate", "--check")[0] == 1
    assert stele(capsys, "generate")[0] == 0
    assert stele(capsys, "generate", "--check")[0] == 0
    config = project / "stele.yaml"
    config.write_text(config.read_text(encoding="utf-8") + 'info: {version: "9.0.0"}\n')
    _edit(project, "      sender: string\n", "      sender: string\n      note: string?\n")
    code, out, _ = _release(capsys, "1.1.0")
    assert (code, [line for line in out.splitlines() if "stele generate" in line]) == (0, [])
    assert stele(capsys, "generate", "--check")[0] == 0


def test_versions_only_go_up(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _release(capsys, "1.0.0")[0] == 0
    assert _release(capsys, "1.1.0")[0] == 0
    code, out, err = _release(capsys, "1.0.1")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "stele.yaml:1:1: error K014 version 1.0.1 is not above the last release, 1.1.0: "
        "versions only go up",
        "    hint: release 1.1.1 (what `stele release --next` proposes) or a later version",
    ]
    assert _released(project) == ["1.0.0", "1.1.0"]


def test_a_break_needs_a_major_release(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _release(capsys, "1.0.0")[0] == 0
    _remove_sender(project)
    code, out, err = _release(capsys, "1.1.0")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "stele.yaml:1:1: error K015 version 1.1.0 is a minor release after 1.0.0, but the changes "
        "need a major release: 1 breaking finding against 1.0.0 under mode backward: "
        "contracts/example.yaml:5:3 contract-field-removed example.greeting.Greeting.sender "
        "(openapi backward)",
        "    hint: release 2.0.0 (`stele release --next`), or acknowledge each break at its "
        "element (`acknowledge: [{rule: ..., reason: ...}]`, docs/language.md) when its "
        "consumers are ready for it",
    ]
    assert stele(capsys, "release", "--next")[1] == "2.0.0\n"
    code, out, _ = stele(capsys, "release", "--next", "--write")
    assert code == 0
    assert out.splitlines()[1].startswith(
        "2.0.0: a major release after 1.0.0; the changes need a major one: 1 breaking finding"
    )
    assert _released(project) == ["1.0.0", "2.0.0"]


def test_an_acknowledged_break_needs_no_major_release(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _release(capsys, "1.0.0")[0] == 0
    _remove_sender(project)
    _edit(
        project,
        "    doc: A greeting from one person to another.\n",
        "    doc: A greeting from one person to another.\n"
        "    acknowledge:\n"
        "      - rule: contract-field-removed\n"
        "        reason: no client sends it since the web form dropped it\n",
    )
    assert stele(capsys, "release", "--next")[1] == "1.1.0\n"
    code, out, _ = _release(capsys, "1.1.0")
    assert code == 0
    assert out.splitlines()[1] == (
        "1.1.0: a minor release after 1.0.0; the changes need a minor one: 1 compatible contract "
        "change since 1.0.0, no break: field-removed example.greeting.Greeting.sender"
    )


def test_a_break_under_mode_none_is_no_break(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _release(capsys, "1.0.0")[0] == 0
    _remove_sender(project)
    with (project / "stele.yaml").open("a", encoding="utf-8") as config:
        config.write("compat:\n  mode: none\n")
    assert stele(capsys, "release", "--next")[1] == "1.1.0\n"


def test_an_addition_needs_a_minor_release(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _release(capsys, "1.0.0")[0] == 0
    _add_language(project)
    code, _, err = _release(capsys, "1.0.1")
    assert code == 2
    assert err.splitlines()[0] == (
        "stele.yaml:1:1: error K015 version 1.0.1 is a patch release after 1.0.0, but the changes "
        "need a minor release: 1 compatible contract change since 1.0.0, no break: field-added "
        "example.greeting.Greeting.language"
    )
    assert stele(capsys, "release", "--next")[1] == "1.1.0\n"
    assert _release(capsys, "1.1.0")[0] == 0


def test_documentation_alone_needs_a_patch_release(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _release(capsys, "1.0.0")[0] == 0
    _edit(project, "doc: What is said.", "doc: What the sender says.")
    _, out, err = stele(capsys, "release", "--next")
    assert (out, err) == (
        "1.0.1\n",
        "1.0.1: a patch release after 1.0.0; the changes need a patch one: no contract change "
        "since 1.0.0 (documentation and examples only)\n",
    )
    assert _release(capsys, "1.0.1")[0] == 0


def test_before_1_0_a_break_needs_a_minor_release_and_an_addition_a_patch(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _release(capsys, "0.3.0")[0] == 0
    _add_language(project)
    assert stele(capsys, "release", "--next")[1] == "0.3.1\n"
    assert _release(capsys, "0.3.1")[0] == 0
    _remove_sender(project)
    code, _, err = _release(capsys, "0.3.2")
    assert code == 2
    assert "K015 version 0.3.2 is a patch release after 0.3.1, but the changes need a minor" in err
    assert stele(capsys, "release", "--next")[1] == "0.4.0\n"


def test_pre_releases_are_ordered_and_measured_from_the_last_stable_release(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _release(capsys, "1.0.0")[0] == 0
    _remove_sender(project)
    code, _, err = _release(capsys, "1.1.0-rc.1")
    assert code == 2
    assert "K015 version 1.1.0-rc.1 is a minor release after 1.0.0" in err
    for version in ("2.0.0-rc.2", "2.0.0-rc.10"):
        assert _release(capsys, version)[0] == 0
    code, _, err = _release(capsys, "2.0.0-rc.9")
    assert code == 2
    assert "K014 version 2.0.0-rc.9 is not above the last release, 2.0.0-rc.10" in err
    # A change against a pre-release is judged from 1.0.0: the next is still 2.0.0.
    _add_language(project)
    assert stele(capsys, "release", "--next")[1] == "2.0.0\n"
    assert _release(capsys, "2.0.0")[0] == 0
    assert _released(project) == ["1.0.0", "2.0.0", "2.0.0-rc.10", "2.0.0-rc.2"]


@pytest.mark.parametrize(
    "args",
    [["release"], ["release", "1.0.0", "--next"], ["release", "1.0.0", "--write"]],
)
def test_release_takes_a_version_or_next(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = stele(capsys, *args)
    assert (code, out) == (2, "")
    assert "name a VERSION, or pass --next (with --write to release it)" in err


@pytest.mark.parametrize(
    "version", ["1.0.0+build.5", "v1.0.0", "1.0.0-rc..1", "1" + "0" * 5000 + ".0.0"]
)
def test_a_version_that_is_not_semantic_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    code, _, err = _release(capsys, version)
    assert code == 2
    assert f"K010 '{version}' is not a release version" in err
    assert not (project / "compat" / "releases").exists()


# ---------------------------------------------------------------------------------------------
# --against names the releases
# ---------------------------------------------------------------------------------------------


def test_against_an_unknown_version_names_the_releases(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = stele(capsys, "check", "--against", "9.9.9")
    assert code == 2
    assert err.splitlines() == [
        "--against:1:1: error K016 '9.9.9' is no release of this project, and no git revision",
        "    hint: nothing is released in compat/releases/ yet (`stele release VERSION`); name "
        "a directory, or run stele in a git checkout",
    ]
    assert _release(capsys, "1.0.0")[0] == 0
    _add_language(project)
    assert _release(capsys, "1.1.0")[0] == 0
    code, _, err = stele(capsys, "check", "--against", "9.9.9")
    assert code == 2
    in_no_repository = (
        "    hint: releases: 1.0.0, 1.1.0; or a directory, or run stele in a git checkout"
    )
    assert err.splitlines()[1] == in_no_repository
    code, _, err = stele(capsys, "check", "--against", "no-such-branch")
    assert (code, err.splitlines()[0].split()[2]) == (2, "K007")
    assert err.splitlines()[1] == in_no_repository
    # In a git repository a revision is one more choice; git's own code stays for other names.
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    code, _, err = stele(capsys, "check", "--against", "9.9.9")
    assert (code, err.splitlines()[1]) == (
        2,
        "    hint: releases: 1.0.0, 1.1.0; or a git revision or a directory",
    )
    code, _, err = stele(capsys, "check", "--against", "no-such-branch")
    assert (code, err.splitlines()) == (
        2,
        [
            "--against:1:1: error K005 unknown git revision 'no-such-branch'",
            "    hint: releases: 1.0.0, 1.1.0; or a git revision or a directory",
        ],
    )
