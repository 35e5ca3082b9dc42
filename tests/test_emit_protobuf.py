"""The Protobuf emitter and the Python protobuf code generator.

Golden files per construct under tests/golden/protobuf/<case>/ (regenerate with
STELE_UPDATE_GOLDEN=1); every golden .proto is compiled by protoc, and the generated Python is
imported and round-trips a filled message through the binary and the JSON encodings.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from protobuf_cases import CASES, context, locked_case

from stele.diagnostics import Diagnostic, Severity, SteleError
from stele.emit.protobuf import ProtobufEmitter
from stele.emit.protoc import compile_descriptor_set, import_paths
from stele.emit.python_protobuf import PythonProtobufEmitter
from stele.ir import Enum, Span
from stele.lock import dump_lock
from stele.mapping.artifacts import Artifacts, default_json_name, enum_prefix, proto_path

GOLDEN = Path(__file__).parent / "golden" / "protobuf"
UPDATE = os.environ.get("STELE_UPDATE_GOLDEN") == "1"
TESTS = Path(__file__).parent


def emit_case(name: str) -> tuple[Artifacts, str]:
    project, lock = locked_case(name)
    return ProtobufEmitter().emit(context(project)), dump_lock(lock)


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.proto"))}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str) -> None:
    artifacts, lock_text = emit_case(case)
    directory = GOLDEN / case
    if UPDATE:
        for old in directory.rglob("*"):
            if old.is_file():
                old.unlink()
        for path, content in artifacts.items():
            (directory / path).parent.mkdir(parents=True, exist_ok=True)
            (directory / path).write_bytes(content)
        (directory / "stele.lock").write_text(lock_text, encoding="utf-8")
    assert artifacts == read_tree(directory)
    assert lock_text == (directory / "stele.lock").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_protos_compile_with_protoc(case: str) -> None:
    from google.protobuf import descriptor_pb2

    files = import_paths(read_tree(GOLDEN / case))
    descriptor_set = descriptor_pb2.FileDescriptorSet.FromString(compile_descriptor_set(files))
    compiled = {f.name for f in descriptor_set.file}
    assert set(files) <= compiled
    assert compiled - set(files) <= {
        "google/protobuf/timestamp.proto",
        "google/protobuf/duration.proto",
        "google/protobuf/empty.proto",
    }
    # The Protobuf JSON mapping must use the source field names, as the stele JSON form does.
    for file in descriptor_set.file:
        if file.name in files:
            assert _json_name_mismatches(file.message_type) == []


def _json_name_mismatches(messages: Iterable[Any]) -> list[str]:
    bad = []
    for message in messages:
        bad += [f.name for f in message.field if f.json_name != f.name]
        bad += _json_name_mismatches(message.nested_type)
    return bad


def test_validate_accepts_every_case() -> None:
    emitter = ProtobufEmitter()
    for case in sorted(CASES):
        project, _ = locked_case(case)
        ctx = context(project)
        assert emitter.validate(ctx, emitter.emit(ctx)) == [], case


def test_validate_turns_protoc_errors_into_located_diagnostics() -> None:
    broken = b'syntax = "proto3";\npackage a.b;\n\nmessage X {\n  Missing y = 1;\n}\n'
    project, _ = locked_case("scalars")
    diagnostics = ProtobufEmitter().validate(context(project), {"proto/a/b/b.proto": broken})
    assert diagnostics == [
        Diagnostic(
            Span("proto/a/b/b.proto", 5, 3),
            "G001",
            Severity.ERROR,
            'protoc rejected proto/a/b/b.proto: "Missing" is not defined.',
            "this is a bug in the generated Protobuf or a construct it cannot express",
        )
    ]


def test_compile_descriptor_set_raises_on_error() -> None:
    with pytest.raises(SteleError) as caught:
        compile_descriptor_set({"a/a.proto": b'syntax = "proto3";\npackage a;\nmessage {}\n'})
    assert [(d.code, d.span) for d in caught.value.diagnostics] == [
        ("G001", Span("proto/a/a.proto", 3, 9))
    ]


def test_missing_number_is_an_assertion() -> None:
    project, _ = CASES["scalars"]()  # not locked: numbers are None
    with pytest.raises(AssertionError, match=r"shop\.scalars\.AllScalars\.bool has no number"):
        ProtobufEmitter().emit(context(project))


def test_names() -> None:
    assert proto_path("food.order") == "food/order/order.proto"
    assert proto_path("food") == "food/food.proto"
    assert enum_prefix("OrderState") == "ORDER_STATE"
    assert enum_prefix("HTTPCardBrand") == "HTTP_CARD_BRAND"
    assert enum_prefix("Status2Code") == "STATUS2_CODE"
    assert default_json_name("consumer_id") == "consumerId"
    assert default_json_name("id") == "id"


def test_package_without_types_or_rpcs_gets_no_file() -> None:
    project, _ = locked_case("service")
    service = project.services["shop.service.OrderService"]
    async_only = dataclasses.replace(service, operations=service.operations[-1:])
    project = dataclasses.replace(
        project,
        types={k: v for k, v in project.types.items() if v.package != "shop.service"},
        services={service.name: async_only},
    )
    assert sorted(ProtobufEmitter().emit(context(project))) == ["proto/shop/billing/billing.proto"]


# ---------------------------------------------------------------------------------------------
# Python code
# ---------------------------------------------------------------------------------------------


def python_artifacts(case: str) -> Artifacts:
    project, _ = locked_case(case)
    ctx = context(project)
    protos = ProtobufEmitter().emit(ctx)
    return PythonProtobufEmitter().emit(dataclasses.replace(ctx, produced=protos))


def test_python_layout() -> None:
    artifacts = python_artifacts("imports")
    assert sorted(artifacts) == [
        "python/pb/shop/__init__.py",
        "python/pb/shop/common/__init__.py",
        "python/pb/shop/common/common_pb2.py",
        "python/pb/shop/common/common_pb2.pyi",
        "python/pb/shop/common/common_pb2_grpc.py",
        "python/pb/shop/order/__init__.py",
        "python/pb/shop/order/order_pb2.py",
        "python/pb/shop/order/order_pb2.pyi",
        "python/pb/shop/order/order_pb2_grpc.py",
    ]
    project, _ = locked_case("imports")
    assert PythonProtobufEmitter().validate(context(project), artifacts) == []


def test_python_without_protos_is_empty() -> None:
    project, _ = locked_case("scalars")
    assert PythonProtobufEmitter().emit(context(project)) == {}


ROUND_TRIP = r"""
import importlib, json, sys
sys.path.insert(0, sys.argv[1])
from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor as F

