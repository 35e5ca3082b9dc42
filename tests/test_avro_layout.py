"""The Avro layout that scales: each named type defined once in its own file, referenced by full
name; one self-contained schema per message; files in dependency order; output linear in the
model. Every per-type file is loaded by fastavro's named-schema loading and by the Apache Avro
parser given its dependencies; every example goes through the per-message schemas."""

from __future__ import annotations

import importlib.util
import io
import json
import warnings
from pathlib import Path
from typing import Any, cast

import fastavro
import pytest
from _avro_files import IndexRepository, load_type
from fastavro.schema import load_schema

from stele.config import Options
from stele.emit.avro import AvroEmitter
from stele.emit.base import EmitContext
from stele.encode.avro_codec import AvroCodec
from stele.ir import Project, Ref, Union, Value
from stele.mapping.artifacts import Artifacts
from stele.mapping.avro_inline import definitions, inline
from stele.mapping.avro_layout import dependency_order, layout
from stele.mapping.avro_values import READER_OPTIONS, from_avro_value, normal_form, to_avro_value
from stele.source.loader import load_project

HERE = Path(__file__).parent
REPO = HERE.parent


def emit(project: Project) -> Artifacts:
    sources = {name: p.file for name, p in project.packages.items()}
    return AvroEmitter().emit(EmitContext(project, Options(), {}, sources))


def tree(artifacts: Artifacts) -> dict[str, bytes]:
    """The `avro/` tree, paths relative to it."""
    return {p.removeprefix("avro/"): c for p, c in artifacts.items() if p.startswith("avro/")}


@pytest.fixture(scope="module")
def example() -> Project:
    return load_project([REPO / "contracts"], REPO)


@pytest.fixture(scope="module")
def example_files(example: Project) -> dict[str, bytes]:
    return tree(emit(example))


def cycle_project(tmp_path: Path) -> Project:
    """Person and Team refer to each other; Org uses both; Solo holds itself."""
    (tmp_path / "c.yaml").write_text(
        "package: t.cyc\n"
        "types:\n"
        "  Org:\n"
        "    fields:\n"
        "      lead: Person\n"
        "      teams: list<Team>\n"
        "  Person:\n"
        "    fields:\n"
        "      name: string\n"
        "      team: Team?\n"
        "  Team:\n"
        "    fields:\n"
        "      members: list<Person>\n"
        "  Solo:\n"
        "    fields:\n"
        "      next: Solo?\n",
        encoding="utf-8",
    )
    return load_project([tmp_path], tmp_path)


# ---------------------------------------------------------------------------------------------
# Dependency order
# ---------------------------------------------------------------------------------------------


def test_dependency_order_puts_each_component_after_what_it_reaches() -> None:
    graph = {"a": ["b", "c"], "b": ["c"], "c": [], "d": ["e"], "e": ["d", "c"], "f": ["f"]}
    assert dependency_order(graph, graph.__getitem__) == [["c"], ["b"], ["a"], ["d", "e"], ["f"]]


def test_dependency_order_of_a_long_chain_does_not_recurse() -> None:
    n = 20_000
    order = dependency_order(range(n), lambda k: [k + 1] if k + 1 < n else [])
    assert order == [[k] for k in reversed(range(n))]


# ---------------------------------------------------------------------------------------------
# The per-type files
# ---------------------------------------------------------------------------------------------


def test_a_per_type_file_defines_its_type_only_and_names_the_others(
    example_files: dict[str, bytes],
) -> None:
    order = json.loads(example_files["food/order/Order.avsc"])
    defined = definitions(order)
    assert list(defined) == ["food.order.Order"]  # nothing else is defined in it
    fields = {f["name"]: f["type"] for f in order["fields"]}
    assert fields["state"] == "food.order.OrderState"
    index = json.loads(example_files["index.json"])
    assert index["types"]["food.order.Order"]["depends"] == sorted(
        index["types"]["food.order.Order"]["depends"]
    )
    assert "food/common/Money.avsc" in index["types"]["food.order.Order"]["depends"]


def test_every_per_type_file_of_the_example_loads_with_fastavro_and_apache_avro(
    example_files: dict[str, bytes],
) -> None:
    """In the index's order, each file with the named types of the files before it."""
    import avro.errors
    import avro.name
    import avro.schema

    index = json.loads(example_files["index.json"])
    assert len(index["order"]) == len({e["file"] for e in index["types"].values()}) > 20
    named: dict[str, Any] = {}
    names = avro.name.Names()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", avro.errors.IgnoredLogicalType)  # duration-micros
        for path in index["order"]:
            document = json.loads(example_files[path])
            fastavro.parse_schema(document, named_schemas=named)
            parsed = avro.schema.make_avsc_object(document, names)
            assert (
                cast("avro.schema.NamedSchema", parsed).fullname
                == document["namespace"] + "." + document["name"]
            )
    assert set(named) == {e["avro"] for e in index["types"].values()}
    assert {n for n in names.names} == set(named)


