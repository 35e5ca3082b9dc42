"""`stele diff --format protobuf` honours a buf.yaml's breaking configuration: each key on its
own, its errors (D015) and warnings (D016), and a differential test against buf itself."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _console import stele
from hypothesis import given, settings
from hypothesis import strategies as st

from stele.compat.protobuf.rules import RULES
from stele.compat.protobuf_buf_rules import BUF_RULES, buf_ids, expand, unstable_package


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def write(files: dict[str, str]) -> None:
    for name, text in files.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")


def proto(package: str, fields: str, rpc: str = "returns (Order)") -> str:
    return (
        f'syntax = "proto3";\npackage {package};\n\nmessage Order {{\n{fields}}}\n\n'
        f"service Orders {{\n  rpc Get(Order) {rpc};\n}}\n"
    )


OLD_FIELDS = "  string id = 1;\n  int32 qty = 2;\n  string note = 3;\n"
RENAMED = "  string id = 1;\n  int32 qty = 2;\n  string memo = 3;\n"  # note -> memo
REMOVED = "  string id = 1;\n  string note = 3;\n"  # qty removed, number not reserved
RETYPED = "  string id = 1;\n  string qty = 2;\n  string note = 3;\n"  # int32 -> string


def trees(changes: dict[str, tuple[str, str]], buf_yaml: str | None) -> None:
    """old/ and new/ with one file per entry (path -> (package, new fields)); a buf.yaml in
    both when given."""
    for name, (package, fields) in changes.items():
        write({f"old/{name}": proto(package, OLD_FIELDS), f"new/{name}": proto(package, fields)})
    if buf_yaml is not None:
        write({"old/buf.yaml": buf_yaml, "new/buf.yaml": buf_yaml})


def findings(*extra: str) -> tuple[int, list[tuple[str, str]], str]:
    """Exit code, (rule, path) of each finding, and stderr of a diff of old/ and new/."""
    code, out, err = stele(capsys_holder[0], "diff", "old", "new", "-o", "json", *extra)
    doc = json.loads(out)
    found = sorted({(f["rule"], (f["new"] or f["old"])["path"]) for f in doc["findings"]})
    return code, found, err


capsys_holder: list[pytest.CaptureFixture[str]] = []


@pytest.fixture(autouse=True)
def _capsys(capsys: pytest.CaptureFixture[str]) -> None:
    capsys_holder[:] = [capsys]


RENAME = {"a/order.proto": ("shop.v1", RENAMED)}


def renamed(path: str) -> list[tuple[str, str]]:
    """A renamed field: its name (FIELD_SAME_NAME) and its JSON name (FIELD_SAME_JSON_NAME)."""
    return [("proto-field-json-name-changed", path), ("proto-field-renamed", path)]


# ---------------------------------------------------------------------------------------------
# Each key
# ---------------------------------------------------------------------------------------------


def test_without_a_buf_yaml_the_category_is_wire_json() -> None:
    trees(RENAME, None)
    assert findings() == (1, renamed("new/a/order.proto"), "")


def test_use_wire_leaves_names_alone() -> None:
    trees(RENAME, "version: v2\nbreaking:\n  use: [WIRE]\n")
    assert findings() == (0, [], "")


def test_no_breaking_section_means_buf_default_file() -> None:
    trees({"a/order.proto": ("shop.v1", REMOVED)}, "version: v1\n")
    # FILE: removing a field is FIELD_NO_DELETE, reserved number or not
    assert findings() == (1, [("proto-field-removed", "new/a/order.proto")], "")


def test_except_drops_a_rule() -> None:
    yaml = "version: v2\nbreaking:\n  use: [WIRE_JSON]\n  except: [FIELD_SAME_NAME]\n"
    trees(RENAME, yaml)
    assert findings() == (1, [("proto-field-json-name-changed", "new/a/order.proto")], "")


def test_a_rule_of_two_buf_equivalents_needs_both_excepted() -> None:
    """proto-rpc-streaming-changed stands for RPC_SAME_CLIENT_STREAMING and
    RPC_SAME_SERVER_STREAMING: excepting one keeps it (docs/compat-protobuf.md)."""
    write(
        {
            "old/a.proto": proto("shop", OLD_FIELDS),
            "new/a.proto": proto("shop", OLD_FIELDS, "returns (stream Order)"),
        }
    )
    write({"new/buf.yaml": "version: v2\nbreaking:\n  except: [RPC_SAME_SERVER_STREAMING]\n"})
    assert findings()[:2] == (1, [("proto-rpc-streaming-changed", "new/a.proto")])
    both = (
        "version: v2\nbreaking:\n  except: [RPC_SAME_SERVER_STREAMING, RPC_SAME_CLIENT_STREAMING]\n"
    )
    write({"new/buf.yaml": both})
    assert findings()[:2] == (0, [])


def test_ignore_drops_findings_under_a_path() -> None:
    changes = {"a/order.proto": ("shop.v1", RENAMED), "legacy/order.proto": ("old.v1", RENAMED)}
    trees(changes, "version: v2\nbreaking:\n  use: [WIRE_JSON]\n  ignore: [legacy]\n")
    assert findings() == (1, renamed("new/a/order.proto"), "")


def test_ignore_only_drops_one_rule_under_a_path() -> None:
    changes = {
        "legacy/a.proto": ("a.v1", RENAMED),
        "legacy/b.proto": ("b.v1", RETYPED),
    }
    yaml = (
        "version: v1\nbreaking:\n  use: [WIRE_JSON]\n  ignore_only:\n"
        "    FIELD_SAME_NAME: [legacy]\n    FIELD_SAME_JSON_NAME: [legacy/a.proto]\n"
    )
    trees(changes, yaml)
    assert findings() == (1, [("proto-field-type-changed", "new/legacy/b.proto")], "")


def test_ignore_only_takes_a_category() -> None:
    trees(RENAME, "version: v2\nbreaking:\n  ignore_only:\n    WIRE_JSON: [a/order.proto]\n")
    assert findings()[:2] == (0, [])


def test_ignore_unstable_packages() -> None:
    changes = {
        "a/order.proto": ("shop.v1", RENAMED),
        "b/order.proto": ("shop.v1beta1", RENAMED),
        "c/order.proto": ("shop.v2alpha", RENAMED),
        "d/order.proto": ("shop.v1test", RENAMED),
    }
    trees(changes, "version: v2\nbreaking:\n  use: [WIRE_JSON]\n  ignore_unstable_packages: true\n")
    assert findings() == (1, renamed("new/a/order.proto"), "")


@pytest.mark.parametrize(
    ("package", "unstable"),
    [
        ("foo.v1", False),
        ("foo.v1alpha1", True),
        ("foo.v1beta", True),
        ("foo.v1p1beta1", True),
        ("foo.v1test", True),
        ("foo.v1testfoo", True),
        ("foo.valpha", False),
        ("foo", False),
        ("v1beta1.foo", False),
    ],
)
def test_unstable_package_names(package: str, unstable: bool) -> None:
    assert unstable_package(package) is unstable


def test_v1_build_excludes_keep_files_out() -> None:
    changes = {"a/order.proto": ("shop.v1", RENAMED), "vendor/x.proto": ("x.v1", RENAMED)}
    trees(changes, "version: v1\nbuild:\n  excludes: [vendor]\nbreaking:\n  use: [WIRE_JSON]\n")
    assert findings() == (1, renamed("new/a/order.proto"), "")


def test_v2_modules_have_their_own_breaking_and_excludes() -> None:
    changes = {
        "strict/order.proto": ("s.v1", RENAMED),
        "loose/order.proto": ("l.v1", RENAMED),
        "loose/gen/x.proto": ("g.v1", RETYPED),
    }
    yaml = (
        "version: v2\n"
        "modules:\n"
        "  - path: strict\n"
        "  - path: loose\n"
        "    excludes: [loose/gen]\n"
        "    breaking:\n"
        "      use: [WIRE]\n"
        "breaking:\n"
        "  use: [WIRE_JSON]\n"
    )
    trees(changes, yaml)
    assert findings() == (1, renamed("new/strict/order.proto"), "")


def test_v2_module_files_are_compiled_at_their_import_paths() -> None:
    """A v2 module at proto/ imports `foo/b.proto`, not `proto/foo/b.proto`; findings are shown
    at the files' paths."""
    importer = (
        'syntax = "proto3";\npackage foo;\nimport "foo/b.proto";\nmessage A {\n  B b = 1;\n}\n'
    )
    b_old = 'syntax = "proto3";\npackage foo;\nmessage B {\n  int32 n = 1;\n}\n'
    yaml = "version: v2\nmodules:\n  - path: proto\nbreaking:\n  use: [WIRE_JSON]\n"
    for side, b in (("old", b_old), ("new", b_old.replace("int32", "string"))):
        write({f"{side}/buf.yaml": yaml, f"{side}/proto/foo/a.proto": importer})
        write({f"{side}/proto/foo/b.proto": b})
    assert findings() == (1, [("proto-field-type-changed", "new/proto/foo/b.proto")], "")
    _, out, _ = stele(capsys_holder[0], "diff", "old", "new", "-o", "json")
    (finding,) = json.loads(out)["findings"]
    assert (finding["old"]["path"], finding["new"]["path"]) == (
        "old/proto/foo/b.proto",
        "new/proto/foo/b.proto",
    )


