"""The examples of renamed properties survive an import: a property imported as a field of
another name (`trackingCode` as `tracking_code` with `json: trackingCode`) is renamed in the
examples, which contracts write with the fields' names (docs/language.md, "JSON names"), in
nested records, lists, maps, union variants and message bodies; the proof's load checks them
(S144 would be I900) and `stele test` takes them through every codec."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from _console import stele_in

STOP = {
    "type": "object",
    "properties": {"cityName": {"type": "string"}},
    "required": ["cityName"],
    "examples": [{"cityName": "Rome"}],
}
PARCEL = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Parcel",
    "type": "object",
    "properties": {
        "trackingCode": {"type": "string", "examples": ["T1"]},
        "weight": {"type": "number"},
        "from": {"type": "string"},
        "sender": {
            "type": "object",
            "properties": {"fullName": {"type": "string"}},
            "required": ["fullName"],
        },
        "stops": {"type": "array", "items": {"$ref": "#/$defs/Stop"}},
        "byCode": {"type": "object", "additionalProperties": {"$ref": "#/$defs/Stop"}},
    },
    "required": ["trackingCode"],
    "examples": [
        {
            "trackingCode": "T1",
            "weight": 1.5,
            "from": "ann",
            "sender": {"fullName": "Ann Lee"},
            "stops": [{"cityName": "Oslo"}],
            "byCode": {"a": {"cityName": "Bergen"}},
        }
    ],
    "$defs": {"Stop": STOP},
}
PAYMENT = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Payment",
    "oneOf": [{"$ref": "#/$defs/Card"}, {"$ref": "#/$defs/Voucher"}],
    "examples": [{"kind": "card", "lastDigits": "4242"}, {"kind": "voucher", "voucherCode": "W"}],
    "$defs": {
        "Card": {
            "type": "object",
            "properties": {"kind": {"const": "card"}, "lastDigits": {"type": "string"}},
            "required": ["kind", "lastDigits"],
        },
        "Voucher": {
            "type": "object",
            "properties": {"kind": {"const": "voucher"}, "voucherCode": {"type": "string"}},
            "required": ["kind", "voucherCode"],
        },
    },
}
MAIL = """\
asyncapi: 3.0.0
info: {title: Mail, version: 1.0.0}
channels:
  mails:
    address: mail.sent
    messages:
      sent: {$ref: '#/components/messages/MailSent'}
operations:
  announce:
    action: send
    channel: {$ref: '#/channels/mails'}
components:
  messages:
    MailSent:
      correlationId: {location: '$message.header#/correlation_id'}
      headers:
        type: object
        properties:
          message_id: {type: string, format: uuid}
          message_type: {type: string}
          timestamp: {type: string, format: date-time}
          content_type: {type: string}
          correlation_id: {type: string, format: uuid}
          causation_id: {type: string, format: uuid}
          reply_to: {type: string}
        required: [message_id, message_type, timestamp, content_type]
      payload: {$ref: '#/components/schemas/Mail'}
      examples:
        - name: first
          payload: {mailId: m1, from: ann, toAddress: {cityName: Oslo}}
  schemas:
    Mail:
      type: object
      properties:
        mailId: {type: string}
        from: {type: string}
        toAddress: {$ref: '#/components/schemas/Address'}
      required: [mailId]
    Address:
      type: object
      properties:
        cityName: {type: string}
      required: [cityName]