def test_every_per_type_file_of_the_example_loads_through_fastavros_repository(
    example_files: dict[str, bytes],
) -> None:
    """`fastavro.schema.load_schema` pulls each referenced file in by its full name."""
    index = json.loads(example_files["index.json"])
    for entry in index["types"].values():
        parsed = load_type(example_files, entry["avro"])
        assert parsed["name"] == entry["avro"]


def test_a_repository_reports_a_type_no_file_defines(example_files: dict[str, bytes]) -> None:
    from fastavro.repository.base import SchemaRepositoryError

    with pytest.raises(SchemaRepositoryError, match=r"no file defines food\.order\.Nope"):
        load_schema("food.order.Nope", repo=IndexRepository(example_files))


def test_types_in_a_cycle_share_the_file_of_the_first(tmp_path: Path) -> None:
    project = cycle_project(tmp_path)
    plan = layout(project)
    assert plan.order == [
        "avro/t/cyc/Person.avsc",
        "avro/t/cyc/Org.avsc",
        "avro/t/cyc/Solo.avsc",
    ]
    assert plan.files["t.cyc.Team"] == "avro/t/cyc/Person.avsc"
    files = tree(emit(project))
    assert sorted(files) == ["index.json", "t/cyc/Org.avsc", "t/cyc/Person.avsc", "t/cyc/Solo.avsc"]
    index = json.loads(files["index.json"])
    assert index["types"]["t.cyc.Team"] == {
        "avro": "t.cyc.Team",
        "file": "t/cyc/Person.avsc",
        "depends": [],
    }
    assert index["types"]["t.cyc.Org"]["depends"] == ["t/cyc/Person.avsc"]
    assert list(definitions(json.loads(files["t/cyc/Person.avsc"]))) == [
        "t.cyc.Person",
        "t.cyc.Team",
    ]
    assert list(definitions(json.loads(files["t/cyc/Org.avsc"]))) == ["t.cyc.Org"]
    named: dict[str, Any] = {}
    for path in index["order"]:
        fastavro.parse_schema(json.loads(files[path]), named_schemas=named)
    assert sorted(named) == ["t.cyc.Org", "t.cyc.Person", "t.cyc.Solo", "t.cyc.Team"]


def test_the_codec_assembles_schemas_of_types_in_a_cycle(tmp_path: Path) -> None:
    project = cycle_project(tmp_path)
    codec = AvroCodec.from_artifacts(project, emit(project), Options())
    team: Value = {"members": [{"name": "ada", "team": {"members": []}}]}
    assert codec.decode("t.cyc.Team", codec.encode("t.cyc.Team", team)) == team
    org: Value = {"lead": {"name": "bo"}, "teams": [team]}
    assert codec.decode("t.cyc.Org", codec.encode("t.cyc.Org", org)) == org
    assert codec.schemas["t.cyc.Team"]["name"] == "Team"
    assert sorted(definitions(codec.schemas["t.cyc.Org"])) == [
        "t.cyc.Org",
        "t.cyc.Person",
        "t.cyc.Team",
    ]


def test_inline_defines_each_name_at_its_first_use_only() -> None:
    money = {"type": "record", "name": "Money", "namespace": "a", "fields": []}
    order: dict[str, Any] = {
        "type": "record",
        "name": "Order",
        "namespace": "b",
        "fields": [
            {"name": "total", "type": "a.Money"},
            {"name": "tip", "type": ["null", "a.Money"]},
            {"name": "lines", "type": {"type": "array", "items": "Line"}},
        ],
    }
    line = {"type": "record", "name": "Line", "fields": [{"name": "price", "type": "a.Money"}]}
    known = definitions(money) | definitions(line, "b")
    out = inline(order, known, set())
    assert out["fields"][0]["type"] == money
    assert out["fields"][1]["type"] == ["null", "a.Money"]
    assert out["fields"][2]["type"]["items"] == {**line, "namespace": "b"}
    assert out["fields"][2]["type"]["items"]["fields"][0]["type"] == "a.Money"
    assert order["fields"][0]["type"] == "a.Money"  # the input is not changed
    fastavro.parse_schema(out, named_schemas={})


# ---------------------------------------------------------------------------------------------
# The per-message files
# ---------------------------------------------------------------------------------------------