def test_a_side_below_the_buf_yaml_pairs_with_a_side_elsewhere(tmp_path: Path) -> None:
    """NEW at proto/ under the project's v1 buf.yaml (module root: the project), OLD a copy
    elsewhere: both sides' files sit at proto/..., so they pair."""
    text = proto("shop.v1", OLD_FIELDS)
    elsewhere = tmp_path.parent / f"{tmp_path.name}-old"
    write({"buf.yaml": "version: v1\nbreaking:\n  use: [WIRE_JSON]\n  ignore: [proto/legacy]\n"})
    write({"proto/a.proto": proto("shop.v1", RENAMED), "proto/legacy/l.proto": proto("l", RENAMED)})
    (elsewhere / "legacy").mkdir(parents=True)
    (elsewhere / "a.proto").write_text(text)
    (elsewhere / "legacy" / "l.proto").write_text(proto("l", OLD_FIELDS))
    try:
        code, out, err = stele(capsys_holder[0], "diff", str(elsewhere), "proto", "-o", "json")
    finally:
        shutil.rmtree(elsewhere)
    found = sorted((f["rule"], f["new"]["path"]) for f in json.loads(out)["findings"])
    assert (code, found, err) == (1, renamed("proto/a.proto"), "")


def test_the_innermost_module_holds_a_file() -> None:
    from stele.compat.protobuf_buf_config import read_config

    write(
        {
            "buf.yaml": "version: v2\nmodules:\n  - path: a\n  - path: a/b\n"
            "    excludes: [a/b/gen]\n  - path: c\n    includes: [c/keep]\n"
        }
    )
    config = read_config(Path("buf.yaml"), "buf.yaml")
    held = {
        p: (m.path if (m := config.module_of(p)) else None)
        for p in ("a/x.proto", "a/b/y.proto", "a/bb/z.proto", "d/w.proto")
    }
    assert held == {"a/x.proto": "a", "a/b/y.proto": "a/b", "a/bb/z.proto": "a", "d/w.proto": None}
    compared = {
        p: config.compared(p)
        for p in ("a/b/gen/g.proto", "a/b/y.proto", "c/keep/k.proto", "c/drop.proto", "d/w.proto")
    }
    assert compared == {
        "a/b/gen/g.proto": False,
        "a/b/y.proto": True,
        "c/keep/k.proto": True,
        "c/drop.proto": False,
        "d/w.proto": True,
    }


