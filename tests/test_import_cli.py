"""`stele import`: hostile input (located errors, exit 2, nothing written), the folder it may
write into, merging into a project (conflicts, --force, the lock kept), determinism."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from _console import stele_in
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RECORD = {
    "type": "record",
    "name": "Parcel",
    "namespace": "post.parcels",
    "doc": "A parcel.",
    "fields": [{"name": "id", "type": "string"}, {"name": "grams", "type": "int"}],
}
PROTO = """syntax = "proto3";
package post.parcels;
// A parcel.
message Parcel {
  string id = 1;
  int32 grams = 2;
  reserved 3;
}
"""


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir(parents=True)
    (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    return project


def _run(project: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return stele_in(project, capsys, "import", *args)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".stele" not in p.relative_to(folder).parts[0]
    }


@pytest.mark.parametrize(
    ("name", "data", "fmt", "expected"),
    [
        (
            "bad.avsc",
            b'{"type": "record", "name": "A", "fields": [',
            "avro",
            "bad.avsc:1:44: error D004 ",
        ),
        ("utf16.avsc", b"\xff\xfe{\x00}\x00", "avro", "utf16.avsc:1:1: error D006 "),
        ("latin.avsc", b'{"doc": "caf\xe9"}', "avro", "latin.avsc:1:13: error D006 "),
        ("deep.avsc", b"[" * 5000 + b"]" * 5000, "avro", "deep.avsc:1:257: error D005 "),
        (
            "ref.avsc",
            b'{"type":"record","name":"A","fields":[{"name":"b","type":"B"}]}',
            "avro",
            "ref.avsc:1:47: error I002 'B' names no type defined in the files imported",
        ),
        (
            "noname.avsc",
            b'{"type":"record","name":5,"fields":[]}',
            "avro",
            "noname.avsc:1:9: error I002 a record without a name",
        ),
        ("prim.avsc", b'"string"', "avro", "prim.avsc:1:1: error I004 no named type"),
        (
            "bad.proto",
            b'syntax = "proto3";\nmessage A { int32 x = ; }\n',
            "protobuf",
            "bad.proto:2:23: error D010 ",
        ),
        (
            "missing.proto",
            b'syntax = "proto3";\nimport "nowhere.proto";\n',
            "protobuf",
            "error D011 ",
        ),
        ("bad.json", b"{nope", "jsonschema", "bad.json:1:2: error D004 "),
        (
            "ref.json",
            b'{"type": "object", "properties": {"a": {"$ref": "other.json"}}}',
            "jsonschema",
            "error I003 $ref 'other.json' names no file imported",
        ),
        ("list.json", b"[1]", "jsonschema", "list.json:1:1: error I003 "),
    ],
)
def test_hostile_input_is_a_located_error_and_nothing_is_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    fmt: str,
    expected: str,
) -> None:
    project = _project(tmp_path)
    (project / name).write_bytes(data)
    before = _tree(project)
    code, _, err = _run(project, capsys, fmt, name)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err and "internal error" not in err
    assert _tree(project) == before


def test_paths_that_are_no_files_and_links_out_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    code, _, err = _run(project, capsys, "avro", "nothere.avsc")
    assert code == 2 and "nothere.avsc:1:1: error I001 " in err
    outside = tmp_path / "secret.avsc"
    outside.write_text(json.dumps(RECORD), encoding="utf-8")
    (project / "schemas").mkdir()
    (project / "schemas" / "leak.avsc").symlink_to(outside)
    code, _, err = _run(project, capsys, "avro", "schemas")
    assert code == 2 and "error I001 'schemas/leak.avsc' is a link that leads outside" in err
    assert not (project / "contracts").exists()


@pytest.mark.parametrize("into", ["../elsewhere", ".", ".git/x"])
def test_into_must_be_a_contract_folder_inside_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], into: str
) -> None:
    project = _project(tmp_path)
    (project / "p.avsc").write_text(json.dumps(RECORD), encoding="utf-8")
    code, _, err = _run(project, capsys, "avro", "p.avsc", "--into", into)
    assert code == 2
    assert err.startswith(f"--into:1:1: error I021 --into '{into}' ")
    assert sorted(p.name for p in project.iterdir()) == ["p.avsc", "stele.yaml"]


def test_merge_adds_a_package_and_keeps_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    contracts = project / "contracts"
    contracts.mkdir()
    kept = "package: post.common\ntypes:\n  Weight:\n    fields:\n      grams: int32\n"
    (contracts / "common.yaml").write_text(kept, encoding="utf-8")
    (contracts / "README.md").write_text("hand-written\n", encoding="utf-8")
    (project / "p.proto").write_text(PROTO, encoding="utf-8")
    code, _, err = _run(project, capsys, "protobuf", "p.proto")
    assert (code, err) == (0, "")
    assert sorted(p.name for p in contracts.iterdir()) == [
        "README.md",
        "common.yaml",
        "parcels.yaml",
    ]
    assert (contracts / "common.yaml").read_text(encoding="utf-8") == kept
    lock = (project / "compat" / "stele.lock").read_text(encoding="utf-8")
    assert "  post.parcels.Parcel:\n    fields:\n      id: 1\n      grams: 2\n" in lock
    assert "    reserved_numbers: [3]\n" in lock


def test_a_package_the_project_has_is_a_conflict_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    contracts = project / "contracts"
    contracts.mkdir()
    mine = "# mine\npackage: post.parcels\ntypes:\n  Parcel:\n    fields:\n      id: uuid\n"
    (contracts / "mine.yaml").write_text(mine, encoding="utf-8")
    (project / "p.avsc").write_text(json.dumps(RECORD), encoding="utf-8")
    code, _, err = _run(project, capsys, "avro", "p.avsc")
    assert code == 2
    assert err.startswith(
        "contracts/mine.yaml:2:1: error I020 package 'post.parcels' is already declared here"
    )
    assert sorted(p.name for p in contracts.iterdir()) == ["mine.yaml"]
    assert not (project / "compat").exists()
    code, out, _ = _run(project, capsys, "avro", "p.avsc", "--force")
    assert code == 0, out
    assert sorted(p.name for p in contracts.iterdir()) == ["mine.yaml"]  # replaced in place
    assert "grams: int32" in (contracts / "mine.yaml").read_text(encoding="utf-8")


def test_a_file_name_taken_by_another_package_gets_the_dotted_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    contracts = project / "contracts"
    contracts.mkdir()
    other = "package: other.parcels\ntypes:\n  Box:\n    fields:\n      id: string\n"
    (contracts / "parcels.yaml").write_text(other, encoding="utf-8")
    (project / "p.avsc").write_text(json.dumps(RECORD), encoding="utf-8")
    code, out, _ = _run(project, capsys, "avro", "p.avsc")
    assert code == 0, out
    assert sorted(p.name for p in contracts.iterdir()) == ["parcels.yaml", "post.parcels.yaml"]
    assert (contracts / "parcels.yaml").read_text(encoding="utf-8") == other


def test_output_is_deterministic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    trees = []
    for run in ("a", "b"):
        project = _project(tmp_path / run)
        (project / "p.proto").write_text(PROTO, encoding="utf-8")
        (project / "p.avsc").write_text(json.dumps(RECORD), encoding="utf-8")
        assert _run(project, capsys, "protobuf", "p.proto", "--into", "pb")[0] == 0
        assert _run(project, capsys, "avro", "p.avsc", "--into", "av", "--no-proof")[0] == 0
        trees.append(_tree(project))
    assert trees[0] == trees[1]
    assert (
        trees[0]["pb/parcels.yaml"]
        .decode()
        .startswith("# Imported by `stele import protobuf` from p.proto.")
    )


@pytest.mark.usefixtures("stele_cache")
def test_the_proof_runs_in_the_cache_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    (project / "p.avsc").write_text(json.dumps(RECORD), encoding="utf-8")
    code, out, _ = _run(project, capsys, "avro", "p.avsc")
    assert code == 0
    assert "fidelity (avro, 1 comparison, both directions): compatible both ways" in out
    work = project / ".stele-cache" / "work"
    assert not work.exists() or list(work.iterdir()) == []


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "name",
                    "fields",
                    "items",
                    "values",
                    "symbols",
                    "namespace",
                    "default",
                    "logicalType",
                    "aliases",
                    "doc",
                ]
            )
            | st.text(max_size=5),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)
_TYPES = st.sampled_from(["record", "enum", "array", "map", "fixed", "string", "int", "null"])


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    doc=st.one_of(
        _JSON,
        st.fixed_dictionaries(
            {"type": _TYPES, "name": st.text(max_size=6), "fields": _JSON, "symbols": _JSON}
        ),
    )
)
def test_any_json_as_avro_is_imported_or_refused_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], doc: object
) -> None:
    project = _project(tmp_path_factory.mktemp("fuzz"))
    (project / "x.avsc").write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = _run(project, capsys, "avro", "x.avsc", "--no-proof")
    assert code in (0, 2), err
    assert "internal error" not in err


_SCHEMA_KEYS = st.sampled_from(
    [
        "type",
        "properties",
        "required",
        "$ref",
        "$defs",
        "definitions",
        "oneOf",
        "anyOf",
        "allOf",
        "const",
        "enum",
        "items",
        "additionalProperties",
        "format",
        "default",
        "title",
    ]
)
_SCHEMA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(["", "#", "#/$defs/a", "object"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(_SCHEMA_KEYS | st.text(max_size=3), inner, max_size=5)
    ),
    max_leaves=24,
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=_SCHEMA)
def test_any_json_as_json_schema_is_imported_or_refused_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], doc: object
) -> None:
    project = _project(tmp_path_factory.mktemp("fuzz"))
    (project / "x.json").write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = _run(project, capsys, "jsonschema", "x.json", "--no-proof")
    assert code in (0, 2), err
    assert "internal error" not in err


@pytest.mark.parametrize(
    ("fmt", "name", "source", "faithful", "wrong"),
    [
        (
            "avro",
            "p.avsc",
            json.dumps(RECORD),
            "      grams: int32\n",
            "      grams: string\n",
        ),
        ("protobuf", "p.proto", PROTO, "      grams: int32\n", "      grams: int64\n"),
        (
            "jsonschema",
            "p.json",
            json.dumps({"type": "object", "properties": {"grams": {"type": "boolean"}}}),
            "      grams: bool?\n",
            "      grams: string?\n",
        ),
    ],
)
def test_the_proof_finds_a_contract_that_means_something_else(
    tmp_path: Path, fmt: str, name: str, source: str, faithful: str, wrong: str
) -> None:
    """The proof is no formality: the contracts the import writes pass it, and the same
    contracts with one field's type changed fail it, in the right direction."""
    from stele.config import Config
    from stele.importer.fidelity import prove
    from stele.importer.lock_entries import imported_lock
    from stele.importer.run import ImportRequest, contract_files, read_import

    (tmp_path / name).write_text(source, encoding="utf-8")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        request = ImportRequest(fmt, (Path(name),), None, "post.parcels", (), False, True)
        imported, sources = read_import(request)
        files = contract_files(imported, {})
        (text,) = files.values()
        assert faithful in text
        config = Config(root=tmp_path)
        lock = imported_lock(imported, None)
        assert prove(config, fmt, files, lock, sources).compatible
        changed = {k: v.replace(faithful, wrong) for k, v in files.items()}
        proof = prove(config, fmt, changed, lock, sources)
    finally:
        os.chdir(old)
    assert not proof.compatible
    assert proof.findings and all(f.old or f.new for f in proof.findings)


