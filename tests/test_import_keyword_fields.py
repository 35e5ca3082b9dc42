"""Fields (and headers) named as Python or Protobuf keywords (`from`, `class`, `import`,
`message`): the language takes them (docs/language.md, "Names"), so `stele import` keeps such a property or
field as it is and the proof finds the artifacts compatible; every artifact carries the name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from _console import stele_in

JSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Mail",
    "type": "object",
    "properties": {
        "from": {"type": "string"},
        "class": {"type": "string"},
        "import": {"type": "boolean"},
        "message": {"type": "string"},
    },
    "required": ["from"],
}
OBJECT = {k: v for k, v in JSON_SCHEMA.items() if k not in ("$schema", "title")}
AVRO = {
    "type": "record",
    "name": "Mail",
    "namespace": "mail",
    "fields": [
        {"name": "from", "type": "string"},
        {"name": "class", "type": ["null", "string"], "default": None},
        {"name": "import", "type": ["null", "boolean"], "default": None},
        {"name": "message", "type": ["null", "string"], "default": None},
    ],
}
PROTOBUF = """\
syntax = "proto3";
package mail;
message Mail {
  string from = 1;
  optional string class = 2;
  optional bool import = 3;
  optional string message = 4;
}
"""
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
    Mail: %s
"""
ASYNCAPI = """\
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
          from: {type: string}
        required: [message_id, message_type, timestamp, content_type, from]
      payload: %s
"""
SOURCES = {
    "jsonschema": ("mail.json", json.dumps(JSON_SCHEMA)),
    "avro": ("mail.avsc", json.dumps(AVRO)),
    "protobuf": ("mail.proto", PROTOBUF),
    "openapi": ("api.yaml", OPENAPI % json.dumps(OBJECT)),
    "asyncapi": ("mail.yaml", ASYNCAPI % json.dumps(OBJECT)),
}
FIELDS = "      from: string\n      class: string?\n      import: bool?\n      message: string?\n"


def _import(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> tuple[Path, str]:
    name, text = SOURCES[fmt]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text(text, encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "stele.yaml").write_text("sources: [contracts]\n", encoding="utf-8")
    code, out, err = stele_in(project, capsys, "import", fmt, f"../in/{name}")
    assert (code, err) == (0, ""), out + err
    assert "(0 approximations)" in out and "compatible both ways" in out
    (written,) = (project / "contracts").glob("*.yaml")
    return project, written.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", sorted(SOURCES))
def test_a_keyword_field_is_imported_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    _, text = _import(tmp_path, capsys, fmt)
    assert f"  Mail:\n    fields:\n{FIELDS}" in text or f"Payload:\n    fields:\n{FIELDS}" in text
    if fmt == "asyncapi":  # and a header named as a keyword
        assert "    headers:\n      from: {type: string, required: true}\n" in text


def test_every_artifact_carries_the_keyword_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project, _ = _import(tmp_path, capsys, "jsonschema")
    (project / "stele.yaml").write_text(
        "sources: [contracts]\noptions:\n  formats: [protobuf, avro, jsonschema, python-protobuf,"
        " python-models]\n",
        encoding="utf-8",
    )
    code, out, err = stele_in(project, capsys, "generate")
    assert code == 0, out + err
    codegen = project / "codegen"
    proto = (codegen / "proto" / "in" / "in.proto").read_text(encoding="utf-8")
    assert "  string from = 1;\n  optional string class = 2;\n" in proto
    schema = json.loads((codegen / "jsonschema" / "in" / "Mail.schema.json").read_text())
    assert list(schema["properties"]) == ["from", "class", "import", "message"]
    avro = json.loads((codegen / "avro" / "in" / "Mail.avsc").read_text())
    assert [f["name"] for f in avro["fields"]] == ["from", "class", "import", "message"]
    models = (codegen / "python" / "models" / "stele_models" / "in.py").read_text()
    assert (
        "class Mail(BaseModel):\n"
        "    model_config = ConfigDict(\n"
        "        populate_by_name=True,\n"
        "    )\n"
        "    from_: Annotated[str, Field(alias='from')]\n"
        "    class_: Annotated[str | None, Field(alias='class')] = None\n"
        "    import_: Annotated[bool | None, Field(alias='import')] = None\n"
        "    message: str | None = None\n"
    ) in models