def test_buf_yaml_above_the_side_within_the_project() -> None:
    trees(RENAME, None)
    write({"buf.yaml": "version: v1\nbreaking:\n  use: [WIRE_JSON]\n  ignore: [new/a]\n"})
    # the sides are old/ and new/: new/a is ignored from the buf.yaml above them
    assert findings() == (0, [], "")


def test_protobuf_category_given_replaces_use() -> None:
    trees(RENAME, "version: v2\nbreaking:\n  use: [WIRE]\n")
    code, found, _ = findings("--protobuf-category", "wire_json")
    assert (code, found) == (1, renamed("new/a/order.proto"))


def test_config_names_another_buf_yaml() -> None:
    trees(RENAME, None)
    write({"conf/breaking.yaml": "version: v2\nbreaking:\n  use: [WIRE]\n"})
    assert findings("--config", "conf/breaking.yaml") == (0, [], "")


def test_config_paths_are_relative_to_each_side() -> None:
    """With --config, OLD and NEW are the module roots (buf's --config makes the input one)."""
    trees({"a/order.proto": ("a.v1", RENAMED), "b/order.proto": ("b.v1", RENAMED)}, None)
    write({"conf/buf.yaml": "version: v1\nbreaking:\n  use: [WIRE_JSON]\n  ignore: [a]\n"})
    assert findings("--config", "conf/buf.yaml") == (1, renamed("new/b/order.proto"), "")