def test_every_import_code_is_documented() -> None:
    import re

    root = Path(__file__).resolve().parents[1]
    used: set[str] = set()
    for path in (root / "src" / "stele" / "importer").glob("*.py"):
        used |= set(re.findall(r'"(I\d{3})"', path.read_text(encoding="utf-8")))
    doc = (root / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(I\d{3})` \|", doc, re.MULTILINE))
    assert "I900" in used
    assert used == documented


@pytest.mark.parametrize(("model", "approximations", "code"), [("open", 1, 1), ("closed", 0, 0)])
def test_closed_objects_follow_the_project_content_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: str, approximations: int, code: int
) -> None:
    project = _project(tmp_path)
    (project / "stele.yaml").write_text(
        f"sources: [contracts]\noptions:\n  json_content_model: {model}\n", encoding="utf-8"
    )
    box = {"title": "Box", "type": "object", "properties": {"a": {"type": "string"}}}
    (project / "box.json").write_text(json.dumps({**box, "additionalProperties": False}))
    done = _run(project, capsys, "jsonschema", "box.json", "--package", "boxes")
    assert done[0] == code
    noun = "approximation" if approximations == 1 else "approximations"
    assert f"({approximations} {noun})" in done[1]
    if approximations:
        assert "box.json:1:11: warning I011 'Box' is closed (additionalProperties)" in done[2]
        assert "json-content-model-opened" in done[1]


def test_a_link_in_the_contract_folder_is_refused_before_writing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    contracts = project / "contracts"
    contracts.mkdir()
    (tmp_path / "shared.yaml").write_text("package: shared\n", encoding="utf-8")
    (contracts / "shared.yaml").symlink_to(tmp_path / "shared.yaml")
    (project / "p.avsc").write_text(json.dumps(RECORD), encoding="utf-8")
    code, _, err = _run(project, capsys, "avro", "p.avsc")
    assert code == 2
    assert err.startswith("--into:1:1: error I021 --into holds 'shared.yaml', a link")
    assert sorted(p.name for p in contracts.iterdir()) == ["shared.yaml"]
    assert not (project / "compat").exists()


_PATHS = st.dictionaries(
    st.sampled_from(["/a", "/a/{id}", "/b"]),
    st.dictionaries(
        st.sampled_from(["get", "post", "parameters"]),
        st.dictionaries(
            st.sampled_from(["operationId", "parameters", "requestBody", "responses", "tags"]),
            _SCHEMA,
            max_size=4,
        )
        | _SCHEMA,
        max_size=3,
    ),
    max_size=3,
)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(schemas=_SCHEMA, paths=_PATHS | _SCHEMA, version=st.sampled_from(["3.0.3", "3.1.0", 3]))
def test_any_openapi_document_is_imported_or_refused_never_a_crash(
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    schemas: object,
    paths: object,
    version: object,
) -> None:
    project = _project(tmp_path_factory.mktemp("fuzz"))
    doc = {"openapi": version, "info": {"title": "T"}, "paths": paths}
    doc["components"] = {"schemas": schemas}
    (project / "x.json").write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = _run(project, capsys, "openapi", "x.json", "--no-proof")
    assert code in (0, 2), err
    assert "internal error" not in err


def test_the_sources_examples_round_trip_through_every_codec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    box = {
        "title": "Box",
        "type": "object",
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "grams": {
                "type": "integer",
                "format": "int32",
                "minimum": -(2**31),
                "maximum": 2**31 - 1,
            },
        },
        "required": ["id"],
        "examples": [
            {"id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c11", "grams": 12},
            {"id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c12"},
        ],
    }
    (project / "box.json").write_text(json.dumps(box), encoding="utf-8")
    code, out, _ = _run(project, capsys, "jsonschema", "box.json", "--package", "boxes")
    assert code == 0, out
    text = (project / "contracts" / "boxes.yaml").read_text(encoding="utf-8")
    assert '      - {"id": "0b8e6a51-5b2c-4e0e-9d9a-3f1f3a1a0c12"}\n' in text
    code, out, err = stele_in(project, capsys, "test")
    assert code == 0, out + err
    assert "2 examples x 5 formats: all passed" in out + err


@pytest.mark.usefixtures("stele_cache")
def test_a_cache_link_out_of_the_project_is_not_followed_by_the_proof(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / ".stele-cache").symlink_to(outside)
    (project / "p.avsc").write_text(json.dumps(RECORD), encoding="utf-8")
    code, out, err = _run(project, capsys, "avro", "p.avsc")
    assert code == 0, out + err
    assert "compatible both ways" in out
    assert "W007" in err
    assert list(outside.iterdir()) == []


def test_two_json_schemas_of_one_title_are_both_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    (project / "s").mkdir()
    for name, prop in (("a", "string"), ("b", "boolean")):
        schema = {"title": "Box", "type": "object", "properties": {name: {"type": prop}}}
        (project / "s" / f"{name}.json").write_text(json.dumps(schema), encoding="utf-8")
    code, out, err = _run(project, capsys, "jsonschema", "s")
    assert code == 0, out + err
    assert "s/b.json:1:1: warning I010 'Box' is defined by another file too;" in err
    text = (project / "contracts" / "s.yaml").read_text(encoding="utf-8")
    assert "  Box:\n    fields:\n      a: string?\n  Box2:\n    fields:\n      b: bool?\n" in text


def test_generated_names_never_replace_a_source_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An OpenAPI component named like the request record of an operation, and an Avro record
    named like the union type of a field, are both kept."""
    project = _project(tmp_path)
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "pets"},
        "paths": {
            "/pets/{id}": {
                "get": {
                    "operationId": "getPet",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
        "components": {
            "schemas": {
                "GetPetRequest": {"type": "object", "properties": {"x": {"type": "string"}}}
            }
        },
    }
    (project / "api.json").write_text(json.dumps(doc), encoding="utf-8")
    assert _run(project, capsys, "openapi", "api.json", "--no-proof")[0] == 0
    text = (project / "contracts" / "pets.yaml").read_text(encoding="utf-8")
    assert "  GetPetRequest:\n    fields:\n      x: string?\n" in text
    assert "  GetPetRequest2:\n    fields:\n      id: string\n" in text
    assert "        request: GetPetRequest2\n" in text
    card = {"type": "record", "name": "Card", "fields": []}
    cash = {"type": "record", "name": "Cash", "fields": []}
    taken = {"type": "record", "name": "OrderPay", "fields": [{"name": "x", "type": "int"}]}
    order = {
        "type": "record",
        "name": "Order",
        "namespace": "shop",
        "fields": [{"name": "pay", "type": [card, cash]}, {"name": "t", "type": taken}],
    }
    (project / "o.avsc").write_text(json.dumps(order), encoding="utf-8")
    assert _run(project, capsys, "avro", "o.avsc", "--into", "av")[0] == 0
    text = (project / "av" / "shop.yaml").read_text(encoding="utf-8")
    assert "  OrderPay:\n    fields:\n      x: int32\n" in text
    assert "  OrderPay2:\n    union:\n" in text


def test_a_renamed_path_parameter_is_renamed_in_the_path_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`{memberId}` names the field `member_id`: the path says `{member_id}`, so the contract
    reads back (it was S174, reported as an importer defect)."""
    project = _project(tmp_path)
    param = {"name": "memberId", "in": "path", "required": True, "schema": {"type": "string"}}
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "members", "version": "1.0.0"},
        "paths": {
            "/members/{memberId}": {
                "get": {
                    "operationId": "getMember",
                    "parameters": [param],
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }
    (project / "api.json").write_text(json.dumps(doc), encoding="utf-8")
    code, _, err = _run(project, capsys, "openapi", "api.json", "--no-proof")
    assert (code, "S174" in err) == (0, False)
    text = (project / "contracts" / "members.yaml").read_text(encoding="utf-8")
    assert '        http: {method: GET, path: "/members/{member_id}"}\n' in text
    assert "      member_id: string\n" in text