def value(field, depth):
    if field.type == F.TYPE_MESSAGE:
        sub = field.message_type._concrete_class()
        fill(sub, depth + 1)
        return sub
    if field.type == F.TYPE_ENUM:
        return field.enum_type.values[-1].number
    if field.type == F.TYPE_BOOL:
        return True
    if field.type in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
        return 1.5
    if field.type == F.TYPE_STRING:
        return "x"
    if field.type == F.TYPE_BYTES:
        return b"\x01"
    return 7

def fill(message, depth):
    if depth > 3:
        return
    for field in message.DESCRIPTOR.fields:
        oneof = field.containing_oneof
        if oneof is not None and oneof.fields[0] is not field:
            continue  # one branch of each oneof
        container = getattr(message, field.name)
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            entry = field.message_type.fields_by_name["value"]
            v = value(entry, depth)
            if entry.type == F.TYPE_MESSAGE:
                container["k"].CopyFrom(v)
            else:
                container["k"] = v
        elif field.is_repeated:
            v = value(field, depth)
            container.add().CopyFrom(v) if field.type == F.TYPE_MESSAGE else container.append(v)
        elif field.type == F.TYPE_MESSAGE:
            container.CopyFrom(value(field, depth))
        else:
            setattr(message, field.name, value(field, depth))