def test_config_outside_the_project_is_refused(tmp_path: Path) -> None:
    trees(RENAME, None)
    outside = tmp_path.parent / f"{tmp_path.name}-buf.yaml"
    outside.write_text("version: v2\n")
    try:
        code, _, err = stele(capsys_holder[0], "diff", "old", "new", "--config", str(outside))
    finally:
        outside.unlink()
    assert code == 2
    assert err.startswith(f"--config:1:1: error D015 --config '{outside.as_posix()}' is outside")


def test_a_buf_yaml_linking_outside_the_tree_is_refused(tmp_path: Path) -> None:
    trees(RENAME, None)
    outside = tmp_path.parent / f"{tmp_path.name}-secret.yaml"
    outside.write_text("version: v2\n")
    try:
        Path("new/buf.yaml").symlink_to(outside)  # in a side: every link out of it is D007
        code, _, err = stele(capsys_holder[0], "diff", "old", "new")
        assert (code, err.split(" ", 3)[:3]) == (2, ["new/buf.yaml:1:1:", "error", "D007"])
        Path("new/buf.yaml").unlink()
        Path("buf.yaml").symlink_to(outside)  # above the sides, in the project tree
        code, _, err = stele(capsys_holder[0], "diff", "old", "new")
    finally:
        outside.unlink()
    assert code == 2
    assert err.startswith("buf.yaml:1:1: error D015 'buf.yaml' is a link that leads outside")


def test_config_with_another_format_is_d012() -> None:
    write({"a.avsc": '{"type": "record", "name": "A", "fields": []}', "buf.yaml": "version: v2\n"})
    code, _, err = stele(capsys_holder[0], "diff", "a.avsc", "a.avsc", "--config", "buf.yaml")
    assert code == 2
    assert err.startswith("--config:1:1: error D012 --config applies to Protobuf trees")


# ---------------------------------------------------------------------------------------------
# Warnings and errors
# ---------------------------------------------------------------------------------------------