def test_message_files_are_one_line_and_define_each_named_type_once(
    example: Project, example_files: dict[str, bytes]
) -> None:
    messages = sorted(p for p in example_files if p.startswith("messages/"))
    assert len(messages) == len(example.messages)
    for path in messages:
        text = example_files[path].decode("utf-8")
        assert text.count("\n") == 1 and text.endswith("\n")
        document = json.loads(text)
        seen: list[str] = []
        _named_definitions(document, seen)
        assert len(seen) == len(set(seen)), path


def _named_definitions(node: Any, seen: list[str]) -> None:
    if isinstance(node, list):
        for item in node:
            _named_definitions(item, seen)
    elif isinstance(node, dict):
        if node.get("type") in ("record", "enum"):
            seen.append(f"{node['namespace']}.{node['name']}")
        for value in node.values():
            _named_definitions(value, seen)


def test_every_example_round_trips_through_fastavro_with_the_per_message_schema(
    example: Project, example_files: dict[str, bytes]
) -> None:
    index = json.loads(example_files["index.json"])
    checked = 0
    for m in example.messages.values():
        schema = fastavro.parse_schema(
            json.loads(example_files[index["messages"][m.name]["file"]]), named_schemas={}
        )
        for ex in m.examples:
            buffer = io.BytesIO()
            fastavro.schemaless_writer(buffer, schema, to_avro_value(example, m.body, ex.body))
            buffer.seek(0)
            raw = fastavro.schemaless_reader(
                buffer, schema, None, return_record_name=READER_OPTIONS["return_record_name"]
            )
            back = from_avro_value(example, m.body, raw)
            assert back == normal_form(example, m.body, ex.body), m.name
            checked += 1
    assert checked >= 10


def test_every_type_example_round_trips_with_the_per_type_files(
    example: Project, example_files: dict[str, bytes]
) -> None:
    checked = 0
    for t in example.types.values():
        if isinstance(t, Union) or not t.examples:
            continue
        schema = load_type(
            example_files, json.loads(example_files["index.json"])["types"][t.name]["avro"]
        )
        for ex in t.examples:
            buffer = io.BytesIO()
            fastavro.schemaless_writer(
                buffer, schema, to_avro_value(example, Ref(t.name), ex.value)
            )
            buffer.seek(0)
            raw = fastavro.schemaless_reader(
                buffer, schema, None, return_record_name=READER_OPTIONS["return_record_name"]
            )
            assert from_avro_value(example, Ref(t.name), raw) == normal_form(
                example, Ref(t.name), ex.value
            )
            checked += 1
    assert checked >= 5


# ---------------------------------------------------------------------------------------------
# Size: linear in the model
# ---------------------------------------------------------------------------------------------


def _synthetic_bytes(tmp_path: Path, types: int) -> int:
    spec = importlib.util.spec_from_file_location("synthetic", REPO / "benchmarks" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    synthetic = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synthetic)
    root = tmp_path / str(types)
    synthetic.write_project(root, types, 10, 20, refs=0.2, enums=50, rpcs=100, rest=100)
    artifacts = emit(load_project([root / "contracts"], root))
    return sum(len(content) for content in artifacts.values())


def test_avro_output_grows_linearly_with_the_model(tmp_path: Path) -> None:
    """Bytes, not time: four times the model writes at most ~4.4 times the Avro. (Every file
    inlining all it reaches, the earlier layout, wrote 6.6 MB and 41.9 MB: 6.4 times.)"""
    small = _synthetic_bytes(tmp_path, 100)
    large = _synthetic_bytes(tmp_path, 400)
    assert large / small <= 4.4, (small, large)


def _without_notices(node: Any) -> Any:
    if isinstance(node, list):
        return [_without_notices(item) for item in node]
    if isinstance(node, dict):
        return {k: _without_notices(v) for k, v in node.items() if k != "stele.generated"}
    return node


def test_the_per_type_files_assembled_are_the_per_message_schemas(
    example: Project, example_files: dict[str, bytes]
) -> None:
    """Two layouts, one meaning: inlining the per-type files gives each message file exactly."""
    index = json.loads(example_files["index.json"])
    known = {}
    for path in index["order"]:
        known.update(definitions(json.loads(example_files[path])))
    compared = 0
    for m in example.messages.values():
        body = example.types[m.body.name]
        if isinstance(body, Union):
            continue
        found = known[index["types"][body.name]["avro"]]
        assembled = inline(found.schema, known, set(), found.namespace)
        message = json.loads(example_files[index["messages"][m.name]["file"]])
        assert _without_notices(assembled) == _without_notices(message), m.name
        compared += 1
    assert compared >= 10