report = []
for name in sys.argv[2:]:
    module = importlib.import_module(name)
    importlib.import_module(name + "_grpc")
    for descriptor in module.DESCRIPTOR.message_types_by_name.values():
        message = descriptor._concrete_class()
        fill(message, 0)
        data = message.SerializeToString()
        back = descriptor._concrete_class()
        back.ParseFromString(data)
        assert back == message and data, descriptor.full_name
        as_json = json_format.MessageToDict(message)
        assert set(as_json) == {f.name for f, _ in message.ListFields()}, as_json
        again = json_format.ParseDict(as_json, descriptor._concrete_class())
        assert again == message, descriptor.full_name
        report.append(descriptor.full_name)
print(json.dumps(report))
"""


@pytest.mark.parametrize("case", sorted(CASES))
def test_generated_python_imports_and_round_trips(case: str, tmp_path: Path) -> None:
    for path, content in python_artifacts(case).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    project, _ = locked_case(case)
    packages = sorted({t.package for t in project.types.values()})
    modules = [f"{package}.{package.rsplit('.', 1)[-1]}_pb2" for package in packages]
    result = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP, str(tmp_path / "python" / "pb"), *modules],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    top_level_messages = [
        t.name for t in project.types.values() if t.parent is None and not isinstance(t, Enum)
    ]
    assert sorted(json.loads(result.stdout)) == sorted(top_level_messages)


# ---------------------------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------------------------

DIGEST = r"""
import dataclasses, hashlib, sys
sys.path.insert(0, sys.argv[1])
from protobuf_cases import CASES, context, locked_case
from stele.emit.protobuf import ProtobufEmitter
from stele.emit.python_protobuf import PythonProtobufEmitter
from stele.lock import dump_lock
digest = hashlib.sha256()
for case in sorted(CASES):
    project, lock = locked_case(case)
    ctx = context(project)
    protos = ProtobufEmitter().emit(ctx)
    python = PythonProtobufEmitter().emit(dataclasses.replace(ctx, produced=protos))
    for path, content in [*protos.items(), *python.items()]:
        digest.update(path.encode() + b"\0" + content + b"\0")
    digest.update(dump_lock(lock).encode())
print(digest.hexdigest())
"""


def test_output_is_identical_across_hash_seeds() -> None:
    digests = set()
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", DIGEST, str(TESTS)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1
    assert len(next(iter(digests))) == len(hashlib.sha256().hexdigest())


# ---------------------------------------------------------------------------------------------
# buf lint
# ---------------------------------------------------------------------------------------------

# buf's STANDARD rules, less those about names the contract author chooses: stele packages carry
# no version suffix, and rpcs take and return the domain records rather than per-rpc wrappers.
BUF_CONFIG = """\
version: v2
lint:
  use:
    - STANDARD
  except:
    - PACKAGE_VERSION_SUFFIX
    - RPC_REQUEST_STANDARD_NAME
    - RPC_RESPONSE_STANDARD_NAME
    - RPC_REQUEST_RESPONSE_UNIQUE
"""


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_protos_pass_buf_lint(case: str, tmp_path: Path) -> None:
    buf = Path(sys.executable).parent / "buf"
    for path, content in read_tree(GOLDEN / case).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    (tmp_path / "proto" / "buf.yaml").write_text(BUF_CONFIG, encoding="utf-8")
    result = subprocess.run(
        [str(buf), "lint"], cwd=tmp_path / "proto", capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_example_project_compiles_and_passes_buf_lint(tmp_path: Path) -> None:
    from stele.lock import LockFile, apply_lock
    from stele.source.loader import load_project

    root = TESTS.parent
    project = load_project([root / "contracts"], root)
    numbered, _, diagnostics = apply_lock(project, LockFile(), "compat/stele.lock")
    assert diagnostics == []
    ctx = context(numbered)
    artifacts = ProtobufEmitter().emit(ctx)
    assert sorted(artifacts) == sorted(
        f"proto/{proto_path(p)}" for p in {t.package for t in numbered.types.values()}
    )
    assert ProtobufEmitter().validate(ctx, artifacts) == []
    for path, content in artifacts.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    (tmp_path / "proto" / "buf.yaml").write_text(BUF_CONFIG, encoding="utf-8")
    buf = Path(sys.executable).parent / "buf"
    result = subprocess.run(
        [str(buf), "lint"], cwd=tmp_path / "proto", capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