def test_an_unknown_rule_id_is_a_warning_naming_it() -> None:
    trees(RENAME, "version: v2\nbreaking:\n  use: [WIRE_JSON, FIELD_SAME_NAMES]\n")
    code, found, err = findings()
    assert (code, found) == (1, renamed("new/a/order.proto"))
    assert err == (
        "new/buf.yaml:3:20: warning D016 buf.yaml: 'FIELD_SAME_NAMES' is not a buf v2 breaking "
        "rule or category: ignored\n    hint: did you mean 'FIELD_SAME_NAME'?\n"
    )


def test_a_buf_rule_stele_does_not_check_is_a_warning() -> None:
    """FILE_SAME_PHP_GENERIC_SERVICES: deprecated in buf, replaced by nothing, checked by none."""
    trees(RENAME, "version: v1\nbreaking:\n  use: [WIRE_JSON, FILE_SAME_PHP_GENERIC_SERVICES]\n")
    code, _, err = findings()
    assert code == 1
    assert err == (
        "new/buf.yaml:3:20: warning D016 buf.yaml: stele checks no equivalent of buf rule "
        "'FILE_SAME_PHP_GENERIC_SERVICES': not checked\n"
        "    hint: `stele rules` lists the Protobuf rules and their buf equivalents\n"
    )


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("breaking: {}\n", "1:1", "no `version`"),
        ("version: v3\n", "1:1", "version 'v3' is not read"),
        ("version: v2\nbreaking:\n  use: FILE\n", "3:3", "`use` is not a list"),
        ("version: v2\nbreaking:\n  ignores: [a]\n", "3:3", "unknown key 'ignores'"),
        ("version: v2\nbreaking:\n  ignore: [/etc]\n", "3:12", "the path '/etc' is not inside"),
        ("version: v2\nbreaking:\n  ignore: [../x]\n", "3:12", "the path '../x' is not inside"),
        ("version: v1\nbuild:\n  roots: [a]\n", "3:3", "`build.roots` is v1beta1"),
        ("version: v2\nmodules: [{name: x}]\n", "2:11", "a module is not a mapping"),
        ("version: v2\nmodules: [{path: 5}]\n", "2:12", "a module's `path` is not a path"),
        (
            "version: v2\nbreaking:\n  ignore_unstable_packages: yes\n",
            "3:3",
            "`ignore_unstable_packages` is not true or false",
        ),
        ("- a\n", "1:1", "the file is not a mapping"),
    ],
)
def test_a_malformed_buf_yaml_is_d015_at_its_key(text: str, where: str, message: str) -> None:
    trees(RENAME, None)
    write({"new/buf.yaml": text})
    code, _, err = stele(capsys_holder[0], "diff", "old", "new")
    assert code == 2
    assert err.startswith(f"new/buf.yaml:{where}: error D015 buf.yaml: {message}"), err
    assert "\n    hint: " in err


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("ignore", "version: v2\nbreaking:\n  ignore: [{items}]\n"),
        ("modules", "version: v2\nmodules: [{modules}]\n"),
        ("ignore_only", "version: v2\nbreaking:\n  ignore_only: {{{only}}}\n"),
    ],
)
def test_a_buf_yaml_with_too_many_entries_is_d005(key: str, text: str) -> None:
    """Every file and finding is matched against each module and path: lists are bounded."""
    from stele.compat.protobuf_buf_config import MAX_ITEMS

    count = MAX_ITEMS + 1
    trees(RENAME, None)
    write(
        {
            "new/buf.yaml": text.format(
                items=", ".join(f"p{i}" for i in range(count)),
                modules=", ".join(f"{{path: m{i}}}" for i in range(count)),
                only=", ".join(f"R{i}: [a]" for i in range(count)),
            )
        }
    )
    code, _, err = stele(capsys_holder[0], "diff", "old", "new")
    assert code == 2
    assert f"error D005 buf.yaml: `{key}` has more than {MAX_ITEMS} entries" in err


