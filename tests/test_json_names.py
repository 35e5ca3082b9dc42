"""A field's `json:` name (docs/language.md, "JSON names"): read and checked by the loader, used
by the JSON Schema, OpenAPI and AsyncAPI documents, Protobuf's json_name and the JSON codec, kept
by Avro, judged by `stele check`, and written by `stele import` for properties not in
snake_case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _console import stele_in

CONTRACT = """\
package: acme.shop
types:
  Order:
    fields:
      order_id: {type: uuid, json: orderId}
      created_by: {type: string, json: "@createdBy"}
      total: int64
      line: Line?
    examples:
      - {order_id: 6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f, created_by: ann, total: 3, line: {sku_code: A1}}
  Line:
    fields:
      sku_code: {type: string, json: skuCode}
messages:
  OrderPlaced:
    kind: event
    body: Order
channels:
  orders:
    style: publish-subscribe
    owner: ShopService
    messages: [OrderPlaced]
services:
  ShopService:
    operations:
      Publish:
        style: publish-subscribe
        role: send
        message: OrderPlaced
        channel: orders
      PlaceOrder:
        style: request-response
        request: Order
        response: Order
        grpc: false
        http: {method: POST, path: /orders}
"""


def _project(tmp_path: Path, contract: str = CONTRACT) -> Path:
    (tmp_path / "contracts").mkdir(parents=True)
    (tmp_path / "contracts" / "shop.yaml").write_text(contract, encoding="utf-8")
    formats = "[jsonschema, openapi, asyncapi, protobuf, avro]"
    (tmp_path / "stele.yaml").write_text(
        f"sources: [contracts]\noptions: {{formats: {formats}}}\n", encoding="utf-8"
    )
    return tmp_path


def _json(project: Path, path: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((project / "codegen" / path).read_text(encoding="utf-8"))
    return data


def test_the_json_forms_use_the_json_names_and_avro_the_field_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    code, out, err = stele_in(project, capsys, "generate")
    assert code == 0, out + err
    schema = _json(project, "jsonschema/acme/shop/Order.schema.json")
    assert list(schema["properties"]) == ["orderId", "@createdBy", "total", "line"]
    assert schema["required"] == ["orderId", "@createdBy", "total"]
    example = {
        "orderId": "6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        "@createdBy": "ann",
        "total": 3,
        "line": {"skuCode": "A1"},
    }
    assert schema["examples"] == [example]
    line = _json(project, "jsonschema/acme/shop/Line.schema.json")
    assert list(line["properties"]) == ["skuCode"]
    asyncapi = _json(project, "asyncapi/acme.shop.ShopService.json")
    payload = asyncapi["components"]["schemas"]["acme.shop.Order"]
    assert list(payload["properties"])[:2] == ["orderId", "@createdBy"]
    openapi = _json(project, "openapi/openapi.json")
    body = openapi["components"]["schemas"]["acme.shop.Order"]
    assert list(body["properties"])[:2] == ["orderId", "@createdBy"]
    proto = (project / "codegen/proto/acme/shop/shop.proto").read_text(encoding="utf-8")
    # protoc's own name of order_id is orderId, of sku_code skuCode: no option needed
    assert "  string order_id = 1;" in proto
    assert '  string created_by = 2 [json_name = "@createdBy"];' in proto
    assert "  string sku_code = 1;" in proto
    avro = _json(project, "avro/acme/shop/Order.avsc")
    assert [f["name"] for f in avro["fields"]] == ["order_id", "created_by", "total", "line"]


def test_the_json_codec_writes_json_names_and_reads_them_back(tmp_path: Path) -> None:
    from stele.encode import Codecs
    from stele.ir import Value
    from stele.source.config_reader import load_config
    from stele.workspace import open_workspace

    project = _project(tmp_path)
    ws = open_workspace(load_config(project / "stele.yaml"))
    codecs = Codecs.from_workspace(ws)
    value: Value = {
        "order_id": "6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        "created_by": "ann",
        "total": 3,
        "line": {"sku_code": "A1"},
    }
    (json_codec,) = [c for c in codecs if c.name == "json"]
    data = json_codec.encode("acme.shop.Order", value)
    assert json.loads(data) == {
        "orderId": "6f1c2b1e-8d4a-4c3b-9e2f-1a2b3c4d5e6f",
        "@createdBy": "ann",
        "total": 3,
        "line": {"skuCode": "A1"},
    }
    assert json_codec.decode("acme.shop.Order", data) == value


@pytest.mark.parametrize(
    ("field", "code", "message"),
    [
        ('{type: string, json: "two words"}', "S110", "json name 'two words' of field 'note'"),
        ('{type: string, json: ""}', "S110", "json name '' of field 'note'"),
        ("{type: string, json: total}", "S101", "fields 'total' and 'note' have the same JSON"),
        ("{type: string, json: orderId}", "S101", "fields 'order_id' and 'note' have the same"),
    ],
)
def test_json_names_that_cannot_be_are_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str, code: str, message: str
) -> None:
    contract = CONTRACT.replace("      line: Line?\n", f"      line: Line?\n      note: {field}\n")
    project = _project(tmp_path, contract)
    status, out, err = stele_in(project, capsys, "lint")
    assert status in (1, 2)
    text = out + err
    assert f"error {code} {message}" in text, text
    assert "contracts/shop.yaml:" in text


def test_a_json_name_change_is_a_break_for_json_readers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _project(tmp_path / "old")
    new = _project(tmp_path / "new", CONTRACT.replace("json: skuCode", "json: sku"))
    code, out, _ = stele_in(
        new,
        capsys,
        "check",
        "--against",
        str(old),
        "--mode",
        "full",
        "--output",
        "json",
        "--no-verify",
    )
    found = json.loads(out)["findings"]
    cells = {
        (f["format"], f["direction"], f["severity"])
        for f in found
        if f["rule"] == "contract-field-json-name-changed"
    }
    assert ("jsonschema", "backward", "error") in cells
    assert ("jsonschema", "forward", "error") in cells
    assert not any(fmt == "avro" and sev == "error" for fmt, _, sev in cells)
    assert code == 1


def test_import_keeps_a_property_name_as_the_json_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Parcel",
        "type": "object",
        "properties": {"trackingCode": {"type": "string"}, "weight": {"type": "number"}},
        "required": ["trackingCode"],
    }
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "parcel.json").write_text(json.dumps(schema), encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    code, out, err = stele_in(project, capsys, "import", "jsonschema", "../in/parcel.json")
    assert (code, err) == (0, "")
    assert "(0 approximations)" in out and "compatible both ways" in out
    text = (project / "contracts" / "in.yaml").read_text(encoding="utf-8")
    assert "      tracking_code: {type: string, json: trackingCode}\n" in text