"""


@pytest.fixture(autouse=True)
def _not_in_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --output, reporting commands pick `github` under GitHub Actions."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def _import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, name: str, source: Any
) -> tuple[Path, str]:
    """Import one file (exit 0, no approximation, compatible both ways): the project and the
    contract file written."""
    (tmp_path / "in").mkdir()
    text = source if isinstance(source, str) else json.dumps(source)
    (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    code, out, err = stele_in(project, capsys, "import", fmt, f"../in/{name}")
    assert (code, err) == (0, ""), out + err
    assert "(0 approximations)" in out and "compatible both ways" in out
    (written,) = (project / "contracts").glob("*.yaml")
    return project, written.read_text(encoding="utf-8")


def _stele_test(project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert stele_in(project, capsys, "generate")[0] == 0
    code, out, err = stele_in(project, capsys, "test", "--output", "json")
    doc: dict[str, Any] = json.loads(out)
    assert (code, doc["results"], err) == (0, [], "")
    return doc


def test_examples_of_a_record_are_written_with_the_field_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, text = _import(tmp_path, capsys, "jsonschema", "parcel.json", PARCEL)
    assert (
        "  Stop:\n"
        "    fields:\n"
        "      city_name: {type: string, json: cityName}\n"
        "    examples:\n"
        '      - {"city_name": "Rome"}\n'
    ) in text
    assert '      tracking_code: {type: string, examples: ["T1"], json: trackingCode}\n' in text
    assert (
        "    examples:\n"
        '      - {"tracking_code": "T1", "weight": 1.5, "from": "ann", "sender": {"full_name":'
        ' "Ann Lee"}, "stops": [{"city_name": "Oslo"}], "by_code": {"a": {"city_name":'
        ' "Bergen"}}}\n'
    ) in text
    doc = _stele_test(project, capsys)
    assert {"examples in.Parcel", "examples in.Stop"} <= set(doc["checks"])


def test_examples_of_a_union_are_written_with_the_variants_field_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, text = _import(tmp_path, capsys, "jsonschema", "payment.json", PAYMENT)
    assert (
        "    discriminator: kind\n"
        "    examples:\n"
        '      - {"kind": "card", "last_digits": "4242"}\n'
        '      - {"kind": "voucher", "voucher_code": "W"}\n'
    ) in text
    _stele_test(project, capsys)


def test_examples_of_a_message_body_are_written_with_the_field_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, text = _import(tmp_path, capsys, "asyncapi", "mail.yaml", MAIL)
    assert (
        "    examples:\n"
        '      - {name: first, body: {"mail_id": "m1", "from": "ann", "to_address":'
        ' {"city_name": "Oslo"}}}\n'
    ) in text
    _stele_test(project, capsys)


def test_a_field_example_is_checked_at_its_json_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The JSON Schema check of `stele generate` finds a field's example at its JSON property
    (escaped as a JSON pointer); it looked it up by the field's name (an internal error)."""
    (tmp_path / "contracts").mkdir()
    (tmp_path / "contracts" / "a.yaml").write_text(
        "package: acme\ntypes:\n  Box:\n    fields:\n"
        '      size: {type: int32, json: "size/cm~%#", examples: [3]}\n'
        "      code: {type: string, json: boxCode, examples: [A1]}\n",
        encoding="utf-8",
    )
    (tmp_path / "stele.yaml").write_text(
        "sources: [contracts]\noptions: {formats: [jsonschema]}\n", encoding="utf-8"
    )
    code, out, err = stele_in(tmp_path, capsys, "generate")
    assert (code, err) == (0, ""), out + err
    from stele.emit._jsonschema_check import _examples
    from stele.emit.base import EmitContext
    from stele.source.config_reader import load_config
    from stele.workspace import open_workspace

    config = load_config(tmp_path / "stele.yaml")
    ws = open_workspace(config)
    found = [
        (uri, value) for uri, value, _ in _examples(EmitContext(ws.project, config.options, {}, {}))
    ]
    assert found == [
        ("acme/Box.schema.json#/properties/size~1cm~0%25%23", 3),
        ("acme/Box.schema.json#/properties/boxCode", "A1"),
    ]


OPENAPI = """\
openapi: 3.1.0
info: {title: mail, version: "1"}
paths:
  /mails:
    post:
      operationId: sendMail
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Mail'}
      responses:
        "200":
          description: sent
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Mail'}
components:
  schemas:
    Mail:
      type: object
      properties:
        mailId: {type: string}
        from: {type: string}
      required: [mailId]
      examples:
        - {mailId: m1, from: ann}
"""


def test_examples_of_an_openapi_component_are_written_with_the_field_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, text = _import(tmp_path, capsys, "openapi", "api.yaml", OPENAPI)
    assert (
        "  Mail:\n"
        "    fields:\n"
        "      mail_id: {type: string, json: mailId}\n"
        "      from: string?\n"
        "    examples:\n"
        '      - {"mail_id": "m1", "from": "ann"}\n'
    ) in text
    _stele_test(project, capsys)