def test_a_buf_yaml_that_is_not_yaml_is_d004() -> None:
    trees(RENAME, None)
    write({"new/buf.yaml": "version: [v2\n"})
    code, _, err = stele(capsys_holder[0], "diff", "old", "new")
    assert (code, err.split(" ", 3)[:3]) == (2, ["new/buf.yaml:2:1:", "error", "D004"])


# ---------------------------------------------------------------------------------------------
# The table of buf rules
# ---------------------------------------------------------------------------------------------


def test_every_catalogue_equivalent_is_a_buf_rule() -> None:
    named = {i for r in RULES for i in buf_ids(r.equivalents.get("buf", ""))}
    assert named - set(BUF_RULES) == set()


def test_categories_expand_as_buf_lists_them() -> None:
    assert "FIELD_WIRE_COMPATIBLE_TYPE" in expand(["WIRE"], "v2")
    assert "FIELD_SAME_NAME" not in expand(["WIRE"], "v2")
    assert "EXTENSION_NO_DELETE" in expand(["FILE"], "v2")
    assert "EXTENSION_NO_DELETE" not in expand(["FILE"], "v1")


def _buf() -> str:
    found = shutil.which("buf") or str(Path(sys.executable).parent / "buf")
    if not Path(found).exists():
        pytest.skip("the buf binary is not installed")
    return found


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_rule_table_matches_buf(version: str) -> None:
    run = subprocess.run(
        [_buf(), "config", "ls-breaking-rules", "--version", version, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    listed = {d["id"]: set(d["categories"]) for d in map(json.loads, run.stdout.splitlines()) if d}
    from stele.compat.protobuf_buf_rules import rules_of

    assert {rule: set(cats) for rule, cats in rules_of(version).items()} == listed


# ---------------------------------------------------------------------------------------------
# Differential: buf and stele on one tree and buf.yaml
# ---------------------------------------------------------------------------------------------

DIFFERENTIAL_TREE = {
    "a/order.proto": ("shop.v1", RENAMED),
    "a/remove.proto": ("remove.v1", REMOVED),
    "legacy/x.proto": ("legacy.v1", REMOVED),
    "beta/x.proto": ("shop.v1beta1", RETYPED),
    "typed/b.proto": ("typed.v1", RETYPED),
    "typed/c.proto": ("typed.v2", RETYPED),
    "vendor/v.proto": ("vendor.v1", RENAMED),
}
CONFIGS = {
    "v2 WIRE_JSON, every key": (
        "version: v2\n"
        "modules:\n"
        "  - path: .\n"
        "    excludes: [vendor]\n"
        "breaking:\n"
        "  use: [WIRE_JSON]\n"
        "  except: [FIELD_SAME_JSON_NAME]\n"
        "  ignore: [legacy]\n"
        "  ignore_only:\n"
        "    FIELD_WIRE_JSON_COMPATIBLE_TYPE: [typed/b.proto]\n"
        "  ignore_unstable_packages: true\n"
    ),
    "v1 FILE, excludes and a category ignored": (
        "version: v1\n"
        "build:\n"
        "  excludes: [vendor]\n"
        "breaking:\n"
        "  use: [FILE]\n"
        "  except: [FIELD_SAME_NAME, FIELD_SAME_JSON_NAME]\n"
        "  ignore_only:\n"
        "    FILE: [typed]\n"
    ),
    "v2 PACKAGE, an except and an ignore": (
        "version: v2\n"
        "breaking:\n"
        "  use: [PACKAGE]\n"
        "  except: [FIELD_SAME_JSON_NAME]\n"
        "  ignore: [legacy]\n"
    ),
    "v2 CSR": "version: v2\nbreaking:\n  use: [CSR]\n",
    "v2 rule ids": (
        "version: v2\n"
        "breaking:\n"
        "  use: [FIELD_NO_DELETE, FIELD_WIRE_COMPATIBLE_TYPE, FIELD_SAME_NAME]\n"
        "  ignore_unstable_packages: true\n"
    ),
    "v2 WIRE, all ignored": (
        "version: v2\n"
        "breaking:\n"
        "  use: [WIRE]\n"
        "  ignore: [a, typed, legacy, vendor]\n"
        "  ignore_unstable_packages: true\n"
    ),
}


def _buf_findings(buf: str) -> tuple[int, dict[str, set[str]]]:
    run = subprocess.run(
        [buf, "breaking", "new", "--against", "old", "--error-format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 100), run.stderr
    found: dict[str, set[str]] = {}
    for line in run.stdout.splitlines():
        finding = json.loads(line)
        found.setdefault(finding["path"].split("/", 1)[1], set()).add(finding["type"])
    return (1 if run.returncode else 0), found


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_buf_and_stele_agree_on_a_configured_tree(config: str) -> None:
    buf = _buf()
    trees(DIFFERENTIAL_TREE, CONFIGS[config])
    buf_code, buf_found = _buf_findings(buf)
    code, out, err = stele(capsys_holder[0], "diff", "old", "new", "-o", "json")
    assert err == ""
    equivalents = {r.id: set(buf_ids(r.equivalents.get("buf", ""))) for r in RULES}
    stele_found: dict[str, list[set[str]]] = {}
    for f in json.loads(out)["findings"]:
        path = (f["new"] or f["old"])["path"].split("/", 1)[1]
        stele_found.setdefault(path, []).append(equivalents[f["rule"]])
    assert code == buf_code
    assert sorted(stele_found) == sorted(buf_found)
    for path, types in buf_found.items():
        named = set().union(*stele_found[path])
        assert types <= named, f"{path}: buf reports {types - named} that stele does not"
        for ids in stele_found[path]:
            assert ids & types, f"{path}: stele reports one of {ids} that buf does not"


# ---------------------------------------------------------------------------------------------
# Hostile buf.yaml: every input is a configuration, D004-D006 or D015, never an internal error
# ---------------------------------------------------------------------------------------------

_FUZZ_EXAMPLES = int(os.environ.get("STELE_FUZZ_EXAMPLES", "40"))
_KEYS = st.sampled_from(
    [
        "version", "breaking", "use", "except", "ignore", "ignore_only", "modules", "path",
        "excludes", "includes", "build", "roots", "ignore_unstable_packages", "lint", "name",
        "FILE", "WIRE", "FIELD_SAME_NAME", "x",
    ]
)  # fmt: skip
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from(["v1", "v2", "v1beta1", "FILE", "WIRE_JSON", "a/b", "../x", "/etc", "."]),
    st.text(max_size=8),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=_FUZZ_EXAMPLES, deadline=None)
@given(doc=st.dictionaries(_KEYS, _VALUES, max_size=5), version=st.sampled_from(["v1", "v2"]))
def test_any_buf_yaml_is_read_or_refused(doc: dict[str, object], version: str) -> None:
    import yaml

    from stele.compat.protobuf_buf_config import read_config
    from stele.diagnostics import SteleError

    if "version" not in doc:
        doc = {"version": version, **doc}
    path = Path("fuzz-buf.yaml")
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    try:
        config = read_config(path, "buf.yaml")
    except SteleError as exc:
        assert {d.code for d in exc.diagnostics} <= {"D004", "D005", "D006", "D015"}
        return
    assert config.version in ("v1", "v2")
    assert all(n.code == "D016" for n in config.notes)


@settings(max_examples=_FUZZ_EXAMPLES, deadline=None)
@given(data=st.binary(max_size=200))
def test_any_bytes_as_buf_yaml_are_read_or_refused(data: bytes) -> None:
    from stele.compat.protobuf_buf_config import read_config
    from stele.diagnostics import SteleError

    path = Path("fuzz-buf.yaml")
    path.write_bytes(data)
    try:
        read_config(path, "buf.yaml")
    except SteleError as exc:
        assert {d.code for d in exc.diagnostics} <= {"D004", "D005", "D006", "D015"}
